import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { failure, runNode, useStandIn, type Params } from '../support/harness';

/**
 * Hostile input, field builder by field builder: every case stops the node with a NodeOperationError
 * naming the field, before any request, and the secret key shows up nowhere.
 */
const env = useStandIn();
const SECRET = 'sk_test_hostile-Key_0123456789';
const credentials = () => ({ secretKey: SECRET, baseUrl: env.url });

/** Deep nesting as an expression would hand it over: an object, not text. */
const nested = (depth: number) => {
	const root: Record<string, unknown> = {};
	let node = root;
	for (let i = 0; i < depth; i++) node = (node.a = {}) as Record<string, unknown>;
	return root;
};
const entries = (n: number) => ({
	entry: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' })),
});

const customer = (p: Params): Params => ({ resource: 'customer', ...p });
const createCustomer = (additionalFields: Params) =>
	customer({ operation: 'create', additionalFields });
const priceCreate = (p: Params) => ({
	resource: 'price',
	operation: 'create',
	product: 'prod_1',
	unitAmount: 100,
	currency: 'usd',
	...p,
});
const listCustomers = (filters: Params) =>
	customer({ operation: 'getAll', returnAll: false, limit: 5, filters });
const withOption = (options: Params) =>
	customer({ operation: 'create', additionalFields: { name: 'Ann' }, options });
const apiRequest = (p: Params) => ({
	resource: 'apiRequest',
	operation: 'send',
	method: 'POST',
	path: '/v1/customers',
	query: '{}',
	body: '{}',
	...p,
});

