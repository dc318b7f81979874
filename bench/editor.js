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

const STARTS = 5;
const LOADS = 7;
const REPEATS = 7;
const ACTION_LISTS = 3;
// Long tasks that trail a render (e.g. a panel's deferred work) land within this window after its paint.
const SETTLE_MS = 700;

const BENCH_HOME = path.join(n8n.WORK, 'bench-editor');
const SCREENSHOT = path.join(BENCH_HOME, 'node-panel.png');
const SECTION = '## Editor and package budgets';
const BUILT_IN_STRIPE = 'n8n-nodes-base.stripe';
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The actions n8n's node panel lists for a node (useActionsGeneration's resourceCategories): for each
 * option of the Resource properties of the node's default version, the options of the first Operation
 * property of that version that names that resource.
 */
function panelActions(description) {
	const version = description.defaultVersion ?? 1;
	const ofVersion = (p) => p.displayOptions?.show?.['@version']?.includes(version) ?? true;
	const first = (resource) =>
		description.properties.find(
			(p) =>
				p.name === 'operation' &&
				p.displayOptions?.show?.resource?.includes(resource) &&
				ofVersion(p),
		);
	return description.properties
		.filter((p) => p.name === 'resource' && ofVersion(p))
		.flatMap((p) => p.options)
		.filter((o) => o.value !== CUSTOM_API_CALL)
		.reduce(
			(n, r) =>
				n + (first(r.value)?.options ?? []).filter((o) => o.value !== CUSTOM_API_CALL).length,
			0,
		);
}

/**
 * Resources, operations, the node panel's actions and properties of a node description; `fields` also
 * counts those inside collections. Operations are those of the Operation properties the form can show.
 */
function countDescription(description) {
	const resources = (
		description.properties.find((p) => p.name === 'resource')?.options ?? []
	).filter((o) => o.value !== CUSTOM_API_CALL);
	const operations = description.properties
		.filter(
			(p) =>
				p.name === 'operation' && isShown(p, { resource: p.displayOptions?.show?.resource?.[0] }),
		)
		.reduce((n, p) => n + p.options.filter((o) => o.value !== CUSTOM_API_CALL).length, 0);
	let fields = 0;
	const walk = (properties) => {
		for (const property of properties) {
			fields++;
			if (property.type === 'collection') walk(property.options ?? []);
			if (property.type === 'fixedCollection')
				for (const group of property.options ?? []) walk(group.values ?? []);
		}
	};
	walk(description.properties);
	return {
		bytes: Buffer.byteLength(JSON.stringify(description)),
		resources: resources.length,
		operations,
		actions: panelActions(description),
		properties: description.properties.length,
		fields,
	};
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
	// Each probe polls on its own, so a slow answer on one route never delays another's.
	const poll = async (probe, route) => {
		while (!(probe in reached)) {
			if (child.exitCode !== null)
				throw new Error(`n8n start exited with ${child.exitCode}\n${output}`);
			if (performance.now() - started > 180000)
				throw new Error(`n8n did not answer within 180 s\n${output}`);
			try {
				const res = await fetch(`http://127.0.0.1:${ports.editor}${route}`, {
					signal: AbortSignal.timeout(5000),
				});
				// Until its database is migrated n8n answers every route 200 "n8n is starting up": only JSON counts.
				if (res.ok && (res.headers.get('content-type') ?? '').includes('json'))
					reached[probe] = (performance.now() - started) / 1000;
			} catch {
				// not listening yet
			}
			await sleep(25);
		}
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

// ---- in the page (these functions run in Chromium and use nothing from this file) ----

/** Records input events, long tasks and frame gaps from the first script of every page on. */
function installProbes() {
	const bench = { input: {}, longTasks: [], gaps: [], longTaskSupported: false };
	window.__bench = bench;
	for (const type of ['click', 'dblclick'])
		addEventListener(type, (event) => (bench.input[type] = event.timeStamp), true);
	try {
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries())
				bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
		}).observe({ type: 'longtask', buffered: true });
		bench.longTaskSupported = true;
	} catch {
		// older engines: frame gaps still tell
	}
	let last;
	const frame = (time) => {
		if (last !== undefined && time - last > 50)
			bench.gaps.push({ start: last, duration: time - last });
		last = time;
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
}

/**
 * Watches the DOM until `spec` holds, then waits for the frame that shows it: `done` resolves to the time
 * just after that frame was painted.
 */
