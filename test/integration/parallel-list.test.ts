import http from 'http';
import Stripe from 'stripe';
import type { IDataObject } from 'n8n-workflow';
import { createClient } from '../../nodes/shared/client';
import { list } from '../../nodes/StripeComplete/operations/operation';
import { retrying } from '../../nodes/shared/transport/send';
import { Throttle } from '../../nodes/shared/transport/throttle';
import { createFaultProxy, mulberry32, type FaultProxy } from '../../stand-ins/fault-proxy';
import { iso, runNode, TEST_KEY, type Params } from '../support/harness';
import { createStandIn, type RecordedRequest, type StandIn } from '../../stand-ins/stripe';

/**
 * Return All and Limit over lists that filter by `created`, paged in windows at the same time,
 * against the stand-in (Stripe's order and `created` filter) behind the fault proxy. Whatever the
 * shape of the list, the output is what sequential paging gives: the SDK's own auto-pagination.
 */
let standIn: StandIn;
let standInUrl: string;
let proxy: FaultProxy;
let url: string;

beforeAll(async () => {
	standIn = createStandIn();
	standInUrl = await standIn.listen();
	proxy = createFaultProxy(standInUrl, { latencyMs: 5 });
	url = await proxy.listen();
});
beforeEach(() => {
	proxy.configure({
		latencyMs: 5,
		rateLimit: undefined,
		serverErrorRate: 0,
		resetRate: 0,
		stallRate: 0,
	});
	proxy.reset();
	standIn.requests.length = 0;
});
afterAll(async () => {
	await proxy.close();
	await standIn.close();
});

let accounts = 0;
const freshAccount = () => standIn.connectedAccount(`acct_parallel${++accounts}`);
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86400;

/** Customers in `account` created at these times, in random order of creation. */
function seedCustomers(account: string, times: number[], seed = 1) {
	const random = mulberry32(seed);
	const shuffled = times
		.map((t) => [random(), t])
		.sort((a, b) => a[0] - b[0])
		.map(([, t]) => t);
	return shuffled.map(
		(created, i) =>
			standIn.seed('customers', { email: `c${i}@example.com`, created }, account).id as string,
	);
}

/** `n` times at random over the `days` before `from`. */
const spread = (n: number, days: number, seed: number, from = NOW - DAY) => {
	const random = mulberry32(seed);
	return Array.from({ length: n }, () => from - Math.floor(random() * days * DAY));
};

/** Sequential paging: the SDK's auto-pagination, straight against the stand-in. */
async function sequential(
	resource: 'customers' | 'charges',
	account: string,
	params: IDataObject = {},
	limit = 10_000,
) {
	const stripe = new Stripe(TEST_KEY, {
		host: '127.0.0.1',
		port: new URL(standInUrl).port,
		protocol: 'http',
		telemetry: false,
	});
	const listed = await (
		stripe[resource].list as (
			p: IDataObject,
			o: Stripe.RequestOptions,
		) => Stripe.ApiListPromise<{ id: string }>
	)({ ...params, limit: 100 }, { stripeAccount: account }).autoPagingToArray({ limit });
	return listed.map((o) => o.id);
}

/** Return All through an operation made by hand with list(), run as the runner runs it. */
async function customersByHand(params: IDataObject, account: string) {
	const getMany = list<Stripe.CustomerListParams>({
		value: 'getAll',
		action: 'Get many customers',
		sdk: ['customers.list'],
		call: (stripe, p, options) => stripe.customers.list(p, options),
	});
	const request = {
		params,
		path: {},
		options: { stripeAccount: account },
		returnAll: true,
		limit: 50,
	};
	return (await getMany.run(
		createClient({ secretKey: TEST_KEY, baseUrl: url }),
		request,
		retrying(new Throttle(10)),
		{ baseUrl: url },
	)) as IDataObject[];
}

const getAll = (resource: string, account: string, params: Params = {}) =>
	runNode(url, {
		resource,
		operation: 'getAll',
		returnAll: true,
		...params,
		options: { stripeAccount: account, ...(params.options as object) },
	});
const ids = (out: Array<{ json: IDataObject }>) => out.map((item) => item.json.id);
const lists = () => standIn.requests.filter((r) => r.method === 'GET');
const windowed = (requests: RecordedRequest[]) =>
	requests.filter((r) => r.query.created !== undefined);