const cases: Array<[string, Params, string]> = [
	// Integers and amounts: a whole number in the safe range, as a number or decimal digits; nothing else.
	['hex text as an amount', priceCreate({ unitAmount: '0x10' }), 'Unit Amount'],
	['"true" as an amount', priceCreate({ unitAmount: 'true' }), 'Unit Amount'],
	['true as an amount', priceCreate({ unitAmount: true }), 'Unit Amount'],
	['a list as an amount', priceCreate({ unitAmount: [] }), 'Unit Amount'],
	['exponent text as an amount', priceCreate({ unitAmount: '1e21' }), 'Unit Amount'],
	['1e21 as an amount', priceCreate({ unitAmount: 1e21 }), 'Unit Amount'],
	['2^53 as an amount', priceCreate({ unitAmount: 2 ** 53 }), 'Unit Amount'],
	[
		'digits beyond 2^53 as an amount',
		priceCreate({ unitAmount: '9007199254740993' }),
		'Unit Amount',
	],
	['NaN as an amount', priceCreate({ unitAmount: NaN }), 'Unit Amount'],
	['a fraction as an amount', priceCreate({ unitAmount: '12.5' }), 'Unit Amount'],
	['no amount on a price', priceCreate({ unitAmount: null }), 'Unit Amount'],
	[
		'hex text as a limit',
		customer({ operation: 'getAll', returnAll: false, limit: '0x10' }),
		'Limit',
	],
	// Text: objects, lists and booleans are not text.
	['an object as text', createCustomer({ name: { first: 'Ann' } }), 'Name'],
	['a list as text', createCustomer({ email: ['a@example.com'] }), 'Email'],
	['a boolean as text', createCustomer({ phone: true }), 'Phone'],
	// Booleans: true, false, "true", "false".
	[
		'"yes" as a boolean',
		{ resource: 'product', operation: 'create', name: 'Tee', additionalFields: { active: 'yes' } },
		'Active',
	],
	[
		'1 as a boolean',
		{ resource: 'product', operation: 'create', name: 'Tee', additionalFields: { active: 1 } },
		'Active',
	],
	// Dates: a real calendar date and time.
	['NaN as a date', listCustomers({ createdAfter: NaN }), 'Created After'],
	['Infinity as a date', listCustomers({ createdBefore: Infinity }), 'Created Before'],
	['an invalid Date', listCustomers({ createdAfter: new Date('nope') }), 'Created After'],
	['February 30th', listCustomers({ createdAfter: '2024-02-30' }), 'Created After'],
	['month 13', listCustomers({ createdAfter: '2024-13-01T00:00:00Z' }), 'Created After'],
	['hour 24', listCustomers({ createdAfter: '2024-02-29T24:00:00' }), 'Created After'],
	['words as a date', listCustomers({ createdAfter: 'yesterday' }), 'Created After'],
	[
		'an invalid Luxon date',
		listCustomers({ createdAfter: { toISO: () => null, isValid: false } }),
		'Created After',
	],
	['a negative timestamp', listCustomers({ createdAfter: -5 }), 'Created After'],
	// Metadata: Stripe's limits, and entries only.
	['51 metadata keys', createCustomer({ metadata: entries(51) }), 'Metadata'],
	[
		'a 41-character metadata key',
		createCustomer({ metadata: { entry: [{ key: 'k'.repeat(41), value: 'v' }] } }),
		'Metadata',
	],
	[
		'a metadata key with brackets',
		createCustomer({ metadata: { entry: [{ key: 'a[b]', value: 'v' }] } }),
		'Metadata',
	],
	[
		'a 501-character metadata value',
		createCustomer({ metadata: { entry: [{ key: 'k', value: 'v'.repeat(501) }] } }),
		'Metadata',
	],
	[
		'an object as a metadata value',
		createCustomer({ metadata: { entry: [{ key: 'k', value: { a: 1 } }] } }),
		'Metadata',
	],
	[
		'a boolean as a metadata value',
		createCustomer({ metadata: { entry: [{ key: 'k', value: true }] } }),
		'Metadata',
	],
	['metadata as a list', createCustomer({ metadata: [{ order: 1 }] }), 'Metadata'],
	[
		'a metadata key given twice',
		createCustomer({
			metadata: {
				entry: [
					{ key: 'k', value: '1' },
					{ key: 'k', value: '2' },
				],
			},
		}),
		'Metadata',
	],
	// IDs: the prefix Stripe uses for the object, and never a path segment.
	[
		'a price ID as Customer ID',
		customer({ operation: 'get', customerId: 'price_123' }),
		'Customer ID',
	],
	[
		'the secret key as Customer ID',
		customer({ operation: 'get', customerId: SECRET }),
		'Customer ID',
	],
	[
		'a charge ID as Refund ID',
		{ resource: 'refund', operation: 'get', refundId: 'ch_123' },
		'Refund ID',
	],
	["a customer ID as a price's product", priceCreate({ product: 'cus_123' }), 'Product ID'],
	[
		"a price ID as a charge filter's customer",
		{
			resource: 'charge',
			operation: 'getAll',
			returnAll: true,
			filters: { customer: 'price_123' },
		},
		'Customer ID',
	],
	['. as Customer ID', customer({ operation: 'get', customerId: '.' }), 'Customer ID'],
	['.. as Product ID', { resource: 'product', operation: 'get', productId: '..' }, 'Product ID'],
	[
		'a non-ASCII custom product ID',
		{ resource: 'product', operation: 'get', productId: 'plän' },
		'Product ID',
	],
	['.. segments in an API Request path', apiRequest({ path: '/v1/customers/../charges' }), 'Path'],
	['. segments in an API Request path', apiRequest({ path: '/v1/./customers' }), 'Path'],
	[
		'a webhook secret in an API Request path',
		apiRequest({ path: '/v1/x?secret=whsec_abc-DEF' }),
		'Path',
	],
	// Headers: only what an HTTP header can carry.
	['a non-ASCII Idempotency Key', withOption({ idempotencyKey: 'clé-1' }), 'Idempotency Key'],
	[
		'a control character in an Idempotency Key',
		withOption({ idempotencyKey: 'a\nb' }),
		'Idempotency Key',
	],
	['a non-ASCII API Version', withOption({ apiVersion: '2026-10-28.ëndive' }), 'API Version'],
	['a non-ASCII Connected Account', withOption({ stripeAccount: 'acct_ü1' }), 'Connected Account'],
	// API Request: JSON objects only, and not absurdly deep.
	['a list as Query', apiRequest({ method: 'GET', query: ['a', 'b'] }), 'Query'],
	['a list as Body', apiRequest({ body: ['a', 'b'] }), 'Body'],
	['a list typed as Body', apiRequest({ body: '["a", "b"]' }), 'Body'],
	['a body nested 10,000 deep', apiRequest({ body: nested(10000) }), 'Body'],
	[
		'a body nested 10,000 deep as text',
		apiRequest({ body: '{"a":'.repeat(10000) + '1' + '}'.repeat(10000) }),
		'Body',
	],
	// Updates: a field is either set or cleared.
	[
		'a field both set and cleared',
		{
			resource: 'product',
			operation: 'update',
			productId: 'prod_1',
			updateFields: { description: 'New', clearFields: ['description'] },
		},
		'Fields to Clear',
	],
];