function watchInPage(spec) {
	const bench = window.__bench;
	bench.input = {};
	const known = new Set(spec.known ?? []);
	const ready = () => {
		if (spec.kind === 'count') return document.querySelectorAll(spec.selector).length >= spec.count;
		const panel = document.querySelector('[data-test-id="ndv"] [data-test-id="node-parameters"]');
		if (!panel) return false;
		const value = (name) =>
			panel.querySelector(`[data-test-id="parameter-input-${name}"] input`)?.value;
		const shown = [...panel.querySelectorAll('label[for]')]
			.map((label) => label.getAttribute('for'))
			.filter((name) => known.has(name));
		return (
			value('resource') === spec.resource &&
			value('operation') === spec.operation &&
			shown.join() === spec.labels.join()
		);
	};
	bench.done = new Promise((resolve, reject) => {
		let settled = false;
		const finish = () => {
			if (settled || !ready()) return;
			settled = true;
			observer.disconnect();
			requestAnimationFrame(() => setTimeout(() => resolve({ painted: performance.now() })));
		};
		const observer = new MutationObserver(finish);
		observer.observe(document, { childList: true, subtree: true, characterData: true });
		const poll = () => {
			finish();
			if (!settled) requestAnimationFrame(poll);
		};
		poll();
		setTimeout(() => {
			if (settled) return;
			settled = true;
			observer.disconnect();
			reject(new Error(`not rendered within 60 s: ${JSON.stringify(spec).slice(0, 300)}`));
		}, 60000);
	});
}

async function waitInPage(startEvent) {
	const { painted } = await window.__bench.done;
	return { painted, start: startEvent ? window.__bench.input[startEvent] : 0 };
}

function mainThreadInPage({ from, to }) {
	const overlaps = (entry) => entry.start < to && entry.start + entry.duration > from;
	const longest = (entries) =>
		Math.max(0, ...entries.filter(overlaps).map((entry) => entry.duration));
	return {
		longestTask: longest(window.__bench.longTasks),
		longestGap: longest(window.__bench.gaps),
		longTaskSupported: window.__bench.longTaskSupported,
	};
}

// ---- driving the editor ----

/**
 * Times one interaction: from the input event `startEvent` until the frame after `spec` holds, with the main
 * thread's longest task and frame gap from the input until SETTLE_MS after that frame.
 */
async function measure(page, spec, action, startEvent) {
	await page.evaluate(watchInPage, spec);
	await action();
	return collect(page, startEvent);
}

/** Loads an editor URL in a new document, timed from the navigation's start. */
async function measureLoad(page, url, spec) {
	await page.goto(url, { waitUntil: 'commit' });
	await page.evaluate(watchInPage, spec);
	return collect(page);
}

async function collect(page, startEvent) {
	const { painted, start } = await page.evaluate(waitInPage, startEvent);
	if (start === undefined) throw new Error(`no ${startEvent} event reached the page`);
	await page.waitForTimeout(SETTLE_MS);
	const main = await page.evaluate(mainThreadInPage, { from: start, to: painted + SETTLE_MS });
	return { ms: painted - start, ...main };
}

/** Whether a property shows for `values` (`@version` among them, else 1), by its displayOptions as the editor reads them. */
function isShown(property, values) {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	const value = (key) => (key === '@version' ? (values['@version'] ?? 1) : values[key]);
	return (
		Object.entries(show).every(([key, allowed]) => allowed.includes(value(key))) &&
		!Object.entries(hide).some(([key, allowed]) => allowed.includes(value(key)))
	);
}

/** The top-level fields the panel shows for a resource and operation, in order, with defaults for the rest. */
function shownFields(description, resource, operation) {
	const values = { resource, operation, '@version': description.defaultVersion ?? 1 };
	for (let pass = 0; pass < 3; pass++)
		for (const property of description.properties)
			if (!(property.name in values) && isShown(property, values))
				values[property.name] = property.default;
	return description.properties
		.filter((property) => isShown(property, values))
		.map((property) => property.name);
}

