'use strict';
/**
 * The clients the benchmarks set side by side: the built node's execute() as n8n runs it and the plain
 * `stripe` SDK; the customers both create, by run and item, counted back in the stand-in; timing; and a
 * task of bench/run.js in a process of its own.
 */
const { spawn } = require('child_process');
const path = require('path');
const Stripe = require('stripe');
const { StripeComplete } = require('../dist/nodes/StripeComplete/StripeComplete.node');

const KEY = 'sk_test_bench_4242';
const LATENCY_MS = 50;

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

/** The plain SDK at a local http `url`, default settings. */
const sdk = (url, key = KEY) => {
	const { hostname, port } = new URL(url);
	return new Stripe(key, { host: hostname, port, protocol: 'http', telemetry: false });
};

const email = (run, i) => `${run}-${i}@example.com`;
const createParams = (run, options) => (i) => ({
	resource: 'customer',
	operation: 'create',
	additionalFields: { email: email(run, i) },
	options,
});

/** The customers a run created in the stand-in: how many emails have one, and how many are one too many. */
function createdPerEmail(standIn, run) {
	const perEmail = new Map();
	for (const o of standIn.store.values())
		if (o.object === 'customer' && o.email?.startsWith(`${run}-`))
			perEmail.set(o.email, (perEmail.get(o.email) ?? 0) + 1);
	let duplicates = 0;
	for (const n of perEmail.values()) duplicates += n - 1;
	return { emails: perEmail.size, duplicates };
}

async function timed(work) {
	const started = process.hrtime.bigint();
	const result = await work();
	return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** A task of bench/run.js in a child process: `node bench/run.js <what> ...`, answering with its first line of output. */
function inChild(...args) {
	const spawned = spawn(process.execPath, [path.join(__dirname, 'run.js'), ...args], {
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

module.exports = {
	KEY,
	LATENCY_MS,
	runNode,
	sdk,
	email,
	createParams,
	createdPerEmail,
	timed,
	inChild,
};
