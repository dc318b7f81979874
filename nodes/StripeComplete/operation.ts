import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { MalformedResponse } from './errors';
import {
	collection,
	FieldError,
	isEmpty,
	pagination,
	simplify,
	toInteger,
	toText,
	type Field,
	type Request,
} from './fields';
import { checkId } from './ids';
import { createdWindow, listPages, listsByCreated, type FetchPage } from './runner/windows';

/** Wraps one Stripe request: the runner retries it and maps its errors. */
export type Send = <T>(request: () => Promise<T>) => Promise<T>;

export type Kind = 'write' | 'read' | 'list' | 'search' | 'remove';

/** A file as n8n binary data carries it. */
export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/** An output item with a file: the Stripe object the file belongs to, and the file for the item's binary field. */
export class FileItem {
	constructor(
		readonly json: IDataObject,
		readonly file: BinaryFile,
	) {}
}

/** What the runner gives an operation besides the form's request. */
export interface Context {
	/** The credential's Base URL, e.g. https://api.stripe.com. */
	baseUrl: string;
	/** Uploads: the file in the input item's binary field. */
	file?: BinaryFile;
}

export interface Operation {
	value: string;
	name: string;
	action: string;
	description: string;
	kind: Kind;
	fields: Field[];
	/** The SDK methods this operation calls, e.g. `customers.create`. */
	sdk?: string[];
	/** A check across fields, after they are read and before any request. */
	check?: (request: Request) => void;
	/** File operations: `input` sends the input item's file (an upload), `output` gives output items with files (a download). */
	binary?: 'input' | 'output';
	/** Performs the operation for one item; every returned object becomes one output item, a FileItem one with its file. */
	run(
		stripe: Stripe,
		request: Request,
		send: Send,
		context: Context,
	): Promise<Array<IDataObject | FileItem>>;
}

interface Spec<P> {
	value: string;
	/** Action label as n8n shows it and AI agents see it, e.g. "Create a customer". */
	action: string;
	name?: string;
	description?: string;
	fields?: Array<Field<P>>;
	/** Optional fields, shown as a collection: "Additional Fields" on creates, "Update Fields" on updates. */
	optional?: Array<Field<P>>;
	/** Shows the optional fields as Filters (lists and searches). */
	optionalName?: 'filters';
	/** Offers Simplify, after Return All / Limit on lists. */
	simplify?: boolean;
	/** The SDK methods the operation calls, e.g. `customers.create`. */
	sdk?: string[];
}

type Call<P, R> = (
	stripe: Stripe,
	params: P,
	options: Stripe.RequestOptions,
	path: Record<string, string>,
) => Promise<R>;

const NAMES: Record<string, string> = {
	create: 'Create',
	update: 'Update',
	get: 'Get',
	getAll: 'Get Many',
	delete: 'Delete',
	search: 'Search',
};

/** Whether a value is JSON as JSON.parse gives it: what the SDK hands back unless it coerced a field. */
function isJson(value: unknown): boolean {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJson);
	if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
	for (const key in value) if (!isJson((value as Record<string, unknown>)[key])) return false;
	return true;
}

/**
 * An SDK answer as plain JSON. Most answers are already plain but for the raw HTTP response the SDK hangs
 * on them (non-enumerable, left behind by a shallow copy); an answer with a field the SDK coerced (a
 * Decimal, a bigint) takes the JSON round trip, which gives a decimal's and an int64's text.
 */
const toJson = (value: object): IDataObject =>
	isJson(value)
		? { ...value }
		: (JSON.parse(
				JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
			) as IDataObject);

/** A Stripe object as plain JSON for an n8n item; anything but an object is a malformed answer. */
const plain = (object: unknown): IDataObject => {
	if (typeof object !== 'object' || object === null || Array.isArray(object))
		throw new MalformedResponse(
			`expected an object, got ${object === null ? 'null' : Array.isArray(object) ? 'a list' : typeof object}`,
		);
	return toJson(object);
};

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

export const DEFAULT_CONCURRENCY = 10;

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

function requestOptions(kind: Kind): Field {
	const fields = [connectedAccount, apiVersion, concurrency, timeout];
	if (kind !== 'remove') fields.push(expand);
	if (kind === 'write') fields.push(idempotencyKey);
	return collection('options', 'Options', fields, 'Add Option');
}