/** Fails if the secret key appears anywhere in the error or the items. */
function expectNoSecret(error: Error, items: INodeExecutionData[] = []) {
	const e = error as NodeOperationError;
	for (const text of [
		e.message,
		e.description,
		e.stack,
		JSON.stringify(e.context),
		JSON.stringify(items.map((i) => i.json)),
	])
		expect(text ?? '').not.toContain(SECRET.slice(8));
}

describe('hostile input', () => {
	it.each(cases)(
		'%s: stops the node naming the field, before any request',
		async (_, params, field) => {
			const error = await failure(runNode(env.url, params, { credentials: credentials() }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message.startsWith(`${field}: `)).toBe(true);
			expect((error as NodeOperationError).description).toBe(`Check the field "${field}"`);
			expect(env.standIn.requests).toHaveLength(0);
			expectNoSecret(error);
		},
	);

	it.each(cases)(
		'%s: with Continue On Fail, an error item naming the field',
		async (_, params, field) => {
			const out = await runNode(env.url, params, {
				credentials: credentials(),
				continueOnFail: true,
			});
			expect(out).toHaveLength(1);
			expect(String(out[0].json.error).startsWith(`${field}: `)).toBe(true);
			expect(out[0].pairedItem).toEqual({ item: 0 });
			expect(env.standIn.requests).toHaveLength(0);
			expectNoSecret(out[0].error!, out);
		},
	);

	it('shows a secret key given as an ID only redacted', async () => {
		const error = await failure(
			runNode(env.url, customer({ operation: 'get', customerId: SECRET }), {
				credentials: credentials(),
			}),
		);
		expect(error.message).toBe(
			'Customer ID: must be a customer ID (cus_...), got "sk_test_[redacted]"',
		);
	});
});

describe('what strict checks still let through', () => {
	it.each<[string, Params, string]>([
		[
			'a custom product ID',
			{ resource: 'product', operation: 'get', productId: 'gold-plan' },
			'/v1/products/gold-plan',
		],
		[
			'a custom price (plan) ID',
			{ resource: 'price', operation: 'get', priceId: 'gold_monthly' },
			'/v1/prices/gold_monthly',
		],
		[
			'a py_ charge',
			{ resource: 'charge', operation: 'get', chargeId: 'py_123' },
			'/v1/charges/py_123',
		],
		[
			'a pyr_ refund',
			{ resource: 'refund', operation: 'get', refundId: 'pyr_123' },
			'/v1/refunds/pyr_123',
		],
	])('%s reaches Stripe', async (_, params, path) => {
		await runNode(env.url, params, { continueOnFail: true });
		expect(env.standIn.requests.map((r) => r.path)).toEqual([path]);
	});

	it('takes amounts as numbers or decimal digits, text as text or numbers, booleans as "true"/"false"', async () => {
		const product = env.standIn.seed('products', { name: 'Mug' });
		await runNode(env.url, {
			resource: 'price',
			operation: 'create',
			product: product.id,
			unitAmount: ' 0250 ',
			currency: 'USD',
			additionalFields: { nickname: 42, active: 'false' },
		});
		expect(env.standIn.requests[0].rawBody).toBe(
			`product=${product.id}&unit_amount=250&currency=usd&nickname=42&active=false`,
		);
	});

	it('reads dates with a zone, fractions of a second, Luxon and Date objects, and leap days', async () => {
		const run = (createdAfter: unknown) => runNode(env.url, listCustomers({ createdAfter }));
		for (const value of [
			'2024-02-29',
			'2024-02-29T00:00:00.000+00:00',
			new Date(Date.UTC(2024, 1, 29)),
			{ toISO: () => '2024-02-29T01:00:00.000+01:00' },
		])
			await run(value);
		expect(env.standIn.requests.map((r) => r.query.created)).toEqual(
			Array(4).fill({ gte: Date.UTC(2024, 1, 29) / 1000 }),
		);
	});
});
