import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type Stripe from 'stripe';
import { FieldError } from '../../shared/errors';
import { isEmpty } from '../../shared/values';

// The core of every form field: one n8n property and the code that reads it into the request.

/** An amount the form gave: its parameter, its field, and the currency it was written in (a decimal's). */
export interface GivenAmount {
	path: string;
	field: string;
	currency?: string;
}

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
	/** Output: `raw`, `simplified` (`simplify`) or `selected` (`select`); output/ reads it. */
	output?: string;
	/** Output > Simplified: the fields a workflow usually maps, in this order. */
	simplify?: string[];
	/** Lists: one item with the page's objects, has_more and the next cursor. */
	asPage?: boolean;
	/** File operations: the n8n binary field of the input item (an upload) or of the output item (a download). */
	binaryField?: string;
	/** Output > Selected Fields: only these dot paths of each object (its id always), for small items. */
	select?: string[];
	/** A create that first looks for an object made before with this metadata, and returns it instead. */
	existing?: { key: string; value: string };
	/** Every amount given, checked against the currency the money moves in (operations/money.ts). */
	amounts?: GivenAmount[];
	/** Required currencies left empty: a decimal amount at their level names its currency. */
	currencyNeeded?: Array<{ path: string; field: string }>;
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
	/** Offered only under Fields to Clear: Stripe takes no value for it but the empty one. */
	clearOnly?: boolean;
	/** The Stripe parameter it sets (`recurring.interval`), to name the field in Stripe's errors. */
	path?: string;
	/** A collection's own fields. */
	fields?: Field[];
	/** Phantom: ties the field to the params type of the operation that shows it. */
	readonly __params?: P;
}

type Key<P> = Extract<keyof P, string>;
/** A Stripe parameter, top-level (`email`) or nested (`recurring.interval`). */
export type ParamPath<P> = Key<P> | `${Key<P>}.${string}`;

export interface Display {
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
	/** Text: Stripe's maximum length (MAX_TEXT where Stripe's spec does not say). */
	maxLength?: number;
}

/** The longest text Stripe takes where its spec gives no limit of its own: most of its strings stop here. */
export const MAX_TEXT = 5000;

/** Text no longer than `max` characters, or an error naming the field. */
export function checkLength(text: string, field: string, max = MAX_TEXT): string {
	if (text.length > max)
		throw new FieldError(field, `must be at most ${max} characters, got ${text.length}`);
	return text;
}

/**
 * The form field that sets a parameter Stripe names in an error (`recurring[interval]`,
 * `line_items[0][price]`), as the form shows it: "Additional Fields > Capture Method".
 */
export function fieldLabel(fields: Field[], param: string): string | undefined {
	const dotted = param.replace(/\[([^\]]*)\]/g, '.$1');
	for (const field of fields) {
		const inner = field.fields && fieldLabel(field.fields, param);
		if (inner) return `${field.property.displayName} > ${inner}`;
		if (field.path && (dotted === field.path || dotted.startsWith(`${field.path}.`)))
			return field.property.displayName;
	}
	return undefined;
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

export const getParam = (params: IDataObject, path: string): unknown =>
	path
		.split('.')
		.reduce<unknown>((target, key) => (target as IDataObject | undefined)?.[key], params);

/** The n8n property of a field, named after its Stripe parameter unless it names itself. */
export function base(
	path: string,
	display: Display,
	type: INodeProperties['type'],
	defaultValue: INodeProperties['default'],
): INodeProperties {
	const { name, clearable: _clearable, booleans: _booleans, maxLength, ...rest } = display;
	const property: INodeProperties = {
		...rest,
		name: name ?? camel(path),
		type,
		default: defaultValue,
	};
	// A limit well below Stripe's usual one is worth knowing before a run (statement descriptors: 22).
	if (maxLength !== undefined && maxLength < MAX_TEXT && !property.hint)
		property.hint = `At most ${maxLength} characters`;
	return property;
}

/** A field whose value, once checked and converted, is one Stripe parameter. */
export function param<P>(
	path: string,
	property: INodeProperties,
	/** Checks and converts the value; it may note what later checks need on the request. */
	convert: (value: unknown, request: Request) => unknown,
	clearable?: boolean,
): Field<P> {
	return {
		property,
		path,
		clear: clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) {
				if (property.required) throw new FieldError(property.displayName, 'is required');
				return;
			}
			const converted = convert(value, request);
			if (converted !== undefined) setParam(request.params, path, converted);
		},
	};
}