describe('Return All in created windows gives what sequential paging gives', () => {
	it('a year of customers with 350 created in one second', async () => {
		const account = freshAccount();
		seedCustomers(account, [...spread(2500, 365, 1), ...Array(350).fill(NOW - 40 * DAY)]);
		const expected = await sequential('customers', account);
		standIn.requests.length = 0;
		const out = await getAll('customer', account);
		expect(ids(out)).toEqual(expected);
		expect(new Set(ids(out)).size).toBe(2850);
		expect(out.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		// It did page in windows of whole seconds, with at most half as many requests again as pages.
		expect(windowed(lists()).length).toBeGreaterThan(10);
		for (const { query } of windowed(lists())) {
			expect(['gte', 'lt']).toEqual(expect.arrayContaining(Object.keys(query.created)));
			expect(Object.values(query.created).every(Number.isInteger)).toBe(true);
		}
		expect(lists().length).toBeLessThanOrEqual(Math.ceil(1.5 * 29));
	});

	it('bursts days apart, and a very dense hour next to sparse months', async () => {
		const account = freshAccount();
		const bursts = Array.from({ length: 8 }, (_, week) =>
			spread(120, 0.0003, 20 + week, NOW - week * 7 * DAY),
		).flat();
		const denseHour = Array.from({ length: 900 }, (_, i) => NOW - 90 * DAY - (i % 3600));
		seedCustomers(account, [...bursts, ...denseHour, ...spread(200, 400, 3, NOW - 100 * DAY)], 2);
		const expected = await sequential('customers', account);
		const out = await getAll('customer', account);
		expect(ids(out)).toEqual(expected);
		expect(expected).toHaveLength(2060);
	});

	it('a generated list: charges', async () => {
		const account = freshAccount();
		const customer = standIn.seed('customers', { email: 'payer@example.com' }, account).id;
		const random = mulberry32(4);
		for (const created of spread(1200, 200, 4))
			standIn.seed(
				'charges',
				{
					amount: 100 + Math.floor(random() * 900),
					currency: 'usd',
					customer,
					status: 'succeeded',
					created,
				},
				account,
			);
		const expected = await sequential('charges', account);
		standIn.requests.length = 0;
		const out = await getAll('charge', account);
		expect(ids(out)).toEqual(expected);
		expect(windowed(lists()).length).toBeGreaterThan(0);
		expect(lists().every((r) => r.path === '/v1/charges')).toBe(true);
	});

	it('a list made by hand with list() and its SDK method', async () => {
		const account = freshAccount();
		seedCustomers(account, spread(1500, 100, 5), 5);
		const expected = await sequential('customers', account);
		standIn.requests.length = 0;
		const out = await customersByHand({}, account);
		expect(out.map((o) => o.id)).toEqual(expected);
		expect(windowed(lists()).length).toBeGreaterThan(0);
	});

	it("within the user's own created filter, every window inside it", async () => {
		const account = freshAccount();
		seedCustomers(account, spread(3000, 365, 6), 6);
		const [after, before] = [NOW - 300 * DAY, NOW - 60 * DAY];
		const expected = await sequential('customers', account, {
			created: { gte: after, lte: before },
		});
		standIn.requests.length = 0;
		const out = await getAll('customer', account, {
			filters: { createdAfter: iso(after), createdBefore: iso(before) },
		});
		expect(ids(out)).toEqual(expected);
		expect(expected.length).toBeGreaterThan(1900);
		const [first, ...rest] = lists();
		expect(first.query).toEqual({ created: { gte: after, lte: before }, limit: 100 });
		expect(windowed(rest).length).toBe(rest.length);
		for (const { query } of rest) {
			expect(query.created.gte).toBeGreaterThanOrEqual(after);
			expect(query.created.lt).toBeLessThanOrEqual(before + 1);
		}
	});

	it('an exact created second is paged one page after another', async () => {
		const account = freshAccount();
		const second = NOW - 5 * DAY;
		seedCustomers(account, [...Array(250).fill(second), ...spread(300, 30, 7)], 7);
		const expected = await sequential('customers', account, { created: second });
		standIn.requests.length = 0;
		// The form's Created filter is a range; an exact second comes from code, as here.
		const out = await customersByHand({ created: second }, account);
		expect(out.map((o) => o.id)).toEqual(expected);
		expect(lists().map((r) => [Number(r.query.created), r.query.starting_after])).toEqual([
			[second, undefined],
			[second, expected[99]],
			[second, expected[199]],
		]);
	});

	it('a list that does not filter by created stays sequential: ceil(N/100) requests with cursors', async () => {
		const account = freshAccount();
		const times = spread(250, 365, 8);
		times.forEach((created, i) =>
			standIn.seed(
				'webhook_endpoints',
				{ url: `https://example.com/hook/${i}`, enabled_events: ['*'], created },
				account,
			),
		);
		const out = await getAll('webhookEndpoint', account);
		const expected = [...standIn.store.values()]
			.filter((o) => o.object === 'webhook_endpoint' && o._account === account)
			.sort((a, b) => b.created - a.created || b._seq - a._seq)
			.map((o) => o.id);
		expect(ids(out)).toEqual(expected);
		expect(lists().map((r) => r.query)).toEqual([
			{ limit: 100 },
			{ limit: 100, starting_after: expected[99] },
			{ limit: 100, starting_after: expected[199] },
		]);
	});

	it('a list of one page sends one request, as before', async () => {
		const account = freshAccount();
		seedCustomers(account, spread(80, 365, 9), 9);
		const out = await getAll('customer', account);
		expect(out).toHaveLength(80);
		expect(lists().map((r) => r.query)).toEqual([{ limit: 100 }]);
	});

	it('leaves out customers created while it runs, as sequential paging does', async () => {
		const account = freshAccount();
		// The newest 150 in one second, and the new ones in that second too: the first page ends in it.
		seedCustomers(account, [...spread(1500, 365, 10), ...Array(150).fill(NOW)], 10);
		const expected = await sequential('customers', account);
		// One more with each request after the first (which may see what exists when it is answered).
		let requests = 0;
		let added = 0;
		const addOne = () => {
			if (requests++)
				standIn.seed('customers', { email: `new${added++}@example.com`, created: NOW }, account);
		};
		standIn.server.on('request', addOne);
		const out = await getAll('customer', account).finally(() =>
			standIn.server.off('request', addOne),
		);
		expect(added).toBeGreaterThan(10);
		expect(ids(out)).toEqual(expected);
		// Listed again now, they come first.
		expect((await sequential('customers', account)).slice(added)).toEqual(expected);
	});

	it('rides out a 429 storm (10 req/s, burst 1): every customer once, in order', async () => {
		const account = freshAccount();
		seedCustomers(account, spread(1200, 365, 11), 11);
		const expected = await sequential('customers', account);
		proxy.configure({ rateLimit: { rps: 10, burst: 1 } });
		const out = await getAll('customer', account);
		expect(ids(out)).toEqual(expected);
		expect(proxy.counts.rateLimited).toBeGreaterThan(0);
	}, 30_000);

	it('through 5xx, connection resets and stalls past the timeout: every customer once, in order', async () => {
		const account = freshAccount();
		seedCustomers(account, spread(1500, 365, 14), 14);
		const expected = await sequential('customers', account);
		proxy.configure({
			seed: 3,
			rateLimit: { rps: 50, burst: 3 },
			serverErrorRate: 0.1,
			resetRate: 0.05,
			stallRate: 0.05,
			stallMs: 1500,
		});
		const out = await getAll('customer', account, { options: { timeout: 500 } });
		expect(ids(out)).toEqual(expected);
		expect(proxy.counts.errors + proxy.counts.resets + proxy.counts.stalls).toBeGreaterThan(0);
	}, 30_000);
});

/**
 * Holds every answer until the test lets it go, one at a time and only once the node has gone quiet,
 * so the test knows which answers the node had when it sent each request.
 */
async function createGate(target: string) {
	const held: Array<{ ids: string[]; send: () => void }> = [];
	const given: string[][] = [];
	const sent: Array<{ query: string; answersGiven: number }> = [];
	let underway = 0;
	let lastArrival = 0;
	const server = http.createServer(async (req, res) => {
		sent.push({ query: req.url!, answersGiven: given.length });
		lastArrival = Date.now();
		underway++;
		const headers = Object.fromEntries(
			['authorization', 'stripe-account', 'stripe-version']
				.filter((h) => req.headers[h])
				.map((h) => [h, String(req.headers[h])]),
		);
		const answer = await fetch(`${target}${req.url}`, { headers });
		const body = await answer.text();
		held.push({
			ids: (JSON.parse(body).data ?? []).map((o: { id: string }) => o.id),
			send: () => res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(body),
		});
		underway--;
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
		sent,
		given,
		/** Lets answers go, oldest first, each once no request came for a while, until `run` ends. */
		async drive<T>(run: Promise<T>): Promise<T> {
			let done = false;
			const result = run.finally(() => (done = true));
			while (!done) {
				await new Promise((resolve) => setTimeout(resolve, 5));
				if (underway || Date.now() - lastArrival < 80 || !held.length) continue;
				const next = held.shift()!;
				given.push(next.ids);
				next.send();
				lastArrival = Date.now();
			}
			return result;
		},
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

describe('Limit in created windows', () => {
	it.each([250, 1050])(
		'Limit %d: the first objects in order, and no request once the answers hold them',
		async (limit) => {
			const account = freshAccount();
			seedCustomers(account, [...spread(3000, 365, 12), ...Array(150).fill(NOW - 200 * DAY)], 12);
			const expected = await sequential('customers', account, {}, limit);
			const gate = await createGate(standInUrl);
			try {
				const out = await gate.drive(
					runNode(gate.url, {
						resource: 'customer',
						operation: 'getAll',
						limit,
						options: { stripeAccount: account },
					}),
				);
				expect(ids(out)).toEqual(expected);
				expect(gate.sent.length).toBeGreaterThan(Math.ceil(limit / 100) - 1);
				for (const { query, answersGiven } of gate.sent) {
					const had = new Set(gate.given.slice(0, answersGiven).flat());
					expect([query, expected.every((id) => had.has(id))]).toEqual([query, false]);
				}
				// And it did page in windows.
				expect(gate.sent.some((s) => s.query.includes('created'))).toBe(true);
			} finally {
				await gate.close();
			}
		},
		30_000,
	);

	it('a Limit within the first page sends one request', async () => {
		const account = freshAccount();
		seedCustomers(account, spread(500, 365, 13), 13);
		const out = await runNode(url, {
			resource: 'customer',
			operation: 'getAll',
			limit: 100,
			options: { stripeAccount: account },
		});
		expect(out).toHaveLength(100);
		expect(lists().map((r) => r.query)).toEqual([{ limit: 100 }]);
	});
});
