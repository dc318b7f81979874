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
	REPEATS,
	SETTLE_MS,
	installProbes,
	nodeInteractions,
	fieldChanges,
	editorLoads,
	emptyEditor,
	workflowEditor,
	nodesEditor,
} = require('./editor-page');
const { budgetRows, describeCounts, kb, mb, seconds, startTiming } = require('./editor-report');

const STARTS = 5;

const BENCH_HOME = path.join(n8n.WORK, 'bench-editor');
const SCREENSHOT = path.join(BENCH_HOME, 'node-panel.png');
const SECTION = '## Editor and package budgets';

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

/** The nodes timed beside Stripe Complete: the built-in Stripe node, and a large built-in node. */
const REFERENCES = [
	{ key: 'builtIn', type: 'n8n-nodes-base.stripe', version: 1, name: 'Stripe' },
	{ key: 'hubspot', type: 'n8n-nodes-base.hubspot', version: 2, name: 'HubSpot' },
];
/** The nodes in the workflow opened and changed as a whole. */
const WORKFLOW_NODES = 10;

/** The node type `type` of the editor's list that has `version`. */
const typeOf = (types, type, version) =>
	types.types.find((t) => t.name === type && [t.version].flat().includes(version));

/** A workflow of `count` nodes of one type (on `resource`, if given), chained after a manual trigger; node 1 is `name 1`. */
function workflowOf(rest, { name, type, description }, count, resource) {
	const typeVersion = description.defaultVersion ?? Math.max(...[description.version].flat());
	const node = (i) => ({
		id: `node${i}`,
		name: `${name} ${i}`,
		type,
		typeVersion,
		position: [300 + 220 * (i - 1), 0],
		parameters: resource ? { resource } : {},
	});
	const more = Array.from({ length: count - 1 }, (_, i) => node(i + 2));
	return editorKit.createWorkflow(rest, `${name} x${count}`, type, node(1), more);
}

/** Resources to switch to: the others than the default, ending on the one with the most operations. */
function switchTargets(form) {
	return form.resources
		.filter((r) => r !== form.defaultResource)
		.sort((a, b) => form.operations(a).length - form.operations(b).length)
		.slice(-REPEATS);
}

async function main() {
	const began = performance.now();
	const date = new Date();
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
	// As n8n sends it to the editor, not as the local build gives it.
	const described = countDescription(ours);
	n8n.log(`Stripe Complete's description: ${describeCounts(described)}`);
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
	const nodes = [
		{
			key: 'ours',
			name: 'Stripe Complete',
			type: n8n.NODE_TYPE,
			description: ours,
			resources: preferred.filter((r) => formOf(ours).resources.includes(r)),
		},
		...REFERENCES.map((reference) => {
			const description = typeOf(types, reference.type, reference.version);
			return { ...reference, description, resources: switchTargets(formOf(description)) };
		}),
	];
	for (const node of nodes) {
		node.nodeName = `${node.name} 1`;
		node.workflow = await workflowOf(editor.rest, node, 1);
		// On the resource with the most operations of those switched to: a field changed is its Operation.
		node.many = await workflowOf(editor.rest, node, WORKFLOW_NODES, node.resources.at(-1));
	}
	const [, builtIn] = nodes;
	await editorKit.signInEditor(page, editor.baseUrl);
	n8n.log('Timing editor loads with the package');
	const manyKey = (node) => `${node.key}Many`;
	const loads = await editorLoads(page, editor.baseUrl, [
		emptyEditor,
		...nodes.map(workflowEditor),
		...nodes.map((node) =>
			nodesEditor({ key: manyKey(node), workflow: node.many }, WORKFLOW_NODES),
		),
	]);
	const runs = {};
	for (const node of nodes) {
		n8n.log(`Timing ${node.name} in the editor (resources ${node.resources.join(', ')})`);
		runs[node.key] = await nodeInteractions(page, editor.baseUrl, {
			...node,
			searchName: node.name,
			screenshot: node.key === 'ours' ? SCREENSHOT : undefined,
		});
		n8n.log(`Timing a field changed in a workflow of ${WORKFLOW_NODES} ${node.name} nodes`);
		runs[node.key].many = await fieldChanges(page, editor.baseUrl, {
			workflow: node.many,
			nodeName: `${node.name} ${Math.ceil(WORKFLOW_NODES / 2)}`,
			description: node.description,
			resource: node.resources.at(-1),
		});
	}
	const longTaskSupported = (await page.evaluate(() => window.__bench.longTaskSupported)) === true;
	await editor.release();
	await cleanUp();

	const n8nNode = execFileSync(runtime.node, ['--version'], { encoding: 'utf8' }).trim();
	const n8nVersion = require(path.resolve(path.dirname(runtime.bin), '..', 'package.json')).version;
	const report = budgetRows({
		nodes,
		builtIn,
		described,
		loads,
		plainLoads,
		runs,
		manyKey,
		workflowNodes: WORKFLOW_NODES,
		startRows: [
			[
				'Node types the editor downloads (/types/nodes.json)',
				`${mb(types.bytes)} (${mb(types.gzipped)} gzip)`,
				`${mb(plainTypes.bytes)} (${mb(plainTypes.gzipped)} gzip) without the package`,
				'',
			],
			[
				'npm pack',
				`${kb(pack.packed)} packed, ${kb(pack.unpacked)} unpacked, ${pack.files} files`,
				'—',
				'',
			],
			...['healthz', 'readiness', 'rest'].map((probe) => [
				`n8n start-up to ${{ healthz: '/healthz', readiness: '/healthz/readiness', rest: "the editor's /rest/settings" }[probe]}, median (min–max) of ${STARTS}`,
				startTiming(starts.with, probe),
				`${startTiming(starts.without, probe)} without the package`,
				'',
			]),
		],
	});
	const budget = table(
		['Measure', 'Stripe Complete', 'Built-in Stripe', 'HubSpot v2'],
		report.rows,
	);
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
		"The built-in Stripe node is the baseline (ratios are medians to its median, same run); n8n's HubSpot v2 node, a large",
		'built-in node, is timed beside it.',
		'',
		`Run ${date.toISOString()} on ${machine}.`,
		'',
		budget,
		'',
		report.summary,
		'',
	].join('\n');
	const file = writeSection(text);
	console.log(`\n${budget}\n\n${report.summary}\n\nMachine: ${machine}`);
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
