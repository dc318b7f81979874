import { NodeApiError, type INodeExecutionData } from 'n8n-workflow';
import { createFaultProxy, type FaultOptions, type FaultProxy } from '../../stand-ins/fault-proxy';
import { failure, runNode, type RunOptions } from '../support/harness';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';

/**
 * Bulk work through our fault proxy: Stripe's 429s, 5xx before and after a write is applied,
 * connection resets after it is applied, and stalls past the timeout. Whatever happens, every
 * input item ends as exactly one output item and no write is applied twice.
 */
let standIn: StandIn;
let proxy: FaultProxy;
let url: string;
let heartbeat: NodeJS.Timeout | undefined;

async function start(options: FaultOptions) {
	standIn = createStandIn();
	proxy = createFaultProxy(await standIn.listen(), { seed: 7, ...options });
	url = await proxy.listen();
	// These tests run for up to a minute at a real rate limit: say how far they are, straight to the
	// terminal (jest holds console output until a file ends).
	const name = expect.getState().currentTestName;
	heartbeat = setInterval(() => {
		const { requests, answered, rateLimited, errors, resets, stalls } = proxy.counts;
		process.stderr.write(
			`[faults] ${name}: ${requests} requests, ${answered} answered, ${rateLimited} rate-limited, ${errors} 5xx, ${resets} resets, ${stalls} stalls\n`,
		);
	}, 10_000);
}

afterEach(async () => {
	clearInterval(heartbeat);
	await proxy.close();
	await standIn.close();
});

const email = (i: number) => `bulk-${i}@example.com`;
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

const createCustomers = (n: number, options: Record<string, unknown> = {}, run: RunOptions = {}) =>
	runNode(
		url,
		(i) => ({
			resource: 'customer',
			operation: 'create',
			additionalFields: { email: email(i) },
			options,
		}),
		{ items: items(n), ...run },
	);

const customerIdsByEmail = () => {
	const ids = new Map<string, string[]>();
	for (const o of standIn.store.values())
		if (o.object === 'customer') ids.set(o.email, [...(ids.get(o.email) ?? []), o.id]);
	return ids;
};

/**
 * Every item is one output item paired to its own index, in order, either the customer with its
 * email or an error; each succeeded item's customer exists exactly once, and no email twice.
 */
function expectOneOutcomePerItem(out: INodeExecutionData[], n: number) {
	expect(out).toHaveLength(n);
	expect(out.map((item) => item.pairedItem)).toEqual(items(n).map((_, i) => ({ item: i })));
	const ids = customerIdsByEmail();
	const succeeded = out.filter((item) => item.json.error === undefined);
	out.forEach((item, i) => {
		if (item.json.error !== undefined) expect(item.error).toBeInstanceOf(NodeApiError);
		else {
			expect(item.json).toMatchObject({ object: 'customer', email: email(i) });
			expect(ids.get(email(i))).toEqual([item.json.id]);
		}
	});
	for (const [address, list] of ids) {
		expect(list).toHaveLength(1);
		expect(address).toMatch(/^bulk-\d+@example\.com$/);
	}
	return { succeeded: succeeded.length, failed: n - succeeded.length, customers: ids.size };
}

/** Each item sent one Idempotency-Key on every attempt, and that key only ever with its own item's email. */
function expectOneKeyPerItem(n: number) {
	for (const request of standIn.requests) {
		expect(request.idempotencyKey).toMatch(/^n8n-exec-1-0-\d+-[0-9a-f]{64}$/);
		expect(request.body.email).toBe(email(Number(request.idempotencyKey!.split('-')[4])));
	}
	expect(new Set(proxy.requests.map((r) => r.idempotencyKey)).size).toBe(n);
}

const replays = () => standIn.requests.filter((r) => r.replayed).length;

describe('Bulk writes through faults', () => {
	it('creates 1,000 customers at 25 req/s with 5% 5xx and 1% resets: one output per item, no duplicates', async () => {
		await start({ rateLimit: { rps: 25, burst: 5 }, serverErrorRate: 0.05, resetRate: 0.01 });
		const out = await createCustomers(1000, { timeout: 5000 }, { continueOnFail: true });
		const outcome = expectOneOutcomePerItem(out, 1000);
		expectOneKeyPerItem(1000);
		console.log(
			'1,000 creates:',
			JSON.stringify({ ...outcome, ...proxy.counts, replays: replays() }),
		);
		// The faults really happened, including writes applied whose answers were lost.
		expect(proxy.counts.rateLimited).toBeGreaterThan(0);
		expect(proxy.counts.errors).toBeGreaterThan(0);
		expect(proxy.counts.errorsApplied).toBeGreaterThan(0);
		expect(proxy.counts.resets).toBeGreaterThan(0);
		expect(replays()).toBeGreaterThan(0);
		// A customer exists for every success, and at most for a failure whose last answer was lost.
		expect(outcome.customers).toBeGreaterThanOrEqual(outcome.succeeded);
		expect(outcome.customers).toBeLessThanOrEqual(1000);
	}, 110_000);

	it('rides out a 429 storm (10 req/s, burst 1) with no error item: exactly 100 customers', async () => {
		await start({ rateLimit: { rps: 10, burst: 1 } });
		const out = await createCustomers(100, {}, { continueOnFail: true });
		const outcome = expectOneOutcomePerItem(out, 100);
		expect(outcome).toEqual({ succeeded: 100, failed: 0, customers: 100 });
		expect(proxy.counts.rateLimited).toBeGreaterThan(0);
		// Each create reached Stripe exactly once: every 429 was answered before anything was applied.
		expect(proxy.counts.forwarded).toBe(100);
		expect(replays()).toBe(0);
		expectOneKeyPerItem(100);
	}, 60_000);

	it('retries answers stalled past the timeout with the same key: no duplicates, one output per item', async () => {
		await start({ stallRate: 0.05, stallMs: 1500 });
		const out = await createCustomers(100, { timeout: 500 }, { continueOnFail: true });
		const outcome = expectOneOutcomePerItem(out, 100);
		expectOneKeyPerItem(100);
		expect(proxy.counts.stalls).toBeGreaterThan(0);
		// A stalled create was applied; its retry got Stripe's replay, not a second customer.
		expect(replays()).toBeGreaterThanOrEqual(1);
		expect(outcome.customers).toBeGreaterThanOrEqual(outcome.succeeded);
	}, 60_000);
});

