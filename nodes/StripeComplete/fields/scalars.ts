import type { INodePropertyOptions } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { toUnixSeconds } from '../../shared/dates';
import { isEmpty, part, shown, toBoolean, toInteger, toText } from '../../shared/values';
import {
	base,
	checkLength,
	param,
	setParam,
	type Display,
	type Field,
	type ParamPath,
} from './field';
import { parseJsonValue } from './json';

/** Text, at most Stripe's maximum length for the parameter. */
export const string = <P>(path: ParamPath<P>, display: Display): Field<P> =>
	param(
		path,
		base(path, display, 'string', ''),
		(v) =>
			display.booleans && typeof v === 'boolean'
				? String(v)
				: checkLength(toText(v, display.displayName), display.displayName, display.maxLength),
		display.clearable,
	);

export const boolean = <P>(path: ParamPath<P>, display: Display, defaultValue = false): Field<P> =>
	param(path, base(path, display, 'boolean', defaultValue), (v) =>
		toBoolean(v, display.displayName),
	);

/**
 * A whole number of at least `min` (null: negative numbers too). A required one starts empty, so a
 * forgotten value is an error; an optional one starts at the least sensible value, never below 0.
 */
export function integer<P>(path: ParamPath<P>, display: Display, min: number | null = 0): Field<P> {
	const property = base(path, display, 'number', display.required ? null : Math.max(min ?? 0, 0));
	property.typeOptions =
		min === null ? { numberPrecision: 0 } : { minValue: min, numberPrecision: 0 };
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
		path,
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

/**
 * A list of text values (Stripe's `Array<string>`), entered one per line of a repeatable field, or given
 * by an expression as a list or as a JSON list in text (`["txr_1", "txr_2"]`).
 */
export function list<P>(
	path: ParamPath<P>,
	display: Display,
	check: (item: string, label: string) => string = (item) => item,
): Field<P> {
	const property = base(path, display, 'string', []);
	property.typeOptions = { multipleValues: true };
	const asList = (value: unknown): unknown[] => {
		if (Array.isArray(value)) return value.length === 1 ? asList(value[0]) : value;
		if (typeof value === 'string' && value.trim().startsWith('['))
			return parseJsonValue(value, display.displayName, 'list') as unknown[];
		return [value];
	};
	return param(
		path,
		property,
		(value) =>
			asList(value)
				.filter((v) => !isEmpty(v))
				.map((v, i) =>
					part(display.displayName, `item ${i + 1}`, (label) =>
						check(checkLength(toText(v, label), label, display.maxLength), label),
					),
				),
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
			if (open) return checkLength(toText(value, display.displayName), display.displayName);
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
