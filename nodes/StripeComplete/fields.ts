import {
	jsonParse,
	type IDataObject,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';
import type Stripe from 'stripe';
import { FieldError } from './errors';
import { checkId, idPlaceholder, type StripeObject } from './ids';
import { locatorProperty, locatorValue } from './pickers';

export { FieldError };

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
	/** Return only the fields a workflow usually maps. */
	simplify?: boolean;
	/** File operations: the n8n binary field of the input item (an upload) or of the output item (a download). */
	binaryField?: string;
}

/**
 * One form field and the code that reads it: a field cannot be shown without being sent, nor sent
 * without being shown. `P` is the SDK's params type, so a misspelt Stripe parameter fails `tsc`.
 */
export interface Field<P = never> {
	property: INodeProperties;
	apply(value: unknown, request: Request): void;
	/** The Stripe parameter an update may unset by sending it empty (Stripe's `Emptyable` parameters). */
	clear?: string;
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
	/** Stripe lets an update unset this parameter (the SDK types it `Emptyable`). */
	clearable?: boolean;
	/** Text that may also be true or false (`off_session`): a boolean from an expression is taken as its word. */
	booleans?: boolean;
}

/** A Stripe name as an n8n parameter name: `invoice_settings.footer` is invoiceSettingsFooter. */
export const camel = (path: string) =>
	path.replace(/[._]([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function setParam(params: IDataObject, path: string, value: unknown) {
	const keys = path.split('.');
	let target = params;
	for (const key of keys.slice(0, -1)) {
		target[key] = (target[key] as IDataObject | undefined) ?? {};
		target = target[key] as IDataObject;
	}
	target[keys[keys.length - 1]] = value as IDataObject[string];
}

const getParam = (params: IDataObject, path: string): unknown =>
	path
		.split('.')
		.reduce<unknown>((target, key) => (target as IDataObject | undefined)?.[key], params);

export const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as an error message shows it: text quoted and cut short, other kinds by name. */
export function shown(value: unknown): string {
	if (typeof value === 'string')
		return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
	if (Array.isArray(value)) return 'a list';
	if (value instanceof Date) return 'a date object';
	if (typeof value === 'object' && value !== null) return 'an object';
	return String(value);
}

/** Text: a string (trimmed) or a finite number as its digits; objects, lists and booleans are refused. */
export function toText(value: unknown, field: string): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new FieldError(field, `must be text, got ${shown(value)}`);
}

/** Checks one part of a field (a line item's quantity), reporting a problem under the field's own name. */
export function part<T>(field: string, label: string, check: (label: string) => T): T {
	try {
		return check(label);
	} catch (error) {
		// Still a FieldError, which the runner turns into a NodeOperationError naming the field.
		throw error instanceof FieldError ? new FieldError(field, `${label} ${error.problem}`) : error;
	}
}

/** A whole number in JavaScript's safe range, given as a number or as decimal digits. */
export function toInteger(value: unknown, field: string, min = 0): number {
	const text = typeof value === 'string' ? value.trim() : undefined;
	const n =
		typeof value === 'number'
			? value
			: text !== undefined && /^-?\d+$/.test(text)
				? Number(text)
				: NaN;
	if (!Number.isSafeInteger(n))
		throw new FieldError(field, `must be a whole number, got ${shown(value)}`);
	if (n < min) throw new FieldError(field, `must be at least ${min}, got ${n}`);
	return n;
}

export function toBoolean(value: unknown, field: string): boolean {
	if (typeof value === 'boolean') return value;
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === 'true' || text === 'false') return text === 'true';
	throw new FieldError(field, `must be true or false, got ${shown(value)}`);
}

function base(
	path: string,
	display: Display,
	type: INodeProperties['type'],
	defaultValue: INodeProperties['default'],
): INodeProperties {
	const { name, clearable: _clearable, booleans: _booleans, ...rest } = display;
	return { ...rest, name: name ?? camel(path), type, default: defaultValue };
}

/** A field whose value, once checked and converted, is one Stripe parameter. */
function param<P>(
	path: string,
	property: INodeProperties,
	convert: (value: unknown) => unknown,
	clearable?: boolean,
): Field<P> {
	return {
		property,
		clear: clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) {
				if (property.required) throw new FieldError(property.displayName, 'is required');
				return;
			}
			const converted = convert(value);
			if (converted !== undefined) setParam(request.params, path, converted);
		},
	};
}

