import Stripe from 'stripe';
import { deliver, type Params, type TriggerNode } from '../support/trigger-harness';
import { SignatureRejected, verifyEvent } from '../../nodes/shared/events/verify';

const SECRET = 'whsec_test_signing_secret_0001';
const OTHER_SECRET = 'whsec_test_signing_secret_9999';
const now = () => Math.floor(Date.now() / 1000);

const customer = {
	id: 'cus_Sig001',
	object: 'customer',
	email: 'ada@example.com',
	name: 'Ada Lovelace',
	livemode: false,
	metadata: { crm_id: '42' },
};
const event = (
	type = 'customer.created',
	object: Record<string, unknown> = customer,
	extra: Record<string, unknown> = {},
) => ({
	id: 'evt_Sig001',
	object: 'event',
	api_version: Stripe.API_VERSION,
	created: 1767225600,
	data: { object },
	livemode: false,
	pending_webhooks: 1,
	request: { id: 'req_Sig001', idempotency_key: 'n8n-key-1' },
	type,
	...extra,
});
const body = (e: object = event()) => JSON.stringify(e, null, 2);
const sign = (payload: string, secret = SECRET, timestamp = now()) =>
	Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

/** The node's webhook with the secret it got when it created its endpoint. */
const postTo =
	(node: TriggerNode) =>
	(rawBody: string, headers: Record<string, string | undefined>, params: Params = {}) =>
		deliver(
			{
				baseUrl: 'http://127.0.0.1:9',
				node,
				params: { events: ['customer.created'], ...params },
				staticData: { endpointId: 'we_Sig001', secret: SECRET, createdByNode: true },
			},
			{ rawBody, headers },
		);

const refused = (reason: string) => ({
	result: { noWebhookResponse: true },
	response: { status: 400, body: { error: reason } },
});

test('verifyEvent throws SignatureRejected with the reason, and returns the parsed event when genuine', () => {
	const payload = body();
	expect(verifyEvent(payload, sign(payload), SECRET)).toMatchObject({
		id: 'evt_Sig001',
		type: 'customer.created',
	});
	expect(() => verifyEvent(payload, undefined, SECRET)).toThrow(SignatureRejected);
	expect(() => verifyEvent(undefined, sign(payload), SECRET)).toThrow('Missing request body');
});

