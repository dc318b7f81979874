'use strict';
/** The stand-in's own routes: which collection, object and action a path names, and what answers it. */
const { list, search } = require('./lists');
const { PREFIX, READ_ONLY, accountOf, get, out, update } = require('./store');
const { creators, actions, views, cancels, updates, lists } = require('./resources');
const { retrieveAccount } = require('./resources/connect');
const { secretByName } = require('./resources/developers');

/** @typedef {import('./context').Context} Context */

/** Collections whose path has two parts: /v1/checkout/sessions. */
const NAMESPACES = new Set(['checkout', 'apple_pay', 'apps']);

/**
 * Our answer to a request, or undefined for a path we do not serve (stripe-stateful-mock does).
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {string} path
 * @param {Record<string, any>} params
 * @returns {unknown}
 */
function route(ctx, req, path, params) {
	const method = req.method;
	const acct = accountOf(req);
	const parts = path.split('/').filter(Boolean); // ['v1', collection, id?, action?, part?]
	if (parts[0] !== 'v1') return undefined;
	const [collection, id, action, part] = NAMESPACES.has(parts[1])
		? [`${parts[1]}/${parts[2]}`, ...parts.slice(3)]
		: parts.slice(1);
	if (collection === 'account' && !id && method === 'GET') return retrieveAccount(ctx, req);
	if (collection === 'accounts' && id && !action && method === 'GET')
		return retrieveAccount(ctx, req, id);
	if (collection === 'account_links' && !id && method === 'POST')
		return creators.account_links(ctx, acct, params);
	if (!Object.hasOwn(PREFIX, collection)) return undefined;
	if (collection === 'charges' && method === 'POST' && !id) return undefined; // test tokens: stripe-stateful-mock
	if (!id) {
		if (method === 'GET')
			return list(ctx, collection, acct, params, `/v1/${collection}`, lists[collection]);
		if (method === 'POST' && creators[collection])
			return out(ctx, creators[collection](ctx, acct, params));
		return undefined;
	}
	if (id === 'search' && method === 'GET')
		return search(ctx, collection, acct, params, `/v1/${collection}/search`);
	if (
		collection === 'apps/secrets' &&
		((id === 'find' && method === 'GET') || (id === 'delete' && method === 'POST'))
	)
		return secretByName(ctx, acct, id, params);
	if (action) {
		const key = part === undefined ? action : `${action}/*`;
		if (method === 'POST' && actions[collection]?.[key])
			return out(
				ctx,
				actions[collection][key](ctx, get(ctx, collection, id, acct), params, acct, part),
			);
		if (method === 'GET' && part === undefined && views[collection]?.[action])
			return views[collection][action](ctx, get(ctx, collection, id, acct), params);
		return undefined;
	}
	if (method === 'GET') return out(ctx, get(ctx, collection, id, acct));
	if (READ_ONLY.has(collection)) return undefined;
	if (method === 'POST') {
		const o = get(ctx, collection, id, acct);
		return out(ctx, update(o, updates[o.object]?.(ctx, o, params) ?? params));
	}
	if (method === 'DELETE') {
		const o = get(ctx, collection, id, acct);
		if (cancels[collection]) return out(ctx, cancels[collection](ctx, o, params));
		ctx.store.delete(id);
		return { id: o.id, object: o.object, deleted: true };
	}
	return undefined;
}

module.exports = { route };
