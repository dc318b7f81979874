/**
 * The Stripe triggers in a real n8n: the packed package installed as a community node, workflows
 * activated through n8n's REST API as the editor's toggle does, Stripe played by the local stand-in in
 * this process. Stripe Complete Trigger (version 2, webhook): the endpoint n8n registers with Stripe,
 * signed events run the workflow, unsigned or wrongly signed ones are refused and run nothing, a restart
 * reuses the endpoint and deactivation deletes it. Stripe Complete Polling Trigger: no webhook, events
 * emitted once each, oldest first. Workflows saved with version 1 (Mode) still run, in both modes.
 */
import Stripe from 'stripe';
import * as n8n from '../../scripts/n8n';
import {
	type Item,
	HOME,
	POLLING_WEBHOOK_ID,
	V1_POLLING_WEBHOOK_ID,
	V1_WEBHOOK_ID,
	NODE,
	NOW,
	WEBHOOK_TRIGGER,
	POLLING_TRIGGER,
	BASE,
	PRODUCTION_URL,
	webhookUrl,
	WEBHOOK_WORKFLOW,
	POLLING_WORKFLOW,
	V1_POLLING_WORKFLOW,
	V1_WEBHOOK_WORKFLOW,
	REFUND_WEBHOOK_ID,
	REFUNDS_BY_WEBHOOK,
	REFUNDS_BY_POLLING,
	refundWorkflow,
	standIn,
	standInUrl,
	runtime,
	server,
	rest,
	cookie,
	until,
	start,
	endpointCalls,
	endpoints,
	executions,
	finished,
	signedEvent,
	post,
	postOnceActive,
	useTriggerN8n,
} from './trigger/harness';

useTriggerN8n();

describe('the two Stripe triggers in n8n', () => {
	it('n8n lists Stripe Complete Trigger in versions 1 and 2 (webhook only, the default) and Stripe Complete Polling Trigger as polled', async () => {
		const types = (await (
			await fetch(`${BASE}/types/nodes.json`, { headers: { cookie } })
		).json()) as Item[];
		const webhookVersions = types.filter((t) => t.name === WEBHOOK_TRIGGER);
		expect(webhookVersions.map((t) => t.version).sort()).toEqual([1, 2]);
		const [v1, v2] = [1, 2].map((version) => webhookVersions.find((t) => t.version === version)!);
		expect(v2).toMatchObject({
			displayName: 'Stripe Complete Trigger',
			defaultVersion: 2,
			group: ['trigger'],
			webhooks: [{ name: 'default', httpMethod: 'POST' }],
		});
		expect(v2.polling).toBeUndefined();
		expect(v2.properties.map((p: Item) => p.name)).toEqual([
			'events',
			'connect',
			'signingSecret',
			'filters',
			'options',
		]);
		expect(v1).toMatchObject({
			polling: true,
			properties: expect.arrayContaining([
				expect.objectContaining({ name: 'pollTimes' }),
				expect.objectContaining({ name: 'mode', default: 'webhook' }),
			]),
		});

		const pollingVersions = types.filter((t) => t.name === POLLING_TRIGGER);
		expect(pollingVersions).toHaveLength(1);
		expect(pollingVersions[0]).toMatchObject({
			displayName: 'Stripe Complete Polling Trigger',
			version: 1,
			polling: true,
			group: ['trigger'],
		});
		expect(pollingVersions[0].webhooks).toBeUndefined();
		// n8n adds its Poll Times to polled nodes, and only to those.
		expect(pollingVersions[0].properties.map((p: Item) => p.name)).toEqual([
			'pollTimes',
			'events',
			'filters',
			'options',
		]);
		expect(pollingVersions[0].description).not.toBe(v2.description);

		// Each shows the Stripe icon (n8n resolves a version's icon from the folder of the node it belongs to).
		for (const type of [v1, v2, pollingVersions[0]])
			for (const url of [type.iconUrl.light, type.iconUrl.dark]) {
				const icon = await fetch(`${BASE}/${url}`, { headers: { cookie } });
				expect([url, icon.status, (await icon.text()).startsWith('<svg')]).toEqual([
					url,
					200,
					true,
				]);
			}
	});
});

