import Stripe from 'stripe';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { runNode, useStandIn, type Params, type RunOptions } from '../support/harness';

const env = useStandIn();
const run = (params: Params, options: RunOptions = {}) =>
	runNode(env.url, { resource: 'price', ...params }, options);

// Lists and searches see every price in the store, so each test starts from an empty Stripe.
beforeEach(() => env.standIn.store.clear());

const newProduct = (name = 'Tee') => env.standIn.seed('products', { name }).id as string;

describe('Price', () => {
	it('creates a one-time price with the currency sent lowercased', async () => {
		const product = newProduct();

		const out = await run({ operation: 'create', product, unitAmount: 1999, currency: 'USD' });

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/prices');
		expect(req.rawBody).toBe(`product=${product}&unit_amount=1999&currency=usd`);
		expect(req.body).toEqual({ product, unit_amount: 1999, currency: 'usd' });
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);

		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			object: 'price',
			product,
			unit_amount: 1999,
			currency: 'usd',
			type: 'one_time',
			recurring: null,
			active: true,
		});
		expect(out[0].json.id).toMatch(/^price_/);
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it.each(['US', 'dollars', '12$'])(
		'rejects Currency "%s" with a NodeOperationError naming the field, before any request',
		async (currency) => {
			const error = await run({
				operation: 'create',
				product: 'prod_any',
				unitAmount: 1999,
				currency,
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toBe(
				`Currency: must be a three-letter ISO currency code such as usd, got "${currency}"`,
			);
			expect((error as NodeOperationError).description).toBe('Check the field "Currency"');
			expect(env.standIn.requests).toHaveLength(0);
		},
	);

	it.each([
		[-100, 'must be at least 0, got -100'],
		[
			19.99,
			'must be a whole number in the smallest unit (1050 is 10.50 usd), or a decimal with its currency as text (10.50 usd), got 19.99',
		],
		[
			'abc',
			'must be a whole number in the smallest unit (1050) or a decimal with its currency (10.50 usd), got "abc"',
		],
	])(
		'rejects Unit Amount %p with a NodeOperationError naming the field, before any request',
		async (unitAmount, problem) => {
			const error = await run({
				operation: 'create',
				product: 'prod_any',
				unitAmount,
				currency: 'usd',
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toBe(`Unit Amount: ${problem}`);
			expect((error as NodeOperationError).description).toBe('Check the field "Unit Amount"');
			expect(env.standIn.requests).toHaveLength(0);
		},
	);

	it('creates a recurring price with the billing interval and Additional Fields nested under recurring[...]', async () => {
		const product = newProduct();

		const out = await run({
			operation: 'createRecurring',
			product,
			unitAmount: 4500,
			currency: 'eur',
			recurringInterval: 'month',
			additionalFields: {
				recurringIntervalCount: 3,
				recurringUsageType: 'metered',
				recurringMeter: 'mtr_seats',
				nickname: 'Quarterly',
			},
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/prices');
		expect(req.rawBody).toBe(
			`product=${product}&unit_amount=4500&currency=eur&recurring[interval]=month&recurring[interval_count]=3&recurring[usage_type]=metered&recurring[meter]=mtr_seats&nickname=Quarterly`,
		);
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);

		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			object: 'price',
			product,
			type: 'recurring',
			nickname: 'Quarterly',
			recurring: {
				interval: 'month',
				interval_count: 3,
				usage_type: 'metered',
				meter: 'mtr_seats',
			},
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('rejects an Interval Count below 1 before any request', async () => {
		const error = await run({
			operation: 'createRecurring',
			product: 'prod_any',
			unitAmount: 4500,
			currency: 'eur',
			recurringInterval: 'month',
			additionalFields: { recurringIntervalCount: 0 },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Interval Count: must be at least 1, got 0');
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('rejects a Billing Interval outside day, week, month and year before any request', async () => {
		const error = await run({
			operation: 'createRecurring',
			product: 'prod_any',
			unitAmount: 4500,
			currency: 'eur',
			recurringInterval: 'monthly',
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe(
			'Billing Interval: must be one of day, week, month, year, got "monthly"',
		);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it("turns Stripe's 404 for a missing product into a NodeApiError with param product", async () => {
		const error = await run({
			operation: 'create',
			product: 'prod_missing',
			unitAmount: 1999,
			currency: 'usd',
		}).catch((e: unknown) => e);

		expect(env.standIn.requests).toHaveLength(1);
		expect(env.standIn.requests[0].rawBody).toBe(
			'product=prod_missing&unit_amount=1999&currency=usd',
		);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toBe("No such product: 'prod_missing'");
		expect(apiError.httpCode).toBe('404');
		expect(apiError.context.stripe).toMatchObject({
			message: "No such product: 'prod_missing'",
			type: 'invalid_request_error',
			code: 'resource_missing',
			param: 'product',
			doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
			status_code: 404,
		});
		expect((apiError.context.stripe as { request_id: string }).request_id).toMatch(/^req_/);
	});

	it('with Continue On Fail, a missing product becomes an error item paired to its input while other items go through', async () => {
		const product = newProduct();
		const products = ['prod_missing', product];

		const out = await runNode(
			env.url,
			(i) => ({
				resource: 'price',
				operation: 'create',
				product: products[i],
				unitAmount: 500,
				currency: 'usd',
			}),
			{
				items: [{ n: 0 }, { n: 1 }],
				continueOnFail: true,
			},
		);

		expect(env.standIn.requests.map((r) => r.body.product)).toEqual(products);
		expect(out).toHaveLength(2);
		expect(out[0].json).toMatchObject({
			error: "No such product: 'prod_missing'",
			param: 'product',
			code: 'resource_missing',
			status_code: 404,
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json).toMatchObject({ object: 'price', product, unit_amount: 500 });
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('gets a price by its ID', async () => {
		const price = env.standIn.seed('prices', {
			product: newProduct(),
			unit_amount: 1000,
			currency: 'usd',
		});

		const out = await run({ operation: 'get', priceId: price.id });

		expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', `/v1/prices/${price.id}`, {}],
		]);
		expect(out).toEqual([{ json: price, pairedItem: { item: 0 } }]);
	});

	describe('Get Many', () => {
		let tee: string, mug: string;
		let teeOnce: Record<string, any>,
			teeMonthly: Record<string, any>,
			teeRetired: Record<string, any>,
			mugOnce: Record<string, any>;
		beforeEach(() => {
			tee = newProduct('Tee');
			mug = newProduct('Mug');
			teeOnce = env.standIn.seed('prices', { product: tee, unit_amount: 2000, currency: 'usd' });
			teeMonthly = env.standIn.seed('prices', {
				product: tee,
				unit_amount: 900,
				currency: 'usd',
				recurring: { interval: 'month' },
			});
			teeRetired = env.standIn.seed('prices', {
				product: tee,
				unit_amount: 1500,
				currency: 'usd',
				active: false,
			});
			mugOnce = env.standIn.seed('prices', { product: mug, unit_amount: 1200, currency: 'usd' });
		});

		const getMany = async (filters: Params) => {
			const out = await run({ operation: 'getAll', returnAll: true, filters });
			expect(env.standIn.requests).toHaveLength(1);
			expect(env.standIn.requests[0].method).toBe('GET');
			expect(env.standIn.requests[0].path).toBe('/v1/prices');
			expect(out.map((o) => o.pairedItem)).toEqual(out.map(() => ({ item: 0 })));
			return { query: env.standIn.requests[0].query, ids: out.map((o) => o.json.id) };
		};

		it('filters by product and type recurring', async () => {
			const { query, ids } = await getMany({ product: tee, type: 'recurring' });
			expect(query).toEqual({ product: tee, type: 'recurring', limit: 100 });
			expect(ids).toEqual([teeMonthly.id]);
		});

		it('filters by type one_time and active', async () => {
			const { query, ids } = await getMany({ type: 'one_time', active: true });
			expect(query).toEqual({ type: 'one_time', active: true, limit: 100 });
			expect(ids).toEqual([mugOnce.id, teeOnce.id]);
		});

		it('filters by product and active false', async () => {
			const { query, ids } = await getMany({ product: tee, active: false });
			expect(query).toEqual({ product: tee, active: false, limit: 100 });
			expect(ids).toEqual([teeRetired.id]);
		});

		it('sends a Type the form does not list (the SDK leaves the list open for values Stripe adds); Stripe refuses it, naming the field', async () => {
			const error = await run({
				operation: 'getAll',
				returnAll: true,
				filters: { type: 'monthly' },
			}).catch((e: unknown) => e);
			expect(env.standIn.requests.map((r) => r.query)).toEqual([{ type: 'monthly', limit: 100 }]);
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error as NodeApiError).context.stripe).toMatchObject({
				param: 'type',
				field: 'Filters > Type',
				message: 'Invalid type: must be one of one_time or recurring',
			});
		});
	});

	it('updates a price: active off, nickname, lookup key and metadata', async () => {
		const price = env.standIn.seed('prices', {
			product: newProduct(),
			unit_amount: 900,
			currency: 'usd',
			metadata: { tier: 'gold' },
		});

		const out = await run({
			operation: 'update',
			priceId: price.id,
			updateFields: {
				active: false,
				nickname: 'Legacy monthly',
				lookupKey: 'standard_monthly_v1',
				metadata: { entry: [{ key: 'tier', value: 'legacy' }] },
			},
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe(`/v1/prices/${price.id}`);
		expect(req.rawBody).toBe(
			'active=false&nickname=Legacy%20monthly&lookup_key=standard_monthly_v1&metadata[tier]=legacy',
		);
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			id: price.id,
			active: false,
			nickname: 'Legacy monthly',
			lookup_key: 'standard_monthly_v1',
			metadata: { tier: 'legacy' },
			unit_amount: 900,
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('searches prices by metadata and outputs only the matches', async () => {
		const product = newProduct();
		const match = env.standIn.seed('prices', {
			product,
			unit_amount: 100,
			currency: 'usd',
			metadata: { order_id: '6735' },
		});
		env.standIn.seed('prices', {
			product,
			unit_amount: 200,
			currency: 'usd',
			metadata: { order_id: '9999' },
		});
		env.standIn.seed('prices', {
			product,
			unit_amount: 300,
			currency: 'usd',
			active: false,
			metadata: { order_id: '6735' },
		});
		const query = "active:'true' AND metadata['order_id']:'6735'";

		const out = await run({ operation: 'search', query, returnAll: false, limit: 5 });

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/prices/search');
		expect(req.query).toEqual({ query, limit: 5 });
		expect(out).toEqual([{ json: match, pairedItem: { item: 0 } }]);
	});
});