describe('Retry limits', () => {
	const createOnly = ({ method, path }: { method: string; path: string }) =>
		method === 'POST' && path === '/v1/customers';

	it('fails the node with a NodeApiError after 4 attempts of a 500, all with one Idempotency-Key', async () => {
		await start({
			serverErrorRate: 1,
			serverErrorStatuses: [500],
			serverErrorAppliedShare: 0,
			only: createOnly,
		});
		const error = await failure(createCustomers(1));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			type: 'api_error',
			status_code: 500,
		});
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		expect(proxy.byRoute['POST /v1/customers'].requests).toBe(4);
		expect(proxy.byRoute['POST /v1/customers'].errors).toBe(4);
		const keys = proxy.requests.map((r) => r.idempotencyKey);
		expect(keys).toHaveLength(4);
		expect(keys[0]).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(new Set(keys).size).toBe(1);
		expect(standIn.requests).toHaveLength(0);
	});

	it('when every 500 came after the write was applied, the 4 attempts still make one customer', async () => {
		await start({
			serverErrorRate: 1,
			serverErrorStatuses: [500],
			serverErrorAppliedShare: 1,
			only: createOnly,
		});
		const error = await failure(createCustomers(1));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(standIn.requests).toHaveLength(4);
		expect(standIn.requests.map((r) => r.replayed ?? false)).toEqual([false, true, true, true]);
		expect(new Set(standIn.requests.map((r) => r.idempotencyKey)).size).toBe(1);
		expect(customerIdsByEmail().get(email(0))).toHaveLength(1);
	});

	it('does not retry a 500 that carries Stripe-Should-Retry: false', async () => {
		await start({
			serverErrorRate: 1,
			serverErrorStatuses: [500],
			serverErrorAppliedShare: 0,
			shouldRetry: 'false',
			only: createOnly,
		});
		const error = await failure(createCustomers(1));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			type: 'api_error',
			status_code: 500,
		});
		expect(proxy.counts.requests).toBe(1);
		expect(standIn.requests).toHaveLength(0);
	});
});

describe('Lists through faults', () => {
	it('Return All over 1,050 customers gives each once, in order, from ceil(N/100) answered list requests', async () => {
		await start({
			rateLimit: { rps: 50, burst: 3 },
			serverErrorRate: 0.1,
			resetRate: 0.05,
			stallRate: 0.05,
			stallMs: 1500,
		});
		// All in one second, so the list pages one after another (test/integration/parallel-list.test.ts pages in windows).
		const created = Math.floor(Date.now() / 1000);
		const seeded = Array.from(
			{ length: 1050 },
			(_, i) => standIn.seed('customers', { email: email(i), created }).id,
		);
		const out = await runNode(url, {
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			options: { timeout: 500 },
		});
		// Stripe lists newest first.
		expect(out.map((item) => item.json.id)).toEqual([...seeded].reverse());
		expect(
			out.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		console.log('Return All over 1,050:', JSON.stringify(proxy.counts));
		expect(proxy.counts.answered).toBe(Math.ceil(1050 / 100));
		expect(
			proxy.counts.rateLimited + proxy.counts.errors + proxy.counts.resets + proxy.counts.stalls,
		).toBeGreaterThan(0);
		// Each page asked for 100, after the last object of the page before.
		const forwarded = proxy.requests.filter(
			(p) => p.outcome !== 'rateLimited' && p.outcome !== 'error',
		);
		expect(forwarded).toHaveLength(standIn.requests.length);
		const answered = standIn.requests.filter((_, i) => forwarded[i].outcome === 'answered');
		expect(answered.map((r) => r.query.limit)).toEqual(Array(11).fill(100));
		expect(answered.map((r) => r.query.starting_after)).toEqual([
			undefined,
			...Array.from({ length: 10 }, (_, page) => seeded[1050 - 100 * (page + 1)]),
		]);
	}, 60_000);
});
