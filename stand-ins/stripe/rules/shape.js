'use strict';
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
		/** @type {Record<string, any>} */
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

module.exports = { parseShape, outerKinds };