describe('Stripe Complete Trigger in n8n (version 2, webhook)', () => {
	let secret: string;
	let endpointId: string;

	it('activating the workflow creates exactly one Stripe webhook endpoint, for its production webhook URL', async () => {
		await n8n.activateWorkflow(rest, WEBHOOK_WORKFLOW.id);
		const [create] = await until(
			'the webhook endpoint create',
			() =>
				endpointCalls().some((r) => r.method === 'POST') &&
				endpointCalls().filter((r) => r.method === 'POST'),
		);
		expect(endpointCalls().map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /v1/webhook_endpoints',
			'POST /v1/webhook_endpoints',
		]);
		expect(create.body).toEqual({
			url: PRODUCTION_URL,
			enabled_events: ['customer.created'],
			api_version: Stripe.API_VERSION,
			connect: false,
			description: `n8n workflow "${WEBHOOK_WORKFLOW.name}" (${WEBHOOK_WORKFLOW.id}), node "${NODE}"`,
			metadata: { created_by: 'n8n-nodes-stripe-complete', connect: 'false' },
		});
		expect(create.authorization).toBe('Bearer sk_test_standin_trigger_e2e');
		const [endpoint] = endpoints();
		expect(endpoints()).toHaveLength(1);
		secret = endpoint._secret;
		endpointId = endpoint.id;
	});

	it('a signed event POSTed to the webhook URL answers 200 and runs the workflow once, with the event object as its item', async () => {
		const customer = standIn.seed('customers', {
			email: 'ada@example.com',
			name: 'Ada Lovelace',
			metadata: { crm_id: '42' },
		});
		const { event, payload, header } = signedEvent(customer, secret);
		const res = await postOnceActive('the webhook to be registered', payload, {
			'stripe-signature': header,
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ received: true });

		const [execution] = await until('the execution', async () =>
			finished(await executions(WEBHOOK_WORKFLOW.id), 1),
		);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		const output = await n8n.executionOutput(runtime, rest, execution.id);
		expect(output.error).toBeUndefined();
		expect(output.nodes[NODE]).toEqual([
			{
				...customer,
				event: {
					id: event.id,
					type: 'customer.created',
					created: customer.created,
					livemode: false,
					account: null,
					api_version: Stripe.API_VERSION,
					request: event.request,
					previous_attributes: null,
				},
			},
		]);
	});

	it('unsigned, wrongly signed, tampered and stale requests are refused with 400 and run nothing', async () => {
		const customer = standIn.seed('customers', { email: 'eve@example.com' });
		const { payload, header } = signedEvent(customer, secret);
		const refusals = [
			await post(payload),
			await post(payload, {
				'stripe-signature': signedEvent(customer, 'whsec_not_the_endpoint_secret').header,
			}),
			await post(payload.replace('eve@example.com', 'mallory@example.com'), {
				'stripe-signature': header,
			}),
			await post(payload, {
				'stripe-signature': signedEvent(customer, secret, Math.floor(Date.now() / 1000) - 3600)
					.header,
			}),
		];
		expect(await Promise.all(refusals.map(async (r) => [r.status, await r.json()]))).toEqual([
			[400, { error: 'Missing Stripe-Signature header' }],
			[400, { error: 'No signatures found matching the expected signature for payload' }],
			[400, { error: 'No signatures found matching the expected signature for payload' }],
			[400, { error: 'Timestamp outside the tolerance zone' }],
		]);
		// n8n creates an execution before it answers, so a refused request that had started one would show now.
		expect(await executions(WEBHOOK_WORKFLOW.id)).toHaveLength(1);

		const next = standIn.seed('customers', { email: 'grace@example.com' });
		const genuine = signedEvent(next, secret);
		expect((await post(genuine.payload, { 'stripe-signature': genuine.header })).status).toBe(200);
		const list = await until('the second execution', async () =>
			finished(await executions(WEBHOOK_WORKFLOW.id), 2),
		);
		expect(list).toHaveLength(2);
		expect(
			(await n8n.executionOutput(runtime, rest, list[0].id)).nodes[NODE].map(
				(item: Item) => item.email,
			),
		).toEqual(['grace@example.com']);
	});
});

describe('Stripe Complete Polling Trigger in n8n', () => {
	const seeded: Item[] = [];

	it('activating a polling workflow registers no webhook and runs once with the events since Start From, oldest first', async () => {
		standIn.event(
			'customer.created',
			{ id: 'cus_before_start', object: 'customer' },
			{ created: NOW - 7200 },
		);
		seeded.push(
			standIn.event(
				'customer.created',
				{ id: 'cus_polled_1', object: 'customer' },
				{ created: NOW - 600 },
			),
		);
		seeded.push(
			standIn.event(
				'customer.created',
				{ id: 'cus_polled_2', object: 'customer' },
				{ created: NOW - 300 },
			),
		);
		standIn.event(
			'customer.deleted',
			{ id: 'cus_polled_1', object: 'customer' },
			{ created: NOW - 200 },
		);
		standIn.requests.length = 0;

		await n8n.activateWorkflow(rest, POLLING_WORKFLOW.id);
		const [execution] = await until('the polling execution', async () =>
			finished(await executions(POLLING_WORKFLOW.id), 1),
		);
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		const output = await n8n.executionOutput(runtime, rest, execution.id);
		expect(output.nodes[NODE].map((item: Item) => [item.id, item.event.id])).toEqual(
			seeded.map((e) => [e.data.object.id, e.id]),
		);
		// Only the Events API is asked (a poll at a minute boundary could add a second, identical in kind).
		expect(new Set(standIn.requests.map((r) => `${r.method} ${r.path}`))).toEqual(
			new Set(['GET /v1/events']),
		);
		expect(standIn.requests[0].query).toEqual({
			limit: 100,
			type: 'customer.created',
			created: { gte: NOW - 3600 },
		});

		expect((await post('{}', {}, webhookUrl(POLLING_WEBHOOK_ID))).status).toBe(404);
		expect(endpoints().map((e) => e.id)).toEqual([expect.stringMatching(/^we_/)]);
	});
});

