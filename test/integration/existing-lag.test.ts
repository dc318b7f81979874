/**
 * Return Existing Object while Stripe Search lags behind writes, as it does in production (normally under
 * a minute, up to an hour): a create whose params name an ID a list filters on is looked for in that list,
 * current at once; one looked for by Search sends an Idempotency-Key made from the metadata it matches, so
 * deliveries before Search catches up replay the first create. Each delivery is an execution of its own
 * (its own automatic key), as a webhook delivered again is. Stripe's clock is the test's: nothing waits.
 */
import type { IDataObject } from 'n8n-workflow';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';
import { failure, runNode, type Params } from '../support/harness';

let standIn: StandIn;
let url: string;
/** Stripe's clock, in ms: the test moves it. */
let clock = Date.UTC(2031, 0, 1);
const LAG = 60_000;

beforeAll(async () => {
	standIn = createStandIn({ time: { clock: () => clock } });
	url = await standIn.listen();
});
afterAll(() => standIn.close());
beforeEach(() => {
	clock += 3600 * 1000;
	standIn.setTime({ searchLagMs: LAG });
	standIn.requests.length = 0;
});

let deliveries = 0;
/** One delivery: a run in an execution of its own. */
const deliver = async (params: Params) => {
	const [out] = await runNode(url, params, { executionId: `exec-lag-${++deliveries}` });
	return out.json;
};
const match = (key: string, value: string) => ({ match: { key, value } });
const posts = (path: string) =>
	standIn.requests.filter((r) => r.method === 'POST' && r.path === path);
const reads = () =>
	standIn.requests.filter((r) => r.method === 'GET').map((r) => [r.path, r.query]);
/** What the store holds of a collection with this metadata. */
const stored = (object: string, key: string, value: string) =>
	[...standIn.store.values()].filter(
		(o) => o.object === object && (o.metadata as IDataObject | undefined)?.[key] === value,
	);
const customer = () => standIn.seed('customers', { email: 'lag@example.com' }).id as string;

