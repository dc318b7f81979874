'use strict';
/**
 * `npm run bench`: the built node against the stand-in behind our fault proxy, side by side with a
 * plain SDK loop. Prints its figures and writes them to docs/benchmarks.md; it asserts nothing.
 *  (a) 1,000 customer creates at 25 and 100 req/s limits, 50 ms latency
 *  (b) Return All over 10,000 customers at 50 ms latency, with no limit and at 25 req/s: wall time
 *      against the sequential floor, requests, share of the limit
 *  (c) CPU per item of the node vs the plain SDK call (stand-in in a child process, so only the client counts)
 *  (d) Return All over 100,000 customers: wall time and peak memory
 *  (e) the Sync Trigger's backfill and an idle poll
 *  (f) refunds with the amount in the smallest unit or as a decimal, whose currency is read first (bench/refunds.js)
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createStandIn } = require('../stand-ins/stripe');
const { LATENCY_MS } = require('./clients');
const { CREATES, bulkClients, bulkCreates, cpuPerItem } = require('./creates');
const { LISTED, MANY, serveList, measureReturnAll, returnAll, syncBackfill } = require('./lists');
const refundsBench = require('./refunds');
const { table, fixed } = require('./report');

async function main() {
	const started = new Date();
	const bulk = [];
	for (const rps of [25, 100]) {
		for (const client of bulkClients()) {
			const row = await bulkCreates(rps, client);
			console.log(
				`(a) ${rps} req/s, ${client.name}: ${fixed(row.seconds)} s, ${fixed(row.rate)} req/s`,
			);
			bulk.push(row);
		}
	}
	const lists = [];
	for (const rps of [undefined, 25]) {
		const row = await returnAll(LISTED, rps);
		console.log(
			`(b) Return All over ${LISTED}${rps ? ` at ${rps} req/s` : ''}: ${fixed(row.seconds, 2)} s, ${row.requests} requests`,
		);
		lists.push(row);
	}
	const cpu = await cpuPerItem();
	const many = await returnAll(MANY);
	console.log(
		`(d) Return All over ${MANY}: ${fixed(many.seconds, 2)} s, peak RSS ${fixed(many.peakRssMb, 0)} MB`,
	);

	const sync = await syncBackfill(LISTED);
	console.log(
		`(e) Sync backfill of ${LISTED}: ${fixed(sync.seconds, 2)} s, ${sync.requests} requests (sequential ${fixed(sync.sequentialSeconds, 2)} s); idle poll ${sync.idleRequests} request`,
	);

	const refundRows = await refundsBench.refunds();
	for (const r of refundRows)
		console.log(`(f) ${r.client}: ${fixed(r.seconds, 2)} s, ${r.gets} GET and ${r.posts} POST`);

	const bulkTable = table(
		[
			'Limit (req/s)',
			'Client',
			'Wall (s)',
			'Created/s',
			'% of limit',
			'Limit binds?',
			'429s seen',
			'Items lost',
			'Duplicates',
		],
		bulk.map((r) => [
			r.limit,
			r.client,
			fixed(r.seconds),
			fixed(r.rate),
			`${fixed(r.percent)}%`,
			r.binds ? 'yes' : 'no (latency-bound)',
			r.rateLimited,
			r.lost,
			r.duplicates,
		]),
	);
	const listTable = table(
		[
			'Limit (req/s)',
			'Each once, in order',
			'Wall (s)',
			'Sequential floor (s)',
			'Wall / floor',
			'Requests sent',
			'ceil(N/100)',
			'429s seen',
			'Answered/s',
			'% of limit',
		],
		lists.map((r) => [
			r.limit ?? 'none',
			r.inOrderOnce ? 'yes' : 'NO',
			fixed(r.seconds, 2),
			fixed(r.floor),
			fixed(r.seconds / r.floor, 2),
			r.requests,
			r.pages,
			r.rateLimited,
			fixed(r.rate),
			r.limit ? `${fixed((r.rate / r.limit) * 100)}%` : '—',
		]),
	);
	const manyTable = table(
		[
			'Objects',
			'Each once, in order',
			'Wall (s)',
			'Sequential floor (s)',
			'Requests sent',
			'ceil(N/100)',
			'Peak RSS (MB)',
		],
		[
			[
				many.objects,
				many.inOrderOnce ? 'yes' : 'NO',
				fixed(many.seconds, 2),
				fixed(many.floor),
				many.requests,
				many.pages,
				fixed(many.peakRssMb, 0),
			],
		],
	);
	const sdkRow = (row) =>
		cpu.rows.find((r) => r.inFlight === row.inFlight && r.name.startsWith('plain SDK'));
	const cpuRatios = cpu.rows
		.filter((r) => r.name.startsWith('node'))
		.map((r) => ({ ...r, ratio: r.micros / sdkRow(r).micros }));
	const cpuTable = table(
		['Client', 'Calls in flight', 'CPU per item, median (µs)', 'Lowest–highest (µs)', 'Node / SDK'],
		cpu.rows.map((r) => [
			r.name,
			r.inFlight,
			fixed(r.micros, 0),
			`${fixed(r.low, 0)}–${fixed(r.high, 0)}`,
			r.name.startsWith('node') ? fixed(r.micros / sdkRow(r).micros, 2) : '',
		]),
	);

	const syncTable = table(
		[
			'Poll',
			'Objects emitted',
			'Wall (s)',
			'Requests',
			'Sequential SDK paging (s)',
			'Its requests',
		],
		[
			[
				`backfill of ${LISTED.toLocaleString('en')} customers`,
				LISTED.toLocaleString('en'),
				fixed(sync.seconds, 2),
				sync.requests,
				fixed(sync.sequentialSeconds, 2),
				sync.sequentialRequests,
			],
			[
				'idle (nothing changed)',
				sync.idleItems,
				fixed(sync.idleSeconds, 2),
				sync.idleRequests,
				'',
				'',
			],
		],
	);

	const refundTable = refundsBench.refundsTable(refundRows);

	const binding = bulk.filter((r) => r.binds && r.client.startsWith('node'));
	const short = binding.filter((r) => r.percent < 95);
	const nodeRows = bulk.filter((r) => r.client.startsWith('node'));
	const targets = [
		short.length === 0
			? `- Bulk writes reach >= 95% of the limit wherever it binds: **met** (${binding.map((r) => `${fixed(r.percent)}% at ${r.limit} req/s`).join(', ')}).`
			: `- Bulk writes reach >= 95% of the limit wherever it binds: **not met** at ${short.map((r) => `${r.limit} req/s (${fixed(r.percent)}%)`).join(', ')}.`,
		`- Concurrency 1 (and the plain SDK loop) at ${LATENCY_MS} ms latency are latency-bound at about ${fixed(1000 / LATENCY_MS, 0)} req/s, below both limits: the limit does not bind, so the % is not a target.`,
		nodeRows.every((r) => r.lost === 0 && r.duplicates === 0)
			? '- Zero items lost to 429 and zero duplicates for the node: **met**.'
			: '- Zero items lost to 429 and zero duplicates for the node: **not met**.',
		lists.every((r) => r.inOrderOnce) && many.inOrderOnce
			? "- Return All gives every object once, in Stripe's order (newest first), with or without a limit: **met**."
			: "- Return All gives every object once, in Stripe's order: **not met**.",
		`- Return All over ${LISTED.toLocaleString('en')} with no limit within 0.3 × the sequential floor (${fixed(0.3 * lists[0].floor, 2)} s): **${lists[0].seconds <= 0.3 * lists[0].floor ? 'met' : 'not met'}** (${fixed(lists[0].seconds, 2)} s, ${fixed(lists[0].seconds / lists[0].floor, 2)} × the floor, ${lists[0].requests} requests for ${lists[0].pages} pages).`,
		`- CPU per item within 1.1 × a plain SDK call with the same calls in flight: **${cpuRatios.every((r) => r.ratio <= 1.1) ? 'met' : 'not met'}** (${cpuRatios.map((r) => `${fixed(r.ratio, 2)} × at ${r.inFlight} in flight`).join(', ')}).`,
		`- Sync: the backfill emits every customer once, newest first: **${sync.once ? 'met' : 'not met'}**; an idle poll sends one request: **${sync.idleRequests === 1 && sync.idleItems === 0 ? 'met' : 'not met'}** (${sync.idleRequests}).`,
		`- Return All at 25 req/s uses >= 90% of the limit: **${lists[1].rate / 25 >= 0.9 ? 'met' : 'not met'}** (${fixed((lists[1].rate / 25) * 100)}%, ${lists[1].rateLimited} 429s).`,
	];
	const machine = `${os.type()} ${os.release()} (${os.arch()}), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fixed(os.totalmem() / 2 ** 30)} GiB memory, Node.js ${process.version}`;

	const text = [
		'# Benchmarks',
		'',
		"Written by `npm run bench` (bench/run.js): the built node's execute() against the local Stripe stand-in behind our",
		`fault proxy (stand-ins/fault-proxy.js) with ${LATENCY_MS} ms added latency and a token-bucket rate limit (burst = 1/5 s of the rate)`,
		'answering 429 as Stripe does. No 5xx, resets or stalls here: those are covered by test/integration/faults.test.ts.',
		'',
		`Run ${started.toISOString()} on ${machine}.`,
		'',
		`## (a) ${CREATES.toLocaleString('en')} customer creates`,
		'',
		bulkTable,
		'',
		'Created/s counts successful creates over the wall time; the plain SDK loop is sequential `await stripe.customers.create`',
		'with an idempotency key, the SDK not retrying 429.',
		'',
		`## (b) Return All over ${LISTED.toLocaleString('en')} customers`,
		'',
		listTable,
		'',
		`The customers were created at random over two years. The node pages the list in \`created\` windows at the same time,`,
		'up to Concurrency (default 10); the sequential floor is one page of 100 after another: pages × latency. Answered/s',
		'counts the list requests the limit let through over the wall time. The list is answered by a small server of',
		"this script with Stripe's list semantics (newest first by `created`, `created` ranges, `starting_after`) in a child",
		"process, found by binary search, so the figures are the node's; test/integration/parallel-list.test.ts checks the",
		'same listing against the stand-in.',
		'',
		'## (c) CPU per item, no latency, no limit (stand-in in a child process)',
		'',
		cpuTable,
		'',
		`${cpu.count.toLocaleString('en')} customer creates per client and round, ${cpu.rounds} interleaved rounds after a warm-up; the`,
		"process's user + system CPU divided by the items. The SDK calls discard their answers; the node turns each into",
		'an output item. Both send an idempotency key. The node starts each SDK call without the stack trace the SDK',
		'captures for its error messages (its own errors name the item and field), which a plain SDK call pays for.',
		'',
		`## (d) Return All over ${MANY.toLocaleString('en')} customers (50 ms latency, no limit)`,
		'',
		manyTable,
		'',
		"Run in a process of its own, so the peak resident memory (`maxRSS`) is this run's: Node.js, the node, and its",
		`${MANY.toLocaleString('en')} output items.`,
		'',
		`## (e) Stripe Complete Sync over ${LISTED.toLocaleString('en')} customers (50 ms latency, no limit)`,
		'',
		syncTable,
		'',
		"The sync's first poll with Start: Everything and Max Items per Poll at the list's size, through the built",
		"nodes/shared/sync (the list server of (b)); beside it the SDK's own sequential paging of the same list. Then a",
		'poll in a later second with nothing changed: one Events API request.',
		'',
		`## (f) ${refundsBench.COUNT} refunds, each of its own payment (50 ms latency, no limit)`,
		'',
		refundTable,
		'',
		"A decimal amount's currency is checked against the payment's before the refund: one GET of the payment",
		'per refund. An amount in the smallest unit states no currency and is sent as it is.',
		'',
		'## Targets',
		'',
		...targets,
		'',
	].join('\n');
	fs.mkdirSync(path.join(__dirname, '../docs'), { recursive: true });
	// The editor benchmark (bench/editor.js) keeps its own section at the end of the same file.
	const file = path.join(__dirname, '../docs/benchmarks.md');
	const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	const editor = current.indexOf('\n## Editor and package budgets');
	fs.writeFileSync(file, editor >= 0 ? `${text.trimEnd()}\n${current.slice(editor)}` : text);
	console.log(
		`\n${bulkTable}\n\n${listTable}\n\n${cpuTable}\n\n${manyTable}\n\n${syncTable}\n\n${refundTable}\n\n${targets.join('\n')}\n\nWritten to docs/benchmarks.md`,
	);
}

// The tasks bench/run.js runs in child processes (clients.js's inChild), and two sections alone.
const [what, count, url] = process.argv.slice(2);
const tasks = {
	'stand-in': () =>
		createStandIn()
			.listen()
			.then((standInUrl) => console.log(standInUrl)),
	'list-server': async () => serveList(Number(count)),
	'return-all': () => measureReturnAll(Number(count), url),
	// `node bench/run.js sync [count]`: (e) alone.
	sync: () => syncBackfill(Number(count) || LISTED).then((row) => console.log(row)),
	// `node bench/run.js refunds [count]`: (f) alone.
	refunds: () =>
		refundsBench
			.refunds(Number(count) || undefined)
			.then((rows) => console.log(refundsBench.refundsTable(rows))),
};
const task = tasks[what] ?? main;
task().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
