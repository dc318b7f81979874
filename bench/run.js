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
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const Stripe = require('stripe');
const { createStandIn } = require('../stand-ins/stripe');
const { createFaultProxy, mulberry32 } = require('../stand-ins/fault-proxy');
const { StripeComplete } = require('../dist/nodes/StripeComplete/StripeComplete.node');
const { DEFAULT_CONCURRENCY } = require('../dist/nodes/shared/transport/throttle');
const { table } = require('./report');
const refundsBench = require('./refunds');

const KEY = 'sk_test_bench_4242';
const LATENCY_MS = 50;
const CREATES = 1000;
const LISTED = 10000;
const MANY = 100000;
const PAGE = 100;

/** The node's execute() as n8n runs it: one set of parameters per item, Continue On Fail on. */
async function runNode(url, params, count, executionId) {
	const items = Array.from({ length: count }, (_, i) => ({ json: { i } }));
	const node = {
		id: 'bench-node',
		name: 'Stripe Complete',
		type: 'n8n-nodes-stripe-complete.stripeComplete',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getExecutionId: () => executionId,
		getTimezone: () => 'UTC',
		getWorkflowDataProxy: () => ({ $runIndex: 0 }),
		continueOnFail: () => true,
		getCredentials: async () => ({ secretKey: KEY, baseUrl: url }),
		getNodeParameter: (name, i, fallback) => params(i)[name] ?? fallback,
	};
	const [out] = await new StripeComplete().execute.call(ctx);
	return out;
}

const sdk = (url) => {
	const { hostname, port } = new URL(url);
	return new Stripe(KEY, { host: hostname, port, protocol: 'http', telemetry: false });
};

const email = (run, i) => `${run}-${i}@example.com`;
const createParams = (run, options) => (i) => ({
	resource: 'customer',
	operation: 'create',
	additionalFields: { email: email(run, i) },
	options,
});

/** Items without their one customer, and customers beyond one per email. */
function audit(standIn, run, count, succeeded) {
	const perEmail = new Map();
	for (const o of standIn.store.values())
		if (o.object === 'customer' && o.email?.startsWith(`${run}-`))
			perEmail.set(o.email, (perEmail.get(o.email) ?? 0) + 1);
	let duplicates = 0;
	for (const n of perEmail.values()) duplicates += n - 1;
	return { lost: count - succeeded, duplicates };
}