/** An operation from its spec; `write`, `read`, `list`, `search` and `remove` give `run` for SDK calls. */
export function make<P>(spec: Spec<P>, kind: Kind, run: Operation['run']): Operation {
	const fields = [...((spec.fields ?? []) as Field[])];
	// As in n8n's own nodes: what the operation needs, then Return All and Limit, then Simplify, Filters and Options.
	if (kind === 'list' || kind === 'search') fields.push(...pagination());
	if (spec.simplify) fields.push(simplify());
	if (spec.optional?.length) {
		const isUpdate = spec.value.startsWith('update');
		if (spec.optionalName === 'filters')
			fields.push(collection('filters', 'Filters', spec.optional as Field[], 'Add Filter'));
		else
			fields.push(
				collection(
					isUpdate ? 'updateFields' : 'additionalFields',
					isUpdate ? 'Update Fields' : 'Additional Fields',
					spec.optional as Field[],
					'Add Field',
					isUpdate,
				),
			);
	}
	fields.push(requestOptions(kind));
	return {
		value: spec.value,
		name: spec.name ?? NAMES[spec.value] ?? spec.value,
		action: spec.action,
		description: spec.description ?? spec.action,
		kind,
		fields,
		sdk: spec.sdk,
		run,
	};
}

/** A create or update: one object out, always sent with an Idempotency-Key. */
export const write = <P>(spec: Spec<P> & { call: Call<P, unknown> }) =>
	make(spec, 'write', async (stripe, r, send) => [
		plain(await send(() => spec.call(stripe, r.params as P, r.options, r.path))),
	]);

export const read = <P>(spec: Spec<P> & { call: Call<P, unknown> }) =>
	make(spec, 'read', async (stripe, r, send) => [
		plain(await send(() => spec.call(stripe, r.params as P, r.options, r.path))),
	]);

/** Deletes answer `{id, deleted: true}` (plus Stripe's `object`), so a workflow can check the result. */
export const remove = <P>(spec: Spec<P> & { call: Call<P, { id: string; deleted?: boolean }> }) =>
	make(spec, 'remove', async (stripe, r, send) => {
		const { id, object, deleted } = plain(
			await send(() => spec.call(stripe, r.params as P, r.options, r.path)),
		);
		return [{ id, object, deleted: deleted === true }];
	});

export interface Page {
	data: unknown[];
	has_more: boolean;
	next_page?: string | null;
	/** v2 lists: the path of the next page, null on the last. */
	next_page_url?: string | null;
}

/** Reads a page through `send`, unless it is no longer wanted once `send` lets it go. `next` gives the params of the page after it. */
function pageReader(
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	next: (page: Page) => IDataObject,
	more: (page: Page) => boolean,
): FetchPage {
	return async (params, wanted) => {
		const page = await send(async () => ((await wanted()) ? fetch(params) : undefined));
		if (page === undefined) return undefined;
		if (typeof page !== 'object' || page === null || !Array.isArray(page.data))
			throw new MalformedResponse('a list answer without a data list');
		return {
			objects: page.data.map(plain),
			next: more(page) && page.data.length ? next(page) : undefined,
		};
	};
}

/** Pages of 100 (Stripe's maximum) one after another, and no request beyond what Return All or Limit needs. */
const paginate = (
	r: Request,
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	next: (page: Page) => IDataObject,
	more = (page: Page) => page.has_more,
) => listPages(r, pageReader(send, fetch, next, more));

/** The cursor for the page after `page`: its last object's ID. */
export function lastId(page: Page): string {
	const id = (page.data[page.data.length - 1] as { id?: unknown }).id;
	if (typeof id !== 'string')
		throw new MalformedResponse('a list object without an id to page from');
	return id;
}

/**
 * A v1 list, paged after the last object's ID. A list of a method (`sdk`) that filters by `created`
 * is paged in `created` windows at the same time, up to the node's Concurrency.
 */
export function paginateList(
	r: Request,
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	sdk: string[] | undefined,
) {
	const read = pageReader(
		send,
		fetch,
		(page) => ({ starting_after: lastId(page) }),
		(page) => page.has_more,
	);
	const window =
		listsByCreated(sdk) && !orderedOtherwise(r.params)
			? createdWindow(r.params.created)
			: undefined;
	return listPages(r, read, window && { streams: r.concurrency ?? DEFAULT_CONCURRENCY, window });
}

/** Lists that take `order_by` (Treasury) are newest first by `created` only when ordered by it. */
const orderedOtherwise = (params: IDataObject) =>
	params.order_by !== undefined && params.order_by !== 'created';

export const list = <P>(spec: Spec<P> & { call: Call<P, Page> }) =>
	make(spec, 'list', (stripe, r, send) =>
		paginateList(r, send, (params) => spec.call(stripe, params as P, r.options, r.path), spec.sdk),
	);

export const search = <P>(spec: Spec<P> & { call: Call<P, Page> }) =>
	make(spec, 'search', (stripe, r, send) =>
		paginate(
			r,
			send,
			(params) => spec.call(stripe, params as P, r.options, r.path),
			(page) => {
				if (typeof page.next_page !== 'string')
					throw new MalformedResponse('a search answer with more results but no next_page');
				return { page: page.next_page };
			},
		),
	);

export { paginate, plain };
