import Stripe from 'stripe';
import { NodeOperationError } from 'n8n-workflow';
import { runNode, useStandIn, type Params, type RunOptions } from '../support/harness';

const env = useStandIn();
const run = (params: Params, options: RunOptions = {}) =>
	runNode(env.url, { resource: 'paymentLink', ...params }, options);

// Lists see every payment link in the store, so each test starts from an empty Stripe.
beforeEach(() => env.standIn.store.clear());

const newPrice = (unit_amount: number) => {
	const product = env.standIn.seed('products', { name: `Item ${unit_amount}` }).id;
	return env.standIn.seed('prices', { product, unit_amount, currency: 'usd' }).id as string;
};
const newLink = (fields: Record<string, unknown> = {}) =>
	env.standIn.seed('payment_links', {
		line_items: [{ price: newPrice(1000), quantity: 1 }],
		...fields,
	});

describe('Payment Link', () => {
	it('creates a payment link with two line items, indexed in the form body as Stripe expects', async () => {
		const tee = newPrice(2500);
		const mug = newPrice(1200);

		const out = await run({
			operation: 'create',
			lineItems: {
				item: [
					{ price: tee, quantity: 2 },
					{ price: ` ${mug} `, quantity: 1 },
				],
			},
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/payment_links');
		expect(req.rawBody).toBe(
			`line_items[0][price]=${tee}&line_items[0][quantity]=2&line_items[1][price]=${mug}&line_items[1][quantity]=1`,
		);
		expect(req.body).toEqual({
			line_items: [
				{ price: tee, quantity: 2 },
				{ price: mug, quantity: 1 },
			],
		});
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);

		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			object: 'payment_link',
			active: true,
			allow_promotion_codes: false,
		});
		expect(out[0].json.id).toMatch(/^plink_/);
		expect(out[0].json.url).toMatch(/^https:\/\/buy\.stripe\.com\/test_/);
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it.each<[string, unknown]>([
		['no line items', { item: [] }],
		['an empty Line Items collection', {}],
		[
			'a quantity of 0',
			{
				item: [
					{ price: 'price_a', quantity: 2 },
					{ price: 'price_b', quantity: 0 },
				],
			},
		],
		['a fractional quantity', { item: [{ price: 'price_a', quantity: 1.5 }] }],
		['a line item without a price', { item: [{ price: '  ', quantity: 1 }] }],
	])(
		'rejects %s with a NodeOperationError naming Line Items, before any request',
		async (_, lineItems) => {
			const error = await run({ operation: 'create', lineItems }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toMatch(/^Line Items: /);
			expect((error as NodeOperationError).description).toBe('Check the field "Line Items"');
			expect(env.standIn.requests).toHaveLength(0);
		},
	);

	it('names the offending line item and the problem', async () => {
		const error = await run({
			operation: 'create',
			lineItems: {
				item: [
					{ price: 'price_a', quantity: 2 },
					{ price: 'price_b', quantity: 0 },
				],
			},
		}).catch((e: unknown) => e);
		expect((error as NodeOperationError).message).toBe(
			'Line Items: item 2 Quantity must be at least 1, got 0',
		);
	});

	it('sends Allow Promotion Codes and Redirect URL as allow_promotion_codes and after_completion[redirect]', async () => {
		const price = newPrice(900);

		const out = await run({
			operation: 'create',
			lineItems: { item: [{ price, quantity: 1 }] },
			additionalFields: {
				allowPromotionCodes: true,
				redirectUrl: 'https://shop.example.com/thanks?order=7',
			},
		});

		const [req] = env.standIn.requests;
		expect(req.rawBody).toBe(
			`line_items[0][price]=${price}&line_items[0][quantity]=1&allow_promotion_codes=true&after_completion[type]=redirect&after_completion[redirect][url]=https%3A%2F%2Fshop.example.com%2Fthanks%3Forder%3D7`,
		);
		expect(out[0].json).toMatchObject({
			allow_promotion_codes: true,
			after_completion: {
				type: 'redirect',
				redirect: { url: 'https://shop.example.com/thanks?order=7' },
			},
		});
	});

	it('rejects a Redirect URL that is not http(s) before any request', async () => {
		const error = await run({
			operation: 'create',
			lineItems: { item: [{ price: 'price_a', quantity: 1 }] },
			additionalFields: { redirectUrl: 'shop.example.com/thanks' },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe(
			'Redirect URL: must start with https:// or http://, got "shop.example.com/thanks"',
		);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('gets a payment link by its ID', async () => {
		const link = newLink();

		const out = await run({ operation: 'get', paymentLinkId: link.id });

		expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', `/v1/payment_links/${link.id}`, {}],
		]);
		expect(out).toEqual([{ json: link, pairedItem: { item: 0 } }]);
	});

	it.each([true, false])('gets many payment links with Filters Active %s', async (active) => {
		const live = [newLink(), newLink()];
		const deactivated = [newLink({ active: false })];
		const expected = (active ? live : deactivated).map((l) => l.id).reverse();

		const out = await run({
			operation: 'getAll',
			returnAll: false,
			limit: 10,
			filters: { active },
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/payment_links');
		expect(req.query).toEqual({ active, limit: 10 });
		expect(out.map((o) => o.json.id)).toEqual(expected);
		expect(out.map((o) => o.json.active)).toEqual(expected.map(() => active));
		expect(out.map((o) => o.pairedItem)).toEqual(expected.map(() => ({ item: 0 })));
	});

	it('deactivates then reactivates a payment link, each write with its own idempotency key', async () => {
		const link = newLink();

		const off = await run({
			operation: 'update',
			paymentLinkId: link.id,
			updateFields: { active: false },
		});
		const on = await run({
			operation: 'update',
			paymentLinkId: link.id,
			updateFields: { active: true },
		});

		expect(env.standIn.requests.map((r) => [r.method, r.path, r.rawBody])).toEqual([
			['POST', `/v1/payment_links/${link.id}`, 'active=false'],
			['POST', `/v1/payment_links/${link.id}`, 'active=true'],
		]);
		const [first, second] = env.standIn.requests;
		// Same execution, node and item: only the hash of what is sent tells the two writes apart.
		expect(first.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(second.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
		expect(first.replayed).toBeUndefined();
		expect(second.replayed).toBeUndefined();

		expect(off).toEqual([
			{ json: expect.objectContaining({ id: link.id, active: false }), pairedItem: { item: 0 } },
		]);
		expect(on).toEqual([
			{ json: expect.objectContaining({ id: link.id, active: true }), pairedItem: { item: 0 } },
		]);
		expect(env.standIn.store.get(link.id)?.active).toBe(true);
	});
});