async function timed(work) {
	const started = process.hrtime.bigint();
	const result = await work();
	return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** (a) One client against a fresh stand-in and proxy at `rps`. */
async function bulkCreates(rps, client) {
	const standIn = createStandIn();
	const proxy = createFaultProxy(await standIn.listen(), {
		latencyMs: LATENCY_MS,
		rateLimit: { rps, burst: rps / 5 },
	});
	const url = await proxy.listen();
	const run = `${client.name.replace(/\W+/g, '')}-${rps}`;
	const { result: succeeded, seconds } = await timed(() => client.run(url, run));
	const row = {
		limit: rps,
		client: client.name,
		seconds,
		rate: succeeded / seconds,
		percent: (succeeded / seconds / rps) * 100,
		rateLimited: proxy.counts.rateLimited,
		...audit(standIn, run, CREATES, succeeded),
		// Sequential requests cannot pass one per round trip; the limit only binds above that.
		binds: client.concurrency / (LATENCY_MS / 1000) > rps,
	};
	await proxy.close();
	await standIn.close();
	return row;
}

const nodeClient = (concurrency) => ({
	name: `node, concurrency ${concurrency}${concurrency === DEFAULT_CONCURRENCY ? ' (default)' : ''}`,
	concurrency,
	async run(url, run) {
		const out = await runNode(
			url,
			createParams(run, concurrency === DEFAULT_CONCURRENCY ? {} : { concurrency }),
			CREATES,
			run,
		);
		return out.filter((item) => item.json.error === undefined).length;
	},
});

const sdkLoop = {
	name: 'plain SDK loop',
	concurrency: 1,
	async run(url, run) {
		const stripe = sdk(url);
		let succeeded = 0;
		for (let i = 0; i < CREATES; i++) {
			try {
				await stripe.customers.create({ email: email(run, i) }, { idempotencyKey: `${run}-${i}` });
				succeeded++;
			} catch {
				// A plain loop has no answer to a 429: the item is lost.
			}
		}
		return succeeded;
	},
};

const DAY = 86400;
const LISTED_UNTIL = 1767225600;

/** The customers of the list benchmarks, newest first: created at random over two years (seeded, so every process makes the same). */
function listedCustomers(count) {
	const random = mulberry32(count);
	const times = Array.from(
		{ length: count },
		() => LISTED_UNTIL - Math.floor(random() * 2 * 365 * DAY),
	);
	return times
		.map((created, i) => ({ id: `cus_bench${String(i).padStart(7, '0')}`, created, i }))
		.sort((a, b) => b.created - a.created || b.i - a.i);
}

/** A customer as Stripe sends one. */
const customer = ({ id, created, i }) => ({
	id,
	object: 'customer',
	address: null,
	balance: 0,
	created,
	currency: null,
	default_source: null,
	delinquent: false,
	description: null,
	discount: null,
	email: email('listed', i),
	invoice_prefix: id.slice(-8).toUpperCase(),
	invoice_settings: {
		custom_fields: null,
		default_payment_method: null,
		footer: null,
		rendering_options: null,
	},
	livemode: false,
	metadata: {},
	name: `Customer ${i}`,
	next_invoice_sequence: 1,
	phone: null,
	preferred_locales: [],
	shipping: null,
	tax_exempt: 'none',
	test_clock: null,
});

/**
 * GET /v1/customers over `count` customers as Stripe (and the stand-in) lists them: newest first by
 * `created`, `created` exact or as a range, `starting_after` within the filter, `limit`, `has_more`.
 * By binary search, so a page of 100,000 costs microseconds and the figures are the node's.
 */
function serveList(count) {
	const objects = listedCustomers(count);
	const index = new Map(objects.map((o, i) => [o.id, i]));
	// The first index created before `second` (the list is newest first).
	const before = (second) => {
		let lo = 0;
		let hi = objects.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (objects[mid].created < second) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	};
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		// No events: what an idle Stripe Complete Sync poll reads.
		if (url.pathname === '/v1/events') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			return res.end(
				JSON.stringify({ object: 'list', url: '/v1/events', has_more: false, data: [] }),
			);
		}
		const query = url.searchParams;
		const number = (key) => (query.has(key) ? Number(query.get(key)) : undefined);
		const { gte, gt, lt, lte, exact } = {
			gte: number('created[gte]'),
			gt: number('created[gt]'),
			lt: number('created[lt]'),
			lte: number('created[lte]'),
			exact: number('created'),
		};
		let from = Math.max(
			0,
			...[lt, lte === undefined ? undefined : lte + 1, exact === undefined ? undefined : exact + 1]
				.filter((n) => n !== undefined)
				.map(before),
		);
		const to = Math.min(
			objects.length,
			...[gte, gt === undefined ? undefined : gt + 1, exact]
				.filter((n) => n !== undefined)
				.map(before),
		);
		if (query.has('starting_after')) {
			const at = index.get(query.get('starting_after'));
			if (at === undefined || at < from || at >= to) {
				res.writeHead(400, { 'Content-Type': 'application/json' });
				return res.end(
					JSON.stringify({
						error: {
							type: 'invalid_request_error',
							message: 'No such customer',
							param: 'starting_after',
						},
					}),
				);
			}
			from = at + 1;
		}
		const limit = number('limit') ?? 10;
		const data = objects.slice(from, Math.min(to, from + limit)).map(customer);
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(
			JSON.stringify({ object: 'list', url: '/v1/customers', has_more: from + limit < to, data }),
		);
	});
	server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
}

/** This script in a child process: `node bench/run.js <what> ...`, answering with its first line of output. */
function child(...args) {
	const spawned = spawn(process.execPath, [__filename, ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		let out = '';
		spawned.stdout.on('data', (data) => {
			out += data;
			if (out.includes('\n'))
				resolve({ line: out.slice(0, out.indexOf('\n')), stop: () => spawned.kill() });
		});
		spawned.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
	});
}

/** In a fresh process, so its peak memory is this run's: Return All over `count` customers at `url`. */
async function measureReturnAll(count, url) {
	const { result: out, seconds } = await timed(() =>
		runNode(
			url,
			() => ({ resource: 'customer', operation: 'getAll', returnAll: true }),
			1,
			`listed-${count}`,
		),
	);
	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	const expected = listedCustomers(count);
	const inOrderOnce =
		out.length === count && out.every((item, i) => item.json.id === expected[i].id);
	console.log(JSON.stringify({ objects: out.length, inOrderOnce, seconds, peakRssMb }));
}

/** (b), (d) Return All over `count` customers through the fault proxy at 50 ms latency and `rps` (none: no limit). */
async function returnAll(count, rps) {
	const server = await child('list-server', String(count));
	const proxy = createFaultProxy(server.line, {
		latencyMs: LATENCY_MS,
		rateLimit: rps ? { rps, burst: rps / 5 } : undefined,
	});
	const url = await proxy.listen();
	try {
		const run = await child('return-all', String(count), url);
		run.stop();
		const result = JSON.parse(run.line);
		const pages = Math.ceil(count / PAGE);
		const answered = proxy.byRoute['GET /v1/customers']?.answered ?? 0;
		return {
			...result,
			limit: rps,
			requests: proxy.counts.requests,
			answered,
			pages,
			floor: (pages * LATENCY_MS) / 1000,
			rate: answered / result.seconds,
			rateLimited: proxy.counts.rateLimited,
		};
	} finally {
		await proxy.close();
		server.stop();
	}
}

