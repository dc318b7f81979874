import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type Stripe from 'stripe';

/** Everything one item's form values turn into: the SDK call's params, path ids and request options. */
export interface Request {
	params: IDataObject;
	path: Record<string, string>;
	options: Stripe.RequestOptions;
	returnAll: boolean;
	limit: number;
	/** The workflow's time zone, for dates picked without one. */
	timeZone?: string;
	/** Requests in flight at once; the node takes it from its first item. */
	concurrency?: number;
}

/** Invalid input, reported as a NodeOperationError naming the field before any request is sent. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		problem: string,
	) {
		super(`${field}: ${problem}`);
	}
}

/**
 * One form field and the code that reads it: a field cannot be shown without being sent, nor sent
 * without being shown. `P` is the SDK's params type, so a misspelt Stripe parameter fails `tsc`.
 */
export interface Field<P = never> {
	property: INodeProperties;
	apply(value: unknown, request: Request): void;
	/** Phantom: ties the field to the params type of the operation that shows it. */
	readonly __params?: P;
}

type Key<P> = Extract<keyof P, string>;
/** A Stripe parameter, top-level (`email`) or nested (`recurring.interval`). */
export type ParamPath<P> = Key<P> | `${Key<P>}.${string}`;

interface Display {
	displayName: string;
	description?: string;
	hint?: string;
	placeholder?: string;
	required?: boolean;
	/** n8n parameter name; defaults to the Stripe parameter in camelCase. */
	name?: string;
}

/** A Stripe account ID, for the Connected Account option and account lookups. */
export function checkAccountId(id: string, field: string): string {
	if (!/^acct_\w+$/.test(id)) throw new FieldError(field, `must be an account ID starting with acct_, got "${id}"`);
	return id;
}

const camel = (path: string) => path.replace(/[._]([a-z])/g, (_, c: string) => c.toUpperCase());

export function setParam(params: IDataObject, path: string, value: unknown) {
	const keys = path.split('.');
	let target = params;
	for (const key of keys.slice(0, -1)) {
		target[key] = (target[key] as IDataObject | undefined) ?? {};
		target = target[key] as IDataObject;
	}
	target[keys[keys.length - 1]] = value as IDataObject[string];
}

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function base(
	path: string,
	display: Display,
	type: INodeProperties['type'],
	defaultValue: INodeProperties['default'],
): INodeProperties {
	const { name, ...rest } = display;
	return { ...rest, name: name ?? camel(path), type, default: defaultValue };
}

/** A field whose value, once checked and converted, is one Stripe parameter. */
function param<P>(
	path: string,
	property: INodeProperties,
	convert: (value: unknown) => unknown = (v) => (typeof v === 'string' ? v.trim() : v),
): Field<P> {
	return {
		property,
		apply(value, request) {
			if (isEmpty(value)) {
				if (property.required) throw new FieldError(property.displayName, 'is required');
				return;
			}
			setParam(request.params, path, convert(value));
		},
	};
}

export const string = <P>(path: ParamPath<P>, display: Display): Field<P> =>
	param(path, base(path, display, 'string', ''));

export const boolean = <P>(path: ParamPath<P>, display: Display, defaultValue = false): Field<P> =>
	param(path, base(path, display, 'boolean', defaultValue));

export function integer<P>(path: ParamPath<P>, display: Display, min = 0): Field<P> {
	const property = base(path, display, 'number', min);
	property.typeOptions = { minValue: min, numberPrecision: 0 };
	return param(path, property, (value) => {
		const n = Number(value);
		if (!Number.isInteger(n) || n < min)
			throw new FieldError(display.displayName, `must be a whole number of at least ${min}, got ${String(value)}`);
		return n;
	});
}

export function choice<P>(
	path: ParamPath<P>,
	display: Display,
	values: Array<[name: string, value: string]>,
	defaultValue = values[0][1],
): Field<P> {
	const choices: INodePropertyOptions[] = values.map(([n, value]) => ({ name: n, value }));
	const property = base(path, display, 'options', defaultValue);
	property.options = choices;
	return param(path, property, (value) => {
		if (!choices.some((c) => c.value === value))
			throw new FieldError(display.displayName, `must be one of ${choices.map((c) => c.value).join(', ')}`);
		return value;
	});
}

