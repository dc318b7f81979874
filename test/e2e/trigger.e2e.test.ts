/**
 * Stripe Complete Trigger in a real n8n: the packed package installed as a community node, workflows
 * activated through n8n's REST API as the editor's toggle does, Stripe played by the local stand-in in
 * this process. Webhook mode: the endpoint n8n registers with Stripe, signed events run the workflow,
 * unsigned or wrongly signed ones are refused and run nothing, a restart reuses the endpoint and
 * deactivation deletes it. Polling mode: no webhook, events emitted once each, oldest first.
 */
import * as fs from 'fs';
import * as path from 'path';
import Stripe from 'stripe';
import * as n8n from '../../scripts/n8n';
import { createStandIn, type StandIn } from '../support/stand-in';

type Item = Record<string, any>;

const PORT = 5691;
const BASE = `http://127.0.0.1:${PORT}`;
const HOME = path.join(n8n.WORK, 'trigger-home');
const WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e1';
const POLLING_WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e2';
const PRODUCTION_URL = `${BASE}/webhook/${WEBHOOK_ID}/webhook`;
const NODE = 'Stripe events';
const NOW = Math.floor(Date.now() / 1000);

const triggerWorkflow = (id: string, name: string, webhookId: string, parameters: Item) => ({
	id,
	name,
	active: false,
	settings: {},
	connections: {},
	nodes: [
		{
			id: `${id}-trigger`,
			name: NODE,
			type: `${n8n.NODE_TYPE}Trigger`,
			typeVersion: 1,
			position: [0, 0],
			webhookId,
			parameters,
			credentials: { stripeCompleteApi: { id: n8n.CREDENTIAL_ID, name: 'Stripe Complete account' } },
		},
	],
});
const WEBHOOK_WORKFLOW = triggerWorkflow('StripeTriggerWebh', 'New Stripe customers (webhook)', WEBHOOK_ID, { events: ['customer.created'] });
const POLLING_WORKFLOW = triggerWorkflow('StripeTriggerPoll', 'New Stripe customers (polling)', POLLING_WEBHOOK_ID, {
	mode: 'polling',
	events: ['customer.created'],
	options: { startFrom: new Date((NOW - 3600) * 1000).toISOString() },
});

let standIn: StandIn;
let runtime: { node: string; bin: string };
let server: Awaited<ReturnType<typeof n8n.startServer>>;
let rest: (method: string, route: string, body?: unknown) => Promise<any>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) for something n8n does after answering, e.g. registering triggers after an activation. */
async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 90000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}\n${server.output().slice(-3000)}`);
		await sleep(250);
	}
}

async function start() {
	// The webhook URL n8n gives the node (and so the URL Stripe is told) is this local one.
	server = await n8n.startServer(runtime, HOME, PORT, { N8N_WEBHOOK_URL: `${BASE}/` });
	rest = n8n.restClient(BASE, await n8n.signIn(BASE));
}

const endpointCalls = () => standIn.requests.filter((r) => r.path.startsWith('/v1/webhook_endpoints'));
const endpoints = () => [...standIn.store.values()].filter((o) => o.object === 'webhook_endpoint');
const executions = (workflowId: string) => n8n.listExecutions(rest, workflowId);
const finished = (list: Item[], count: number) => list.length >= count && list.every((e) => e.status !== 'running' && e.status !== 'new') && list;

/** A Stripe event as Stripe would deliver it, its raw body and a Stripe-Signature header for `secret`. */
function signedEvent(object: Item, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
	const event = {
		id: `evt_e2e_${object.id}`,
		object: 'event',
		api_version: Stripe.API_VERSION,
		created: object.created,
		data: { object },
		livemode: false,
		pending_webhooks: 1,
		request: { id: `req_e2e_${object.id}`, idempotency_key: null },
		type: 'customer.created',
	};
	const payload = JSON.stringify(event);
	return { event, payload, header: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) };
}

const post = (payload: string, headers: Record<string, string> = {}) =>
	fetch(PRODUCTION_URL, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });

beforeAll(async () => {
	standIn = createStandIn();
	const baseUrl = await standIn.listen();
	runtime = n8n.ensureN8n();
	fs.rmSync(HOME, { recursive: true, force: true });
	n8n.installPackage(HOME);
	await n8n.importCredential(runtime, HOME, { secretKey: 'sk_test_standin_trigger_e2e', baseUrl });
	await n8n.importWorkflowObjects(runtime, HOME, [WEBHOOK_WORKFLOW, POLLING_WORKFLOW]);
	await start();
});

afterAll(async () => {
	await server?.stop();
	await standIn?.close();
});

describe('Stripe Complete Trigger in n8n: webhook mode', () => {
	let secret: string;
	let endpointId: string;

	it('activating the workflow creates exactly one Stripe webhook endpoint, for its production webhook URL', async () => {
		await n8n.activateWorkflow(rest, WEBHOOK_WORKFLOW.id);
		const [create] = await until('the webhook endpoint create', () => endpointCalls().some((r) => r.method === 'POST') && endpointCalls().filter((r) => r.method === 'POST'));
		expect(endpointCalls().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/webhook_endpoints', 'POST /v1/webhook_endpoints']);
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
		const customer = standIn.seed('customers', { email: 'ada@example.com', name: 'Ada Lovelace', metadata: { crm_id: '42' } });
		const { event, payload, header } = signedEvent(customer, secret);
		const res = await until('the webhook to be registered', async () => {
			const answer = await post(payload, { 'stripe-signature': header });
			return answer.status !== 404 && answer;
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ received: true });

		const [execution] = await until('the execution', async () => finished(await executions(WEBHOOK_WORKFLOW.id), 1));
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
			await post(payload, { 'stripe-signature': signedEvent(customer, 'whsec_not_the_endpoint_secret').header }),
			await post(payload.replace('eve@example.com', 'mallory@example.com'), { 'stripe-signature': header }),
			await post(payload, { 'stripe-signature': signedEvent(customer, secret, Math.floor(Date.now() / 1000) - 3600).header }),
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
		const list = await until('the second execution', async () => finished(await executions(WEBHOOK_WORKFLOW.id), 2));
		expect(list).toHaveLength(2);
		expect((await n8n.executionOutput(runtime, rest, list[0].id)).nodes[NODE].map((item: Item) => item.email)).toEqual(['grace@example.com']);
	});
});

describe('Stripe Complete Trigger in n8n: polling mode', () => {
	const seeded: Item[] = [];

	it('activating a polling workflow registers no webhook and runs once with the events since Start From, oldest first', async () => {
		standIn.event('customer.created', { id: 'cus_before_start', object: 'customer' }, { created: NOW - 7200 });
		seeded.push(standIn.event('customer.created', { id: 'cus_polled_1', object: 'customer' }, { created: NOW - 600 }));
		seeded.push(standIn.event('customer.created', { id: 'cus_polled_2', object: 'customer' }, { created: NOW - 300 }));
		standIn.event('customer.deleted', { id: 'cus_polled_1', object: 'customer' }, { created: NOW - 200 });
		standIn.requests.length = 0;

		await n8n.activateWorkflow(rest, POLLING_WORKFLOW.id);
		const [execution] = await until('the polling execution', async () => finished(await executions(POLLING_WORKFLOW.id), 1));
		expect(execution).toMatchObject({ status: 'success', mode: 'trigger' });
		const output = await n8n.executionOutput(runtime, rest, execution.id);
		expect(output.nodes[NODE].map((item: Item) => [item.id, item.event.id])).toEqual(seeded.map((e) => [e.data.object.id, e.id]));
		// Only the Events API is asked (a poll at a minute boundary could add a second, identical in kind).
		expect(new Set(standIn.requests.map((r) => `${r.method} ${r.path}`))).toEqual(new Set(['GET /v1/events']));
		expect(standIn.requests[0].query).toEqual({ limit: 100, type: 'customer.created', created: { gte: NOW - 3600 } });

		const polledUrl = await fetch(`${BASE}/webhook/${POLLING_WEBHOOK_ID}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(polledUrl.status).toBe(404);
		expect(endpoints().map((e) => e.id)).toEqual([expect.stringMatching(/^we_/)]);
	});
});

