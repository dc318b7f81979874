'use strict';
/**
 * `npm run bench:n8n`: Stripe Complete inside a real n8n, side by side with n8n's built-in Stripe node and a plain
 * SDK loop, against the local stand-in behind the fault proxy (same latency and rate limit for all):
 *  (a) Customer Create for 300 input items, (b) Customer Get Many with Return All over 2,000 customers,
 *  (c) Get Many with no customers at all.
 * The built-in node's hard-coded https://api.stripe.com/v1 reaches the stand-in through test/support/tls-front.js, set as
 * HTTPS_PROXY of that n8n process only. Prints a table and writes its section of docs/benchmarks.md; asserts nothing.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Stripe = require('stripe');
const n8n = require('../scripts/n8n');
const { createStandIn } = require('../stand-ins/stripe');
const { createFaultProxy, mulberry32 } = require('../stand-ins/fault-proxy');
const { table, writeSection } = require('./report');
const { createTlsFront } = require('../stand-ins/tls-front');

const KEY = 'sk_test_bench_n8n_4242';
const LATENCY_MS = 50;
const RATE_LIMIT = { rps: 25, burst: 5 };
const CREATES = 300;
const LISTED = 2000;
const HOME = path.join(n8n.WORK, 'bench-n8n');
const SECTION = "## In a real n8n: Stripe Complete vs n8n's built-in Stripe node";
const OTHER_BENCHMARKS = /(?<=\bnode\s+(?:\S*\/)?)bench\/(run|editor)\.js/;

const email = (run, i) => `${run}-${i}@example.com`;

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

const manualTrigger = {
	parameters: {},
	id: 'trigger',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
};
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
			? [manualTrigger, emitItems(run), stripe]
			: [manualTrigger, stripe];
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
async function importCredentials(runtime, baseUrl) {
	const file = path.join(HOME, 'credentials.json');
	const credentials = [
		{
			id: n8n.CREDENTIAL_ID,
			name: 'Stripe Complete account',
			type: 'stripeCompleteApi',
			data: { secretKey: KEY, baseUrl },
		},
		{
			id: 'stripeBuiltInBench',
			name: 'Stripe account',
			type: 'stripeApi',
			data: { secretKey: KEY },
		},
	];
	fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
	try {
		await n8n.n8nCli(runtime, HOME, ['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

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
	const { hostname, port } = new URL(url);
	const stripe = new Stripe(KEY, { host: hostname, port, protocol: 'http', telemetry: false });
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
		const perEmail = new Map();
		for (const o of standIn.store.values())
			if (o.object === 'customer' && o.email?.startsWith(`${run}-`))
				perEmail.set(o.email, (perEmail.get(o.email) ?? 0) + 1);
		let duplicates = 0;
		for (const n of perEmail.values()) duplicates += n - 1;
		return { expected: CREATES, lost: CREATES - perEmail.size, duplicates };
	}
	const ids = items.map((item) => item.id).filter(Boolean);
	const unique = new Set(ids);
	return {
		expected: seededIds.length,
		lost: seededIds.filter((id) => !unique.has(id)).length,
		duplicates: ids.length - unique.size,
	};
}

/** The other benchmarks running now (their npm script or node process), e.g. ["bench/run.js"]. */
function otherBenchmarks() {
	const ps = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' });
	return [
		...new Set(
			ps
				.split('\n')
				.map((args) => OTHER_BENCHMARKS.exec(args)?.[0])
				.filter(Boolean),
		),
	];
}

async function waitForOtherBenchmarks() {
	for (let others = otherBenchmarks(); others.length; others = otherBenchmarks()) {
		n8n.log(`Waiting for ${others.join(', ')} to finish, so the figures are not shared with it`);
		await new Promise((resolve) => setTimeout(resolve, 15000));
	}
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

const fixed = (n, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));
const count = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

const outcome = (r) => (r.ok ? 'yes' : `**no**: ${r.error.split('\n')[0].slice(0, 120)}`);

