'use strict';
/**
 * `npm run bench:n8n`: Stripe Complete inside a real n8n, side by side with n8n's built-in Stripe node and a plain
 * SDK loop, against the local stand-in behind the fault proxy (same latency and rate limit for all):
 *  (a) Customer Create for 300 input items, (b) Customer Get Many with Return All over 2,000 customers,
 *  (c) Get Many with no customers at all.
 * The built-in node's hard-coded https://api.stripe.com/v1 reaches the stand-in through stand-ins/tls-front.js, set as
 * HTTPS_PROXY of that n8n process only. Prints a table and writes its section of docs/benchmarks.md; asserts nothing.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const n8n = require('../scripts/n8n');
const { createTlsFront } = require('../stand-ins/tls-front');
const { fixed, table, writeSection } = require('./report');
const {
	LATENCY_MS,
	RATE_LIMIT,
	HOME,
	scenarios,
	n8nClients,
	importCredentials,
	measure,
} = require('./n8n-runs');

const SECTION = "## In a real n8n: Stripe Complete vs n8n's built-in Stripe node";
const OTHER_BENCHMARKS = /(?<=\bnode\s+(?:\S*\/)?)bench\/(run|editor)\.js/;

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
		await n8n.sleep(15000);
	}
}

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
		'local proxy (stand-ins/tls-front.js) that answers `CONNECT api.stripe.com:443` by terminating TLS with a certificate',
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
