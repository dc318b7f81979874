/**
 * The packed package installed into a real n8n, the example workflows imported and executed against
 * the local Stripe stand-in: the same path as `npm run demo`, with its outputs asserted.
 */
import { runDemo, syncCompared, HOME } from '../../scripts/demo';
import * as n8n from '../../scripts/n8n';

type Item = Record<string, any>;
let result: Awaited<ReturnType<typeof runDemo>>;
const run = (key: string, second = false) =>
	result.runs.find((r: Item) => r.key === key && Boolean(r.label) === second);

// The changes made between the sync's two polls are drawn from this seed (SYNC_SEED to repeat a run).
const changeSeed = Number(process.env.SYNC_SEED ?? Date.now() % 100000);

beforeAll(async () => {
	console.log(`sync example: changes from seed ${changeSeed}`);
	result = await runDemo({ apiKey: '', changeSeed });
});

describe('example workflows in n8n', () => {
	it('every execution succeeds', () => {
		expect(result.runs.map((r: Item) => [r.key, r.label ?? '', r.ok, r.error ?? ''])).toEqual([
			['refund', '', true, ''],
			['refund', 'second run', true, ''],
			['catalog', '', true, ''],
			['sync', '', true, ''],
			['alertsByWebhook', '', true, ''],
			['alertsByPolling', '', true, ''],
		]);
	});

	it('refund alerts: each refund the node made starts the webhook workflow once, and the polling one reports both', () => {
		const refunds: Item[] = run('refund')!.nodes['Refund in Stripe'];
		const alert = (r: Item) => ({
			charge: r.charge,
			payment_intent: r.payment_intent,
			amount_refunded: r.amount,
			currency: 'usd',
			fully_refunded: r.amount === 2599,
		});
		const byWebhook = run('alertsByWebhook')!;
		expect(byWebhook.executions).toBe(2);
		const alerts = (key: string) =>
			run(key)!.nodes['Refund alert'].map(({ stripe_event, refunded_at, ...rest }: Item) => rest);
		expect(
			alerts('alertsByWebhook').sort((a: Item, b: Item) => a.amount_refunded - b.amount_refunded),
		).toEqual(refunds.map(alert).sort((a, b) => a.amount_refunded - b.amount_refunded));
		// One poll, the events since Start From, oldest first: the refunds in the order they were made.
		expect(run('alertsByPolling')!.executions).toBe(1);
		const polled = run('alertsByPolling')!.nodes['Refund alert'];
		expect(polled.map((a: Item) => a.stripe_event).sort()).toEqual(
			run('alertsByWebhook')!
				.nodes['Refund alert'].map((a: Item) => a.stripe_event)
				.sort(),
		);
		expect(
			[...polled].sort((a: Item, b: Item) => a.refunded_at.localeCompare(b.refunded_at)),
		).toEqual(polled);
	});

	it('Shopify refund -> Stripe refund: one partial and one full refund of the right payments', () => {
		const refunds: Item[] = run('refund')!.nodes['Refund in Stripe'];
		const [partial, full] = result.seeded.payments;
		expect(
			refunds.map((r) => [r.object, r.status, r.amount, r.currency, r.payment_intent]),
		).toEqual([
			['refund', 'succeeded', 1500, 'usd', partial.id],
			['refund', 'succeeded', 2599, 'usd', full.id],
		]);
		expect(refunds.map((r) => r.metadata.shopify_order_id)).toEqual([
			'5820123456001',
			'5820123456002',
		]);
		expect(refunds.map((r) => r.reason)).toEqual([
			'requested_by_customer',
			'requested_by_customer',
		]);
	});

	it('running the refund workflow again creates no new refund and returns the same ids', () => {
		const ids = (key: boolean) =>
			run('refund', key)!.nodes['Refund in Stripe'].map((r: Item) => r.id);
		expect(ids(true)).toEqual(ids(false));
		expect(result.refundsInStripe.map((r: Item) => r.id).sort()).toEqual([...ids(false)].sort());
	});

	it(`Stripe -> Data Table sync: after a backfill poll and random changes (seed ${changeSeed}), the table holds exactly Stripe's customers and subscriptions`, () => {
		const sync: Item = run('sync')!;
		expect(sync.executions).toBe(2);
		const compared = syncCompared(sync);
		console.log(
			`sync example (seed ${changeSeed}): ${compared.rows} rows for ${compared.inStripe} objects in Stripe after ${sync.changes.join(', ')}`,
		);
		expect({ seed: changeSeed, differences: compared.differences }).toEqual({
			seed: changeSeed,
			differences: [],
		});
		expect(compared.rows).toBeGreaterThanOrEqual(1);
		// The backfill: every seeded customer and subscription, marked created.
		const emitted: Item[] = sync.nodes['Stripe customers and subscriptions'];
		const seededIds = [...result.seeded.customers, ...result.seeded.subscriptions].map(
			(o: Item) => o.id,
		);
		expect(
			emitted
				.slice(0, seededIds.length)
				.map((i) => i.id)
				.sort(),
		).toEqual(seededIds.sort());
		expect(emitted.every((i) => ['created', 'updated', 'deleted'].includes(i.sync.change))).toBe(
			true,
		);
		// Deletions and cancellations take the delete branch (a row deleted once at most).
		const deleted = emitted.filter((i) => i.sync.change === 'deleted').length;
		expect((sync.nodes['Delete row'] ?? []).length).toBeLessThanOrEqual(deleted);
	});

	it('catalog: a product, a monthly price of it, and a payment link selling that price', () => {
		const nodes = run('catalog')!.nodes;
		const [product] = nodes['Create product'];
		const [price] = nodes['Create monthly price'];
		const [link] = nodes['Create payment link'];
		expect(product).toMatchObject({
			object: 'product',
			name: 'n8n Demo Membership',
			active: true,
			metadata: { source: 'n8n-catalog-example' },
		});
		expect(price).toMatchObject({
			object: 'price',
			product: product.id,
			unit_amount: 1500,
			currency: 'usd',
			type: 'recurring',
			recurring: { interval: 'month' },
		});
		expect(link).toMatchObject({
			object: 'payment_link',
			active: true,
			allow_promotion_codes: true,
		});
		expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\//);
	});
});

