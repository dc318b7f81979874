/**
 * The package in n8n's queue mode, with the real components: Redis and PostgreSQL from Debian's
 * packages on free loopback ports with their data in a temporary folder; n8n main, one webhook
 * processor and two workers (EXECUTIONS_MODE=queue), each with its own n8n folder into which the packed
 * package is installed with npm, as a user installs it on every instance. Stripe is the local stand-in
 * in this process; the bulk writes reach it through the fault proxy (latency, a rate limit, 5xx after
 * the write). Run by `npm run test:e2e:queue`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Stripe from 'stripe';
import * as n8n from '../../scripts/n8n';
import { createFaultProxy, type FaultProxy } from '../../stand-ins/fault-proxy';
import { ensureDebianPackages, startPostgres, startRedis } from '../../scripts/n8n/services';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';

type Item = Record<string, any>;
type Process = Awaited<ReturnType<typeof n8n.startServer>>;

const RATE_LIMIT = 25;
const CREATES = 1000;
const WEBHOOK_ID = '5a0c4f1e-2b7d-4e8a-9c3f-7e1d0000a0e1';
const WEBHOOK_KEY = 'sk_test_queue_webhook_trigger';
const POLLING_KEY = 'sk_test_queue_polling_trigger';
const BULK_KEY = 'sk_test_queue_bulk_creates';
const STARTED = new Date();

let dir: string;
let standIn: StandIn;
let standInUrl: string;
let proxy: FaultProxy;
let proxyUrl: string;
let runtime: ReturnType<typeof n8n.ensureN8n>;
let rest: (method: string, route: string, body?: unknown) => Promise<any>;
const ports: Record<string, number> = {};
const homes: Record<string, string> = {};
const processes: Record<string, Process> = {};
let redis: Awaited<ReturnType<typeof startRedis>>;
let postgres: Awaited<ReturnType<typeof startPostgres>>;
const timings: string[] = [];

const WORKERS = ['worker-1', 'worker-2'];
const mainUrl = () => `http://127.0.0.1:${ports.main}`;
const webhookBase = () => `http://127.0.0.1:${ports.webhook}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
	what: string,
	probe: () => T | undefined | false | Promise<T | undefined | false>,
	timeoutMs = 120000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(
				`Timed out waiting for ${what}\n${Object.entries(processes)
					.map(([name, p]) => `--- ${name}\n${p.output().slice(-2000)}`)
					.join('\n')}`,
			);
		await sleep(250);
	}
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
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

/** Redis, PostgreSQL, then n8n main (it migrates the database), then the webhook processor and the workers. */
async function startCluster() {
	postgres = await startPostgres(path.join(dir, 'postgres'), { port: ports.postgres });
	redis = await startRedis(path.join(dir, 'redis'), ports.redis);
	ports.postgres = postgres.port;
	ports.redis = redis.port;
	processes.main = await n8n.startServer(runtime, homes.main, ports.main, clusterEnv());
	const others = await Promise.all([
		n8n.startServer(runtime, homes.webhook, ports.webhook, clusterEnv(), 'webhook'),
		...WORKERS.map((name) =>
			n8n.startServer(runtime, homes[name], ports[name], clusterEnv(), 'worker'),
		),
	]);
	['webhook', ...WORKERS].forEach((name, i) => (processes[name] = others[i]));
	rest = n8n.restClient(mainUrl(), await n8n.signIn(mainUrl()));
}

/** Each process's log from before a restart, so what ran where stays known. */
const earlierLogs: Record<string, string> = {};

async function stopCluster() {
	await Promise.all(Object.values(processes).map((p) => p.stop()));
	for (const [name, p] of Object.entries(processes))
		earlierLogs[name] = (earlierLogs[name] ?? '') + p.output();
	await redis?.stop();
	await postgres?.stop();
}

/** The worker whose log says it ran execution `id`, if one did. */
const workerOf = (id: string) =>
	WORKERS.find((name) =>
		`${earlierLogs[name] ?? ''}${processes[name].output()}`.includes(
			`Worker started execution ${id} `,
		),
	);

const executions = (workflowId: string): Promise<Item[]> => n8n.listExecutions(rest, workflowId);
const finished = (list: Item[], count: number) =>
	list.length >= count &&
	list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) &&
	list;
