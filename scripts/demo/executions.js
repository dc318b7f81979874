'use strict';
/** Where the demo writes each example's output, and a trigger workflow's executions gathered as one run. */
const fs = require('fs');
const path = require('path');
const n8n = require('../n8n');

const OUTPUT = path.join(n8n.WORK, 'output');

/**
 * The executions a trigger workflow started, waited for (bounded) until there are `count` and `enough`
 * holds of their items (each node's items, in the order the executions started), as one run.
 * @param {(nodes: Record<string, Record<string, any>[]>) => boolean} [enough]
 */
async function triggered(runtime, rest, key, workflow, count, enough = () => true) {
	n8n.log(`Waiting for "${workflow.name}" to run ${count} time${count === 1 ? '' : 's'}`);
	let executions = [];
	let outputs = [];
	/** @type {Record<string, Record<string, any>[]>} */
	let nodes = {};
	const gather = async () => {
		outputs = [];
		for (const execution of [...executions].reverse())
			outputs.push(await n8n.executionOutput(runtime, rest, execution.id));
		nodes = {};
		for (const output of outputs)
			for (const [node, items] of Object.entries(output.nodes))
				nodes[node] = [...(nodes[node] ?? []), ...items];
	};
	// A run short of `count` or of `enough` is reported as such rather than thrown.
	const done = await n8n.poll(
		async () => {
			executions = (await n8n.listExecutions(rest, workflow.id)).filter(
				(e) => e.status !== 'running' && e.status !== 'new',
			);
			if (executions.length < count) return false;
			await gather();
			return enough(nodes);
		},
		90000,
		500,
	);
	if (executions.length < count) await gather();
	const failed = outputs.find((o) => o.status !== 'success');
	const error = failed
		? (failed.error ?? failed.status)
		: executions.length < count
			? `ran ${executions.length} of ${count} times`
			: done
				? undefined
				: `ran ${executions.length} times without all it was waited for`;
	const file = path.join(OUTPUT, `${key}.json`);
	fs.writeFileSync(file, JSON.stringify(outputs, null, 2));
	return {
		key,
		workflow,
		ok: !error,
		error,
		nodes,
		byExecution: outputs.map((o) => o.nodes),
		executions: executions.length,
		file: path.relative(n8n.ROOT, file),
	};
}

module.exports = { OUTPUT, triggered };
