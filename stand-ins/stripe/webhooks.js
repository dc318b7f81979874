'use strict';
/** Webhook delivery: each event to the endpoints that listen for it, signed as Stripe signs, retried a few times. */
const crypto = require('crypto');
const { postWebhook } = require('../common');
const { PLATFORM, ACCOUNT_API_VERSION, strip } = require('./store');

/** @typedef {import('./context').Context} Context */
/** @typedef {import('./context').StripeObject} StripeObject */
/** @typedef {import('./context').Delivery} Delivery */

/** What a webhook delivery waits before each retry (Stripe retries for days; a stand-in gives up quickly). */
const RETRY_DELAYS_MS = [100, 300, 900];
const DELIVERY_TIMEOUT_MS = 10000;

/**
 * A stand-in only ever sends to this machine.
 * @param {string} url
 */
function isLocal(url) {
	try {
		const { protocol, hostname } = new URL(url);
		return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
	} catch {
		return false;
	}
}

/**
 * The enabled endpoints an event goes to: a Connect endpoint gets connected accounts' events, any other its own account's.
 * @param {Context} ctx
 * @param {StripeObject} event
 */
const listeners = (ctx, event) =>
	[...ctx.endpoints].filter(
		(e) =>
			ctx.store.get(e.id) === e &&
			e.status === 'enabled' &&
			(e.enabled_events.includes('*') || e.enabled_events.includes(event.type)) &&
			(e._connect
				? e._account === PLATFORM && event._account !== PLATFORM
				: event._account === e._account),
	);

/**
 * Sends each event to the endpoints that listen for it.
 * @param {Context} ctx
 * @param {StripeObject[]} events
 */
function deliver(ctx, events) {
	for (const event of events)
		for (const endpoint of listeners(ctx, event)) dispatch(ctx, event, endpoint);
}

/**
 * Delivers an event to an endpoint as Stripe does: signed, retried a few times, each try recorded.
 * @param {Context} ctx
 * @param {StripeObject} event
 * @param {StripeObject} endpoint
 */
function dispatch(ctx, event, endpoint) {
	/** @type {Delivery} */
	const delivery = {
		endpointId: endpoint.id,
		eventId: event.id,
		type: event.type,
		url: endpoint.url,
		status: 'pending',
		attempts: 0,
		responses: [],
	};
	ctx.deliveries.push(delivery);
	const target = localTarget(ctx, endpoint.url);
	if (!target) {
		delivery.status = 'skipped';
		return;
	}
	const run = (async () => {
		for (const delay of [0, ...RETRY_DELAYS_MS]) {
			if (delay) await ctx.retries.pause(delay);
			if (ctx.closing) break;
			delivery.attempts += 1;
			// Rendered at the endpoint's API version, and signed anew at each try.
			const payload = JSON.stringify(
				{ ...strip(event), api_version: endpoint.api_version ?? ACCOUNT_API_VERSION },
				null,
				2,
			);
			const status = await post(ctx, target, payload, endpoint._secret);
			delivery.responses.push(status);
			if (status !== null && status >= 200 && status < 300) {
				delivery.status = 'delivered';
				event.pending_webhooks -= 1;
				return;
			}
		}
		delivery.status = 'failed';
	})().finally(() => ctx.underway.delete(run));
	ctx.underway.add(run);
}

/**
 * Where a webhook address is reached on this machine: itself if local http, else its host as `resolve` maps it.
 * @param {Context} ctx
 * @param {string} address
 */
function localTarget(ctx, address) {
	if (isLocal(address)) return address;
	try {
		const url = new URL(address);
		const origin = url.protocol === 'https:' ? ctx.resolve[url.host] : undefined;
		return origin ? new URL(url.pathname + url.search, origin).toString() : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One POST of a webhook with Stripe's headers; its HTTP status, or null when none came.
 * @param {Context} ctx
 * @param {string} url
 * @param {string} payload
 * @param {string} secret
 */
function post(ctx, url, payload, secret) {
	// Signed at the time it is sent, as the receiver's tolerance is held to its own clock.
	const timestamp = Math.floor(Date.now() / 1000);
	const signature = crypto
		.createHmac('sha256', secret)
		.update(`${timestamp}.${payload}`)
		.digest('hex');
	const headers = {
		'Content-Type': 'application/json; charset=utf-8',
		'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
		'Stripe-Signature': `t=${timestamp},v1=${signature}`,
	};
	return postWebhook(url, headers, payload, {
		timeoutMs: DELIVERY_TIMEOUT_MS,
		inFlight: ctx.sending,
	});
}

/**
 * Resolves once every delivery under way, retries included, has finished.
 * @param {Context} ctx
 */
async function settled(ctx) {
	while (ctx.underway.size) await Promise.all([...ctx.underway]);
}

/**
 * Ends every delivery: retries waiting are given up and webhooks in flight cut.
 * @param {Context} ctx
 */
async function stopDeliveries(ctx) {
	ctx.closing = true;
	ctx.retries.end(true);
	for (const request of ctx.sending) request.destroy();
	await settled(ctx);
}

module.exports = { RETRY_DELAYS_MS, listeners, deliver, settled, stopDeliveries };
