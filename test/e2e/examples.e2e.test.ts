/**
 * The packed package installed into a real n8n, the example workflows imported and executed against
 * the local Stripe stand-in: the same path as `npm run demo`, with its outputs asserted.
 */
import { runDemo, HOME } from '../../scripts/demo';
import * as n8n from '../../scripts/n8n';

type Item = Record<string, any>;
let result: Awaited<ReturnType<typeof runDemo>>;
const run = (key: string, second = false) => result.runs.find((r: Item) => r.key === key && Boolean(r.label) === second);

beforeAll(async () => {
	result = await runDemo({ apiKey: '' });
});

describe('example workflows in n8n', () => {
	it('every execution succeeds', () => {
		expect(result.runs.map((r: Item) => [r.key, r.label ?? '', r.ok, r.error ?? ''])).toEqual([
			['refund', '', true, ''],
			['refund', 'second run', true, ''],
			['sync', '', true, ''],
			['catalog', '', true, ''],
		]);
	});

	it('Shopify refund -> Stripe refund: one partial and one full refund of the right payments', () => {
		const refunds: Item[] = run('refund')!.nodes['Refund in Stripe'];
		const [partial, full] = result.seeded.payments;
		expect(refunds.map((r) => [r.object, r.status, r.amount, r.currency, r.payment_intent])).toEqual([
			['refund', 'succeeded', 1500, 'usd', partial.id],
			['refund', 'succeeded', 2599, 'usd', full.id],
		]);
		expect(refunds.map((r) => r.metadata.shopify_order_id)).toEqual(['5820123456001', '5820123456002']);
		expect(refunds.map((r) => r.reason)).toEqual(['requested_by_customer', 'requested_by_customer']);
	});

	it('running the refund workflow again creates no new refund and returns the same ids', () => {
		const ids = (key: boolean) => run('refund', key)!.nodes['Refund in Stripe'].map((r: Item) => r.id);
		expect(ids(true)).toEqual(ids(false));
		expect(result.refundsInStripe.map((r: Item) => r.id).sort()).toEqual([...ids(false)].sort());
	});

	it('nightly sync: the customers created in the last 24 hours, shaped for a CRM', () => {
		const customers: Item[] = run('sync')!.nodes['New customers since last run'];
		const rows: Item[] = run('sync')!.nodes['Shape for CRM'];
		const seeded = result.seeded.customers;
		expect(customers.map((c) => c.id)).toEqual([...seeded].reverse().map((c: Item) => c.id));
		expect(rows).toEqual(
			[...seeded].reverse().map((c: Item) => ({
				stripe_customer_id: c.id,
				email: c.email,
				name: c.name,
				country: c.address.country,
				created_at: new Date(c.created * 1000).toISOString(),
				crm_segment: c.metadata.segment,
			})),
		);
	});

	it('catalog: a product, a monthly price of it, and a payment link selling that price', () => {
		const nodes = run('catalog')!.nodes;
		const [product] = nodes['Create product'];
		const [price] = nodes['Create monthly price'];
		const [link] = nodes['Create payment link'];
		expect(product).toMatchObject({ object: 'product', name: 'n8n Demo Membership', active: true, metadata: { source: 'n8n-catalog-example' } });
		expect(price).toMatchObject({ object: 'price', product: product.id, unit_amount: 1500, currency: 'usd', type: 'recurring', recurring: { interval: 'month' } });
		expect(link).toMatchObject({ object: 'payment_link', active: true, allow_promotion_codes: true });
		expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\//);
	});
});

describe('the installed package in n8n', () => {
	it('n8n lists the node and credential types from the installed package', async () => {
		const runtime = n8n.ensureN8n();
		const server = await n8n.startServer(runtime, HOME, 5690);
		try {
			const cookie = await n8n.signIn('http://127.0.0.1:5690');
			const types = async (route: string) => (await (await fetch(`http://127.0.0.1:5690${route}`, { headers: { cookie } })).json()) as Item[];
			const node = (await types('/types/nodes.json')).find((t) => t.name === n8n.NODE_TYPE);
			const credential = (await types('/types/credentials.json')).find((t) => t.name === 'stripeCompleteApi');
			expect(node).toMatchObject({ displayName: 'Stripe Complete', usableAsTool: true, credentials: [{ name: 'stripeCompleteApi', required: true }] });
			expect(credential).toMatchObject({ displayName: 'Stripe Complete API' });
			expect(credential!.properties.map((p: Item) => p.name)).toEqual(expect.arrayContaining(['secretKey', 'baseUrl']));
		} finally {
			await server.stop();
		}
	});
});
