/**
 * Stripe Complete Sync against the stand-in: a mirror kept from its items (upsert by id, delete on a
 * tombstone) equals what Stripe lists, after random sequences of creates, updates and deletes over
 * customers, products and subscriptions, some between polls, some while a poll is reading, bursts in
 * one second, more than a page of events, with small and large item bounds. Also: Stripe's 30-day
 * event retention forces a re-sync; a poll that fails half-way emits nothing and leaves its state;
 * a backfill over several polls; a manual run that moves nothing.
 */
import type { IDataObject } from 'n8n-workflow';
import { failure, useStandIn } from '../support/harness';
import { syncHarness } from '../support/sync';
import { nextSecond } from '../../scripts/n8n';
import { createFaultProxy, mulberry32 } from '../../stand-ins/fault-proxy';
import { EVENT_RETENTION_SECONDS } from '../../nodes/shared/sync/sync';
import type { SyncState } from '../../nodes/shared/sync/state';

const env = useStandIn();
const { client, syncer, Mirror, expectMirrored } = syncHarness(env);
type Json = IDataObject;

let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_sync${++accounts}`);

/** Random writes of one account, from a seeded generator. */
function writer(account: string, random: () => number) {
	const stripe = client();
	const as = { stripeAccount: account };
	const customers: string[] = [];
	const products: string[] = [];
	const subscriptions: string[] = [];
	let price: string | undefined;
	const pick = (ids: string[]) => ids[Math.floor(random() * ids.length)];
	const drop = (ids: string[], id: string) => ids.splice(ids.indexOf(id), 1);
	const withSubscription = new Set<string>();
	let n = 0;
	const ops = [
		async () => customers.push((await stripe.customers.create({ name: `C${++n}` }, as)).id),
		async () => {
			const id = pick(customers);
			if (id) await stripe.customers.update(id, { name: `C${++n}`, metadata: { n } }, as);
		},
		async () => {
			const id = pick(customers.filter((c) => !withSubscription.has(c)));
			if (!id) return;
			drop(customers, id);
			await stripe.customers.del(id, {}, as);
		},
		async () => products.push((await stripe.products.create({ name: `P${++n}` }, as)).id),
		async () => {
			const id = pick(products);
			if (id) await stripe.products.update(id, { description: `D${++n}` }, as);
		},
		async () => {
			const id = pick(products);
			if (!id) return;
			drop(products, id);
			await stripe.products.del(id, {}, as);
		},
		async () => {
			const customer = pick(customers);
			if (!customer) return;
			// The plan's product is kept: a product with prices cannot be deleted.
			price ??= (
				await stripe.prices.create(
					{
						currency: 'usd',
						unit_amount: 500,
						recurring: { interval: 'month' },
						product: (await stripe.products.create({ name: 'Plan' }, as)).id,
					},
					as,
				)
			).id;
			withSubscription.add(customer);
			subscriptions.push(
				(await stripe.subscriptions.create({ customer, items: [{ price }] }, as)).id,
			);
		},
		async () => {
			const id = pick(subscriptions);
			if (id) await stripe.subscriptions.update(id, { metadata: { n: ++n } }, as);
		},
		async () => {
			const id = pick(subscriptions);
			if (!id) return;
			drop(subscriptions, id);
			await stripe.subscriptions.cancel(id, {}, as);
		},
	];
	return {
		/** One random write; creates weigh more, so the account fills up. */
		async one() {
			const r = random();
			const op = r < 0.3 ? [0, 3, 6][Math.floor(random() * 3)] : Math.floor(random() * ops.length);
			await ops[op]();
		},
	};
}

const TYPES = ['customer', 'product', 'subscription'];

describe('Stripe Complete Sync: a mirror of its items equals Stripe', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'seed %i: random writes between and during polls, bounded and unbounded runs',
		async (seed) => {
			const random = mulberry32(seed);
			const account = freshAccount();
			const writes = writer(account, random);
			// Some objects before the first poll: the backfill's.
			for (let i = 0; i < 5 + Math.floor(random() * 20); i++) await writes.one();
			const maxItems = [3, 7, 40, 5000][seed % 4];
			const sync = syncer(account, { objects: TYPES, options: { maxItems } });
			const mirror = new Mirror();
			const emitted = new Map<string, string>();
			let checked = 0;
			const first = Math.floor(Date.now() / 1000);
			const pollOnce = async (during?: () => Promise<void>, check = false) => {
				if (check) await nextSecond();
				const before = sync.state();
				const caughtUp = !!before.cursor && !before.backfill && !before.pending;
				const [items] = await Promise.all([sync.run(), during?.()]);
				expect(items.length).toBeLessThanOrEqual(maxItems);
				const ids = items.map((i) => i.id);
				expect({ seed, once: new Set(ids).size }).toEqual({ seed, once: ids.length });
				for (const { sync: info, ...object } of items) {
					// An object emitted again as it was had changed after the sync began (during its backfill).
					const copy = JSON.stringify([object, (info as Json).change]);
					if (emitted.get(object.id as string) === copy)
						expect({ seed, changedSince: changedSince(object.id as string, first) }).toEqual({
							seed,
							changedSince: true,
						});
					emitted.set(object.id as string, copy);
				}
				mirror.apply(items);
				const after = sync.state();
				if (check && caughtUp && !after.pending) {
					await expectMirrored(mirror, account, TYPES, seed);
					checked++;
				}
				return caughtUp && !after.pending;
			};
			for (let step = 0; step < 40; step++) {
				const r = random();
				if (r < 0.2) await pollOnce(undefined, random() < 0.3);
				else if (r < 0.3)
					await pollOnce(async () => {
						for (let i = 0; i < 1 + Math.floor(random() * 3); i++) await writes.one();
					});
				else if (r < 0.35) for (let i = 0; i < 30; i++) await writes.one();
				else await writes.one();
			}
			// Drained: polls until one that started caught up leaves nothing over; it has read every write.
			let drained = false;
			for (let i = 0; i < 200 && !drained; i++) {
				const ready = !sync.state().pending && !sync.state().backfill;
				drained = (await pollOnce(undefined, ready)) && ready;
			}
			expect(drained).toBe(true);
			await expectMirrored(mirror, account, TYPES, seed);
			console.log(
				`sync seed ${seed}: ${mirror.rows.size} objects mirrored, max ${maxItems} items a poll, ${checked} checks`,
			);
		},
	);

	it('more than a page of events in one second of writes: each object once, the next poll emits nothing', async () => {
		const account = freshAccount();
		const sync = syncer(account, { start: 'new' });
		expect(await sync.run()).toEqual([]);
		const stripe = client();
		// Stripe's clock stands still while the 210 writes are made, so their events are of one second
		// however long the writes take here (on a loaded machine they can cross into the next second).
		const held = Date.now();
		env.standIn.setTime({ clock: () => held });
		let made: Awaited<ReturnType<typeof stripe.customers.create>>[];
		try {
			made = await Promise.all(
				Array.from({ length: 150 }, (_, i) =>
					stripe.customers.create({ name: `Burst ${i}` }, { stripeAccount: account }),
				),
			);
			for (const c of made.slice(0, 60))
				await stripe.customers.update(c.id, { name: 'Changed' }, { stripeAccount: account });
		} finally {
			env.standIn.setTime({ offsetMs: 0 });
		}
		expect(eventSeconds(made.map((c) => c.id))).toEqual([Math.floor(held / 1000)]);
		await nextSecond();
		const items = await sync.run();
		expect(items.map((i) => i.id).sort()).toEqual(made.map((c) => c.id).sort());
		expect(items.every((i) => (i.sync as Json).change === 'created')).toBe(true);
		expect(items.filter((i) => i.name === 'Changed')).toHaveLength(60);
		await nextSecond();
		env.standIn.requests.length = 0;
		// The settle window is read again: its 210 events, none emitted again.
		expect(await sync.run()).toEqual([]);
		expect(env.standIn.requests.map((r) => r.path)).toEqual(Array(3).fill('/v1/events'));
		// Once Stripe's clock is past the window, an idle poll is one request.
		env.standIn.setTime({ offsetMs: 301_000 });
		try {
			expect(await sync.run()).toEqual([]);
			env.standIn.requests.length = 0;
			expect(await sync.run()).toEqual([]);
			expect(env.standIn.requests.map((r) => r.path)).toEqual(['/v1/events']);
		} finally {
			env.standIn.setTime({ offsetMs: 0 });
		}
	});

	it('a deleted object comes as a tombstone, once', async () => {
		const account = freshAccount();
		const stripe = client();
		const kept = env.standIn.seed('customers', { name: 'Kept', created: 1700000000 }, account);
		const gone = env.standIn.seed('customers', { name: 'Gone', created: 1700000001 }, account);
		const sync = syncer(account);
		expect((await sync.run()).map((i) => i.id).sort()).toEqual([kept.id, gone.id].sort());
		await stripe.customers.del(gone.id, {}, { stripeAccount: account });
		await nextSecond();
		const items = await sync.run();
		expect(items).toEqual([
			expect.objectContaining({
				id: gone.id,
				object: 'customer',
				sync: expect.objectContaining({
					change: 'deleted',
					object: 'customer',
					event_id: expect.stringMatching(/^evt_/),
				}),
			}),
		]);
		expect(await sync.run()).toEqual([]);
	});

	it('a backfill of 230 objects at 50 a poll: five polls, each object once, then the changes', async () => {
		const account = freshAccount();
		const stripe = client();
		for (let i = 0; i < 230; i++)
			env.standIn.seed('customers', { name: `Old ${i}`, created: 1700000000 + i * 37 }, account);
		const sync = syncer(account, { options: { maxItems: 50 } });
		const seen: string[] = [];
		for (let i = 0; i < 5; i++) {
			const items = await sync.run();
			expect(items.length).toBe(i < 4 ? 50 : 30);
			seen.push(...items.map((item) => item.id as string));
		}
		expect(new Set(seen).size).toBe(230);
		expect(sync.state().backfill).toBeUndefined();
		const late = await stripe.customers.create({ name: 'Late' }, { stripeAccount: account });
		await nextSecond();
		expect((await sync.run()).map((i) => i.id)).toEqual([late.id]);
	});

	it('a cursor older than Stripe keeps events: a full re-sync, every item marked resync', async () => {
		const account = freshAccount();
		const stripe = client();
		const a = env.standIn.seed('customers', { name: 'A', created: 1700000000 }, account);
		const sync = syncer(account);
		expect((await sync.run()).map((i) => i.id)).toEqual([a.id]);
		// The workflow was off for 31 days; meanwhile B was made.
		sync.state().cursor!.newest -= EVENT_RETENTION_SECONDS + 86400;
		const b = env.standIn.seed('customers', { name: 'B', created: 1700000100 }, account);
		const items = await sync.run();
		expect(items.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
		expect(items.every((i) => (i.sync as Json).resync === true)).toBe(true);
		expect(sync.state().resync).toBeUndefined();
		const c = await stripe.customers.create({ name: 'C' }, { stripeAccount: account });
		await nextSecond();
		const next = await sync.run();
		expect(next.map((i) => i.id)).toEqual([c.id]);
		expect((next[0].sync as Json).resync).toBeUndefined();
	});

	it('a poll that fails half-way emits nothing and keeps its state; the next emits everything once', async () => {
		const account = freshAccount();
		const stripe = client();
		const proxy = createFaultProxy(env.url, {
			seed: 7,
			serverErrorRate: 1,
			shouldRetry: 'false',
			only: ({ path }) => path.startsWith('/v1/events'),
		});
		const proxyUrl = await proxy.listen();
		let via = env.url;
		try {
			const sync = syncer(account, { start: 'new' }, () => via);
			await sync.run();
			const made = [];
			for (let i = 0; i < 120; i++)
				made.push(await stripe.customers.create({ name: `N${i}` }, { stripeAccount: account }));
			await nextSecond();
			const before = JSON.stringify(sync.state());
			via = proxyUrl;
			expect((await failure(sync.run())).message).toMatch(/.+/);
			expect(JSON.stringify(sync.state())).toBe(before);
			via = env.url;
			const items = await sync.run();
			expect(items.map((i) => i.id).sort()).toEqual(made.map((c) => c.id).sort());
			expect(await sync.run()).toEqual([]);
		} finally {
			await proxy.close();
		}
	});

	it('Fetch Test Event shows the newest object, numbered below any later poll, and leaves the sync where it was', async () => {
		const account = freshAccount();
		const stripe = client();
		const c = await stripe.customers.create({ name: 'Sample' }, { stripeAccount: account });
		const sync = syncer(account);
		const items = await sync.run('manual');
		expect(items).toEqual([
			expect.objectContaining({
				id: c.id,
				sync: expect.objectContaining({ change: 'created', object: 'customer' }),
			}),
		]);
		expect(sync.staticData).toEqual({});
		// The Postgres example writes sync.sequence into a NOT NULL column, and keeps the higher one.
		// A backfill lists up to the second before its poll.
		await nextSecond();
		const [polled] = await sync.run();
		const sequenceOf = (item: typeof polled) => (item.sync as { sequence: number }).sequence;
		expect(polled.id).toBe(c.id);
		expect(sequenceOf(items[0])).toEqual(expect.any(Number));
		expect(sequenceOf(polled)).toBeGreaterThan(sequenceOf(items[0]));
	});

	it('a negative Settle Window is a clear error naming the option, before any request', async () => {
		env.standIn.requests.length = 0;
		const sync = syncer(freshAccount(), { options: { settleSeconds: -1 } });
		expect((await failure(sync.run())).message).toMatch(/^Settle Window \(Seconds\): /);
		expect(env.standIn.requests).toEqual([]);
		expect(sync.staticData).toEqual({});
	});

	it('Fetch Test Event reads through the transport: a 500 is retried', async () => {
		const account = freshAccount();
		const c = await client().customers.create({ name: 'Retried' }, { stripeAccount: account });
		let failed = 0;
		const proxy = createFaultProxy(env.url, {
			seed: 3,
			serverErrorRate: 1,
			serverErrorStatuses: [500],
			serverErrorAppliedShare: 0,
			only: ({ method, path }) => method === 'GET' && path === '/v1/customers' && failed++ === 0,
		});
		const proxyUrl = await proxy.listen();
		try {
			const items = await syncer(account, {}, () => proxyUrl).run('manual');
			expect(items.map((i) => i.id)).toEqual([c.id]);
			expect(proxy.requests.map((r) => r.outcome)).toEqual(['error', 'answered']);
		} finally {
			await proxy.close();
		}
	});
});

/** The seconds of the events the stand-in recorded of these objects. */
function eventSeconds(ids: string[]) {
	const of = new Set(ids);
	const seconds = new Set<number>();
	for (const o of env.standIn.store.values())
		if (o.object === 'event' && of.has(((o.data as Json)?.object as Json)?.id as string))
			seconds.add(o.created as number);
	return [...seconds];
}

/** Whether the stand-in recorded an event of this object at or after `second`. */
function changedSince(id: string, second: number) {
	return [...env.standIn.store.values()].some(
		(o) =>
			o.object === 'event' &&
			o.created >= second &&
			(o.data as Json)?.object &&
			((o.data as Json).object as Json).id === id,
	);
}
