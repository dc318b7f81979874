'use strict';
/**
 * (a) and (c) of `npm run bench`: customer creates, by the node and by the plain SDK. (a) throughput under
 * a rate limit, through the fault proxy; (c) CPU per item with no latency and no limit.
 */
const { createStandIn } = require('../stand-ins/stripe');
const { createFaultProxy } = require('../stand-ins/fault-proxy');
const { DEFAULT_CONCURRENCY } = require('../dist/nodes/shared/transport/throttle');
const {
	LATENCY_MS,
	runNode,
	sdk,
	email,
	createParams,
	createdPerEmail,
	timed,
	inChild,
} = require('./clients');

const CREATES = 1000;

/** Items without their one customer, and customers beyond one per email. */
function audit(standIn, run, count, succeeded) {
	return { lost: count - succeeded, duplicates: createdPerEmail(standIn, run).duplicates };
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

/** (a) for each limit: the node at concurrency 1 and at its default, and the plain SDK loop. */
const bulkClients = () => [nodeClient(1), nodeClient(DEFAULT_CONCURRENCY), sdkLoop];

/**
 * (c) CPU per item, after a warm-up, with no latency and no limit: the node and the SDK with the same
 * number of calls in flight, in interleaved rounds so that a noisy moment hits both; medians over the rounds.
 */
async function cpuPerItem() {
	// The stand-in in a child process, so the CPU measured here is the client's alone.
	const { line: url, stop } = await inChild('stand-in');
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

module.exports = { CREATES, bulkClients, bulkCreates, cpuPerItem };
