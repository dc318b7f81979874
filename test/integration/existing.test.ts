/**
 * Return Existing Object: a create that first looks for the object an earlier run made with the same
 * metadata, beyond the Idempotency-Key's 24 hours (each run here sends a key of its own, as a re-run
 * days later would): found, no write; not found, one write with that metadata; Stripe's error, no write.
 */
import { failure, runNode, useStandIn } from '../support/harness';
import { createFaultProxy } from '../../stand-ins/fault-proxy';

const env = useStandIn();
let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_existing${++accounts}`);
let runs = 0;
const posts = (path: string) =>
	env.standIn.requests.filter((r) => r.method === 'POST' && r.path === path);
const match = (value: string) => ({ match: { key: 'shopify_refund_id', value } });
/** A succeeded $50.00 payment intent with its charge, on an account of its own. */
function paidIntent() {
	const account = freshAccount();
	const pi = env.standIn.seed(
		'payment_intents',
		{ amount: 5000, currency: 'usd', status: 'succeeded', latest_charge: null },
		account,
	);
	const charge = env.standIn.seed(
		'charges',
		{
			amount: 5000,
			amount_refunded: 0,
			currency: 'usd',
			status: 'succeeded',
			payment_intent: pi.id,
			captured: true,
			paid: true,
		},
		account,
	);
	env.standIn.store.get(pi.id)!.latest_charge = charge.id;
	return { account, pi, charge };
}
/** Refund > Create of 12.00 with these options, in a run of its own (a key of its own unless given). */
const refundOnce = (account: string, payment: string, options: Record<string, unknown>) =>
	runNode(
		env.url,
		{
			resource: 'refund',
			operation: 'create',
			chargeOrPaymentIntent: payment,
			additionalFields: { amount: 1200 },
			options: { stripeAccount: account, ...options },
		},
		{ executionId: `exec-existing-${++runs}` },
	);

describe('Return Existing Object', () => {
	it("Refund > Create: the payment's refund with the metadata is returned, marked, and no second refund is made", async () => {
		const { account, pi } = paidIntent();
		const refund = (value: string) => refundOnce(account, pi.id, { existing: match(value) });
		const [made] = await refund('9001');
		expect(made.json).toMatchObject({
			object: 'refund',
			amount: 1200,
			metadata: { shopify_refund_id: '9001' },
		});
		expect(made.json.existing).toBeUndefined();
		expect(posts('/v1/refunds')).toHaveLength(1);

		env.standIn.requests.length = 0;
		const [again] = await refund('9001');
		expect(again.json).toMatchObject({ id: made.json.id, existing: true });
		expect(posts('/v1/refunds')).toEqual([]);
		expect(env.standIn.requests.map((r) => [r.method, r.path, r.query.payment_intent])).toEqual([
			['GET', '/v1/refunds', pi.id],
		]);

		// Another Shopify refund of the same order: a second Stripe refund.
		const [second] = await refund('9002');
		expect(second.json.id).not.toBe(made.json.id);
		expect(posts('/v1/refunds')).toHaveLength(1);
	});

	it('Refund > Create: a refund that failed is not taken for done; the refund is made again, once', async () => {
		const { account, pi, charge } = paidIntent();
		// The user's own key, as the Shopify example sets it: the same on every delivery.
		const refund = () =>
			refundOnce(account, pi.id, { existing: match('7001'), idempotencyKey: 'shop-7001' });
		const [first] = await refund();
		env.standIn.failRefund(first.json.id as string);

		// Delivered again after the failure, twice at once: one new refund, the failed one untouched.
		env.standIn.requests.length = 0;
		const [a, b] = await Promise.all([refund(), refund()]);
		expect(a[0].json.id).toBe(b[0].json.id);
		expect(a[0].json.id).not.toBe(first.json.id);
		expect(a[0].json).toMatchObject({ status: 'succeeded', amount: 1200 });
		expect(a[0].json.existing).toBeUndefined();
		const made = posts('/v1/refunds').filter((r) => r.status === 200 && !r.replayed);
		expect(made).toHaveLength(1);
		expect(made[0].idempotencyKey).toMatch(new RegExp(`^after-${first.json.id}-[0-9a-f]{32}$`));
		expect(env.standIn.store.get(charge.id)!.amount_refunded).toBe(1200);

		// Once it went through, it is the one returned.
		const [again] = await refund();
		expect(again.json).toMatchObject({ id: a[0].json.id, existing: true });
	});

	it('looks up with reads that carry the account and no Idempotency-Key; only the write carries one', async () => {
		const account = freshAccount();
		await runNode(
			env.url,
			{
				resource: 'customer',
				operation: 'create',
				additionalFields: { email: 'lookup@example.com' },
				options: { stripeAccount: account, existing: match('8001'), idempotencyKey: 'crm-8001' },
			},
			{ executionId: `exec-existing-${++runs}` },
		);
		const sent = env.standIn.requests.map((r) => [
			r.method,
			r.path,
			r.idempotencyKey,
			r.stripeAccount,
		]);
		expect(sent).toEqual([
			['GET', '/v1/customers/search', undefined, account],
			['POST', '/v1/customers', 'crm-8001', account],
		]);
	});

	it('Customer > Create: found by Stripe Search, no write; not found, one write carrying the metadata', async () => {
		const account = freshAccount();
		const create = () =>
			runNode(
				env.url,
				{
					resource: 'customer',
					operation: 'create',
					additionalFields: { email: 'ada@example.com' },
					options: {
						stripeAccount: account,
						existing: { match: { key: 'crm_id', value: 'C-17' } },
					},
				},
				{ executionId: `exec-existing-${++runs}` },
			);
		const [made] = await create();
		expect(made.json.metadata).toEqual({ crm_id: 'C-17' });
		expect(posts('/v1/customers')).toHaveLength(1);
		env.standIn.requests.length = 0;
		const [found] = await create();
		expect(found.json).toMatchObject({ id: made.json.id, existing: true });
		expect(env.standIn.requests.map((r) => [r.method, r.path, r.query.query])).toEqual([
			['GET', '/v1/customers/search', "metadata['crm_id']:'C-17'"],
		]);
	});

	it('a Stripe error during the look-up fails the item and nothing is created', async () => {
		const account = freshAccount();
		const proxy = createFaultProxy(env.url, {
			serverErrorRate: 1,
			shouldRetry: 'false',
			only: ({ path }) => path === '/v1/customers/search',
		});
		const url = await proxy.listen();
		try {
			const error = await failure(
				runNode(url, {
					resource: 'customer',
					operation: 'create',
					options: {
						stripeAccount: account,
						existing: { match: { key: 'crm_id', value: 'C-18' } },
					},
				}),
			);
			expect(error.message).toMatch(/.+/);
			expect(posts('/v1/customers')).toEqual([]);
		} finally {
			await proxy.close();
		}
	});

	it('refuses metadata that contradicts the match, and an empty key or value, before any request', async () => {
		const cases: Array<[object, object, string]> = [
			[
				{ metadata: { entry: [{ key: 'crm_id', value: 'other' }] } },
				{ match: { key: 'crm_id', value: 'C-1' } },
				'Return Existing Object: matches crm_id = "C-1", but Metadata sets crm_id to "other"',
			],
			[
				{},
				{ match: { key: '', value: 'C-1' } },
				'Return Existing Object: needs both a metadata key and a value',
			],
			[
				{},
				{ match: { key: 'crm[id]', value: 'C-1' } },
				'Return Existing Object > Key: must not contain [ or ]',
			],
			[
				{},
				{ match: { key: 'crm_id', value: { a: 1 } } },
				'Return Existing Object > Value: must be text, got an object',
			],
		];
		for (const [additionalFields, existing, message] of cases) {
			const error = await failure(
				runNode(env.url, {
					resource: 'customer',
					operation: 'create',
					additionalFields,
					options: { existing },
				}),
			);
			expect(error.message).toBe(message);
		}
		expect(env.standIn.requests).toEqual([]);
	});

	it('is offered on the creates it can look for, and no others', async () => {
		// Each operation's own form; form.test.ts shows the node's form offers each operation exactly that.
		const { resources } = await import('../../nodes/StripeComplete/resources/registry');
		const offered = resources
			.flatMap((r) =>
				r.operations
					.filter((o) =>
						o.fields.some(
							({ property: p }) =>
								p.name === 'options' &&
								(p.options as Array<{ name: string }>).some((x) => x.name === 'existing'),
						),
					)
					.map((o) => `${r.value}.${o.value}`),
			)
			.sort();
		expect(offered).toEqual(
			[
				'charge.create',
				'customer.create',
				'invoice.create',
				'paymentIntent.create',
				'price.create',
				'product.create',
				'refund.create',
				'subscription.create',
			].sort(),
		);
	});
});
