import type { Server } from 'http';

export interface RateLimit {
	/** Requests per second admitted. */
	rps: number;
	/** Bucket size: requests admitted at once after a quiet spell; 1 by default. */
	burst?: number;
	/** Seconds sent as Retry-After on each 429; none by default, as real Stripe rarely sends it. */
	retryAfter?: number;
}

export interface FaultOptions {
	seed?: number;
	latencyMs?: number;
	rateLimit?: RateLimit;
	serverErrorRate?: number;
	serverErrorStatuses?: number[];
	serverErrorAppliedShare?: number;
	shouldRetry?: 'true' | 'false';
	resetRate?: number;
	stallRate?: number;
	stallMs?: number;
	only?: (request: { method: string; path: string }) => boolean;
}

export interface FaultCounts {
	/** Requests received. */
	requests: number;
	/** Requests the stand-in received (and, for writes, applied). */
	forwarded: number;
	/** Requests whose stand-in answer reached the client. */
	answered: number;
	rateLimited: number;
	/** 5xx answered, before or after forwarding. */
	errors: number;
	/** 5xx answered after the stand-in applied the request. */
	errorsApplied: number;
	resets: number;
	stalls: number;
}

export interface ProxiedRequest {
	method: string;
	path: string;
	idempotencyKey?: string;
	outcome: 'answered' | 'rateLimited' | 'error' | 'errorApplied' | 'reset' | 'stall';
}

export interface FaultProxy {
	counts: FaultCounts;
	/** Counts by `METHOD /path`. */
	byRoute: Record<string, FaultCounts>;
	requests: ProxiedRequest[];
	server: Server;
	configure(changes: FaultOptions): void;
	reset(): void;
	listen(port?: number): Promise<string>;
	close(): Promise<void>;
}

export function createFaultProxy(target: string, options?: FaultOptions): FaultProxy;
export function mulberry32(seed: number): () => number;
