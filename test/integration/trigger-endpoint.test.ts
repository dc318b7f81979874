import Stripe from 'stripe';
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import { failure, useStandIn } from '../support/harness';
import {
	activate,
	deactivate,
	deliver,
	WEBHOOK_URL,
	type Params,
	type TriggerNode,
} from '../support/trigger-harness';

const env = useStandIn();

// Each test has its own n8n webhook URL, so endpoints of one test never meet another's.
let urls = 0;
const freshUrl = () => `https://n8n.example.com/webhook/endpoint-test-${++urls}/webhook`;

const DESCRIPTION =
	'n8n workflow "Stripe events" (wfTrigger0000001), node "Stripe Complete Trigger"';
const endpointsFor = (url: string) =>
	[...env.standIn.store.values()].filter((o) => o.object === 'webhook_endpoint' && o.url === url);
const calls = () => env.standIn.requests.map((r) => `${r.method} ${r.path}`);

function node(
	url: string,
	params: Params = {},
	staticData: IDataObject = {},
	kind: TriggerNode = 'webhook',
) {
	return {
		baseUrl: env.url,
		webhookUrl: url,
		node: kind,
		params: { events: ['customer.created', 'charge.refunded'], ...params } as Params,
		staticData,
	};
}

/** An endpoint made outside this node (Dashboard, another tool), with its secret as Stripe showed it then. */
const foreignEndpoint = (url: string, fields: Params = {}) =>
	env.standIn.seed('webhook_endpoints', { url, enabled_events: ['invoice.paid'], ...fields });

