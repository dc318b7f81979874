'use strict';
/**
 * `npm run bench:editor`: what Stripe Complete's size (every SDK method as an operation) costs where people
 * feel it: the package, n8n's start-up, and the editor. The real editor runs in Debian's Chromium, driven by
 * playwright-core, beside n8n's built-in Stripe node and an empty editor as baselines. Prints a table and
 * writes it to the "Editor and package budgets" section of docs/benchmarks.md; it asserts nothing.
 */
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { performance } = require('perf_hooks');
const n8n = require('../scripts/n8n');
const editorKit = require('../scripts/demo/editor');
const { table, writeSection } = require('./report');
const { countDescription, formOf } = require('./editor-form');
const {
	LOADS,
	REPEATS,
	ACTION_LISTS,
	SETTLE_MS,
	installProbes,
	nodeInteractions,
	editorLoads,
	emptyEditor,
	workflowEditor,
} = require('./editor-page');

const STARTS = 5;

const BENCH_HOME = path.join(n8n.WORK, 'bench-editor');
const SCREENSHOT = path.join(BENCH_HOME, 'node-panel.png');
const SECTION = '## Editor and package budgets';
const BUILT_IN_STRIPE = 'n8n-nodes-base.stripe';

/** Stops for everything started here (n8n processes, the browser), run on success, failure and Ctrl+C. */
const cleanups = [];
async function cleanUp() {
	while (cleanups.length) {
		try {
			await cleanups.pop()();
		} catch (error) {
			console.error(`clean-up: ${error.message}`);
		}
	}
}

/** (1) The built node's description, as n8n loads it from dist/. */
function builtDescription() {
	const { StripeComplete } = require('../dist/nodes/StripeComplete/StripeComplete.node');
	return countDescription(new StripeComplete().description);
}

/** (4) What `npm pack` would publish. */
function packSize() {
	const [pack] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json'], {
			cwd: n8n.ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	return { packed: pack.size, unpacked: pack.unpackedSize, files: pack.entryCount };
}

