'use strict';
/*
 * Events. A write announces each object it creates as `<name>.created`, each it changes as
 * `<name>.updated` (with previous_attributes) and each it deletes as `<name>.deleted`, where <name>
 * is the object's name in Stripe's event types; only names Stripe has are emitted (there is no
 * `webhook_endpoint.created`). Where Stripe names a change itself, its own events replace `.updated`.
 */
const { isDeepStrictEqual } = require('util');
const { invalid } = require('./errors');
const { PLATFORM, ACCOUNT_API_VERSION, insert, snapshot, strip } = require('./store');
const { listeners } = require('./webhooks');

/** @typedef {import('./context').Context} Context */
/** @typedef {import('./context').StripeObject} StripeObject */
/** @typedef {import('./context').Change} Change */

const EVENT_TYPES = new Set(
	require('../../nodes/shared/generated/event-types.json').types.map(
		(/** @type {{ value: string }} */ t) => t.value,
	),
);
/** @type {Record<string, string>} */
const EVENT_NAME = {
	subscription: 'customer.subscription',
	bank_account: 'account.external_account',
	dispute: 'charge.dispute',
	card: 'customer.source',
};
/** Stripe keeps events for 30 days. */
const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** @typedef {(after: StripeObject, before: StripeObject) => boolean} ChangeTest */
/** @param {string} key @param {unknown} value @returns {ChangeTest} */
const became = (key, value) => (a, b) => a[key] === value && b[key] !== value;
/** @param {string} key @returns {ChangeTest} */
const grew = (key) => (a, b) => b[key] !== undefined && a[key] > b[key];
// A charge of ours keeps whether it is captured hidden (`_captured`); one of stripe-stateful-mock shows it.
/** @param {StripeObject} charge */
const captured = (charge) => charge._captured ?? charge.captured;
/**
 * [object, event type, whether a change (after, before; before is {} for a new object) is one].
 * @type {Array<[string, string, ChangeTest]>}
 */
const CHANGE_EVENTS = [
	[
		'payment_intent',
		'payment_intent.amount_capturable_updated',
		became('status', 'requires_capture'),
	],
	['payment_intent', 'payment_intent.succeeded', became('status', 'succeeded')],
	['payment_intent', 'payment_intent.canceled', became('status', 'canceled')],
	[
		'payment_intent',
		'payment_intent.payment_failed',
		(a, b) =>
			Boolean(a.last_payment_error) &&
			!isDeepStrictEqual(a.last_payment_error, b.last_payment_error),
	],
	['charge', 'charge.captured', (a, b) => captured(a) === true && captured(b) === false],
	// Releasing what a partial capture leaves is no refund the customer sees.
	[
		'charge',
		'charge.refunded',
		(a, b) => grew('amount_refunded')(a, b) && captured(a) === captured(b),
	],
	['application_fee', 'application_fee.refunded', grew('amount_refunded')],
	['refund', 'refund.failed', became('status', 'failed')],
	[
		'invoice',
		'invoice.finalized',
		(a, b) => Boolean(a.status_transitions?.finalized_at) && !b.status_transitions?.finalized_at,
	],
	['invoice', 'invoice.paid', became('status', 'paid')],
	[
		'invoice',
		'invoice.payment_succeeded',
		(a, b) => became('status', 'paid')(a, b) && !a.paid_out_of_band,
	],
	['invoice', 'invoice.voided', became('status', 'void')],
	['invoice', 'invoice.marked_uncollectible', became('status', 'uncollectible')],
	['subscription', 'customer.subscription.deleted', became('status', 'canceled')],
	['quote', 'quote.finalized', became('status', 'open')],
	['quote', 'quote.accepted', became('status', 'accepted')],
	['quote', 'quote.canceled', became('status', 'canceled')],
	['credit_note', 'credit_note.voided', became('status', 'void')],
	[
		'dispute',
		'charge.dispute.closed',
		(a, b) => ['won', 'lost'].includes(a.status) && !['won', 'lost'].includes(b.status),
	],
];
/**
 * A new charge is announced by its outcome: charge.succeeded, charge.pending or charge.failed.
 * @type {Record<string, (o: StripeObject) => string>}
 */
const CREATED_EVENT = { charge: (o) => `charge.${o.status}` };

/**
 * Stripe's previous_attributes: the changed attributes' prior values, changed keys only inside objects, whole arrays.
 * @param {StripeObject} before
 * @param {StripeObject} after
 * @returns {StripeObject}
 */
function previousAttributes(before, after) {
	/** @type {StripeObject} */
	const previous = {};
	/** @param {unknown} v */
	const plain = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
	for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (key.startsWith('_') || isDeepStrictEqual(before[key], after[key])) continue;
		previous[key] =
			plain(before[key]) && plain(after[key])
				? previousAttributes(before[key], after[key])
				: (before[key] ?? null);
	}
	return previous;
}

/**
 * The account an object's events belong to: a connected account's own objects are announced to it.
 * @param {StripeObject} o
 * @returns {string}
 */
const scopeOf = (o) =>
	o.object === 'account'
		? o.id
		: ['person', 'bank_account'].includes(o.object)
			? o.account
			: o._account;

/**
 * What a write did to the objects it noted (see store's touch): each as it was and as it is now.
 * @param {Context} ctx
 * @param {Iterable<{ object: StripeObject, before: StripeObject | null }>} noted
 * @returns {Change[]}
 */