const output = (id: string) => n8n.executionOutput(runtime, rest, id);

async function credential(name: string, secretKey: string, baseUrl: string) {
	const { id } = await rest('POST', '/credentials', {
		name,
		type: 'stripeCompleteApi',
		data: { secretKey, baseUrl },
	});
	return { stripeCompleteApi: { id, name } };
}

async function workflow(name: string, nodes: Item[], connections: Item = {}) {
	const { id } = await rest('POST', '/workflows', {
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	});
	return id as string;
}

/** A workflow of one Stripe trigger node, named "Stripe events". */
const triggerWorkflow = (
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

const stripeAt = (key: string) => {
	const url = new URL(standInUrl);
	return new Stripe(key, { host: url.hostname, port: url.port, protocol: 'http' });
};
const endpoints = () => [...standIn.store.values()].filter((o) => o.object === 'webhook_endpoint');
const endpointWrites = () =>
	standIn.requests.filter((r) => r.path.startsWith('/v1/webhook_endpoints') && r.method !== 'GET');
const polls = () =>
	standIn.requests.filter(
		(r) => r.path === '/v1/events' && r.authorization === `Bearer ${POLLING_KEY}`,
	);

beforeAll(async () => {
	await timed('Redis and PostgreSQL packages', async () => ensureDebianPackages(n8n.log));
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-complete-queue-'));
	fs.chmodSync(dir, 0o755);
	standIn = createStandIn();
	standInUrl = await standIn.listen();
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

describe('n8n in queue mode', () => {
	it('runs main, one webhook processor and two workers over Redis and PostgreSQL, each with the package loaded', async () => {
		for (const name of WORKERS)
			expect(processes[name].output()).toMatch(/n8n worker is now ready[\s\S]*Concurrency: 10/);
		expect(processes.webhook.output()).toContain('Webhook listener waiting for requests.');
		expect(Number(postgres.psql('SELECT count(*) FROM migrations'))).toBeGreaterThan(10);
		const types = (await (
			await fetch(`${mainUrl()}/types/nodes.json`, {
				headers: { cookie: await n8n.signIn(mainUrl()) },
			})
		).json()) as Item[];
		expect(types.map((t) => t.name)).toEqual(
			expect.arrayContaining([
				n8n.NODE_TYPE,
				`${n8n.NODE_TYPE}Trigger`,
				`${n8n.NODE_TYPE}PollingTrigger`,
			]),
		);
		for (const name of Object.keys(processes))
			expect(
				fs.existsSync(
					path.join(homes[name], '.n8n', 'nodes', 'node_modules', n8n.PACKAGE, 'package.json'),
				),
			).toBe(true);
	});
});

describe('Stripe Complete in queue mode', () => {
	it(`creates ${CREATES.toLocaleString('en')} customers over two executions running at once on the workers, each exactly once, at the ${RATE_LIMIT} req/s limit`, async () => {
		const credentials = await credential('Stripe (rate-limited)', BULK_KEY, proxyUrl);
		const id = await workflow(
			'Bulk customers',
			[
				{
					id: 'bulk-in',
					name: 'Customers in',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'bulk-customers',
					parameters: {
						httpMethod: 'POST',
						path: 'bulk-customers',
						responseMode: 'onReceived',
						options: {},
					},
				},
				{
					id: 'bulk-split',
					name: 'One item each',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [250, 0],
					parameters: { fieldToSplitOut: 'body.customers', options: {} },
				},
				{
					id: 'bulk-create',
					name: 'Create customer',
					type: n8n.NODE_TYPE,
					typeVersion: 1,
					position: [500, 0],
					parameters: {
						resource: 'customer',
						operation: 'create',
						additionalFields: { email: '={{ $json.email }}', name: '={{ $json.name }}' },
					},
					credentials,
				},
			],
			{
				'Customers in': { main: [[{ node: 'One item each', type: 'main', index: 0 }]] },
				'One item each': { main: [[{ node: 'Create customer', type: 'main', index: 0 }]] },
			},
		);
		await n8n.activateWorkflow(rest, id);
		const half = CREATES / 2;
		const batch = (b: number) =>
			Array.from({ length: half }, (_, i) => ({
				email: `queue-${b}-${i}@example.com`,
				name: `Queue ${b} ${i}`,
			}));
		const answers = await until(
			'the bulk webhook to be registered on the webhook processor',
			async () => {
				const res = await Promise.all(
					[0, 1].map((b) =>
						fetch(`${webhookBase()}/webhook/bulk-customers`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ customers: batch(b) }),
						}),
					),
				);
				return res.every((r) => r.status !== 404) && res;
			},
		);
		expect(answers.map((r) => r.status)).toEqual([200, 200]);

		const runs = await timed('Bulk creates (1,000 over two executions)', () =>
			until('both bulk executions', async () => finished(await executions(id), 2), 600000),
		);
		expect(runs).toHaveLength(2);
		const details = await Promise.all(runs.map((r) => rest('GET', `/executions/${r.id}`)));
		expect(details.map((d) => [d.status, d.mode])).toEqual([
			['success', 'webhook'],
			['success', 'webhook'],
		]);
		const outs = await Promise.all(runs.map((r) => output(r.id)));
		for (const out of outs) {
			expect(out.error).toBeUndefined();
			expect(out.nodes['Create customer']).toHaveLength(half);
			expect(
				out.nodes['Create customer'].every(
					(c: Item) => c.object === 'customer' && /^cus_/.test(c.id),
				),
			).toBe(true);
		}
		// Both ran on workers, at the same time.
		const ranOn = runs.map((r) => workerOf(String(r.id)));
		expect(ranOn.every(Boolean)).toBe(true);
		const [a, b] = details.map((d) => [Date.parse(d.startedAt), Date.parse(d.stoppedAt)]);
		expect(a[0] < b[1] && b[0] < a[1]).toBe(true);

		// Every email exactly once in Stripe, none missing.
		const perEmail = new Map<string, number>();
		for (const o of standIn.store.values())
			if (o.object === 'customer' && /^queue-\d-\d+@/.test(o.email))
				perEmail.set(o.email, (perEmail.get(o.email) ?? 0) + 1);
		expect(perEmail.size).toBe(CREATES);
		expect([...perEmail.values()].every((n) => n === 1)).toBe(true);
		expect(proxy.counts.errorsApplied).toBeGreaterThan(0);

		// The rate Stripe saw: creates over the time from the first create to arrive to the last.
		const arrivals = standIn.requests
			.filter((r) => r.method === 'POST' && r.path === '/v1/customers')
			.map((r) => r.at);
		const seconds = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
		const rate = CREATES / seconds;
		const report =
			`${CREATES} creates in ${seconds.toFixed(1)} s (executions ${((Math.max(a[1], b[1]) - Math.min(a[0], b[0])) / 1000).toFixed(1)} s) over two executions (on ${ranOn.join(' and ')}): ${rate.toFixed(1)} created/s, ` +
			`${((rate / RATE_LIMIT) * 100).toFixed(1)}% of the ${RATE_LIMIT} req/s limit; ${proxy.counts.requests} requests, ${proxy.counts.rateLimited} answered 429 and retried, ` +
			`${proxy.counts.errorsApplied} answered 5xx after the write and retried with the same Idempotency-Key; 0 lost, 0 duplicated`;
		timings.push(`Bulk creates: ${report}`);
		console.log(report);
	}, 900000);
});

