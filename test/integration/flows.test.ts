import { NodeApiError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import type { RecordedRequest } from '../../stand-ins/stripe';
import { failure, runNode, useStandIn, type Params, type RunOptions } from '../support/harness';

/**
 * The flows people build, step by step through execute(): each step is a node of its own in one
 * execution, its input the previous node's output and its IDs read from that input as `$json` would.
 */
const env = useStandIn();

let executions = 0;
function workflow() {
	const executionId = `flow-${++executions}`;
	let nodes = 0;
	let last: () => Promise<INodeExecutionData[]>;
	const run = (
		params: Params | ((i: number) => Params),
		items: IDataObject[] | undefined,
		options: RunOptions = {},
	) => {
		const nodeId = `${executionId}-node-${++nodes}`;
		last = () => runNode(env.url, params, { executionId, nodeId, items, ...options });
		return last();
	};
	return {
		executionId,
		/** The last node once more in the same execution, as Retry On Fail runs it. */
		retry: () => last(),
		/** The first node after the trigger: one empty item in. */
		start: (params: Params, options?: RunOptions) => run(params, undefined, options),
		/** A later node: an item of an earlier node's output in, its parameters read from it. */
		then: (input: IDataObject, params: (json: IDataObject) => Params, options?: RunOptions) =>
			run(() => params(input), [input], options),
	};
}

/** The one request the last step sent. */
function sent(): RecordedRequest {
	const requests = env.standIn.requests.splice(0);
	expect(requests).toHaveLength(1);
	return requests[0];
}

/** A write: POST with the form body as sent and the execution's automatic Idempotency-Key. */
function expectWrite(req: RecordedRequest, executionId: string, path: string, rawBody: string) {
	expect([req.method, req.path, req.rawBody]).toEqual(['POST', path, rawBody]);
	expect(req.idempotencyKey).toMatch(new RegExp(`^n8n-${executionId}-0-0-[0-9a-f]{64}$`));
	expect(req.replayed).toBeUndefined();
	expect(req.forwarded).toBeUndefined();
}

/** The only output item, paired to the only input item. */
function only(out: INodeExecutionData[]): IDataObject {
	expect(out).toHaveLength(1);
	expect(out[0].pairedItem).toEqual({ item: 0 });
	return out[0].json;
}

const stored = (id: unknown) => env.standIn.store.get(id as string)!;
const customer = (fields: IDataObject = {}) =>
	env.standIn.seed('customers', { email: 'buyer@example.com', ...fields }).id as string;
/** A customer whose invoices and subscriptions are charged to a saved card. */
const customerWithCard = () =>
	customer({ invoice_settings: { default_payment_method: 'pm_card_visa' } });
const price = (unitAmount: number, recurring?: IDataObject) =>
	env.standIn.seed('prices', {
		product: env.standIn.seed('products', { name: 'Team plan' }).id,
		unit_amount: unitAmount,
		currency: 'usd',
		...(recurring ? { recurring } : {}),
	}).id as string;

let connected = 0;
const connectedAccount = () => env.standIn.connectedAccount(`acct_1Flow${++connected}`);

describe('Payment intent: create, confirm, capture, cancel', () => {
	it('authorizes with capture_method manual, captures part of it, and refunds no more than was captured', async () => {
		const flow = workflow();
		const cus = customer();

		const created = only(
			await flow.start({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 5000,
				currency: 'USD',
				additionalFields: {
					customer: cus,
					paymentMethod: 'pm_card_visa',
					captureMethod: 'manual',
					metadata: { entry: [{ key: 'order_id', value: '1001' }] },
				},
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/payment_intents',
			`amount=5000&currency=usd&customer=${cus}&payment_method=pm_card_visa&capture_method=manual&metadata[order_id]=1001`,
		);
		expect(created).toMatchObject({
			object: 'payment_intent',
			amount: 5000,
			currency: 'usd',
			customer: cus,
			capture_method: 'manual',
			status: 'requires_confirmation',
			latest_charge: null,
			metadata: { order_id: '1001' },
		});
		expect(created.id).toMatch(/^pi_/);

		const confirmed = only(
			await flow.then(created, (json) => ({
				resource: 'paymentIntent',
				operation: 'confirm',
				paymentIntentId: json.id,
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/payment_intents/${created.id as string}/confirm`,
			'',
		);
		expect(confirmed).toMatchObject({
			id: created.id,
			status: 'requires_capture',
			amount_capturable: 5000,
			amount_received: 0,
		});
		expect(confirmed.latest_charge).toMatch(/^ch_/);

		const captured = only(
			await flow.then(confirmed, (json) => ({
				resource: 'paymentIntent',
				operation: 'capture',
				paymentIntentId: json.id,
				additionalFields: { amountToCapture: 4000 },
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/payment_intents/${created.id as string}/capture`,
			'amount_to_capture=4000',
		);
		expect(captured).toMatchObject({
			id: created.id,
			status: 'succeeded',
			amount_capturable: 0,
			amount_received: 4000,
			latest_charge: confirmed.latest_charge,
		});

		// The uncaptured $10.00 went back to the customer: a full refund is the $40.00 captured.
		const refund = only(
			await flow.then(captured, (json) => ({
				resource: 'refund',
				operation: 'create',
				chargeOrPaymentIntent: json.id,
			})),
		);
		expectWrite(sent(), flow.executionId, '/v1/refunds', `payment_intent=${created.id as string}`);
		expect(refund).toMatchObject({
			object: 'refund',
			amount: 4000,
			charge: confirmed.latest_charge,
			payment_intent: created.id,
			status: 'succeeded',
		});
		expect(stored(confirmed.latest_charge)).toMatchObject({
			amount: 5000,
			amount_refunded: 5000,
			refunded: true,
		});
	});

	it('captures once when the Capture node is retried (Retry On Fail): Stripe replays its first answer', async () => {
		const flow = workflow();
		const authorized = only(
			await flow.start({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 3000,
				currency: 'usd',
				additionalFields: { paymentMethod: 'pm_card_visa', captureMethod: 'manual', confirm: true },
			}),
		);
		expect(sent().path).toBe('/v1/payment_intents');
		const captured = only(
			await flow.then(authorized, (json) => ({
				resource: 'paymentIntent',
				operation: 'capture',
				paymentIntentId: json.id,
				additionalFields: { amountToCapture: 2000 },
			})),
		);
		const first = sent();
		expectWrite(
			first,
			flow.executionId,
			`/v1/payment_intents/${authorized.id as string}/capture`,
			'amount_to_capture=2000',
		);

		// A second capture would be refused: the intent has succeeded. The same key gets the first answer.
		const retried = only(await flow.retry());
		const again = sent();
		expect([again.path, again.rawBody, again.idempotencyKey, again.replayed]).toEqual([
			first.path,
			first.rawBody,
			first.idempotencyKey,
			true,
		]);
		expect(retried).toEqual(captured);
		expect(retried).toMatchObject({ status: 'succeeded', amount_received: 2000 });
		expect(stored(authorized.latest_charge).amount_refunded).toBe(1000);
	});

	it('confirms at creation (confirm=true): succeeded at once, and then Stripe refuses a capture', async () => {
		const flow = workflow();
		const created = only(
			await flow.start({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 1999,
				currency: 'eur',
				additionalFields: { paymentMethod: 'pm_card_visa', confirm: true },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/payment_intents',
			'amount=1999&currency=eur&payment_method=pm_card_visa&confirm=true',
		);
		expect(created).toMatchObject({
			object: 'payment_intent',
			status: 'succeeded',
			capture_method: 'automatic',
			amount_received: 1999,
		});

		const error = await failure(
			flow.then(created, (json) => ({
				resource: 'paymentIntent',
				operation: 'capture',
				paymentIntentId: json.id,
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/payment_intents/${created.id as string}/capture`,
			'',
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect((error as NodeApiError).context.stripe).toMatchObject({
			type: 'invalid_request_error',
			code: 'payment_intent_unexpected_state',
			status_code: 400,
		});
		expect(error.message).toContain('has a status of succeeded');
		expect(stored(created.id)).toMatchObject({ status: 'succeeded', amount_received: 1999 });
	});

	it('cancels an authorized payment intent with a reason, releasing the amount; it can no longer be captured', async () => {
		const flow = workflow();
		const authorized = only(
			await flow.start({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 2500,
				currency: 'usd',
				additionalFields: { paymentMethod: 'pm_card_visa', captureMethod: 'manual', confirm: true },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/payment_intents',
			'amount=2500&currency=usd&payment_method=pm_card_visa&capture_method=manual&confirm=true',
		);
		expect(authorized).toMatchObject({ status: 'requires_capture', amount_capturable: 2500 });

		const canceled = only(
			await flow.then(authorized, (json) => ({
				resource: 'paymentIntent',
				operation: 'cancel',
				paymentIntentId: json.id,
				additionalFields: { cancellationReason: 'requested_by_customer' },
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/payment_intents/${authorized.id as string}/cancel`,
			'cancellation_reason=requested_by_customer',
		);
		expect(canceled).toMatchObject({
			id: authorized.id,
			status: 'canceled',
			cancellation_reason: 'requested_by_customer',
			amount_capturable: 0,
			amount_received: 0,
		});
		expect(canceled.canceled_at).toEqual(expect.any(Number));
		expect(stored(authorized.latest_charge)).toMatchObject({
			amount_refunded: 2500,
			refunded: true,
		});

		const error = await failure(
			flow.then(canceled, (json) => ({
				resource: 'paymentIntent',
				operation: 'capture',
				paymentIntentId: json.id,
			})),
		);
		expect(sent().path).toBe(`/v1/payment_intents/${authorized.id as string}/capture`);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'payment_intent_unexpected_state',
			status_code: 400,
		});
		expect(stored(authorized.id).status).toBe('canceled');
	});
});

describe('Checkout Session: create with line items', () => {
	it('creates a payment-mode session from the Line Items form, then gets its line items', async () => {
		const flow = workflow();
		const tshirt = price(2000);
		const created = only(
			await flow.start({
				resource: 'checkoutSession',
				operation: 'create',
				mode: 'payment',
				lineItems: { item: [{ price: tshirt, quantity: 2 }] },
				successUrl: 'https://shop.example.com/thanks',
				additionalFields: {
					cancelUrl: 'https://shop.example.com/cart',
					clientReferenceId: 'order-1001',
				},
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/checkout/sessions',
			`mode=payment&line_items[0][price]=${tshirt}&line_items[0][quantity]=2&success_url=https%3A%2F%2Fshop.example.com%2Fthanks&cancel_url=https%3A%2F%2Fshop.example.com%2Fcart&client_reference_id=order-1001`,
		);
		expect(created).toMatchObject({
			object: 'checkout.session',
			mode: 'payment',
			status: 'open',
			payment_status: 'unpaid',
			amount_total: 4000,
			currency: 'usd',
			success_url: 'https://shop.example.com/thanks',
			client_reference_id: 'order-1001',
		});
		expect(created.id).toMatch(/^cs_test_/);
		expect(created.url).toBe(`https://checkout.stripe.com/c/pay/${created.id as string}`);

		const lineItems = await flow.then(created, (json) => ({
			resource: 'checkoutSession',
			operation: 'listLineItems',
			checkoutSessionId: json.id,
			returnAll: true,
		}));
		const req = sent();
		expect([req.method, req.path, req.query, req.idempotencyKey]).toEqual([
			'GET',
			`/v1/checkout/sessions/${created.id as string}/line_items`,
			{ limit: 100 },
			undefined,
		]);
		expect(
			lineItems.map((o) => [
				o.json.object,
				(o.json.price as IDataObject).id,
				o.json.quantity,
				o.json.amount_total,
				o.pairedItem,
			]),
		).toEqual([['item', tshirt, 2, 4000, { item: 0 }]]);
	});

	it("creates a subscription-mode session from Stripe's own line_items list given by an expression", async () => {
		const flow = workflow();
		const monthly = price(1500, { interval: 'month' });
		const created = only(
			await flow.start({
				resource: 'checkoutSession',
				operation: 'create',
				mode: 'subscription',
				lineItems: [{ price: monthly, quantity: 3 }],
				successUrl: 'https://app.example.com/welcome',
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/checkout/sessions',
			`mode=subscription&line_items[0][price]=${monthly}&line_items[0][quantity]=3&success_url=https%3A%2F%2Fapp.example.com%2Fwelcome`,
		);
		expect(created).toMatchObject({
			object: 'checkout.session',
			mode: 'subscription',
			status: 'open',
			amount_total: 4500,
			subscription: null,
		});
	});

	it("gives Stripe's refusal of a recurring price in payment mode, naming line_items", async () => {
		const flow = workflow();
		const monthly = price(1500, { interval: 'month' });
		const error = await failure(
			flow.start({
				resource: 'checkoutSession',
				operation: 'create',
				mode: 'payment',
				lineItems: { item: [{ price: monthly, quantity: 1 }] },
				successUrl: 'https://shop.example.com/thanks',
			}),
		);
		expect(sent().body).toEqual({
			mode: 'payment',
			line_items: [{ price: monthly, quantity: 1 }],
			success_url: 'https://shop.example.com/thanks',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			type: 'invalid_request_error',
			param: 'line_items',
			status_code: 400,
		});
		expect(error.message).toContain('`payment` mode but passed a recurring price');
	});
});

describe('Subscription: create, update, cancel', () => {
	it('subscribes a customer to a monthly price, sets cancel_at_period_end and metadata, then cancels it', async () => {
		const flow = workflow();
		const cus = customerWithCard();
		const seat = price(900, { interval: 'month' });

		const created = only(
			await flow.start({
				resource: 'subscription',
				operation: 'create',
				customer: cus,
				items: { item: [{ price: seat, quantity: 2 }] },
				additionalFields: { metadata: { entry: [{ key: 'plan', value: 'team' }] } },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/subscriptions',
			`customer=${cus}&items[0][price]=${seat}&items[0][quantity]=2&metadata[plan]=team`,
		);
		expect(created).toMatchObject({
			object: 'subscription',
			customer: cus,
			status: 'active',
			cancel_at_period_end: false,
			canceled_at: null,
			currency: 'usd',
			metadata: { plan: 'team' },
		});
		expect(created.id).toMatch(/^sub_/);
		expect((created.items as IDataObject).data).toEqual([
			expect.objectContaining({
				object: 'subscription_item',
				price: expect.objectContaining({ id: seat }),
				quantity: 2,
				subscription: created.id,
			}),
		]);

		const updated = only(
			await flow.then(created, (json) => ({
				resource: 'subscription',
				operation: 'update',
				subscriptionId: json.id,
				updateFields: {
					cancelAtPeriodEnd: true,
					metadata: { entry: [{ key: 'churn_reason', value: 'too_expensive' }] },
				},
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/subscriptions/${created.id as string}`,
			'cancel_at_period_end=true&metadata[churn_reason]=too_expensive',
		);
		expect(updated).toMatchObject({
			id: created.id,
			status: 'active',
			cancel_at_period_end: true,
			metadata: { plan: 'team', churn_reason: 'too_expensive' },
		});

		const canceled = only(
			await flow.then(updated, (json) => ({
				resource: 'subscription',
				operation: 'cancel',
				subscriptionId: json.id,
				additionalFields: {
					cancellationDetails: {
						comment: 'Moving to the annual plan',
						feedback: 'switched_service',
					},
					invoiceNow: true,
				},
			})),
		);
		const req = sent();
		// A DELETE: its parameters go in the query, and Stripe takes no Idempotency-Key on it.
		expect([req.method, req.path, req.rawBody, req.idempotencyKey]).toEqual([
			'DELETE',
			`/v1/subscriptions/${created.id as string}`,
			'',
			undefined,
		]);
		expect(req.query).toEqual({
			cancellation_details: { comment: 'Moving to the annual plan', feedback: 'switched_service' },
			invoice_now: true,
		});
		expect(canceled).toMatchObject({
			id: created.id,
			object: 'subscription',
			status: 'canceled',
			cancellation_details: {
				comment: 'Moving to the annual plan',
				feedback: 'switched_service',
				reason: 'cancellation_requested',
			},
			metadata: { plan: 'team', churn_reason: 'too_expensive' },
		});
		expect(canceled.canceled_at).toEqual(expect.any(Number));
		expect(canceled.ended_at).toEqual(expect.any(Number));
	});

	it('starts a subscription incomplete when the customer has no way to pay', async () => {
		const flow = workflow();
		const cus = customer();
		const seat = price(900, { interval: 'month' });
		const created = only(
			await flow.start({
				resource: 'subscription',
				operation: 'create',
				customer: cus,
				items: `[{"price": "${seat}"}]`,
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/subscriptions',
			`customer=${cus}&items[0][price]=${seat}`,
		);
		expect(created).toMatchObject({ customer: cus, status: 'incomplete' });
	});
});

describe('Invoice: create, add items, finalize, pay or void', () => {
	it('invoices a customer: a draft, an invoice item on it, lines added, finalized to open, then paid', async () => {
		const flow = workflow();
		const cus = customerWithCard();
		const hours = price(15000);

		const draft = only(
			await flow.start({
				resource: 'invoice',
				operation: 'create',
				additionalFields: { customer: cus, description: 'March consulting' },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/invoices',
			`customer=${cus}&description=March%20consulting`,
		);
		expect(draft).toMatchObject({
			object: 'invoice',
			customer: cus,
			status: 'draft',
			amount_due: 0,
			number: null,
		});
		expect(draft.id).toMatch(/^in_/);

		const item = only(
			await flow.then(draft, (json) => ({
				resource: 'invoiceItem',
				operation: 'create',
				additionalFields: {
					customer: json.customer,
					invoice: json.id,
					amount: 2500,
					currency: 'usd',
					description: 'Travel',
				},
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/invoiceitems',
			`customer=${cus}&invoice=${draft.id as string}&amount=2500&currency=usd&description=Travel`,
		);
		expect(item).toMatchObject({
			object: 'invoiceitem',
			invoice: draft.id,
			customer: cus,
			amount: 2500,
		});
		expect(item.id).toMatch(/^ii_/);

		const withLines = only(
			await flow.then(item, (json) => ({
				resource: 'invoice',
				operation: 'addLines',
				invoiceId: json.invoice,
				linesToAdd: `[{"pricing": {"price": "${hours}"}, "quantity": 3}]`,
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/invoices/${draft.id as string}/add_lines`,
			`lines[0][pricing][price]=${hours}&lines[0][quantity]=3`,
		);
		expect(withLines).toMatchObject({ id: draft.id, status: 'draft', amount_due: 47500 });
		expect(
			((withLines.lines as IDataObject).data as IDataObject[]).map((line) => [
				line.amount,
				line.quantity,
				line.description,
			]),
		).toEqual([
			[2500, 1, 'Travel'],
			[45000, 3, null],
		]);

		const finalized = only(
			await flow.then(withLines, (json) => ({
				resource: 'invoice',
				operation: 'finalizeInvoice',
				invoiceId: json.id,
			})),
		);
		expectWrite(sent(), flow.executionId, `/v1/invoices/${draft.id as string}/finalize`, '');
		expect(finalized).toMatchObject({
			id: draft.id,
			status: 'open',
			amount_due: 47500,
			amount_paid: 0,
			amount_remaining: 47500,
		});
		expect(finalized.number).toEqual(expect.any(String));
		expect((finalized.status_transitions as IDataObject).finalized_at).toEqual(expect.any(Number));

		const paid = only(
			await flow.then(finalized, (json) => ({
				resource: 'invoice',
				operation: 'pay',
				invoiceId: json.id,
			})),
		);
		expectWrite(sent(), flow.executionId, `/v1/invoices/${draft.id as string}/pay`, '');
		expect(paid).toMatchObject({
			id: draft.id,
			status: 'paid',
			number: finalized.number,
			amount_paid: 47500,
			amount_remaining: 0,
		});
		expect((paid.status_transitions as IDataObject).paid_at).toEqual(expect.any(Number));
	});

	it('voids an open invoice; Stripe then refuses to pay it and it stays void', async () => {
		const flow = workflow();
		const cus = customerWithCard();
		const draft = only(
			await flow.start({
				resource: 'invoice',
				operation: 'create',
				additionalFields: { customer: cus, collectionMethod: 'send_invoice', daysUntilDue: 30 },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/invoices',
			`customer=${cus}&collection_method=send_invoice&days_until_due=30`,
		);

		await flow.then(draft, (json) => ({
			resource: 'invoiceItem',
			operation: 'create',
			additionalFields: {
				customer: json.customer,
				invoice: json.id,
				amount: 12000,
				currency: 'usd',
			},
		}));
		expect(sent().path).toBe('/v1/invoiceitems');
		const finalized = only(
			await flow.then(draft, (json) => ({
				resource: 'invoice',
				operation: 'finalizeInvoice',
				invoiceId: json.id,
				additionalFields: { autoAdvance: false },
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/invoices/${draft.id as string}/finalize`,
			'auto_advance=false',
		);
		expect(finalized).toMatchObject({ status: 'open', amount_due: 12000, auto_advance: false });

		const voided = only(
			await flow.then(finalized, (json) => ({
				resource: 'invoice',
				operation: 'voidInvoice',
				invoiceId: json.id,
			})),
		);
		expectWrite(sent(), flow.executionId, `/v1/invoices/${draft.id as string}/void`, '');
		expect(voided).toMatchObject({ id: draft.id, status: 'void', amount_paid: 0 });
		expect((voided.status_transitions as IDataObject).voided_at).toEqual(expect.any(Number));

		const error = await failure(
			flow.then(voided, (json) => ({
				resource: 'invoice',
				operation: 'pay',
				invoiceId: json.id,
				additionalFields: { paidOutOfBand: true },
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/invoices/${draft.id as string}/pay`,
			'paid_out_of_band=true',
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'invoice_unexpected_state',
			status_code: 400,
		});
		expect(stored(draft.id)).toMatchObject({ status: 'void', amount_paid: 0 });
	});
});

describe('Connect: onboard a connected account', () => {
	it('creates an account, an onboarding link, its representative, a bank account and requests a capability', async () => {
		const flow = workflow();
		const account = only(
			await flow.start({
				resource: 'account',
				operation: 'create',
				additionalFields: {
					type: 'express',
					country: 'US',
					email: 'owner@shop.example.com',
					businessType: 'individual',
					capabilities: { cardPayments: { requested: true } },
				},
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/accounts',
			'type=express&country=US&email=owner%40shop.example.com&business_type=individual&capabilities[card_payments][requested]=true',
		);
		expect(account).toMatchObject({
			object: 'account',
			type: 'express',
			country: 'US',
			email: 'owner@shop.example.com',
			charges_enabled: false,
			capabilities: { card_payments: 'inactive' },
		});
		expect(account.id).toMatch(/^acct_/);
		const acct = account.id as string;

		const link = only(
			await flow.then(account, (json) => ({
				resource: 'accountLink',
				operation: 'create',
				account: json.id,
				type: 'account_onboarding',
				additionalFields: {
					refreshUrl: 'https://shop.example.com/reauth',
					returnUrl: 'https://shop.example.com/return',
				},
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/account_links',
			`account=${acct}&type=account_onboarding&refresh_url=https%3A%2F%2Fshop.example.com%2Freauth&return_url=https%3A%2F%2Fshop.example.com%2Freturn`,
		);
		expect(link).toMatchObject({ object: 'account_link', url: expect.stringContaining(acct) });
		expect(link.expires_at).toBeGreaterThan(link.created as number);

		const person = only(
			await flow.then(account, (json) => ({
				resource: 'account',
				operation: 'createPerson',
				accountId: json.id,
				additionalFields: {
					firstName: 'Jenny',
					lastName: 'Rosen',
					relationship: { representative: true, title: 'Owner' },
					dob: { day: 5, month: 7, year: 1985 },
				},
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/accounts/${acct}/persons`,
			'first_name=Jenny&last_name=Rosen&relationship[representative]=true&relationship[title]=Owner&dob[day]=5&dob[month]=7&dob[year]=1985',
		);
		expect(person).toMatchObject({
			object: 'person',
			account: acct,
			first_name: 'Jenny',
			relationship: { representative: true, title: 'Owner', owner: false },
			dob: { day: 5, month: 7, year: 1985 },
		});
		expect(person.id).toMatch(/^person_/);

		const bank = only(
			await flow.then(account, (json) => ({
				resource: 'account',
				operation: 'createExternalAccount',
				accountId: json.id,
				externalAccount: 'btok_us_verified',
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/accounts/${acct}/external_accounts`,
			'external_account=btok_us_verified',
		);
		expect(bank).toMatchObject({
			object: 'bank_account',
			account: acct,
			country: 'US',
			currency: 'usd',
			last4: '6789',
			default_for_currency: true,
		});

		const capability = only(
			await flow.then(account, (json) => ({
				resource: 'account',
				operation: 'updateCapability',
				accountId: json.id,
				capabilityId: 'transfers',
				updateFields: { requested: true },
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/accounts/${acct}/capabilities/transfers`,
			'requested=true',
		);
		expect(capability).toEqual({
			id: 'transfers',
			object: 'capability',
			account: acct,
			requested: true,
			requested_at: expect.any(Number),
			status: 'inactive',
		});

		const fetched = only(
			await flow.then(account, (json) => ({
				resource: 'account',
				operation: 'get',
				accountId: json.id,
			})),
		);
		expect([sent().method, fetched.id]).toEqual(['GET', acct]);
		expect(fetched.capabilities).toEqual({ card_payments: 'inactive', transfers: 'inactive' });
		expect((fetched.external_accounts as IDataObject).data).toEqual([
			expect.objectContaining({ id: bank.id, last4: '6789' }),
		]);
	});

	it('adds a bank account given by its details (a JSON object)', async () => {
		const flow = workflow();
		const acct = connectedAccount();
		const bank = only(
			await flow.start({
				resource: 'account',
				operation: 'createExternalAccount',
				accountId: acct,
				externalAccount: {
					object: 'bank_account',
					country: 'US',
					currency: 'usd',
					account_holder_name: 'Jenny Rosen',
					routing_number: '110000000',
					account_number: '000999999991',
				},
				additionalFields: { defaultForCurrency: true },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/accounts/${acct}/external_accounts`,
			'external_account[object]=bank_account&external_account[country]=US&external_account[currency]=usd&external_account[account_holder_name]=Jenny%20Rosen&external_account[routing_number]=110000000&external_account[account_number]=000999999991&default_for_currency=true',
		);
		expect(bank).toMatchObject({
			object: 'bank_account',
			account: acct,
			account_holder_name: 'Jenny Rosen',
			last4: '9991',
			default_for_currency: true,
		});
	});
});

describe('Application fee: refund', () => {
	it('refunds the fee of a destination charge in part, then the rest; Stripe refuses more', async () => {
		const flow = workflow();
		const shop = connectedAccount();
		const payment = only(
			await flow.start({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 10000,
				currency: 'usd',
				additionalFields: {
					paymentMethod: 'pm_card_visa',
					confirm: true,
					applicationFeeAmount: 1230,
					transferData: { destination: shop },
				},
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/payment_intents',
			`amount=10000&currency=usd&payment_method=pm_card_visa&confirm=true&application_fee_amount=1230&transfer_data[destination]=${shop}`,
		);
		expect(payment).toMatchObject({ status: 'succeeded', application_fee_amount: 1230 });

		const fees = await flow.then(payment, (json) => ({
			resource: 'applicationFee',
			operation: 'getAll',
			filters: { charge: json.latest_charge },
		}));
		const list = sent();
		expect([list.method, list.path, list.query]).toEqual([
			'GET',
			'/v1/application_fees',
			{ charge: payment.latest_charge, limit: 50 },
		]);
		const fee = only(fees);
		expect(fee).toMatchObject({
			object: 'application_fee',
			amount: 1230,
			amount_refunded: 0,
			refunded: false,
			charge: payment.latest_charge,
			account: shop,
		});
		expect(fee.id).toMatch(/^fee_/);

		const partial = only(
			await flow.then(fee, (json) => ({
				resource: 'applicationFee',
				operation: 'createRefund',
				applicationFeeId: json.id,
				additionalFields: {
					amount: 230,
					metadata: { entry: [{ key: 'reason', value: 'late delivery' }] },
				},
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/application_fees/${fee.id as string}/refunds`,
			'amount=230&metadata[reason]=late%20delivery',
		);
		expect(partial).toMatchObject({
			object: 'fee_refund',
			amount: 230,
			currency: 'usd',
			fee: fee.id,
			metadata: { reason: 'late delivery' },
		});
		expect(partial.id).toMatch(/^fr_/);

		const rest = only(
			await flow.then(fee, (json) => ({
				resource: 'applicationFee',
				operation: 'createRefund',
				applicationFeeId: json.id,
			})),
		);
		expectWrite(sent(), flow.executionId, `/v1/application_fees/${fee.id as string}/refunds`, '');
		expect(rest).toMatchObject({ object: 'fee_refund', amount: 1000, fee: fee.id });

		const error = await failure(
			flow.then(fee, (json) => ({
				resource: 'applicationFee',
				operation: 'createRefund',
				applicationFeeId: json.id,
				additionalFields: { amount: 1 },
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			`/v1/application_fees/${fee.id as string}/refunds`,
			'amount=1',
		);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'amount_too_large',
			param: 'amount',
			status_code: 400,
		});

		const refunded = only(
			await flow.then(fee, (json) => ({
				resource: 'applicationFee',
				operation: 'get',
				applicationFeeId: json.id,
			})),
		);
		expect([sent().path]).toEqual([`/v1/application_fees/${fee.id as string}`]);
		expect(refunded).toMatchObject({ amount_refunded: 1230, refunded: true });
		expect(((refunded.refunds as IDataObject).data as IDataObject[]).map((r) => r.id)).toEqual([
			rest.id,
			partial.id,
		]);
	});
});

describe('Apple Pay domain: create', () => {
	it('registers a domain on a connected account, listed under that account only', async () => {
		const flow = workflow();
		const shop = connectedAccount();
		const domain = only(
			await flow.start({
				resource: 'applePayDomain',
				operation: 'create',
				domainName: 'shop.example.com',
				options: { stripeAccount: shop },
			}),
		);
		const req = sent();
		expectWrite(req, flow.executionId, '/v1/apple_pay/domains', 'domain_name=shop.example.com');
		expect(req.stripeAccount).toBe(shop);
		expect(domain).toEqual({
			id: expect.stringMatching(/^apwc_/),
			object: 'apple_pay_domain',
			domain_name: 'shop.example.com',
			created: expect.any(Number),
			livemode: false,
		});

		const listed = await flow.then(domain, (json) => ({
			resource: 'applePayDomain',
			operation: 'getAll',
			filters: { domainName: json.domain_name },
			options: { stripeAccount: shop },
		}));
		const list = sent();
		expect([list.path, list.query, list.stripeAccount]).toEqual([
			'/v1/apple_pay/domains',
			{ domain_name: 'shop.example.com', limit: 50 },
			shop,
		]);
		expect(listed.map((o) => o.json.id)).toEqual([domain.id]);

		expect(
			await flow.start({
				resource: 'applePayDomain',
				operation: 'getAll',
				filters: { domainName: 'shop.example.com' },
			}),
		).toEqual([]);
		expect(sent().stripeAccount).toBeUndefined();
	});
});

describe('Apps > Secret: set and find', () => {
	it('sets an account-scoped secret, replaces it, and finds the latest payload when expanded', async () => {
		const flow = workflow();
		const first = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'create',
				name: 'shopify_token',
				payload: 'shpat_first',
				scope: { type: 'account' },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/apps/secrets',
			'name=shopify_token&payload=shpat_first&scope[type]=account',
		);
		// The payload is answered only when expanded.
		expect(first).toMatchObject({
			object: 'apps.secret',
			name: 'shopify_token',
			scope: { type: 'account' },
			payload: null,
			deleted: false,
		});
		expect(first.id).toMatch(/^appsecret_/);

		const replaced = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'create',
				name: 'shopify_token',
				payload: 'shpat_second',
				scope: { type: 'account' },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/apps/secrets',
			'name=shopify_token&payload=shpat_second&scope[type]=account',
		);

		const found = only(
			await flow.then(replaced, (json) => ({
				resource: 'appsSecret',
				operation: 'find',
				name: json.name,
				scope: { type: 'account' },
				options: { expand: 'payload' },
			})),
		);
		const req = sent();
		expect([req.method, req.path, req.query, req.idempotencyKey]).toEqual([
			'GET',
			'/v1/apps/secrets/find',
			{ name: 'shopify_token', scope: { type: 'account' }, expand: ['payload'] },
			undefined,
		]);
		expect(found).toMatchObject({
			id: replaced.id,
			name: 'shopify_token',
			payload: 'shpat_second',
		});
	});

	it("keeps a user's secret apart from the account's: found with its user scope, missing with the account scope, then deleted", async () => {
		const flow = workflow();
		const user = 'usr_1Flow';
		const set = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'create',
				name: 'crm_token',
				payload: 'crm_user_token',
				scope: { type: 'user', user },
			}),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/apps/secrets',
			`name=crm_token&payload=crm_user_token&scope[type]=user&scope[user]=${user}`,
		);
		expect(set.scope).toEqual({ type: 'user', user });

		const found = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'find',
				name: 'crm_token',
				scope: { type: 'user', user },
			}),
		);
		expect(sent().query).toEqual({ name: 'crm_token', scope: { type: 'user', user } });
		expect(found).toMatchObject({ id: set.id, scope: { type: 'user', user }, payload: null });

		const error = await failure(
			flow.start({
				resource: 'appsSecret',
				operation: 'find',
				name: 'crm_token',
				scope: { type: 'account' },
			}),
		);
		expect(sent().query).toEqual({ name: 'crm_token', scope: { type: 'account' } });
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'resource_missing',
			status_code: 404,
		});

		const deleted = only(
			await flow.then(found, (json) => ({
				resource: 'appsSecret',
				operation: 'deleteWhere',
				name: json.name,
				scope: json.scope,
			})),
		);
		expectWrite(
			sent(),
			flow.executionId,
			'/v1/apps/secrets/delete',
			`name=crm_token&scope[type]=user&scope[user]=${user}`,
		);
		expect(deleted).toMatchObject({ id: set.id, deleted: true });
		const gone = await failure(
			flow.start({
				resource: 'appsSecret',
				operation: 'find',
				name: 'crm_token',
				scope: { type: 'user', user },
			}),
		);
		expect(sent().path).toBe('/v1/apps/secrets/find');
		expect((gone as NodeApiError).context.stripe).toMatchObject({
			code: 'resource_missing',
			status_code: 404,
		});
	});
});
