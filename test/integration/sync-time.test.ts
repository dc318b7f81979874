/**
 * Stripe Complete Sync under Stripe's time: Stripe's clock 30 s either side of n8n's, events and balance
 * transactions listed late (most within a second, some after tens of seconds, a few after up to 5
 * minutes), more than 20 event types (read in several requests), objects created and changed within one
 * second, objects without a created event (Checkout Sessions, balance transactions) found by `created`,
 * writes while a poll reads. n8n's clock is Date, moved by the test; Stripe's is the stand-in's, offset from it. Over every
 * seed: the mirror kept from the items equals Stripe (nothing missed, nothing stale), and no event is
 * emitted twice.
 */
import type Stripe from 'stripe';
import type { IDataObject } from 'n8n-workflow';
import { mulberry32 } from '../../stand-ins/fault-proxy';
import { listingDelays } from '../../stand-ins/stripe';
import { useStandIn } from '../support/harness';
import { syncHarness } from '../support/sync';

const env = useStandIn();
const { client, syncer, Mirror, expectMirrored } = syncHarness(env);
type Json = IDataObject;

// Subscriptions first: the invoice's 16 event types then fall across two requests of at most 20.
const OBJECTS = ['subscription', 'customer', 'invoice', 'checkout.session', 'balance_transaction'];
const MIRRORED = ['customer', 'invoice', 'checkout.session', 'balance_transaction'];
const WINDOW_MS = 300_000;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

// Only Date is faked: n8n's clock, which the test moves; sockets and timers stay real.
beforeAll(() =>
	jest.useFakeTimers({
		now: Date.now(),
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	}),
);
afterAll(() => {
	jest.useRealTimers();
	env.standIn.setTime({ offsetMs: 0, listingDelay: () => 0 });
});
const pass = (ms: number) => jest.setSystemTime(Date.now() + ms);

/**
 * Random writes of one account: customers made, changed and deleted; draft invoices made and given
 * metadata in the same second; Checkout Sessions opened; balance transactions as Stripe makes them when
 * a charge settles.
 */
function writer(account: string, random: () => number) {
	const stripe = client();
	const as = { stripeAccount: account };
	const customers: string[] = [];
	const invoices: string[] = [];
	let price: string | undefined;
	let n = 0;
	const pick = (ids: string[]) => ids[Math.floor(random() * ids.length)];
	const ops: Array<() => Promise<unknown>> = [
		async () => customers.push((await stripe.customers.create({ name: `C${++n}` }, as)).id),
		async () => {
			const id = pick(customers);
			if (id) await stripe.customers.update(id, { name: `C${++n}`, metadata: { n } }, as);
		},
		async () => {
			const id = pick(customers);
			if (!id || invoices.length) return;
			customers.splice(customers.indexOf(id), 1);
			await stripe.customers.del(id, {}, as);
		},
		async () => {
			const customer = pick(customers);
			if (!customer) return;
			const invoice: Stripe.Invoice = await stripe.invoices.create({ customer }, as);
			invoices.push(invoice.id!);
			await stripe.invoices.update(invoice.id!, { metadata: { order: `O${++n}` } }, as);
		},
		async () => {
			const id = pick(invoices);
			if (id) await stripe.invoices.update(id, { description: `D${++n}` }, as);
		},
		async () => {
			if (!price) {
				const product = await stripe.products.create({ name: 'Time plan' }, as);
				price = (
					await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 700 }, as)
				).id;
			}
			await stripe.checkout.sessions.create(
				{
					mode: 'payment',
					line_items: [{ price, quantity: 1 + Math.floor(random() * 3) }],
					success_url: 'https://example.com/done',
				},
				as,
			);
		},
		async () => {
			const amount = 100 * (1 + Math.floor(random() * 50));
			env.standIn.seed(
				'balance_transactions',
				{
					amount,
					currency: 'usd',
					type: 'charge',
					reporting_category: 'charge',
					status: 'pending',
					fee: 0,
					fee_details: [],
					net: amount,
					description: `T${++n}`,
				},
				account,
			);
		},
	];
	return {
		async one() {
			await ops[random() < 0.4 ? (random() < 0.5 ? 0 : 3) : Math.floor(random() * ops.length)]();
		},
	};
}