export const string = <P>(path: ParamPath<P>, display: Display): Field<P> =>
	param(
		path,
		base(path, display, 'string', ''),
		(v) =>
			display.booleans && typeof v === 'boolean' ? String(v) : toText(v, display.displayName),
		display.clearable,
	);

export const boolean = <P>(path: ParamPath<P>, display: Display, defaultValue = false): Field<P> =>
	param(path, base(path, display, 'boolean', defaultValue), (v) =>
		toBoolean(v, display.displayName),
	);

/** A whole number; a required one starts empty, so a forgotten value is an error rather than `min`. */
export function integer<P>(
	path: ParamPath<P>,
	display: Display,
	min: number | undefined = 0,
): Field<P> {
	const property = base(path, display, 'number', display.required ? null : (min ?? 0));
	property.typeOptions =
		min === undefined ? { numberPrecision: 0 } : { minValue: min, numberPrecision: 0 };
	return param(
		path,
		property,
		(v) => toInteger(v, display.displayName, min ?? Number.MIN_SAFE_INTEGER),
		display.clearable,
	);
}

/** A number that may have decimals (a percentage, a weight), as a number or decimal text. */
export function decimal<P>(path: ParamPath<P>, display: Display, asText = false): Field<P> {
	const property = base(
		path,
		asText ? { placeholder: '12.5', ...display } : display,
		asText ? 'string' : 'number',
		asText || display.required ? (asText ? '' : null) : 0,
	);
	return param(
		path,
		property,
		(value) => {
			const text =
				typeof value === 'number' && Number.isFinite(value)
					? String(value)
					: typeof value === 'string'
						? value.trim()
						: '';
			if (!/^-?\d+(\.\d+)?$/.test(text))
				throw new FieldError(
					display.displayName,
					`must be a decimal number such as 12.5, got ${shown(value)}`,
				);
			// Stripe's *_decimal parameters take the digits as text, to keep their precision.
			return asText ? text : Number(text);
		},
		display.clearable,
	);
}

/** A point in time, sent as Unix seconds; `also` are words Stripe takes instead (`now`). */
export function date<P>(path: ParamPath<P>, display: Display, also: string[] = []): Field<P> {
	const property = base(path, display, 'dateTime', '');
	if (also.length) property.hint = `A date, or ${also.map((w) => `"${w}"`).join(' or ')}`;
	return {
		property,
		clear: display.clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) {
				if (display.required) throw new FieldError(display.displayName, 'is required');
				return;
			}
			const word = typeof value === 'string' ? value.trim() : undefined;
			setParam(
				request.params,
				path,
				word !== undefined && also.includes(word)
					? word
					: toUnixSeconds(value, display.displayName, request.timeZone),
			);
		},
	};
}

/** A list of text values (Stripe's `Array<string>`), entered one per line of a repeatable field. */
export function list<P>(
	path: ParamPath<P>,
	display: Display,
	check: (item: string, label: string) => string = (item) => item,
): Field<P> {
	const property = base(path, display, 'string', []);
	property.typeOptions = { multipleValues: true };
	return param(
		path,
		property,
		(value) => {
			const items = Array.isArray(value) ? value : [value];
			return items
				.filter((v) => !isEmpty(v))
				.map((v, i) =>
					part(display.displayName, `item ${i + 1}`, (label) => check(toText(v, label), label)),
				);
		},
		display.clearable,
	);
}

/** Several of Stripe's values for one parameter (an `Array` of a string union). */
export function multiChoice<P>(path: ParamPath<P>, display: Display, values: string[]): Field<P> {
	const property = base(path, display, 'multiOptions', []);
	property.options = values.map((value) => ({ name: value, value }));
	return param(
		path,
		property,
		(value) => {
			const picked = Array.isArray(value) ? value : [value];
			for (const v of picked)
				if (!values.includes(v as string))
					throw new FieldError(
						display.displayName,
						`must be among ${values.join(', ')}, got ${shown(v)}`,
					);
			return picked;
		},
		display.clearable,
	);
}

