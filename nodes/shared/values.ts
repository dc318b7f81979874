import type { IDataObject } from 'n8n-workflow';
import { FieldError } from './errors';

// Checks of one value as a field gives it, shared by the form fields and the triggers' options.

export const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value's text when it is text and not empty. */
export const textOf = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

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
