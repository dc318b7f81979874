'use strict';
/**
 * n8n's command line as a user runs it: the credential and workflows imported, a workflow executed with
 * `n8n execute` and its run data read back from the log.
 */
const fs = require('fs');
const path = require('path');
const { ROOT, WORK } = require('./install');
const { brokerPort, n8nEnv, spawnN8n } = require('./server');

const CREDENTIAL_ID = 'stripeCompleteDemo';
/** The node a workflow run by hand starts from: n8n's Manual Trigger, named Start. */
const MANUAL_TRIGGER = Object.freeze({
	id: 'start',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

/**
 * One n8n CLI command; resolves to its stdout, rejects with its output on failure. Asynchronous, so a
 * stand-in served from this process keeps answering while n8n runs.
 */
async function n8nCli(n8n, home, args, env = {}) {
	const broker = await brokerPort(env);
	return new Promise((resolve, reject) => {
		const child = spawnN8n(n8n, [n8n.bin, ...args], {
			env: n8nEnv(home, { ...n8n.env, ...broker, ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) return resolve(stdout);
			const error = new Error(`n8n ${args.join(' ')} exited with ${code}\n${stdout}\n${stderr}`);
			error.stdout = stdout;
			reject(error);
		});
	});
}

async function importCredential(n8n, home, { secretKey, baseUrl }, others = []) {
	const file = path.join(WORK, 'credential.json');
	const credential = {
		id: CREDENTIAL_ID,
		name: 'Stripe Complete account',
		type: 'stripeCompleteApi',
		data: { secretKey, baseUrl },
	};
	fs.writeFileSync(file, JSON.stringify([credential, ...others]), { mode: 0o600 });
	try {
		await n8nCli(n8n, home, ['import:credentials', `--input=${file}`]);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** An example workflow of examples/ by file name; `replace` swaps placeholder text first. */
function readExample(example, replace = {}) {
	let text = fs.readFileSync(path.join(ROOT, 'examples', example), 'utf8');
	for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
	return JSON.parse(text);
}

/**
 * Imports example workflows in one n8n call; `replace` swaps placeholder text (e.g. sample payment
 * IDs) first. Resolves to the workflows as imported.
 */
async function importWorkflows(n8n, home, examples, replace = {}) {
	const workflows = examples.map((example) => readExample(example, replace));
	await importWorkflowObjects(n8n, home, workflows);
	return workflows;
}

/** Imports workflow objects (each with an id) in one n8n call, e.g. a trigger workflow a test builds. */
async function importWorkflowObjects(n8n, home, workflows) {
	const dir = path.join(WORK, 'import-objects');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	workflows.forEach((workflow, i) =>
		fs.writeFileSync(path.join(dir, `${i}-${workflow.id}.json`), JSON.stringify(workflow)),
	);
	await n8nCli(n8n, home, ['import:workflow', '--separate', `--input=${dir}`]);
}

/** Each node's output items, by node name, from an execution's run data. */
function nodeOutputs(resultData) {
	/** @type {Record<string, Record<string, any>[]>} */
	const nodes = {};
	for (const [name, runs] of Object.entries(resultData?.runData ?? {}))
		nodes[name] = (runs[runs.length - 1].data?.main?.[0] ?? []).map((item) => item.json);
	return nodes;
}

/** The run data that `n8n execute` logs: the JSON object from a line "{" to the next line "}". */
function runData(output) {
	const lines = output.split('\n');
	const start = lines.indexOf('{');
	const end = lines.indexOf('}', start);
	return start >= 0 && end > start ? JSON.parse(lines.slice(start, end + 1).join('\n')) : undefined;
}

/** Executes a workflow and returns each node's output items, by node name. */
async function executeWorkflow(n8n, home, workflow) {
	let output;
	let failure;
	try {
		output = await n8nCli(n8n, home, ['execute', `--id=${workflow.id}`, '--rawOutput'], {
			N8N_LOG_LEVEL: 'info',
		});
	} catch (error) {
		output = error.stdout;
		failure = error.message;
	}
	const run = runData(output ?? '');
	const nodes = nodeOutputs(run?.data?.resultData);
	const error =
		run?.data?.resultData?.error?.message ??
		failure ??
		(run ? undefined : 'n8n printed no run data');
	return { ok: !error, error, nodes, raw: run };
}

module.exports = {
	CREDENTIAL_ID,
	MANUAL_TRIGGER,
	n8nCli,
	importCredential,
	readExample,
	importWorkflows,
	importWorkflowObjects,
	nodeOutputs,
	executeWorkflow,
};