/** One of Stripe's values; with `open`, Stripe also takes values not listed (its `OtherString`), e.g. from an expression. */
export function choice<P>(
	path: ParamPath<P>,
	display: Display,
	values: Array<[name: string, value: string]>,
	defaultValue = values[0][1],
	open = false,
): Field<P> {
	const choices: INodePropertyOptions[] = values.map(([n, value]) => ({ name: n, value }));
	const property = base(path, display, 'options', defaultValue);
	property.options = choices;
	return param(
		path,
		property,
		(value) => {
			if (open) return toText(value, display.displayName);
			if (!choices.some((c) => c.value === value))
				throw new FieldError(
					display.displayName,
					`must be one of ${choices.map((c) => c.value).join(', ')}, got ${shown(value)}`,
				);
			return value;
		},
		display.clearable,
	);
}

/** Amounts are integers in the currency's smallest unit, as Stripe takes them. */
export function amount<P>(
	path: ParamPath<P> = 'amount' as ParamPath<P>,
	display: Partial<Display> = {},
	min = 0,
): Field<P> {
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

/** A currency: a searchable dropdown of the currencies Stripe supports, or any ISO code from an expression. */
export function currency<P>(
	path: ParamPath<P> = 'currency' as ParamPath<P>,
	display: Partial<Display> = {},
): Field<P> {
	const d = {
		displayName: 'Currency',
		description: 'Three-letter ISO code, e.g. usd, eur',
		...display,
	};
	const property = base(path, d, 'options', '');
	property.typeOptions = { loadOptionsMethod: 'getCurrencies' };
	return param(path, property, (value) => {
		const code = toText(value, d.displayName).toLowerCase();
		if (!/^[a-z]{3}$/.test(code))
			throw new FieldError(
				d.displayName,
				`must be a three-letter ISO currency code such as usd, got ${shown(value)}`,
			);
		return code;
	});
}

/**
 * The ID of a Stripe object as a parameter (e.g. the customer a charge list is filtered by), its prefix
 * checked. With `pick`, a resource locator: From List, By ID, By URL (objects people pick by name).
 */
export function id<P>(
	path: ParamPath<P>,
	object: StripeObject,
	display: Display,
	pick = false,
): Field<P> {
	const name = display.name ?? camel(path);
	const locator = pick
		? locatorProperty(object, {
				displayName: display.displayName,
				name,
				description: display.description,
				required: display.required,
			})
		: undefined;
	if (!locator)
		return param(
			path,
			base(path, { placeholder: idPlaceholder(object), ...display }, 'string', ''),
			(v) => checkId(toText(v, display.displayName), object, display.displayName),
			display.clearable,
		);
	return {
		property: locator,
		clear: display.clearable ? path : undefined,
		apply(value, request) {
			const given = locatorValue(value, object, display.displayName);
			if (given !== undefined) setParam(request.params, path, given);
			else if (display.required) throw new FieldError(display.displayName, 'is required');
		},
	};
}

/** A Stripe ID in the request path (e.g. the customer to update), its prefix checked; a picker where the object has one. */
export function pathId(
	key: string,
	object: StripeObject | undefined,
	displayName: string,
	name = camel(key) + 'Id',
): Field<never> {
	const property: INodeProperties = (object &&
		locatorProperty(object, { displayName, name, required: true })) || {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder: object ? idPlaceholder(object) : '',
	};
	return {
		property,
		apply(value, request) {
			const given =
				object && property.type === 'resourceLocator'
					? locatorValue(value, object, displayName)
					: isEmpty(value)
						? undefined
						: checkId(toText(value, displayName), object, displayName);
			if (given === undefined) throw new FieldError(displayName, 'is required');
			request.path[key] = given;
		},
	};
}

/** Stripe's metadata limits: https://docs.stripe.com/api/metadata */
const METADATA = { keys: 50, keyLength: 40, valueLength: 500 };

/**
 * Metadata as key/value pairs; on updates an empty value removes the key, as in Stripe. `clearable`:
 * the update also takes an empty `metadata` that removes every key (not every object allows it).
 */
export function metadata<P>(clearable = true, path = 'metadata'): Field<P> {
	const fail = (problem: string) => new FieldError('Metadata', problem);
	return {
		property: {
			displayName: 'Metadata',
			name: 'metadata',
			type: 'fixedCollection',
			placeholder: 'Add Metadata',
			default: {},
			typeOptions: { multipleValues: true },
			description:
				'Key/value pairs stored on the Stripe object: up to 50 keys of up to 40 characters, values up to 500',
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
		clear: clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) return;
			const entries =
				isObject(value) && Object.keys(value).every((k) => k === 'entry')
					? (value.entry ?? [])
					: undefined;
			if (!Array.isArray(entries))
				throw fail(`must be a list of key/value entries, got ${shown(value)}`);
			if (!entries.length) return;
			if (entries.length > METADATA.keys)
				throw fail(`has ${entries.length} entries; Stripe allows at most ${METADATA.keys}`);
			const out: Record<string, string> = {};
			for (const entry of entries) {
				if (!isObject(entry))
					throw fail(`every entry must have a key and a value, got ${shown(entry)}`);
				const key = isEmpty(entry.key)
					? ''
					: part('Metadata', 'key', (label) => toText(entry.key, label));
				if (!key) throw fail('every entry needs a key');
				if (key.length > METADATA.keyLength)
					throw fail(`key "${key}" is longer than ${METADATA.keyLength} characters`);
				if (/[[\]]/.test(key)) throw fail(`key "${key}" may not contain square brackets`);
				if (key in out) throw fail(`key "${key}" is given twice`);
				const v = entry.value;
				if (
					v !== undefined &&
					v !== null &&
					typeof v !== 'string' &&
					!(typeof v === 'number' && Number.isFinite(v))
				)
					throw fail(`the value of "${key}" must be text or a number, got ${shown(v)}`);
				out[key] = v === undefined || v === null ? '' : String(v);
				if (out[key].length > METADATA.valueLength)
					throw fail(`the value of "${key}" is longer than ${METADATA.valueLength} characters`);
			}
			setParam(request.params, path, out);
		},
	};
}

