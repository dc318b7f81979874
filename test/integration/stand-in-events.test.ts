/**
 * The stand-in as Stripe's event source: writes record the events Stripe would emit, listed and
 * retrieved through /v1/events.
 */
import Stripe from 'stripe';
import { useEventSource } from '../support/stand-in-events';
import { ACCOUNT_API_VERSION, CHANGE_EVENTS } from '../../stand-ins/stripe';

const source = useEventSource();
const { env, STRIPE_EVENT_TYPES, noteEarlierEvents, newEvents, objectId, succeededPayment } =
	source;
let stripe: Stripe;
let hookOrigin: string;
beforeAll(() => ({ stripe, hookOrigin } = source.state));

describe('events of writes', () => {
	it('customer, refund and subscription writes record the events Stripe emits, in order, with the objects after each write', async () => {
		const customer = await stripe.customers.create(
			{ email: 'ada@example.com' },
			{ idempotencyKey: 'create-ada' },
		);
		const updated = await stripe.customers.update(customer.id, {
			name: 'Ada Lovelace',
			metadata: { tier: 'gold' },
		});
		const intent = await succeededPayment(5000);
		const refund = await stripe.refunds.create({
			charge: intent.latest_charge as string,
			amount: 1200,
		});
		const product = await stripe.products.create({ name: 'Plan' });
		const price = await stripe.prices.create({
			product: product.id,
			currency: 'usd',
			unit_amount: 900,
			recurring: { interval: 'month' },
		});
		const subscription = await stripe.subscriptions.create({
			customer: customer.id,
			items: [{ price: price.id }],
			default_payment_method: 'pm_card_visa',
		});
		const canceled = await stripe.subscriptions.cancel(subscription.id);

		const events = await newEvents();
		expect(events.map((e) => e.type)).toEqual([
			'customer.created',
			'customer.updated',
			'payment_intent.created',
			'charge.succeeded',
			'payment_intent.succeeded',
			'refund.created',
			'charge.refunded',
			'product.created',
			'price.created',
			'customer.subscription.created',
			'customer.subscription.deleted',
		]);
		const byType = Object.fromEntries(events.map((e) => [e.type, e]));

		expect(byType['customer.created']).toEqual({
			id: expect.stringMatching(/^evt_/),
			object: 'event',
			api_version: ACCOUNT_API_VERSION,
			created: expect.any(Number),
			data: { object: customer },
			livemode: false,
			pending_webhooks: 0,
			request: { id: customer.lastResponse.requestId, idempotency_key: 'create-ada' },
			type: 'customer.created',
		});
		expect(byType['customer.updated'].data).toEqual({
			object: updated,
			previous_attributes: { name: null, metadata: { tier: null } },
		});
		// The SDK gives every POST an idempotency key of its own; the event names the one sent.
		const update = env.standIn.requests.find(
			(r) => r.method === 'POST' && r.path === `/v1/customers/${customer.id}`,
		)!;
		expect(byType['customer.updated'].request).toEqual({
			id: updated.lastResponse.requestId,
			idempotency_key: update.idempotencyKey,
		});
		expect(update.idempotencyKey).toMatch(/^stripe-node-retry-/);

		const charge = byType['charge.refunded'].data.object as Stripe.Charge;
		expect(charge).toMatchObject({
			id: intent.latest_charge,
			amount: 5000,
			amount_refunded: 1200,
			refunded: false,
		});
		expect(byType['charge.refunded'].data).not.toHaveProperty('previous_attributes');
		expect(byType['refund.created'].data.object).toEqual(refund);
		expect(byType['charge.succeeded'].data.object).toMatchObject({
			id: intent.latest_charge,
			status: 'succeeded',
			amount_refunded: 0,
		});
		expect(byType['payment_intent.succeeded'].data.object).toEqual(intent);
		expect(byType['customer.subscription.created'].data.object).toMatchObject({
			id: subscription.id,
			status: 'active',
		});
		expect(byType['customer.subscription.deleted'].data.object).toEqual(canceled);
		expect(canceled.status).toBe('canceled');
		// Listed newest first; retrieved by ID as listed.
		expect((await stripe.events.list({ limit: events.length })).data.map((e) => e.id)).toEqual(
			events.map((e) => e.id).reverse(),
		);
		expect(await stripe.events.retrieve(byType['charge.refunded'].id)).toEqual(
			byType['charge.refunded'],
		);
	});

	it('a write with Stripe-Account records its events on that account, carrying `account`', async () => {
		const account = env.standIn.connectedAccount('acct_events_connect1');
		const customer = await stripe.customers.create(
			{ email: 'shop@example.com' },
			{ stripeAccount: account },
		);
		await stripe.customers.del(customer.id, {}, { stripeAccount: account });

		const events = await newEvents(account);
		expect(events.map((e) => [e.type, e.account, objectId(e)])).toEqual([
			['customer.created', account, customer.id],
			['customer.deleted', account, customer.id],
		]);
		// The deleted customer's event carries the customer as it was, not the deletion stub.
		expect(events[1].data.object).toEqual(customer);
		expect(await newEvents()).toEqual([]);
		await expect(stripe.events.retrieve(events[0].id)).rejects.toMatchObject({
			statusCode: 404,
			code: 'resource_missing',
		});
	});

	it('a replayed idempotent request records no second event', async () => {
		const intent = await succeededPayment(3000);
		noteEarlierEvents();
		const first = await stripe.refunds.create(
			{ charge: intent.latest_charge as string, amount: 500 },
			{ idempotencyKey: 'refund-once' },
		);
		const again = await stripe.refunds.create(
			{ charge: intent.latest_charge as string, amount: 500 },
			{ idempotencyKey: 'refund-once' },
		);
		expect(again.id).toBe(first.id);
		expect((await newEvents()).map((e) => [e.type, e.request?.idempotency_key])).toEqual([
			['refund.created', 'refund-once'],
			['charge.refunded', 'refund-once'],
		]);
		expect(env.standIn.store.get(intent.latest_charge as string)?.amount_refunded).toBe(500);
	});

	it('payment intent, invoice and quote flows emit Stripe’s own event types, and only types Stripe has', async () => {
		const customer = await stripe.customers.create({
			email: 'flows@example.com',
			invoice_settings: { default_payment_method: 'pm_card_visa' },
		});
		const authorized = (amount: number) =>
			stripe.paymentIntents.create({
				amount,
				currency: 'usd',
				payment_method: 'pm_card_visa',
				capture_method: 'manual',
				confirm: true,
			});
		await stripe.paymentIntents.capture((await authorized(2000)).id);
		await stripe.paymentIntents.cancel((await authorized(700)).id);
		await expect(
			stripe.paymentIntents.create({
				amount: 900,
				currency: 'usd',
				payment_method: 'pm_card_chargeDeclined',
				confirm: true,
			}),
		).rejects.toMatchObject({ code: 'card_declined' });
		/** An open invoice of one item of `amount`. */
		const finalized = async (amount: number) => {
			const invoice = await stripe.invoices.create({ customer: customer.id });
			await stripe.invoiceItems.create({
				customer: customer.id,
				invoice: invoice.id,
				amount,
				currency: 'usd',
			});
			return stripe.invoices.finalizeInvoice(invoice.id);
		};
		await stripe.invoices.pay((await finalized(1500)).id);
		await stripe.invoices.voidInvoice((await finalized(800)).id);
		const quote = await stripe.quotes.create({ customer: customer.id });
		await stripe.quotes.finalizeQuote(quote.id);
		await stripe.webhookEndpoints.create({
			url: `${hookOrigin}/unused`,
			enabled_events: ['invoice.paid'],
		});

		const types = (await newEvents()).map((e) => e.type);
		expect(types).toEqual([
			'customer.created',
			'payment_intent.created',
			'charge.succeeded',
			'payment_intent.amount_capturable_updated',
			'charge.captured',
			'payment_intent.succeeded',
			'payment_intent.created',
			'charge.succeeded',
			'payment_intent.amount_capturable_updated',
			'charge.refunded',
			'payment_intent.canceled',
			'payment_intent.created',
			'charge.failed',
			'payment_intent.payment_failed',
			'invoice.created',
			'invoiceitem.created',
			'invoice.updated',
			'invoice.finalized',
			'invoice.paid',
			'invoice.payment_succeeded',
			'invoice.created',
			'invoiceitem.created',
			'invoice.updated',
			'invoice.finalized',
			'invoice.voided',
			'quote.created',
			'quote.finalized',
		]);
		expect(types.filter((t) => !STRIPE_EVENT_TYPES.has(t))).toEqual([]);
		expect(CHANGE_EVENTS.map(([, type]) => type).filter((t) => !STRIPE_EVENT_TYPES.has(t))).toEqual(
			[],
		);
	});
});

