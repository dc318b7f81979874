/**
 * The flows of a payment, step by step through execute() as nodes of one execution: a payment
 * intent authorized, captured, refunded or canceled; a Checkout Session made from line items.
 */
import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { failure } from '../support/harness';
import { onItem, useFlows } from '../support/flows';

const { workflow, sent, only, stored, customer, price } = useFlows();

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
		flow.wrote(
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
			await flow.then(created, onItem('paymentIntent', 'confirm', 'paymentIntentId')),
		);
		flow.wrote(`/v1/payment_intents/${created.id as string}/confirm`, '');
		expect(confirmed).toMatchObject({
			id: created.id,
			status: 'requires_capture',
			amount_capturable: 5000,
			amount_received: 0,
		});
		expect(confirmed.latest_charge).toMatch(/^ch_/);

		const captured = only(
			await flow.then(
				confirmed,
				onItem('paymentIntent', 'capture', 'paymentIntentId', {
					additionalFields: { amountToCapture: 4000 },
				}),
			),
		);
		flow.wrote(`/v1/payment_intents/${created.id as string}/capture`, 'amount_to_capture=4000');
		expect(captured).toMatchObject({
			id: created.id,
			status: 'succeeded',
			amount_capturable: 0,
			amount_received: 4000,
			latest_charge: confirmed.latest_charge,
		});

		// The uncaptured $10.00 went back to the customer: a full refund is the $40.00 captured.
		const refund = only(
			await flow.then(captured, onItem('refund', 'create', 'chargeOrPaymentIntent')),
		);
		flow.wrote('/v1/refunds', `payment_intent=${created.id as string}`);
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
			await flow.then(
				authorized,
				onItem('paymentIntent', 'capture', 'paymentIntentId', {
					additionalFields: { amountToCapture: 2000 },
				}),
			),
		);
		const first = flow.wrote(
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
		flow.wrote(
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
			flow.then(created, onItem('paymentIntent', 'capture', 'paymentIntentId')),
		);
		flow.wrote(`/v1/payment_intents/${created.id as string}/capture`, '');
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
		flow.wrote(
			'/v1/payment_intents',
			'amount=2500&currency=usd&payment_method=pm_card_visa&capture_method=manual&confirm=true',
		);
		expect(authorized).toMatchObject({ status: 'requires_capture', amount_capturable: 2500 });

		const canceled = only(
			await flow.then(
				authorized,
				onItem('paymentIntent', 'cancel', 'paymentIntentId', {
					additionalFields: { cancellationReason: 'requested_by_customer' },
				}),
			),
		);
		flow.wrote(
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
			flow.then(canceled, onItem('paymentIntent', 'capture', 'paymentIntentId')),
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
		flow.wrote(
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

		const lineItems = await flow.then(
			created,
			onItem('checkoutSession', 'listLineItems', 'checkoutSessionId', { returnAll: true }),
		);
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
		flow.wrote(
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