/**
 * (e) Stripe Complete Sync over `count` customers at 50 ms latency: the backfill in one poll, beside
 * sequential paging with the SDK, then an idle poll in a later second.
 */
async function syncBackfill(count) {
	const { pollSync } = require('../dist/nodes/shared/sync/sync');
	const { syncObject } = require('../dist/nodes/shared/sync/objects');
	const server = await child('list-server', String(count));
	const proxy = createFaultProxy(server.line, { latencyMs: LATENCY_MS });
	const stripe = sdk(await proxy.listen());
	try {
		const state = {};
		const options = { objects: [syncObject('customer')], start: 'all', maxItems: count };
		const backfill = await timed(() => pollSync(stripe, state, options));
		const backfillRequests = proxy.counts.requests;
		const expected = listedCustomers(count).map((c) => c.id);
		const once =
			backfill.result.length === count &&
			backfill.result.every((item, i) => item.json.id === expected[i]);
		proxy.reset();
		const sequential = await timed(() =>
			stripe.customers.list({ limit: PAGE }).autoPagingToArray({ limit: count }),
		);
		const sequentialRequests = proxy.counts.requests;
		const second = Math.floor(Date.now() / 1000);
		while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 20));
		proxy.reset();
		const idle = await timed(() => pollSync(stripe, state, options));
		return {
			count,
			once,
			seconds: backfill.seconds,
			requests: backfillRequests,
			sequentialSeconds: sequential.seconds,
			sequentialRequests,
			idleItems: idle.result.length,
			idleRequests: proxy.counts.requests,
			idleSeconds: idle.seconds,
		};
	} finally {
		await proxy.close();
		server.stop();
	}
}

/**
 * (c) CPU per item, after a warm-up, with no latency and no limit: the node and the SDK with the same
 * number of calls in flight, in interleaved rounds so that a noisy moment hits both; medians over the rounds.
 */
async function cpuPerItem() {
	// The stand-in in a child process, so the CPU measured here is the client's alone.
	const { line: url, stop } = await child('stand-in');
	const count = 2000;
	const rounds = 15;
	const stripe = sdk(url);
	const viaSdk = (inFlight) => (run) => {
		let next = 0;
		const worker = async () => {
			for (let i; (i = next++) < count;)
				await stripe.customers.create({ email: email(run, i) }, { idempotencyKey: `${run}-${i}` });
		};
		return Promise.all(Array.from({ length: inFlight }, worker));
	};
	const viaNode = (concurrency) => (run) =>
		runNode(
			url,
			createParams(run, concurrency === DEFAULT_CONCURRENCY ? {} : { concurrency }),
			count,
			run,
		);
	const clients = [DEFAULT_CONCURRENCY, 1].flatMap((inFlight) => [
		{
			inFlight,
			name: inFlight === DEFAULT_CONCURRENCY ? 'node (default concurrency)' : 'node, concurrency 1',
			run: viaNode(inFlight),
			samples: [],
		},
		{
			inFlight,
			name: `plain SDK calls, ${inFlight} in flight`,
			run: viaSdk(inFlight),
			samples: [],
		},
	]);
	try {
		for (const client of clients) await client.run(`warm-${client.name}`);
		for (let round = 0; round < rounds; round++) {
			for (const client of clients) {
				const before = process.cpuUsage();
				await client.run(`cpu-${round}-${client.name}`);
				const used = process.cpuUsage(before);
				client.samples.push((used.user + used.system) / count);
			}
		}
		const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
		return {
			count,
			rounds,
			rows: clients.map(({ name, inFlight, samples }) => ({
				name,
				inFlight,
				micros: median(samples),
				low: Math.min(...samples),
				high: Math.max(...samples),
			})),
		};
	} finally {
		stop();
	}
}

const fixed = (n, digits = 1) => n.toFixed(digits);

/** (f) as a table. */
const refundsTable = (rows) =>
	table(
		['Client', 'Refunds', 'Wall (s)', 'GET', 'POST', 'Requests per refund'],
		rows.map((r) => [
			r.client,
			r.refunded,
			fixed(r.seconds, 2),
			r.gets,
			r.posts,
			fixed((r.gets + r.posts) / r.refunded, 2),
		]),
	);

async function main() {
	const started = new Date();
	const bulk = [];
	for (const rps of [25, 100]) {
		for (const client of [nodeClient(1), nodeClient(DEFAULT_CONCURRENCY), sdkLoop]) {
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

	const refundRows = await refundsBench.refunds(runNode, { latencyMs: LATENCY_MS, key: KEY });
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

	const refundTable = refundsTable(refundRows);

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
		`fault proxy (test/support/fault-proxy.js) with ${LATENCY_MS} ms added latency and a token-bucket rate limit (burst = 1/5 s of the rate)`,
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
			.refunds(runNode, { latencyMs: LATENCY_MS, key: KEY, count: Number(count) || undefined })
			.then((rows) => console.log(refundsTable(rows))),
};
const task = tasks[what] ?? main;
task().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