describe('one Shopify refund delivered to both workers at the same instant', () => {
	it("makes one Stripe refund: the second worker's request meets the first in flight (409), waits and gets its refund", async () => {
		const key = 'sk_test_queue_same_refund';
		const payment = await stripeAt(key).paymentIntents.create({
			amount: 5000,
			currency: 'usd',
			confirm: true,
			payment_method: 'pm_card_visa',
			automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
		});
		const id = await workflow(
			'Same refund twice',
			[
				{
					id: 'refund-in',
					name: 'Shopify refund',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'same-refund',
					parameters: {
						httpMethod: 'POST',
						path: 'same-refund',
						responseMode: 'onReceived',
						options: {},
					},
				},
				{
					id: 'refund-stripe',
					name: 'Refund in Stripe',
					type: n8n.NODE_TYPE,
					typeVersion: 2,
					position: [250, 0],
					parameters: {
						resource: 'refund',
						operation: 'create',
						chargeOrPaymentIntent: { __rl: true, mode: 'id', value: '={{ $json.body.payment }}' },
						additionalFields: { amount: '={{ $json.body.amount }} {{ $json.body.currency }}' },
						options: {
							idempotencyKey: '=shopify-refund-{{ $json.body.id }}',
							existing: { match: { key: 'shopify_refund_id', value: '={{ $json.body.id }}' } },
						},
					},
					credentials: await credential('Stripe (same refund)', key, standInUrl),
				},
			],
			{ 'Shopify refund': { main: [[{ node: 'Refund in Stripe', type: 'main', index: 0 }]] } },
		);
		await n8n.activateWorkflow(rest, id);
		// The first refund request stays in flight until a second one with its key was answered 409.
		standIn.setProcessingDelay(60000, { untilConflict: true });
		try {
			const delivery = JSON.stringify({
				id: 990001,
				payment: payment.id,
				amount: '12.50',
				currency: 'USD',
			});
			const answers = await until('the webhook on the webhook processor', async () => {
				const res = await Promise.all(
					[0, 1].map(() =>
						fetch(`${webhookBase()}/webhook/same-refund`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: delivery,
						}),
					),
				);
				return res.every((r) => r.status !== 404) && res;
			});
			expect(answers.map((r) => r.status)).toEqual([200, 200]);
			const runs = await until('both executions', async () => finished(await executions(id), 2));
			const outs = await Promise.all(runs.map((r: Item) => output(r.id)));
			const made = outs.map((o) => o.nodes['Refund in Stripe'][0]);
			expect(made[0]).toMatchObject({ object: 'refund', amount: 1250, status: 'succeeded' });
			expect(made[1].id).toBe(made[0].id);
			expect(runs.map((r: Item) => workerOf(String(r.id))).every(Boolean)).toBe(true);
		} finally {
			standIn.setProcessingDelay(0);
		}
		const posts = standIn.requests.filter(
			(r) =>
				r.method === 'POST' &&
				r.path === '/v1/refunds' &&
				r.idempotencyKey === 'shopify-refund-990001',
		);
		expect(posts.map((r) => r.status)).toContain(409);
		expect(posts.filter((r) => r.status === 200 && !r.replayed)).toHaveLength(1);
		expect(
			[...standIn.store.values()].filter(
				(o) => o.object === 'refund' && o.payment_intent === payment.id,
			),
		).toHaveLength(1);
	}, 300000);
});