// Version 2 and version 1 (in its default Webhook mode) answer Stripe with the same code.
for (const [node, name] of [
	['webhook', 'Stripe Complete Trigger'],
	['v1', 'Stripe Complete Trigger version 1'],
] as const) {
	const post = postTo(node);

	describe(`${name}: webhook signature verification`, () => {
		it('a correctly signed event starts the workflow with one item: the object at the top level, the event under `event`', async () => {
			const payload = body();
			const answer = await post(payload, { 'Stripe-Signature': sign(payload) });
			expect(answer.response).toEqual({ status: 200, body: { received: true } });
			expect(answer.result.noWebhookResponse).toBe(true);
			expect(answer.result.workflowData).toEqual([
				[
					{
						json: {
							...customer,
							event: {
								id: 'evt_Sig001',
								type: 'customer.created',
								created: 1767225600,
								livemode: false,
								account: null,
								api_version: Stripe.API_VERSION,
								request: { id: 'req_Sig001', idempotency_key: 'n8n-key-1' },
								previous_attributes: null,
							},
						},
					},
				],
			]);
		});

		it('a tampered body (one amount changed after signing) is refused with 400 and starts nothing', async () => {
			const payload = body(
				event('charge.succeeded', { id: 'ch_1', object: 'charge', amount: 1000 }),
			);
			const header = sign(payload);
			const answer = await post(
				payload.replace('"amount": 1000', '"amount": 9000'),
				{ 'Stripe-Signature': header },
				{ events: ['*'] },
			);
			expect(answer).toEqual(
				refused('No signatures found matching the expected signature for payload'),
			);
		});

		it('a signature made with another secret is refused', async () => {
			const payload = body();
			expect(await post(payload, { 'Stripe-Signature': sign(payload, OTHER_SECRET) })).toEqual(
				refused('No signatures found matching the expected signature for payload'),
			);
		});

		it('a stale timestamp (older than the 300 s tolerance) is refused, even with a valid signature', async () => {
			const payload = body();
			expect(
				await post(payload, { 'Stripe-Signature': sign(payload, SECRET, now() - 301) }),
			).toEqual(refused('Timestamp outside the tolerance zone'));
			expect(
				(await post(payload, { 'Stripe-Signature': sign(payload, SECRET, now() - 250) })).result
					.workflowData,
			).toHaveLength(1);
		});

		it('a timestamp further in the future than the tolerance is refused', async () => {
			const payload = body();
			expect(
				await post(payload, { 'Stripe-Signature': sign(payload, SECRET, now() + 600) }),
			).toEqual(refused('Timestamp outside the tolerance zone'));
			expect(
				(await post(payload, { 'Stripe-Signature': sign(payload, SECRET, now() + 200) })).result
					.workflowData,
			).toHaveLength(1);
		});

		it('the tolerance is configurable', async () => {
			const payload = body();
			const header = sign(payload, SECRET, now() - 120);
			expect(
				await post(payload, { 'Stripe-Signature': header }, { options: { tolerance: 60 } }),
			).toEqual(refused('Timestamp outside the tolerance zone'));
			expect(
				(await post(payload, { 'Stripe-Signature': header }, { options: { tolerance: 600 } }))
					.result.workflowData,
			).toHaveLength(1);
		});

		it('two v1 signatures (a secret rotation) are accepted when either one matches, in either order', async () => {
			const payload = body();
			const t = now();
			const good = sign(payload, SECRET, t).split(',')[1];
			const bad = sign(payload, OTHER_SECRET, t).split(',')[1];
			expect(
				(await post(payload, { 'Stripe-Signature': `t=${t},${bad},${good}` })).result.workflowData,
			).toHaveLength(1);
			expect(
				(await post(payload, { 'Stripe-Signature': `t=${t},${good},${bad}` })).result.workflowData,
			).toHaveLength(1);
			const otherBad = sign(payload, 'whsec_third', t).split(',')[1];
			expect(await post(payload, { 'Stripe-Signature': `t=${t},${bad},${otherBad}` })).toEqual(
				refused('No signatures found matching the expected signature for payload'),
			);
		});

		it('a request without a Stripe-Signature header is refused with 400', async () => {
			expect(await post(body(), {})).toEqual(refused('Missing Stripe-Signature header'));
		});

		it('a malformed header is refused', async () => {
			expect(await post(body(), { 'Stripe-Signature': 'v1=abc' })).toEqual(
				refused('Unable to extract timestamp and signatures from header'),
			);
		});

		it('the answer never contains the signing secret or the expected signature', async () => {
			const payload = body();
			const answers = [
				await post(payload, { 'Stripe-Signature': sign(payload, OTHER_SECRET) }),
				await post(payload, {}),
			];
			const expected = sign(payload).split('v1=')[1];
			for (const answer of answers) {
				const text = JSON.stringify(answer);
				expect(text).not.toContain(SECRET);
				expect(text).not.toContain(expected);
			}
		});

		it('with no secret known (never activated, no Signing Secret) every request is refused', async () => {
			const payload = body();
			const answer = await deliver(
				{ baseUrl: 'http://127.0.0.1:9', node, params: { events: ['*'] }, staticData: {} },
				{ rawBody: payload, headers: { 'Stripe-Signature': sign(payload) } },
			);
			expect(answer).toEqual(
				refused(
					'No signing secret for this endpoint: reactivate the workflow, or set Signing Secret',
				),
			);
		});

		it('an adopted endpoint is verified with the Signing Secret the user pasted', async () => {
			const payload = body();
			const options = {
				baseUrl: 'http://127.0.0.1:9',
				node,
				params: { events: ['*'], signingSecret: ` ${OTHER_SECRET} ` },
				staticData: { endpointId: 'we_Theirs', createdByNode: false },
			};
			expect(
				(
					await deliver(options, {
						rawBody: payload,
						headers: { 'Stripe-Signature': sign(payload, OTHER_SECRET) },
					})
				).result.workflowData,
			).toHaveLength(1);
			expect(
				(
					await deliver(options, {
						rawBody: payload,
						headers: { 'Stripe-Signature': sign(payload, SECRET) },
					})
				).response,
			).toEqual({
				status: 400,
				body: { error: 'No signatures found matching the expected signature for payload' },
			});
		});
	});

	describe(`${name}: which verified events start the workflow`, () => {
		const genuine = (e: object, params: Params) => {
			const payload = body(e);
			return post(payload, { 'Stripe-Signature': sign(payload) }, params);
		};
		const started = (answer: Awaited<ReturnType<typeof post>>) =>
			(answer.result.workflowData?.[0] ?? []).map((item) => item.json.id);
		const acknowledged = {
			result: { noWebhookResponse: true },
			response: { status: 200, body: { received: true, started: false } },
		};

		it('an event type that is not selected is acknowledged (200, so Stripe does not retry) and starts nothing', async () => {
			expect(await genuine(event('customer.updated'), { events: ['customer.created'] })).toEqual(
				acknowledged,
			);
			expect(
				started(
					await genuine(event('customer.updated'), {
						events: ['customer.created', 'customer.updated'],
					}),
				),
			).toEqual(['cus_Sig001']);
			expect(
				started(
					await genuine(
						event('invoice.paid', { id: 'in_1', object: 'invoice', customer: 'cus_Sig001' }),
						{ events: ['*'] },
					),
				),
			).toEqual(['in_1']);
		});

		it('the live/test filter keeps only events of that mode', async () => {
			expect(await genuine(event(), { filters: { livemode: 'live' } })).toEqual(acknowledged);
			expect(started(await genuine(event(), { filters: { livemode: 'test' } }))).toEqual([
				'cus_Sig001',
			]);
			expect(
				started(
					await genuine(event('customer.created', customer, { livemode: true }), {
						filters: { livemode: 'live' },
					}),
				),
			).toEqual(['cus_Sig001']);
		});

		it("the customer filter matches the customer itself or an object's customer field", async () => {
			const charge = { id: 'ch_Sig001', object: 'charge', customer: 'cus_Sig001', amount: 500 };
			const params = { events: ['*'], filters: { customer: 'cus_Sig001' } };
			expect(started(await genuine(event(), params))).toEqual(['cus_Sig001']);
			expect(started(await genuine(event('charge.succeeded', charge), params))).toEqual([
				'ch_Sig001',
			]);
			expect(
				await genuine(event('charge.succeeded', { ...charge, customer: 'cus_Other' }), params),
			).toEqual(acknowledged);
			expect(
				await genuine(event('charge.succeeded', { ...charge, customer: null }), params),
			).toEqual(acknowledged);
		});

		it("a connected account's event keeps its account, and the account filter selects one", async () => {
			const connected = event('customer.created', customer, { account: 'acct_Connected1' });
			const answer = await genuine(connected, { filters: { account: 'acct_Connected1' } });
			expect(answer.result.workflowData![0][0].json.event).toMatchObject({
				account: 'acct_Connected1',
			});
			expect(await genuine(connected, { filters: { account: 'acct_Connected2' } })).toEqual(
				acknowledged,
			);
			expect(await genuine(event(), { filters: { account: 'acct_Connected1' } })).toEqual(
				acknowledged,
			);
		});

		it('an update event carries previous_attributes next to the object', async () => {
			const updated = {
				...event('customer.updated', { ...customer, name: 'Ada King' }),
				data: {
					object: { ...customer, name: 'Ada King' },
					previous_attributes: { name: 'Ada Lovelace' },
				},
			};
			const [[item]] = (await genuine(updated, { events: ['customer.updated'] })).result
				.workflowData!;
			expect(item.json).toMatchObject({
				id: 'cus_Sig001',
				name: 'Ada King',
				event: { type: 'customer.updated', previous_attributes: { name: 'Ada Lovelace' } },
			});
		});
	});
}
