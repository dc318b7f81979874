import type { INodeProperties } from 'n8n-workflow';
import type { Field } from '../../nodes/StripeComplete/fields';
import type { Operation } from '../../nodes/StripeComplete/operations/operation';
import type { Method, Param } from '../../nodes/StripeComplete/operations/table';
import type { Params } from './harness';
import { idPlaceholderOf, sample } from './samples';
import { exampleFor } from '../../stand-ins/stripe/rules';

// The node's parameters for an operation as a user fills its form: only what it requires, or every field.

export type Run = 'required' | 'all';

/**
 * JSON parameters of form requests whose table shape is cut before any property the rules know, so
 * their example would be empty objects, which a form does not send: the SDK's declarations give these.
 */
const CUT_SHAPES: Record<string, unknown> = {
	'invoices.createPreview subscription_details.pause': { pause_at: { type: 'now' } },
	'testHelpers.confirmationTokens.create payment_method_options.card': {
		installments: { plan: { type: 'bonus' } },
	},
};

/** An ID with the prefix the field's placeholder gives. */
const idFrom = (placeholder: string | undefined) =>
	placeholder ? placeholder.split(' or ')[0].replace('...', '123') : undefined;

/** The table's parameter at a dotted path, for the required fields of a nested object. */
function tableParam(m: Method, path: string): Param | undefined {
	let params = m.params;
	let found: Param | undefined;
	for (const key of path.split('.')) {
		found = params?.find((p) => p.name === key);
		params = found?.fields;
	}
	return found;
}

const limitOf = (p: INodeProperties) =>
	Number(/At most (\d+) characters/.exec(p.hint ?? '')?.[1] ?? Infinity);

/**
 * A valid value for a field as the form holds it. JSON fields and text take an example from the
 * rules (a value of the parameter's list, a URL, a currency); IDs take their placeholder's prefix.
 */
function valueOf(field: Field, m: Method, run: Run): unknown {
	const p = field.property;
	const example = () => (field.path ? exampleFor(m.http, m.path, field.path) : undefined);
	switch (p.type) {
		case 'collection': {
			// An address: its parts as text.
			if (!field.fields) return sample(p);
			let children = field.fields;
			if (run === 'required') {
				// A required object: its required fields, or the one its example from the rules gives.
				children = field.fields.filter((f) => f.path && tableParam(m, f.path)?.required);
				if (!children.length) {
					const given = Object.keys((example() as object | undefined) ?? {});
					const named = field.fields.filter((f) => given.includes(f.path!.split('.').pop()!));
					children = named.length ? named : field.fields.slice(0, 1);
				}
			}
			return Object.fromEntries(children.map((f) => [f.property.name, valueOf(f, m, run)]));
		}
		case 'json': {
			// The form takes a list, or an object (where Stripe also takes text or a number).
			const kind = p.default === '[]' ? 'array' : 'object';
			const value =
				CUT_SHAPES[`${m.sdk}.${m.method} ${field.path}`] ??
				(field.path ? exampleFor(m.http, m.path, field.path, kind) : undefined);
			if (value === undefined) throw new Error(`No rule for ${m.http} ${m.path} ${field.path}`);
			return JSON.stringify(value);
		}
		case 'string': {
			const id = idFrom(p.placeholder);
			// Text that may also be a boolean or a number (Off Session) takes it as its word.
			const given = example();
			const first = Array.isArray(given) ? given[0] : given;
			const text =
				(id && id !== p.placeholder) || /Decimal$/.test(p.name) || typeof first === 'object'
					? String(sample(p))
					: String(first ?? sample(p));
			const fitted = text.slice(0, limitOf(p));
			return p.typeOptions?.multipleValues ? [fitted] : fitted;
		}
		default:
			return sample(p);
	}
}

const isPathId = (f: Field) =>
	!f.path &&
	/Id$/.test(f.property.name) &&
	(f.property.type === 'string' || f.property.type === 'resourceLocator');

/** The node's parameters for one run of an operation. */
export function paramsOf(resource: string, operation: Operation, m: Method, run: Run): Params {
	const params: Params = { resource, operation: operation.value };
	// An ephemeral key needs the mobile SDK's API version (its overlay checks it).
	if (resource === 'ephemeralKey') params.options = { apiVersion: '2026-10-28.endive' };
	for (const field of operation.fields) {
		const p = field.property;
		if (p.name === 'options' || p.name === 'limit' || p.name === 'output') continue;
		if (p.name === 'returnAll') params.returnAll = true;
		else if (isPathId(field) && p.required)
			params[p.name] =
				p.type === 'resourceLocator'
					? { __rl: true, mode: 'id', value: idFrom(idPlaceholderOf(p)) ?? 'id_123' }
					: (idFrom(p.placeholder) ?? 'id_123');
		else if (p.required || run === 'all') params[p.name] = valueOf(field, m, run);
	}
	return params;
}

/** A field of an operation's form, and where the form holds it: at the top, or in a collection. */
export interface Slot {
	field: Field;
	collection?: string;
}

/** The fields that pass `test`, at the top of the form or in one of its collections (not Options). */
export function slotsOf(fields: Field[], test: (f: Field) => boolean): Slot[] {
	return fields.flatMap((f) =>
		test(f)
			? [{ field: f }]
			: f.property.type === 'collection' && f.fields && f.property.name !== 'options'
				? f.fields.filter(test).map((inner) => ({ field: inner, collection: f.property.name }))
				: [],
	);
}

/** Sets a field's value in the node's parameters, in its place. */
export const place = (params: Params, slot: Slot, value: unknown) => {
	if (!slot.collection) params[slot.field.property.name] = value;
	else
		params[slot.collection] = {
			...(params[slot.collection] as object),
			[slot.field.property.name]: value,
		};
};

/** Takes a field out of the node's parameters, as a form without it. */
export const unplace = (params: Params, slot: Slot) => {
	if (!slot.collection) delete params[slot.field.property.name];
	else
		delete (params[slot.collection] as Record<string, unknown> | undefined)?.[
			slot.field.property.name
		];
};