async function run(seed: number) {
	const random = mulberry32(seed);
	const offsetMs = Math.round((random() * 2 - 1) * 30_000);
	const draw = listingDelays(seed, { tailMs: WINDOW_MS });
	let late = 0;
	env.standIn.setTime({
		offsetMs,
		listingDelay: () => {
			const ms = draw({});
			if (ms > 1000) late++;
			return ms;
		},
	});
	const account = env.standIn.connectedAccount(`acct_synctime${seed}`);
	const writes = writer(account, random);
	for (let i = 0; i < 5; i++) await writes.one();
	const sync = syncer(account, {
		objects: OBJECTS,
		options: { maxItems: [5, 40, 5000][seed % 3] },
	});
	const mirror = new Mirror();
	const eventIds = new Set<string>();
	let polls = 0;
	let sequence = 0;
	const pollOnce = async (during?: () => Promise<void>) => {
		polls++;
		const [items] = await Promise.all([sync.run(), during?.()]);
		for (const item of items) {
			// Numbered in the order emitted, across polls: a table keeping the highest keeps the newest.
			const numbered = (item.sync as Json).sequence as number;
			expect({ seed, after: numbered > sequence }).toEqual({ seed, after: true });
			sequence = numbered;
			const id = (item.sync as Json).event_id as string | null;
			if (id) {
				expect({ seed, twice: eventIds.has(id) ? id : undefined }).toEqual({ seed });
				eventIds.add(id);
			}
		}
		mirror.apply(items);
	};
	for (let step = 0; step < 30; step++) {
		const r = random();
		if (r < 0.3) await pollOnce();
		else if (r < 0.5)
			await pollOnce(async () => {
				for (let i = 0; i < 1 + Math.floor(random() * 3); i++) await writes.one();
			});
		else await writes.one();
		pass(Math.floor(random() * 20_000));
	}
	// Quiet: a poll a minute until every late event has shown up and the backlog is emitted.
	for (let minute = 0; minute < 7 || sync.state().pending || sync.state().backfill; minute++) {
		pass(60_000);
		await pollOnce();
	}
	await expectMirrored(mirror, account, MIRRORED, seed);
	const of = (object: string) =>
		[...mirror.rows.values()].filter((o) => o.object === object).length;
	return {
		rows: mirror.rows.size,
		sessions: of('checkout.session'),
		transactions: of('balance_transaction'),
		late,
		polls,
		events: eventIds.size,
	};
}

describe('Stripe Complete Sync under Stripe’s time', () => {
	it('keeps the mirror equal to Stripe and emits no event twice, whatever the clocks and however late events are listed', async () => {
		const totals = { rows: 0, sessions: 0, transactions: 0, late: 0, polls: 0, events: 0 };
		for (const seed of SEEDS) {
			const result = await run(seed);
			for (const key of Object.keys(totals) as Array<keyof typeof totals>)
				totals[key] += result[key];
		}
		expect(totals.late).toBeGreaterThan(0);
		expect(totals.sessions).toBeGreaterThan(0);
		expect(totals.transactions).toBeGreaterThan(0);
		console.log(
			`sync under Stripe's time: ${SEEDS.length} seeds, ${totals.rows} objects mirrored (${totals.sessions} Checkout Sessions, ${totals.transactions} balance transactions), ${totals.events} events emitted (${totals.late} events and balance transactions listed over a second late), ${totals.polls} polls`,
		);
	});

	it.each([30_000, -30_000])(
		'backfills at the first poll every object there, by Stripe’s clock (%i ms from n8n’s), and does not emit them again from their events',
		async (offsetMs) => {
			env.standIn.setTime({ offsetMs, listingDelay: () => 0 });
			const account = env.standIn.connectedAccount(`acct_syncfirst${offsetMs}`);
			const stripe = client();
			const made: string[] = [];
			for (let i = 0; i < 3; i++)
				made.push(
					(await stripe.customers.create({ name: `F${i}` }, { stripeAccount: account })).id,
				);
			// The backfill leaves the second it starts in to the events: it starts a second later.
			pass(1000);
			const sync = syncer(account, { objects: ['customer'] });
			const first = await sync.run();
			// Ended by n8n's clock 30 s behind Stripe's, the backfill would have stopped before these.
			expect(first.map((item) => item.id).sort()).toEqual([...made].sort());
			pass(60_000);
			expect(await sync.run()).toEqual([]);
			// A new sync of the same account numbers its items above the first one's.
			const again = await syncer(account, { objects: ['customer'] }).run();
			const numbers = (items: typeof first) =>
				items.map((item) => (item.sync as Json).sequence as number);
			expect(Math.min(...numbers(again))).toBeGreaterThan(Math.max(...numbers(first)));
		},
	);

	it('a subscription made and canceled before the first poll, its created event listed late, ends as a tombstone, not as a canceled row', async () => {
		env.standIn.setTime({
			offsetMs: 0,
			listingDelay: (event) => (event.type === 'customer.subscription.created' ? 20_000 : 0),
		});
		const account = env.standIn.connectedAccount('acct_synccanceled');
		const stripe = client();
		const as = { stripeAccount: account };
		const customer = await stripe.customers.create({ name: 'Short-lived' }, as);
		const product = await stripe.products.create({ name: 'Short plan' }, as);
		const price = await stripe.prices.create(
			{ product: product.id, currency: 'usd', unit_amount: 500, recurring: { interval: 'month' } },
			as,
		);
		const subscription = await stripe.subscriptions.create(
			{ customer: customer.id, items: [{ price: price.id }] },
			as,
		);
		await stripe.subscriptions.cancel(subscription.id, {}, as);
		pass(1000);
		const sync = syncer(account, { objects: ['customer', 'subscription'] });
		const mirror = new Mirror();
		mirror.apply(await sync.run());
		pass(60_000);
		const late = await sync.run();
		expect(late.map((item) => [item.id, (item.sync as Json).change])).toEqual([
			[subscription.id, 'deleted'],
		]);
		mirror.apply(late);
		await expectMirrored(mirror, account, ['customer', 'subscription']);
	});
});
