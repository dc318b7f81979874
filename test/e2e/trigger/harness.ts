/** The Stripe triggers' e2e suite's n8n: its workflows, its start and stop, and what the tests ask of it. */
import * as fs from 'fs';
import * as path from 'path';
import Stripe from 'stripe';
import * as n8n from '../../../scripts/n8n';
import { createStandIn, type StandIn } from '../../../stand-ins/stripe';

export type Item = Record<string, any>;

export const HOME = path.join(n8n.WORK, 'trigger-home');
export const WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e1';
export const POLLING_WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e2';
export const V1_POLLING_WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e3';
export const V1_WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e4';
export const NODE = 'Stripe events';
const CREDENTIALS = {
	stripeCompleteApi: { id: n8n.CREDENTIAL_ID, name: 'Stripe Complete account' },
};
export const NOW = Math.floor(Date.now() / 1000);
export const WEBHOOK_TRIGGER = `${n8n.NODE_TYPE}Trigger`;
export const POLLING_TRIGGER = `${n8n.NODE_TYPE}PollingTrigger`;

// n8n and its webhook URLs listen on a port free when the tests start (another n8n may hold 5678).
export let BASE: string;
export let PRODUCTION_URL: string;
export const webhookUrl = (webhookId: string) => `${BASE}/webhook/${webhookId}/webhook`;

const triggerWorkflow = (
	id: string,
	name: string,
	[type, typeVersion]: [string, number],
	webhookId: string,
	parameters: Item,
) => ({
	id,
	name,
	active: false,
	settings: {},
	connections: {},
	nodes: [
		{
			id: `${id}-trigger`,
			name: NODE,
			type,
			typeVersion,
			position: [0, 0],
			webhookId,
			parameters,
			credentials: CREDENTIALS,
		},
	],
});
const START_FROM = new Date((NOW - 3600) * 1000).toISOString();
export const WEBHOOK_WORKFLOW = triggerWorkflow(
	'StripeTriggerWeb',
	'New Stripe customers (webhook)',
	[WEBHOOK_TRIGGER, 2],
	WEBHOOK_ID,
	{ events: ['customer.created'] },
);
export const POLLING_WORKFLOW = triggerWorkflow(
	'StripeTriggerPol',
	'New Stripe customers (polling)',
	[POLLING_TRIGGER, 1],
	POLLING_WEBHOOK_ID,
	{
		events: ['customer.created'],
		options: { startFrom: START_FROM },
	},
);
// Saved with version 1, before the split: one node with a Mode.
export const V1_POLLING_WORKFLOW = triggerWorkflow(
	'StripeTrigV1Poll',
	'New Stripe customers (version 1, polling)',
	[WEBHOOK_TRIGGER, 1],
	V1_POLLING_WEBHOOK_ID,
	{
		mode: 'polling',
		events: ['customer.created'],
		options: { startFrom: START_FROM },
	},
);
export const V1_WEBHOOK_WORKFLOW = triggerWorkflow(
	'StripeTrigV1Webh',
	'New Stripe customers (version 1, webhook)',
	[WEBHOOK_TRIGGER, 1],
	V1_WEBHOOK_ID,
	{ events: ['customer.created'] },
);

// A refund made by Stripe Complete reaches both triggers as the stand-in emits Stripe's events for it.
export const REFUND_WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e5';
export const REFUND_POLLING_WEBHOOK_ID = '0b6a3c1e-7d2f-4c55-9a8e-5e1f0000e2e6';
export const REFUNDS_BY_WEBHOOK = triggerWorkflow(
	'StripeRefundsWeb',
	'Stripe refunds (webhook)',
	[WEBHOOK_TRIGGER, 2],
	REFUND_WEBHOOK_ID,
	{ events: ['charge.refunded'] },
);
export const REFUNDS_BY_POLLING = triggerWorkflow(
	'StripeRefundsPol',
	'Stripe refunds (polling)',
	[POLLING_TRIGGER, 1],
	REFUND_POLLING_WEBHOOK_ID,
	{ events: ['charge.refunded'] },
);
export const refundWorkflow = (paymentIntent: string) => ({
	id: 'StripeRefundMake',
	name: 'Refund a payment',
	active: false,
	settings: {},
	nodes: [
		{ ...n8n.MANUAL_TRIGGER, id: 'refund-start' },
		{
			id: 'refund-node',
			name: 'Refund in Stripe',
			type: n8n.NODE_TYPE,
			typeVersion: 1,
			position: [300, 0],
			parameters: {
				resource: 'refund',
				operation: 'create',
				chargeOrPaymentIntent: paymentIntent,
				additionalFields: { amount: 1200 },
			},
			credentials: CREDENTIALS,
		},
	],
	connections: { Start: { main: [[{ node: 'Refund in Stripe', type: 'main', index: 0 }]] } },
});