describe('Return Existing Object under Search lag', () => {
	const searchOnly: Array<[string, string, (value: string) => Params]> = [
		[
			'customer',
			'/v1/customers',
			(value) => ({
				resource: 'customer',
				operation: 'create',
				additionalFields: { email: 'ada@example.com' },
				options: { existing: match('crm_id', value) },
			}),
		],
		[
			'product',
			'/v1/products',
			(value) => ({
				resource: 'product',
				operation: 'create',
				name: 'Tee',
				options: { existing: match('crm_id', value) },
			}),
		],
	];

	it.each(searchOnly)(
		'%s (Search only): ten deliveries within the lag make one object, each later one gets it; after the lag Search finds it',
		async (object, path, params) => {
			const value = `${object}-ten`;
			const first = await deliver(params(value));
			expect(first.existing).toBeUndefined();
			const later = [];
			for (let i = 0; i < 9; i++) {
				clock += 5_000;
				later.push(await deliver(params(value)));
			}
			expect(later.map((o) => o.id)).toEqual(Array(9).fill(first.id));
			expect(stored(object, 'crm_id', value)).toHaveLength(1);

			// Every delivery looked first, found nothing, and sent the same key: Stripe replayed the first create.
			const sent = posts(path);
			expect(sent).toHaveLength(10);
			const resource = path.slice('/v1/'.length);
			expect(sent[0].idempotencyKey).toMatch(new RegExp(`^existing-${resource}-[0-9a-f]{32}$`));
			expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(1);
			expect(sent.map((r) => Boolean(r.replayed))).toEqual([false, ...Array(9).fill(true)]);
			expect(reads().map(([p]) => p)).toEqual(Array(10).fill(`${path}/search`));

			// Once Search caught up, the look-up finds it and nothing is sent.
			clock += LAG;
			standIn.requests.length = 0;
			expect(await deliver(params(value))).toMatchObject({ id: first.id, existing: true });
			expect(posts(path)).toEqual([]);
		},
	);

	it('payment intent with a customer: the customer’s list finds it at once, ten deliveries make one and none waits', async () => {
		const cus = customer();
		const params = {
			resource: 'paymentIntent',
			operation: 'create',
			amount: 5000,
			currency: 'usd',
			additionalFields: { customer: cus },
			options: { existing: match('order_id', 'PI-1') },
		};
		const first = await deliver(params);
		const later = [];
		for (let i = 0; i < 9; i++) later.push(await deliver(params));
		expect(later).toEqual(Array(9).fill({ ...first, existing: true }));
		expect(stored('payment_intent', 'order_id', 'PI-1')).toHaveLength(1);
		// One create, with the execution's own key; every delivery read the customer's payment intents.
		expect(posts('/v1/payment_intents')).toMatchObject([
			{ idempotencyKey: expect.stringMatching(/^n8n-exec-lag-/) },
		]);
		expect(reads()).toEqual(Array(10).fill(['/v1/payment_intents', { customer: cus, limit: 100 }]));
	});

	it('price with a product: the product’s list finds it at once', async () => {
		const product = standIn.seed('products', { name: 'Seat' }).id as string;
		const params = {
			resource: 'price',
			operation: 'create',
			product,
			unitAmount: 900,
			currency: 'usd',
			options: { existing: match('plan', 'seat-eur') },
		};
		const prices = [];
		for (let i = 0; i < 10; i++) prices.push(await deliver(params));
		expect(new Set(prices.map((p) => p.id)).size).toBe(1);
		expect(prices.map((p) => p.existing)).toEqual([undefined, ...Array(9).fill(true)]);
		expect(posts('/v1/prices')).toHaveLength(1);
		expect(reads()[0]).toEqual(['/v1/prices', { product, limit: 100 }]);
	});

	it('reads the list each create names: invoices by subscription and customer, subscriptions of every status, charges by customer', async () => {
		const cus = customer();
		const product = standIn.seed('products', { name: 'Seat' }).id;
		const price = standIn.seed('prices', {
			product,
			currency: 'usd',
			unit_amount: 900,
			recurring: { interval: 'month' },
		}).id as string;
		const sub = standIn.seed('subscriptions', {
			customer: cus,
			items: [{ price }],
			metadata: { crm_id: 'S-1' },
		}).id as string;
		// Canceled: lists leave it out unless asked for every status; Search would find it.
		standIn.store.get(sub)!.status = 'canceled';
		standIn.seed('invoices', { customer: cus, subscription: sub, metadata: { crm_id: 'I-1' } });
		standIn.seed('charges', {
			customer: cus,
			amount: 700,
			currency: 'usd',
			status: 'succeeded',
			metadata: { crm_id: 'C-1' },
		});
		const cases: Array<[Params, IDataObject]> = [
			[
				{ resource: 'invoice', additionalFields: { customer: cus, subscription: sub } },
				{ subscription: sub, customer: cus },
			],
			[
				{ resource: 'subscription', customer: cus, items: { item: [{ price }] } },
				{ customer: cus, status: 'all' },
			],
			[
				{ resource: 'charge', amount: 700, currency: 'usd', additionalFields: { customer: cus } },
				{},
			],
		];
		const values = ['I-1', 'S-1', 'C-1'];
		for (const [i, [params, filter]] of cases.entries()) {
			standIn.requests.length = 0;
			const found = await deliver({
				operation: 'create',
				...params,
				options: { existing: match('crm_id', values[i]) },
			});
			expect(found).toMatchObject({ existing: true, metadata: { crm_id: values[i] } });
			const path = `/v1/${String(params.resource)}s`;
			expect(reads()).toEqual([[path, { customer: cus, ...filter, limit: 100 }]]);
			expect(standIn.requests.filter((r) => r.method === 'POST')).toEqual([]);
		}
	});

	it('keeps an Idempotency-Key the user gave; the key from the metadata replaces only the automatic one', async () => {
		const params = (idempotencyKey?: string) => ({
			resource: 'customer',
			operation: 'create',
			options: { existing: match('crm_id', 'K-1'), ...(idempotencyKey && { idempotencyKey }) },
		});
		const mine = await deliver(params('crm-K-1'));
		expect(posts('/v1/customers').map((r) => r.idempotencyKey)).toEqual(['crm-K-1']);
		// Within the lag, the same business key under the automatic key: another key, so another object.
		const automatic = await deliver(params());
		expect(automatic.id).not.toBe(mine.id);
		expect(posts('/v1/customers')[1].idempotencyKey).toMatch(/^existing-customers-[0-9a-f]{32}$/);
	});

	it('makes the key of the account: the same metadata on two connected accounts is two objects', async () => {
		const accounts = ['acct_lag_a', 'acct_lag_b'].map((id) => standIn.connectedAccount(id));
		const made = [];
		for (const stripeAccount of accounts)
			made.push(
				await deliver({
					resource: 'customer',
					operation: 'create',
					options: { stripeAccount, existing: match('crm_id', 'A-1') },
				}),
			);
		expect(made[0].id).not.toBe(made[1].id);
		const keys = posts('/v1/customers').map((r) => r.idempotencyKey);
		expect(keys).toEqual(Array(2).fill(expect.stringMatching(/^existing-customers-[0-9a-f]{32}$/)));
		expect(keys[0]).not.toBe(keys[1]);
	});

	it('refuses the same metadata with other parameters within 24 hours, saying so, and makes nothing more', async () => {
		const create = (email: string) =>
			deliver({
				resource: 'customer',
				operation: 'create',
				additionalFields: { email },
				options: { existing: match('crm_id', 'D-1') },
			});
		const first = await create('first@example.com');
		clock += 10_000;
		const error = await failure(create('second@example.com'));
		expect(error.message).toMatch(
			/^Return Existing Object: crm_id = "D-1" was sent with other parameters within the last 24 hours/,
		);
		expect(error.message).toContain('Keys for idempotent requests');
		expect((error as unknown as { context: { stripe: IDataObject } }).context.stripe).toMatchObject(
			{ type: 'idempotency_error', status_code: 400 },
		);
		expect(stored('customer', 'crm_id', 'D-1').map((c) => c.id)).toEqual([first.id]);
	});
});
