import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';
import { failure, runNode, useStandIn, type RunOptions } from '../support/harness';

/** Execution semantics every operation shares, shown on customer operations. */
const env = useStandIn();
const run = (
	params: Record<string, unknown> | ((i: number) => Record<string, unknown>),
	options: RunOptions = {},
) =>
	runNode(
		env.url,
		typeof params === 'function'
			? (i) => ({ resource: 'customer', ...params(i) })
			: { resource: 'customer', ...params },
		options,
	);

// A connected account of its own keeps a test's customers apart from every other test's.
let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_semantics${++accounts}`);
const threeItems = { items: [{ n: 0 }, { n: 1 }, { n: 2 }] };

const customersWithEmail = (email: string) =>
	[...env.standIn.store.values()].filter((o) => o.object === 'customer' && o.email === email);

describe('Stripe errors', () => {
	it("throws a NodeApiError carrying Stripe's error fields without Continue On Fail", async () => {
		const error = await failure(run({ operation: 'get', customerId: 'cus_missing' }));
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toBe("No such customer: 'cus_missing'");
		expect(apiError.httpCode).toBe('404');
		expect(apiError.context.itemIndex).toBe(0);
		expect(apiError.context.stripe).toEqual({
			message: "No such customer: 'cus_missing'",
			type: 'invalid_request_error',
			code: 'resource_missing',
			param: 'id',
			doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
			request_id: expect.stringMatching(/^req_\w+$/),
			status_code: 404,
		});
		expect(apiError.description).toContain('invalid_request_error · resource_missing · param id');
		expect(env.standIn.requests).toHaveLength(1);
	});

	it('with Continue On Fail makes the failed item an error item paired to its input, the others still succeed in order', async () => {
		const [first, third] = [
			env.standIn.seed('customers', { email: 'first@example.com' }),
			env.standIn.seed('customers', { email: 'third@example.com' }),
		];
		const ids = [first.id, 'cus_missing', third.id];
		const out = await run((i) => ({ operation: 'get', customerId: ids[i] }), {
			...threeItems,
			continueOnFail: true,
		});
		expect(env.standIn.requests.map((r) => r.path)).toEqual(ids.map((id) => `/v1/customers/${id}`));
		expect(out).toHaveLength(3);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.id).toBe(first.id);
		expect(out[2].json.id).toBe(third.id);
		expect(out[0].error).toBeUndefined();
		expect(out[1].json).toEqual({
			error: "No such customer: 'cus_missing'",
			message: "No such customer: 'cus_missing'",
			type: 'invalid_request_error',
			code: 'resource_missing',
			param: 'id',
			doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
			request_id: expect.stringMatching(/^req_\w+$/),
			status_code: 404,
		});
		expect(out[1].error).toBeInstanceOf(NodeApiError);
		expect(out[1].error!.context.itemIndex).toBe(1);
	});
});

describe('Lists', () => {
	it('gives zero items for an empty list, without a crash', async () => {
		const account = freshAccount();
		const out = await run({
			operation: 'getAll',
			returnAll: true,
			options: { stripeAccount: account },
		});
		expect(out).toEqual([]);
		expect(env.standIn.requests).toHaveLength(1);
		expect(env.standIn.requests[0].query).toEqual({ limit: 100 });
	});

	it('gives zero items for a filter that matches nothing', async () => {
		env.standIn.seed('customers', { email: 'someone@example.com' });
		const out = await run({
			operation: 'getAll',
			filters: { email: 'nobody@example.com' },
			limit: 50,
		});
		expect(out).toEqual([]);
		expect(env.standIn.requests).toHaveLength(1);
		expect(env.standIn.requests[0].query).toEqual({ email: 'nobody@example.com', limit: 50 });
	});

	describe('across pages', () => {
		let account: string;
		let newestFirst: string[];
		beforeAll(() => {
			account = freshAccount();
			// All in one second: a page within one second is paged on after its cursor, never cut into created windows.
			const created = Math.floor(Date.now() / 1000);
			const seeded = Array.from(
				{ length: 250 },
				(_, n) =>
					env.standIn.seed('customers', { email: `bulk${n}@example.com`, created }, account)
						.id as string,
			);
			newestFirst = seeded.reverse();
		});

		it("Return All fetches pages of 100 with starting_after cursors, in Stripe's order", async () => {
			const out = await run({
				operation: 'getAll',
				returnAll: true,
				options: { stripeAccount: account },
			});
			expect(out.map((item) => item.json.id)).toEqual(newestFirst);
			expect(
				out.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
			).toBe(true);
			const requests = env.standIn.requests;
			expect(requests.map((r) => [r.method, r.path, r.stripeAccount])).toEqual(
				Array(3).fill(['GET', '/v1/customers', account]),
			);
			expect(requests.map((r) => r.query)).toEqual([
				{ limit: 100 },
				{ limit: 100, starting_after: newestFirst[99] },
				{ limit: 100, starting_after: newestFirst[199] },
			]);
		});

		it('a Limit smaller than a page asks for just that many', async () => {
			const out = await run({ operation: 'getAll', limit: 5, options: { stripeAccount: account } });
			expect(out.map((item) => item.json.id)).toEqual(newestFirst.slice(0, 5));
			expect(env.standIn.requests.map((r) => r.query)).toEqual([{ limit: 5 }]);
		});

		it('a Limit over a page asks the second page only for the rest', async () => {
			const out = await run({
				operation: 'getAll',
				limit: 150,
				options: { stripeAccount: account },
			});
			expect(out.map((item) => item.json.id)).toEqual(newestFirst.slice(0, 150));
			expect(env.standIn.requests.map((r) => r.query)).toEqual([
				{ limit: 100 },
				{ limit: 50, starting_after: newestFirst[99] },
			]);
		});
	});

	it('pairs every object of one list item to that item', async () => {
		const [a, b] = [freshAccount(), freshAccount()];
		const inA = [1, 2, 3].map(
			(n) => env.standIn.seed('customers', { email: `a${n}@example.com` }, a).id,
		);
		const inB = [1, 2].map(
			(n) => env.standIn.seed('customers', { email: `b${n}@example.com` }, b).id,
		);
		const out = await run(
			(i) => ({ operation: 'getAll', returnAll: true, options: { stripeAccount: [a, b][i] } }),
			{ items: [{}, {}] },
		);
		expect(env.standIn.requests.map((r) => r.stripeAccount)).toEqual([a, b]);
		expect(out.map((item) => [item.json.id, item.pairedItem])).toEqual([
			...inA.reverse().map((id) => [id, { item: 0 }]),
			...inB.reverse().map((id) => [id, { item: 1 }]),
		]);
	});
});

describe('Idempotency', () => {
	const create = (email: string) => ({ operation: 'create', additionalFields: { email } });

	it('sends the same key when the same item is run again, and Stripe replays the first answer', async () => {
		const options = { executionId: 'exec-retry', nodeId: 'node-retry' };
		const first = await run(create('retry@example.com'), options);
		const second = await run(create('retry@example.com'), options);
		const [a, b] = env.standIn.requests;
		expect(a.idempotencyKey).toMatch(/^n8n-exec-retry-0-0-[0-9a-f]{64}$/);
		expect(b.idempotencyKey).toBe(a.idempotencyKey);
		expect(a.replayed).toBeUndefined();
		expect(b.replayed).toBe(true);
		expect(second[0].json.id).toBe(first[0].json.id);
		expect(customersWithEmail('retry@example.com')).toHaveLength(1);
	});

	it('uses a different key in a different execution', async () => {
		const first = await run(create('rerun@example.com'), { executionId: 'exec-a' });
		const second = await run(create('rerun@example.com'), { executionId: 'exec-b' });
		const [a, b] = env.standIn.requests;
		expect(a.idempotencyKey).toMatch(/^n8n-exec-a-0-0-/);
		expect(b.idempotencyKey).toMatch(/^n8n-exec-b-0-0-/);
		// The request hash is the same; only the execution differs.
		expect(a.idempotencyKey!.slice(-64)).toBe(b.idempotencyKey!.slice(-64));
		expect(b.replayed).toBeUndefined();
		expect(second[0].json.id).not.toBe(first[0].json.id);
		expect(customersWithEmail('rerun@example.com')).toHaveLength(2);
	});

	it('uses a different key for the same item index with other params in one execution (Loop Over Items)', async () => {
		const options = { executionId: 'exec-loop' };
		const first = await run(create('loop1@example.com'), options);
		const second = await run(create('loop2@example.com'), options);
		const [a, b] = env.standIn.requests;
		expect(a.idempotencyKey).toMatch(/^n8n-exec-loop-0-0-[0-9a-f]{64}$/);
		expect(b.idempotencyKey).toMatch(/^n8n-exec-loop-0-0-[0-9a-f]{64}$/);
		expect(b.idempotencyKey).not.toBe(a.idempotencyKey);
		expect(b.replayed).toBeUndefined();
		expect(second[0].json).toMatchObject({ email: 'loop2@example.com' });
		expect(second[0].json.id).not.toBe(first[0].json.id);
	});

	it("sends the user's own key as given", async () => {
		const out = await run({
			...create('own@example.com'),
			options: { idempotencyKey: 'shopify-refund-5551212' },
		});
		expect(env.standIn.requests).toHaveLength(1);
		expect(env.standIn.requests[0].idempotencyKey).toBe('shopify-refund-5551212');
		expect(out[0].json).toMatchObject({ email: 'own@example.com' });
	});

	it('rejects a key over 255 characters before any request', async () => {
		const error = await failure(
			run({ ...create('long@example.com'), options: { idempotencyKey: 'k'.repeat(256) } }),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Idempotency Key: must be at most 255 characters, got 256');
		expect((error as NodeOperationError).description).toBe('Check the field "Idempotency Key"');
		expect(env.standIn.requests).toHaveLength(0);
	});
});

describe('Options', () => {
	it('Connected Account sends Stripe-Account', async () => {
		const account = freshAccount();
		const out = await run({
			operation: 'create',
			additionalFields: { email: 'connect@example.com' },
			options: { stripeAccount: account },
		});
		expect(env.standIn.requests).toHaveLength(1);
		expect(env.standIn.requests[0].stripeAccount).toBe(account);
		expect(env.standIn.store.get(out[0].json.id as string)?._account).toBe(account);
	});

	it('rejects a Connected Account that is not an account ID, before any request', async () => {
		const error = await failure(
			run({ operation: 'get', customerId: 'cus_any', options: { stripeAccount: 'foo' } }),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Connected Account: must be an account ID (acct_...), got "foo"');
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('Expand sends expand[] and API Version sends Stripe-Version', async () => {
		const existing = env.standIn.seed('customers', { email: 'expand@example.com' });
		await run({
			operation: 'get',
			customerId: existing.id,
			options: {
				expand: 'default_source, invoice_settings.default_payment_method',
				apiVersion: '2024-06-20',
			},
		});
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.query).toEqual({
			expand: ['default_source', 'invoice_settings.default_payment_method'],
		});
		expect(req.stripeVersion).toBe('2024-06-20');
	});

	it('Expand on a write goes into the form body as expand[0]', async () => {
		await run({
			operation: 'create',
			additionalFields: { email: 'expandw@example.com' },
			options: { expand: 'test_clock' },
		});
		expect(env.standIn.requests[0].rawBody).toBe(
			'email=expandw%40example.com&expand[0]=test_clock',
		);
	});
});

describe('Invalid input', () => {
	const twoItems = { items: [{}, {}] };
	const badCountry = (i: number) => ({
		operation: 'create',
		additionalFields: {
			email: `valid${i}@example.com`,
			address: { country: i === 1 ? 'GBR' : 'GB' },
		},
	});
	let existing: string;
	beforeAll(() => {
		existing = env.standIn.seed('customers', { email: 'rename@example.com' }).id;
	});
	const emptyCustomerId = (i: number) => ({
		operation: 'update',
		customerId: i === 1 ? '  ' : existing,
		updateFields: { name: 'Renamed' },
	});

	it.each([
		['an address country of three letters', badCountry, 'Address Country'],
		['an empty Customer ID', emptyCustomerId, 'Customer ID'],
	])('sends nothing at all when item 1 has %s', async (_, params, field) => {
		const error = await failure(run(params, twoItems));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message.startsWith(`${field}: `)).toBe(true);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it.each([
		[
			'an address country of three letters',
			badCountry,
			'Address Country',
			'Address Country: must be a two-letter country code such as US',
		],
		['an empty Customer ID', emptyCustomerId, 'Customer ID', 'Customer ID: is required'],
	])(
		'with Continue On Fail sends the valid item and makes item 1 with %s an error item',
		async (_, params, field, message) => {
			const out = await run(params, { ...twoItems, continueOnFail: true });
			expect(env.standIn.requests).toHaveLength(1);
			expect(env.standIn.requests[0].idempotencyKey).toMatch(/^n8n-exec-1-0-0-/);
			expect(out).toHaveLength(2);
			expect(out[0].json.object).toBe('customer');
			expect(out[0].pairedItem).toEqual({ item: 0 });
			expect(out[1].json).toEqual({ error: message, description: `Check the field "${field}"` });
			expect(out[1].error).toBeInstanceOf(NodeOperationError);
			expect(out[1].pairedItem).toEqual({ item: 1 });
		},
	);
});

describe('The secret key', () => {
	const secretKey = 'sk_test_invalid_key_123456';
	const hasNoKey = (text: string | undefined | null) => expect(text ?? '').not.toContain(secretKey);

	it('never appears in the thrown error', async () => {
		const error = await failure(
			run(
				{ operation: 'get', customerId: 'cus_any' },
				{ credentials: { secretKey, baseUrl: env.url } },
			),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		// The request did reach Stripe, which refused the key.
		expect(env.standIn.requests[0].authorization).toBe(`Bearer ${secretKey}`);
		expect(apiError.httpCode).toBe('401');
		expect((apiError.context.stripe as IDataObject).status_code).toBe(401);
		hasNoKey(apiError.message);
		hasNoKey(apiError.description);
		hasNoKey(JSON.stringify(apiError.context));
		hasNoKey(JSON.stringify(apiError));
		// Stripe's own message shows the key's ends only, and even those are redacted.
		expect(apiError.message).toBe('Invalid API Key provided: sk_test_[redacted]');
	});

	it('never appears in the Continue On Fail item', async () => {
		const out = await run(
			{ operation: 'get', customerId: 'cus_any' },
			{ credentials: { secretKey, baseUrl: env.url }, continueOnFail: true },
		);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			error: 'Invalid API Key provided: sk_test_[redacted]',
			type: 'invalid_request_error',
			status_code: 401,
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
		hasNoKey(JSON.stringify(out[0].json));
		hasNoKey(out[0].error!.message);
		hasNoKey(out[0].error!.description);
		hasNoKey(JSON.stringify(out[0].error!.context));
	});
});
