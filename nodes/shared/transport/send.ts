import { sleep } from 'n8n-workflow';
import { DEFAULT_CONCURRENCY, Throttle } from './throttle';

/** Sends one Stripe request (the call that makes it) and gives its answer, retried and throttled. */
export type Send = <T>(request: () => Promise<T>) => Promise<T>;

export const RETRY = {
	/** Attempts for connection resets, timeouts and 5xx: the first and three retries. */
	transientAttempts: 4,
	/** 429s are Stripe asking to slow down, not failures: retried for this long per request. */
	rateLimitedForMs: 10 * 60 * 1000,
	/** A 409 for a key whose first request is still being processed (another worker's): waited out this long. */
	inFlightForMs: 60 * 1000,
	baseDelayMs: 250,
	maxDelayMs: 8000,
};

interface HttpFailure {
	statusCode?: number;
	type?: string;
	code?: string;
	headers?: Record<string, string | undefined>;
}

type Verdict =
	| { retry: false }
	| { retry: true; rateLimited: boolean; inFlight?: boolean; retryAfterMs?: number };

/** What Stripe's answer says about trying again: `Stripe-Should-Retry` first, then the status. */
export function verdict(error: unknown): Verdict {
	const e = (error ?? {}) as HttpFailure;
	const header = (name: string) => e.headers?.[name] ?? e.headers?.[name.toLowerCase()];
	const should = header('stripe-should-retry');
	if (should === 'false') return { retry: false };
	const retryAfter = Number(header('retry-after'));
	const retryAfterMs =
		Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 60000) : undefined;
	if (e.statusCode === 429) return { retry: true, rateLimited: true, retryAfterMs };
	// The same key's first request is still being processed: once it ends, the resend gets its answer.
	if (e.statusCode === 409 && e.code === 'idempotency_key_in_use')
		return { retry: true, rateLimited: false, inFlight: true, retryAfterMs };
	const transient =
		e.type === 'StripeConnectionError' ||
		(e.statusCode !== undefined && e.statusCode >= 500) ||
		should === 'true';
	return transient ? { retry: true, rateLimited: false, retryAfterMs } : { retry: false };
}

/** Full jitter: anywhere up to the exponential bound, so retries from many items spread out. */
const backoff = (attempt: number, random: () => number) =>
	random() * Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** attempt);

/**
 * Starts an SDK call without the stack trace the SDK captures at every call to add to its errors: ours
 * name the item and field instead, and formatting the runner's deep async stack cost more CPU than the
 * rest of the call. The limit is restored before anything else runs, as the SDK captures it synchronously.
 */
function withoutCallSite<T>(start: () => Promise<T>): Promise<T> {
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 0;
	try {
		return start();
	} finally {
		Error.stackTraceLimit = limit;
	}
}

/**
 * Sends one Stripe request through the throttle, retrying what Stripe says may be retried. The
 * request is resent as it was, so a write keeps its Idempotency-Key and is never applied twice.
 */
export function retrying(throttle: Throttle, random = Math.random): Send {
	return async (request) => {
		const started = Date.now();
		for (let transient = 0, waited = 0; ;) {
			const sentAt = await throttle.acquire();
			let failure: unknown;
			try {
				const result = await withoutCallSite(request);
				throttle.succeeded();
				return result;
			} catch (error) {
				failure = error;
			} finally {
				throttle.release();
			}
			const v = verdict(failure);
			if (!v.retry) throw failure;
			if (v.rateLimited) {
				throttle.rateLimited(v.retryAfterMs, sentAt);
				if (Date.now() - started > RETRY.rateLimitedForMs) throw failure;
			} else if (v.inFlight) {
				if (Date.now() - started > RETRY.inFlightForMs) throw failure;
			} else if (++transient >= RETRY.transientAttempts) throw failure;
			const attempt = v.rateLimited || v.inFlight ? Math.min(++waited, 3) : transient;
			await sleep(v.retryAfterMs ?? backoff(attempt, random));
		}
	};
}

/** A Send with a throttle of its own, for a trigger's poll: what the action node's runner shares across its items. */
export const sender = (concurrency = DEFAULT_CONCURRENCY): Send =>
	retrying(new Throttle(concurrency));
