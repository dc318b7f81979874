import type { Server } from 'http';

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, any>;
	body: Record<string, any>;
	rawBody: string;
	idempotencyKey?: string;
	stripeAccount?: string;
	stripeVersion?: string;
	authorization?: string;
	/** When it arrived (ms since the epoch). */
	at: number;
	replayed?: boolean;
	/** The HTTP status it was answered with. */
	status?: number;
	forwarded?: boolean;
}

/** One event sent (or not) to one webhook endpoint. */
export interface Delivery {
	endpointId: string;
	eventId: string;
	type: string;
	url: string;
	/** `skipped`: the endpoint's URL is not http on this machine, so nothing is sent. */
	status: 'pending' | 'delivered' | 'failed' | 'skipped';
	attempts: number;
	/** The HTTP status of each attempt, null where no answer came. */
	responses: Array<number | null>;
}

export interface StandIn {
	requests: RecordedRequest[];
	store: Map<string, Record<string, any>>;
	server: Server;
	/** Webhook deliveries of the events that writes emitted, in the order they were started. */
	deliveries: Delivery[];
	seed(collection: string, fields: Record<string, unknown>, account?: string): Record<string, any>;
	/** Records an event as if it had happened (at `created`, if given); it is listed, never delivered. */
	event(
		type: string,
		object: Record<string, unknown>,
		options?: {
			created?: number;
			account?: string;
			previousAttributes?: Record<string, unknown>;
			apiVersion?: string;
		},
	): Record<string, any>;
	connectedAccount(id: string): string;
	/** Fails a refund after the fact (status failed, the amount back on the charge, refund.failed announced). */
	failRefund(id: string, reason?: string): Record<string, any>;
	/**
	 * How long a write with an Idempotency-Key takes before it is applied; meanwhile the same key gets 409.
	 * `untilConflict`: the write is applied as soon as a request with its key was answered 409 (`ms` at most),
	 * so two requests sent at about the same time meet in flight whatever their timing.
	 */
	setProcessingDelay(ms: number, options?: { untilConflict?: boolean }): void;
	/** Forgets every Idempotency-Key, as Stripe does after about 24 hours: a key sent again writes again. */
	forgetIdempotencyKeys(): void;
	listen(port?: number): Promise<string>;
	/** Resolves once every webhook delivery under way, retries included, has finished. */
	settled(): Promise<void>;
	/** Stops the server; retries still waiting are given up (recorded as failed). */
	close(): Promise<void>;
}

/** `resolve` maps the hosts of https webhook addresses to local http origins (the stand-in's DNS). */
export function createStandIn(options?: {
	resolve?: Record<string, string>;
	/** See setProcessingDelay. */
	processingMs?: number;
}): StandIn;
/** Whether a base URL is that of a stand-in listening in this process. */
export function isStandIn(baseUrl: string): boolean;
export function decodeForm(text: string): Record<string, any>;
/** The PDF the stand-in serves for an invoice (`Invoice STANDIN-0001`), a credit note or a quote. */
export function samplePdf(title: string): Buffer;
export const PLATFORM: string;
/**
 * The account's API version, the SDK's pinned one: events carry it, and so does a webhook endpoint
 * created without one.
 */
export const ACCOUNT_API_VERSION: string;
/** The events named after a change of an object: [object, event type, whether (after, before) is that change]. */
export const CHANGE_EVENTS: Array<
	[string, string, (after: Record<string, any>, before: Record<string, any>) => boolean]
>;
/** The waits before each retry of a webhook delivery. */
export const RETRY_DELAYS_MS: number[];
