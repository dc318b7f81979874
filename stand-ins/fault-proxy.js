'use strict';
/**
 * A fault proxy of ours on 127.0.0.1 in front of the stand-in: added latency, Stripe's rate limit
 * (a token bucket answering 429), 5xx before the write is applied or after it (the answer lost),
 * connection resets after the write is applied, and stalls held past the client's timeout. Faults
 * are drawn from a seeded PRNG so a run can be reproduced, and everything done is counted.
 * Plain JavaScript so the benchmark runs it with node alone.
 */
const http = require('http');
const { closeServer, listen, mulberry32, openSockets, relay, timers } = require('./common');

/**
 * @typedef {Object} RateLimit
 * @property {number} rps Requests per second admitted.
 * @property {number} [burst] Bucket size: requests admitted at once after a quiet spell; 1 by default.
 * @property {number} [retryAfter] Seconds sent as Retry-After on each 429; none by default, as real Stripe rarely sends it.
 */

/**
 * @typedef {Object} FaultOptions
 * @property {number} [seed]
 * @property {number} [latencyMs]
 * @property {RateLimit} [rateLimit]
 * @property {number} [serverErrorRate]
 * @property {number[]} [serverErrorStatuses]
 * @property {number} [serverErrorAppliedShare]
 * @property {'true' | 'false'} [shouldRetry]
 * @property {number} [resetRate]
 * @property {number} [stallRate]
 * @property {number} [stallMs]
 * @property {(request: { method: string, path: string }) => boolean} [only]
 */

/**
 * @typedef {Object} FaultCounts
 * @property {number} requests Requests received.
 * @property {number} forwarded Requests the stand-in received (and, for writes, applied).
 * @property {number} answered Requests whose stand-in answer reached the client.
 * @property {number} rateLimited
 * @property {number} errors 5xx answered, before or after forwarding.
 * @property {number} errorsApplied 5xx answered after the stand-in applied the request.
 * @property {number} resets
 * @property {number} stalls
 */

/**
 * @typedef {Object} ProxiedRequest
 * @property {string} method
 * @property {string} path
 * @property {string} [idempotencyKey]
 * @property {'answered' | 'rateLimited' | 'error' | 'errorApplied' | 'reset' | 'stall'} outcome
 */

/**
 * @typedef {Object} FaultProxy
 * @property {FaultCounts} counts
 * @property {Record<string, FaultCounts>} byRoute Counts by `METHOD /path`.
 * @property {ProxiedRequest[]} requests
 * @property {http.Server} server
 * @property {(changes: FaultOptions) => void} configure
 * @property {() => void} reset
 * @property {(port?: number) => Promise<string>} listen
 * @property {() => Promise<void>} close
 */

/** @type {Required<Omit<FaultOptions, 'rateLimit' | 'shouldRetry' | 'only'>> & FaultOptions} */
const DEFAULTS = {
	seed: 1,
	latencyMs: 0,
	/** { rps, burst = 1, retryAfter (seconds; off by default, real Stripe rarely sends it) } */
	rateLimit: undefined,
	serverErrorRate: 0,
	serverErrorStatuses: [500, 503],
	/** Share of 5xx answered after the stand-in applied the request (the answer is lost, the write is not). */
	serverErrorAppliedShare: 0.5,
	/** Stripe-Should-Retry header on 5xx: 'true', 'false' or none. */
	shouldRetry: undefined,
	resetRate: 0,
	stallRate: 0,
	/** How long a stalled answer is held before the connection is dropped. */
	stallMs: 5000,
	/** Which requests faults (all but latency) apply to: ({ method, path }) => boolean. */
	only: undefined,
};

/** @returns {FaultCounts} */
const COUNTS = () => ({
	requests: 0,
	forwarded: 0,
	answered: 0,
	rateLimited: 0,
	errors: 0,
	errorsApplied: 0,
	resets: 0,
	stalls: 0,
});

const rateLimitBody = (rps) =>
	JSON.stringify({
		error: {
			type: 'invalid_request_error',
			code: 'rate_limit',
			message: `Request rate limit exceeded. You can make up to ${rps} requests per second. Learn more about rate limits here https://stripe.com/docs/rate-limits.`,
			doc_url: 'https://stripe.com/docs/error-codes/rate-limit',
		},
	});

const apiErrorBody = JSON.stringify({
	error: {
		type: 'api_error',
		message:
			"Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach us at support.stripe.com/contact.",
	},
});

/**
 * @param {string} target The stand-in's origin.
 * @param {FaultOptions} [options]
 * @returns {FaultProxy}
 */
