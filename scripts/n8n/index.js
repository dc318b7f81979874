'use strict';
/**
 * Runs this package inside a real n8n, the way a user installs it: the packed tarball in
 * $N8N_USER_FOLDER/.n8n/nodes, the credential and example workflows imported, each executed with
 * `n8n execute`. Shared by `npm run demo`, `npm run dev` and the end-to-end tests.
 */
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.demo');
const PACKAGE = require('../../package.json').name;
const NODE_TYPE = `${PACKAGE}.stripeComplete`;
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

/** The n8n that `npm run demo` and the tests use unless N8N_VERSION names another (see install.sh). */
const PINNED_VERSION = /N8N_VERSION:-([\d.]+)/.exec(
	fs.readFileSync(path.join(__dirname, 'install.sh'), 'utf8'),
)[1];

const t0 = Date.now();
const log = (message) =>
	console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

/** Installs (first run only) and locates the pinned n8n and Node 24. */
function ensureN8n() {
	log('Checking the cached n8n install (the first run installs it; later runs reuse it)');
	const out = execFileSync('bash', [path.join(__dirname, 'install.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	const env = Object.fromEntries(
		out
			.trim()
			.split('\n')
			.map((line) => line.split(/=(.*)/s).slice(0, 2)),
	);
	// n8n 1.x's default expression engine runs on isolated-vm 6, built for Node 22 only: on Node 20 n8n
	// 1.x runs with its legacy engine (the one n8n 1.x used before), as a user on Node 20 must.
	const legacyEngine = env.N8N_VERSION.startsWith('1.') && Number(env.N8N_NODE_MAJOR) < 22;
	return {
		node: env.N8N_NODE,
		bin: env.N8N_BIN,
		version: env.N8N_VERSION,
		env: legacyEngine ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {},
	};
}

/** Packs the package (`npm pack`) into WORK; resolves to the tarball's path. */
function pack() {
	fs.mkdirSync(WORK, { recursive: true });
	log('Packing the package (npm pack)');
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', WORK], {
		cwd: ROOT,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	return path.join(WORK, tarball);
}

/**
 * Installs the packed package (`tarball`, packed now when not given) as a community node of the n8n
 * user folder `home`, replacing any earlier one, with a plain `npm install` as a user would:
 * n8n-workflow, an optional peer that n8n itself provides, is not installed.
 */
function installPackage(home, tarball = pack()) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	fs.rmSync(nodesDir, { recursive: true, force: true });
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }),
	);
	log(`Installing ${path.basename(tarball)} into ${nodesDir}`);
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

function n8nEnv(home, extra = {}) {
	// Under a test runner NODE_ENV=test would make n8n silence the log that carries the run data.
	const { NODE_ENV, JEST_WORKER_ID, ...inherited } = process.env;
	return {
		...inherited,
		N8N_USER_FOLDER: home,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: 'stripe-complete-demo-encryption-key',
		N8N_LOG_LEVEL: 'warn',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		...extra,
	};
}

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

/**
 * Imports example workflows in one n8n call; `replace` swaps placeholder text (e.g. sample payment
 * IDs) first. Resolves to the workflows as imported.
 */
