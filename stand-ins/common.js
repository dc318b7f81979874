'use strict';
/** What the local services share: listening on this machine, timers a close ends, plain HTTP calls. */
const http = require('http');

/**
 * Starts `server` on 127.0.0.1 (any free port by default); resolves to its origin.
 * @param {http.Server} server
 * @param {number} [port]
 * @returns {Promise<string>}
 */
async function listen(server, port = 0) {
	await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
	return `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`;
}

/**
 * Stops `server` once its connections are done.
 * @param {http.Server} server
 * @returns {Promise<void>}
 */
const closeServer = (server) => new Promise((resolve) => server.close(() => resolve()));

/**
 * The sockets `server` has open, so a close can cut them.
 * @param {http.Server} server
 * @returns {Set<import('net').Socket>}
 */
function openSockets(server) {
	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return sockets;
}

/**
 * Waits that a close can end: `pause(ms)` resolves after `ms`; `end(release)` clears every wait still
 * running and, with `release`, resolves it at once (else it never resolves).
 */
function timers() {
	/** @type {Map<NodeJS.Timeout, () => void>} */
	const waits = new Map();
	return {
		/** @param {number} ms @returns {Promise<void>} */
		pause: (ms) =>
			new Promise((resolve) => {
				const timer = setTimeout(() => {
					waits.delete(timer);
					resolve();
				}, ms);
				waits.set(timer, resolve);
			}),
		/** @param {boolean} [release] */
		end(release = false) {
			for (const [timer, resolve] of waits) {
				clearTimeout(timer);
				if (release) resolve();
			}
			waits.clear();
		},
	};
}

/**
 * @typedef {Object} Answer
 * @property {number} status
 * @property {http.IncomingHttpHeaders} headers
 * @property {Buffer} body
 */

/**
 * One request to a local HTTP service (`origin` is its http URL), headers given as they came (the host
 * set to the origin's); resolves to the whole answer.
 * @param {string} origin
 * @param {{ method?: string, path?: string, headers: http.IncomingHttpHeaders, agent?: http.Agent }} options
 * @param {string | Buffer} body
 * @returns {Promise<Answer>}
 */
function relay(origin, { method, path, headers, agent }, body) {
	const upstream = new URL(origin);
	return new Promise((resolve, reject) => {
		const out = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method,
				path,
				agent,
				headers: { ...headers, host: upstream.host },
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks),
					}),
				);
				res.on('error', reject);
			},
		);
		out.on('error', reject);
		out.end(body);
	});
}

/**
 * One POST of a webhook; resolves to the HTTP status of the answer, or null when none came (refused,
 * cut, or no answer within `timeoutMs`). `inFlight` holds the request meanwhile, so a close can cut it.
 * @param {string | URL} url
 * @param {http.OutgoingHttpHeaders} headers
 * @param {string} payload
 * @param {{ timeoutMs: number, inFlight?: Set<http.ClientRequest> }} options
 * @returns {Promise<number | null>}
 */
function postWebhook(url, headers, payload, { timeoutMs, inFlight }) {
	return new Promise((resolve) => {
		/** @type {number | null} */
		let status = null;
		const request = http.request(
			url,
			{
				method: 'POST',
				headers: { ...headers, 'Content-Length': Buffer.byteLength(payload) },
				agent: false,
				timeout: timeoutMs,
			},
			(res) => {
				status = res.statusCode ?? null;
				res.resume();
				res.on('end', () => resolve(status));
			},
		);
		inFlight?.add(request);
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(null));
		request.on('close', () => {
			inFlight?.delete(request);
			resolve(status);
		});
		request.end(payload);
	});
}

/**
 * mulberry32: a small seeded PRNG, uniform in [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

module.exports = {
	mulberry32,
	listen,
	closeServer,
	openSockets,
	timers,
	relay,
	postWebhook,
};