describe('Stripe Complete Trigger: webhook endpoint lifecycle', () => {
	it('first activation lists the endpoints, then creates one for the webhook URL on the SDK API version, and keeps its id and secret', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		expect(calls()).toEqual(['GET /v1/webhook_endpoints', 'POST /v1/webhook_endpoints']);
		expect(env.standIn.requests[0].query).toEqual({ limit: 100 });
		const create = env.standIn.requests[1];
		expect(create.body).toEqual({
			url,
			enabled_events: ['customer.created', 'charge.refunded'],
			api_version: Stripe.API_VERSION,
			connect: false,
			description: DESCRIPTION,
			metadata: { created_by: 'n8n-nodes-stripe-complete', connect: 'false' },
		});
		expect(create.stripeVersion).toBe(Stripe.API_VERSION);
		const [endpoint] = endpointsFor(url);
		expect(options.staticData).toEqual({
			endpointId: endpoint.id,
			secret: endpoint._secret,
			createdByNode: true,
		});
		expect(endpoint._secret).toMatch(/^whsec_/);
	});

	it('second activation reuses the endpoint: no create, no update when nothing changed', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		const first = { ...options.staticData };
		env.standIn.requests.length = 0;
		await activate(options);
		expect(calls()).toEqual(['GET /v1/webhook_endpoints']);
		expect(options.staticData).toEqual(first);
		expect(endpointsFor(url)).toHaveLength(1);
	});

	it('reactivation with other events updates the enabled events of the same endpoint (and sends no api_version, which Stripe cannot change)', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		env.standIn.requests.length = 0;
		options.params.events = ['payment_intent.succeeded'];
		await activate(options);
		const [endpoint] = endpointsFor(url);
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`POST /v1/webhook_endpoints/${endpoint.id}`,
		]);
		expect(env.standIn.requests[1].rawBody).toBe('enabled_events[0]=payment_intent.succeeded');
		expect(endpoint.enabled_events).toEqual(['payment_intent.succeeded']);
		options.params.events = ['*', 'customer.created'];
		await activate(options);
		expect(endpointsFor(url)[0].enabled_events).toEqual(['*']);
	});

	it('deactivation deletes the endpoint this node created and forgets it', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		const id = options.staticData.endpointId as string;
		env.standIn.requests.length = 0;
		expect(await deactivate(options)).toBe(true);
		expect(calls()).toEqual([`DELETE /v1/webhook_endpoints/${id}`]);
		expect(env.standIn.store.has(id)).toBe(false);
		expect(options.staticData).toEqual({});
	});

	it('activate, deactivate, activate: a new endpoint each time, never two at once', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		const first = options.staticData.endpointId;
		await deactivate(options);
		await activate(options);
		expect(options.staticData.endpointId).not.toBe(first);
		expect(endpointsFor(url).map((e) => e.id)).toEqual([options.staticData.endpointId]);
	});

	it('an endpoint of ours on another API version is deleted and recreated, as Stripe cannot update api_version', async () => {
		const url = freshUrl();
		const old = env.standIn.seed('webhook_endpoints', {
			url,
			enabled_events: ['customer.created', 'charge.refunded'],
			api_version: '2024-06-20',
			metadata: { created_by: 'n8n-nodes-stripe-complete', connect: 'false' },
		});
		const options = node(url, {}, { endpointId: old.id, secret: old.secret, createdByNode: true });
		await activate(options);
		const [endpoint] = endpointsFor(url);
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`DELETE /v1/webhook_endpoints/${old.id}`,
			'POST /v1/webhook_endpoints',
		]);
		expect(endpoint.api_version).toBe(Stripe.API_VERSION);
		expect(options.staticData).toEqual({
			endpointId: endpoint.id,
			secret: endpoint._secret,
			createdByNode: true,
		});
	});

	it('turning on Connected Accounts replaces our endpoint with a Connect endpoint (Connect is fixed at creation)', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		const plain = options.staticData.endpointId;
		env.standIn.requests.length = 0;
		options.params.connect = true;
		await activate(options);
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`DELETE /v1/webhook_endpoints/${plain}`,
			'POST /v1/webhook_endpoints',
		]);
		expect(env.standIn.requests[2].body).toMatchObject({
			connect: true,
			metadata: { connect: 'true' },
		});
		const [endpoint] = endpointsFor(url);
		expect(endpoint._connect).toBe(true);
		env.standIn.requests.length = 0;
		await activate(options);
		expect(calls()).toEqual(['GET /v1/webhook_endpoints']);
	});

	it('an endpoint of ours whose secret was lost (static data gone) is deleted and recreated, not duplicated', async () => {
		const url = freshUrl();
		await activate(node(url));
		const [orphan] = endpointsFor(url);
		const options = node(url);
		env.standIn.requests.length = 0;
		await activate(options);
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`DELETE /v1/webhook_endpoints/${orphan.id}`,
			'POST /v1/webhook_endpoints',
		]);
		expect(endpointsFor(url).map((e) => e.id)).toEqual([options.staticData.endpointId]);
	});

	it('an endpoint for this URL that is not ours fails activation with what to do, and is left alone', async () => {
		const url = freshUrl();
		const theirs = foreignEndpoint(url);
		const error = await failure(activate(node(url)));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`A Stripe webhook endpoint for ${url} already exists (${theirs.id}) and was not created by this node. Paste its signing secret (whsec_...) into Signing Secret to use it, or delete it in the Stripe Dashboard.`,
		);
		expect(calls()).toEqual(['GET /v1/webhook_endpoints']);
		expect(endpointsFor(url).map((e) => e.id)).toEqual([theirs.id]);
	});

	it('with its Signing Secret given, an existing endpoint is adopted: events updated, kept on deactivation, its events verified', async () => {
		const url = freshUrl();
		const theirs = foreignEndpoint(url);
		const options = node(url, { signingSecret: theirs.secret });
		await activate(options);
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`POST /v1/webhook_endpoints/${theirs.id}`,
		]);
		expect(env.standIn.requests[1].body).toEqual({
			enabled_events: ['customer.created', 'charge.refunded'],
		});
		expect(options.staticData).toEqual({ endpointId: theirs.id, createdByNode: false });

		const payload = JSON.stringify({
			id: 'evt_Adopted',
			object: 'event',
			type: 'customer.created',
			created: 1767225600,
			livemode: false,
			data: { object: { id: 'cus_A', object: 'customer' } },
		});
		const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: theirs.secret });
		const answer = await deliver(options, {
			rawBody: payload,
			headers: { 'stripe-signature': header },
		});
		expect(answer.result.workflowData![0].map((item) => item.json.id)).toEqual(['cus_A']);

		env.standIn.requests.length = 0;
		expect(await deactivate(options)).toBe(true);
		expect(calls()).toEqual([]);
		expect(endpointsFor(url).map((e) => e.id)).toEqual([theirs.id]);
		expect(options.staticData).toEqual({});
	});

	it('an adopted endpoint is reused as it is: another API version is kept, as it is not ours to replace', async () => {
		const url = freshUrl();
		const theirs = foreignEndpoint(url, {
			api_version: '2024-06-20',
			enabled_events: ['customer.created', 'charge.refunded'],
		});
		const options = node(url, { signingSecret: theirs.secret });
		await activate(options);
		expect(calls()).toEqual(['GET /v1/webhook_endpoints']);
		expect(endpointsFor(url)).toEqual([
			expect.objectContaining({ id: theirs.id, api_version: '2024-06-20' }),
		]);
	});

	it('an endpoint Stripe disabled (after failed deliveries) is enabled again on reactivation', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		const [endpoint] = endpointsFor(url);
		endpoint.status = 'disabled';
		env.standIn.requests.length = 0;
		await activate(options);
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`POST /v1/webhook_endpoints/${endpoint.id}`,
		]);
		expect(env.standIn.requests[1].body).toEqual({ disabled: false });
		expect(endpoint.status).toBe('enabled');
	});

	it('when n8n webhook URL changes, our endpoint for the old URL is deleted and one for the new URL created', async () => {
		const oldUrl = freshUrl();
		const options = node(oldUrl);
		await activate(options);
		const old = options.staticData.endpointId as string;
		const newUrl = freshUrl();
		env.standIn.requests.length = 0;
		await activate({ ...options, webhookUrl: newUrl });
		expect(calls()).toEqual([
			'GET /v1/webhook_endpoints',
			`DELETE /v1/webhook_endpoints/${old}`,
			'POST /v1/webhook_endpoints',
		]);
		expect(endpointsFor(oldUrl)).toEqual([]);
		expect(endpointsFor(newUrl).map((e) => e.id)).toEqual([options.staticData.endpointId]);
	});

	it('finds its endpoint on a later page of the endpoint list', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		for (let i = 0; i < 100; i++)
			foreignEndpoint(`https://elsewhere.example.com/hook/${urls}-${i}`);
		env.standIn.requests.length = 0;
		await activate(options);
		expect(calls()).toEqual(['GET /v1/webhook_endpoints', 'GET /v1/webhook_endpoints']);
		expect(env.standIn.requests[1].query).toMatchObject({
			limit: 100,
			starting_after: expect.stringMatching(/^we_/),
		});
		expect(endpointsFor(url)).toHaveLength(1);
	});

	it('deactivation when the endpoint is already gone (deleted in the Dashboard) succeeds', async () => {
		const url = freshUrl();
		const options = node(url);
		await activate(options);
		env.standIn.store.delete(options.staticData.endpointId as string);
		expect(await deactivate(options)).toBe(true);
		expect(options.staticData).toEqual({});
	});

	it('the endpoint secret from create verifies events end to end', async () => {
		const options = node(WEBHOOK_URL, { events: ['charge.refunded'] });
		await activate(options);
		const payload = JSON.stringify({
			id: 'evt_E2E',
			object: 'event',
			type: 'charge.refunded',
			created: 1767225600,
			livemode: false,
			data: { object: { id: 'ch_1', object: 'charge', amount_refunded: 500 } },
		});
		const header = Stripe.webhooks.generateTestHeaderString({
			payload,
			secret: endpointsFor(WEBHOOK_URL)[0]._secret,
		});
		const answer = await deliver(options, {
			rawBody: payload,
			headers: { 'stripe-signature': header },
		});
		expect(answer.result.workflowData![0][0].json).toMatchObject({
			id: 'ch_1',
			amount_refunded: 500,
			event: { id: 'evt_E2E', type: 'charge.refunded' },
		});
		await deactivate(options);
	});

	it('a Stripe error on activation is a NodeApiError with Stripe’s message, never the key', async () => {
		const options = {
			...node(freshUrl()),
			credentials: { secretKey: 'sk_test_invalid_key_123456', baseUrl: env.url },
		};
		const error = await failure(activate(options));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Invalid API Key provided/);
		expect(JSON.stringify((error as NodeApiError).context)).not.toContain(
			'sk_test_invalid_key_123456',
		);
	});
});

