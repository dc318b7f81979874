/**
 * The queue-mode suite's cluster, one per run: Redis and PostgreSQL from Debian's packages on free
 * loopback ports with their data in a temporary folder; n8n main, one webhook processor and two workers
 * (EXECUTIONS_MODE=queue), each with its own n8n folder into which the packed package is installed with
 * npm. Stripe is the local stand-in in this process; the bulk creates reach it through the fault proxy.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Stripe from 'stripe';
import * as n8n from '../../../scripts/n8n';
import { createFaultProxy, type FaultProxy } from '../../../stand-ins/fault-proxy';
import { ensureDebianPackages, startPostgres, startRedis } from '../../../scripts/n8n/services';
import { createStandIn, drawnTime, type StandIn } from '../../../stand-ins/stripe';

export type Item = Record<string, any>;
type Process = Awaited<ReturnType<typeof n8n.startServer>>;

export const RATE_LIMIT = 25;
export const WEBHOOK_KEY = 'sk_test_queue_webhook_trigger';
export const POLLING_KEY = 'sk_test_queue_polling_trigger';
export const WORKERS = ['worker-1', 'worker-2'];
/**
 * Stripe's time for the suite, and the sync's random changes, drawn from this seed (SYNC_SEED to repeat a
 * run): Stripe's clock 2-30 s from n8n's, events listed late with a tail to 20 s, Search lagging 10 s.
 */
export const TIME_SEED = Number(process.env.SYNC_SEED ?? Date.now() % 100000);
const STRIPE_TIME = drawnTime(TIME_SEED, { tailMs: 20000, slowShare: 0.3 });

let dir: string;
export let standIn: StandIn;
export let standInUrl: string;
export let proxy: FaultProxy;
export let proxyUrl: string;
export let runtime: ReturnType<typeof n8n.ensureN8n>;
export let rest: (method: string, route: string, body?: unknown) => Promise<any>;
const ports: Record<string, number> = {};
export const homes: Record<string, string> = {};
export const processes: Record<string, Process> = {};
let redis: Awaited<ReturnType<typeof startRedis>>;
export let postgres: Awaited<ReturnType<typeof startPostgres>>;
/** Lines of the report printed after the suite. */
export const timings: string[] = [];

export const mainUrl = () => `http://127.0.0.1:${ports.main}`;
export const webhookBase = () => `http://127.0.0.1:${ports.webhook}`;

/** Waits (bounded) for what the cluster does; a timeout shows the end of every process's log. */
export const until = <T>(
	what: string,
	probe: () => T | undefined | false | Promise<T | undefined | false>,
	timeoutMs = 120000,
) =>
	n8n.until(what, probe, timeoutMs, () =>
		Object.entries(processes)
			.map(([name, p]) => `--- ${name}\n${p.output().slice(-2000)}`)
			.join('\n'),
	) as Promise<T>;

export async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await work();
	timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return result;
}

/** What every n8n process of the cluster shares: queue mode over the Redis, data in the PostgreSQL. */
const clusterEnv = () => ({
	EXECUTIONS_MODE: 'queue',
	QUEUE_BULL_REDIS_HOST: '127.0.0.1',
	QUEUE_BULL_REDIS_PORT: String(redis.port),
	DB_TYPE: 'postgresdb',
	DB_POSTGRESDB_HOST: '127.0.0.1',
	DB_POSTGRESDB_PORT: String(postgres.port),
	DB_POSTGRESDB_DATABASE: postgres.database,
	DB_POSTGRESDB_USER: postgres.user,
	DB_POSTGRESDB_PASSWORD: '',
	// Stripe is told the webhook processor's URL, as a load balancer would route /webhook/ to it.
	N8N_WEBHOOK_URL: `${webhookBase()}/`,
});

const startWorker = (name: string) =>
	n8n.startServer(runtime, homes[name], ports[name], clusterEnv(), 'worker');

/** Redis, PostgreSQL, then n8n main (it migrates the database), then the webhook processor and the workers. */
export async function startCluster() {
	postgres = await startPostgres(path.join(dir, 'postgres'), { port: ports.postgres });
	redis = await startRedis(path.join(dir, 'redis'), ports.redis);
	ports.postgres = postgres.port;
	ports.redis = redis.port;
	processes.main = await n8n.startServer(runtime, homes.main, ports.main, clusterEnv());
	const others = await Promise.all([
		n8n.startServer(runtime, homes.webhook, ports.webhook, clusterEnv(), 'webhook'),
		...WORKERS.map(startWorker),
	]);
	['webhook', ...WORKERS].forEach((name, i) => (processes[name] = others[i]));
	rest = n8n.restClient(mainUrl(), await n8n.signIn(mainUrl()));
}

/** Each process's log from before a restart, so what ran where stays known. */
const earlierLogs: Record<string, string> = {};

async function stop(names: string[]) {
	await Promise.all(names.map((name) => processes[name].stop()));
	for (const name of names)
		earlierLogs[name] = (earlierLogs[name] ?? '') + processes[name].output();
}

