import Stripe from 'stripe';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { failure, runNode, useStandIn, type RunOptions } from '../support/harness';

const env = useStandIn();
const run = (params: Record<string, unknown>, options: RunOptions = {}) =>
	runNode(env.url, { resource: 'refund', ...params }, options);
const create = (params: Record<string, unknown>, options: RunOptions = {}) =>
	run({ operation: 'create', ...params }, options);

/** A succeeded $50.00 payment intent; its latest_charge is a charge in the stand-in's store. */
const payment = () =>
	env.standIn.seed('payment_intents', {
		amount: 5000,
		currency: 'usd',
		confirm: true,
		payment_method: 'pm_card_visa',
		customer: env.standIn.seed('customers', {}).id,
	});
const stored = (id: string) => env.standIn.store.get(id)!;
const refundsOf = (chargeId: string) =>
	[...env.standIn.store.values()].filter((o) => o.object === 'refund' && o.charge === chargeId);

describe('Refund', () => {
	describe('Create', () => {
		it('refunds a payment intent in full when no amount is given', async () => {
			const intent = payment();
			const out = await create({ chargeOrPaymentIntent: intent.id });
			expect(env.standIn.requests).toHaveLength(1);
			const [req] = env.standIn.requests;
			expect(req.method).toBe('POST');
			expect(req.path).toBe('/v1/refunds');
			expect(req.rawBody).toBe(`payment_intent=${intent.id}`);
			expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
			expect(req.stripeVersion).toBe(Stripe.API_VERSION);
			expect(out).toHaveLength(1);
			expect(out[0].json).toMatchObject({
				object: 'refund',
				amount: 5000,
				currency: 'usd',
				charge: intent.latest_charge,
				payment_intent: intent.id,
				status: 'succeeded',
				reason: null,
			});
			expect(out[0].json.id).toMatch(/^re_/);
			expect(out[0].pairedItem).toEqual({ item: 0 });
			expect(stored(intent.latest_charge)).toMatchObject({ amount_refunded: 5000, refunded: true });
		});

		it('refunds a charge partly with an amount, reason and metadata, then the rest without an amount', async () => {
			const intent = payment();
			const chargeId = intent.latest_charge as string;
			const partial = await create({
				chargeOrPaymentIntent: ` ${chargeId} `,
				additionalFields: {
					amount: 1500,
					reason: 'requested_by_customer',
					metadata: { entry: [{ key: 'shopify_refund_id', value: '987654' }] },
				},
			});
			const rest = await create({ chargeOrPaymentIntent: chargeId });

			expect(env.standIn.requests.map((r) => [r.method, r.path, r.body])).toEqual([
				[
					'POST',
					'/v1/refunds',
					{
						charge: chargeId,
						amount: 1500,
						reason: 'requested_by_customer',
						metadata: { shopify_refund_id: '987654' },
					},
				],
				['POST', '/v1/refunds', { charge: chargeId }],
			]);
			expect(env.standIn.requests[0].rawBody).toBe(
				`charge=${chargeId}&amount=1500&reason=requested_by_customer&metadata[shopify_refund_id]=987654`,
			);
			// Different requests in the same execution get different automatic keys.
			expect(env.standIn.requests[0].idempotencyKey).not.toBe(
				env.standIn.requests[1].idempotencyKey,
			);

			expect(partial).toHaveLength(1);
			expect(partial[0].json).toMatchObject({
				object: 'refund',
				amount: 1500,
				charge: chargeId,
				payment_intent: intent.id,
				reason: 'requested_by_customer',
				metadata: { shopify_refund_id: '987654' },
			});
			expect(rest).toHaveLength(1);
			expect(rest[0].json).toMatchObject({
				object: 'refund',
				amount: 3500,
				charge: chargeId,
				reason: null,
				metadata: {},
			});
			expect(rest[0].json.id).not.toBe(partial[0].json.id);
			expect(stored(chargeId)).toMatchObject({ amount_refunded: 5000, refunded: true });
		});

		it('refunds a payment intent partly, sending amount=1500', async () => {
			const intent = payment();
			const out = await create({
				chargeOrPaymentIntent: intent.id,
				additionalFields: { amount: 1500 },
			});
			const [req] = env.standIn.requests;
			expect(req.rawBody).toBe(`payment_intent=${intent.id}&amount=1500`);
			expect(req.body).toEqual({ payment_intent: intent.id, amount: 1500 });
			expect(out.map((o) => o.json)).toEqual([
				expect.objectContaining({
					amount: 1500,
					payment_intent: intent.id,
					charge: intent.latest_charge,
				}),
			]);
			expect(stored(intent.latest_charge)).toMatchObject({
				amount_refunded: 1500,
				refunded: false,
			});
		});

		it('creates one refund per input item, each paired to its item', async () => {
			const intents = [payment(), payment()];
			const out = await runNode(
				env.url,
				(i) => ({ resource: 'refund', operation: 'create', chargeOrPaymentIntent: intents[i].id }),
				{ items: [{}, {}] },
			);
			expect(env.standIn.requests.map((r) => r.body)).toEqual(
				intents.map((pi) => ({ payment_intent: pi.id })),
			);
			expect(env.standIn.requests.map((r) => r.idempotencyKey)).toEqual([
				expect.stringMatching(/^n8n-exec-1-0-0-/),
				expect.stringMatching(/^n8n-exec-1-0-1-/),
			]);
			expect(out.map((o) => [o.json.payment_intent, o.pairedItem])).toEqual([
				[intents[0].id, { item: 0 }],
				[intents[1].id, { item: 1 }],
			]);
		});

		it('rejects an ID that is neither a charge nor a payment intent before any request', async () => {
			const error = await failure(create({ chargeOrPaymentIntent: 'cus_123' }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toBe(
				'Payment: must be a payment intent ID (pi_...) or a charge ID (ch_... or py_...), got "cus_123"',
			);
			expect(env.standIn.requests).toHaveLength(0);
		});

		it('sends nothing for any item when one item has an invalid ID', async () => {
			const ids = [payment().id, 'cus_123'];
			const error = await failure(
				runNode(
					env.url,
					(i) => ({ resource: 'refund', operation: 'create', chargeOrPaymentIntent: ids[i] }),
					{ items: [{}, {}] },
				),
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toContain('Payment: ');
			expect(env.standIn.requests).toHaveLength(0);
		});

		it("gives Stripe's 400 for refunding more than remains as a NodeApiError with param amount", async () => {
			const intent = payment();
			await create({ chargeOrPaymentIntent: intent.id, additionalFields: { amount: 4000 } });
			const error = await failure(
				create({ chargeOrPaymentIntent: intent.id, additionalFields: { amount: 1500 } }),
			);
			expect(error).toBeInstanceOf(NodeApiError);
			const apiError = error as NodeApiError;
			expect(apiError.message).toBe(
				'Refund amount (1500) is greater than unrefunded amount on charge (1000)',
			);
			expect(apiError.httpCode).toBe('400');
			expect(apiError.context.stripe).toMatchObject({
				type: 'invalid_request_error',
				code: 'amount_too_large',
				param: 'amount',
				status_code: 400,
			});
			expect(env.standIn.requests.map((r) => r.body)).toEqual([
				{ payment_intent: intent.id, amount: 4000 },
				{ payment_intent: intent.id, amount: 1500 },
			]);
			expect(refundsOf(intent.latest_charge)).toHaveLength(1);
			expect(stored(intent.latest_charge).amount_refunded).toBe(4000);
		});

		it('gives the over-refund as an error item under Continue On Fail', async () => {
			const intent = payment();
			const out = await create(
				{ chargeOrPaymentIntent: intent.id, additionalFields: { amount: 6000 } },
				{ continueOnFail: true },
			);
			expect(out).toHaveLength(1);
			expect(out[0].json).toMatchObject({
				error: 'Refund amount (6000) is greater than unrefunded amount on charge (5000)',
				type: 'invalid_request_error',
				code: 'amount_too_large',
				param: 'amount',
				status_code: 400,
			});
			expect(out[0].pairedItem).toEqual({ item: 0 });
			expect(refundsOf(intent.latest_charge)).toHaveLength(0);
		});

		it('creates one refund only when the same item runs twice in one execution (node retry)', async () => {
			const intent = payment();
			const params = { chargeOrPaymentIntent: intent.id, additionalFields: { amount: 1500 } };
			const first = await create(params, { executionId: 'exec-retry' });
			const second = await create(params, { executionId: 'exec-retry' });

			const [a, b] = env.standIn.requests;
			expect(a.idempotencyKey).toMatch(/^n8n-exec-retry-0-0-[0-9a-f]{64}$/);
			expect(b.idempotencyKey).toBe(a.idempotencyKey);
			expect(b.rawBody).toBe(a.rawBody);
			expect(a.replayed).toBeUndefined();
			expect(b.replayed).toBe(true);
			expect(second[0].json).toEqual(first[0].json);
			expect(second[0].json.id).toMatch(/^re_/);
			expect(refundsOf(intent.latest_charge)).toHaveLength(1);
			expect(stored(intent.latest_charge).amount_refunded).toBe(1500);
		});

		it('refunds twice when two runs of the node in one execution (Loop Over Items) ask for the same refund', async () => {
			const intent = payment();
			// Two line items of one order, each refunding $15.00 of the same payment, one loop batch each.
			const params = { chargeOrPaymentIntent: intent.id, additionalFields: { amount: 1500 } };
			const first = await create(params, { executionId: 'exec-loop', runIndex: 0 });
			const second = await create(params, { executionId: 'exec-loop', runIndex: 1 });

			const [a, b] = env.standIn.requests;
			expect(a.idempotencyKey).toMatch(/^n8n-exec-loop-0-0-[0-9a-f]{64}$/);
			expect(b.idempotencyKey).toMatch(/^n8n-exec-loop-1-0-[0-9a-f]{64}$/);
			expect(b.rawBody).toBe(a.rawBody);
			expect(b.replayed).toBeUndefined();
			expect(second[0].json.id).not.toBe(first[0].json.id);
			expect(refundsOf(intent.latest_charge)).toHaveLength(2);
			expect(stored(intent.latest_charge).amount_refunded).toBe(3000);
		});

		it('refunds once when a loop run is retried (Retry On Fail repeats the same run)', async () => {
			const intent = payment();
			const params = { chargeOrPaymentIntent: intent.id, additionalFields: { amount: 1500 } };
			await create(params, { executionId: 'exec-loop-retry', runIndex: 1 });
			const retried = await create(params, { executionId: 'exec-loop-retry', runIndex: 1 });

			expect(env.standIn.requests[1].idempotencyKey).toBe(env.standIn.requests[0].idempotencyKey);
			expect(env.standIn.requests[1].replayed).toBe(true);
			expect(retried[0].json.amount).toBe(1500);
			expect(refundsOf(intent.latest_charge)).toHaveLength(1);
		});

		it("sends the user's Idempotency Key, so a re-run workflow (new execution) never refunds twice", async () => {
			const intent = payment();
			const shopifyRefund = { id: 'gid://shopify/Refund/987654', amount: 1500 };
			// What the expression ={{ $json.id }} gives for the Shopify refund item.
			const params = {
				chargeOrPaymentIntent: intent.id,
				additionalFields: { amount: shopifyRefund.amount },
				options: { idempotencyKey: shopifyRefund.id },
			};
			const first = await create(params, { executionId: 'exec-a', items: [shopifyRefund] });
			const rerun = await create(params, { executionId: 'exec-b', items: [shopifyRefund] });

			expect(
				env.standIn.requests.map((r) => [r.method, r.path, r.idempotencyKey, r.replayed]),
			).toEqual([
				['POST', '/v1/refunds', 'gid://shopify/Refund/987654', undefined],
				['POST', '/v1/refunds', 'gid://shopify/Refund/987654', true],
			]);
			expect(env.standIn.requests[0].body).toEqual({ payment_intent: intent.id, amount: 1500 });
			expect(rerun[0].json.id).toBe(first[0].json.id);
			expect(rerun[0].pairedItem).toEqual({ item: 0 });
			expect(refundsOf(intent.latest_charge)).toHaveLength(1);
			expect(stored(intent.latest_charge).amount_refunded).toBe(1500);
		});
	});

	describe("Create: the money moves in the payment's currency, and only as much as was meant", () => {
		const refusal = async (amount: unknown) => {
			const intent = payment();
			env.standIn.requests.length = 0;
			const error = await failure(
				create({ chargeOrPaymentIntent: intent.id, additionalFields: { amount } }),
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(env.standIn.requests.filter((r) => r.method === 'POST')).toEqual([]);
			expect(refundsOf(stored(intent.id).latest_charge)).toEqual([]);
			return { error, intent };
		};

		it.each([
			['1000 JPY', 'JPY'],
			['1.250 KWD', 'KWD'],
			['12.50 eur', 'EUR'],
		])(
			'refuses %s on a USD payment, naming the field and both currencies, after one read',
			async (amount, currency) => {
				const { error, intent } = await refusal(amount);
				expect(error.message).toBe(
					`Amount: is in ${currency}, but payment intent ${intent.id} is in USD: its money moves in USD, so nothing was sent`,
				);
				expect(env.standIn.requests.map((r) => [r.method, r.path, r.idempotencyKey])).toEqual([
					['GET', `/v1/payment_intents/${intent.id}`, undefined],
				]);
			},
		);

		it("takes a decimal in the payment's currency, converted: 12.50 usd is 1250", async () => {
			const intent = payment();
			const [out] = await create({
				chargeOrPaymentIntent: intent.id,
				additionalFields: { amount: '12.50 usd' },
			});
			expect(out.json).toMatchObject({ amount: 1250, currency: 'usd' });
			const post = env.standIn.requests.find((r) => r.method === 'POST')!;
			expect(post.rawBody).toBe(`payment_intent=${intent.id}&amount=1250`);
		});

		it.each([[' '], [''], [null]])(
			'refuses an Amount that resolves to %p: it would refund everything; nothing is read or sent',
			async (amount) => {
				const { error } = await refusal(amount);
				expect(error.message).toMatch(
					/^Amount: is empty, and Stripe would take an amount left out as all of it/,
				);
				expect(env.standIn.requests).toEqual([]);
			},
		);

		it('refunds everything on an explicit "all", sending no amount', async () => {
			const intent = payment();
			const [out] = await create({
				chargeOrPaymentIntent: intent.id,
				additionalFields: { amount: 'all' },
			});
			expect(out.json).toMatchObject({ amount: 5000 });
			expect(env.standIn.requests.map((r) => r.rawBody)).toEqual([`payment_intent=${intent.id}`]);
		});
	});

	it('gets a refund from GET /v1/refunds/{id}', async () => {
		const intent = payment();
		const [created] = await create({
			chargeOrPaymentIntent: intent.id,
			additionalFields: { amount: 1200 },
		});
		env.standIn.requests.length = 0;
		const out = await run({ operation: 'get', refundId: created.json.id });
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe(`/v1/refunds/${created.json.id as string}`);
		expect(req.query).toEqual({});
		expect(req.idempotencyKey).toBeUndefined();
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual(created.json);
		expect(out[0].json).toMatchObject({
			object: 'refund',
			amount: 1200,
			charge: intent.latest_charge,
			payment_intent: intent.id,
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	describe('Get Many', () => {
		it('gets only the refunds of one charge with the charge filter, newest first', async () => {
			const [mine, other] = [payment(), payment()];
			const [r1] = await create({
				chargeOrPaymentIntent: mine.latest_charge,
				additionalFields: { amount: 1000 },
			});
			await create({
				chargeOrPaymentIntent: other.latest_charge,
				additionalFields: { amount: 1000 },
			});
			const [r2] = await create({
				chargeOrPaymentIntent: mine.latest_charge,
				additionalFields: { amount: 2000 },
			});
			env.standIn.requests.length = 0;

			const out = await run({ operation: 'getAll', filters: { charge: mine.latest_charge } });
			expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
				['GET', '/v1/refunds', { charge: mine.latest_charge, limit: 50 }],
			]);
			expect(out.map((o) => o.json.id)).toEqual([r2.json.id, r1.json.id]);
			expect(out.map((o) => o.json.amount)).toEqual([2000, 1000]);
			expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		});

		it('gets only the refunds of one payment intent with the payment_intent filter', async () => {
			const [mine, other] = [payment(), payment()];
			await create({ chargeOrPaymentIntent: other.id, additionalFields: { amount: 700 } });
			const [r1] = await create({ chargeOrPaymentIntent: mine.id });
			env.standIn.requests.length = 0;

			const out = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { paymentIntent: mine.id },
			});
			expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
				['GET', '/v1/refunds', { payment_intent: mine.id, limit: 100 }],
			]);
			expect(out.map((o) => o.json.id)).toEqual([r1.json.id]);
			expect(out[0].json).toMatchObject({ payment_intent: mine.id, amount: 5000 });
		});
	});
});
