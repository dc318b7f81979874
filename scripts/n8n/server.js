'use strict';
/**
 * n8n processes: the environment they run with (SQLite, loopback only, no telemetry), a task broker port of
 * their own, the server started and waited for, and every process started here stopped on demand.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { log } = require('./install');
const { freePort, until } = require('./waits');

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
 * A free port for the task broker that `n8n start` and `n8n execute` open, unless `env` names one: its
 * default, 5679, belongs to any other n8n running on the machine, and n8n exits when it is taken.
 */
async function brokerPort(env) {
	return env.N8N_RUNNERS_BROKER_PORT ? {} : { N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
}

/** The n8n processes started here and still running, so stopAll can end them even mid-start. */
const running = new Set();
let stoppingAll = false;

/**
 * n8n gives community nodes its own n8n-workflow (it puts its node_modules on NODE_PATH). A home here lives
 * inside the repo, whose node_modules holds the development copy, which Node finds first walking up from
 * the package: so the home's nodes folder links n8n's own copy, and the package meets the n8n-workflow of
 * the n8n it runs in, as in a user's ~/.n8n.
 */
function linkOwnWorkflow(n8n, home) {
	const nodeModules = path.join(home, '.n8n', 'nodes', 'node_modules');
	if (!fs.existsSync(nodeModules)) return;
	const own = path.dirname(
		require.resolve('n8n-workflow/package.json', { paths: [path.dirname(n8n.bin)] }),
	);
	const link = path.join(nodeModules, 'n8n-workflow');
	if (
		fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() &&
		fs.readlinkSync(link) === own
	)
		return;
	fs.rmSync(link, { recursive: true, force: true });
	fs.symlinkSync(own, link, 'dir');
}

function spawnN8n(n8n, args, options) {
	if (stoppingAll) throw new Error('not starting n8n: stopping');
	linkOwnWorkflow(n8n, options.env.N8N_USER_FOLDER);
	const child = spawn(n8n.node, args, options);
	// No pid: it never started, and 'error' says why.
	if (child.pid === undefined) return child;
	running.add(child);
	child.once('exit', () => running.delete(child));
	return child;
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
	const ready = async () => {
		if (child.exitCode !== null)
			throw new Error(`n8n ${command} exited with ${child.exitCode}\n${output}`);
		try {
			return (await fetch(`${url}/healthz/readiness`)).ok;
		} catch {
			return false; // not listening yet
		}
	};
	try {
		await until(
			`n8n ${command} to become ready on port ${port}`,
			ready,
			180000,
			() => output,
			1000,
		);
	} catch (error) {
		await stopChild(child);
		throw error;
	}
	return { child, port, url, output: () => output, stop: () => stopChild(child) };
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

module.exports = { n8nEnv, brokerPort, spawnN8n, startServer, stopAll, stopChild };
