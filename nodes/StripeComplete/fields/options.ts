import { checkConnectedAccount, connectedAccountProperty } from '../../shared/client';
import { FieldError } from '../../shared/errors';
import { checkId, idPlaceholder, type StripeObject } from '../../shared/ids';
import { DEFAULT_CONCURRENCY } from '../../shared/transport/throttle';
import { isEmpty, toBoolean, toInteger, toText } from '../../shared/values';
import { returnAsOnePage } from '../output';
import type { Field, ParamPath, Request } from './field';
import { string } from './scalars';

// The fields many operations share: Options (sent as headers or request settings), Return All and
// Limit, a search query, and the binary field of a file.

/**
 * Return All / Limit for lists and searches; for lists paged by object ID (`cursor`), also a page an agent
 * or a loop can continue from: Starting After, and Return as One Page (output/) with has_more and the
 * next cursor.
 */
export function pagination(cursor = false, listed?: StripeObject): Array<Field<never>> {
	const fields: Array<Field<never>> = [
		{
			property: {
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
			},
			apply(value, request) {
				request.returnAll = toBoolean(value, 'Return All');
			},
		},
		{
			property: {
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				default: 50,
				typeOptions: { minValue: 1 },
				description: 'Max number of results to return',
				displayOptions: { show: { returnAll: [false] } },
			},
			apply(value, request) {
				if (request.returnAll) return;
				request.limit = toInteger(value, 'Limit', 1);
			},
		},
	];
	if (!cursor) return fields;
	const pageOnly = { show: { returnAll: [false] } };
	fields.push(
		{
			property: {
				displayName: 'Starting After',
				name: 'startingAfter',
				type: 'string',
				default: '',
				placeholder: listed ? idPlaceholder(listed) : undefined,
				description:
					"Continue a list after this object's ID: the next_starting_after of a page returned as one item, or the last ID of the previous page",
				displayOptions: pageOnly,
			},
			apply(value, request) {
				if (request.returnAll || isEmpty(value)) return;
				request.params.starting_after = checkId(
					toText(value, 'Starting After').trim(),
					listed,
					'Starting After',
				);
			},
		},
		returnAsOnePage,
	);
	return fields;
}

/** A query in Stripe's search query language. */
export const searchQuery = <P>(example: string): Field<P> =>
	string<P>('query' as ParamPath<P>, {
		displayName: 'Query',
		required: true,
		placeholder: example,
		description:
			'Stripe search query, e.g. <code>' +
			example +
			'</code>. See <a href="https://docs.stripe.com/search#search-query-language">Stripe\'s search query language</a>.',
	});

function option(
	name: string,
	displayName: string,
	description: string,
	placeholder: string,
	toRequest: (value: string, request: Request) => void,
): Field {
	return {
		property: { displayName, name, type: 'string', default: '', description, placeholder },
		apply(value, request) {
			if (!isEmpty(value)) toRequest(toText(value, displayName), request);
		},
	};
}

/** An option sent as an HTTP header: Node refuses anything but visible ASCII and spaces there. */
function header(value: string, field: string): string {
	const bad = /[^\x20-\x7e]/.exec(value);
	if (bad)
		throw new FieldError(
			field,
			`cannot be sent as an HTTP header: it holds ${bad[0] < ' ' || bad[0] === '\x7f' ? 'a control character' : `"${bad[0]}"`}; use ASCII letters, digits and punctuation`,
		);
	return value;
}

export const connectedAccount: Field = {
	property: connectedAccountProperty(
		'Act on behalf of this connected account (sends the Stripe-Account header)',
	),
	apply(value, request) {
		const account = checkConnectedAccount(value);
		if (account) request.options.stripeAccount = account;
	},
};

export const expand = option(
	'expand',
	'Expand',
	'Comma-separated fields to expand in the response, e.g. customer, latest_charge',
	'customer',
	(value, request) => {
		request.params.expand = value
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
	},
);

export const idempotencyKey = option(
	'idempotencyKey',
	'Idempotency Key',
	'Your own key for this write, e.g. the ID of the order or refund in the source system, so a re-run workflow never writes twice. Without it a key unique to this execution, node, item and request is used.',
	'={{ $json.id }}',
	(value, request) => {
		if (value.length > 255)
			throw new FieldError(
				'Idempotency Key',
				`must be at most 255 characters, got ${value.length}`,
			);
		request.options.idempotencyKey = header(value, 'Idempotency Key');
	},
);

export const apiVersion = option(
	'apiVersion',
	'API Version',
	'Override the Stripe API version for this request; leave empty for the version this node is built for',
	'2026-10-28.endive',
	(value, request) => {
		if (!/^\d{4}-\d{2}-\d{2}(\.\w+)?$/.test(header(value, 'API Version')))
			throw new FieldError('API Version', `must look like 2026-10-28.endive, got "${value}"`);
		request.options.apiVersion = value;
	},
);

/** The n8n binary field of a file operation, named as n8n's own nodes name it. */
function binaryField(displayName: string, hint: string): Field {
	return {
		property: {
			displayName,
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint,
		},
		apply(value, request) {
			if (isEmpty(value)) throw new FieldError(displayName, 'is required');
			request.binaryField = toText(value, displayName);
		},
	};
}

export const INPUT_BINARY_FIELD = 'Input Binary Field';
export const inputBinaryField = binaryField(
	INPUT_BINARY_FIELD,
	'The name of the input binary field containing the file to upload',
);
export const outputBinaryField = binaryField(
	'Put Output File in Field',
	'The name of the output binary field to put the file in',
);

function positiveInteger(
	name: string,
	displayName: string,
	description: string,
	defaultValue: number,
	toRequest: (value: number, request: Request) => void,
): Field {
	return {
		property: {
			displayName,
			name,
			type: 'number',
			default: defaultValue,
			typeOptions: { minValue: 1, numberPrecision: 0 },
			description,
		},
		apply(value, request) {
			if (!isEmpty(value)) toRequest(toInteger(value, displayName, 1), request);
		},
	};
}

export const concurrency = positiveInteger(
	'concurrency',
	'Concurrency',
	'How many requests to send at once. Output order still follows the input. When Stripe answers 429 (rate limited) the node slows all requests down and retries them.',
	DEFAULT_CONCURRENCY,
	(n, request) => (request.concurrency = n),
);

export const timeout = positiveInteger(
	'timeout',
	'Timeout (ms)',
	'Milliseconds to wait for each answer from Stripe before retrying the request (with the same Idempotency-Key); 80000 is 80 seconds',
	80000,
	(n, request) => (request.options.timeout = n),
);
