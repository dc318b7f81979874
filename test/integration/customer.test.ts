import Stripe from 'stripe';
import { NodeOperationError, type INodeProperties } from 'n8n-workflow';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { failure, runNode, useStandIn } from '../support/harness';

const env = useStandIn();
const run = (params: Record<string, unknown>, options = {}) =>
	runNode(env.url, { resource: 'customer', ...params }, options);

// A connected account of its own keeps a test's customers apart from every other test's.
let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_customer${++accounts}`);

describe('Customer', () => {
	it('creates a customer with form-encoded fields, metadata and an automatic idempotency key', async () => {
		const out = await run({
			operation: 'create',
			additionalFields: {
				email: 'ada@example.com',
				name: 'Ada Lovelace',
				address: { line1: '1 Analytical St', city: 'London', country: 'GB' },
				metadata: { entry: [{ key: 'crm_id', value: '42' }] },
			},
		});
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/customers');
		expect(req.rawBody).toBe(
			'email=ada%40example.com&name=Ada%20Lovelace&address[line1]=1%20Analytical%20St&address[city]=London&address[country]=GB&metadata[crm_id]=42',
		);
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			object: 'customer',
			email: 'ada@example.com',
			metadata: { crm_id: '42' },
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('updates a customer by ID; an empty metadata value unsets that key', async () => {
		const existing = env.standIn.seed('customers', {
			email: 'old@example.com',
			name: 'Old Name',
			metadata: { crm_id: '42', tier: 'gold' },
		});
		const out = await run({
			operation: 'update',
			customerId: ` ${existing.id} `,
			updateFields: {
				name: 'New Name',
				taxExempt: 'exempt',
				metadata: {
					entry: [
						{ key: 'tier', value: '' },
						{ key: 'source', value: 'shopify' },
					],
				},
			},
		});
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe(`/v1/customers/${existing.id}`);
		// `metadata[tier]=` with nothing after it is how Stripe is told to delete a key.
		expect(req.rawBody).toBe(
			'name=New%20Name&tax_exempt=exempt&metadata[tier]=&metadata[source]=shopify',
		);
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			id: existing.id,
			object: 'customer',
			email: 'old@example.com',
			name: 'New Name',
			tax_exempt: 'exempt',
			metadata: { crm_id: '42', source: 'shopify' },
		});
		expect((out[0].json.metadata as Record<string, string>).tier).toBeUndefined();
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('clears the address, tax exemption and all metadata with Fields to Clear, sending them empty', async () => {
		const existing = env.standIn.seed('customers', {
			email: 'clear@example.com',
			address: { city: 'Oslo' },
			tax_exempt: 'exempt',
			metadata: { a: '1', b: '2' },
		});
		const out = await run({
			operation: 'update',
			customerId: existing.id,
			updateFields: { name: 'Kept', clearFields: ['address', 'tax_exempt', 'metadata'] },
		});
		expect(env.standIn.requests[0].rawBody).toBe('name=Kept&address=&tax_exempt=&metadata=');
		expect(out[0].json).toMatchObject({
			id: existing.id,
			name: 'Kept',
			email: 'clear@example.com',
			address: null,
			tax_exempt: null,
			metadata: {},
		});
	});

	it('offers to clear only what Stripe lets a customer update unset', () => {
		const customerResource = resources.find((r) => r.value === 'customer')!;
		const update = customerResource.operations.find((o) => o.value === 'update')!;
		const updateFields = update.fields.find((f) => f.property.name === 'updateFields')!.property
			.options as INodeProperties[];
		const clear = updateFields.find((o) => o.name === 'clearFields')!;
		expect(clear.options).toEqual([
			{ name: 'Address', value: 'address' },
			{ name: 'Business Name', value: 'business_name' },
			{ name: 'Individual Name', value: 'individual_name' },
			{ name: 'Metadata', value: 'metadata' },
			{ name: 'Shipping', value: 'shipping' },
			{ name: 'Tax Exempt', value: 'tax_exempt' },
		]);
		expect(
			customerResource.operations
				.find((o) => o.value === 'create')!
				.fields.some((f) => JSON.stringify(f.property).includes('clearFields')),
		).toBe(false);
	});

	it('offers no Payment Method among Update Fields, since Stripe only takes it on create', async () => {
		const existing = env.standIn.seed('customers', { email: 'pm@example.com' });
		const error = await failure(
			run({
				operation: 'update',
				customerId: existing.id,
				updateFields: { paymentMethod: 'pm_card_visa' },
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Update Fields: has no option "paymentMethod"');
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('gets a customer by ID', async () => {
		const existing = env.standIn.seed('customers', {
			email: 'grace@example.com',
			name: 'Grace Hopper',
		});
		const out = await run({ operation: 'get', customerId: existing.id });
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe(`/v1/customers/${existing.id}`);
		expect(req.query).toEqual({});
		expect(req.idempotencyKey).toBeUndefined();
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual(existing);
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('gets many customers filtered by email', async () => {
		const account = freshAccount();
		const first = env.standIn.seed(
			'customers',
			{ email: 'twin@example.com', name: 'First' },
			account,
		);
		env.standIn.seed('customers', { email: 'other@example.com' }, account);
		const second = env.standIn.seed(
			'customers',
			{ email: 'twin@example.com', name: 'Second' },
			account,
		);
		env.standIn.seed('customers', { email: 'Twin@example.com' }, account);
		const out = await run({
			operation: 'getAll',
			filters: { email: 'twin@example.com' },
			limit: 10,
			options: { stripeAccount: account },
		});
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/customers');
		expect(req.query).toEqual({ email: 'twin@example.com', limit: 10 });
		expect(req.stripeAccount).toBe(account);
		// Newest first, as Stripe lists.
		expect(out.map((item) => item.json.id)).toEqual([second.id, first.id]);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('gets many customers created within a date range, sent as created[gte] / created[lte] unix seconds', async () => {
		const account = freshAccount();
		const seeded = [1, 2, 3, 4, 5].map((n) =>
			env.standIn.seed(
				'customers',
				{ email: `c${n}@example.com`, created: 1767225600 + n * 3600 },
				account,
			),
		);
		const after = seeded[1].created as number;
		const before = seeded[3].created as number;
		const out = await run({
			operation: 'getAll',
			returnAll: true,
			// As the n8n date picker or an expression gives them.
			filters: {
				createdAfter: new Date(after * 1000).toISOString(),
				createdBefore: new Date(before * 1000).toISOString(),
			},
			options: { stripeAccount: account },
		});
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.path).toBe('/v1/customers');
		expect(req.query).toEqual({ created: { gte: after, lte: before }, limit: 100 });
		expect(out.map((item) => item.json.id)).toEqual([seeded[3].id, seeded[2].id, seeded[1].id]);
	});

	it('deletes a customer and answers {id, object, deleted: true}', async () => {
		const existing = env.standIn.seed('customers', { email: 'gone@example.com' });
		const out = await run({ operation: 'delete', customerId: existing.id });
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('DELETE');
		expect(req.path).toBe(`/v1/customers/${existing.id}`);
		expect(req.rawBody).toBe('');
		expect(out).toEqual([
			{ json: { id: existing.id, object: 'customer', deleted: true }, pairedItem: { item: 0 } },
		]);
		expect(env.standIn.store.has(existing.id)).toBe(false);
	});

	it('searches customers with a Stripe search query, one item per match', async () => {
		const account = freshAccount();
		const gold = [1, 2].map((n) =>
			env.standIn.seed(
				'customers',
				{ email: `gold${n}@example.com`, metadata: { tier: 'gold' } },
				account,
			),
		);
		env.standIn.seed(
			'customers',
			{ email: 'silver@example.com', metadata: { tier: 'silver' } },
			account,
		);
		const out = await run({
			operation: 'search',
			query: "metadata['tier']:'gold'",
			limit: 10,
			options: { stripeAccount: account },
		});
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/customers/search');
		expect(req.query).toEqual({ query: "metadata['tier']:'gold'", limit: 10 });
		expect(out.map((item) => item.json.id)).toEqual([gold[1].id, gold[0].id]);
		expect(
			out.every((item) => (item.json.metadata as Record<string, string>).tier === 'gold'),
		).toBe(true);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});
});
