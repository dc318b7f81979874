'use strict';
/**
 * What `npm run bench:n8n` measures: the scenarios, the two nodes' workflows as a user sets them up, one run
 * of each in a real n8n (or of the plain SDK loop) against a fresh stand-in behind the fault proxy, and what
 * each run lost or made twice.
 */
const path = require('path');
const n8n = require('../scripts/n8n');
const { createStandIn } = require('../stand-ins/stripe');
const { createFaultProxy, mulberry32 } = require('../stand-ins/fault-proxy');
const { LATENCY_MS, sdk, email, createdPerEmail } = require('./clients');

const KEY = 'sk_test_bench_n8n_4242';
const RATE_LIMIT = { rps: 25, burst: 5 };
const CREATES = 300;
const LISTED = 2000;
const HOME = path.join(n8n.WORK, 'bench-n8n');

const scenarios = [
	{ key: 'Create', label: `(a) Customer Create × ${CREATES}`, seeded: 0, operation: 'create' },
	{
		key: 'List',
		label: `(b) Customer Get Many, Return All, ${LISTED.toLocaleString('en')} customers`,
		seeded: LISTED,
		operation: 'getAll',
	},
	{
		key: 'Empty',
		label: '(c) Customer Get Many, Return All, no customers',
		seeded: 0,
		operation: 'getAll',
	},
];

const emitItems = (run) => ({
	parameters: {
		jsCode: `return Array.from({ length: ${CREATES} }, (_, i) => ({ json: { name: 'Bench customer ' + i, email: '${run}-' + i + '@example.com' } }));`,
	},
	id: 'items',
	name: 'Items',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	position: [200, 0],
});
const STRIPE_NODE = 'Stripe';

/** The two nodes as a user sets them up: each one's own parameters and credential, default settings. */
const n8nClients = {
	ours: {
		name: 'Stripe Complete (in n8n)',
		key: 'Ours',
		type: n8n.NODE_TYPE,
		credentials: { stripeCompleteApi: { id: n8n.CREDENTIAL_ID, name: 'Stripe Complete account' } },
		create: {
			resource: 'customer',
			operation: 'create',
			additionalFields: { name: '={{ $json.name }}', email: '={{ $json.email }}' },
		},
		getAll: { resource: 'customer', operation: 'getAll', returnAll: true },
	},
	builtIn: {
		name: "n8n's built-in Stripe node",
		key: 'Base',
		type: 'n8n-nodes-base.stripe',
		credentials: { stripeApi: { id: 'stripeBuiltInBench', name: 'Stripe account' } },
		create: {
			resource: 'customer',
			operation: 'create',
			name: '={{ $json.name }}',
			additionalFields: { email: '={{ $json.email }}' },
		},
		getAll: { resource: 'customer', operation: 'getAll', returnAll: true },
	},
};

function workflowFor(client, scenario, run) {
	const stripe = {
		parameters: client[scenario.operation],
		id: 'stripe',
		name: STRIPE_NODE,
		type: client.type,
		typeVersion: 1,
		position: [400, 0],
		credentials: client.credentials,
	};
	const chain =
		scenario.operation === 'create'
			? [n8n.MANUAL_TRIGGER, emitItems(run), stripe]
			: [n8n.MANUAL_TRIGGER, stripe];
	const connections = {};
	for (let i = 1; i < chain.length; i++)
		connections[chain[i - 1].name] = { main: [[{ node: chain[i].name, type: 'main', index: 0 }]] };
	return {
		id: `bench${client.key}${scenario.key}`.padEnd(16, '0'),
		name: `Bench: ${client.name}, ${scenario.label}`,
		active: false,
		nodes: chain,
		connections,
		settings: {},
	};
}

/** Both credentials in one n8n call: ours pointed at the proxy by its Base URL, the built-in's key only. */
const importCredentials = (runtime, baseUrl) =>
	n8n.importCredential(runtime, HOME, { secretKey: KEY, baseUrl }, [
		{
			id: 'stripeBuiltInBench',
			name: 'Stripe account',
			type: 'stripeApi',
			data: { secretKey: KEY },
		},
	]);