export function address<P>(
	path: ParamPath<P> = 'address' as ParamPath<P>,
	displayName = 'Address',
	clearable = false,
	name = camel(path),
): Field<P> {
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
			name,
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
		clear: clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) return;
			if (!isObject(value))
				throw new FieldError(displayName, `must be a set of address fields, got ${shown(value)}`);
			const out: IDataObject = {};
			for (const [key, label] of parts)
				if (!isEmpty(value[camel(key)]))
					out[key] = toText(value[camel(key)], `${displayName} ${label}`);
			if (out.country && !/^[A-Za-z]{2}$/.test(out.country as string))
				throw new FieldError(
					`${displayName} Country`,
					'must be a two-letter country code such as US',
				);
			if (Object.keys(out).length) setParam(request.params, path, out);
		},
	};
}

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffset(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return (
		Date.UTC(
			part('year'),
			part('month') - 1,
			part('day'),
			part('hour'),
			part('minute'),
			part('second'),
		) -
		Math.floor(utcMs / 1000) * 1000
	);
}

/** ISO 8601 as n8n's date picker, Luxon and JavaScript write it: a date, optionally a time, optionally a zone. */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** Stripe's timestamps run from the epoch to the end of year 9999. */
const LATEST = 253402300799;

function parseIsoDate(text: string, field: string, timeZone?: string): number {
	const m = ISO_DATE.exec(text);
	const invalid = () =>
		new FieldError(
			field,
			`is not a valid date: ${shown(text)}; use a date such as 2026-01-31 or 2026-01-31T12:00:00Z`,
		);
	if (!m) throw invalid();
	const [year, month, day, hour = 0, minute = 0, second = 0] = m
		.slice(1, 7)
		.map((part) => (part === undefined ? undefined : Number(part))) as number[];
	const ms = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(ms);
	// Date.UTC rolls 2024-02-30 over to March 1; a real calendar date and time comes back unchanged.
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	)
		throw invalid();
	const zone = m[8];
	if (zone) {
		if (zone.toUpperCase() === 'Z') return Math.floor(ms / 1000);
		const [, sign, hh, mm = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
		if (Number(hh) > 23 || Number(mm) > 59) throw invalid();
		return Math.floor(
			(ms - (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60000) / 1000,
		);
	}
	if (!timeZone) return Math.floor(ms / 1000);
	return Math.floor((ms - zoneOffset(ms - zoneOffset(ms, timeZone), timeZone)) / 1000);
}

/**
 * Dates from the n8n date picker or expressions (ISO text, Luxon, Date, unix s or ms) as unix seconds.
 * The picker gives local times without a zone: those are read in the workflow's time zone, as n8n means them.
 */
export function toUnixSeconds(value: unknown, field: string, timeZone?: string): number {
	let seconds: number;
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
		const n = Number(value);
		if (!Number.isFinite(n) || n < 0)
			throw new FieldError(field, `is not a valid date: ${shown(value)}`);
		seconds = Math.floor(n > 1e11 ? n / 1000 : n);
	} else if (value instanceof Date) {
		if (Number.isNaN(value.getTime()))
			throw new FieldError(field, 'is not a valid date: an invalid Date');
		seconds = Math.floor(value.getTime() / 1000);
	} else if (isObject(value) && typeof value.toISO === 'function') {
		// A Luxon DateTime, as $now and date expressions give; an invalid one has no ISO form.
		const iso = (value as unknown as { toISO(): string | null }).toISO();
		if (!iso) throw new FieldError(field, 'is not a valid date: an invalid date-time');
		seconds = parseIsoDate(iso, field);
	} else if (typeof value === 'string') seconds = parseIsoDate(value.trim(), field, timeZone);
	else throw new FieldError(field, `must be a date, got ${shown(value)}`);
	if (seconds < 0 || seconds > LATEST)
		throw new FieldError(field, `is out of range: ${shown(value)}`);
	return seconds;
}

