'use strict';
/** What was sent, decoded as Stripe reads it before any typing: every value a string. */
const { multipartParts } = require('../multipart');

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
	// Brackets in part names nest as in a form.
	const form = new URLSearchParams();
	const files = [];
	for (const [name, value] of multipartParts(body, contentType)) {
		if (typeof value === 'string') form.append(name, value);
		else files.push(name);
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

module.exports = { decodeForm, decodeMultipart, encodeForm, FILE };
