'use strict';
/**
 * The editor driven in Chromium for bench/editor.js, and timed: probes installed in every page (input events,
 * long tasks, frame gaps), an interaction or a load timed from its input event or navigation to the frame
 * that shows the expected result, a node's interactions (its actions, its panel, Resource and Operation
 * switched) and editor loads.
 */
const editorKit = require('../scripts/demo/editor');
const { countDescription, formOf, panelSpec } = require('./editor-form');

const LOADS = 7;
const REPEATS = 7;
const ACTION_LISTS = 3;
// Long tasks that trail a render (e.g. a panel's deferred work) land within this window after its paint.
const SETTLE_MS = 700;

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
	results.operation = await switchOperations(page, description, form, resource, operation);
	if (screenshot) await page.screenshot({ path: screenshot });
	await editorKit.closeAll(page, '[data-test-id="ndv"]');
	return results;
}

/** Switches the open panel's Operation REPEATS times, each to the next of `resource`'s, timing each. */
async function switchOperations(page, description, form, resource, operation) {
	const ops = form.operations(resource);
	const runs = [];
	for (let i = 0; i < REPEATS; i++) {
		const target = ops[(ops.indexOf(operation) + 1) % ops.length];
		runs.push(
			await pick(
				page,
				'operation',
				form.operationName(resource, target),
				panelSpec(description, form, resource, target),
			),
		);
		operation = target;
	}
	return runs;
}

/**
 * A field changed in a workflow of several nodes: node `nodeName`'s panel opened (on `resource`), its
 * Operation switched REPEATS times.
 */
async function fieldChanges(page, baseUrl, { workflow, nodeName, description, resource }) {
	const form = formOf(description);
	const node = await editorKit.openWorkflow(page, baseUrl, workflow.id, nodeName);
	await node.dblclick();
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
	const runs = await switchOperations(
		page,
		description,
		form,
		resource,
		form.defaultOperation(resource),
	);
	await editorKit.closeAll(page, '[data-test-id="ndv"]');
	return runs;
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

/** A workflow of `count` nodes after its trigger, loaded until all are on the canvas. */
const nodesEditor = ({ key, workflow }, count) => ({
	key,
	route: `/workflow/${workflow.id}`,
	spec: { kind: 'count', selector: '[data-test-id="canvas-node"]', count: count + 1 },
});

module.exports = {
	LOADS,
	REPEATS,
	ACTION_LISTS,
	SETTLE_MS,
	installProbes,
	nodeInteractions,
	editorLoads,
	emptyEditor,
	workflowEditor,
	nodesEditor,
	fieldChanges,
};
