'use strict';
/**
 * `npm run bench`: the built node against the stand-in behind our fault proxy, side by side with a
 * plain SDK loop. Prints its figures and writes them to docs/benchmarks.md; it asserts nothing.
 *  (a) 1,000 customer creates at 25 and 100 req/s limits, 50 ms latency
 *  (b) Return All over 10,000 customers: list requests and wall time against their floors
 *  (c) CPU per item of the node vs the plain SDK call (stand-in in a child process, so only the client counts)
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Stripe = require('stripe');
const { createStandIn } = require('../test/support/stand-in');
const { createFaultProxy } = require('../test/support/fault-proxy');
const { StripeComplete } = require('../dist/nodes/StripeComplete/StripeComplete.node');
const { DEFAULT_CONCURRENCY } = require('../dist/nodes/StripeComplete/operation');

const KEY = 'sk_test_bench_4242';
const LATENCY_MS = 50;
const CREATES = 1000;
const LISTED = 10000;
const PAGE = 100;

/** The node's execute() as n8n runs it: one set of parameters per item, Continue On Fail on. */
async function runNode(url, params, count, executionId) {
	const items = Array.from({ length: count }, (_, i) => ({ json: { i } }));
	const node = { id: 'bench-node', name: 'Stripe Complete', type: 'n8n-nodes-stripe-complete.stripeComplete', typeVersion: 1, position: [0, 0], parameters: {} };
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
const createParams = (run, options) => (i) => ({ resource: 'customer', operation: 'create', additionalFields: { email: email(run, i) }, options });

/** Items without their one customer, and customers beyond one per email. */
function audit(standIn, run, count, succeeded) {
	const perEmail = new Map();
	for (const o of standIn.store.values()) if (o.object === 'customer' && o.email?.startsWith(`${run}-`)) perEmail.set(o.email, (perEmail.get(o.email) ?? 0) + 1);
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
	const proxy = createFaultProxy(await standIn.listen(), { latencyMs: LATENCY_MS, rateLimit: { rps, burst: rps / 5 } });
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
		const out = await runNode(url, createParams(run, concurrency === DEFAULT_CONCURRENCY ? {} : { concurrency }), CREATES, run);
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

/** (b) Return All over LISTED customers at 50 ms latency and a 25 req/s limit. */
async function returnAll() {
	const standIn = createStandIn();
	const seeded = Array.from({ length: LISTED }, (_, i) => standIn.seed('customers', { email: email('listed', i) }).id).reverse();
	const proxy = createFaultProxy(await standIn.listen(), { latencyMs: LATENCY_MS, rateLimit: { rps: 25, burst: 5 } });
	const url = await proxy.listen();
	const { result: out, seconds } = await timed(() => runNode(url, () => ({ resource: 'customer', operation: 'getAll', returnAll: true }), 1, 'listed'));
	const ids = out.map((item) => item.json.id);
	const pages = Math.ceil(LISTED / PAGE);
	const row = {
		objects: ids.length,
		inOrderOnce: ids.length === seeded.length && ids.every((id, i) => id === seeded[i]),
		listRequests: proxy.byRoute['GET /v1/customers']?.requests ?? 0,
		pages,
		seconds,
		floor: (pages * LATENCY_MS) / 1000,
		rateLimited: proxy.counts.rateLimited,
	};
	await proxy.close();
	await standIn.close();
	return row;
}

/** A stand-in in a child process, so the CPU measured here is the client's alone. */
function childStandIn() {
	const child = spawn(process.execPath, ['-e', "require('./test/support/stand-in').createStandIn().listen().then((url) => console.log(url))"], {
		cwd: path.join(__dirname, '..'),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return new Promise((resolve, reject) => {
		child.stdout.once('data', (data) => resolve({ url: data.toString().trim(), stop: () => child.kill() }));
		child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
	});
}

/** (c) CPU per item, after a warm-up, with no latency and no limit. */
async function cpuPerItem() {
	const { url, stop } = await childStandIn();
	const count = 2000;
	const measure = async (work) => {
		const before = process.cpuUsage();
		const { seconds } = await timed(work);
		const used = process.cpuUsage(before);
		return { micros: (used.user + used.system) / count, seconds };
	};
	const stripe = sdk(url);
	const viaSdk = (run) => async () => {
		for (let i = 0; i < count; i++) await stripe.customers.create({ email: email(run, i) }, { idempotencyKey: `${run}-${i}` });
	};
	const viaNode = (run) => () => runNode(url, createParams(run, {}), count, run);
	try {
		await viaSdk('warm-sdk')();
		await viaNode('warm-node')();
		return { count, node: await measure(viaNode('cpu-node')), sdk: await measure(viaSdk('cpu-sdk')) };
	} finally {
		stop();
	}
}

const fixed = (n, digits = 1) => n.toFixed(digits);

function table(header, rows) {
	const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
	const line = (cells) => `| ${cells.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
	const started = new Date();
	const bulk = [];
	for (const rps of [25, 100]) {
		for (const client of [nodeClient(1), nodeClient(DEFAULT_CONCURRENCY), sdkLoop]) {
			const row = await bulkCreates(rps, client);
			console.log(`(a) ${rps} req/s, ${client.name}: ${fixed(row.seconds)} s, ${fixed(row.rate)} req/s`);
			bulk.push(row);
		}
	}
	const list = await returnAll();
	console.log(`(b) Return All over ${LISTED}: ${list.listRequests} list requests in ${fixed(list.seconds)} s`);
	const cpu = await cpuPerItem();

	const bulkTable = table(
		['Limit (req/s)', 'Client', 'Wall (s)', 'Created/s', '% of limit', 'Limit binds?', '429s seen', 'Items lost', 'Duplicates'],
		bulk.map((r) => [r.limit, r.client, fixed(r.seconds), fixed(r.rate), `${fixed(r.percent)}%`, r.binds ? 'yes' : 'no (latency-bound)', r.rateLimited, r.lost, r.duplicates]),
	);
	const listTable = table(
		['Objects', 'Each once, in order', 'List requests', 'ceil(N/100)', 'Wall (s)', 'Floor: pages × latency (s)', '429s seen'],
		[[list.objects, list.inOrderOnce ? 'yes' : 'NO', list.listRequests, list.pages, fixed(list.seconds), fixed(list.floor), list.rateLimited]],
	);
	const cpuTable = table(
		['Client', 'CPU per item (µs)', `Wall for ${cpu.count} (s)`],
		[
			['node (default concurrency)', fixed(cpu.node.micros, 0), fixed(cpu.node.seconds)],
			['plain SDK call', fixed(cpu.sdk.micros, 0), fixed(cpu.sdk.seconds)],
		],
	);

	const binding = bulk.filter((r) => r.binds && r.client.startsWith('node'));
	const short = binding.filter((r) => r.percent < 90);
	const nodeRows = bulk.filter((r) => r.client.startsWith('node'));
	const targets = [
		short.length === 0
			? `- Bulk writes reach >= 90% of the limit wherever it binds: **met** (${binding.map((r) => `${fixed(r.percent)}% at ${r.limit} req/s`).join(', ')}).`
			: `- Bulk writes reach >= 90% of the limit wherever it binds: **not met** at ${short.map((r) => `${r.limit} req/s (${fixed(r.percent)}%)`).join(', ')}.`,
		`- Concurrency 1 (and the plain SDK loop) at ${LATENCY_MS} ms latency are latency-bound at about ${fixed(1000 / LATENCY_MS, 0)} req/s, below both limits: the limit does not bind, so the % is not a target.`,
		nodeRows.every((r) => r.lost === 0 && r.duplicates === 0)
			? '- Zero items lost to 429 and zero duplicates for the node: **met**.'
			: '- Zero items lost to 429 and zero duplicates for the node: **not met**.',
		list.listRequests === list.pages && list.inOrderOnce
			? `- Return All sends ceil(N/100) = ${list.pages} list requests and gives every object once, in order: **met**.`
			: `- Return All sends ceil(N/100) = ${list.pages} list requests: **not met** (${list.listRequests} sent).`,
	];
	const machine = `${os.type()} ${os.release()} (${os.arch()}), ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fixed(os.totalmem() / 2 ** 30)} GiB memory, Node.js ${process.version}`;

	const text = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.js): the built node\'s execute() against the local Stripe stand-in behind our',
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
		`## (b) Return All over ${LISTED.toLocaleString('en')} customers (25 req/s limit)`,
		'',
		listTable,
		'',
		'## (c) CPU per item, no latency, no limit (stand-in in a child process)',
		'',
		cpuTable,
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
	console.log(`\n${bulkTable}\n\n${listTable}\n\n${cpuTable}\n\n${targets.join('\n')}\n\nWritten to docs/benchmarks.md`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
