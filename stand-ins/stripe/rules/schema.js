'use strict';
/** The rules' form, a small schema, compiled from Stripe's OpenAPI spec and from the table. */
const { parseShape, outerKinds } = require('./shape');

/*
 * {t: 'object', props: {name: node}, required: [names], extra: node (a map's values) | undefined}
 * {t: 'array', items}   {t: 'string', max, values: Set, format}   {t: 'integer', min}   {t: 'number'}
 * {t: 'boolean'}   {t: 'anyOf', of: [node]}   {t: 'any'}   {t: 'shape', outer: Set of outer kinds}
 * Any node may carry `empty: true`: the empty string (null in JSON) unsets it.
 */

const isEmptyOnly = (s) =>
	s.type === 'string' && Array.isArray(s.enum) && s.enum.every((v) => v === '');

/** The least value of an integer, where its description says: "positive integer" or "non-negative". */
function minimumOf(description) {
	const text = (description ?? '').toLowerCase();
	if (/\bnon-?negative\b/.test(text)) return 0;
	if (/\bpositive integer\b/.test(text)) return /\(or 0\b|\bor zero\b/.test(text) ? 0 : 1;
	return undefined;
}

/** A spec schema as a rule node; `description` is its property's, for a minimum. */
function fromSpec(schema, description) {
	if (!schema || typeof schema !== 'object') return { t: 'any' };
	description = schema.description ?? description;
	if (schema.anyOf) {
		const empty = schema.anyOf.some(isEmptyOnly);
		const of = schema.anyOf.filter((s) => !isEmptyOnly(s)).map((s) => fromSpec(s, description));
		const node = of.length === 1 ? of[0] : { t: 'anyOf', of };
		if (empty) node.empty = true;
		return node;
	}
	switch (schema.type) {
		case 'string': {
			// x-stripeBypassValidation: Stripe does not hold callers to what the spec lists (a token or a hash).
			if (schema['x-stripeBypassValidation']) return { t: 'any' };
			const node = { t: 'string' };
			if (schema.maxLength) node.max = schema.maxLength;
			if (schema.format) node.format = schema.format;
			if (schema.enum) {
				node.values = new Set(schema.enum.filter((v) => v !== ''));
				if (schema.enum.includes('')) node.empty = true;
			}
			return node;
		}
		case 'integer': {
			// `described`: the spec says what it is; where it does not, the SDK's comment may.
			const node = { t: 'integer', described: Boolean(description) };
			const min = minimumOf(description);
			if (min !== undefined) node.min = min;
			return node;
		}
		case 'number':
			return { t: 'number' };
		case 'boolean':
			return { t: 'boolean' };
		case 'array':
			return { t: 'array', items: fromSpec(schema.items) };
		case 'object': {
			const node = { t: 'object', props: {}, required: [...(schema.required ?? [])] };
			for (const [name, child] of Object.entries(schema.properties ?? {}))
				node.props[name] = fromSpec(child);
			if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
				node.extra = mapValue(fromSpec(schema.additionalProperties));
			return node;
		}
		default:
			return { t: 'any' };
	}
}

/** A map's string values (metadata) take the empty string: it removes that key. */
const mapValue = (node) => (node.t === 'string' ? { ...node, empty: true } : node);

const ADDRESS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'];
const RANGE = ['gt', 'gte', 'lt', 'lte'];

/** A parameter of the table (the SDK's declarations) as a rule node. */
function fromTable(param) {
	// A parameter whose only value is '' (`invoicing_rules?: ''`) can only be unset.
	if (param.clearOnly) return { t: 'string', values: new Set(), empty: true };
	const node = tableKind(param);
	if (param.emptyable) node.empty = true;
	return node;
}

function tableKind(param) {
	switch (param.type) {
		case 'string':
			return { t: 'string' };
		case 'enum':
			// The SDK adds `| OtherString` to most lists; only a closed one is a rule.
			return param.open ? { t: 'string' } : { t: 'string', values: new Set(param.values) };
		case 'number': {
			// The SDK's number is an integer or a float alike.
			const min = minimumOf(param.description);
			const number = min === undefined ? { t: 'number' } : { t: 'number', min };
			return param.also
				? { t: 'anyOf', of: [number, { t: 'string', values: new Set(param.also) }] }
				: number;
		}
		case 'decimal':
			return { t: 'string', format: 'decimal' };
		case 'boolean':
			return { t: 'boolean' };
		case 'metadata':
			return { t: 'object', props: {}, required: [], extra: { t: 'string', empty: true } };
		case 'address':
			return {
				t: 'object',
				props: Object.fromEntries(ADDRESS.map((k) => [k, { t: 'string' }])),
				required: [],
			};
		case 'range':
			return {
				t: 'anyOf',
				of: [
					{
						t: 'object',
						props: Object.fromEntries(RANGE.map((k) => [k, { t: 'integer' }])),
						required: [],
					},
					{ t: 'integer' },
				],
			};
		case 'array':
			return { t: 'array', items: param.of ? fromTable(param.of) : { t: 'any' } };
		case 'object':
			return {
				t: 'object',
				props: Object.fromEntries((param.fields ?? []).map((f) => [f.name, fromTable(f)])),
				required: (param.fields ?? []).filter((f) => f.required).map((f) => f.name),
			};
		case 'json': {
			// The parsed shape is kept for exampleFor(); the check needs only its outer kinds.
			const shape = parseShape(param.shape);
			return { t: 'shape', outer: outerKinds(shape), shape };
		}
		default:
			return { t: 'any' };
	}
}

/** The outer kinds a rule node accepts. */
function kindsOf(node) {
	if (node.t === 'anyOf') return new Set(node.of.flatMap((n) => [...kindsOf(n)]));
	if (node.t === 'shape') return node.outer;
	if (node.t === 'integer') return new Set(['number']);
	return new Set([node.t]);
}

/** The outer kind of a table parameter. */
function tableKinds(param) {
	switch (param.type) {
		case 'string':
		case 'enum':
		case 'decimal':
			return new Set(['string']);
		case 'number':
			return new Set(param.also ? ['number', 'string'] : ['number']);
		case 'boolean':
			return new Set(['boolean']);
		case 'metadata':
		case 'address':
		case 'object':
			return new Set(['object']);
		case 'range':
			return new Set(['object', 'number']);
		case 'array':
			return new Set(['array']);
		case 'json':
			return outerKinds(parseShape(param.shape));
		default:
			return new Set(['any']);
	}
}

/** The nodes of a kind within a node and its alternatives. */
const alternatives = (node, t) =>
	node.t === 'anyOf' ? node.of.flatMap((n) => alternatives(n, t)) : node.t === t ? [node] : [];

module.exports = { fromSpec, fromTable, minimumOf, kindsOf, tableKinds, alternatives };
