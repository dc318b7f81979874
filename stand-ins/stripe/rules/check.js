'use strict';
/** The check: a request's values held to an operation's rules, refused as Stripe refuses them. */
const { kindsOf } = require('./schema');
const { decodeForm, decodeMultipart, encodeForm, FILE } = require('./decode');
const { compiled, operationOf } = require('./operations');

/**
 * Stripe's 400 answer to a request it refuses.
 * @typedef {Object} StripeRefusal
 * @property {400} status
 * @property {{ type: 'invalid_request_error', message: string, param?: string, code?: string, doc_url?: string }} error
 */

/**
 * @typedef {Object} RequestToCheck
 * @property {string} method
 * @property {string} path The path, with its query string or without.
 * @property {string | Record<string, unknown>} [query] The raw query string (without `?`), or values as the SDK would send them.
 * @property {string | Buffer | Record<string, unknown>} [body] The raw body, or values as the SDK would send them (a form on /v1, JSON on /v2).
 * @property {string} [contentType]
 */

/**
 * @param {string} message
 * @param {string} [param]
 * @param {string} [code]
 * @returns {StripeRefusal}
 */
const fault = (message, param, code) => ({
	status: 400,
	error: {
		type: 'invalid_request_error',
		message,
		...(param === undefined ? {} : { param }),
		...(code
			? { code, doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` }
			: {}),
	},
});

const isPlain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && v !== FILE;
const isIndexed = (v) => isPlain(v) && Object.keys(v).every((k) => /^\d+$/.test(k));
/** A list's elements with their indices: a JSON array, or a form's object with index keys. */
const listEntries = (v) =>
	Array.isArray(v)
		? v.map((x, i) => [String(i), x])
		: Object.entries(v).sort(([a], [b]) => Number(a) - Number(b));

const shown = (value) =>
	typeof value === 'string' ? value : value === FILE ? '<file>' : JSON.stringify(value);
const oneOf = (values) => {
	const list = [...values];
	if (list.length <= 2) return list.join(' or ');
	return `${list.slice(0, -1).join(', ')}, or ${list[list.length - 1]}`;
};
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;

// Which refusal Stripe gives first when a request has several.
const RANK = { parameter_unknown: 0, parameter_missing: 1 };
const rank = (f) => RANK[f.error.code] ?? 2;

/**
 * The refusals of a value under a node, appended to `out`. `json`: the value came as JSON (typed),
 * else from a form (strings).
 */
function check(node, value, param, json, out) {
	if (node.t === 'any') return;
	if (value === '' || (json && value === null)) {
		// Stripe reads '' as "unset", which only parameters the spec marks emptyable allow.
		if (node.empty) return;
		out.push(
			fault(
				`You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
				param,
				'parameter_invalid_empty',
			),
		);
		return;
	}
	switch (node.t) {
		case 'anyOf': {
			let best;
			for (const alternative of node.of) {
				const found = [];
				check(alternative, value, param, json, found);
				if (!found.length) return;
				// The refusal of the alternative the value looks like (an object for an object).
				if (!best || (fits(alternative, value, json) && !fits(best.node, value, json)))
					best = { node: alternative, found };
			}
			if (best) out.push(...best.found);
			return;
		}
		case 'shape': {
			if (node.outer.has('any')) return;
			const kind = outerOf(value, json);
			const ok =
				node.outer.has(kind) ||
				(kind === 'object' && node.outer.has('array') && isIndexed(value)) ||
				(!json && kind === 'string' && ['number', 'boolean'].some((k) => node.outer.has(k)));
			if (!ok)
				out.push(
					fault(
						node.outer.has('object')
							? 'Invalid object'
							: node.outer.has('array')
								? 'Invalid array'
								: `Invalid ${[...node.outer][0]}: ${shown(value)}`,
						param,
					),
				);
			return;
		}
		case 'object': {
			if (!isPlain(value)) {
				out.push(fault('Invalid object', param));
				return;
			}
			for (const [key, child] of Object.entries(value)) {
				const name = param ? `${param}[${key}]` : key;
				const rule = node.props[key] ?? node.extra;
				if (!rule) {
					out.push(fault(`Received unknown parameter: ${name}`, name, 'parameter_unknown'));
					continue;
				}
				check(rule, child, name, json, out);
			}
			for (const key of node.required)
				if (value[key] === undefined) {
					const name = param ? `${param}[${key}]` : key;
					out.push(fault(`Missing required param: ${name}.`, name, 'parameter_missing'));
				}
			return;
		}
		case 'array': {
			if (!(Array.isArray(value) || isIndexed(value))) {
				out.push(fault('Invalid array', param));
				return;
			}
			for (const [i, item] of listEntries(value))
				check(node.items, item, `${param}[${i}]`, json, out);
			return;
		}
		case 'string': {
			if (node.format === 'binary') {
				if (value !== FILE && typeof value !== 'string') out.push(fault('Invalid file', param));
				return;
			}
			if (
				typeof value !== 'string' &&
				!(json && node.format === 'decimal' && typeof value === 'number')
			) {
				out.push(fault(`Invalid string: ${shown(value)}`, param));
				return;
			}
			const text = String(value);
			if (node.values && !node.values.has(text)) {
				// A parameter that can only be unset lists no value.
				const allowed = node.values.size ? `one of ${oneOf(node.values)}` : 'an empty string';
				out.push(fault(`Invalid ${param}: must be ${allowed}`, param));
				return;
			}
			if (node.format === 'decimal' && !DECIMAL.test(text)) {
				out.push(fault(`Invalid decimal: ${text}`, param));
				return;
			}
			// Stripe counts characters, and shows the first 20 of a long value.
			const chars = text.length > node.max ? [...text] : [];
			if (node.max && chars.length > node.max) {
				const head = chars.length > 20 ? `${chars.slice(0, 20).join('')}...` : text;
				out.push(fault(`Invalid string: ${head}; must be at most ${node.max} characters`, param));
			}
			return;
		}
		case 'integer':
		case 'number': {
			const integer = node.t === 'integer';
			const ok = json
				? (typeof value === 'number' && (!integer || Number.isInteger(value))) ||
					(typeof value === 'string' && (integer ? INTEGER : DECIMAL).test(value))
				: typeof value === 'string' && (integer ? INTEGER : DECIMAL).test(value);
			if (!ok) {
				out.push(
					integer
						? fault(`Invalid integer: ${shown(value)}`, param, 'parameter_invalid_integer')
						: fault(`Invalid decimal: ${shown(value)}`, param),
				);
				return;
			}
			if (node.min !== undefined && Number(value) < node.min)
				out.push(
					fault(
						`This value must be greater than or equal to ${node.min}.`,
						param,
						'parameter_invalid_integer',
					),
				);
			return;
		}
		case 'boolean': {
			const ok = json ? typeof value === 'boolean' : value === 'true' || value === 'false';
			if (!ok) out.push(fault(`Invalid boolean: ${shown(value)}`, param));
			return;
		}
		default:
	}
}

/** The outer kind of a value: object, array, string, number or boolean. */
function outerOf(value, json) {
	if (Array.isArray(value)) return 'array';
	if (isPlain(value)) return 'object';
	if (json && typeof value === 'number') return 'number';
	if (json && typeof value === 'boolean') return 'boolean';
	return 'string';
}

/** Whether a value has the outer kind a node takes. */
function fits(node, value, json) {
	const kind = outerOf(value, json);
	const kinds = kindsOf(node);
	if (kinds.has('any') || kinds.has(kind)) return true;
	if (kind === 'object' && kinds.has('array') && isIndexed(value)) return true;
	return !json && kind === 'string' && (kinds.has('number') || kinds.has('boolean'));
}

/**
 * Stripe's answer to a request it refuses, or undefined for one it takes (or whose path no rule knows).
 * `query`: the raw query string (or an object of values); `body`: the raw body (string or Buffer), or
 * a plain object, which is judged as the SDK would send it.
 * @param {RequestToCheck} request
 * @returns {StripeRefusal | undefined}
 */
function checkRequest({ method, path: url, query, body, contentType = '' }) {
	const [pathname, search = ''] = url.split('?');
	const entry = operationOf(method.toUpperCase(), pathname);
	if (!entry) return undefined;
	const rules = compiled(entry);
	const json = rules.json;
	const values = {};
	const queryText = typeof query === 'string' ? query : query ? encodeForm(query) : search;
	Object.assign(values, decodeForm(queryText || search));
	if (body !== undefined && body !== null && body.length !== 0) {
		if (isPlain(body) && !Buffer.isBuffer(body))
			Object.assign(values, json ? body : decodeForm(encodeForm(body)));
		else if (/multipart\/form-data/i.test(contentType))
			Object.assign(values, decodeMultipart(body, contentType));
		else if (/json/i.test(contentType)) {
			try {
				Object.assign(values, JSON.parse(body.toString()));
			} catch {
				return fault('Invalid JSON body', undefined);
			}
		} else Object.assign(values, decodeForm(body.toString()));
	}
	// A v2 query is a form like v1's; only a v2 body is JSON.
	const found = [];
	check(rules.node, values, '', json && method.toUpperCase() === 'POST', found);
	if (!found.length) return undefined;
	return found.reduce((best, f) => (rank(f) < rank(best) ? f : best));
}

module.exports = { check, checkRequest };