describe('Stripe Complete triggers in queue mode', () => {
	let webhookWorkflow: string;
	let pollingWorkflow: string;
	let endpoint: Item;
	const products: Item[] = [];
	// The stretches main ran with the poller active: from its activation to the restart, and after it.
	let activatedAt = 0;
	let stoppingAt = 0;
	let stoppedAt = 0;

	it('activating from main creates one Stripe endpoint, for the webhook processor; signed events start executions on the workers', async () => {
		pollingWorkflow = await triggerWorkflow(
			'Stripe products (polling)',
			`${n8n.NODE_TYPE}PollingTrigger`,
			1,
			{
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				events: ['product.created'],
				options: { startFrom: STARTED.toISOString() },
			},
			await credential('Stripe (polling)', POLLING_KEY, standInUrl),
		);
		activatedAt = Date.now();
		await n8n.activateWorkflow(rest, pollingWorkflow);

		webhookWorkflow = await triggerWorkflow(
			'Stripe products (webhook)',
			`${n8n.NODE_TYPE}Trigger`,
			2,
			{ events: ['product.created'] },
			await credential('Stripe (webhook)', WEBHOOK_KEY, standInUrl),
			WEBHOOK_ID,
		);
		await n8n.activateWorkflow(rest, webhookWorkflow);
		[endpoint] = await until('the endpoint', () => endpoints().length > 0 && endpoints());
		expect(endpoints()).toHaveLength(1);
		expect(endpoint).toMatchObject({
			url: `${webhookBase()}/webhook/${WEBHOOK_ID}/webhook`,
			enabled_events: ['product.created'],
			status: 'enabled',
		});
		expect(endpointWrites().map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v1/webhook_endpoints',
		]);

		products.push(await stripeAt(WEBHOOK_KEY).products.create({ name: 'Queue product 1' }));
		const [run] = await until('the webhook execution', async () =>
			finished(await executions(webhookWorkflow), 1),
		);
		expect(run.status).toBe('success');
		expect(workerOf(String(run.id))).toBeDefined();
		expect(
			(await output(run.id)).nodes['Stripe events'].map((item: Item) => [item.id, item.event.type]),
		).toEqual([[products[0].id, 'product.created']]);
		await standIn.settled();
		expect(
			standIn.deliveries
				.filter((d) => d.endpointId === endpoint.id)
				.map((d) => [d.type, d.status, d.attempts]),
		).toEqual([['product.created', 'delivered', 1]]);
	}, 300000);

	it('a forged event posted to the webhook processor is refused and starts nothing', async () => {
		const payload = JSON.stringify({
			id: 'evt_forged',
			object: 'event',
			type: 'product.created',
			created: Math.floor(Date.now() / 1000),
			data: { object: { id: 'prod_forged', object: 'product' } },
		});
		const header = Stripe.webhooks.generateTestHeaderString({
			payload,
			secret: 'whsec_not_the_endpoint_secret',
		});
		const res = await fetch(endpoint.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'stripe-signature': header },
			body: payload,
		});
		expect(res.status).toBe(400);
		await sleep(3000);
		expect(await executions(webhookWorkflow)).toHaveLength(1);
		expect(WORKERS.some((name) => processes[name].output().includes('prod_forged'))).toBe(false);
	});

	it('after a restart of every process the endpoint is reused, its secret read back from PostgreSQL, and events flow again', async () => {
		// The signing secret lives in the workflow's static data, in PostgreSQL.
		const stored = JSON.parse(
			postgres.psql(`SELECT "staticData" FROM workflow_entity WHERE id = '${webhookWorkflow}'`),
		);
		expect(Object.values(stored).map((s: any) => [s.endpointId, s.secret])).toEqual([
			[endpoint.id, endpoint._secret],
		]);
		// The polling trigger has seen the first product before the restart; the second is made while n8n is down.
		await until(
			'the poll of the first product',
			async () => finished(await executions(pollingWorkflow), 1),
			150000,
		);
		const writesBefore = endpointWrites().length;
		await timed('Restart of every process (n8n x4, Redis, PostgreSQL)', async () => {
			stoppingAt = Date.now();
			await stopCluster();
			stoppedAt = Date.now();
			products.push(
				await stripeAt(WEBHOOK_KEY).products.create({
					name: 'Queue product 2 (made while n8n was down)',
				}),
			);
			await startCluster();
		});
		expect(endpointWrites()).toHaveLength(writesBefore);
		expect(endpoints().map((e) => e.id)).toEqual([endpoint.id]);

		products.push(await stripeAt(WEBHOOK_KEY).products.create({ name: 'Queue product 3' }));
		const runs = await until('the webhook execution after the restart', async () => {
			const list = await executions(webhookWorkflow);
			return (
				list.some((e) => e.status === 'success' && workerOf(String(e.id))) && finished(list, 2)
			);
		});
		const after = runs.find((e) => workerOf(String(e.id)));
		expect((await output(after!.id)).nodes['Stripe events'].map((item: Item) => item.id)).toEqual([
			products[2].id,
		]);
		await standIn.settled();
		expect(
			standIn.deliveries
				.filter((d) => d.endpointId === endpoint.id && d.status === 'delivered')
				.map((d) => d.type),
		).toEqual(['product.created', 'product.created']);
	}, 600000);

	it('the polling trigger polled once a minute whatever ran, and emitted every product event exactly once across the restart', async () => {
		const emitted = async () => {
			const list = (await executions(pollingWorkflow)).filter((e) => e.status === 'success');
			const outs = await Promise.all(list.map((e) => output(e.id)));
			return outs.flatMap((o) => o.nodes['Stripe events'].map((item: Item) => item.id as string));
		};
		await until(
			'the poll of the products made around the restart',
			async () => (await emitted()).length >= products.length,
			150000,
		);
		const ids = await emitted();
		expect([...ids].sort()).toEqual(products.map((p) => p.id).sort());

		// n8n polls once when main activates the trigger (at activation, and as main starts after the restart),
		// then once a minute, at a second it picks, while main runs; the webhook processor and the workers
		// never poll. So each stretch of main running holds one poll at its start, then one a minute apart.
		// Two scheduled polls after the restart, so a minute between two of them is seen.
		await until(
			'two scheduled polls after the restart',
			() => polls().filter((r) => r.at >= stoppedAt).length >= 3,
			180000,
		);
		const end = Date.now();
		const times = polls().map((r) => r.at);
		const stretches = [
			{ from: activatedAt, to: stoppedAt, due: stoppingAt },
			{ from: stoppedAt, to: end, due: end },
		].map(({ from, to, due }) => ({ due, polls: times.filter((at) => at >= from && at <= to) }));
		expect(times).toHaveLength(stretches[0].polls.length + stretches[1].polls.length);
		const gaps = stretches.flatMap(({ polls: [atStart, ...scheduled], due }) => {
			expect(atStart).toBeDefined();
			const seconds = scheduled.map((at, i) =>
				Math.round((at - (i ? scheduled[i - 1] : atStart)) / 1000),
			);
			// The first comes within a minute of the activation poll, the next a minute apart, none overdue.
			expect(seconds[0] ?? 0).toBeLessThanOrEqual(61);
			expect(seconds.slice(1).filter((gap) => gap < 57 || gap > 63)).toEqual([]);
			expect((scheduled.at(-1) ?? atStart) + 63000).toBeGreaterThanOrEqual(due);
			return seconds;
		});
		expect(stretches[1].polls.length).toBeGreaterThanOrEqual(3);
		const executionsRun = await executions(pollingWorkflow);
		for (const e of executionsRun) expect(workerOf(String(e.id))).toBeDefined();
		timings.push(
			`Polling: ${times.length} polls, 2 at activation and ${gaps.length} scheduled (seconds after the one before: ${gaps.join(', ')}); ${executionsRun.length} executions, ${ids.length} events emitted once each`,
		);
	}, 420000);

	it('deactivation from main deletes the endpoint; the webhook URL then answers 404', async () => {
		await n8n.deactivateWorkflow(rest, webhookWorkflow);
		await until('the endpoint delete', () => endpoints().length === 0);
		expect(
			endpointWrites()
				.map((r) => `${r.method} ${r.path}`)
				.slice(-1),
		).toEqual([`DELETE /v1/webhook_endpoints/${endpoint.id}`]);
		const res = await until('the webhook to be removed from the webhook processor', async () => {
			const answer = await fetch(endpoint.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: '{}',
			});
			return answer.status === 404 && answer;
		});
		expect(res.status).toBe(404);
	});
});

