'use strict';
/**
 * Stripe's time as the stand-in keeps it. Real Stripe does not share the caller's clock, lists an event
 * some time after it happened (the Events API is eventually consistent), and finds a write through
 * Search only once its index has caught up (normally under a minute, up to an hour in incidents).
 * All three are off by default; tests turn them on, seeded, so a failure replays.
 */
const { mulberry32 } = require('../common');

/**
 * @typedef {Object} Time
 * @property {() => number} [clock] Stripe's clock in ms since the epoch: by default this machine's, moved by `offsetMs`.
 * @property {number} [offsetMs] How far Stripe's clock runs ahead of this machine's (negative: behind it).
 * @property {(event: Record<string, any>) => number} [listingDelay] How long (ms) after it happened an event is listed.
 * @property {number} [searchLagMs] How long after a write Search finds what it wrote.
 */

/**
 * @typedef {Object} Clock
 * @property {() => number} ms Stripe's clock, in ms since the epoch.
 * @property {() => number} now Stripe's clock in Unix seconds: every time the stand-in writes comes from here.
 * @property {(event: Record<string, any>) => number} listingDelay
 * @property {number} searchLagMs
 */

/**
 * @param {Time} [time]
 * @returns {Clock}
 */
function createClock(time = {}) {
	const clock = {
		ms: () => Date.now(),
		now: () => Math.floor(clock.ms() / 1000),
		/** @type {(event: Record<string, any>) => number} */
		listingDelay: () => 0,
		searchLagMs: 0,
	};
	setTime(clock, time);
	return clock;
}

/**
 * Changes a clock's time where `time` says; the rest stays.
 * @param {Clock} clock
 * @param {Time} time
 */
function setTime(clock, { clock: source, offsetMs, listingDelay, searchLagMs }) {
	if (source) clock.ms = source;
	else if (offsetMs !== undefined) clock.ms = () => Date.now() + offsetMs;
	if (listingDelay) clock.listingDelay = listingDelay;
	if (searchLagMs !== undefined) clock.searchLagMs = searchLagMs;
}

/**
 * Listing delays as events show them: most under a second, a tail of tens of seconds, rare minutes up to
 * `tailMs`. The same seed draws the same delays in the same order.
 * @param {number} seed
 * @param {{ tailMs?: number, slowShare?: number, rareShare?: number }} [shape] `slowShare` of the events
 *   take 1 to 60 s, `rareShare` 1 minute to `tailMs`; the rest under a second.
 * @returns {(event: Record<string, any>) => number}
 */
function listingDelays(seed, { tailMs = 5 * 60 * 1000, slowShare = 0.15, rareShare = 0.02 } = {}) {
	const random = mulberry32(seed);
	/** @param {number} from @param {number} to */
	const between = (from, to) => Math.round(from + random() * Math.max(0, to - from));
	return () => {
		const kind = random();
		if (kind < rareShare) return between(Math.min(60000, tailMs), tailMs);
		if (kind < rareShare + slowShare)
			return between(Math.min(1000, tailMs), Math.min(60000, tailMs));
		return between(0, Math.min(1000, tailMs));
	};
}

/**
 * Stripe's time as a seed draws it, for a run against a stand-in in another process's n8n: a clock from
 * `minOffsetMs` to `maxOffsetMs` ahead of or behind this machine's, events listed late with a tail to
 * `tailMs`, and Search lagging writes by `searchLagMs`.
 * @param {number} seed
 * @param {{ minOffsetMs?: number, maxOffsetMs?: number, tailMs?: number, slowShare?: number, searchLagMs?: number }} [shape]
 * @returns {Time}
 */
function drawnTime(
	seed,
	{ minOffsetMs = 2000, maxOffsetMs = 30000, tailMs, slowShare, searchLagMs = 10000 } = {},
) {
	const random = mulberry32(seed ^ 0x5eed);
	const size = Math.round(minOffsetMs + random() * (maxOffsetMs - minOffsetMs));
	return {
		offsetMs: random() < 0.5 ? -size : size,
		listingDelay: listingDelays(seed, { tailMs, slowShare }),
		searchLagMs,
	};
}

module.exports = { createClock, setTime, listingDelays, drawnTime };