/**
 * A range filter (Stripe's `created[gte]` / `created[lte]`) as two fields: Created After / Created
 * Before for dates, or Minimum / Maximum for numbers.
 */
export function range<P>(
	path: ParamPath<P>,
	label: string,
	kind: 'date' | 'amount' | 'integer',
): Array<Field<P>> {
	const bounds =
		kind === 'date' ? (['After', 'Before'] as const) : (['Minimum', 'Maximum'] as const);
	return bounds.map((bound, i) => {
		const at = `${path}.${i ? 'lte' : 'gte'}` as ParamPath<P>;
		const display = {
			displayName: `${label} ${bound}`,
			name: `${camel(path)}${bound === 'Minimum' ? 'Min' : bound === 'Maximum' ? 'Max' : bound}`,
		};
		if (kind === 'date')
			return date<P>(at, {
				...display,
				description: `Only objects ${i ? 'at or before' : 'at or after'} this time`,
			});
		return kind === 'amount'
			? amount<P>(at, display, Number.MIN_SAFE_INTEGER)
			: integer<P>(at, display, undefined);
	});
}

/** Created-date range filter: Stripe's `created[gte]` / `created[lte]`. */
export const createdRange = <P>(): Array<Field<P>> =>
	range<P>('created' as ParamPath<P>, 'Created', 'date');

/** Deeper than any Stripe parameter goes; a deeper value is a mistake, not a request. */
const MAX_JSON_DEPTH = 20;

/** Parses a JSON object field given as text or (from an expression) as an object; lists and deep nesting are refused. */
export function parseJson(value: unknown, field: string): IDataObject {
	return isEmpty(value) ? {} : (parseJsonValue(value, field, 'object') as IDataObject);
}

type JsonExpect = 'object' | 'list' | 'object or text';
/** What jsonParse gives for text that is not JSON: no JSON text parses to a symbol. */
const NOT_JSON = Symbol('not JSON');
const JSON_EXAMPLE: Record<JsonExpect, string> = {
	object: 'a JSON object, e.g. {"limit": 10}',
	list: 'a JSON list, e.g. [{...}, {...}]',
	'object or text': 'a JSON object or an ID',
};

/**
 * A JSON value given as text or (from an expression) as a value: an object, a list, or for parameters
 * Stripe also takes as an ID (a token or an object), an object or plain text.
 */
