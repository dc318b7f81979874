/**
 * Small outputs an AI agent or a workflow can read: Output > Selected Fields cuts each object (its ID kept),
 * and a list returned as one page carries has_more and the cursor to continue from.
 */
import { failure, runNode, useStandIn } from '../support/harness';

const env = useStandIn();
let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_output${++accounts}`);

describe('Output > Selected Fields', () => {
	it('cuts each object to the fields asked for, keeping its id, on a read and on a list', async () => {
		const account = freshAccount();
		const ada = env.standIn.seed(
			'customers',
			{ name: 'Ada', email: 'ada@example.com', address: { city: 'London', country: 'GB' } },
			account,
		);
		const [got] = await runNode(env.url, {
			resource: 'customer',
			operation: 'get',
			customerId: { __rl: true, mode: 'id', value: ada.id },
			output: 'selected',
			outputFields: 'email, address.city, missing',
			options: { stripeAccount: account },
		});
		expect(got.json).toEqual({
			id: ada.id,
			object: 'customer',
			email: 'ada@example.com',
			address: { city: 'London' },
		});
		const listed = await runNode(env.url, {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			output: 'selected',
			outputFields: 'name',
			options: { stripeAccount: account },
		});
		expect(listed.map((i) => i.json)).toEqual([{ id: ada.id, object: 'customer', name: 'Ada' }]);
	});

	it.each([
		[
			'email, $where',
			'must be field names or dot paths such as address.city, separated by commas, got "$where"',
		],
		[' , ', 'needs at least one field name when Output is Selected Fields'],
	])('refuses Fields "%s", naming the field, before any request', async (outputFields, message) => {
		const error = await failure(
			runNode(env.url, {
				resource: 'customer',
				operation: 'get',
				customerId: { __rl: true, mode: 'id', value: 'cus_123' },
				output: 'selected',
				outputFields,
			}),
		);
		expect(error.message).toBe(`Fields: ${message}`);
		expect(env.standIn.requests).toEqual([]);
	});
});

describe('Return as One Page and Starting After', () => {
	it('page through a list an agent continues on its own: every customer once, in order, has_more false at the end', async () => {
		const account = freshAccount();
		const seeded = Array.from({ length: 7 }, (_, i) =>
			env.standIn.seed('customers', { name: `C${i}`, email: `c${i}@example.com` }, account),
		);
		const listed = await runNode(env.url, {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			options: { stripeAccount: account },
		});
		const pages: Array<Record<string, any>> = [];
		let cursor = '';
		do {
			const items = await runNode(env.url, {
				resource: 'customer',
				operation: 'getAll',
				limit: 3,
				startingAfter: cursor,
				asPage: true,
				output: 'selected',
				outputFields: 'email',
				options: { stripeAccount: account },
			});
			expect(items).toHaveLength(1);
			pages.push(items[0].json);
			cursor = items[0].json.next_starting_after as string;
		} while (cursor && pages.length < 5);
		expect(pages.map((p) => [p.object, p.data.length, p.has_more])).toEqual([
			['list', 3, true],
			['list', 3, true],
			['list', 1, false],
		]);
		expect(pages.map((p) => p.next_starting_after)).toEqual([
			pages[0].data[2].id,
			pages[1].data[2].id,
			null,
		]);
		const paged = pages.flatMap((p) => p.data);
		expect(paged).toEqual(
			listed.map((i) => ({ id: i.json.id, object: 'customer', email: i.json.email })),
		);
		expect(new Set(paged.map((c) => c.id))).toEqual(new Set(seeded.map((c) => c.id)));
	});

	it('a list filtered by created, continued from each page cursor: the pages are the whole list once, in order', async () => {
		const account = freshAccount();
		// 300 customers over two years, more than a page of Stripe's 100 each time.
		const now = Math.floor(Date.now() / 1000);
		for (let i = 0; i < 300; i++)
			env.standIn.seed('customers', { name: `W${i}`, created: now - i * 200000 }, account);
		const filters = { createdAfter: '2000-01-01T00:00:00Z' };
		const listed = await runNode(env.url, {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			filters,
			options: { stripeAccount: account },
		});
		const pages: Array<Record<string, any>> = [];
		let cursor = '';
		do {
			const [page] = await runNode(env.url, {
				resource: 'customer',
				operation: 'getAll',
				limit: 120,
				startingAfter: cursor,
				asPage: true,
				output: 'selected',
				outputFields: 'name',
				filters,
				options: { stripeAccount: account },
			});
			pages.push(page.json);
			cursor = page.json.next_starting_after as string;
		} while (cursor && pages.length < 5);
		expect(pages.map((p) => [p.data.length, p.has_more])).toEqual([
			[120, true],
			[120, true],
			[60, false],
		]);
		expect(pages.flatMap((p) => p.data.map((c: Record<string, unknown>) => c.name))).toEqual(
			listed.map((i) => i.json.name),
		);
	});

	it.each([
		['ch_123', 'must be a customer ID (cus_...), got "ch_123", a charge ID'],
		['cus_1/../x', 'is not a valid Stripe ID: "cus_1/../x"'],
		['cus 1', 'is not a valid Stripe ID: "cus 1"'],
	])('refuses the cursor "%s", naming the field, before any request', async (cursor, message) => {
		const error = await failure(
			runNode(env.url, {
				resource: 'customer',
				operation: 'getAll',
				startingAfter: cursor,
				asPage: true,
			}),
		);
		expect(error.message).toBe(`Starting After: ${message}`);
		expect(env.standIn.requests).toEqual([]);
	});

	it('takes the custom ID of a product as its cursor', async () => {
		const account = freshAccount();
		for (const id of ['gold-plan', 'silver-plan', 'bronze-plan'])
			env.standIn.seed('products', { id, name: id }, account);
		const [first] = await runNode(env.url, {
			resource: 'product',
			operation: 'getAll',
			limit: 1,
			asPage: true,
			options: { stripeAccount: account },
		});
		const [second] = await runNode(env.url, {
			resource: 'product',
			operation: 'getAll',
			limit: 5,
			startingAfter: first.json.next_starting_after,
			asPage: true,
			options: { stripeAccount: account },
		});
		const ids = (page: typeof first) =>
			(page.json.data as Array<Record<string, unknown>>).map((c) => c.id);
		expect([...ids(first), ...ids(second)].sort()).toEqual([
			'bronze-plan',
			'gold-plan',
			'silver-plan',
		]);
		expect(second.json.has_more).toBe(false);
	});
});
