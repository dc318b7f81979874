'use strict';
/** Lists and searches of a collection: filters, cursors, `expand` of `data.*`, and Stripe's search queries. */
const { invalid, missing, missingParam } = require('./errors');
const { listEvents } = require('./events');
const { OBJECT, objectsOf, out, strip } = require('./store');

/** @typedef {import('./context').Context} Context */
/** @typedef {import('./context').StripeObject} StripeObject */

/** @param {StripeObject} a @param {StripeObject} b */
const newestFirst = (a, b) => b._seq - a._seq;
/**
 * Objects may be seeded with past `created` times; Stripe lists them newest first by that time.
 * @param {StripeObject} a
 * @param {StripeObject} b
 */
const newestCreatedFirst = (a, b) => b.created - a.created || b._seq - a._seq;

/**
 * A page of a collection, as GET /v1/{collection} answers.
 * @param {Context} ctx
 * @param {string} collection
 * @param {string} account
 * @param {Record<string, any>} params
 * @param {string} url
 * @param {(rows: StripeObject[], filters: Record<string, any>) => StripeObject[]} [narrow] The
 *   collection's filters that are not plain fields, each taken out of `filters` once applied.
 */
function list(ctx, collection, account, params, url, narrow) {
	const { limit = 10, starting_after, ending_before, expand, created, types, ...filters } = params;
	if (limit < 1 || limit > 100)
		throw invalid('Invalid integer: limit must be between 1 and 100', 'limit');
	// What Stripe lists late shows up once its time has come.
	const at = ctx.time.ms();
	let rows = objectsOf(ctx, collection, account)
		.filter((o) => !(o._listedAt > at))
		.sort(newestCreatedFirst);
	if (collection === 'events') rows = listEvents(ctx, rows, filters, types);
	if (narrow) rows = narrow(rows, filters);
	// Stripe lists subscriptions that are not canceled unless a status is asked for (`all` for every one).
	if (collection === 'subscriptions') {
		if (filters.status === undefined) rows = rows.filter((o) => o.status !== 'canceled');
		if (filters.status === 'all') delete filters.status;
	}
	for (const [k, v] of Object.entries(filters))
		rows = rows.filter((o) => String(o[k]) === String(v));
	if (created && typeof created === 'object') {
		const c = created;
		rows = rows.filter(
			(o) =>
				(c.gte === undefined || o.created >= c.gte) &&
				(c.lte === undefined || o.created <= c.lte) &&
				(c.gt === undefined || o.created > c.gt) &&
				(c.lt === undefined || o.created < c.lt),
		);
	} else if (created !== undefined)
		rows = rows.filter((o) => String(o.created) === String(created));
	let more = rows.length > limit;
	if (starting_after) {
		const at = rows.findIndex((o) => o.id === starting_after);
		if (at < 0) throw missing(OBJECT[collection], starting_after, 'starting_after');
		rows = rows.slice(at + 1);
		more = rows.length > limit;
	} else if (ending_before) {
		// The page just before the cursor: the `limit` objects next to it, still newest first.
		const at = rows.findIndex((o) => o.id === ending_before);
		if (at < 0) throw missing(OBJECT[collection], ending_before, 'ending_before');
		more = at > limit;
		rows = rows.slice(Math.max(0, at - limit), at);
	}
	// `expand: ['data.product']` puts the object an ID names in its place, as Stripe does.
	const expanded = (Array.isArray(expand) ? expand : [])
		.filter((e) => e.startsWith('data.'))
		.map((e) => e.slice(5));
	/** @param {StripeObject} o */
	const expandOne = (o) =>
		Object.assign(
			o,
			...expanded.map((k) => {
				const named = typeof o[k] === 'string' ? ctx.store.get(o[k]) : undefined;
				return named ? { [k]: strip(named) } : {};
			}),
		);
	return {
		object: 'list',
		url,
		has_more: more,
		data: rows.slice(0, limit).map((o) => expandOne(out(ctx, o))),
	};
}

/**
 * A page of a search, as GET /v1/{collection}/search answers.
 * @param {Context} ctx
 * @param {string} collection
 * @param {string} account
 * @param {Record<string, any>} params
 * @param {string} url
 */
function search(ctx, collection, account, params, url) {
	const { query, limit = 10, page } = params;
	if (!query) throw missingParam('query');
	const rows = objectsOf(ctx, collection, account)
		.filter((o) => {
			const indexed = searchedAs(ctx, o);
			return indexed !== undefined && matchesQuery(indexed, query);
		})
		.sort(newestFirst);
	const offset = page ? Number(Buffer.from(page, 'base64url').toString()) : 0;
	const slice = rows.slice(offset, offset + limit);
	const more = offset + limit < rows.length;
	return {
		object: 'search_result',
		url,
		has_more: more,
		next_page: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
		data: slice.map(strip),
	};
}

/**
 * Search finds a write once its index caught up: until then an object it made is not found, and one it
 * changed is found as it was. `_searchable` holds the states to come, each with when Search shows it.
 * @param {Context} ctx
 * @param {import('./context').Change[]} changes
 */
function indexForSearch(ctx, changes) {
	const lag = ctx.time.searchLagMs;
	if (!lag) return;
	const at = ctx.time.ms() + lag;
	/** @param {StripeObject} state */
	const indexed = ({ _searchable, ...state }) => state;
	for (const { before, after, deleted } of changes) {
		const object = ctx.store.get(after.id);
		if (deleted || !object) continue;
		object._searchable ??= before ? [{ at: -Infinity, state: indexed(before) }] : [];
		object._searchable.push({ at, state: indexed(after) });
	}
}

/**
 * An object as Search sees it now: its newest indexed state, undefined while none is.
 * @param {Context} ctx
 * @param {StripeObject} object
 * @returns {StripeObject | undefined}
 */
function searchedAs(ctx, object) {
	if (!object._searchable) return object;
	const now = ctx.time.ms();
	const shown = object._searchable.filter((/** @type {{ at: number }} */ s) => s.at <= now);
	return shown[shown.length - 1]?.state;
}

/**
 * A tiny evaluator for Stripe's search query language: clauses joined by AND, or by OR (Stripe allows one or the other).
 * @param {StripeObject} object
 * @param {string} query
 */
function matchesQuery(object, query) {
	const or = /\s+OR\s+/i.test(query);
	const clauses = query.split(or ? /\s+OR\s+/i : /\s+AND\s+/i);
	return clauses[or ? 'some' : 'every']((clause) => {
		const m = /^\s*(metadata\['([^']+)'\]|[\w.]+)\s*(:|~|>=|<=|>|<)\s*'?([^']*)'?\s*$/.exec(clause);
		if (!m) throw invalid(`Invalid search query: ${clause}`, 'query');
		const actual = m[2]
			? object.metadata?.[m[2]]
			: m[1].split('.').reduce((o, k) => o?.[k], object);
		const expected = m[4];
		switch (m[3]) {
			case ':':
				return String(actual) === expected;
			case '~':
				return String(actual ?? '')
					.toLowerCase()
					.includes(expected.toLowerCase());
			default: {
				const [a, b] = [Number(actual), Number(expected)];
				return { '>': a > b, '<': a < b, '>=': a >= b, '<=': a <= b }[m[3]];
			}
		}
	});
}

module.exports = { list, search, indexForSearch };
