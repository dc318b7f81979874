'use strict';
/** Where the demo writes each example's output, and a trigger workflow's executions gathered as one run. */
const fs = require('fs');
const path = require('path');
const n8n = require('../n8n');

const OUTPUT = path.join(n8n.WORK, 'output');

/**
 * The executions a trigger workflow started, waited for (bounded) until there are `count`, as one run:
 * each node's items in the order the executions started.
 */
async function triggered(runtime, rest, key, workflow, count) {
	n8n.log(`Waiting for "${workflow.name}" to run ${count} time${count === 1 ? '' : 's'}`);
	let executions = [];
	// A run short of `count` is reported as such rather than thrown.
	await n8n.poll(
		async () => {
			executions = (await n8n.listExecutions(rest, workflow.id)).filter(
				(e) => e.status !== 'running' && e.status !== 'new',
			);
			return executions.length >= count;
		},
		90000,
		500,
	);
	const outputs = [];
	for (const execution of [...executions].reverse())
		outputs.push(await n8n.executionOutput(runtime, rest, execution.id));
	/** @type {Record<string, Record<string, any>[]>} */
	const nodes = {};
	for (const output of outputs)
		for (const [node, items] of Object.entries(output.nodes))
			nodes[node] = [...(nodes[node] ?? []), ...items];
	const failed = outputs.find((o) => o.status !== 'success');
	const error = failed
		? (failed.error ?? failed.status)
		: executions.length < count
			? `ran ${executions.length} of ${count} times`
			: undefined;
	const file = path.join(OUTPUT, `${key}.json`);
	fs.writeFileSync(file, JSON.stringify(outputs, null, 2));
	return {
		key,
		workflow,
		ok: !error,
		error,
		nodes,
		executions: executions.length,
		file: path.relative(n8n.ROOT, file),
	};
}

module.exports = { OUTPUT, triggered };