async function importWorkflows(n8n, home, examples, replace = {}) {
	const workflows = examples.map((example) => {
		let text = fs.readFileSync(path.join(ROOT, 'examples', example), 'utf8');
		for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
		return JSON.parse(text);
	});
	await importWorkflowObjects(n8n, home, workflows);
	return workflows;
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

/**
 * Starts an n8n process and resolves once it answers on `port` (a free one when not given), with its
 * `port` and `url`. `command` is n8n's: `start`, the server (editor, REST, webhooks), the default; in
 * queue mode also `webhook`, a webhook processor serving on `port`, and `worker`, whose health server
 * answers on `port`. The task broker gets a free port of its own.
 */
async function startServer(n8n, home, port, extraEnv = {}, command = 'start') {
	port = port ?? (await freePort());
	const broker = await brokerPort(extraEnv);
	const listen =
		command === 'worker'
			? {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}
			: { N8N_PORT: String(port) };
	const child = spawnN8n(n8n, [n8n.bin, command], {
		env: n8nEnv(home, { ...n8n.env, ...listen, N8N_LOG_LEVEL: 'info', ...broker, ...extraEnv }),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (c) => (output += c));
	child.stderr.on('data', (c) => (output += c));
	const url = `http://127.0.0.1:${port}`;
	log(
		`Starting n8n ${command} on ${url} (task broker on 127.0.0.1:${broker.N8N_RUNNERS_BROKER_PORT ?? extraEnv.N8N_RUNNERS_BROKER_PORT})`,
	);
	const deadline = Date.now() + 180000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`n8n ${command} exited with ${child.exitCode}\n${output}`);
		try {
			const res = await fetch(`${url}/healthz/readiness`);
			if (res.ok) return { child, port, url, output: () => output, stop: () => stopChild(child) };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	await stopChild(child);
	throw new Error(`n8n ${command} did not become ready on port ${port}\n${output}`);
}

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Stripe-Complete-1',
};

/** Signs in to a running n8n as its owner (set up on first use); resolves to the session cookie. */
async function signIn(baseUrl) {
	const post = (route, body) =>
		fetch(`${baseUrl}${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	let res = await post('/rest/owner/setup', OWNER);
	// n8n 1.x reports ready a moment before its REST routes are mounted.
	for (let tries = 0; res.status === 404 && tries < 60; tries++) {
		await new Promise((r) => setTimeout(r, 500));
		res = await post('/rest/owner/setup', OWNER);
	}
	if (!res.ok)
		res = await post('/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	if (!res.ok) throw new Error(`Could not sign in to n8n: ${res.status} ${await res.text()}`);
	return (res.headers.get('set-cookie') ?? '').split(';')[0];
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

/** A caller of a running n8n's REST API as the signed-in owner; resolves to the answer's `data`. */
function restClient(baseUrl, cookie) {
	return async (method, route, body) => {
		const res = await fetch(`${baseUrl}/rest${route}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${route} answered ${res.status}: ${text}`);
		return JSON.parse(text).data;
	};
}

/**
 * Activates (publishes, in n8n 2.x words) a workflow in a running n8n, as the editor's toggle does: its
 * trigger nodes are registered (webhook endpoints created, pollers started) before this resolves.
 */
async function activateWorkflow(rest, workflowId) {
	const { versionId } = await rest('GET', `/workflows/${workflowId}`);
	return rest('POST', `/workflows/${workflowId}/activate`, { versionId });
}

/** Deactivates a workflow in a running n8n: its webhooks' delete methods run before this resolves. */
const deactivateWorkflow = (rest, workflowId) =>
	rest('POST', `/workflows/${workflowId}/deactivate`, {});

/**
 * Polls `probe` every 250 ms until it gives a truthy value, and resolves to it; bounded by `timeoutMs`,
 * after which the error ends with what `context` gives (a server's last output, say).
 */
async function until(what, probe, timeoutMs = 90000, context = () => '') {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(
				`Timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`.trimEnd(),
			);
		await sleep(250);
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (bounded) until a production webhook URL is registered, i.e. answers anything but 404: n8n 2.x
 * publishes an activated workflow's webhooks after the activation call has returned. `init` is the
 * probe's fetch options (POST by default); resolves to the first answer that is not 404.
 */
const webhookRegistered = (url, init = {}) =>
	until(`${url} to be registered`, async () => {
		const res = await fetch(url, { method: 'POST', ...init });
		if (res.status !== 404) return res;
		await res.body?.cancel();
	});

/** Creates an n8n Data Table (text columns) in the owner's project: { id, projectId }. */
async function createDataTable(rest, name, columns) {
	const { id: projectId } = await rest('GET', '/projects/personal');
	const table = await rest('POST', `/projects/${projectId}/data-tables`, {
		name,
		columns: columns.map((column) => ({ name: column, type: 'string' })),
	});
	return { id: table.id, projectId };
}

/** Every row of a Data Table made by createDataTable. */
async function dataTableRows(rest, { id, projectId }) {
	const rows = [];
	for (;;) {
		const { data, count } = await rest(
			'GET',
			`/projects/${projectId}/data-tables/${id}/rows?skip=${rows.length}&take=1000`,
		);
		rows.push(...data);
		if (!data.length || rows.length >= count) return rows;
	}
}

/** JSON with keys sorted, so two copies of an object compare by content. */
const canonical = (value) =>
	JSON.stringify(value, (_, v) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(
					Object.keys(v)
						.sort()
						.map((k) => [k, v[k]]),
				)
			: v,
	);

/**
 * Waits for the next second: a Stripe Complete Sync poll leaves the events of its own second to the next
 * poll (more may still come in it), so a poll that must see every write so far starts in a later second.
 */
async function nextSecond() {
	const second = Math.floor(Date.now() / 1000);
	while (Math.floor(Date.now() / 1000) === second) await new Promise((r) => setTimeout(r, 20));
}

/** A workflow's executions, newest first: [{ id, status, mode }]. */
async function listExecutions(rest, workflowId) {
	// n8n answers at most 100 a page, newest first; the next page starts below the last ID.
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const all = [];
	for (let lastId; ;) {
		const { results } = await rest(
			'GET',
			`/executions?filter=${filter}&limit=100${lastId ? `&lastId=${lastId}` : ''}`,
		);
		all.push(...results);
		if (results.length < 100) break;
		lastId = results[results.length - 1].id;
	}
	return all.map(({ id, status, mode }) => ({ id: String(id), status, mode }));
}

/** One execution's output items by node name (the REST API sends run data in n8n's flatted form). */
async function executionOutput(n8n, rest, executionId) {
	const { parse } = require(path.resolve(path.dirname(n8n.bin), '..', '..', 'flatted'));
	const execution = await rest('GET', `/executions/${executionId}`);
	const run = parse(execution.data);
	return {
		status: execution.status,
		mode: execution.mode,
		error: run.resultData?.error?.message,
		nodes: nodeOutputs(run.resultData),
	};
}

/** A TCP port free on 127.0.0.1 now, for a second n8n beside one that may hold 5678 and 5679. */
function freePort() {
	return listenOn(0);
}

/** `preferred` when it is free on 127.0.0.1, otherwise any free port: a fixed URL when possible, never a clash. */
function preferredPort(preferred) {
	return listenOn(preferred).catch(() => listenOn(0));
}

function listenOn(port) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address();
			server.close(() => resolve(bound));
		});
	});
}

/**
 * A free port for the task broker that `n8n start` and `n8n execute` open, unless `env` names one: its
 * default, 5679, belongs to any other n8n running on the machine, and n8n exits when it is taken.
 */
async function brokerPort(env) {
	return env.N8N_RUNNERS_BROKER_PORT ? {} : { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

/** The n8n processes started here and still running, so stopAll can end them even mid-start. */
const running = new Set();
let stoppingAll = false;

function spawnN8n(n8n, args, options) {
	if (stoppingAll) throw new Error('not starting n8n: stopping');
	const child = spawn(n8n.node, args, options);
	// No pid: it never started, and 'error' says why.
	if (child.pid === undefined) return child;
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
}

/** Stops every n8n process started here, servers still starting included, and starts no more. */
async function stopAll() {
	stoppingAll = true;
	await Promise.all([...running].map((child) => stopChild(child)));
}

/** Stops a child with `signal` (SIGTERM unless given), then SIGKILL if it lingers; resolves when it has exited. */
function stopChild(child, signal = 'SIGTERM') {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', resolve);
		child.kill(signal);
		setTimeout(() => child.kill('SIGKILL'), 10000).unref();
	});
}

module.exports = {
	ROOT,
	WORK,
	PACKAGE,
	PINNED_VERSION,
	NODE_TYPE,
	CREDENTIAL_ID,
	MANUAL_TRIGGER,
	OWNER,
	log,
	signIn,
	ensureN8n,
	pack,
	installPackage,
	importCredential,
	importWorkflows,
	executeWorkflow,
	startServer,
	n8nCli,
	importWorkflowObjects,
	restClient,
	activateWorkflow,
	deactivateWorkflow,
	until,
	sleep,
	webhookRegistered,
	createDataTable,
	dataTableRows,
	canonical,
	nextSecond,
	listExecutions,
	executionOutput,
	n8nEnv,
	stopChild,
	stopAll,
	freePort,
	preferredPort,
};
