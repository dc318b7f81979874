'use strict';
/**
 * A local Stripe stand-in on 127.0.0.1: a small stateful Stripe of ours for the resources the node
 * covers (lists with filters and cursors, search, deletes, refunds by payment intent, payment links,
 * idempotent replays, Connect scoping) and for the flows people build with it (payment intents from
 * confirmation to capture or cancel, Checkout Sessions, subscriptions, invoices from draft to paid or
 * void, coupons and their promotion codes, Connect onboarding, application fee refunds, Apple Pay
 * domains, Apps secrets, and files: uploads, their contents, invoice, credit note and quote PDFs, dispute
 * evidence), recording every request
 * exactly as received. Its writes record the events Stripe would emit (the Events API lists them) and
 * deliver them, signed, to webhook endpoints on this machine. Paths it does not know are forwarded to
 * stripe-stateful-mock (charges from test tokens such as tok_chargeDeclined, plans, tax rates). Every
 * request, forwarded or not, is first held to Stripe's rules of parameters (rules/) and
 * refused as Stripe refuses it. Plain JavaScript so the demo runs it with node alone.
 *
 * Its parts share one state (context.js): server.js answers HTTP, routes.js finds what a path names,
 * store.js and lists.js hold the objects, resources/ makes and changes them by area of Stripe, events.js
 * records what a write did and webhooks.js delivers it, forward.js passes on what is not ours.
 */
const { closeServer, listen } = require('../common');
const { createContext } = require('./context');
const { CHANGE_EVENTS, listing, recordEvent } = require('./events');
const { decodeForm, typed } = require('./form');
const { creators } = require('./resources');
const { connectedAccount } = require('./resources/connect');
const { samplePdf } = require('./resources/files');
const { failRefund } = require('./resources/payments');
const { createServer } = require('./server');
const { PLATFORM, ACCOUNT_API_VERSION, insert, strip } = require('./store');
const { drawnTime, listingDelays, setTime } = require('./time');
const { RETRY_DELAYS_MS, settled, stopDeliveries } = require('./webhooks');

/** @typedef {import('./context').RecordedRequest} RecordedRequest */
/** @typedef {import('./context').Delivery} Delivery */

/**
 * @typedef {Object} StandIn
 * @property {RecordedRequest[]} requests
 * @property {Map<string, Record<string, any>>} store
 * @property {import('http').Server} server
 * @property {Delivery[]} deliveries Webhook deliveries of the events that writes emitted, in the order they were started.
 * @property {(collection: string, fields: Record<string, unknown>, account?: string) => Record<string, any>} seed
 *   Creates objects directly, as if made in the Dashboard, for tests and the demo.
 * @property {(type: string, object: Record<string, unknown>, options?: { created?: number, account?: string, previousAttributes?: Record<string, unknown>, apiVersion?: string }) => Record<string, any>} event
 *   Records an event as if it had happened (at `created`, if given); it is listed, never delivered.
 * @property {(id: string) => string} connectedAccount Adds a connected account that Stripe-Account headers may name.
 * @property {(id: string, reason?: string) => Record<string, any>} failRefund
 *   Fails a refund after the fact (status failed, the amount back on the charge, refund.failed announced).
 * @property {(ms: number, options?: { untilConflict?: boolean }) => void} setProcessingDelay
 *   How long a write with an Idempotency-Key takes before it is applied; meanwhile the same key gets 409.
 *   `untilConflict`: the write is applied as soon as a request with its key was answered 409 (`ms` at most),
 *   so two requests sent at about the same time meet in flight whatever their timing.
 * @property {(time: import('./time').Time) => void} setTime
 *   Changes Stripe's time on a running stand-in: its clock, when events are listed, how far Search lags.
 * @property {() => { pendingMs: number, late: number }} listing
 *   The events recorded so far as the Events API lists them: how long (ms) until the last is listed, and
 *   how many were or will be listed over a second after they happened.
 * @property {() => void} forgetIdempotencyKeys
 *   Forgets every Idempotency-Key, as Stripe does after about 24 hours: a key sent again writes again.
 * @property {(port?: number) => Promise<string>} listen
 * @property {() => Promise<void>} settled Resolves once every webhook delivery under way, retries included, has finished.
 * @property {() => Promise<void>} close Stops the server; retries still waiting are given up (recorded as failed).
 */

/** Where stand-ins of this process listen: answers from there are Stripe's as far as tests know. */
const LISTENING = new Set();

/**
 * @param {{ resolve?: Record<string, string>, processingMs?: number, time?: import('./time').Time }} [options]
 * `resolve` maps the hosts of https webhook addresses to local http origins (n8n behind
 * WEBHOOK_URL=https://n8n.test/): the stand-in's DNS. `processingMs`: how long a keyed write takes before
 * it is applied, the window in which Stripe answers 409 to a second request with the same Idempotency-Key.
 * `time`: Stripe's own clock, events listed late, Search lagging writes (time.js; off by default).
 * @returns {StandIn}
 */
function createStandIn(options = {}) {
	const ctx = createContext(options);
	const server = createServer(ctx);
	return {
		requests: ctx.requests,
		store: ctx.store,
		server,
		deliveries: ctx.deliveries,
		seed(collection, fields, account = PLATFORM) {
			const create = creators[collection];
			return strip(
				create ? create(ctx, account, typed(fields)) : insert(ctx, collection, account, fields),
			);
		},
		event(type, object, { created, account, previousAttributes, apiVersion } = {}) {
			// Recorded only, never delivered: a seeded event stands for one that happened before the test.
			const options = { created, account, previousAttributes, apiVersion, pendingWebhooks: 1 };
			return strip(recordEvent(ctx, type, object, options));
		},
		failRefund: (id, reason = 'expired_or_canceled_card') => failRefund(ctx, id, reason),
		setProcessingDelay(ms, { untilConflict = false } = {}) {
			Object.assign(ctx.processing, { ms, untilConflict });
		},
		setTime: (time) => setTime(ctx.time, time),
		listing: () => listing(ctx),
		forgetIdempotencyKeys() {
			ctx.idempotency.clear();
		},
		connectedAccount: (id) => connectedAccount(ctx, id),
		async listen(port = 0) {
			ctx.origin = await listen(server, port);
			LISTENING.add(ctx.origin);
			return ctx.origin;
		},
		settled: () => settled(ctx),
		async close() {
			// Nothing outlives the stand-in: its deliveries end, then its servers.
			await stopDeliveries(ctx);
			await closeServer(server);
			if (ctx.fallback) await closeServer(ctx.fallback);
			LISTENING.delete(ctx.origin);
		},
	};
}

/**
 * Whether a base URL is that of a stand-in listening in this process.
 * @param {string} baseUrl
 */
const isStandIn = (baseUrl) => LISTENING.has(String(baseUrl).replace(/\/+$/, ''));

module.exports = {
	createStandIn,
	isStandIn,
	decodeForm,
	samplePdf,
	listingDelays,
	drawnTime,
	PLATFORM,
	ACCOUNT_API_VERSION,
	CHANGE_EVENTS,
	RETRY_DELAYS_MS,
};

if (require.main === module) {
	const standIn = createStandIn();
	standIn
		.listen(Number(process.env.PORT || 12111))
		.then((url) => console.log(`Stripe stand-in listening on ${url}`));
	const stop = () => standIn.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