export function parseJsonValue(value: unknown, field: string, expect: JsonExpect): unknown {
	const parsed =
		typeof value === 'string' ? jsonParse<unknown>(value, { fallbackValue: NOT_JSON }) : value;
	if (parsed === NOT_JSON) {
		if (expect === 'object or text') return (value as string).trim();
		throw new FieldError(field, `must be ${JSON_EXAMPLE[expect]}; the text is not valid JSON`);
	}
	const ok =
		expect === 'list'
			? Array.isArray(parsed)
			: isObject(parsed) || (expect === 'object or text' && typeof parsed === 'string');
	if (!ok) throw new FieldError(field, `must be ${JSON_EXAMPLE[expect]}, got ${shown(parsed)}`);
	// Walked without recursion, so a hostile depth cannot overflow the stack before it is refused.
	const stack: Array<[unknown, number]> = [[parsed, 1]];
	while (stack.length) {
		const [node, depth] = stack.pop()!;
		if (typeof node !== 'object' || node === null) continue;
		if (depth > MAX_JSON_DEPTH)
			throw new FieldError(field, `is nested more than ${MAX_JSON_DEPTH} levels deep`);
		for (const child of Object.values(node)) stack.push([child, depth + 1]);
	}
	return parsed;
}

/** A parameter too deep for form fields (line items, tiers), as JSON; the hint shows its shape. */
export function json<P>(
	path: ParamPath<P>,
	display: Display,
	expect: JsonExpect,
	shape: string,
): Field<P> {
	const property = base(path, display, 'json', expect === 'list' ? '[]' : '{}');
	property.hint = `Shape: ${shape}`;
	return param(
		path,
		property,
		(value) => {
			const parsed = parseJsonValue(value, display.displayName, expect);
			// The editor's empty default is no value, not an empty object or list to send.
			if (
				(Array.isArray(parsed) && parsed.length) ||
				(isObject(parsed) && Object.keys(parsed).length) ||
				typeof parsed === 'string'
			)
				return parsed;
			if (display.required) throw new FieldError(display.displayName, 'is required');
			return undefined;
		},
		display.clearable,
	);
}

/** The multi-select that unsets the clearable fields of an update, applied after every other field. */
function clearFields<P>(fields: Array<Field<P>>): Field<P> | undefined {
	const clearable = fields.filter((f) => f.clear);
	if (!clearable.length) return undefined;
	const names = new Map(clearable.map((f) => [f.clear!, f.property.displayName]));
	return {
		property: {
			displayName: 'Fields to Clear',
			name: 'clearFields',
			type: 'multiOptions',
			default: [],
			description:
				'Fields to remove from the object; an empty value elsewhere leaves a field unchanged',
			options: clearable
				.map((f) => ({ name: f.property.displayName, value: f.clear! }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		},
		apply(value, request) {
			if (isEmpty(value)) return;
			if (!Array.isArray(value))
				throw new FieldError('Fields to Clear', `must be a list of fields, got ${shown(value)}`);
			for (const path of value) {
				if (typeof path !== 'string' || !names.has(path))
					throw new FieldError('Fields to Clear', `has no field ${shown(path)}`);
				if (getParam(request.params, path) !== undefined)
					throw new FieldError(
						'Fields to Clear',
						`"${names.get(path)}" is also given a value; set it or clear it, not both`,
					);
				setParam(request.params, path, '');
			}
		},
	};
}

/**
 * An n8n collection ("Additional Fields", "Filters", "Options"): each option is a field of its own.
 * With `clearable`, fields that Stripe lets an update unset are offered in a Fields to Clear option,
 * applied after the others so that a field both set and cleared is caught.
 */
export function collection<P>(
	name: string,
	displayName: string,
	fields: Array<Field<P>>,
	placeholder = 'Add Field',
	clearable = false,
): Field<P> {
	const clear = clearable ? clearFields(fields) : undefined;
	const all = clear ? [...fields, clear] : fields;
	const known = new Set(all.map((f) => f.property.name));
	const byName = new Map(fields.map((f) => [f.property.name, f]));
	const sorted = [...all].sort((a, b) =>
		a.property.displayName.localeCompare(b.property.displayName),
	);
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
			if (isEmpty(value)) return;
			if (!isObject(value))
				throw new FieldError(displayName, `must be a set of fields, got ${shown(value)}`);
			for (const key of Object.keys(value))
				if (!known.has(key)) throw new FieldError(displayName, `has no option "${key}"`);
			for (const [key, v] of Object.entries(value)) byName.get(key)?.apply(v, request);
			if (clear && clear.property.name in value) clear.apply(value[clear.property.name], request);
		},
	};
}