/** One node type's Resource and Operation options, as names and values. */
function formOf(description) {
	const resourceProperty = description.properties.find((p) => p.name === 'resource');
	const operationsOf = (resource) =>
		description.properties.find((p) => p.name === 'operation' && isShown(p, { resource }));
	return {
		defaultResource: resourceProperty.default,
		resourceName: (value) => resourceProperty.options.find((o) => o.value === value).name,
		resources: resourceProperty.options.map((o) => o.value).filter((v) => v !== CUSTOM_API_CALL),
		defaultOperation: (resource) => operationsOf(resource).default,
		operations: (resource) =>
			operationsOf(resource)
				.options.map((o) => o.value)
				.filter((v) => v !== CUSTOM_API_CALL),
		operationName: (resource, value) =>
			operationsOf(resource).options.find((o) => o.value === value).name,
	};
}

function panelSpec(description, form, resource, operation) {
	return {
		kind: 'panel',
		resource: form.resourceName(resource),
		operation: form.operationName(resource, operation),
		labels: shownFields(description, resource, operation),
		known: [...new Set(description.properties.map((p) => p.name))],
	};
}

/** Picks `name` in the dropdown of parameter `parameter` (opened here), timing the pick. */
async function pick(page, parameter, name, spec) {
	const option = await editorKit.dropdownOption(page, parameter, name);
	return measure(page, spec, () => option.click(), 'click');
}

/**
 * (3) For one node: its actions in the nodes panel, opening its panel, switching Resource, switching
 * Operation. `resources` are those to switch to, in order; operations are switched on the last of them.
 */
async function nodeInteractions(
	page,
	baseUrl,
	{ workflow, nodeName, searchName, description, resources, screenshot },
) {
	const form = formOf(description);
	const results = { actions: [], open: [], resource: [], operation: [] };
	const node = await editorKit.openWorkflow(page, baseUrl, workflow.id, nodeName);

	const { actions } = countDescription(description);
	const app = page.locator('[data-test-id="item-iterator-item"]').filter({
		has: page.locator('[data-test-id="node-creator-item-name"]', {
			hasText: editorKit.exactly(searchName),
		}),
	});
	for (let i = 0; i < ACTION_LISTS; i++) {
		await page.click('[data-test-id="node-creator-plus-button"]');
		await page.fill('input[data-test-id="node-creator-search-bar"]', searchName);
		await app.first().waitFor();
		results.actions.push(
			await measure(
				page,
				{
					kind: 'count',
					selector: '[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]',
					count: actions,
				},
				() => app.first().click(),
				'click',
			),
		);
		await editorKit.closeAll(page, '[data-test-id="node-creator"]');
	}

	let resource = form.defaultResource;
	let operation = form.defaultOperation(resource);
	for (let i = 0; i < REPEATS; i++) {
		results.open.push(
			await measure(
				page,
				panelSpec(description, form, resource, operation),
				() => node.dblclick(),
				'dblclick',
			),
		);
		await editorKit.closeAll(page, '[data-test-id="ndv"]');
	}

	await node.dblclick();
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
	for (const target of resources) {
		const targetOperation = form.defaultOperation(target);
		results.resource.push(
			await pick(
				page,
				'resource',
				form.resourceName(target),
				panelSpec(description, form, target, targetOperation),
			),
		);
		[resource, operation] = [target, targetOperation];
	}
	const ops = form.operations(resource);
	for (let i = 0; i < REPEATS; i++) {
		const target = ops[(ops.indexOf(operation) + 1) % ops.length];
		results.operation.push(
			await pick(
				page,
				'operation',
				form.operationName(resource, target),
				panelSpec(description, form, resource, target),
			),
		);
		operation = target;
	}
	if (screenshot) await page.screenshot({ path: screenshot });
	await editorKit.closeAll(page, '[data-test-id="ndv"]');
	return results;
}

/**
 * Editor loads of each target ({ key, route, spec }), interleaved so that any drift in the machine's load
 * falls on every kind alike.
 */
async function editorLoads(page, baseUrl, targets) {
	const loads = Object.fromEntries(targets.map(({ key }) => [key, []]));
	for (let i = 0; i < LOADS; i++)
		for (const { key, route, spec } of targets)
			loads[key].push(await measureLoad(page, `${baseUrl}${route}`, spec));
	return loads;
}

const emptyEditor = {
	key: 'empty',
	route: '/workflow/new',
	spec: { kind: 'count', selector: '[data-test-id="canvas-add-button"]', count: 1 },
};
const workflowEditor = ({ key, workflow, nodeName }) => ({
	key,
	route: `/workflow/${workflow.id}`,
	spec: {
		kind: 'count',
		selector: `[data-test-id="canvas-node"][data-node-name="${nodeName}"]`,
		count: 1,
	},
});

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
