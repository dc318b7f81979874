'use strict';
/**
 * bench/editor.js's figures as a report: medians and ratios to the built-in Stripe node of the same run,
 * the table's rows (Stripe Complete, the built-in Stripe node, HubSpot v2) and the budgets' lines.
 */
const { countDescription } = require('./editor-form');
const { LOADS, REPEATS, ACTION_LISTS } = require('./editor-page');

/** The budgets: medians at most this many times the built-in Stripe node's, same run. */
const RATIO_BUDGET = 1.5;
const TOP_LEVEL_BUDGET = 600;
const ACTIONS_BUDGET_MS = 1500;

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
const medianMs = (runs) => median(runs.map((r) => r.ms));

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
	return `${kb(c.bytes)}: ${int(c.resources)} resources, ${int(c.operations)} operations${listed}, ${int(c.properties)} properties (${int(c.ofDefaultVersion)} of the default version; ${int(c.fields)} with those inside collections)`;
}

/**
 * The table's rows, each with a cell per node (the built-in Stripe node's the baseline, the others with
 * their ratio to it), and the budgets' lines.
 */
function budgetRows({
	nodes,
	builtIn,
	described,
	loads,
	plainLoads,
	runs,
	manyKey,
	workflowNodes,
	startRows,
}) {
	const ratio = (runsOf, node) => medianMs(runsOf(node)) / medianMs(runsOf(builtIn));
	const cells = (runsOf, extra = () => '') =>
		nodes.map((node) => {
			const text = `${timing(runsOf(node))}${extra(node)}`;
			return node === builtIn ? text : `${text} (${ratio(runsOf, node).toFixed(2)}x)`;
		});
	const counts = Object.fromEntries(nodes.map((n) => [n.key, countDescription(n.description)]));
	const ours = nodes[0];
	const interactions = [
		[
			'open',
			`(a) Open the node's panel until Resource/Operation fields render, median / max of ${REPEATS}`,
		],
		['resource', "(b) Switch Resource until the new operation's fields render"],
		['operation', '(c) Switch Operation until its fields render'],
	];
	const rows = [
		[
			'Node description, serialized, as n8n sends it to the editor',
			describeCounts(described),
			...nodes.slice(1).map((n) => describeCounts(counts[n.key])),
		],
		...startRows,
		[
			`Editor load, empty workflow, median / max of ${LOADS}`,
			timing(loads.empty),
			`${timing(plainLoads.empty)} without the package`,
			'',
		],
		['Editor load, workflow with the node', ...cells((n) => loads[n.key])],
		[`Editor load, workflow of ${workflowNodes} nodes`, ...cells((n) => loads[manyKey(n)])],
		...interactions.map(([key, label]) => [label, ...cells((n) => runs[n.key][key])]),
		[
			`Switch Operation in node ${Math.ceil(workflowNodes / 2)} of a workflow of ${workflowNodes} nodes`,
			...cells((n) => runs[n.key].many),
		],
		[
			`(d) Its actions in the nodes panel, median / max of ${ACTION_LISTS}`,
			...cells(
				(n) => runs[n.key].actions,
				(n) => ` (${int(counts[n.key].actions)} actions)`,
			),
		],
		[
			'Main thread during (a)–(d): longest task, longest frame gap',
			...nodes.map((n) => {
				const all = ['actions', 'open', 'resource', 'operation'].flatMap((k) => runs[n.key][k]);
				return `${ms(Math.max(...all.map((r) => r.longestTask)))}, ${ms(Math.max(...all.map((r) => r.longestGap)))}`;
			}),
		],
	];
	const within = (value, budget) => (value <= budget ? 'within' : 'OVER');
	const ratioLine = (label, runsOf) => {
		const figures = nodes
			.filter((n) => n !== builtIn)
			.map((n) => `${n.name} ${ratio(runsOf, n).toFixed(2)}x`)
			.join(', ');
		return `- ${label}: ${figures} the built-in Stripe node (budget ${RATIO_BUDGET}x: ${within(ratio(runsOf, ours), RATIO_BUDGET)})`;
	};
	const actionsMs = medianMs(runs[ours.key].actions);
	const summary = [
		'Budgets (medians, same run):',
		`- Top-level properties of the default version: ${int(described.ofDefaultVersion)} (budget ${TOP_LEVEL_BUDGET}: ${within(described.ofDefaultVersion, TOP_LEVEL_BUDGET)}); built-in Stripe ${int(counts[builtIn.key].ofDefaultVersion)}, HubSpot v2 ${int(counts.hubspot.ofDefaultVersion)}`,
		...interactions.map(([key]) =>
			ratioLine(
				{ open: 'Open', resource: 'Switch resource', operation: 'Switch operation' }[key],
				(n) => runs[n.key][key],
			),
		),
		ratioLine(`Open a workflow of ${workflowNodes} nodes`, (n) => loads[manyKey(n)]),
		ratioLine(`Change a field in a workflow of ${workflowNodes} nodes`, (n) => runs[n.key].many),
		`- Action list: ${ms(actionsMs)} (budget ${ms(ACTIONS_BUDGET_MS)}: ${within(actionsMs, ACTIONS_BUDGET_MS)})`,
	].join('\n');
	return { rows, summary };
}

module.exports = { budgetRows, describeCounts, kb, mb, seconds, startTiming };