const changesOf = (ctx, noted) =>
	[...noted].map(({ object, before }) => ({
		before,
		after: snapshot(ctx, object),
		deleted: !ctx.store.has(object.id),
		account: scopeOf(object),
	}));

/**
 * Records the events of a write's changes: the objects it made first, in the order made, then what
 * changed, inner objects (a charge) before the one acted on (its payment intent).
 * @param {Context} ctx
 * @param {Change[]} changes
 * @param {{ id: string | null, idempotency_key: string | null }} request
 * @returns {StripeObject[]}
 */
function announce(ctx, changes, request) {
	/** @type {StripeObject[]} */
	const events = [];
	/** @param {StripeObject} o */
	const name = (o) => EVENT_NAME[o.object] ?? o.object;
	/** @param {Change} change @param {string} type @param {StripeObject} [previous] */
	const add = (change, type, previous) =>
		events.push(
			recordEvent(ctx, type, strip(change.after), {
				account: change.account,
				previousAttributes: previous,
				request,
			}),
		);
	for (const change of changes.filter((c) => !c.before && !c.deleted)) {
		const type =
			CREATED_EVENT[change.after.object]?.(change.after) ?? `${name(change.after)}.created`;
		if (EVENT_TYPES.has(type)) add(change, type);
	}
	for (const change of [...changes].reverse()) {
		const { before, after } = change;
		if (change.deleted) {
			if (before && EVENT_TYPES.has(`${name(after)}.deleted`))
				add(change, `${name(after)}.deleted`);
			continue;
		}
		const named = CHANGE_EVENTS.filter(
			([object, , is]) => object === after.object && is(after, before ?? {}),
		);
		named.forEach(([, type]) => add(change, type));
		const previous = before && !named.length ? previousAttributes(before, after) : {};
		if (Object.keys(previous).length && EVENT_TYPES.has(`${name(after)}.updated`))
			add(change, `${name(after)}.updated`, previous);
	}
	return events;
}

/**
 * @typedef {Object} EventOptions
 * @property {number} [created] Unix seconds; now by default.
 * @property {string} [account] A connected account's event (listed with its Stripe-Account, carrying `account`).
 * @property {StripeObject} [previousAttributes]
 * @property {string} [apiVersion]
 * @property {{ id: string | null, idempotency_key: string | null }} [request]
 * @property {number} [pendingWebhooks] The endpoints still to get it; by default those that listen.
 */

/**
 * An event as Stripe records one.
 * @param {Context} ctx
 * @param {string} type
 * @param {StripeObject} object
 * @param {EventOptions} [options]
 */
function recordEvent(
	ctx,
	type,
	object,
	{
		created,
		account = PLATFORM,
		previousAttributes,
		apiVersion = ACCOUNT_API_VERSION,
		request = { id: null, idempotency_key: null },
		pendingWebhooks,
	} = {},
) {
	const event = insert(ctx, 'events', account, {
		...(account === PLATFORM ? {} : { account }),
		api_version: apiVersion,
		...(created === undefined ? {} : { created }),
		data: { object, ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
		livemode: false,
		pending_webhooks: 0,
		request,
		type,
	});
	event.pending_webhooks = pendingWebhooks ?? listeners(ctx, event).length;
	return event;
}

/** Late events = listed more than this after they happened. */
const LATE_MS = 1000;

/**
 * The events recorded so far as the Events API lists them: how long (ms) until the last of them is
 * listed, and how many were or will be listed over a second after they happened.
 * @param {Context} ctx
 */
function listing(ctx) {
	const now = ctx.time.ms();
	let last = now;
	let late = 0;
	for (const o of ctx.store.values()) {
		if (o.object !== 'event') continue;
		last = Math.max(last, o._listedAt);
		if (o._listingDelayMs > LATE_MS) late++;
	}
	return { pendingMs: last - now, late };
}

/**
 * The events the Events API lists, of those an account sees (newest first), by its own filters:
 * `type` (with * for any part), `types`, `delivery_success`; these are taken out of `filters`.
 * @param {Context} ctx
 * @param {StripeObject[]} rows
 * @param {Record<string, any>} filters
 * @param {unknown} types
 */
function listEvents(ctx, rows, filters, types) {
	const { type, delivery_success: delivered } = filters;
	delete filters.type;
	delete filters.delivery_success;
	if (type !== undefined && types !== undefined)
		throw invalid('You may only specify one of these parameters: type, types.', 'types');
	if (type !== undefined) {
		const pattern = new RegExp(
			`^${String(type)
				.split('*')
				.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
				.join('.*')}$`,
		);
		rows = rows.filter((o) => pattern.test(o.type));
	}
	if (types !== undefined) {
		if (!Array.isArray(types) || types.length > 20)
			throw invalid('Invalid array: types must have at most 20 elements', 'types');
		rows = rows.filter((o) => types.includes(o.type));
	}
	// For as long as Stripe keeps events.
	rows = rows.filter((o) => o.created >= ctx.now() - EVENT_RETENTION_SECONDS);
	// Delivered: no webhook endpoint still waits for it.
	if (delivered !== undefined) rows = rows.filter((o) => (o.pending_webhooks === 0) === delivered);
	return rows;
}

module.exports = { CHANGE_EVENTS, changesOf, announce, recordEvent, listEvents, listing };