export async function stopCluster() {
	await stop(Object.keys(processes));
	await redis?.stop();
	await postgres?.stop();
}

export const stopWorkers = () => stop(WORKERS);

export async function startWorkers() {
	const restarted = await Promise.all(WORKERS.map(startWorker));
	WORKERS.forEach((name, i) => (processes[name] = restarted[i]));
}

/** The worker whose log says it ran execution `id`, if one did. */
export const workerOf = (id: string) =>
	WORKERS.find((name) =>
		`${earlierLogs[name] ?? ''}${processes[name].output()}`.includes(
			`Worker started execution ${id} `,
		),
	);

export const executions = (workflowId: string): Promise<Item[]> =>
	n8n.listExecutions(rest, workflowId);
export const finished = (list: Item[], count: number) =>
	list.length >= count &&
	list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) &&
	list;
export const output = (id: string) => n8n.executionOutput(runtime, rest, id);

export async function credential(name: string, secretKey: string, baseUrl: string) {
	const { id } = await rest('POST', '/credentials', {
		name,
		type: 'stripeCompleteApi',
		data: { secretKey, baseUrl },
	});
	return { stripeCompleteApi: { id, name } };
}

export async function workflow(name: string, nodes: Item[], connections: Item = {}) {
	const { id } = await rest('POST', '/workflows', {
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	});
	return id as string;
}

/** A Webhook node answering at once, its deliveries POSTed to /webhook/`webhookPath`. */
export const webhookNode = (id: string, name: string, webhookPath: string) => ({
	id,
	name,
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: webhookPath,
	parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
});

/** POSTs the JSON bodies at once to the webhook processor's /webhook/`webhookPath`, once it is registered there. */
export const deliverAtOnce = (what: string, webhookPath: string, bodies: string[]) =>
	until(what, async () => {
		const res = await Promise.all(
			bodies.map((body) =>
				fetch(`${webhookBase()}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body,
				}),
			),
		);
		return res.every((r) => r.status !== 404) && res;
	});

/** A workflow of one Stripe trigger node, named "Stripe events". */
export const triggerWorkflow = (
	name: string,
	type: string,
	typeVersion: number,
	parameters: Item,
	credentials: Item,
	webhookId?: string,
) =>
	workflow(name, [
		{
			id: `${name}-trigger`,
			name: 'Stripe events',
			type,
			typeVersion,
			position: [0, 0],
			...(webhookId ? { webhookId } : {}),
			parameters,
			credentials,
		},
	]);

export const stripeAt = (key: string) => {
	const url = new URL(standInUrl);
	return new Stripe(key, { host: url.hostname, port: url.port, protocol: 'http' });
};
export const endpoints = () =>
	[...standIn.store.values()].filter((o) => o.object === 'webhook_endpoint');
export const endpointWrites = () =>
	standIn.requests.filter((r) => r.path.startsWith('/v1/webhook_endpoints') && r.method !== 'GET');
export const polls = () =>
	standIn.requests.filter(
		(r) => r.path === '/v1/events' && r.authorization === `Bearer ${POLLING_KEY}`,
	);

/** The cluster started before the file's tests and stopped after them, with the timings printed. */
export function useQueueCluster() {
	beforeAll(async () => {
		await timed('Redis and PostgreSQL packages', async () => ensureDebianPackages(n8n.log));
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-complete-queue-'));
		fs.chmodSync(dir, 0o755);
		standIn = createStandIn({ time: STRIPE_TIME });
		standInUrl = await standIn.listen();
		n8n.log(
			`Stripe's time from seed ${TIME_SEED}: its clock ${STRIPE_TIME.offsetMs} ms from n8n's`,
		);
		proxy = createFaultProxy(standInUrl, {
			seed: 13,
			latencyMs: 50,
			rateLimit: { rps: RATE_LIMIT, burst: RATE_LIMIT / 5 },
			// A few creates answered 500 after Stripe applied them: only the Idempotency-Key keeps them single.
			serverErrorRate: 0.01,
			serverErrorAppliedShare: 1,
			only: ({ method, path: route }) => method === 'POST' && route === '/v1/customers',
		});
		proxyUrl = await proxy.listen();
		runtime = n8n.ensureN8n();
		for (const name of ['main', 'webhook', ...WORKERS, 'postgres', 'redis'])
			ports[name] = await n8n.freePort();
		const tarball = n8n.pack();
		await timed('Package installed into 4 n8n folders', async () => {
			for (const name of ['main', 'webhook', ...WORKERS]) {
				homes[name] = path.join(dir, `n8n-${name}`);
				n8n.installPackage(homes[name], tarball);
			}
		});
		await timed(
			'Cluster start (PostgreSQL, Redis, main with migrations, webhook processor, 2 workers)',
			startCluster,
		);
	}, 900000);

	afterAll(async () => {
		await stopCluster();
		await proxy?.close();
		await standIn?.close();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
		console.log(`Queue mode suite timings:\n${timings.map((t) => `  ${t}`).join('\n')}`);
	}, 120000);
}
