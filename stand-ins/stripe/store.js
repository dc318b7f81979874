'use strict';
/**
 * The stand-in's objects: made, found and changed here, each of one account, with hidden fields
 * (`_account`, `_seq`, ...) that answers never show.
 */
const crypto = require('crypto');
const { API_VERSION } = require('stripe');
const { missing, missingParam } = require('./errors');

/** @typedef {import('./context').Context} Context */
/** @typedef {import('./context').StripeObject} StripeObject */

/** Each collection's ID prefix; a collection not named here is not ours. */
const PREFIX = {
	customers: 'cus',
	products: 'prod',
	prices: 'price',
	payment_links: 'plink',
	refunds: 're',
	charges: 'ch',
	payment_intents: 'pi',
	events: 'evt',
	webhook_endpoints: 'we',
	subscriptions: 'sub',
	invoices: 'in',
	invoiceitems: 'ii',
	'checkout/sessions': 'cs_test',
	accounts: 'acct',
	'accounts/persons': 'person',
	'accounts/external_accounts': 'ba',
	application_fees: 'fee',
	'application_fees/refunds': 'fr',
	'apple_pay/domains': 'apwc',
	'apps/secrets': 'appsecret',
	files: 'file',
	credit_notes: 'cn',
	quotes: 'qt',
	disputes: 'dp',
	balance_transactions: 'txn',
	// A coupon's ID is chosen or generated without a prefix (resources/discounts.js).
	coupons: '',
	promotion_codes: 'promo',
};
/** @type {Record<string, string>} Each collection's `object`. */
const OBJECT = {
	customers: 'customer',
	products: 'product',
	prices: 'price',
	payment_links: 'payment_link',
	refunds: 'refund',
	charges: 'charge',
	payment_intents: 'payment_intent',
	events: 'event',
	webhook_endpoints: 'webhook_endpoint',
	subscriptions: 'subscription',
	invoices: 'invoice',
	invoiceitems: 'invoiceitem',
	'checkout/sessions': 'checkout.session',
	accounts: 'account',
	'accounts/persons': 'person',
	'accounts/external_accounts': 'bank_account',
	application_fees: 'application_fee',
	'application_fees/refunds': 'fee_refund',
	'apple_pay/domains': 'apple_pay_domain',
	balance_transactions: 'balance_transaction',
	'apps/secrets': 'apps.secret',
	files: 'file',
	credit_notes: 'credit_note',
	quotes: 'quote',
	disputes: 'dispute',
	coupons: 'coupon',
	promotion_codes: 'promotion_code',
};
/** Lists that an object always has (never null), empty once unset: an invoice item's `invoicing_rules`. */
const EMPTY_LISTS = new Set(['invoicing_rules']);
const PLATFORM = 'acct_standin_platform';
// The account's API version, the SDK's pinned one: its events carry it, and so does a webhook endpoint
// whose create names none.
const ACCOUNT_API_VERSION = API_VERSION;