describe('Stripe Complete Trigger version 1 (Mode) in Webhook mode, through the same code', () => {
	// The list of endpoints spans pages by now (an earlier test added 100), so only the writes are compared.
	const writes = () => calls().filter((call) => !call.startsWith('GET '));
	const signed = (payload: string, secret: string) => ({
		rawBody: payload,
		headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
	});

	for (const params of [{}, { mode: 'webhook' }] as Params[]) {
		it(`${params.mode ? 'Mode Webhook' : 'no Mode (the default)'}: creates the endpoint, verifies and filters events, deletes the endpoint`, async () => {
			const url = freshUrl();
			const options = node(
				url,
				{ ...params, connect: true, filters: { customer: 'cus_V1' } },
				{},
				'v1',
			);
			await activate(options);
			expect(writes()).toEqual(['POST /v1/webhook_endpoints']);
			expect(env.standIn.requests.find((r) => r.method === 'POST')!.body).toEqual({
				url,
				enabled_events: ['customer.created', 'charge.refunded'],
				api_version: Stripe.API_VERSION,
				connect: true,
				description: DESCRIPTION,
				metadata: { created_by: 'n8n-nodes-stripe-complete', connect: 'true' },
			});
			const [endpoint] = endpointsFor(url);
			expect(options.staticData).toEqual({
				endpointId: endpoint.id,
				secret: endpoint._secret,
				createdByNode: true,
			});

			const event = (id: string, customer: string) =>
				JSON.stringify({
					id,
					object: 'event',
					type: 'charge.refunded',
					created: 1767225600,
					livemode: false,
					account: 'acct_V1',
					data: { object: { id: `ch_${id}`, object: 'charge', customer } },
				});
			const wanted = await deliver(options, signed(event('evt_V1a', 'cus_V1'), endpoint._secret));
			expect(wanted.response).toEqual({ status: 200, body: { received: true } });
			expect(
				wanted.result.workflowData![0].map((item) => [
					item.json.id,
					(item.json.event as IDataObject).account,
				]),
			).toEqual([['ch_evt_V1a', 'acct_V1']]);
			const filteredOut = await deliver(
				options,
				signed(event('evt_V1b', 'cus_Other'), endpoint._secret),
			);
			expect(filteredOut).toEqual({
				result: { noWebhookResponse: true },
				response: { status: 200, body: { received: true, started: false } },
			});
			const forged = await deliver(
				options,
				signed(event('evt_V1c', 'cus_V1'), 'whsec_not_the_endpoint_secret'),
			);
			expect(forged).toEqual({
				result: { noWebhookResponse: true },
				response: {
					status: 400,
					body: { error: 'No signatures found matching the expected signature for payload' },
				},
			});

			env.standIn.requests.length = 0;
			expect(await deactivate(options)).toBe(true);
			expect(calls()).toEqual([`DELETE /v1/webhook_endpoints/${endpoint.id}`]);
			expect(endpointsFor(url)).toEqual([]);
		});
	}

	it('a workflow moved from version 1 to version 2 on the same URL reuses the endpoint version 1 created', async () => {
		const url = freshUrl();
		const staticData: IDataObject = {};
		await activate(node(url, {}, staticData, 'v1'));
		const [endpoint] = endpointsFor(url);
		env.standIn.requests.length = 0;
		await activate(node(url, {}, staticData, 'webhook'));
		expect(calls()).toContain('GET /v1/webhook_endpoints');
		expect(writes()).toEqual([]);
		expect(endpointsFor(url).map((e) => e.id)).toEqual([endpoint.id]);
	});
});
