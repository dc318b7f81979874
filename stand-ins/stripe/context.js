'use strict';
/** The state of one stand-in, passed to each of its parts: the store, its requests, keys, events and deliveries. */
const { timers } = require('../common');
const { createClock } = require('./time');

/**
 * An object as the stand-in keeps it, with hidden fields (`_account`, `_seq`, ...) Stripe never shows.
 * @typedef {Record<string, any>} StripeObject
 */

/** A request's parameters, decoded. @typedef {Record<string, any>} Params */

/**
 * What makes an object of a collection (POST /v1/{collection}).
 * @typedef {(ctx: Context, account: string, p: Params) => StripeObject} Creator
 */
/**
 * An action on an object (POST /v1/{collection}/{id}/{action}); `part` names what /{action}/{part} acts on.
 * @typedef {(ctx: Context, object: StripeObject, p: Params, account: string, part?: string) => StripeObject} Action
 */

/**
 * @typedef {Object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, any>} query
 * @property {Record<string, any>} body
 * @property {string} rawBody
 * @property {string} [idempotencyKey]
 * @property {string} [stripeAccount]
 * @property {string} [stripeVersion]
 * @property {string} [authorization]
 * @property {number} at When it arrived (ms since the epoch).
 * @property {boolean} [replayed]
 * @property {number} [status] The HTTP status it was answered with.
 * @property {boolean} [forwarded]
 */

/**
 * One event sent (or not) to one webhook endpoint. `skipped`: the endpoint's URL is not http on this
 * machine, so nothing is sent.
 * @typedef {Object} Delivery
 * @property {string} endpointId
 * @property {string} eventId
 * @property {string} type
 * @property {string} url
 * @property {'pending' | 'delivered' | 'failed' | 'skipped'} status
 * @property {number} attempts
 * @property {Array<number | null>} responses The HTTP status of each attempt, null where no answer came.
 */

/**
 * What a write did to one object: as it was before (null for one it made), as it is after, whether it
 * is gone, and the account whose events announce it.
 * @typedef {{ before: StripeObject | null, after: StripeObject, deleted: boolean, account: string }} Change
 */

/**
 * @typedef {Object} Context
 * @property {import('./time').Clock} time Stripe's clock, when events are listed, how far Search lags.
 * @property {() => number} now The stand-in's clock, in Unix seconds: every time it writes comes from here.
 * @property {Map<string, StripeObject>} store id -> object
 * @property {number} seq The order objects were made in (each object's `_seq`).
 * @property {Set<StripeObject>} endpoints Webhook endpoints ever made, so an event's listeners are found without a scan of the store.
 * @property {Map<string, { object: StripeObject, before: StripeObject | null }> | null} write During a write: each object it creates or reads (so may change), by ID, with its state before.
 * @property {Map<string, { fingerprint: string, status: number, body: string }>} idempotency Answers by Idempotency-Key scope.
 * @property {Map<string, () => void>} inFlight Keyed writes still being processed, each with what ends its wait once its key was answered 409.
 * @property {{ ms: number, untilConflict: boolean }} processing The delay before a keyed write is applied; tests change it on a running stand-in.
 * @property {RecordedRequest[]} requests
 * @property {Delivery[]} deliveries
 * @property {Set<Promise<void>>} underway Deliveries not finished.
 * @property {Set<import('http').ClientRequest>} sending Webhook requests in flight.
 * @property {ReturnType<typeof timers>} retries The waits before retries of deliveries.
 * @property {boolean} closing
 * @property {Record<string, string>} resolve The hosts of https webhook addresses -> local http origins.
 * @property {string | undefined} origin Where the stand-in listens, for the URLs of files and PDFs it serves.
 * @property {import('http').Server | undefined} fallback stripe-stateful-mock, started on first use.
 */

/**
 * @param {{ resolve?: Record<string, string>, processingMs?: number, time?: import('./time').Time }} options
 * @returns {Context}
 */
function createContext({ resolve = {}, processingMs = 0, time }) {
	const clock = createClock(time);
	return {
		time: clock,
		now: () => clock.now(),
		store: new Map(),
		seq: 0,
		endpoints: new Set(),
		write: null,
		idempotency: new Map(),
		inFlight: new Map(),
		processing: { ms: processingMs, untilConflict: false },
		requests: [],
		deliveries: [],
		underway: new Set(),
		sending: new Set(),
		retries: timers(),
		closing: false,
		resolve,
		origin: undefined,
		fallback: undefined,
	};
}

module.exports = { createContext };