/** @param {string} prefix */
const randomId = (prefix) =>
	`${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

/** The account a request acts for. @param {import('http').IncomingMessage} req */
const accountOf = (req) => String(req.headers['stripe-account'] || PLATFORM);
/** The API key a request carries. @param {import('http').IncomingMessage} req */
const apiKeyOf = (req) => (req.headers.authorization || '').replace(/^Bearer\s+/, '');
/** @param {StripeObject} o @param {string} account */
const visible = (o, account) => o._account === account;
/** An object without its hidden fields. @param {StripeObject} o @returns {StripeObject} */
const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_')));

/**
 * A new object of a collection, noted as made by the write under way.
 * @param {Context} ctx
 * @param {string} collection
 * @param {string} account
 * @param {StripeObject} fields
 * @returns {StripeObject}
 */
function insert(ctx, collection, account, fields) {
	/** @type {StripeObject} */
	const object = {
		id: randomId(PREFIX[/** @type {keyof typeof PREFIX} */ (collection)]),
		object: OBJECT[collection],
		created: ctx.now(),
		livemode: false,
		metadata: {},
		...fields,
		_account: account,
		_seq: ++ctx.seq,
	};
	if (READ_ONLY.has(collection)) delete object.metadata;
	// Listed some time after it was stamped created (one seeded as of the past too, as if it had just been).
	if (LISTED_LATE.has(collection)) {
		object._listingDelayMs = ctx.time.listingDelay(object);
		object._listedAt = ctx.time.ms() + object._listingDelayMs;
	}
	ctx.store.set(object.id, object);
	if (object.object === 'webhook_endpoint') ctx.endpoints.add(object);
	if (ctx.write) ctx.write.set(object.id, { object, before: null });
	return object;
}

/** What Stripe lists late: events (the Events API is eventually consistent) and balance transactions. */
const LISTED_LATE = new Set(['events', 'balance_transactions']);
/** What Stripe makes itself and only lists and retrieves: no metadata, no update, no delete. */
const READ_ONLY = new Set(['events', 'balance_transactions']);

/**
 * Notes an object a write may change, as it was before.
 * @template {StripeObject | undefined} T
 * @param {Context} ctx
 * @param {T} o
 * @returns {T}
 */
function touch(ctx, o) {
	if (ctx.write && o && !ctx.write.has(o.id))
		ctx.write.set(o.id, { object: o, before: snapshot(ctx, o) });
	return o;
}

/**
 * An object as it is now, for an event: hidden fields stay (the change rules may read them), file bytes do not.
 * @param {Context} ctx
 * @param {StripeObject} o
 * @returns {StripeObject}
 */
const snapshot = (ctx, o) =>
	structuredClone(
		Object.fromEntries(
			Object.entries(o.object === 'invoice' ? totals(ctx, o) : o).filter(
				([, v]) => !Buffer.isBuffer(v),
			),
		),
	);

/**
 * An object of the collection that the account sees, or Stripe's 404 naming `param`.
 * @param {Context} ctx
 * @param {string} collection
 * @param {string} id
 * @param {string} account
 * @param {string} [param]
 * @returns {StripeObject}
 */
function get(ctx, collection, id, account, param) {
	const o = ctx.store.get(id);
	if (!o || o.object !== OBJECT[collection] || !visible(o, account))
		throw missing(OBJECT[collection], id, param);
	return touch(ctx, o);
}

/**
 * A required parameter naming an object of the account.
 * @param {Context} ctx
 * @param {string} account
 * @param {string} collection
 * @param {string | undefined} id
 * @param {string} param
 */
function getRequired(ctx, account, collection, id, param) {
	if (!id) throw missingParam(param);
	return get(ctx, collection, id, account, param);
}

/**
 * An update's parameters applied: an empty value unsets a parameter (Stripe stores null, no metadata at
 * all for metadata, and an empty list for a list its objects never give as null).
 * @param {StripeObject} object
 * @param {Record<string, any>} params
 */
function update(object, params) {
	for (const [k, v] of Object.entries(params)) {
		if (k === 'expand') continue;
		if (v === '') object[k] = k === 'metadata' ? {} : EMPTY_LISTS.has(k) ? [] : null;
		else if (k === 'metadata') {
			for (const [mk, mv] of Object.entries(v))
				mv === '' ? delete object.metadata[mk] : (object.metadata[mk] = mv);
		} else object[k] = v;
	}
	return object;
}

/**
 * A draft invoice's lines and totals follow its invoice items; finalizing fixes them.
 * @param {Context} ctx
 * @param {StripeObject} invoice
 */
function totals(ctx, invoice) {
	if (invoice.status !== 'draft') return invoice;
	const items = [...ctx.store.values()]
		.filter((o) => o.object === 'invoiceitem' && o.invoice === invoice.id)
		.sort((a, b) => a._seq - b._seq);
	const total = items.reduce((sum, item) => sum + item.amount, 0);
	invoice.lines = {
		object: 'list',
		url: `/v1/invoices/${invoice.id}/lines`,
		has_more: false,
		total_count: items.length,
		data: items.map((item) => ({
			id: `il_${item.id.slice(3)}`,
			object: 'line_item',
			amount: item.amount,
			currency: item.currency,
			description: item.description,
			invoice: invoice.id,
			quantity: item.quantity,
			pricing: item.pricing,
			parent: { type: 'invoice_item_details', invoice_item_details: { invoice_item: item.id } },
			metadata: item.metadata,
		})),
	};
	return Object.assign(invoice, {
		subtotal: total,
		total,
		amount_due: total,
		amount_remaining: total,
	});
}

/**
 * An object as Stripe answers with it: hidden fields removed, an invoice's totals up to date.
 * @param {Context} ctx
 * @param {StripeObject} o
 */
const out = (ctx, o) => strip(o.object === 'invoice' ? totals(ctx, o) : o);

/**
 * The objects of a collection that the account sees.
 * @param {Context} ctx
 * @param {string} collection
 * @param {string} account
 */
const objectsOf = (ctx, collection, account) =>
	[...ctx.store.values()].filter((o) => o.object === OBJECT[collection] && visible(o, account));

module.exports = {
	PREFIX,
	OBJECT,
	READ_ONLY,
	PLATFORM,
	ACCOUNT_API_VERSION,
	randomId,
	accountOf,
	apiKeyOf,
	visible,
	strip,
	insert,
	touch,
	snapshot,
	get,
	getRequired,
	update,
	totals,
	out,
	objectsOf,
};