describe('Stripe Complete Trigger version 1 in n8n, Mode Polling (a workflow saved before the split)', () => {
	it('activates without a webhook or Stripe endpoint and runs once with the events since Start From, as before', async () => {
		const endpointsBefore = endpoints().map((e) => e.id);
		standIn.requests.length = 0;
		await n8n.activateWorkflow(rest, V1_POLLING_WORKFLOW.id);
		const [execution] = await until('the version 1 polling execution', async () =>
			finished(await executions(V1_POLLING_WORKFLOW.id), 1),
		);
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		const output = await n8n.executionOutput(runtime, rest, execution.id);
		expect(output.nodes[NODE].map((item: Item) => item.id)).toEqual([
			'cus_polled_1',
			'cus_polled_2',
		]);
		expect(endpointCalls()).toEqual([]);
		expect(endpoints().map((e) => e.id)).toEqual(endpointsBefore);
		expect((await post('{}', {}, webhookUrl(V1_POLLING_WEBHOOK_ID))).status).toBe(404);
	});
});

describe('Stripe Complete Trigger in n8n: restart and deactivation', () => {
	it('after a restart the webhook endpoint is reused (not recreated) and the pollers emit only the new event', async () => {
		const [before] = endpoints();
		await server.stop();
		const fresh = standIn.event(
			'customer.created',
			{ id: 'cus_polled_3', object: 'customer' },
			{ created: NOW + 1 },
		);
		standIn.requests.length = 0;
		await start();

		const customer = standIn.seed('customers', { email: 'after-restart@example.com' });
		const { payload, header } = signedEvent(customer, before._secret);
		const res = await postOnceActive('the webhook to be registered again', payload, {
			'stripe-signature': header,
		});
		expect(res.status).toBe(200);
		// n8n 2.x keeps a webhook-only workflow's webhooks registered across restarts (it runs no checkExists
		// then), so the endpoint and the secret held in the workflow serve on: nothing is created or deleted.
		expect(endpointCalls().filter((r) => r.method !== 'GET')).toEqual([]);
		expect(endpoints().map((e) => e.id)).toEqual([before.id]);

		const webhookRuns = await until('the execution after the restart', async () =>
			finished(await executions(WEBHOOK_WORKFLOW.id), 3),
		);
		expect(
			(await n8n.executionOutput(runtime, rest, webhookRuns[0].id)).nodes[NODE].map(
				(item: Item) => item.email,
			),
		).toEqual(['after-restart@example.com']);

		for (const workflow of [POLLING_WORKFLOW, V1_POLLING_WORKFLOW]) {
			const pollRuns = await until(`the poll of "${workflow.name}" after the restart`, async () =>
				finished(await executions(workflow.id), 2),
			);
			expect(pollRuns).toHaveLength(2);
			expect(
				(await n8n.executionOutput(runtime, rest, pollRuns[0].id)).nodes[NODE].map(
					(item: Item) => item.event.id,
				),
			).toEqual([fresh.id]);
		}
	});

	it('deactivating the webhook workflow deletes its Stripe endpoint; the URL then answers 404', async () => {
		const [endpoint] = endpoints();
		standIn.requests.length = 0;
		await n8n.deactivateWorkflow(rest, WEBHOOK_WORKFLOW.id);
		await until('the endpoint delete', () => endpointCalls().length > 0);
		expect(endpointCalls().map((r) => `${r.method} ${r.path}`)).toEqual([
			`DELETE /v1/webhook_endpoints/${endpoint.id}`,
		]);
		expect(endpoints()).toEqual([]);
		expect((await post('{}')).status).toBe(404);
	});
});