describe('Stripe Complete Sync Trigger in queue mode: the PostgreSQL example', () => {
	const SYNC_KEY = 'sk_test_queue_sync';
	const ACCOUNT = 'acct_queue_sync';
	/** Rows as `id canonical-JSON`, sorted: the table's, or Stripe's customers and subscriptions. */
	const tableRows = () =>
		postgres
			.psql('SELECT id, data::text FROM stripe_objects ORDER BY id')
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [id, data] = line.split('|');
				return `${id} ${n8n.canonical(JSON.parse(data))}`;
			});
	const stripeRows = async () => {
		const stripe = stripeAt(SYNC_KEY);
		const objects: Item[] = [];
		for (const list of [stripe.customers, stripe.subscriptions])
			objects.push(
				...(await (list.list as any)({ limit: 100 }, { stripeAccount: ACCOUNT }).autoPagingToArray({
					limit: 10000,
				})),
			);
		return objects.map((o) => `${o.id} ${n8n.canonical(o)}`).sort();
	};
	const checksum = (rows: string[]) =>
		require('crypto').createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);

	it('keeps its table equal to Stripe across changes made while the workers were stopped', async () => {
		standIn.connectedAccount(ACCOUNT);
		const stripe = stripeAt(SYNC_KEY);
		const as = { stripeAccount: ACCOUNT };
		const seed = Number(process.env.SYNC_SEED ?? Date.now() % 100000);
		const { mulberry32 } = require('../../stand-ins/fault-proxy');
		const random = mulberry32(seed);
		const product = await stripe.products.create({ name: 'Queue plan' }, as);
		const price = await stripe.prices.create(
			{ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } },
			as,
		);
		const customers: string[] = [];
		const subscriptions: string[] = [];
		const subscribed = new Set<string>();
		const change = async () => {
			// Creates weigh more, so the table fills up.
			const op = random() < 0.4 ? 0 : Math.floor(random() * 5);
			const pick = (ids: string[]) => ids[Math.floor(random() * ids.length)];
			if (op === 0 || !customers.length)
				customers.push((await stripe.customers.create({ name: `Q${random()}` }, as)).id);
			else if (op === 1)
				await stripe.customers.update(pick(customers), { metadata: { r: String(random()) } }, as);
			else if (op === 2 && customers.some((c) => !subscribed.has(c))) {
				const id = pick(customers.filter((c) => !subscribed.has(c)));
				customers.splice(customers.indexOf(id), 1);
				await stripe.customers.del(id, {}, as);
			} else if (op === 3) {
				const customer = pick(customers);
				subscribed.add(customer);
				subscriptions.push(
					(await stripe.subscriptions.create({ customer, items: [{ price: price.id }] }, as)).id,
				);
			} else if (op === 4 && subscriptions.length) {
				const id = pick(subscriptions);
				subscriptions.splice(subscriptions.indexOf(id), 1);
				await stripe.subscriptions.cancel(id, {}, as);
			}
		};
		for (let i = 0; i < 15; i++) await change();

		postgres.psql(
			'CREATE TABLE stripe_objects (id text PRIMARY KEY, object text NOT NULL, data jsonb NOT NULL, event_id text, synced_at timestamptz NOT NULL DEFAULT now())',
		);
		const { id: pgId } = await rest('POST', '/credentials', {
			name: 'Postgres account',
			type: 'postgres',
			data: {
				host: '127.0.0.1',
				port: postgres.port,
				database: postgres.database,
				user: postgres.user,
				password: '',
				ssl: 'disable',
			},
		});
		const example = JSON.parse(
			fs.readFileSync(path.join(n8n.ROOT, 'examples', 'stripe-sync-to-postgres.json'), 'utf8'),
		);
		const stripeCredentials = await credential('Stripe (sync)', SYNC_KEY, standInUrl);
		for (const node of example.nodes) {
			if (node.credentials?.postgres)
				node.credentials = { postgres: { id: pgId, name: 'Postgres account' } };
			if (node.credentials?.stripeCompleteApi) {
				node.credentials = stripeCredentials;
				node.parameters.options = { stripeAccount: ACCOUNT };
			}
		}
		const id = await workflow(example.name, example.nodes, example.connections);
		const done = async (count: number) => {
			const list = await until(`${count} sync executions`, async () =>
				finished(await executions(id), count),
			);
			expect(list.map((e) => e.status)).toEqual(Array(count).fill('success'));
			for (const e of list) expect(workerOf(String(e.id))).toBeDefined();
		};

		// Main polls at activation: the backfill, run by a worker.
		await n8n.nextSecond();
		await n8n.activateWorkflow(rest, id);
		await done(1);
		expect(tableRows()).toEqual(await stripeRows());

		// The workers stop; Stripe changes; main polls (an activation) and queues the execution.
		await Promise.all(WORKERS.map((name) => processes[name].stop()));
		for (const name of WORKERS)
			earlierLogs[name] = (earlierLogs[name] ?? '') + processes[name].output();
		customers.push(
			(await stripe.customers.create({ name: 'Made while the workers were down' }, as)).id,
		);
		for (let i = 0; i < 12; i++) await change();
		await n8n.nextSecond();
		await n8n.deactivateWorkflow(rest, id);
		await n8n.activateWorkflow(rest, id);
		await until('the changes poll to be queued', async () => (await executions(id)).length >= 2);
		expect(tableRows()).not.toEqual(await stripeRows());
		const restarted = await Promise.all(
			WORKERS.map((name) =>
				n8n.startServer(runtime, homes[name], ports[name], clusterEnv(), 'worker'),
			),
		);
		WORKERS.forEach((name, i) => (processes[name] = restarted[i]));
		await done(2);
		await n8n.deactivateWorkflow(rest, id);

		const table = tableRows();
		const expected = await stripeRows();
		const line = `Sync to PostgreSQL (seed ${seed}): ${table.length} rows, checksum ${checksum(table)}; Stripe: ${expected.length} customers and subscriptions, checksum ${checksum(expected)}`;
		console.log(line);
		timings.push(line);
		expect({ seed, table }).toEqual({ seed, table: expected });
	}, 600000);
});
