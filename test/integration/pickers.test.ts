import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { failure, runNode, TEST_KEY, useStandIn } from '../support/harness';

/** From List, By ID and By URL, against the stand-in over HTTP. */
const env = useStandIn();
const node = new StripeComplete();

/** A listSearch method run as the editor runs it: the credential, and the node's current Options. */
function search(
	method: string,
	filter?: string,
	paginationToken?: string,
	options: IDataObject = {},
): Promise<INodeListSearchResult> {
	const ctx = {
		getCredentials: async () => ({ secretKey: TEST_KEY, baseUrl: env.url }),
		getCurrentNodeParameter: (name: string) => (name === 'options' ? options : undefined),
	} as unknown as ILoadOptionsFunctions;
	return (
		node.methods.listSearch as Record<
			string,
			(this: ILoadOptionsFunctions, f?: string, t?: string) => Promise<INodeListSearchResult>
		>
	)[method].call(ctx, filter, paginationToken);
}

let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_pickers${++accounts}`);

describe('From List', () => {
	it('lists customers by name and email, and pages past the first 100', async () => {
		const account = freshAccount();
		for (let i = 0; i < 150; i++)
			env.standIn.seed('customers', { name: `Customer ${i}`, email: `c${i}@example.com` }, account);
		const first = await search('searchCustomers', undefined, undefined, { stripeAccount: account });
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toMatchObject({
			name: 'Customer 149 (c149@example.com)',
			value: expect.stringMatching(/^cus_/),
			url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/customers\/cus_/),
		});
		expect(first.paginationToken).toBe(first.results[99].value);
		const second = await search('searchCustomers', undefined, first.paginationToken as string, {
			stripeAccount: account,
		});
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		expect(new Set([...first.results, ...second.results].map((r) => r.value)).size).toBe(150);
		expect(
			env.standIn.requests.map((r) => [r.path, r.query.starting_after, r.stripeAccount]),
		).toEqual([
			['/v1/customers', undefined, account],
			['/v1/customers', first.paginationToken, account],
		]);
	});

	it("searches what is typed with Stripe's search API, in the node's Connected Account only", async () => {
		const account = freshAccount();
		env.standIn.seed('customers', { name: 'Ann Lee', email: 'ann@example.com' }, account);
		env.standIn.seed('customers', { name: 'Bob Stone', email: 'bob@annex.example' }, account);
		env.standIn.seed('customers', { name: 'Carl Ma', email: 'carl@example.com' }, account);
		env.standIn.seed('customers', { name: 'Ann Elsewhere', email: 'ann@other.example' });
		const found = await search('searchCustomers', 'ann', undefined, { stripeAccount: account });
		expect(found.results.map((r) => r.name).sort()).toEqual([
			'Ann Lee (ann@example.com)',
			'Bob Stone (bob@annex.example)',
		]);
		expect(env.standIn.requests.map((r) => [r.path, r.query.query, r.stripeAccount])).toEqual([
			['/v1/customers/search', "name~'ann' OR email~'ann'", account],
		]);
	});

	it('filters a listed page by label when the text is too short to search', async () => {
		const account = freshAccount();
		// Fixed IDs without "jo": the picker also matches typed text against the ID, so a random ID
		// could make either customer match whatever the label filter does.
		env.standIn.seed(
			'customers',
			{ id: 'cus_shortText1', name: 'Jo', email: 'jo@example.com' },
			account,
		);
		env.standIn.seed(
			'customers',
			{ id: 'cus_shortText2', name: 'Al', email: 'al@example.com' },
			account,
		);
		const found = await search('searchCustomers', 'jo', undefined, { stripeAccount: account });
		expect(found.results.map((r) => r.name)).toEqual(['Jo (jo@example.com)']);
		expect(env.standIn.requests[0].path).toBe('/v1/customers');
	});

	it('names draft invoices by their customer and day, so drafts can be told apart', async () => {
		const account = freshAccount();
		const ann = env.standIn.seed(
			'customers',
			{ name: 'Ann Lee', email: 'ann@example.com' },
			account,
		);
		const bob = env.standIn.seed(
			'customers',
			{ name: 'Bob Ray', email: 'bob@example.com' },
			account,
		);
		const created = Date.UTC(2026, 11, 3) / 1000;
		for (const customer of [ann, bob])
			env.standIn.seed(
				'invoices',
				{
					customer: customer.id,
					status: 'draft',
					number: null,
					amount_due: 0,
					currency: 'usd',
					created,
				},
				account,
			);
		const found = await search('searchInvoices', undefined, undefined, { stripeAccount: account });
		expect(found.results.map((r) => r.name).sort()).toEqual([
			'Draft · Ann Lee (ann@example.com) · 0.00 USD · 2026-12-03',
			'Draft · Bob Ray (bob@example.com) · 0.00 USD · 2026-12-03',
		]);
		expect(env.standIn.requests[0].query.expand).toEqual(['data.customer']);
	});

	it('names prices by product, amount in the currency and interval', async () => {
		const account = freshAccount();
		const product = env.standIn.seed('products', { name: 'Team plan' }, account);
		env.standIn.seed(
			'prices',
			{ product: product.id, unit_amount: 1500, currency: 'usd', recurring: { interval: 'month' } },
			account,
		);
		env.standIn.seed('prices', { product: product.id, unit_amount: 500, currency: 'jpy' }, account);
		const found = await search('searchPrices', undefined, undefined, { stripeAccount: account });
		expect(found.results.map((r) => r.name)).toEqual([
			'Team plan · 500 JPY',
			'Team plan · 15.00 USD · per month',
		]);
		expect(env.standIn.requests[0].query.expand).toEqual(['data.product']);
	});
});

describe('By ID and By URL', () => {
	const customerId = (value: unknown) =>
		runNode(env.url, { resource: 'customer', operation: 'get', customerId: value });

	it('take a pick from the list, an ID, a Dashboard URL in test or live mode, or plain text', async () => {
		const customer = env.standIn.seed('customers', { email: 'picked@example.com' });
		for (const value of [
			{ __rl: true, mode: 'list', value: customer.id },
			{ __rl: true, mode: 'id', value: ` ${customer.id} ` },
			{
				__rl: true,
				mode: 'url',
				value: `https://dashboard.stripe.com/test/customers/${customer.id}`,
			},
			{
				__rl: true,
				mode: 'url',
				value: `https://dashboard.stripe.com/customers/${customer.id}?tab=payments`,
			},
			customer.id,
		])
			expect((await customerId(value))[0].json.email).toBe('picked@example.com');
		expect(env.standIn.requests.map((r) => r.path)).toEqual(
			Array(5).fill(`/v1/customers/${customer.id}`),
		);
	});

	it('find custom IDs in URLs by the Dashboard path', async () => {
		const product = env.standIn.seed('products', { id: 'gold-plan', name: 'Gold' });
		const out = await runNode(env.url, {
			resource: 'product',
			operation: 'get',
			productId: {
				__rl: true,
				mode: 'url',
				value: 'https://dashboard.stripe.com/products/gold-plan',
			},
		});
		expect(out[0].json.id).toBe(product.id);
	});

	it.each<[string, unknown, string]>([
		[
			'an ID of another object',
			{ __rl: true, mode: 'id', value: 'price_1' },
			'Customer ID: must be a customer ID (cus_...), got "price_1", a price ID',
		],
		[
			'a URL of another object',
			{ __rl: true, mode: 'url', value: 'https://dashboard.stripe.com/test/prices/price_1' },
			'Customer ID: must be a Stripe Dashboard URL of customer, such as https://dashboard.stripe.com/customers/...',
		],
		[
			'a URL of another site',
			{ __rl: true, mode: 'url', value: 'https://example.com/customers/cus_1' },
			'Customer ID: must be a Stripe Dashboard URL of customer, such as https://dashboard.stripe.com/customers/...',
		],
		['nothing picked', { __rl: true, mode: 'list', value: '' }, 'Customer ID: is required'],
	])('refuse %s before any request', async (_, value, message) => {
		const error = await failure(customerId(value));
		expect(error.message).toBe(message);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('are offered for the objects people pick, wherever they are referenced', () => {
		const props = node.description.properties;
		const locator = (name: string, resource: string, operation: string) =>
			props.find(
				(p) =>
					p.name === name &&
					// A field shown on an operation of every resource that has it names no resource.
					((p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource) ??
						true) &&
					(p.displayOptions?.show?.operation as string[])?.includes(operation),
			) as INodeProperties;
		expect(locator('customerId', 'customer', 'get').type).toBe('resourceLocator');
		expect(locator('invoiceId', 'invoice', 'finalizeInvoice').type).toBe('resourceLocator');
		expect(locator('paymentIntentId', 'paymentIntent', 'capture').type).toBe('resourceLocator');
		expect(locator('subscriptionId', 'subscription', 'update').type).toBe('resourceLocator');
		expect(locator('product', 'price', 'create').type).toBe('resourceLocator');
		// Inside Additional Fields and Filters too: n8n's editor renders locators there (checked in n8n 2.40.7).
		const option = (resource: string, operation: string, collection: string, name: string) =>
			(locator(collection, resource, operation).options as INodeProperties[]).find(
				(o) => o.name === name,
			)!;
		expect(option('paymentIntent', 'create', 'additionalFields', 'customer').type).toBe(
			'resourceLocator',
		);
		expect(option('charge', 'getAll', 'filters', 'customer').type).toBe('resourceLocator');
		const modes = locator('customerId', 'customer', 'get').modes!.map((m) => m.name);
		expect(modes).toEqual(['list', 'id', 'url']);
		// Every listSearch method a locator names exists.
		const methods = props.flatMap((p) =>
			p.type === 'resourceLocator'
				? p.modes!.map((m) => m.typeOptions?.searchListMethod).filter(Boolean)
				: [],
		);
		for (const method of new Set(methods))
			expect(typeof (node.methods.listSearch as Record<string, unknown>)[method as string]).toBe(
				'function',
			);
	});
});

