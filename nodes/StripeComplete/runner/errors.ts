import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';
import { redact } from '../client';
import { FieldError } from '../fields';

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
	error instanceof Error && typeof (error as StripeLikeError).type === 'string' && (error as StripeLikeError).type!.startsWith('Stripe');

/** The fields of a Stripe error that a workflow can act on, and nothing else (no headers, no key). */
export function stripeErrorFields(error: unknown): IDataObject {
	const e = error as StripeLikeError;
	const fields: IDataObject = {
		message: redact(e.message ?? 'Stripe request failed'),
		type: e.rawType ?? (e.type === 'StripeConnectionError' ? 'api_connection_error' : e.type),
		code: e.code,
		decline_code: e.decline_code,
		param: e.param,
		doc_url: e.doc_url,
		request_id: e.requestId,
		status_code: e.statusCode,
	};
	for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
	return fields;
}

/** Any failure of one item as the n8n error to throw, or to turn into an error item. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof FieldError)
		return new NodeOperationError(node, error.message, { itemIndex, description: `Check the field "${error.field}"` });
	if (isStripeError(error)) {
		const fields = stripeErrorFields(error);
		const detail = [fields.type, fields.code, fields.decline_code, fields.param && `param ${String(fields.param)}`].filter(Boolean).join(' · ');
		const apiError = new NodeApiError(node, fields as JsonObject, {
			message: fields.message as string,
			description: [detail, fields.doc_url, fields.request_id && `Request ID ${String(fields.request_id)}`].filter(Boolean).join('\n'),
			httpCode: fields.status_code === undefined ? undefined : String(fields.status_code),
			itemIndex,
		});
		apiError.context.stripe = fields;
		return apiError;
	}
	const message = redact(error instanceof Error ? error.message : String(error));
	return new NodeOperationError(node, message, { itemIndex });
}

/** The JSON of an error item under Continue On Fail: the same fields the thrown error carries. */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
	const stripe = error.context.stripe as IDataObject | undefined;
	return stripe ? { error: stripe.message, ...stripe } : { error: error.message, ...(error.description ? { description: error.description } : {}) };
}
