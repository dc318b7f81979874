'use strict';
/**
 * What each collection does beyond a plain create, retrieve, update, list and delete, gathered from the
 * areas of Stripe: creators (POST /v1/{collection}), actions (POST /v1/{collection}/{id}/{action}),
 * views (GET /v1/{collection}/{id}/{view}), cancels (a DELETE that keeps the object), updates (what
 * an update of an object takes before its parameters are set) and lists (filters that are not fields).
 */
const billing = require('./billing');
const catalog = require('./catalog');
const connect = require('./connect');
const developers = require('./developers');
const discounts = require('./discounts');
const disputes = require('./disputes');
const files = require('./files');
const payments = require('./payments');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */
/** @typedef {import('../context').Creator} Creator */
/** @typedef {(ctx: Context, object: StripeObject, p: Params) => unknown} View */

/** @type {Record<string, Creator>} */
const creators = {
	...catalog.creators,
	...payments.creators,
	...billing.creators,
	...connect.creators,
	...files.creators,
	...developers.creators,
	...discounts.creators,
};
/** @type {Record<string, Record<string, import('../context').Action>>} */
const actions = { ...payments.actions, ...billing.actions, ...connect.actions };
/** @type {Record<string, Record<string, View>>} */
const views = { ...files.views, ...billing.views, ...catalog.views };
/** @type {Record<string, (ctx: Context, object: StripeObject, p: Params) => StripeObject>} */
const cancels = { ...billing.cancels };
/** By `object`. @type {Record<string, (ctx: Context, object: StripeObject, p: Params) => Params>} */
const updates = { ...disputes.updates, ...developers.updates, ...discounts.updates };
/** By collection. @type {Record<string, (rows: StripeObject[], filters: Params) => StripeObject[]>} */
const lists = { ...discounts.lists };

module.exports = { creators, actions, views, cancels, updates, lists };
