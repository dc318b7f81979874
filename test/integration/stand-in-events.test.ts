/**
 * The stand-in as Stripe's event source: writes record the events Stripe would emit (listed and
 * retrieved through /v1/events), and webhook endpoints on this machine receive them, signed.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import Stripe from 'stripe';
import { useStandIn } from '../support/harness';
import {
	ACCOUNT_API_VERSION,
	CHANGE_EVENTS,
	createStandIn,
	RETRY_DELAYS_MS,
} from '../../stand-ins/stripe';

const env = useStandIn();
const STRIPE_EVENT_TYPES = new Set(
	(
		JSON.parse(
			fs.readFileSync(
				path.join(__dirname, '../../nodes/shared/generated/event-types.json'),
				'utf8',
			),
		).types as Array<{ value: string }>
	).map((t) => t.value),
);

let stripe: Stripe;
beforeAll(() => {
	const { port } = new URL(env.url);
	stripe = new Stripe('sk_test_standin_events', {
		host: '127.0.0.1',
		port: Number(port),
		protocol: 'http',
		maxNetworkRetries: 0,
	});
});

interface Hit {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}
const hits: Hit[] = [];
let answers: Record<string, (attempt: number) => number | Promise<number>> = {};
/** A local webhook receiver: records every request, answers with the status its path's rule gives (200 by default). */
async function receive(req: http.IncomingMessage, res: http.ServerResponse) {
	let body = '';
	for await (const chunk of req) body += chunk;
	hits.push({ path: req.url!, headers: req.headers, body });
	const attempt = hits.filter((h) => h.path === req.url).length;
	res.writeHead(await (answers[req.url!]?.(attempt) ?? 200)).end();
}
// A request the stand-in cuts off (on close) just ends.
const receiver = http.createServer((req, res) => void receive(req, res).catch(() => res.destroy()));
let hookOrigin: string;
beforeAll(async () => {
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	hookOrigin = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

// Events already recorded when a test starts, so each test reads only its own.
let before = new Set<string>();
const eventIds = () =>
	[...env.standIn.store.values()].filter((o) => o.object === 'event').map((o) => o.id as string);
beforeEach(() => {
	before = new Set(eventIds());
	hits.length = 0;
	answers = {};
});
afterEach(async () => {
	await env.standIn.settled();
	// Whatever a test wrote, every event it caused is of a type Stripe has.
	const types = [...env.standIn.store.values()]
		.filter((o) => o.object === 'event' && !before.has(o.id))
		.map((o) => o.type as string);
	expect(types.filter((t) => !STRIPE_EVENT_TYPES.has(t))).toEqual([]);
	// Endpoints of one test must not receive the next test's events.
	for (const o of [...env.standIn.store.values()])
		if (o.object === 'webhook_endpoint') env.standIn.store.delete(o.id);
});

/** This test's events through the Events API, oldest first. */
async function newEvents(stripeAccount?: string): Promise<Stripe.Event[]> {
	const listed = await stripe.events.list({ limit: 100 }, { stripeAccount });
	return listed.data.filter((e) => !before.has(e.id)).reverse();
}

const endpoint = (
	url: string,
	enabled_events: Stripe.WebhookEndpointCreateParams.EnabledEvent[],
	extra: Partial<Stripe.WebhookEndpointCreateParams> = {},
) => stripe.webhookEndpoints.create({ url, enabled_events, ...extra });

/** The events a receiver path got, each checked with the SDK against the endpoint secret. */
const received = (hookPath: string, secret: string) =>
	hits
		.filter((h) => h.path === hookPath)
		.map((h) =>
			stripe.webhooks.constructEvent(h.body, h.headers['stripe-signature'] as string, secret),
		);

const objectId = (event: Stripe.Event) => (event.data.object as { id?: string }).id;

const succeededPayment = (amount: number) =>
	stripe.paymentIntents.create({
		amount,
		currency: 'usd',
		payment_method: 'pm_card_visa',
		confirm: true,
	});

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
		before = new Set(eventIds());
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
		const manual = await stripe.paymentIntents.create({
			amount: 2000,
			currency: 'usd',
			payment_method: 'pm_card_visa',
			capture_method: 'manual',
			confirm: true,
		});
		await stripe.paymentIntents.capture(manual.id);
		const held = await stripe.paymentIntents.create({
			amount: 700,
			currency: 'usd',
			payment_method: 'pm_card_visa',
			capture_method: 'manual',
			confirm: true,
		});
		await stripe.paymentIntents.cancel(held.id);
		await expect(
			stripe.paymentIntents.create({
				amount: 900,
				currency: 'usd',
				payment_method: 'pm_card_chargeDeclined',
				confirm: true,
			}),
		).rejects.toMatchObject({ code: 'card_declined' });
		const invoice = await stripe.invoices.create({ customer: customer.id });
		await stripe.invoiceItems.create({
			customer: customer.id,
			invoice: invoice.id,
			amount: 1500,
			currency: 'usd',
		});
		await stripe.invoices.finalizeInvoice(invoice.id);
		await stripe.invoices.pay(invoice.id);
		const toVoid = await stripe.invoices.create({ customer: customer.id });
		await stripe.invoiceItems.create({
			customer: customer.id,
			invoice: toVoid.id,
			amount: 800,
			currency: 'usd',
		});
		await stripe.invoices.finalizeInvoice(toVoid.id);
		await stripe.invoices.voidInvoice(toVoid.id);
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

describe('webhook delivery', () => {
	it('an endpoint on this machine receives each selected event once, signed with its secret as Stripe signs', async () => {
		const hook = await endpoint(`${hookOrigin}/selected`, ['customer.created', 'customer.updated']);
		const everything = await endpoint(`${hookOrigin}/everything`, ['*'], {
			api_version: Stripe.API_VERSION as Stripe.WebhookEndpointCreateParams.ApiVersion,
		});
		const customer = await stripe.customers.create({ email: 'hook@example.com' });
		await stripe.customers.update(customer.id, { name: 'Hook' });
		await stripe.customers.del(customer.id);
		await env.standIn.settled();

		const events = await newEvents();
		expect(events.map((e) => e.type)).toEqual([
			'customer.created',
			'customer.updated',
			'customer.deleted',
		]);
		const got = received('/selected', hook.secret!);
		expect(got.map((e) => e.id).sort()).toEqual(
			events
				.slice(0, 2)
				.map((e) => e.id)
				.sort(),
		);
		for (const event of got)
			expect(event).toEqual({
				...events.find((e) => e.id === event.id),
				pending_webhooks: expect.any(Number),
			});
		// The catch-all endpoint gets all three, rendered at its own API version.
		const all = received('/everything', everything.secret!);
		expect(all.map((e) => e.type).sort()).toEqual([
			'customer.created',
			'customer.deleted',
			'customer.updated',
		]);
		expect(all.every((e) => e.api_version === Stripe.API_VERSION)).toBe(true);

		for (const hit of hits) {
			expect(hit.headers['content-type']).toMatch(/^application\/json/);
			const [, timestamp] = /^t=(\d+),v1=[0-9a-f]{64}$/.exec(
				hit.headers['stripe-signature'] as string,
			)!;
			const secret = hit.path === '/selected' ? hook.secret! : everything.secret!;
			expect(hit.headers['stripe-signature']).toBe(
				stripe.webhooks.generateTestHeaderString({
					payload: hit.body,
					secret,
					timestamp: Number(timestamp),
				}),
			);
		}
		expect(() =>
			stripe.webhooks.constructEvent(
				hits[0].body,
				hits[0].headers['stripe-signature'] as string,
				'whsec_another_secret',
			),
		).toThrow(/No signatures found/);
		expect(env.standIn.deliveries.filter((d) => d.endpointId === hook.id)).toEqual(
			events.slice(0, 2).map((e) => ({
				endpointId: hook.id,
				eventId: e.id,
				type: e.type,
				url: hook.url,
				status: 'delivered',
				attempts: 1,
				responses: [200],
			})),
		);
		// Delivered everywhere: no webhook pending any more.
		expect((await newEvents()).map((e) => e.pending_webhooks)).toEqual([0, 0, 0]);
		expect(
			(await stripe.events.list({ delivery_success: false })).data.filter((e) => !before.has(e.id)),
		).toEqual([]);
	});

	it('the API answers without waiting for the webhook', async () => {
		let release!: () => void;
		const held = new Promise<number>((resolve) => (release = () => resolve(200)));
		answers['/held'] = () => held;
		const hook = await endpoint(`${hookOrigin}/held`, ['customer.created']);
		const customer = await stripe.customers.create({ email: 'fast@example.com' });
		expect(customer.object).toBe('customer');
		expect(
			env.standIn.deliveries.filter((d) => d.endpointId === hook.id).map((d) => d.status),
		).toEqual(['pending']);
		release();
		await env.standIn.settled();
		expect(
			env.standIn.deliveries
				.filter((d) => d.endpointId === hook.id)
				.map((d) => [d.status, d.responses]),
		).toEqual([['delivered', [200]]]);
	});

	it('a non-2xx answer or no answer is retried a few times, each attempt recorded, without failing the write', async () => {
		answers['/flaky'] = (attempt) => (attempt < 3 ? 500 : 204);
		answers['/broken'] = () => 500;
		const flaky = await endpoint(`${hookOrigin}/flaky`, ['customer.created']);
		const broken = await endpoint(`${hookOrigin}/broken`, ['customer.created']);
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as { port: number }).port;
		await new Promise((resolve) => closed.close(resolve));
		const unreachable = await endpoint(`http://127.0.0.1:${port}/gone`, ['customer.created']);

		const customer = await stripe.customers.create({ email: 'retry@example.com' });
		await env.standIn.settled();
		const [event] = await newEvents();
		const tries = 1 + RETRY_DELAYS_MS.length;
		const outcome = (id: string) =>
			env.standIn.deliveries
				.filter((d) => d.endpointId === id)
				.map(({ eventId, status, attempts, responses }) => ({
					eventId,
					status,
					attempts,
					responses,
				}));
		expect(outcome(flaky.id)).toEqual([
			{ eventId: event.id, status: 'delivered', attempts: 3, responses: [500, 500, 204] },
		]);
		expect(outcome(broken.id)).toEqual([
			{ eventId: event.id, status: 'failed', attempts: tries, responses: Array(tries).fill(500) },
		]);
		expect(outcome(unreachable.id)).toEqual([
			{ eventId: event.id, status: 'failed', attempts: tries, responses: Array(tries).fill(null) },
		]);
		// Each attempt is the same event, signed validly.
		expect(received('/flaky', flaky.secret!).map((e) => [e.id, objectId(e)])).toEqual(
			Array(3).fill([event.id, customer.id]),
		);
		expect(received('/broken', broken.secret!)).toHaveLength(tries);
		const listed = await stripe.events.retrieve(event.id);
		expect(listed.pending_webhooks).toBe(2);
	});

	it('only http URLs on this machine are sent to; others are recorded as skipped', async () => {
		const remote = await endpoint('https://hooks.example.com/stripe', ['*']);
		const plain = await endpoint('http://hooks.example.com/stripe', ['*']);
		const local = await endpoint(`http://localhost:${new URL(hookOrigin).port}/local`, ['*']);
		await stripe.customers.create({ email: 'skip@example.com' });
		await env.standIn.settled();
		const status = (id: string) =>
			env.standIn.deliveries.filter((d) => d.endpointId === id).map((d) => [d.status, d.attempts]);
		expect([status(remote.id), status(plain.id), status(local.id)]).toEqual([
			[['skipped', 0]],
			[['skipped', 0]],
			[['delivered', 1]],
		]);
		expect(hits.map((h) => h.path)).toEqual(['/local']);
	});

	it('an event carries the pinned API version alike when listed, retrieved and delivered', async () => {
		const pinned = await endpoint(`${hookOrigin}/pinned`, ['customer.created'], {
			api_version: Stripe.API_VERSION as Stripe.WebhookEndpointCreateParams.ApiVersion,
		});
		// An endpoint whose create names no version gets the account's, which is the pinned one.
		const unnamed = await endpoint(`${hookOrigin}/unnamed`, ['customer.created']);
		expect(unnamed.api_version).toBe(Stripe.API_VERSION);
		await stripe.customers.create({ email: 'version@example.com' });
		await env.standIn.settled();

		const [listed] = await newEvents();
		const retrieved = await stripe.events.retrieve(listed.id);
		const delivered = [
			...received('/pinned', pinned.secret!),
			...received('/unnamed', unnamed.secret!),
		];
		expect(delivered).toHaveLength(2);
		expect([listed, retrieved, ...delivered].map((e) => [e.id, e.api_version])).toEqual(
			Array(4).fill([listed.id, Stripe.API_VERSION]),
		);
	});

	it('a disabled endpoint receives nothing', async () => {
		const hook = await endpoint(`${hookOrigin}/disabled`, ['*']);
		await stripe.webhookEndpoints.update(hook.id, { disabled: true });
		await stripe.customers.create({ email: 'disabled@example.com' });
		await env.standIn.settled();
		expect(env.standIn.deliveries.filter((d) => d.endpointId === hook.id)).toEqual([]);
		expect(hits).toEqual([]);
	});

	it('a replayed idempotent request delivers nothing again', async () => {
		const hook = await endpoint(`${hookOrigin}/replay`, ['customer.created']);
		await stripe.customers.create(
			{ email: 'once@example.com' },
			{ idempotencyKey: 'deliver-once' },
		);
		await stripe.customers.create(
			{ email: 'once@example.com' },
			{ idempotencyKey: 'deliver-once' },
		);
		await env.standIn.settled();
		expect(received('/replay', hook.secret!).map((e) => e.type)).toEqual(['customer.created']);
		expect((await newEvents()).map((e) => e.type)).toEqual(['customer.created']);
	});

	it('closing the stand-in ends a delivery under way and its retries', async () => {
		answers['/never'] = () => new Promise<number>(() => undefined);
		const own = createStandIn();
		const client = new Stripe('sk_test_standin_close', {
			host: '127.0.0.1',
			port: Number(new URL(await own.listen()).port),
			protocol: 'http',
		});
		await client.webhookEndpoints.create({
			url: `${hookOrigin}/never`,
			enabled_events: ['customer.created'],
		});
		await client.customers.create({ email: 'closing@example.com' });
		await own.close();
		expect(
			own.deliveries.map(({ status, attempts, responses }) => ({ status, attempts, responses })),
		).toEqual([{ status: 'failed', attempts: 1, responses: [null] }]);
	});

	it('a Connect endpoint receives connected accounts’ events only; a platform endpoint the platform’s only', async () => {
		const account = env.standIn.connectedAccount('acct_events_hook1');
		const platform = await endpoint(`${hookOrigin}/platform`, ['customer.created']);
		const connect = await endpoint(`${hookOrigin}/connect`, ['customer.created'], {
			connect: true,
		});
		const own = await stripe.customers.create({ email: 'platform@example.com' });
		const theirs = await stripe.customers.create(
			{ email: 'connected@example.com' },
			{ stripeAccount: account },
		);
		await env.standIn.settled();
		expect(received('/platform', platform.secret!).map((e) => [objectId(e), e.account])).toEqual([
			[own.id, undefined],
		]);
		expect(received('/connect', connect.secret!).map((e) => [objectId(e), e.account])).toEqual([
			[theirs.id, account],
		]);
	});
});
