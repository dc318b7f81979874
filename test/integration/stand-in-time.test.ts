import Stripe from 'stripe';
import { createStandIn, listingDelays, type StandIn } from '../../stand-ins/stripe';

/**
 * The stand-in keeps Stripe's time as real Stripe does: its own clock, events listed some time after
 * they happened, Search lagging writes. Time here is a clock the test moves, so nothing waits.
 */
let standIn: StandIn;
let stripe: Stripe;
/** Stripe's clock, in ms: the test moves it. */
let clock = Date.UTC(2031, 0, 1);

beforeAll(async () => {
	standIn = createStandIn({ time: { clock: () => clock } });
	const { port } = new URL(await standIn.listen());
	stripe = new Stripe('sk_test_standin_time', {
		host: '127.0.0.1',
		port: Number(port),
		protocol: 'http',
		maxNetworkRetries: 0,
	});
});
afterAll(() => standIn.close());
beforeEach(() => {
	clock += 3600 * 1000;
	standIn.setTime({ listingDelay: () => 0, searchLagMs: 0 });
});

const seconds = () => Math.floor(clock / 1000);
const listedIds = async (created: number) =>
	(await stripe.events.list({ created: { gte: created }, limit: 100 })).data.map((e) => e.id);

describe('the stand-in keeps its own clock', () => {
	it('stamps what it makes, and its events, by its clock, not the caller’s', async () => {
		const customer = await stripe.customers.create({ email: 'clock@example.com' });
		expect(customer.created).toBe(seconds());
		const [event] = (await stripe.events.list({ created: { gte: seconds() } })).data;
		expect(event).toMatchObject({ type: 'customer.created', created: seconds() });
		expect(Math.abs(customer.created - Math.floor(Date.now() / 1000))).toBeGreaterThan(60);
	});

	it('runs ahead of or behind this machine by an offset', async () => {
		standIn.setTime({ offsetMs: 30_000 });
		try {
			const ahead = await stripe.customers.create({ email: 'ahead@example.com' });
			const here = Math.floor(Date.now() / 1000);
			expect(ahead.created - here).toBeGreaterThanOrEqual(29);
			expect(ahead.created - here).toBeLessThanOrEqual(31);
			standIn.setTime({ offsetMs: -30_000 });
			const behind = await stripe.customers.create({ email: 'behind@example.com' });
			expect(Math.floor(Date.now() / 1000) - behind.created).toBeGreaterThanOrEqual(29);
		} finally {
			standIn.setTime({ clock: () => clock });
		}
	});
});

