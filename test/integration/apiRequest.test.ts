import Stripe from 'stripe';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { runNode, useStandIn, type Params } from '../support/harness';

const env = useStandIn();
const send = (params: Params | ((i: number) => Params), options = {}) =>
	runNode(
		env.url,
		typeof params === 'function'
			? (i) => ({ resource: 'apiRequest', operation: 'send', ...params(i) })
			: { resource: 'apiRequest', operation: 'send', ...params },
		options,
	);
const ids = (out: Array<{ json: Record<string, unknown> }>) => out.map((item) => item.json.id);

describe('API Request', () => {
	it('sends a GET with its Query as the query string and gives one item per object of a list', async () => {
		const wanted = Array.from({ length: 4 }, () =>
			env.standIn.seed('customers', { email: 'x@example.com' }),
		);
		env.standIn.seed('customers', { email: 'other@example.com' });

		const out = await send({
			method: 'GET',
			path: '/v1/customers',
			query: '{"limit": 3, "email": "x@example.com"}',
		});

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/customers');
		expect(req.query).toEqual({ limit: 3, email: 'x@example.com' });
		expect(req.rawBody).toBe('');
		// Stripe ignores keys on reads, and a key would only hide that a GET is not a write.
		expect(req.idempotencyKey).toBeUndefined();
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);
		// Newest first, as Stripe lists.
		expect(ids(out)).toEqual(
			wanted
				.slice(1)
				.reverse()
				.map((c) => c.id),
		);
		expect(
			out.every((item) => item.json.object === 'customer' && item.json.email === 'x@example.com'),
		).toBe(true);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	it('takes the Query as an object from an expression, nested filters in bracket encoding, plus Options', async () => {
		const account = env.standIn.connectedAccount('acct_apireq_query');
		const old = env.standIn.seed(
			'customers',
			{ email: 'old@example.com', created: 1_000_000 },
			account,
		);
		const recent = env.standIn.seed(
			'customers',
			{ email: 'new@example.com', created: 2_000_000 },
			account,
		);

		const out = await send({
			method: 'GET',
			path: '/v1/customers',
			query: { created: { gte: 1_500_000 }, limit: 10 },
			options: {
				stripeAccount: account,
				expand: 'data.default_source',
				apiVersion: '2025-01-27.acacia',
			},
		});

		const [req] = env.standIn.requests;
		expect(req.query).toEqual({
			created: { gte: 1_500_000 },
			limit: 10,
			expand: ['data.default_source'],
		});
		expect(req.stripeAccount).toBe(account);
		expect(req.stripeVersion).toBe('2025-01-27.acacia');
		expect(ids(out)).toEqual([recent.id]);
		expect(ids(out)).not.toContain(old.id);
	});

	it('gives one item for a single object', async () => {
		const customer = env.standIn.seed('customers', { email: 'one@example.com', name: 'One' });

		const out = await send({ method: 'GET', path: `/v1/customers/${customer.id}` });

		expect(env.standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', `/v1/customers/${customer.id}`, {}],
		]);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			id: customer.id,
			object: 'customer',
			email: 'one@example.com',
			name: 'One',
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('follows starting_after cursors in pages of 100 with Return All, in the connected account', async () => {
		const account = env.standIn.connectedAccount('acct_apireq_230');
		const seeded = Array.from({ length: 230 }, (_, i) =>
			env.standIn.seed('customers', { email: `c${i}@example.com` }, account),
		);
		env.standIn.seed('customers', { email: 'platform@example.com' });

		const out = await send({
			method: 'GET',
			path: '/v1/customers',
			query: '{}',
			returnAll: true,
			options: { stripeAccount: account },
		});

		const newestFirst = seeded.map((c) => c.id).reverse();
		expect(ids(out)).toEqual(newestFirst);
		expect(env.standIn.requests).toHaveLength(3);
		expect(env.standIn.requests.map((r) => r.query)).toEqual([
			{ limit: 100 },
			{ limit: 100, starting_after: newestFirst[99] },
			{ limit: 100, starting_after: newestFirst[199] },
		]);
		expect(
			env.standIn.requests.every(
				(r) =>
					r.method === 'GET' &&
					r.path === '/v1/customers' &&
					r.stripeAccount === account &&
					r.idempotencyKey === undefined,
			),
		).toBe(true);
		expect(
			out.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
	});

	it('follows next_page on a search with Return All', async () => {
		const gold = Array.from({ length: 150 }, () =>
			env.standIn.seed('customers', { metadata: { tier: 'gold' } }),
		);
		env.standIn.seed('customers', { metadata: { tier: 'silver' } });

		const out = await send({
			method: 'GET',
			path: '/v1/customers/search',
			query: { query: "metadata['tier']:'gold'" },
			returnAll: true,
		});

		expect(env.standIn.requests).toHaveLength(2);
		const [first, second] = env.standIn.requests;
		expect(first.path).toBe('/v1/customers/search');
		expect(first.query).toEqual({ query: "metadata['tier']:'gold'", limit: 100 });
		expect(second.path).toBe('/v1/customers/search');
		expect(second.query).toEqual({
			query: "metadata['tier']:'gold'",
			limit: 100,
			page: expect.any(String),
		});
		expect(second.query.page).not.toBe('');
		expect(second.query.starting_after).toBeUndefined();
		expect(ids(out)).toEqual(gold.map((c) => c.id).reverse());
		expect(
			out.every((item) => (item.json.metadata as Record<string, string>).tier === 'gold'),
		).toBe(true);
	});

	it('stops at the first page without Return All, even when Stripe has more', async () => {
		const email = 'page@example.com';
		Array.from({ length: 12 }, () => env.standIn.seed('customers', { email }));

		const out = await send({
			method: 'GET',
			path: '/v1/customers',
			query: { email, limit: 5 },
			returnAll: false,
		});

		expect(env.standIn.requests.map((r) => r.query)).toEqual([{ email, limit: 5 }]);
		expect(out).toHaveLength(5);
	});

	it('rejects Return All on a path that answers a single object, naming the field', async () => {
		const customer = env.standIn.seed('customers', {});

		const run = send({ method: 'GET', path: `/v1/customers/${customer.id}`, returnAll: true });

		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toThrow(/^Return All: applies to list and search responses only/);
	});

	it('POSTs a JSON body in Stripe bracket encoding with an automatic Idempotency-Key', async () => {
		const body = {
			email: 'a@b.co',
			metadata: { k: 'v' },
			address: { line1: 'x' },
			preferred_locales: ['en', 'fr'],
		};

		const out = await send({ method: 'POST', path: '/v1/customers', body: JSON.stringify(body) });

		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/customers');
		expect(req.query).toEqual({});
		expect(req.rawBody).toBe(
			'email=a%40b.co&metadata[k]=v&address[line1]=x&preferred_locales[0]=en&preferred_locales[1]=fr',
		);
		expect(req.body).toEqual(body);
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			object: 'customer',
			...body,
			id: expect.stringMatching(/^cus_/),
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('replays a retried POST with the same automatic key, and uses the key given in Options', async () => {
		const params = {
			method: 'POST',
			path: '/v1/customers',
			body: '{"email": "retry@example.com"}',
		};

		const first = await send(params, { executionId: 'exec-retry' });
		const retry = await send(params, { executionId: 'exec-retry' });
		const own = await send({ ...params, options: { idempotencyKey: 'shopify-order-1001' } });

		const [a, b, c] = env.standIn.requests;
		expect(b.idempotencyKey).toBe(a.idempotencyKey);
		expect(b.replayed).toBe(true);
		expect(retry[0].json.id).toBe(first[0].json.id);
		expect(c.idempotencyKey).toBe('shopify-order-1001');
		expect(c.replayed).toBeUndefined();
		expect(own[0].json.id).not.toBe(first[0].json.id);
	});

	it('puts a POST Query on the path and its Body in the body', async () => {
		const customer = env.standIn.seed('customers', { name: 'Before' });

		const out = await send({
			method: 'POST',
			path: `/v1/customers/${customer.id}`,
			query: { expand: ['default_source'], metadata: { 'a b': 'c&d' } },
			body: { name: 'After', metadata: { 'a&b': 'c d' } },
		});

		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe(`/v1/customers/${customer.id}`);
		// Keys are escaped too, at every depth, or an `&` in one would split the query.
		expect(req.query).toEqual({ expand: ['default_source'], metadata: { 'a b': 'c&d' } });
		expect(req.rawBody).toBe('name=After&metadata[a%26b]=c%20d');
		expect(req.body).toEqual({ name: 'After', metadata: { 'a&b': 'c d' } });
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(out[0].json).toMatchObject({
			id: customer.id,
			name: 'After',
			metadata: { 'a&b': 'c d' },
		});
	});

	it('DELETEs an object without an Idempotency-Key and gives the deleted object', async () => {
		const customer = env.standIn.seed('customers', {});

		const out = await send({ method: 'DELETE', path: `/v1/customers/${customer.id}` });

		const [req] = env.standIn.requests;
		expect([req.method, req.path, req.rawBody, req.idempotencyKey]).toEqual([
			'DELETE',
			`/v1/customers/${customer.id}`,
			'',
			undefined,
		]);
		expect(out.map((item) => item.json)).toEqual([
			{ id: customer.id, object: 'customer', deleted: true },
		]);
		expect(env.standIn.store.has(customer.id)).toBe(false);
	});

	it('turns a card decline into a NodeApiError carrying the decline', async () => {
		const run = send({
			method: 'POST',
			path: '/v1/charges',
			body: '{"amount": 2000, "currency": "usd", "source": "tok_chargeDeclined"}',
		});

		const error = (await run.catch((e: unknown) => e)) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Your card was declined.');
		expect(error.httpCode).toBe('402');
		expect(error.context.stripe).toMatchObject({
			message: 'Your card was declined.',
			type: 'card_error',
			code: 'card_declined',
			decline_code: 'generic_decline',
			status_code: 402,
			request_id: expect.stringMatching(/^req_/),
		});
		const [req] = env.standIn.requests;
		expect(req.forwarded).toBe(true);
		expect(req.rawBody).toBe('amount=2000&currency=usd&source=tok_chargeDeclined');
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
	});

	it('with Continue On Fail gives the decline as an item paired to its input, and goes on', async () => {
		const source = (i: number) => (i === 0 ? 'tok_chargeDeclined' : 'tok_visa');

		const out = await send(
			(i) => ({
				method: 'POST',
				path: '/v1/charges',
				body: { amount: 2000, currency: 'usd', source: source(i) },
			}),
			{
				items: [{}, {}],
				continueOnFail: true,
			},
		);

		expect(env.standIn.requests.map((r) => r.body.source)).toEqual([
			'tok_chargeDeclined',
			'tok_visa',
		]);
		expect(out).toHaveLength(2);
		expect(out[0].json).toMatchObject({
			error: 'Your card was declined.',
			type: 'card_error',
			code: 'card_declined',
			decline_code: 'generic_decline',
			status_code: 402,
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[1].json).toMatchObject({
			object: 'charge',
			amount: 2000,
			currency: 'usd',
			paid: true,
		});
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it.each(['customers', '/v3/x', '/v1/customers?limit=3', ''])(
		'rejects the Path %p before any request',
		async (path) => {
			const run = send({ method: 'GET', path });

			await expect(run).rejects.toThrow(NodeOperationError);
			await expect(run).rejects.toThrow(/^Path: /);
			expect(env.standIn.requests).toHaveLength(0);
		},
	);

	it('rejects a Body that is not JSON before any request, for any item', async () => {
		const run = send(
			(i) => ({
				method: 'POST',
				path: '/v1/customers',
				body: i === 0 ? '{"email": "ok@example.com"}' : '{not json',
			}),
			{ items: [{}, {}] },
		);

		await expect(run).rejects.toThrow(NodeOperationError);
		await expect(run).rejects.toThrow(/^Body: must be a JSON object/);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('rejects a Query that is not a JSON object before any request', async () => {
		const run = send({ method: 'GET', path: '/v1/customers', query: '[1, 2]' });

		await expect(run).rejects.toThrow(/^Query: must be a JSON object/);
		expect(env.standIn.requests).toHaveLength(0);
	});
});