/** Amounts are integers in the currency's smallest unit, as Stripe takes them. */
export function amount<P>(path: ParamPath<P> = 'amount' as ParamPath<P>, display: Partial<Display> = {}, min = 0): Field<P> {
	return integer(
		path,
		{
			displayName: 'Amount',
			description: "Amount in the currency's smallest unit, as Stripe expects it",
			hint: 'Smallest currency unit: 1050 = $10.50 USD; 500 = ¥500 JPY (zero-decimal)',
			...display,
		},
		min,
	);
}

export function currency<P>(path: ParamPath<P> = 'currency' as ParamPath<P>, display: Partial<Display> = {}): Field<P> {
	const d = { displayName: 'Currency', description: 'Three-letter ISO code, e.g. usd, eur', placeholder: 'usd', ...display };
	return param(path, base(path, d, 'string', ''), (value) => {
		const code = String(value).trim().toLowerCase();
		if (!/^[a-z]{3}$/.test(code))
			throw new FieldError(d.displayName, `must be a three-letter ISO currency code such as usd, got "${String(value)}"`);
		return code;
	});
}

/** A Stripe id in the request path (e.g. the customer to update). */
export function pathId(key: string, displayName: string, placeholder: string): Field<never> {
	const property: INodeProperties = {
		displayName,
		name: camel(key) + 'Id',
		type: 'string',
		default: '',
		required: true,
		placeholder,
	};
	return {
		property,
		apply(value, request) {
			const id = typeof value === 'string' ? value.trim() : '';
			if (!id) throw new FieldError(displayName, 'is required');
			if (/[/?#\s]/.test(id)) throw new FieldError(displayName, `is not a valid Stripe ID: "${id}"`);
			request.path[key] = id;
		},
	};
}

/** Metadata as key/value pairs; on updates an empty value removes the key, as in Stripe. */
export function metadata<P>(): Field<P> {
	return {
		property: {
			displayName: 'Metadata',
			name: 'metadata',
			type: 'fixedCollection',
			placeholder: 'Add Metadata',
			default: {},
			typeOptions: { multipleValues: true },
			description: 'Key/value pairs stored on the Stripe object (up to 50 keys)',
			options: [
				{
					displayName: 'Entry',
					name: 'entry',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		apply(value, request) {
			const entries = ((value as IDataObject | undefined)?.entry as IDataObject[] | undefined) ?? [];
			if (!entries.length) return;
			const out: Record<string, string> = {};
			for (const { key, value: v } of entries) {
				const k = String(key ?? '').trim();
				if (!k) throw new FieldError('Metadata', 'every entry needs a key');
				if (k.length > 40) throw new FieldError('Metadata', `key "${k}" is longer than 40 characters`);
				out[k] = v === undefined || v === null ? '' : String(v);
			}
			request.params.metadata = out;
		},
	};
}

export function address<P>(path: ParamPath<P> = 'address' as ParamPath<P>, displayName = 'Address'): Field<P> {
	const parts: Array<[string, string]> = [
		['line1', 'Line 1'],
		['line2', 'Line 2'],
		['city', 'City'],
		['state', 'State'],
		['postal_code', 'Postal Code'],
		['country', 'Country'],
	];
	return {
		property: {
			displayName,
			name: camel(path),
			type: 'collection',
			placeholder: 'Add Address Field',
			default: {},
			options: parts.map(([key, label]) => ({
				displayName: label,
				name: camel(key),
				type: 'string',
				default: '',
				description: key === 'country' ? 'Two-letter country code (ISO 3166-1 alpha-2)' : undefined,
			})),
		},
		apply(value, request) {
			const v = (value ?? {}) as IDataObject;
			const out: IDataObject = {};
			for (const [key] of parts) if (!isEmpty(v[camel(key)])) out[key] = String(v[camel(key)]).trim();
			if (out.country && !/^[A-Za-z]{2}$/.test(out.country as string))
				throw new FieldError(`${displayName} Country`, 'must be a two-letter country code such as US');
			if (Object.keys(out).length) setParam(request.params, path, out);
		},
	};
}

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffset(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * Dates from the n8n date picker or expressions (ISO text, Luxon, Date, unix s or ms) as unix seconds.
 * The picker gives local times without a zone: those are read in the workflow's time zone, as n8n means them.
 */
export function toUnixSeconds(value: unknown, field: string, timeZone?: string): number {
	if (typeof value === 'number') return value > 1e11 ? Math.floor(value / 1000) : Math.floor(value);
	if (value instanceof Date) return Math.floor(value.getTime() / 1000);
	const text = (typeof value === 'object' && value !== null && 'toISO' in value ? String((value as { toISO(): string }).toISO()) : String(value)).trim();
	if (/^\d+$/.test(text)) return toUnixSeconds(Number(text), field);
	const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
	const ms = Date.parse(zoned ? text : `${text.length === 10 ? `${text}T00:00:00` : text}Z`);
	if (Number.isNaN(ms)) throw new FieldError(field, `is not a valid date: "${text}"`);
	if (zoned || !timeZone) return Math.floor(ms / 1000);
	return Math.floor((ms - zoneOffset(ms - zoneOffset(ms, timeZone), timeZone)) / 1000);
}

/** Created-date range filter: Stripe's `created[gte]` / `created[lte]`. */
export function createdRange<P>(): Field<P>[] {
	const bound = (name: string, displayName: string, op: 'gte' | 'lte'): Field<P> => ({
		property: { displayName, name, type: 'dateTime', default: '', description: `Only objects created ${op === 'gte' ? 'at or after' : 'at or before'} this time` },
		apply(value, request) {
			if (isEmpty(value)) return;
			setParam(request.params, `created.${op}`, toUnixSeconds(value, displayName, request.timeZone));
		},
	});
	return [bound('createdAfter', 'Created After', 'gte'), bound('createdBefore', 'Created Before', 'lte')];
}

/** Parses a JSON field given as text or (from an expression) as an object. */
export function parseJson(value: unknown, field: string): IDataObject {
	if (isEmpty(value)) return {};
	if (typeof value === 'object') return value as IDataObject;
	try {
		const parsed = JSON.parse(String(value));
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
		return parsed as IDataObject;
	} catch {
		throw new FieldError(field, 'must be a JSON object, e.g. {"limit": 10}');
	}
}

/** An n8n collection ("Additional Fields", "Filters", "Options"): each option is a field of its own. */
export function collection<P>(name: string, displayName: string, fields: Array<Field<P>>, placeholder = 'Add Field'): Field<P> {
	const byName = new Map(fields.map((f) => [f.property.name, f]));
	const sorted = [...fields].sort((a, b) => a.property.displayName.localeCompare(b.property.displayName));
	return {
		property: {
			displayName,
			name,
			type: 'collection',
			placeholder,
			default: {},
			options: sorted.map((f) => {
				const { required: _required, ...rest } = f.property;
				return rest;
			}),
		},
		apply(value, request) {
			for (const [key, v] of Object.entries((value ?? {}) as IDataObject)) {
				const field = byName.get(key);
				if (!field) throw new FieldError(displayName, `has no option "${key}"`);
				field.apply(v, request);
			}
		},
	};
}

/** Return All / Limit for lists and searches. */
export function pagination(): Array<Field<never>> {
	return [
		{
			property: { displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit' },
			apply(value, request) {
				request.returnAll = value === true;
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
				const n = Number(value);
				if (!Number.isInteger(n) || n < 1) throw new FieldError('Limit', `must be a whole number of at least 1, got ${String(value)}`);
				request.limit = n;
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
		description: "Stripe search query, e.g. <code>" + example + '</code>. See <a href="https://docs.stripe.com/search#search-query-language">Stripe\'s search query language</a>.',
	});
