'use strict';
/** Valid examples: a value for a parameter that the rules take. */
const { kindsOf } = require('./schema');
const { outerKinds } = require('./shape');
const { check } = require('./check');
const { compiled, operationOf } = require('./operations');

/** IDs by the name of the parameter that holds one, so an example reads as the object it names. */
const ID_PREFIXES = {
	account: 'acct',
	customer: 'cus',
	payment_method: 'pm',
	default_payment_method: 'pm',
	payment_intent: 'pi',
	setup_intent: 'seti',
	price: 'price',
	product: 'prod',
	invoice: 'in',
	subscription: 'sub',
	promotion_code: 'promo',
	tax_rates: 'txr',
	default_tax_rates: 'txr',
	file: 'file',
	charge: 'ch',
	destination: 'acct',
	on_behalf_of: 'acct',
	shipping_rate: 'shr',
	mandate: 'mandate',
};

/** A valid text for a parameter by its name: a currency, a country, a URL, an ID, else 'x'. */
function textFor(name) {
	const key = String(name ?? '');
	if (/(^|_)currency$/.test(key)) return 'usd';
	if (/(^|_)country$/.test(key)) return 'US';
	if (/(^|_)url$/.test(key)) return 'https://example.com';
	if (/(^|_)email$/.test(key)) return 'jenny@example.com';
	if (/(^|_)phone$/.test(key)) return '+15555550100';
	// v2 takes times as RFC 3339 text.
	if (/(^|_)(at|date|timestamp)$/.test(key)) return '2026-01-01T00:00:00Z';
	const prefix = ID_PREFIXES[key] ?? ID_PREFIXES[`${key}s`];
	if (prefix) return `${prefix}_123`;
	return 'x';
}

const singularName = (name) => String(name ?? '').replace(/s$/, '');
const SCALARS = new Set(['string', 'integer', 'number', 'boolean']);

/**
 * A minimal instance a rule node takes: an object's required properties only (one property where it
 * would be empty, since an empty object is not sent), the first value of a list of values, text within
 * its limit, an integer at its minimum or 1, true, a list of one element.
 * @param {string} [kind]
 * @returns {unknown}
 */
function exampleOf(node, name, depth = 0, kind = undefined) {
	if (depth > 16) return 'x';
	switch (node.t) {
		case 'anyOf': {
			// The first alternative (of the kind asked for) whose own example the whole node takes.
			const of = kind ? node.of.filter((n) => kindsOf(n).has(kind)) : node.of;
			const examples = (of.length ? of : node.of).map((n) => exampleOf(n, name, depth + 1, kind));
			return examples.find((e) => takes(node, e)) ?? examples[0];
		}
		case 'shape':
			return shapeExample(node.shape ?? { kind: 'unknown' }, name, depth, kind);
		case 'object': {
			const out = {};
			for (const key of node.required) out[key] = exampleOf(node.props[key], key, depth + 1);
			if (Object.keys(out).length) return out;
			const keys = Object.keys(node.props);
			const key = keys.find((k) => SCALARS.has(node.props[k].t)) ?? keys[0];
			if (key !== undefined) out[key] = exampleOf(node.props[key], key, depth + 1);
			else if (node.extra)
				out[/currenc/.test(name) ? 'usd' : 'x'] = exampleOf(node.extra, '', depth + 1);
			return out;
		}
		case 'array':
			return [exampleOf(node.items, singularName(name), depth + 1)];
		case 'string': {
			if (node.values?.size) return [...node.values][0];
			if (node.format === 'decimal') return '1.5';
			const text = textFor(name);
			return node.max ? text.slice(0, node.max) : text;
		}
		case 'integer':
		case 'number':
			return node.min !== undefined && node.min > 1 ? node.min : 1;
		case 'boolean':
			return true;
		default:
			return textFor(name);
	}
}

/**
 * A minimal instance of a table's parsed JSON shape (a method the spec does not know).
 * @param {string} [kind]
 * @returns {unknown}
 */
function shapeExample(shape, name, depth, kind = undefined) {
	if (depth > 16) return 'x';
	switch (shape.kind) {
		case 'union': {
			// Of the kind asked for; else a literal (one of the SDK's values) before any text.
			const known = shape.parts.filter((p) => p.kind !== 'unknown');
			const ofKind = kind ? known.filter((p) => outerKinds(p).has(kind)) : [];
			const part =
				ofKind[0] ?? known.find((p) => p.kind === 'literal') ?? known[0] ?? shape.parts[0];
			return shapeExample(part, name, depth + 1);
		}
		case 'object': {
			const out = {};
			const entries = Object.entries(shape.props);
			for (const [key, prop] of entries)
				if (prop.required) out[key] = shapeExample(prop.type, key, depth + 1);
			if (!Object.keys(out).length && entries.length) {
				// A property of a known kind first: an object the shape was cut in ({...}) is unknown.
				const [key, prop] =
					entries.find(
						([, p]) => ![...outerKinds(p.type)].some((k) => ['any', 'object'].includes(k)),
					) ??
					entries.find(([, p]) => !outerKinds(p.type).has('any')) ??
					entries[0];
				out[key] = shapeExample(prop.type, key, depth + 1);
			} else if (!entries.length && shape.values)
				out[/currenc/.test(name) ? 'usd' : 'x'] = shapeExample(shape.values, '', depth + 1);
			return out;
		}
		case 'array':
			return [shapeExample(shape.items, singularName(name), depth + 1)];
		case 'literal':
			return shape.value;
		case 'decimal':
			return '1.5';
		case 'number':
			return 1;
		case 'boolean':
			return true;
		default:
			return textFor(name);
	}
}

/** Whether a node takes a value as the SDK sends it (typed, as in a JSON body). */
function takes(node, value) {
	const found = [];
	check(node, value, 'x', true, found);
	return !found.length;
}

/** The rule node of a parameter path (`a.b` or `a[b]`), through alternatives and lists. */
function nodeAt(node, keys) {
	for (const key of keys) {
		const next = (n) => {
			if (n.t === 'anyOf') {
				for (const alternative of n.of) {
					const found = next(alternative);
					if (found) return found;
				}
				return undefined;
			}
			if (n.t === 'object') return n.props[key] ?? n.extra;
			if (n.t === 'array' && /^\d*$/.test(key)) return n.items;
			return undefined;
		};
		node = next(node);
		if (!node) return undefined;
	}
	return node;
}

/**
 * A valid value for one parameter of an operation, from the same rules checkRequest() holds requests
 * to: `param` is its path, `business_profile.annual_revenue` or `business_profile[annual_revenue]`;
 * `kind` (object, array, string ...) picks among alternatives, as a form field takes one kind only.
 * Undefined where the rules know no such operation or parameter.
 */
/**
 * @param {string} method
 * @param {string} url
 * @param {string} param
 * @param {'object' | 'array' | 'string' | 'number' | 'boolean'} [kind]
 * @returns {unknown}
 */
function exampleFor(method, url, param, kind = undefined) {
	const entry = operationOf(method.toUpperCase(), url.split('?')[0]);
	if (!entry) return undefined;
	const keys = param.replace(/\[([^\]]*)\]/g, '.$1').split('.');
	const node = nodeAt(compiled(entry).node, keys);
	return node && exampleOf(node, keys[keys.length - 1], 0, kind);
}

module.exports = { exampleFor };