function createFaultProxy(target, options = {}) {
	const agent = new http.Agent({ keepAlive: true });
	const waits = timers();
	let settings = { ...DEFAULTS };
	/** @type {() => number} */
	let random;
	/** @type {{ tokens: number, at: number } | undefined} */
	let bucket;
	const counts = COUNTS();
	/** @type {Record<string, FaultCounts>} */
	const byRoute = {};
	/** Every request as received, with what was done to it. */
	/** @type {ProxiedRequest[]} */
	const requests = [];

	/** @param {FaultOptions} changes */
	function configure(changes) {
		settings = { ...DEFAULTS, ...settings, ...changes };
		if (!random || 'seed' in changes) random = mulberry32(settings.seed);
		if ('rateLimit' in changes)
			bucket = settings.rateLimit && {
				tokens: settings.rateLimit.burst ?? 1,
				at: performance.now(),
			};
	}
	configure(options);

	/** Takes a token if one is there; tokens refill at rps up to burst. */
	function admit() {
		if (!bucket) return true;
		const { rps, burst = 1 } = /** @type {RateLimit} */ (settings.rateLimit);
		const now = performance.now();
		bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rps);
		bucket.at = now;
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}

	/** One fault or none per request: 5xx, reset or stall, drawn in that order from one number. */
	function draw() {
		const r = random();
		let edge = settings.serverErrorRate;
		if (r < edge) {
			const statuses = settings.serverErrorStatuses;
			const status = statuses[Math.floor(random() * statuses.length)];
			return { fault: 'error', status, applied: random() < settings.serverErrorAppliedShare };
		}
		if (r < (edge += settings.resetRate)) return { fault: 'reset' };
		if (r < (edge += settings.stallRate)) return { fault: 'stall' };
		return { fault: undefined };
	}

	function count(route, what) {
		counts[what]++;
		(byRoute[route] ??= COUNTS())[what]++;
	}

	async function handle(req, res) {
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const body = Buffer.concat(chunks);
		const path = new URL(req.url, 'http://127.0.0.1').pathname;
		const route = `${req.method} ${path}`;
		/** @type {ProxiedRequest} */
		const record = {
			method: req.method,
			path,
			idempotencyKey: req.headers['idempotency-key'],
			outcome: 'answered',
		};
		requests.push(record);
		count(route, 'requests');
		if (settings.latencyMs > 0) await waits.pause(settings.latencyMs);

		const faulty = !settings.only || settings.only({ method: req.method, path });
		const answer = (status, headers, text) => {
			res.writeHead(status, headers);
			res.end(text);
		};
		if (faulty && !admit()) {
			record.outcome = 'rateLimited';
			count(route, 'rateLimited');
			const { retryAfter, rps } = /** @type {RateLimit} */ (settings.rateLimit);
			return answer(
				429,
				{
					'Content-Type': 'application/json',
					'Request-Id': `req_proxy${requests.length}`,
					...(retryAfter ? { 'Retry-After': String(retryAfter) } : {}),
				},
				rateLimitBody(rps),
			);
		}
		const { fault, status, applied } = faulty ? draw() : { fault: undefined };
		const serverError = () => {
			record.outcome = applied ? 'errorApplied' : 'error';
			count(route, 'errors');
			if (applied) count(route, 'errorsApplied');
			const headers = {
				'Content-Type': 'application/json',
				'Request-Id': `req_proxy${requests.length}`,
			};
			if (settings.shouldRetry !== undefined)
				headers['Stripe-Should-Retry'] = String(settings.shouldRetry);
			answer(status, headers, apiErrorBody);
		};
		if (fault === 'error' && !applied) return serverError();

		const result = await relay(
			target,
			{ method: req.method, path: req.url, headers: req.headers, agent },
			body,
		);
		count(route, 'forwarded');
		if (fault === 'error') return serverError();
		if (fault === 'reset') {
			record.outcome = 'reset';
			count(route, 'resets');
			return req.socket.destroy();
		}
		if (fault === 'stall') {
			record.outcome = 'stall';
			count(route, 'stalls');
			// The client times out and closes first; if it does not, the answer is dropped all the same.
			return waits.pause(settings.stallMs).then(() => req.socket.destroy());
		}
		count(route, 'answered');
		const {
			connection,
			'keep-alive': keepAlive,
			'transfer-encoding': encoding,
			...headers
		} = result.headers;
		answer(
			result.status,
			{ ...headers, 'content-length': String(result.body.length) },
			result.body,
		);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (res.headersSent || res.destroyed) return;
			res.writeHead(502, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					error: { type: 'api_error', message: `Fault proxy failure: ${error.message}` },
				}),
			);
		});
	});
	const sockets = openSockets(server);

	return {
		counts,
		byRoute,
		requests,
		server,
		/** Changes settings from now on; the PRNG is reseeded only when `seed` is given. */
		configure,
		/** Forgets what was counted and recorded, keeping the settings. */
		reset() {
			Object.assign(counts, COUNTS());
			for (const key of Object.keys(byRoute)) delete byRoute[key];
			requests.length = 0;
		},
		listen: (port = 0) => listen(server, port),
		/** Stops the proxy; no timer or connection is left behind. */
		async close() {
			waits.end();
			for (const socket of sockets) socket.destroy();
			await closeServer(server);
			agent.destroy();
		},
	};
}

module.exports = { createFaultProxy, mulberry32 };
