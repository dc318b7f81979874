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
	replayed?: boolean;
	forwarded?: boolean;
}

export interface StandIn {
	requests: RecordedRequest[];
	store: Map<string, Record<string, any>>;
	server: Server;
	seed(collection: string, fields: Record<string, unknown>, account?: string): Record<string, any>;
	event(type: string, object: Record<string, unknown>, options?: { created?: number; account?: string; previousAttributes?: Record<string, unknown>; apiVersion?: string }): Record<string, any>;
	connectedAccount(id: string): string;
	listen(port?: number): Promise<string>;
	close(): Promise<void>;
}

export function createStandIn(): StandIn;
export function decodeForm(text: string): Record<string, any>;
/** The PDF the stand-in serves for an invoice (`Invoice STANDIN-0001`), a credit note or a quote. */
export function samplePdf(title: string): Buffer;
export const PLATFORM: string;
export const ACCOUNT_API_VERSION: string;
