import Stripe from 'stripe';
import { NodeOperationError } from 'n8n-workflow';
import { iso, runNode, useStandIn, type Params, type RunOptions } from '../support/harness';

const env = useStandIn();
const run = (params: Params, options: RunOptions = {}) =>
	runNode(env.url, { resource: 'product', ...params }, options);

// Lists and searches see every product in the store, so each test starts from an empty Stripe.
beforeEach(() => env.standIn.store.clear());

describe('Product', () => {
	it('creates a product from Name and Additional Fields, form-encoded in the order given, with an automatic idempotency key', async () => {
		const out = await run({
			operation: 'create',
			name: 'Organic T-shirt',
			additionalFields: {
				description: 'Soft cotton tee',
				active: true,
				url: 'https://shop.example.com/tee',
				metadata: {
					entry: [
						{ key: 'sku', value: 'TEE-1' },
						{ key: 'season', value: 'summer' },
					],
				},
			},
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/products');
		expect(req.rawBody).toBe(
			'name=Organic%20T-shirt&description=Soft%20cotton%20tee&active=true&url=https%3A%2F%2Fshop.example.com%2Ftee&metadata[sku]=TEE-1&metadata[season]=summer',
		);
		expect(req.body).toEqual({
			name: 'Organic T-shirt',
			description: 'Soft cotton tee',
			active: true,
			url: 'https://shop.example.com/tee',
			metadata: { sku: 'TEE-1', season: 'summer' },
		});
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);
		expect(req.stripeAccount).toBeUndefined();

		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			object: 'product',
			name: 'Organic T-shirt',
			description: 'Soft cotton tee',
			active: true,
			url: 'https://shop.example.com/tee',
			metadata: { sku: 'TEE-1', season: 'summer' },
		});
		expect(out[0].json.id).toMatch(/^prod_/);
		expect(env.standIn.store.get(out[0].json.id as string)).toMatchObject({
			name: 'Organic T-shirt',
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it.each([
		['is empty', ''],
		['is blank', '   '],
	])(
		'rejects a Name that %s with a NodeOperationError naming the field, before any request',
		async (_, name) => {
			const error = await run({
				operation: 'create',
				name,
				additionalFields: { description: 'No name' },
			}).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toBe('Name: is required');
			expect((error as NodeOperationError).description).toBe('Check the field "Name"');
			expect(env.standIn.requests).toHaveLength(0);
		},
	);

	it('gets a product per input item by its ID, each output paired to its item', async () => {
		const tee = env.standIn.seed('products', { name: 'Tee' });
		const mug = env.standIn.seed('products', { name: 'Mug', description: 'Ceramic' });
		const ids = [tee.id, mug.id];

		const out = await runNode(
			env.url,
			(i) => ({ resource: 'product', operation: 'get', productId: ids[i] }),
			{ items: [{ n: 0 }, { n: 1 }] },
		);

		expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', `/v1/products/${tee.id}`, {}],
			['GET', `/v1/products/${mug.id}`, {}],
		]);
		expect(env.standIn.requests.every((r) => r.idempotencyKey === undefined)).toBe(true);
		expect(out.map((o) => o.json)).toEqual([tee, mug]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each([
		[true, ['Hoodie', 'Tee']],
		[false, ['Old Mug']],
	])(
		'gets many products with Filters Active %s: only matching products come out',
		async (active, names) => {
			env.standIn.seed('products', { name: 'Tee', active: true });
			env.standIn.seed('products', { name: 'Old Mug', active: false });
			env.standIn.seed('products', { name: 'Hoodie', active: true });

			const out = await run({
				operation: 'getAll',
				returnAll: false,
				limit: 50,
				filters: { active },
			});

			expect(env.standIn.requests).toHaveLength(1);
			const [req] = env.standIn.requests;
			expect(req.method).toBe('GET');
			expect(req.path).toBe('/v1/products');
			expect(req.query).toEqual({ active, limit: 50 });
			expect(out.map((o) => o.json.name)).toEqual(names);
			expect(out.every((o) => o.json.active === active)).toBe(true);
			expect(out.map((o) => o.pairedItem)).toEqual(names.map(() => ({ item: 0 })));
		},
	);

	it('gets many products created within Created After / Created Before, sent as created[gte] / created[lte] in unix seconds', async () => {
		// An hour apart, as seeding within one second would give them all the same created time.
		const [first, second, third, fourth] = ['A', 'B', 'C', 'D'].map((name, i) =>
			env.standIn.seed('products', { name, created: 1767225600 + i * 3600 }),
		);

		const out = await run({
			operation: 'getAll',
			returnAll: true,
			filters: { createdAfter: iso(second.created), createdBefore: iso(third.created) },
		});

		const [req] = env.standIn.requests;
		expect(req.path).toBe('/v1/products');
		expect(req.query).toEqual({ created: { gte: second.created, lte: third.created }, limit: 100 });
		expect(out.map((o) => o.json.id)).toEqual([third.id, second.id]);
		expect(out.map((o) => o.json.id)).not.toContain(first.id);
		expect(out.map((o) => o.json.id)).not.toContain(fourth.id);
	});

	it('updates a product by POST to its path with only the Update Fields given', async () => {
		const tee = env.standIn.seed('products', { name: 'Tee', description: 'Cotton' });

		const out = await run({
			operation: 'update',
			productId: tee.id,
			updateFields: { name: 'Retired Tee', active: false },
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe(`/v1/products/${tee.id}`);
		expect(req.rawBody).toBe('name=Retired%20Tee&active=false');
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			id: tee.id,
			name: 'Retired Tee',
			active: false,
			description: 'Cotton',
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('deletes a product and outputs {id, object, deleted: true}', async () => {
		const tee = env.standIn.seed('products', { name: 'Tee' });

		const out = await run({ operation: 'delete', productId: tee.id });

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('DELETE');
		expect(req.path).toBe(`/v1/products/${tee.id}`);
		expect(req.rawBody).toBe('');
		// A delete is naturally idempotent: only creates and updates carry a key.
		expect(req.idempotencyKey).toBeUndefined();
		expect(out).toEqual([
			{ json: { id: tee.id, object: 'product', deleted: true }, pairedItem: { item: 0 } },
		]);
		expect(env.standIn.store.has(tee.id)).toBe(false);
	});

	it('searches products with a Stripe search query and outputs only the matches', async () => {
		const tee = env.standIn.seed('products', { name: 'Organic T-Shirt' });
		env.standIn.seed('products', { name: 'Mug' });
		const polo = env.standIn.seed('products', { name: 'Polo shirt' });

		const out = await run({
			operation: 'search',
			query: "name~'shirt'",
			returnAll: false,
			limit: 10,
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/products/search');
		expect(req.query).toEqual({ query: "name~'shirt'", limit: 10 });
		expect(out.map((o) => o.json.id)).toEqual([polo.id, tee.id]);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});
});