async function main() {
	await waitForOtherBenchmarks();
	const date = new Date();
	const runtime = n8n.ensureN8n();
	fs.rmSync(HOME, { recursive: true, force: true });
	fs.mkdirSync(HOME, { recursive: true });
	n8n.installPackage(HOME);
	const port = await n8n.freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	await importCredentials(runtime, baseUrl);
	const tlsProxy = createTlsFront({ 'api.stripe.com': baseUrl });
	const tlsUrl = await tlsProxy.listen();
	n8n.log(
		`Stand-in behind the fault proxy on ${baseUrl}; TLS proxy for api.stripe.com on ${tlsUrl}`,
	);

	// Sampled during the run too, so the section says whether anything else competed for the CPUs.
	const seen = new Set();
	const watch = setInterval(() => otherBenchmarks().forEach((p) => seen.add(p)), 5000);
	const rows = [];
	let refused = 0;
	const refusedTargets = new Set();
	try {
		for (const scenario of scenarios) {
			for (const client of [n8nClients.builtIn, n8nClients.ours, 'sdk']) {
				n8n.log(`${scenario.label}: ${client === 'sdk' ? 'plain SDK loop' : client.name}`);
				const row = await measure({ runtime, port, tlsProxy, tlsUrl }, scenario, client);
				refused += tlsProxy.counts.refused;
				tlsProxy.refusedTargets.forEach((t) => refusedTargets.add(t));
				n8n.log(
					`  ${row.ok ? 'ok' : `failed: ${row.error.split('\n')[0]}`}; node ${fixed(row.nodeSeconds, 2)} s, wall ${fixed(row.wall)} s, ${count(row.requests, 'request')}, ${row.rateLimited} × 429`,
				);
				rows.push(row);
			}
		}
	} finally {
		clearInterval(watch);
		await tlsProxy.close();
	}

	const figures = table(
		[
			'Scenario',
			'Client',
			'Run succeeded',
			'Node time (s)',
			'Items/s',
			'Wall incl. n8n start (s)',
			'Requests',
			'429s',
			'Items out',
			'Lost',
			'Duplicates',
		],
		rows.map((r) => [
			r.scenario,
			r.client,
			outcome(r),
			fixed(r.nodeSeconds, 2),
			r.items.length ? fixed(r.items.length / r.nodeSeconds) : '—',
			fixed(r.wall),
			r.requests,
			r.rateLimited,
			r.items.length,
			`${r.lost} of ${r.expected}`,
			r.duplicates,
		]),
	);
	const tunnels = rows
		.filter((r) => r.tunnels)
		.map(
			(r) =>
				`${r.scenario.split(' ')[0]} ${count(r.tunnels.tunnels, 'tunnel')} for ${count(r.requests, 'request')}, ${fixed(r.tunnels.handshakeMs / 1000, 2)} s of TLS handshakes in all`,
		);
	const summary = scenarios.map((scenario) => {
		const [builtIn, ours] = [n8nClients.builtIn, n8nClients.ours].map((c) =>
			rows.find((r) => r.scenario === scenario.label && r.client === c.name),
		);
		const state = (r) =>
			r.ok
				? `${fixed(r.nodeSeconds, 2)} s, ${count(r.requests, 'request')}`
				: `failed (${r.error.split('\n')[0]})`;
		const ratio =
			builtIn.ok && ours.ok && ours.nodeSeconds > 0
				? `: ${fixed(builtIn.nodeSeconds / ours.nodeSeconds)}× faster`
				: '';
		return `- ${scenario.label}: Stripe Complete ${state(ours)}; built-in node ${state(builtIn)}${ratio}.`;
	});
	const cpu = os.cpus();
	const n8nNode = execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim();
	const machine = `${cpu[0]?.model ?? 'CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; n8n ${runtime.version} on Node.js ${n8nNode}; stand-in, proxies and SDK loop on Node.js ${process.version}`;
	const competing = seen.size
		? `Other benchmarks seen running meanwhile: ${[...seen].join(', ')}.`
		: 'No other benchmark (bench/run.js, bench/editor.js) ran meanwhile.';
	const text = [
		SECTION,
		'',
		'Written by `npm run bench:n8n` (bench/n8n.js): the packed package installed into a real n8n, each workflow run',
		"with `n8n execute`, beside the same workflow with n8n's built-in Stripe node (`n8n-nodes-base.stripe`, credential",
		'`stripeApi`) and a plain sequential loop over the `stripe` SDK. Every client talks to the local Stripe stand-in behind',
		`our fault proxy with ${LATENCY_MS} ms added latency and a rate limit of ${RATE_LIMIT.rps} req/s (burst ${RATE_LIMIT.burst}) answering 429; a fresh`,
		'stand-in for each run. Both nodes run with their default settings (no Retry On Fail, no Continue On Fail).',
		'',
		'The built-in node calls https://api.stripe.com/v1, hard-coded. n8n sends its requests through `HTTPS_PROXY`',
		'(`proxy-from-env` in @n8n/backend-network), so that n8n process alone gets `HTTPS_PROXY`/`HTTP_PROXY` pointing to a',
		'local proxy (test/support/tls-front.js) that answers `CONNECT api.stripe.com:443` by terminating TLS with a certificate',
		'signed by a CA made for the run (trusted by that process only, through `NODE_EXTRA_CA_CERTS`) and relays each request',
		'over plain HTTP to the fault proxy. It refuses every other target, so nothing reaches the real Stripe',
		`(${refused} refused in this run${refusedTargets.size ? `: ${[...refusedTargets].join(', ')}` : ''}). n8n makes new agents for each request`,
		`(\`setAxiosAgents\`), hence a tunnel each: ${tunnels.join('; ')}. Those local handshakes are part of its node time.`,
		"Stripe Complete reaches the fault proxy by its credential's Base URL, over plain HTTP.",
		'',
		"Node time is the Stripe node's execution time as n8n records it in the run data (for the SDK loop: the loop);",
		'wall time runs around `n8n execute`, so it includes starting n8n. Lost: input items without their customer',
		'(creates) or seeded customers not returned (Get Many); duplicates: customers with the same email in the stand-in',
		'(creates) or customers returned twice (Get Many). The seeded customers were created at random over two years, so',
		'Stripe Complete pages their list in `created` windows at the same time; the built-in node and the SDK loop page it',
		'one page after another (the SDK loop by 100).',
		'',
		`Run ${date.toISOString()} on ${machine}. ${competing}`,
		'',
		figures,
		'',
		...summary,
		'',
	].join('\n');
	const file = writeSection(text);
	console.log(
		`\n${figures}\n\n${summary.join('\n')}\n\nMachine: ${machine}\n${competing}\nWritten to ${file}`,
	);
}

main().catch((error) => {
	console.error(`bench:n8n failed: ${error.stack ?? error.message}`);
	process.exitCode = 1;
});