describe("Refund > Create's Payment", () => {
	it('lists payment intents and the charges made without one, newest first, paging both', async () => {
		const account = freshAccount();
		const pis = Array.from({ length: 120 }, (_, i) =>
			env.standIn.seed(
				'payment_intents',
				{ amount: 1000 + i, currency: 'usd', status: 'succeeded', created: 1700000000 + 2 * i },
				account,
			),
		);
		// A charge of a payment intent is listed as its payment intent; a legacy charge on its own.
		env.standIn.seed(
			'charges',
			{
				amount: 1000,
				currency: 'usd',
				status: 'succeeded',
				payment_intent: pis[0].id,
				created: 1700000000,
			},
			account,
		);
		const legacy = env.standIn.seed(
			'charges',
			{
				amount: 555,
				currency: 'eur',
				status: 'succeeded',
				payment_intent: null,
				created: 1700000001,
			},
			account,
		);
		const first = await search('searchPayments', undefined, undefined, { stripeAccount: account });
		expect(first.results).toHaveLength(101);
		expect(first.results[0]).toMatchObject({
			name: expect.stringMatching(/^11\.19 USD · /),
			value: pis[119].id,
		});
		expect(first.results.some((r) => r.value === legacy.id)).toBe(true);
		expect(first.results.map((r) => Object.keys(r).sort())[0]).toEqual(['name', 'url', 'value']);
		const second = await search('searchPayments', undefined, first.paginationToken as string, {
			stripeAccount: account,
		});
		expect(second.results.map((r) => r.value)).toEqual(
			pis
				.slice(0, 20)
				.reverse()
				.map((pi) => pi.id),
		);
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results].map((r) => r.value);
		expect(all.sort()).toEqual([...pis.map((pi) => pi.id), legacy.id].sort());
	});

	it('takes the picked payment, an ID or a Dashboard URL, and sends it as the parameter its prefix names', async () => {
		const account = freshAccount();
		const pi = env.standIn.seed(
			'payment_intents',
			{ amount: 2000, currency: 'usd', status: 'succeeded' },
			account,
		);
		const run = (chargeOrPaymentIntent: unknown) =>
			runNode(env.url, {
				resource: 'refund',
				operation: 'create',
				chargeOrPaymentIntent,
				options: { stripeAccount: account },
			});
		for (const value of [
			{ __rl: true, mode: 'list', value: pi.id },
			{ __rl: true, mode: 'id', value: pi.id },
			{ __rl: true, mode: 'url', value: `https://dashboard.stripe.com/test/payments/${pi.id}` },
		]) {
			env.standIn.requests.length = 0;
			// Only the request matters here: what Stripe answers for the payment's state does not.
			await run(value).catch(() => undefined);
			expect(env.standIn.requests.filter((r) => r.path === '/v1/refunds')[0]?.body).toEqual({
				payment_intent: pi.id,
			});
		}
		expect(
			(await failure(run({ __rl: true, mode: 'url', value: 'https://example.com/x' }))).message,
		).toBe(
			'Payment: must be a Stripe Dashboard URL of a payment, such as https://dashboard.stripe.com/payments/pi_123',
		);
	});
});