describe('Stripe Complete Trigger version 1 in n8n, Mode Webhook (the default)', () => {
	it('activation creates its endpoint, a signed event runs the workflow, a forged one is refused, deactivation deletes the endpoint', async () => {
		const url = webhookUrl(V1_WEBHOOK_ID);
		standIn.requests.length = 0;
		await n8n.activateWorkflow(rest, V1_WEBHOOK_WORKFLOW.id);
		const [create] = await until(
			'the version 1 endpoint create',
			() =>
				endpointCalls().some((r) => r.method === 'POST') &&
				endpointCalls().filter((r) => r.method === 'POST'),
		);
		expect(create.body).toMatchObject({
			url,
			enabled_events: ['customer.created'],
			connect: false,
			metadata: { created_by: 'n8n-nodes-stripe-complete', connect: 'false' },
		});
		const [endpoint] = endpoints();
		expect(endpoints()).toHaveLength(1);

		const customer = standIn.seed('customers', { email: 'version-one@example.com' });
		const { payload, header } = signedEvent(customer, endpoint._secret);
		const res = await postOnceActive(
			'the version 1 webhook to be registered',
			payload,
			{ 'stripe-signature': header },
			url,
		);
		expect([res.status, await res.json()]).toEqual([200, { received: true }]);
		const forged = await post(
			payload,
			{ 'stripe-signature': signedEvent(customer, 'whsec_not_the_endpoint_secret').header },
			url,
		);
		expect(forged.status).toBe(400);
		const [execution] = await until('the version 1 webhook execution', async () =>
			finished(await executions(V1_WEBHOOK_WORKFLOW.id), 1),
		);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(
			(await n8n.executionOutput(runtime, rest, execution.id)).nodes[NODE].map((item: Item) => [
				item.email,
				item.event.type,
			]),
		).toEqual([['version-one@example.com', 'customer.created']]);
		expect(await executions(V1_WEBHOOK_WORKFLOW.id)).toHaveLength(1);

		standIn.requests.length = 0;
		await n8n.deactivateWorkflow(rest, V1_WEBHOOK_WORKFLOW.id);
		await until('the version 1 endpoint delete', () => endpointCalls().length > 0);
		expect(endpointCalls().map((r) => `${r.method} ${r.path}`)).toEqual([
			`DELETE /v1/webhook_endpoints/${endpoint.id}`,
		]);
		expect(endpoints()).toEqual([]);
	});
});

describe('a refund made by Stripe Complete starts a workflow through each trigger', () => {
	it("the stand-in's charge.refunded reaches the webhook trigger at once, signed, and the polling trigger at its next poll", async () => {
		const url = new URL(standInUrl);
		const stripe = new Stripe('sk_test_standin_trigger_e2e', {
			host: url.hostname,
			port: url.port,
			protocol: 'http',
		});
		const payment = await stripe.paymentIntents.create({
			amount: 4500,
			currency: 'usd',
			confirm: true,
			payment_method: 'pm_card_visa',
		});
		// The polling trigger's first poll only notes the time: it emits what happens after it.
		await n8n.activateWorkflow(rest, REFUNDS_BY_POLLING.id);
		await n8n.activateWorkflow(rest, REFUNDS_BY_WEBHOOK.id);
		const endpoint = await until('the refund endpoint', () =>
			endpoints().find((e) => e.url === webhookUrl(REFUND_WEBHOOK_ID)),
		);
		expect(endpoint.enabled_events).toEqual(['charge.refunded']);

		const workflow = refundWorkflow(payment.id);
		await n8n.importWorkflowObjects(runtime, HOME, [workflow]);
		const made = await n8n.executeWorkflow(runtime, HOME, workflow);
		expect(made.error).toBeUndefined();
		const [refund] = made.nodes['Refund in Stripe'];
		expect(refund).toMatchObject({
			object: 'refund',
			amount: 1200,
			payment_intent: payment.id,
			status: 'succeeded',
		});

		// The event's object is the charge, partly refunded.
		const expected = [['charge', refund.charge, 'charge.refunded', 4500, 1200, false]];
		const shape = (item: Item) => [
			item.object,
			item.id,
			item.event.type,
			item.amount,
			item.amount_refunded,
			item.refunded,
		];
		const [byWebhook] = await until('the webhook execution', async () =>
			finished(await executions(REFUNDS_BY_WEBHOOK.id), 1),
		);
		expect(byWebhook).toMatchObject({ status: 'success', mode: 'webhook' });
		expect((await n8n.executionOutput(runtime, rest, byWebhook.id)).nodes[NODE].map(shape)).toEqual(
			expected,
		);
		await standIn.settled();
		expect(
			standIn.deliveries
				.filter((d) => d.endpointId === endpoint.id)
				.map((d) => [d.type, d.status, d.attempts]),
		).toEqual([['charge.refunded', 'delivered', 1]]);

		// n8n polls at most once a minute.
		const [byPolling] = await until(
			'the poll after the refund',
			async () => finished(await executions(REFUNDS_BY_POLLING.id), 1),
			150000,
		);
		expect(byPolling).toMatchObject({ status: 'success', mode: 'trigger' });
		expect((await n8n.executionOutput(runtime, rest, byPolling.id)).nodes[NODE].map(shape)).toEqual(
			expected,
		);
	}, 300000);
});
