/**
 * The package in n8n's queue mode, with the real components: Redis and PostgreSQL from Debian's
 * packages on free loopback ports with their data in a temporary folder; n8n main, one webhook
 * processor and two workers (EXECUTIONS_MODE=queue), each with its own n8n folder into which the packed
 * package is installed with npm, as a user installs it on every instance. Stripe is the local stand-in
 * in this process; the bulk writes reach it through the fault proxy (latency, a rate limit, 5xx after
 * the write). Run by `npm run test:e2e:queue`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Stripe from 'stripe';
import * as n8n from '../../scripts/n8n';
import {
	type Item,
	RATE_LIMIT,
	WEBHOOK_KEY,
	POLLING_KEY,
	WORKERS,
	standIn,
	standInUrl,
	proxy,
	proxyUrl,
	rest,
	homes,
	processes,
	postgres,
	timings,
	mainUrl,
	webhookBase,
	until,
	timed,
	startCluster,
	stopCluster,
	stopWorkers,
	startWorkers,
	workerOf,
	executions,
	finished,
	output,
	credential,
	workflow,
	webhookNode,
	deliverAtOnce,
	triggerWorkflow,
	stripeAt,
	endpoints,
	endpointWrites,
	polls,
	useQueueCluster,
	TIME_SEED,
} from './queue/cluster';
import {
	ACCOUNT,
	SYNC_KEY,
	checksum,
	randomChanges,
	stripeRows,
	syncExample,
	tableRows,
} from './queue/sync';

const CREATES = 1000;
const WEBHOOK_ID = '5a0c4f1e-2b7d-4e8a-9c3f-7e1d0000a0e1';
const BULK_KEY = 'sk_test_queue_bulk_creates';
const STARTED = new Date();

useQueueCluster();

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
				webhookNode('bulk-in', 'Customers in', 'bulk-customers'),
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
		const answers = await deliverAtOnce(
			'the bulk webhook to be registered on the webhook processor',
			'bulk-customers',
			[0, 1].map((b) => JSON.stringify({ customers: batch(b) })),
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
				webhookNode('refund-in', 'Shopify refund', 'same-refund'),
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
			const answers = await deliverAtOnce('the webhook on the webhook processor', 'same-refund', [
				delivery,
				delivery,
			]);
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
		await n8n.sleep(3000);
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
	it('keeps its table equal to Stripe across changes made while the workers were stopped', async () => {
		standIn.connectedAccount(ACCOUNT);
		const stripe = stripeAt(SYNC_KEY);
		const seed = TIME_SEED;
		const { customers, change } = await randomChanges(stripe, seed);
		for (let i = 0; i < 15; i++) await change();

		const id = await syncExample();

		// Main polls at activation: the backfill, run by a worker. It reads the lists up to the second
		// before the poll by Stripe's clock (that second's objects come with their events): a second on.
		await n8n.sleep(1000);
		await n8n.activateWorkflow(rest, id);
		const [backfill] = await until('the backfill', async () => finished(await executions(id), 1));
		expect(backfill.status).toBe('success');
		expect(tableRows()).toEqual(await stripeRows());

		// The workers stop; Stripe changes; main polls at once (what Stripe lists already) and again once
		// Stripe lists every change (the late ones), each poll that found changes queuing an execution.
		await stopWorkers();
		customers.push(
			(
				await stripe.customers.create(
					{ name: 'Made while the workers were down' },
					{ stripeAccount: ACCOUNT },
				)
			).id,
		);
		for (let i = 0; i < 12; i++) await change();
		await n8n.pollNow(rest, id);
		const { pendingMs, late } = standIn.listing();
		await n8n.sleep(pendingMs + 1000);
		await n8n.pollNow(rest, id);
		await until('the changes polls to be queued', async () => (await executions(id)).length >= 2);
		expect(tableRows()).not.toEqual(await stripeRows());
		await startWorkers();
		const expected = await stripeRows();
		let list: Item[] = [];
		await n8n.poll(
			async () => {
				list = await executions(id);
				return finished(list, list.length) && tableRows().join('\n') === expected.join('\n');
			},
			120000,
			1000,
		);
		expect(list.length).toBeGreaterThanOrEqual(2);
		expect(list.length).toBeLessThanOrEqual(3);
		expect(list.map((e) => e.status)).toEqual(Array(list.length).fill('success'));
		for (const e of list) expect(workerOf(String(e.id))).toBeDefined();
		await n8n.deactivateWorkflow(rest, id);

		const table = tableRows();
		const line = `Sync to PostgreSQL (seed ${seed}): ${table.length} rows, checksum ${checksum(table)}; Stripe: ${expected.length} customers and subscriptions, checksum ${checksum(expected)}; ${list.length} executions; after the changes, Stripe listed its last event ${(pendingMs / 1000).toFixed(1)} s after the first poll, ${late} events in the suite over a second late`;
		console.log(line);
		timings.push(line);
		expect({ seed, table }).toEqual({ seed, table: expected });
	}, 600000);
});