/** One workflow run through `n8n execute`: wall time around it, and the Stripe node's time as n8n reports it. */
async function runInN8n(runtime, workflow, env) {
	const started = performance.now();
	const result = await n8n.executeWorkflow(
		{ ...runtime, env: { ...runtime.env, ...env } },
		HOME,
		workflow,
	);
	const wall = (performance.now() - started) / 1000;
	const stripeRun = result.raw?.data?.resultData?.runData?.[STRIPE_NODE]?.[0];
	return {
		ok: result.ok,
		error: result.error,
		items: result.nodes[STRIPE_NODE] ?? [],
		wall,
		nodeSeconds:
			stripeRun?.executionTime === undefined ? undefined : stripeRun.executionTime / 1000,
	};
}

/** The plain SDK loop: sequential calls, default SDK settings, one try per item. */
async function runSdk(url, scenario, run) {
	const stripe = sdk(url, KEY);
	const started = performance.now();
	const items = [];
	let error;
	if (scenario.operation === 'create') {
		for (let i = 0; i < CREATES; i++) {
			try {
				items.push(
					await stripe.customers.create({ name: `Bench customer ${i}`, email: email(run, i) }),
				);
			} catch (e) {
				error ??= e.message;
			}
		}
	} else {
		try {
			for await (const customer of stripe.customers.list({ limit: 100 })) items.push(customer);
		} catch (e) {
			error = e.message;
		}
	}
	const seconds = (performance.now() - started) / 1000;
	return { ok: !error, error, items, wall: seconds, nodeSeconds: seconds };
}

/** Items the run did not deliver, and objects delivered or created more than once. */
function audit(standIn, scenario, run, seededIds, items) {
	if (scenario.operation === 'create') {
		const { emails, duplicates } = createdPerEmail(standIn, run);
		return { expected: CREATES, lost: CREATES - emails, duplicates };
	}
	const ids = items.map((item) => item.id).filter(Boolean);
	const unique = new Set(ids);
	return {
		expected: seededIds.length,
		lost: seededIds.filter((id) => !unique.has(id)).length,
		duplicates: ids.length - unique.size,
	};
}

async function measure({ runtime, port, tlsProxy, tlsUrl }, scenario, client) {
	const run = `${client.key}-${scenario.key}`.toLowerCase();
	const standIn = createStandIn();
	// Created at random over two years, as an account's customers are (the same for every client).
	const random = mulberry32(scenario.seeded);
	const now = Math.floor(Date.now() / 1000);
	const seededIds = Array.from({ length: scenario.seeded }, (_, i) => {
		const { id } = standIn.seed('customers', { email: email(`seeded-${run}`, i) });
		standIn.store.get(id).created = now - Math.floor(random() * 2 * 365 * 86400);
		return id;
	});
	const proxy = createFaultProxy(await standIn.listen(), {
		latencyMs: LATENCY_MS,
		rateLimit: RATE_LIMIT,
	});
	const url = await proxy.listen(port);
	tlsProxy.reset();
	try {
		let result;
		if (client === 'sdk') result = await runSdk(url, scenario, run);
		else {
			// Only the built-in node's n8n goes through the TLS proxy; everything local bypasses it.
			const env =
				client === n8nClients.builtIn
					? {
							HTTPS_PROXY: tlsUrl,
							HTTP_PROXY: tlsUrl,
							NO_PROXY: '127.0.0.1,localhost',
							NODE_EXTRA_CA_CERTS: tlsProxy.caFile,
						}
					: {};
			const workflow = workflowFor(client, scenario, run);
			await n8n.importWorkflowObjects(runtime, HOME, [workflow]);
			result = await runInN8n(runtime, workflow, env);
		}
		return {
			scenario: scenario.label,
			client: client === 'sdk' ? 'plain SDK loop (sequential)' : client.name,
			...result,
			requests: proxy.counts.requests,
			rateLimited: proxy.counts.rateLimited,
			tunnels: client === n8nClients.builtIn ? { ...tlsProxy.counts } : undefined,
			...audit(standIn, scenario, run, seededIds, result.items),
		};
	} finally {
		await proxy.close();
		await standIn.close();
	}
}

module.exports = {
	LATENCY_MS,
	RATE_LIMIT,
	HOME,
	scenarios,
	n8nClients,
	importCredentials,
	measure,
};