describe('the Events API', () => {
	it('pages with limit, starting_after and ending_before, and filters by type (with *), types and created', async () => {
		const account = env.standIn.connectedAccount('acct_events_list1');
		const options = { stripeAccount: account };
		const a = await stripe.customers.create({ email: 'a@example.com' }, options);
		await stripe.customers.create({ email: 'b@example.com' }, options);
		await stripe.products.create({ name: 'Thing' }, options);
		await stripe.customers.update(a.id, { name: 'A' }, options);
		await stripe.customers.del(a.id, {}, options);
		const all = (await stripe.events.list({ limit: 100 }, options)).data;
		expect(all.map((e) => e.type)).toEqual([
			'customer.deleted',
			'customer.updated',
			'product.created',
			'customer.created',
			'customer.created',
		]);
		const ids = all.map((e) => e.id);

		const first = await stripe.events.list({ limit: 2 }, options);
		expect([first.data.map((e) => e.id), first.has_more]).toEqual([ids.slice(0, 2), true]);
		const second = await stripe.events.list({ limit: 2, starting_after: ids[1] }, options);
		expect([second.data.map((e) => e.id), second.has_more]).toEqual([ids.slice(2, 4), true]);
		const last = await stripe.events.list({ limit: 2, starting_after: ids[3] }, options);
		expect([last.data.map((e) => e.id), last.has_more]).toEqual([ids.slice(4), false]);
		const back = await stripe.events.list({ limit: 2, ending_before: ids[4] }, options);
		expect([back.data.map((e) => e.id), back.has_more]).toEqual([ids.slice(2, 4), true]);
		const top = await stripe.events.list({ limit: 2, ending_before: ids[2] }, options);
		expect([top.data.map((e) => e.id), top.has_more]).toEqual([ids.slice(0, 2), false]);

		const types = async (params: Stripe.EventListParams) =>
			(await stripe.events.list(params, options)).data.map((e) => e.type);
		expect(await types({ type: 'customer.created' })).toEqual([
			'customer.created',
			'customer.created',
		]);
		expect(await types({ type: 'customer.*' })).toEqual([
			'customer.deleted',
			'customer.updated',
			'customer.created',
			'customer.created',
		]);
		expect(await types({ types: ['product.created', 'customer.deleted'] })).toEqual([
			'customer.deleted',
			'product.created',
		]);
		const created = all[0].created;
		expect(await types({ created: { gt: created } })).toEqual([]);
		expect(await types({ created: { lte: created, gte: all[4].created } })).toHaveLength(5);
		await expect(
			stripe.events.list({ type: 'customer.created', types: ['customer.deleted'] }, options),
		).rejects.toMatchObject({ statusCode: 400, param: 'types' });
		await expect(
			stripe.events.list({ ending_before: 'evt_missing' }, options),
		).rejects.toMatchObject({ statusCode: 404, param: 'ending_before' });
	});

	it('events seeded for tests and events of writes are listed together, by creation time', async () => {
		const account = env.standIn.connectedAccount('acct_events_seeded1');
		const now = Math.floor(Date.now() / 1000);
		const seeded = env.standIn.event(
			'customer.created',
			{ id: 'cus_seeded', object: 'customer' },
			{ account, created: now - 3600 },
		);
		const customer = await stripe.customers.create(
			{ email: 'live@example.com' },
			{ stripeAccount: account },
		);
		const listed = (await stripe.events.list({}, { stripeAccount: account })).data;
		expect(listed.map((e) => objectId(e))).toEqual([customer.id, 'cus_seeded']);
		expect(listed[1]).toEqual(seeded);
	});
});

