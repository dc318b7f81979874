import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type JsonObject,
} from 'n8n-workflow';
import { redact, redactAll } from './redact';

/** Invalid input, reported as a NodeOperationError naming the field before any request is sent. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		/** Where the field is: the node's form, or the credential. */
		readonly where: 'node' | 'credential' = 'node',
	) {
		super(`${field}: ${problem}`);
	}
}

/** An answer from Stripe (or whatever answers at the Base URL) that is not what the request promises. */
export class MalformedResponse extends Error {
	constructor(problem: string) {
		super(`Stripe's answer could not be read: ${problem}`);
	}
}

interface StripeLikeError {
	message?: string;
	rawType?: string;
	type?: string;
	code?: string;
	decline_code?: string;
	param?: string;
	doc_url?: string;
	requestId?: string;
	statusCode?: number;
}

const isStripeError = (error: unknown): error is StripeLikeError =>
	error instanceof Error &&
	typeof (error as StripeLikeError).type === 'string' &&
	(error as StripeLikeError).type!.startsWith('Stripe');

/**
 * The fields of a Stripe error that a workflow can act on, and nothing else (no headers), with every
 * secret-looking value redacted wherever Stripe (or a proxy) echoed it.
 */
export function stripeErrorFields(error: unknown, secretKey?: string): IDataObject {
	const e = error as StripeLikeError;
	const fields: IDataObject = {
		message: e.message ?? 'Stripe request failed',
		type: e.rawType ?? (e.type === 'StripeConnectionError' ? 'api_connection_error' : e.type),
		code: e.code,
		decline_code: e.decline_code,
		param: e.param,
		doc_url: e.doc_url,
		request_id: e.requestId,
		status_code: e.statusCode,
	};
	for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
	return redactAll(fields, secretKey);
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The description n8n shows under a Stripe error's message. n8n renders it as HTML, where a newline
 * is only a space, so lines are separated by <br>: what Stripe says, the request ID to quote to
 * Stripe support, and the doc link last, on its own line.
 */
export function errorDescription(fields: IDataObject): string {
	const detail = [
		fields.type,
		fields.code,
		fields.decline_code,
		fields.param && `param ${String(fields.param)}`,
	]
		.filter(Boolean)
		.join(' · ');
	const docUrl =
		typeof fields.doc_url === 'string' && /^https:\/\//.test(fields.doc_url)
			? escapeHtml(fields.doc_url)
			: undefined;
	return [
		detail && escapeHtml(detail),
		fields.request_id && `Request ID ${escapeHtml(String(fields.request_id))}`,
		docUrl && `<a href="${docUrl}" target="_blank">${docUrl}</a>`,
	]
		.filter(Boolean)
		.join('<br>');
}

/**
 * Any failure of one item as the n8n error to throw, or to turn into an error item. `secretKey` is the
 * credential's key, hidden wherever it shows up, whatever its shape.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	secretKey?: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof FieldError) {
		const where =
			error.where === 'credential'
				? `the field "${error.field}" of the Stripe Complete API credential`
				: `the field "${error.field}"`;
		return new NodeOperationError(node, redact(error.message, secretKey), {
			itemIndex,
			description: `Check ${where}`,
		});
	}
	if (error instanceof MalformedResponse)
		return new NodeApiError(
			node,
			{ message: error.message },
			{ message: error.message, itemIndex },
		);
	if (isStripeError(error)) {
		const fields = stripeErrorFields(error, secretKey);
		const apiError = new NodeApiError(node, fields as JsonObject, {
			message: fields.message as string,
			description: errorDescription(fields),
			httpCode: fields.status_code === undefined ? undefined : String(fields.status_code),
			itemIndex,
		});
		apiError.context.stripe = fields;
		return apiError;
	}
	const message = redact(error instanceof Error ? error.message : String(error), secretKey);
	return new NodeOperationError(node, message, { itemIndex });
}

/** The JSON of an error item under Continue On Fail: the same fields the thrown error carries. */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
	const stripe = error.context.stripe as IDataObject | undefined;
	return stripe
		? { error: stripe.message, ...stripe }
		: { error: error.message, ...(error.description ? { description: error.description } : {}) };
}