/** (2) One n8n start, from spawning the process until /healthz, /healthz/readiness and the editor's /rest/settings answer. */
async function timeStart(runtime, home, label) {
	const ports = await editorKit.freePorts();
	n8n.log(
		`Starting n8n ${label}: editor on 127.0.0.1:${ports.editor}, task broker on 127.0.0.1:${ports.broker}`,
	);
	const probes = { healthz: '/healthz', readiness: '/healthz/readiness', rest: '/rest/settings' };
	const started = performance.now();
	const child = spawn(runtime.node, [runtime.bin, 'start'], {
		env: n8n.n8nEnv(home, {
			N8N_PORT: String(ports.editor),
			N8N_RUNNERS_BROKER_PORT: String(ports.broker),
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stop = () => n8n.stopChild(child);
	cleanups.push(stop);
	let output = '';
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	const reached = {};
	// Each probe polls on its own (every 25 ms), so a slow answer on one route never delays another's.
	const answered = (route) => async () => {
		if (child.exitCode !== null)
			throw new Error(`n8n start exited with ${child.exitCode}\n${output}`);
		try {
			const res = await fetch(`http://127.0.0.1:${ports.editor}${route}`, {
				signal: AbortSignal.timeout(5000),
			});
			// Until its database is migrated n8n answers every route 200 "n8n is starting up": only JSON counts.
			return res.ok && (res.headers.get('content-type') ?? '').includes('json');
		} catch {
			return false; // not listening yet
		}
	};
	const poll = async (probe, route) => {
		await n8n.until(`n8n to answer ${route}`, answered(route), 180000, () => output, 25);
		reached[probe] = (performance.now() - started) / 1000;
	};
	try {
		await Promise.all(Object.entries(probes).map(([probe, route]) => poll(probe, route)));
		return reached;
	} finally {
		await stop();
		cleanups.splice(cleanups.indexOf(stop), 1);
	}
}

/** n8n serving the editor; stopped by the clean-up. */
async function startEditor(runtime, home, label) {
	const editor = await editorKit.startEditor(runtime, home, label);
	cleanups.push(editor.stop);
	const release = async () => {
		await editor.stop();
		cleanups.splice(cleanups.indexOf(editor.stop), 1);
	};
	return { ...editor, release };
}

/** The node types the editor downloads (all of n8n's nodes and the installed packages'), and their size. */
async function editorNodeTypes({ baseUrl, cookie }) {
	const text = await (await fetch(`${baseUrl}/types/nodes.json`, { headers: { cookie } })).text();
	// n8n sends it gzip-compressed at zlib's default level.
	return {
		bytes: Buffer.byteLength(text),
		gzipped: zlib.gzipSync(text).length,
		types: JSON.parse(text),
	};
}

async function launchBrowser(playwright) {
	const { context, close } = await editorKit.launchBrowser(playwright);
	cleanups.push(close);
	await context.addInitScript(installProbes);
	return context;
}

// ---- report ----

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const kb = (bytes) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : mb(bytes));
const int = (n) => n.toLocaleString('en');
const ms = (value) => `${Math.round(value)} ms`;
const seconds = (value) => `${value.toFixed(2)} s`;

/** "median / max, longest task" of repeated interactions. */
function timing(runs) {
	const times = runs.map((r) => r.ms);
	const longest = Math.max(...runs.map((r) => r.longestTask));
	return `${ms(median(times))} / ${ms(Math.max(...times))}; ${longest > 0 ? `longest task ${ms(longest)}` : 'no long task'}`;
}

function startTiming(runs, probe) {
	const times = runs.map((r) => r[probe]);
	return `${seconds(median(times))} (${seconds(Math.min(...times))}–${seconds(Math.max(...times))})`;
}

function describeCounts(c) {
	const listed = c.actions === c.operations ? '' : ` (${int(c.actions)} in the nodes panel)`;
	return `${kb(c.bytes)}: ${int(c.resources)} resources, ${int(c.operations)} operations${listed}, ${int(c.properties)} properties (${int(c.fields)} with those inside collections)`;
}

async function main() {
	const began = performance.now();
	const date = new Date();
	const described = builtDescription();
	n8n.log(`Stripe Complete's description: ${describeCounts(described)}`);
	const pack = packSize();
	n8n.log(
		`npm pack: ${kb(pack.packed)} packed, ${kb(pack.unpacked)} unpacked, ${pack.files} files`,
	);

	const runtime = n8n.ensureN8n();
	const playwright = editorKit.ensureBrowser();
	const homes = {
		with: path.join(BENCH_HOME, 'with-package'),
		without: path.join(BENCH_HOME, 'without-package'),
	};
	fs.rmSync(BENCH_HOME, { recursive: true, force: true });
	fs.mkdirSync(homes.without, { recursive: true });
	n8n.installPackage(homes.with);

	// The first start of a user folder creates its database: not a start-up a user waits for each time.
	for (const [key, home] of Object.entries(homes))
		await timeStart(runtime, home, `${key} the package (first start, not counted)`);
	const starts = { with: [], without: [] };
	for (let i = 0; i < STARTS; i++) {
		for (const [key, home] of Object.entries(homes)) {
			const run = await timeStart(runtime, home, `${key} the package (${i + 1}/${STARTS})`);
			n8n.log(
				`  /healthz ${seconds(run.healthz)}, /healthz/readiness ${seconds(run.readiness)}, /rest/settings ${seconds(run.rest)}`,
			);
			starts[key].push(run);
		}
	}

	const context = await launchBrowser(playwright);
	const page = context.pages()[0] ?? (await context.newPage());
	const cdp = await context.newCDPSession(page);
	const chromiumVersion = (await cdp.send('Browser.getVersion')).product.replace(/^\D*\//, '');
	await cdp.detach();

	const plain = await startEditor(runtime, homes.without, 'without the package');
	const plainTypes = await editorNodeTypes(plain);
	await editorKit.signInEditor(page, plain.baseUrl);
	n8n.log('Timing empty editor loads without the package');
	const plainLoads = await editorLoads(page, plain.baseUrl, [emptyEditor]);
	await plain.release();

	const editor = await startEditor(runtime, homes.with, 'with the package');
	const types = await editorNodeTypes(editor);
	const ours = types.types.find((t) => t.name === n8n.NODE_TYPE);
	const builtIn = types.types.find((t) => t.name === BUILT_IN_STRIPE);
	const workflows = {
		ours: {
			key: 'ours',
			nodeName: 'Stripe Complete',
			// The node as the editor adds it: its default version.
			workflow: await editorKit.createWorkflow(editor.rest, 'Stripe Complete', n8n.NODE_TYPE, {
				typeVersion: ours.defaultVersion,
			}),
		},
		builtIn: {
			key: 'builtIn',
			nodeName: 'Stripe',
			workflow: await editorKit.createWorkflow(editor.rest, 'Stripe', BUILT_IN_STRIPE),
		},
	};
	await editorKit.signInEditor(page, editor.baseUrl);
	n8n.log('Timing editor loads with the package');
	const loads = await editorLoads(page, editor.baseUrl, [
		emptyEditor,
		workflowEditor(workflows.ours),
		workflowEditor(workflows.builtIn),
	]);
	// Generated resources people reach for, ending on one with many operations to switch between.
	const preferred = [
		'subscription',
		'invoice',
		'checkoutSession',
		'setupIntent',
		'price',
		'product',
		'paymentIntent',
	];
	const ourForm = formOf(ours);
	const ourResources = preferred.filter((r) => ourForm.resources.includes(r));
	n8n.log(`Timing Stripe Complete in the editor (resources ${ourResources.join(', ')})`);
	const oursRuns = await nodeInteractions(page, editor.baseUrl, {
		...workflows.ours,
		searchName: 'Stripe Complete',
		description: ours,
		resources: ourResources,
		screenshot: SCREENSHOT,
	});
	const builtInForm = formOf(builtIn);
	// Every other resource, ending on Customer, the one with the most operations.
	const builtInResources = [
		...builtInForm.resources.filter((r) => r !== builtInForm.defaultResource && r !== 'customer'),
		'customer',
	].slice(-REPEATS);
	n8n.log(
		`Timing the built-in Stripe node in the editor (resources ${builtInResources.join(', ')})`,
	);
	const builtInRuns = await nodeInteractions(page, editor.baseUrl, {
		...workflows.builtIn,
		searchName: 'Stripe',
		description: builtIn,
		resources: builtInResources,
	});
	const longTaskSupported = (await page.evaluate(() => window.__bench.longTaskSupported)) === true;
	await editor.release();
	await cleanUp();

	const n8nNode = execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim();
	const n8nVersion = require(path.resolve(path.dirname(runtime.bin), '..', 'package.json')).version;
	const builtInCounts = countDescription(builtIn);
	const all = Object.values(oursRuns).flat();
	const allBuiltIn = Object.values(builtInRuns).flat();
	const rows = [
		[
			'Node description, serialized (built dist/)',
			describeCounts(described),
			`built-in Stripe node: ${describeCounts(builtInCounts)}`,
		],
		[
			'Node types the editor downloads (/types/nodes.json)',
			`${mb(types.bytes)} (${mb(types.gzipped)} gzip)`,
			`${mb(plainTypes.bytes)} (${mb(plainTypes.gzipped)} gzip) without the package`,
		],
		[
			'npm pack',
			`${kb(pack.packed)} packed, ${kb(pack.unpacked)} unpacked, ${pack.files} files`,
			'—',
		],
		[
			`n8n start-up to /healthz, median (min–max) of ${STARTS}`,
			startTiming(starts.with, 'healthz'),
			`${startTiming(starts.without, 'healthz')} without the package`,
		],
		[
			'n8n start-up to /healthz/readiness',
			startTiming(starts.with, 'readiness'),
			`${startTiming(starts.without, 'readiness')} without the package`,
		],
		[
			"n8n start-up to the editor's /rest/settings",
			startTiming(starts.with, 'rest'),
			`${startTiming(starts.without, 'rest')} without the package`,
		],
		[
			`Editor load, empty workflow, median / max of ${LOADS}`,
			timing(loads.empty),
			`${timing(plainLoads.empty)} without the package`,
		],
		[
			'Editor load, workflow with the node',
			timing(loads.ours),
			`${timing(loads.builtIn)} with the built-in Stripe node`,
		],
		[
			`(a) Open the node's panel until Resource/Operation fields render, median / max of ${REPEATS}`,
			timing(oursRuns.open),
			`${timing(builtInRuns.open)} built-in Stripe node`,
		],
		[
			"(b) Switch Resource until the new operation's fields render",
			timing(oursRuns.resource),
			`${timing(builtInRuns.resource)} built-in Stripe node`,
		],
		[
			'(c) Switch Operation until its fields render',
			timing(oursRuns.operation),
			`${timing(builtInRuns.operation)} built-in Stripe node`,
		],
		[
			`(d) Its actions in the nodes panel, median / max of ${ACTION_LISTS}`,
			`${timing(oursRuns.actions)} (${int(described.actions)} actions)`,
			`${timing(builtInRuns.actions)} built-in Stripe node (${builtInCounts.actions} actions)`,
		],
		[
			'Main thread during (a)–(d): longest task, longest frame gap',
			`${ms(Math.max(...all.map((r) => r.longestTask)))}, ${ms(Math.max(...all.map((r) => r.longestGap)))}`,
			`${ms(Math.max(...allBuiltIn.map((r) => r.longestTask)))}, ${ms(Math.max(...allBuiltIn.map((r) => r.longestGap)))} built-in Stripe node`,
		],
	];
	const budget = table(['Measure', 'Stripe Complete', 'Baseline'], rows);
	const cpu = os.cpus();
	const machine = `${cpu[0]?.model ?? 'CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory; n8n ${n8nVersion} on Node.js ${n8nNode}; Chromium ${chromiumVersion} (headless) driven by playwright-core ${editorKit.PLAYWRIGHT_CORE}; script on Node.js ${process.version}`;
	const text = [
		SECTION,
		'',
		'Written by `npm run bench:editor` (bench/editor.js): the packed package installed into a real n8n, n8n started with',
		'and without it, and the editor driven in Chromium. Start-up runs from spawning `n8n start` until /healthz answers',
		'(nodes loaded, HTTP listening), /healthz/readiness answers 200 (fully started) and /rest/settings answers JSON (the',
		"editor's first call). Interaction times run from the input event (double-click, click on an option) to the frame",
		"painted after the expected fields are in the page; an editor load runs from the navigation's start to the frame",
		'showing the canvas. "Longest task" is the longest main-thread task',
		`(PerformanceObserver 'longtask'${longTaskSupported ? '' : ', not supported by this browser, so 0'}) from the input until ${SETTLE_MS} ms after that frame.`,
		'',
		`Run ${date.toISOString()} on ${machine}.`,
		'',
		budget,
		'',
	].join('\n');
	const file = writeSection(text);
	console.log(`\n${budget}\n\nMachine: ${machine}`);
	console.log(`Screenshot of the node panel: ${path.relative(n8n.ROOT, SCREENSHOT)}`);
	console.log(`Written to ${file} in ${((performance.now() - began) / 60000).toFixed(1)} min`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'])
	process.on(signal, () => {
		interrupted = true;
		console.error(`\n${signal}: stopping what the benchmark started`);
		cleanUp().finally(() => process.exit(130));
	});

main()
	.catch((error) => {
		// Once interrupted, the browser and n8n closing under the run are expected, not failures.
		if (!interrupted) console.error(`bench:editor failed: ${error.stack ?? error.message}`);
		process.exitCode = 1;
	})
	.finally(cleanUp);
