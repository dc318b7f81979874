import { retrying, verdict } from '../../nodes/shared/transport/send';
import { Throttle } from '../../nodes/shared/transport/throttle';

const failure = (
	statusCode?: number,
	headers: Record<string, string> = {},
	type = 'StripeAPIError',
) => Object.assign(new Error(`status ${statusCode}`), { statusCode, headers, type });

describe('retry verdict', () => {
	it.each([
		['429', failure(429), { retry: true, rateLimited: true, retryAfterMs: undefined }],
		[
			'429 with Retry-After',
			failure(429, { 'retry-after': '2' }),
			{ retry: true, rateLimited: true, retryAfterMs: 2000 },
		],
		['500', failure(500), { retry: true, rateLimited: false, retryAfterMs: undefined }],
		['503', failure(503), { retry: true, rateLimited: false, retryAfterMs: undefined }],
		[
			'connection reset or timeout',
			failure(undefined, {}, 'StripeConnectionError'),
			{ retry: true, rateLimited: false, retryAfterMs: undefined },
		],
		[
			'409 Stripe-Should-Retry: true',
			failure(409, { 'stripe-should-retry': 'true' }),
			{ retry: true, rateLimited: false, retryAfterMs: undefined },
		],
		[
			'500 Stripe-Should-Retry: false',
			failure(500, { 'stripe-should-retry': 'false' }),
			{ retry: false },
		],
		[
			'409 idempotency_key_in_use',
			Object.assign(failure(409, {}, 'StripeInvalidRequestError'), {
				code: 'idempotency_key_in_use',
			}),
			{ retry: true, rateLimited: false, inFlight: true, retryAfterMs: undefined },
		],
		['409 of another kind', failure(409, {}, 'StripeInvalidRequestError'), { retry: false }],
		['400', failure(400), { retry: false }],
		['402 card error', failure(402, {}, 'StripeCardError'), { retry: false }],
		['a bug', new TypeError('x is undefined'), { retry: false }],
	])('%s', (_, error, expected) => {
		expect(verdict(error)).toEqual(expected);
	});
});

describe('retrying', () => {
	let send: ReturnType<typeof retrying>;
	beforeEach(() => {
		send = retrying(new Throttle(4), () => 0);
	});
	const calls = (answers: Array<Error | string>) => {
		const seen: number[] = [];
		const request = async () => {
			seen.push(seen.length);
			const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
			if (answer instanceof Error) throw answer;
			return answer;
		};
		return { seen, request };
	};

	it('retries 5xx and resets until an answer comes, within 4 attempts', async () => {
		const { seen, request } = calls([
			failure(500),
			failure(undefined, {}, 'StripeConnectionError'),
			failure(503),
			'ok',
		]);
		await expect(send(request)).resolves.toBe('ok');
		expect(seen).toHaveLength(4);
	});

	it('gives up after 4 attempts with the last error', async () => {
		const { seen, request } = calls([failure(500)]);
		await expect(send(request)).rejects.toThrow('status 500');
		expect(seen).toHaveLength(4);
	});

	it('retries 429 beyond the transient bound', async () => {
		const { seen, request } = calls([
			failure(429),
			failure(429),
			failure(429),
			failure(429),
			failure(429),
			'ok',
		]);
		await expect(send(request)).resolves.toBe('ok');
		expect(seen).toHaveLength(6);
	});

	it('waits what Retry-After asks before resending', async () => {
		jest.useFakeTimers();
		try {
			const { seen, request } = calls([failure(503, { 'retry-after': '2' }), 'ok']);
			const answer = send(request);
			await jest.advanceTimersByTimeAsync(1999);
			expect(seen).toHaveLength(1);
			await jest.advanceTimersByTimeAsync(1);
			await expect(answer).resolves.toBe('ok');
			expect(seen).toHaveLength(2);
		} finally {
			jest.useRealTimers();
		}
	});

	it('starts each call without a call-site stack trace, and restores the limit after it, also when the call throws at once', async () => {
		const limit = Error.stackTraceLimit;
		let stack: string | undefined;
		await expect(
			send(() => {
				stack = new Error('captured').stack;
				return Promise.resolve('ok');
			}),
		).resolves.toBe('ok');
		expect(stack).toBe('Error: captured');
		expect(Error.stackTraceLimit).toBe(limit);
		const bug = new TypeError('bad argument');
		await expect(
			send(() => {
				throw bug;
			}),
		).rejects.toBe(bug);
		expect(Error.stackTraceLimit).toBe(limit);
		expect(new Error('later').stack).toMatch(/\n\s+at /);
	});

	it('does not retry what Stripe says not to, nor client errors', async () => {
		for (const error of [
			failure(500, { 'stripe-should-retry': 'false' }),
			failure(400),
			failure(404),
		]) {
			const { seen, request } = calls([error]);
			await expect(send(request)).rejects.toBe(error);
			expect(seen).toHaveLength(1);
		}
	});
});

describe('throttle', () => {
	it('keeps at most `concurrency` requests in flight', async () => {
		const throttle = new Throttle(2);
		await throttle.acquire();
		await throttle.acquire();
		let third = false;
		const pending = throttle.acquire().then(() => (third = true));
		await new Promise((r) => setImmediate(r));
		expect(third).toBe(false);
		throttle.release();
		await pending;
		expect(third).toBe(true);
	});

	it('after a 429 paces at the rate Stripe accepted, lowers once per pace, then creeps up', async () => {
		let now = 10_000;
		const throttle = new Throttle(10, () => now);
		for (let i = 0; i < 25; i++) {
			now += 40;
			await throttle.acquire();
			throttle.release();
			throttle.succeeded();
		}
		expect(throttle.rate).toBe(Infinity);
		// 25 sent over the 960 ms observed, this one refused: 24 accepted, 25 per second.
		throttle.rateLimited(undefined, now);
		expect(throttle.rate).toBe(25);
		throttle.rateLimited(undefined, now - 5); // sent before the pace was lowered: says nothing new
		expect(throttle.rate).toBe(25);
		// Each answer adds max(1, 5%) / pace; a second without a 429 adds 10% on top.
		now += 200;
		throttle.succeeded();
		expect(throttle.rate).toBeCloseTo(25 + 1.25 / 25, 6);
		now += 1300;
		throttle.succeeded();
		expect(throttle.rate).toBeCloseTo((25 + 2.5 / 25) * 1.1, 6);
	});

	it('a 429 far from the pace at most halves it, so a run crowded out by another run on the same account is not starved', async () => {
		let now = 10_000;
		const throttle = new Throttle(10, () => now);
		const send = async () => {
			now += 50;
			await throttle.acquire();
			throttle.release();
		};
		for (let i = 0; i < 20; i++) await send();
		throttle.rateLimited(undefined, now);
		expect(throttle.rate).toBe(20);
		const calibrated = now;
		// The next second another run takes the limit: of 20 sent, 18 are refused (17 of them sent before
		// the pace was set, so counted without lowering it again), 2 accepted per second.
		for (let i = 0; i < 20; i++) await send();
		for (let i = 0; i < 17; i++) throttle.rateLimited(undefined, calibrated - 1);
		expect(throttle.rate).toBe(20);
		throttle.rateLimited(undefined, now);
		expect(throttle.rate).toBe(10);
	});
});
