import Stripe from 'stripe';
import { NodeApiError } from 'n8n-workflow';
import { iso, runNode, useStandIn, type RunOptions } from '../support/harness';

const env = useStandIn();
const run = (params: Record<string, unknown>, options: RunOptions = {}) =>
	runNode(env.url, { resource: 'charge', ...params }, options);

const customer = () => env.standIn.seed('customers', { email: 'buyer@example.com' }).id as string;
/** A succeeded payment intent; its latest_charge is a charge in the stand-in's store. */
const payment = (customerId?: string, amount = 5000) =>
	env.standIn.seed('payment_intents', {
		amount,
		currency: 'usd',
		confirm: true,
		payment_method: 'pm_card_visa',
		customer: customerId,
	});
const chargeOf = (intent: Record<string, any>) =>
	env.standIn.store.get(intent.latest_charge as string)!;

describe('Charge', () => {
	it('gets a charge from GET /v1/charges/{id}', async () => {
		const cus = customer();
		const intent = payment(cus, 2500);
		const out = await run({ operation: 'get', chargeId: intent.latest_charge });
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe(`/v1/charges/${intent.latest_charge}`);
		expect(req.query).toEqual({});
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);
		expect(out).toHaveLength(1);
		expect(out[0].json).toEqual({
			id: intent.latest_charge,
			object: 'charge',
			created: chargeOf(intent).created,
			livemode: false,
			metadata: {},
			amount: 2500,
			amount_refunded: 0,
			currency: 'usd',
			customer: cus,
			payment_intent: intent.id,
			paid: true,
			refunded: false,
			status: 'succeeded',
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('turns an unknown charge into a 404 NodeApiError', async () => {
		const error = await run({ operation: 'get', chargeId: 'ch_1Missing' }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			type: 'invalid_request_error',
			code: 'resource_missing',
			status_code: 404,
			message: "No such charge: 'ch_1Missing'",
		});
		expect(env.standIn.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/v1/charges/ch_1Missing'],
		]);
	});

	it('gets many charges of one customer, newest first', async () => {
		const [ada, bob] = [customer(), customer()];
		const first = payment(ada);
		payment(bob);
		const second = payment(ada);
		const out = await run({ operation: 'getAll', filters: { customer: ada } });
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/charges');
		expect(req.query).toEqual({ customer: ada, limit: 50 });
		expect(out.map((o) => o.json.id)).toEqual([second.latest_charge, first.latest_charge]);
		expect(out.every((o) => o.json.object === 'charge' && o.json.customer === ada)).toBe(true);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it('gets the charges of one payment intent with the payment_intent filter', async () => {
		const cus = customer();
		payment(cus);
		const intent = payment(cus);
		const out = await run({ operation: 'getAll', filters: { paymentIntent: intent.id } });
		const [req] = env.standIn.requests;
		expect(req.path).toBe('/v1/charges');
		expect(req.query).toEqual({ payment_intent: intent.id, limit: 50 });
		expect(out.map((o) => o.json.id)).toEqual([intent.latest_charge]);
		expect(out[0].json).toMatchObject({ payment_intent: intent.id, amount: 5000 });
	});

	it('gets only the charges created within Created After / Created Before, sent as created[gte] / created[lte]', async () => {
		const charges = [payment(), payment(), payment(), payment()].map((intent) => chargeOf(intent));
		// An hour apart, as charges made within one second share their created time.
		charges.forEach(
			(charge, i) =>
				(charge.created = env.standIn.store.get(charge.id as string)!.created =
					1767225600 + i * 3600),
		);
		const [after, before] = [charges[1].created as number, charges[2].created as number];
		const out = await run({
			operation: 'getAll',
			returnAll: true,
			filters: { createdAfter: iso(after), createdBefore: iso(before) },
		});
		const [req] = env.standIn.requests;
		expect(req.path).toBe('/v1/charges');
		expect(req.query).toEqual({ created: { gte: after, lte: before }, limit: 100 });
		expect(out.map((o) => o.json.id)).toEqual([charges[2].id, charges[1].id]);
	});

	it('stops at Limit without asking for more than it needs', async () => {
		const cus = customer();
		const intents = [payment(cus), payment(cus), payment(cus)];
		const out = await run({ operation: 'getAll', limit: 2, filters: { customer: cus } });
		expect(env.standIn.requests.map((r) => r.query)).toEqual([{ customer: cus, limit: 2 }]);
		expect(out.map((o) => o.json.id)).toEqual([intents[2].latest_charge, intents[1].latest_charge]);
	});

	it('gives zero items when no charge matches', async () => {
		const out = await run({ operation: 'getAll', filters: { customer: customer() } });
		expect(env.standIn.requests).toHaveLength(1);
		expect(out).toEqual([]);
	});

	describe('Search', () => {
		it('searches with the query and gives each charge found as an item', async () => {
			const cus = customer();
			const big = payment(cus, 1500);
			payment(cus, 500);
			const query = `customer:'${cus}' AND amount>999`;
			const out = await run({ operation: 'search', query });
			expect(env.standIn.requests).toHaveLength(1);
			const [req] = env.standIn.requests;
			expect(req.method).toBe('GET');
			expect(req.path).toBe('/v1/charges/search');
			expect(req.query).toEqual({ query, limit: 50 });
			expect(out).toHaveLength(1);
			expect(out[0].json).toMatchObject({
				id: big.latest_charge,
				object: 'charge',
				amount: 1500,
				customer: cus,
			});
			expect(out[0].pairedItem).toEqual({ item: 0 });
		});

		it("returns all results across pages, sending the previous page's next_page as page", async () => {
			const cus = customer();
			const ids = Array.from(
				{ length: 101 },
				() => payment(cus, 700).latest_charge as string,
			).reverse();
			const query = `customer:'${cus}'`;
			// The cursor the node must send is whatever the stand-in answered for the first page.
			const firstPage = (await (
				await fetch(`${env.url}/v1/charges/search?query=${encodeURIComponent(query)}&limit=100`, {
					headers: { Authorization: 'Bearer sk_test_standin_4242' },
				})
			).json()) as { next_page: string; has_more: boolean };
			expect(firstPage.has_more).toBe(true);
			env.standIn.requests.length = 0;

			const out = await run({ operation: 'search', query, returnAll: true });
			expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
				['GET', '/v1/charges/search', { query, limit: 100 }],
				['GET', '/v1/charges/search', { query, limit: 100, page: firstPage.next_page }],
			]);
			expect(out.map((o) => o.json.id)).toEqual(ids);
			expect(out.every((o) => o.json.object === 'charge')).toBe(true);
			expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
		});

		it('rejects an empty query before any request', async () => {
			await expect(run({ operation: 'search', query: ' ' })).rejects.toThrow('Query: is required');
			expect(env.standIn.requests).toHaveLength(0);
		});
	});
});
