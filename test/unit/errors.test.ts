import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';
import Stripe from 'stripe';
import { redact } from '../../nodes/shared/redact';
import { FieldError } from '../../nodes/shared/errors';
import { errorItemJson, toNodeError } from '../../nodes/shared/errors';

const node: INode = {
	id: 'n1',
	name: 'Stripe Complete',
	type: 'stripeComplete',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('error mapping', () => {
	const decline = new Stripe.errors.StripeCardError({
		type: 'card_error',
		message: 'Your card was declined.',
		code: 'card_declined',
		decline_code: 'insufficient_funds',
		param: 'source',
		doc_url: 'https://stripe.com/docs/error-codes/card-declined',
		statusCode: 402,
		requestId: 'req_123',
	} as any);

	it('turns a Stripe error into a NodeApiError with every Stripe field', () => {
		const error = toNodeError(node, decline, 3) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Your card was declined.');
		expect(error.httpCode).toBe('402');
		expect(error.context.itemIndex).toBe(3);
		expect(error.context.stripe).toEqual({
			message: 'Your card was declined.',
			type: 'card_error',
			code: 'card_declined',
			decline_code: 'insufficient_funds',
			param: 'source',
			doc_url: 'https://stripe.com/docs/error-codes/card-declined',
			request_id: 'req_123',
			status_code: 402,
		});
	});

	it('describes a Stripe error in lines (n8n shows the description as HTML), the doc link last on its own', () => {
		const error = toNodeError(node, decline, 0) as NodeApiError;
		expect(error.description!.split('<br>')).toEqual([
			'card_error · card_declined · insufficient_funds · param source',
			'Request ID req_123',
			'<a href="https://stripe.com/docs/error-codes/card-declined" target="_blank">https://stripe.com/docs/error-codes/card-declined</a>',
		]);
		expect(error.description).not.toContain('\n');
	});

	it('leaves out the lines Stripe gave nothing for, and never lets its text become markup', () => {
		const bare = new Stripe.errors.StripeAPIError({
			type: 'api_error',
			message: 'Something went wrong',
			param: 'items[0]<b>',
		} as any);
		expect(toNodeError(node, bare, 0).description).toBe('api_error · param items[0]&lt;b&gt;');
		const odd = new Stripe.errors.StripeInvalidRequestError({
			type: 'invalid_request_error',
			message: 'No such customer',
			doc_url: 'javascript:alert(1)',
			requestId: 'req_1',
		} as any);
		expect(toNodeError(node, odd, 0).description).toBe('invalid_request_error<br>Request ID req_1');
	});

	it('gives Continue On Fail items the same fields', () => {
		expect(errorItemJson(toNodeError(node, decline, 0))).toMatchObject({
			error: 'Your card was declined.',
			decline_code: 'insufficient_funds',
			status_code: 402,
			request_id: 'req_123',
		});
	});

	it('names the field for invalid input', () => {
		const error = toNodeError(
			node,
			new FieldError('Currency', 'must be a three-letter ISO currency code'),
			1,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Currency: must be a three-letter ISO currency code');
		expect(errorItemJson(error)).toEqual({
			error: error.message,
			description: 'Check the field "Currency"',
		});
	});

	it('never lets a key through, whatever carried it', () => {
		const leaky = new Error('boom with sk_live_51Habc123XYZ and rk_test_abc');
		const error = toNodeError(node, leaky, 0);
		expect(error.message).toBe('boom with sk_live_[redacted] and rk_test_[redacted]');
		expect(redact('Invalid API Key provided: sk_test_****1234')).toBe(
			'Invalid API Key provided: sk_test_[redacted]',
		);
	});
});
