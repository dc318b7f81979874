'use strict';
/** Merging the SDK's declarations (the table) into the spec's rules. */
const { fromTable, minimumOf, kindsOf, tableKinds, alternatives } = require('./schema');
const { parseShape } = require('./shape');

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

module.exports = { mergeFields };
