/**
 * The stand-in's webhook delivery: endpoints on this machine receive the events they select, signed
 * as Stripe signs, retried on failure, never holding up the API.
 */
import * as http from 'http';
import Stripe from 'stripe';
import { useEventSource } from '../support/stand-in-events';
import { createStandIn, RETRY_DELAYS_MS } from '../../stand-ins/stripe';

const source = useEventSource();
const { env, hits, answers, earlier, newEvents, endpoint, received, objectId } = source;
let stripe: Stripe;
let hookOrigin: string;
beforeAll(() => ({ stripe, hookOrigin } = source.state));

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
			(await stripe.events.list({ delivery_success: false })).data.filter(
				(e) => !earlier.has(e.id),
			),
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