const INTERVALS = ['day', 'week', 'month', 'year'];
const oneOf = (value: string, values: string[], field: string) => {
	if (!values.includes(value))
		throw new FieldError(field, `must be one of ${values.join(', ')}, got ${shown(value)}`);
	return value;
};

/**
 * Line items as a repeatable form: a price and a quantity, or a price given inline (product, unit amount,
 * currency and, for subscriptions, the interval), so the common case needs no JSON.
 */
export function lineItems(
	path: string,
	displayName: string,
	recurring: boolean,
	required = false,
	priceAt: 'price' | 'pricing.price' = 'price',
	name = camel(path),
): Field {
	const inline = (label: string) => `${label} (Inline Price)`;
	const values: INodeProperties[] = [
		locatorProperty('price', {
			displayName: 'Price ID',
			name: 'price',
			description: 'A price from your catalog; leave empty to give the price inline',
		})!,
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, numberPrecision: 0 },
		},
		{
			displayName: inline('Product ID'),
			name: 'product',
			type: 'string',
			default: '',
			placeholder: 'prod_...',
		},
		{
			displayName: inline('Unit Amount'),
			name: 'unitAmount',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, numberPrecision: 0 },
			hint: "In the currency's smallest unit: 1050 = $10.50",
		},
		// Text, not the Currency dropdown: an empty dropdown in a line item that names a Price ID would be flagged as missing.
		{
			displayName: inline('Currency'),
			name: 'currency',
			type: 'string',
			default: '',
			placeholder: 'usd',
		},
	];
	if (recurring)
		values.push({
			displayName: inline('Interval'),
			name: 'interval',
			type: 'options',
			default: 'month',
			options: [
				{ name: 'Day', value: 'day' },
				{ name: 'Week', value: 'week' },
				{ name: 'Month', value: 'month' },
				{ name: 'Year', value: 'year' },
			],
		});
	const fail = (problem: string) => new FieldError(displayName, problem);
	return {
		property: {
			displayName,
			name,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line Item',
			default: { item: [{ price: { __rl: true, mode: 'list', value: '' }, quantity: 1 }] },
			required,
			options: [{ displayName: 'Line Item', name: 'item', values }],
		},
		apply(value, request) {
			// An expression may give Stripe's own list (JSON text or a list), for what the form does not offer.
			if (Array.isArray(value) || (typeof value === 'string' && value.trim().startsWith('['))) {
				setParam(request.params, path, parseJsonValue(value, displayName, 'list'));
				return;
			}
			const items = isEmpty(value) ? [] : (value as IDataObject).item;
			if (!Array.isArray(items)) throw fail(`must be a list of line items, got ${shown(value)}`);
			if (!items.length) {
				if (required) throw fail('add at least one line item');
				return;
			}
			setParam(
				request.params,
				path,
				items.map((item: IDataObject, i) => {
					const n = `item ${i + 1}`;
					const quantity = part(displayName, `${n} Quantity`, (label) =>
						toInteger(item?.quantity ?? 1, label, 1),
					);
					const price = part(displayName, `${n} Price ID`, (label) =>
						locatorValue(item?.price, 'price', label),
					);
					// Invoice lines name their price under `pricing`.
					if (price)
						return { ...(priceAt === 'price' ? { price } : { pricing: { price } }), quantity };
					if (isEmpty(item?.product) || isEmpty(item?.currency))
						throw fail(
							`${n} needs a Price ID, or an inline price with Product ID, Unit Amount and Currency`,
						);
					const currencyCode = part(displayName, `${n} Currency`, (label) =>
						toText(item.currency, label).toLowerCase(),
					);
					if (!/^[a-z]{3}$/.test(currencyCode))
						throw fail(`${n} Currency must be a three-letter ISO currency code such as usd`);
					return {
						price_data: {
							currency: currencyCode,
							product: part(displayName, `${n} Product ID`, (label) =>
								checkId(toText(item.product, label), 'product', label),
							),
							unit_amount: part(displayName, `${n} Unit Amount`, (label) =>
								toInteger(item.unitAmount, label, 0),
							),
							...(recurring
								? {
										recurring: {
											interval: part(displayName, `${n} Interval`, (label) =>
												oneOf(toText(item.interval ?? 'month', label), INTERVALS, label),
											),
										},
									}
								: {}),
						},
						quantity,
					};
				}),
			);
		},
	};
}

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
