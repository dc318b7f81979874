'use strict';
/** Request bodies as the stand-in reads them: Stripe's form encoding and multipart uploads, typed. */
const { multipartParts } = require('./multipart');

/** Parameters read as numbers. */
const NUMERIC = new Set([
	'amount',
	'unit_amount',
	'quantity',
	'interval_count',
	'limit',
	'gte',
	'lte',
	'gt',
	'lt',
	'amount_received',
	'amount_to_capture',
	'application_fee_amount',
	'balance',
	'days_until_due',
	'expires_at',
	'day',
	'month',
	'year',
	'amount_off',
	'duration_in_months',
	'max_redemptions',
	'redeem_by',
	'minimum_amount',
]);

/**
 * Stripe's form encoding back into objects: `a[b][0]=c` -> {a: {b: ['c']}}.
 * @param {string} text
 * @returns {Record<string, any>}
 */
function decodeForm(text) {
	return decodeEntries(new URLSearchParams(text));
}

/**
 * Bracketed keys and their values into objects, as Stripe reads a form or a multipart body.
 * @param {Iterable<[string, any]>} entries
 * @returns {Record<string, any>}
 */
function decodeEntries(entries) {
	/** @type {Record<string, any>} */
	const out = {};
	for (const [rawKey, value] of entries) {
		const keys = rawKey.replace(/\]/g, '').split('[');
		let target = out;
		keys.forEach((key, i) => {
			const last = i === keys.length - 1;
			if (last) target[key] = value;
			else target = target[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
		});
	}
	return typed(out);
}

/**
 * Values as Stripe reads them: 'true' and 'false' as booleans, the numeric parameters as numbers.
 * @param {any} value
 * @returns {any}
 */
function typed(value, key = '') {
	if (Buffer.isBuffer(value)) return value;
	if (Array.isArray(value)) return value.map((v) => typed(v));
	if (value && typeof value === 'object') {
		if (key === 'metadata') return value;
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typed(v, k)]));
	}
	if (value === 'true') return true;
	if (value === 'false') return false;
	if (NUMERIC.has(key) && /^-?\d+$/.test(value)) return Number(value);
	return value;
}

/**
 * A multipart/form-data body (a file upload) into its fields, a file part as `{filename, type, data}`.
 * @param {Buffer} body
 * @param {string} contentType
 */
const decodeMultipart = (body, contentType) =>
	typed(decodeEntries(multipartParts(body, contentType)));

module.exports = { decodeForm, decodeMultipart, typed };