describe('events are listed some time after they happened', () => {
	it('lists an event only once its delay has passed on Stripe’s clock, and retrieves it at once', async () => {
		standIn.setTime({ listingDelay: () => 20_000 });
		const from = seconds();
		const customer = await stripe.customers.create({ email: 'late@example.com' });
		expect(await listedIds(from)).toEqual([]);
		const [created] = [...standIn.store.values()].filter(
			(o) => o.object === 'event' && o.data.object.id === customer.id,
		);
		expect((await stripe.events.retrieve(created.id)).id).toBe(created.id);
		clock += 19_999;
		expect(await listedIds(from)).toEqual([]);
		clock += 1;
		expect(await listedIds(from)).toEqual([created.id]);
		// Listed by when it happened: it comes in behind events of later seconds listed before it.
		expect(created.created).toBe(from);
	});

	it('lists late events among earlier ones in the order they happened, not the order they showed up', async () => {
		const delays = [5_000, 0, 0];
		standIn.setTime({ listingDelay: () => delays.shift() ?? 0 });
		const from = seconds();
		const first = await stripe.customers.create({ email: 'first@example.com' });
		clock += 1000;
		await stripe.customers.create({ email: 'second@example.com' });
		clock += 1000;
		await stripe.customers.create({ email: 'third@example.com' });
		const before = await stripe.events.list({ created: { gte: from } });
		expect(before.data.map((e) => (e.data.object as Stripe.Customer).email)).toEqual([
			'third@example.com',
			'second@example.com',
		]);
		clock += 3000;
		const after = await stripe.events.list({ created: { gte: from } });
		expect(after.data.map((e) => (e.data.object as Stripe.Customer).id)).toContain(first.id);
		expect(after.data[2].created).toBe(from);
	});

	it('tells how long until every event so far is listed, and how many came over a second late', async () => {
		const before = standIn.listing();
		expect(before.pendingMs).toBe(0);
		const delays = [12_000, 300, 1_001];
		standIn.setTime({ listingDelay: () => delays.shift() ?? 0 });
		await stripe.customers.create({ email: 'pending-a@example.com' });
		await stripe.customers.create({ email: 'pending-b@example.com' });
		await stripe.customers.create({ email: 'pending-c@example.com' });
		expect(standIn.listing()).toEqual({ pendingMs: 12_000, late: before.late + 2 });
		clock += 11_000;
		expect(standIn.listing().pendingMs).toBe(1_000);
		clock += 2_000;
		expect(standIn.listing()).toEqual({ pendingMs: 0, late: before.late + 2 });
	});

	it('draws delays from a seeded distribution: most under a second, a tail of tens of seconds, rare minutes', () => {
		const draw = listingDelays(7);
		const delays = Array.from({ length: 10_000 }, () => draw({}));
		const share = (test: (ms: number) => boolean) => delays.filter(test).length / delays.length;
		expect(share((ms) => ms < 1000)).toBeGreaterThan(0.75);
		expect(share((ms) => ms >= 10_000 && ms < 60_000)).toBeGreaterThan(0.05);
		expect(share((ms) => ms >= 60_000)).toBeGreaterThan(0.01);
		expect(Math.max(...delays)).toBeLessThanOrEqual(5 * 60 * 1000);
		expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
		const again = listingDelays(7);
		expect(Array.from({ length: 100 }, () => again({}))).toEqual(delays.slice(0, 100));
		for (const tailMs of [90_000, 3_000, 500]) {
			const shorter = listingDelays(7, { tailMs });
			const drawn = Array.from({ length: 10_000 }, () => shorter({}));
			expect({ tailMs, within: Math.max(...drawn) <= tailMs }).toEqual({ tailMs, within: true });
		}
	});
});

describe('Search lags writes', () => {
	const byEmail = (email: string) =>
		stripe.customers.search({ query: `email:'${email}'` }).then((r) => r.data.map((c) => c.id));
	const byTier = (tier: string) =>
		stripe.customers
			.search({ query: `metadata['tier']:'${tier}'` })
			.then((r) => r.data.map((c) => c.id));

	it('finds a new object only once the index caught up; list and retrieve see it at once', async () => {
		standIn.setTime({ searchLagMs: 30_000 });
		const customer = await stripe.customers.create({ email: 'lag@example.com' });
		expect(await byEmail('lag@example.com')).toEqual([]);
		expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
		expect((await stripe.customers.list({ email: 'lag@example.com' })).data).toHaveLength(1);
		clock += 29_999;
		expect(await byEmail('lag@example.com')).toEqual([]);
		clock += 1;
		expect(await byEmail('lag@example.com')).toEqual([customer.id]);
	});

	it('finds a changed object as it was until the index caught up with the change', async () => {
		const customer = await stripe.customers.create({
			email: 'tier@example.com',
			metadata: { tier: 'silver' },
		});
		expect(await byTier('silver')).toContain(customer.id);
		standIn.setTime({ searchLagMs: 10_000 });
		await stripe.customers.update(customer.id, { metadata: { tier: 'gold' } });
		expect(await byTier('silver')).toContain(customer.id);
		expect(await byTier('gold')).not.toContain(customer.id);
		clock += 10_000;
		expect(await byTier('silver')).not.toContain(customer.id);
		expect(await byTier('gold')).toContain(customer.id);
	});

	it('finds at once what was there before the test, and everything when Search does not lag', async () => {
		const seeded = standIn.seed('customers', { email: 'seeded@example.com' });
		standIn.setTime({ searchLagMs: 60_000 });
		expect(await byEmail('seeded@example.com')).toEqual([seeded.id]);
		standIn.setTime({ searchLagMs: 0 });
		const customer = await stripe.customers.create({ email: 'nolag@example.com' });
		expect(await byEmail('nolag@example.com')).toEqual([customer.id]);
	});
});