export let standIn: StandIn;
export let standInUrl: string;
export let runtime: { node: string; bin: string };
export let server: Awaited<ReturnType<typeof n8n.startServer>>;
export let rest: (method: string, route: string, body?: unknown) => Promise<any>;
export let cookie: string;

/** Waits (bounded) for something n8n does after answering, e.g. registering triggers after an activation. */
export const until = <T>(
	what: string,
	probe: () => T | undefined | false | Promise<T | undefined | false>,
	timeoutMs = 90000,
) => n8n.until(what, probe, timeoutMs, () => server.output().slice(-3000)) as Promise<T>;

export async function start() {
	// The webhook URL n8n gives the node (and so the URL Stripe is told) is this local one.
	server = await n8n.startServer(runtime, HOME, Number(new URL(BASE).port), {
		N8N_WEBHOOK_URL: `${BASE}/`,
	});
	cookie = await n8n.signIn(BASE);
	rest = n8n.restClient(BASE, cookie);
}

export const endpointCalls = () =>
	standIn.requests.filter((r) => r.path.startsWith('/v1/webhook_endpoints'));
export const endpoints = () =>
	[...standIn.store.values()].filter((o) => o.object === 'webhook_endpoint');
export const executions = (workflowId: string) => n8n.listExecutions(rest, workflowId);
export const finished = (list: Item[], count: number) =>
	list.length >= count && list.every((e) => e.status !== 'running' && e.status !== 'new') && list;

/** A Stripe event as Stripe would deliver it, its raw body and a Stripe-Signature header for `secret`. */
export function signedEvent(
	object: Item,
	secret: string,
	timestamp = Math.floor(Date.now() / 1000),
) {
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
	return {
		event,
		payload,
		header: Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
	};
}

export const post = (payload: string, headers: Record<string, string> = {}, url = PRODUCTION_URL) =>
	fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: payload,
	});

/**
 * Posts an event once the workflow's activation is done: until then n8n answers 404 (no webhook yet) or,
 * between registering the webhook and storing the endpoint's secret, 400 "No signing secret", which
 * Stripe would retry.
 */
export const postOnceActive = (
	what: string,
	payload: string,
	headers: Record<string, string>,
	url?: string,
) =>
	until(what, async () => {
		const answer = await post(payload, headers, url);
		if (answer.status === 404) return false;
		const activating =
			answer.status === 400 &&
			/^No signing secret/.test(((await answer.clone().json()) as Item).error ?? '');
		return !activating && answer;
	});

/**
 * n8n with the package, the credential and the trigger workflows, on a free port, its Stripe the stand-in:
 * started before the file's tests, stopped after them.
 */
export function useTriggerN8n() {
	beforeAll(async () => {
		const PORT = await n8n.freePort();
		BASE = `http://127.0.0.1:${PORT}`;
		PRODUCTION_URL = webhookUrl(WEBHOOK_ID);
		standIn = createStandIn();
		const baseUrl = await standIn.listen();
		standInUrl = baseUrl;
		runtime = n8n.ensureN8n();
		fs.rmSync(HOME, { recursive: true, force: true });
		n8n.installPackage(HOME);
		await n8n.importCredential(runtime, HOME, {
			secretKey: 'sk_test_standin_trigger_e2e',
			baseUrl,
		});
		await n8n.importWorkflowObjects(runtime, HOME, [
			WEBHOOK_WORKFLOW,
			POLLING_WORKFLOW,
			V1_POLLING_WORKFLOW,
			V1_WEBHOOK_WORKFLOW,
			REFUNDS_BY_WEBHOOK,
			REFUNDS_BY_POLLING,
		]);
		await start();
	});

	afterAll(async () => {
		await server?.stop();
		await standIn?.close();
	});
}