describe('what Stripe makes itself', () => {
	it('events and balance transactions are listed and retrieved only: an update or delete is refused 404, and they carry no metadata', async () => {
		const customer = await stripe.customers.create({ email: 'read-only@example.com' });
		const [event] = (await stripe.events.list({ type: 'customer.created', limit: 1 })).data;
		expect(objectId(event)).toBe(customer.id);
		const transaction = env.standIn.seed('balance_transactions', {
			amount: 1000,
			currency: 'usd',
			type: 'charge',
		});
		expect((await stripe.balanceTransactions.retrieve(transaction.id)).amount).toBe(1000);
		for (const [path, id] of [
			['events', event.id],
			['balance_transactions', transaction.id],
		]) {
			for (const method of ['POST', 'DELETE']) {
				const answer = await fetch(`${env.url}/v1/${path}/${id}`, {
					method,
					headers: {
						Authorization: 'Bearer sk_test_read_only',
						'Content-Type': 'application/x-www-form-urlencoded',
					},
					body: method === 'POST' ? 'metadata[a]=b' : undefined,
				});
				expect([path, method, answer.status]).toEqual([path, method, 404]);
			}
		}
		expect(event).not.toHaveProperty('metadata');
		expect(await stripe.balanceTransactions.retrieve(transaction.id)).not.toHaveProperty(
			'metadata',
		);
	});
});