describe('Stripe Complete Trigger in n8n: restart and deactivation', () => {
	it('after a restart the webhook endpoint is reused (not recreated) and the poller emits only the new event', async () => {
		const [before] = endpoints();
		await server.stop();
		const fresh = standIn.event('customer.created', { id: 'cus_polled_3', object: 'customer' }, { created: NOW + 1 });
		standIn.requests.length = 0;
		await start();

		const customer = standIn.seed('customers', { email: 'after-restart@example.com' });
		const { payload, header } = signedEvent(customer, before._secret);
		const res = await until('the webhook to be registered again', async () => {
			const answer = await post(payload, { 'stripe-signature': header });
			return answer.status !== 404 && answer;
		});
		expect(res.status).toBe(200);
		// n8n serves the webhook before its activation check (checkExists) has necessarily run: wait for it.
		await until('the endpoint check after the restart', () => endpointCalls().length > 0);
		expect(endpointCalls().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/webhook_endpoints']);
		expect(endpoints().map((e) => e.id)).toEqual([before.id]);

		const webhookRuns = await until('the execution after the restart', async () => finished(await executions(WEBHOOK_WORKFLOW.id), 3));
		expect((await n8n.executionOutput(runtime, rest, webhookRuns[0].id)).nodes[NODE].map((item: Item) => item.email)).toEqual(['after-restart@example.com']);

		const pollRuns = await until('the poll after the restart', async () => finished(await executions(POLLING_WORKFLOW.id), 2));
		expect(pollRuns).toHaveLength(2);
		expect((await n8n.executionOutput(runtime, rest, pollRuns[0].id)).nodes[NODE].map((item: Item) => item.event.id)).toEqual([fresh.id]);
	});

	it('deactivating the webhook workflow deletes its Stripe endpoint; the URL then answers 404', async () => {
		const [endpoint] = endpoints();
		standIn.requests.length = 0;
		await n8n.deactivateWorkflow(rest, WEBHOOK_WORKFLOW.id);
		await until('the endpoint delete', () => endpointCalls().length > 0);
		expect(endpointCalls().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /v1/webhook_endpoints/${endpoint.id}`]);
		expect(endpoints()).toEqual([]);
		expect((await post('{}')).status).toBe(404);
	});
});