describe('the installed package in n8n', () => {
	it('n8n lists the node and credential types from the installed package', async () => {
		const runtime = n8n.ensureN8n();
		const server = await n8n.startServer(runtime, HOME, await n8n.freePort());
		try {
			const cookie = await n8n.signIn(server.url);
			const types = async (route: string) =>
				(await (await fetch(`${server.url}${route}`, { headers: { cookie } })).json()) as Item[];
			const nodeTypes = await types('/types/nodes.json');
			const node = nodeTypes.find((t) => t.name === n8n.NODE_TYPE);
			const credential = (await types('/types/credentials.json')).find(
				(t) => t.name === 'stripeCompleteApi',
			);
			expect(node).toMatchObject({
				displayName: 'Stripe Complete',
				usableAsTool: true,
				credentials: [{ name: 'stripeCompleteApi', required: true }],
			});
			expect(credential).toMatchObject({ displayName: 'Stripe Complete API' });
			expect(credential!.properties.map((p: Item) => p.name)).toEqual(
				expect.arrayContaining(['secretKey', 'baseUrl']),
			);

			// One way to call any endpoint: the API Request resource, and no "Custom API Call" n8n would add.
			const dropdowns = node!.properties.filter(
				(p: Item) => p.name === 'resource' || p.name === 'operation',
			);
			const values = dropdowns.flatMap((p: Item) => p.options.map((o: Item) => o.value));
			expect(dropdowns.length).toBeGreaterThan(100);
			expect(values).not.toContain('__CUSTOM_API_CALL__');
			expect(dropdowns.find((p: Item) => p.name === 'resource').options).toContainEqual({
				name: 'API Request',
				value: 'apiRequest',
			});
			// The HTTP Request node still offers the credential as a Predefined Credential Type: it lists credentials that can authenticate.
			const httpRequest = nodeTypes.find(
				(t) =>
					t.name === 'n8n-nodes-base.httpRequest' && [t.version].flat().includes(t.defaultVersion),
			);
			const predefined = httpRequest!.properties.find((p: Item) => p.name === 'nodeCredentialType');
			expect(predefined.credentialTypes).toContain('has:authenticate');
			expect(credential!.authenticate).toMatchObject({ type: 'generic' });
		} finally {
			await server.stop();
		}
	});
});
