import { jsonParse, type IDataObject } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, shown } from '../../shared/values';
import { base, param, type Display, type Field, type ParamPath } from './field';

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
