import type { IDataObject } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { checkId } from '../../shared/ids';
import { DEFAULT_CONCURRENCY } from '../../shared/transport/throttle';
import { isEmpty, isObject, shown, toBoolean, toInteger, toText } from '../../shared/values';
import type { Field, ParamPath, Request } from './field';
import { string } from './scalars';

// The fields many operations share: Options (sent as headers or request settings), Return All and
// Limit, Simplify, a search query, and the binary field of a file.

/** Simplify: only the fields a workflow usually maps, n8n's convention for big objects; off by default. */
export const simplify = (): Field => ({
	property: {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
	apply(value, request) {
		request.simplify = toBoolean(value, 'Simplify');
	},
});

/** Return All / Limit for lists and searches. */
export function pagination(): Array<Field<never>> {
	return [
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

export const connectedAccount = option(
	'stripeAccount',
	'Connected Account',
	'Act on behalf of this connected account (sends the Stripe-Account header)',
	'acct_...',
	(value, request) => {
		request.options.stripeAccount = checkId(
			header(value, 'Connected Account'),
			'account',
			'Connected Account',
		);
	},
);

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

/** Output Fields: each object cut to the fields a workflow or an AI agent needs; its id always stays. */
export const outputFields: Field = {
	property: {
		displayName: 'Output Fields',
		name: 'outputFields',
		type: 'string',
		default: '',
		placeholder: 'email, name, address.city, metadata',
		description:
			'Only these fields of each object, as dot paths separated by commas; the ID is always kept. Leave empty for the whole object.',
	},
	apply(value, request) {
		if (isEmpty(value)) return;
		const paths = toText(value, 'Output Fields')
			.split(',')
			.map((p) => p.trim())
			.filter(Boolean);
		for (const path of paths)
			if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path))
				throw new FieldError(
					'Output Fields',
					`must be field names or dot paths such as address.city, separated by commas, got "${path}"`,
				);
		request.select = paths;
	},
};

/** An object cut to `paths` (dot paths), its id and object kept. */
export function selectFields(object: IDataObject, paths: string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of ['id', 'object']) if (key in object) out[key] = object[key];
	for (const path of paths) {
		const keys = path.split('.');
		let from: unknown = object;
		for (const key of keys) from = isObject(from) ? from[key] : undefined;
		if (from === undefined) continue;
		let to = out;
		for (const key of keys.slice(0, -1))
			to = (isObject(to[key]) ? to[key] : (to[key] = {})) as IDataObject;
		to[keys[keys.length - 1]] = from as IDataObject[keyof IDataObject];
	}
	return out;
}

/**
 * Exactly once beyond the Idempotency-Key's 24 hours: before a create, the object made earlier with this
 * metadata is looked for and returned (marked `existing: true`) instead of a second one being made.
 */
export const existingByMetadata: Field = {
	property: {
		displayName: 'Return Existing Object',
		name: 'existing',
		type: 'fixedCollection',
		placeholder: 'Add Metadata to Match',
		default: {},
		description:
			'Before creating, look for one made earlier with this metadata (e.g. shopify_refund_id = the Shopify refund ID) and return it, marked existing: true, instead of creating another; the new object gets this metadata. Keeps a re-run days later from writing twice.',
		options: [
			{
				name: 'match',
				displayName: 'Metadata to Match',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'shopify_refund_id',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 920123456001',
					},
				],
			},
		],
	},
	apply(value, request) {
		const field = 'Return Existing Object';
		if (isEmpty(value)) return;
		const match = isObject(value) ? value.match : undefined;
		if (isEmpty(match)) return;
		if (!isObject(match))
			throw new FieldError(field, `must be a metadata key and value, got ${shown(match)}`);
		const key = toText(match.key, `${field} > Key`).trim();
		const text = typeof match.value === 'number' ? String(match.value) : match.value;
		const wanted = toText(text, `${field} > Value`).trim();
		if (!key || !wanted) throw new FieldError(field, 'needs both a metadata key and a value');
		if (key.length > 40) throw new FieldError(`${field} > Key`, 'must be at most 40 characters');
		// As Stripe's metadata keys: no square brackets.
		if (/[[\]]/.test(key)) throw new FieldError(`${field} > Key`, 'must not contain [ or ]');
		if (wanted.length > 500)
			throw new FieldError(`${field} > Value`, 'must be at most 500 characters');
		request.existing = { key, value: wanted };
	},
};

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
