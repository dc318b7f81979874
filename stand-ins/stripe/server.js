'use strict';
/**
 * The stand-in's HTTP side: each request recorded exactly as received, its API key checked, its
 * Idempotency-Key replayed or held in flight (Stripe's 409), held to Stripe's rules, then answered by our
 * routes or stripe-stateful-mock; the events of a write go out as webhooks after its answer.
 */
const http = require('http');
const { setTimeout: delay } = require('timers/promises');
const { AMOUNTS_IN_CURRENCY, StripeFault, checkAmount } = require('./errors');
const { announce, changesOf } = require('./events');
const { decodeForm, decodeMultipart } = require('./form');
const { forward, forwardedWrite } = require('./forward');
const { indexForSearch } = require('./lists');
const { FileAnswer, hostedPdf } = require('./resources/files');
const { route } = require('./routes');
const { checkRequest } = require('./rules');
const { accountOf, apiKeyOf, randomId } = require('./store');
const { deliver } = require('./webhooks');

/** @typedef {import('./context').Context} Context */
/** @typedef {import('./context').RecordedRequest} RecordedRequest */
/** @typedef {(status: number, payload: unknown, extra?: Record<string, string>) => void} Send */

/**
 * A request as received: its body decoded, recorded, and how it is answered.
 * @typedef {Object} Received
 * @property {URL} url
 * @property {string} raw
 * @property {Buffer} bytes
 * @property {Record<string, any>} body
 * @property {Record<string, any>} query
 * @property {string} contentType
 * @property {boolean} isMultipart
 * @property {RecordedRequest} record
 * @property {string} requestId
 * @property {Send} send
 * @property {string | undefined} idemKey
 * @property {string} scope
 * @property {string} fingerprint
 */

/**
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 */
async function handle(ctx, req, res) {
	/** @type {Buffer[]} */
	const chunks = [];
	for await (const c of req) chunks.push(c);
	const bytes = Buffer.concat(chunks);
	const raw = bytes.toString();
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	const contentType = req.headers['content-type'] || '';
	const isMultipart = contentType.startsWith('multipart/form-data');
	const query = decodeForm(url.search.slice(1));
	const body = raw
		? isMultipart
			? decodeMultipart(bytes, contentType)
			: contentType.includes('json')
				? JSON.parse(raw)
				: decodeForm(raw)
		: {};
	/** @type {RecordedRequest} */
	const record = {
		method: String(req.method),
		path: url.pathname,
		query,
		body,
		rawBody: raw,
		idempotencyKey: /** @type {string | undefined} */ (req.headers['idempotency-key']),
		stripeAccount: /** @type {string | undefined} */ (req.headers['stripe-account']),
		stripeVersion: /** @type {string | undefined} */ (req.headers['stripe-version']),
		authorization: req.headers.authorization,
		at: Date.now(),
	};
	ctx.requests.push(record);
	const requestId = randomId('req');
	// Stripe's clock, as Stripe's own Date header gives it.
	const date = () => new Date(ctx.time.ms()).toUTCString();
	/** @type {Send} */
	const send = (status, payload, extra = {}) => {
		record.status = status;
		if (payload instanceof FileAnswer) {
			res.writeHead(status, {
				'Content-Type': payload.type,
				'Content-Length': payload.data.length,
				'Request-Id': requestId,
				Date: date(),
				...extra,
			});
			res.end(payload.data);
			return;
		}
		res.writeHead(status, {
			'Content-Type': 'application/json',
			'Request-Id': requestId,
			Date: date(),
			...extra,
		});
		res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
	};

	if (req.method === 'GET' && /^\/(invoice|credit_note)\//.test(url.pathname)) {
		const pdf = hostedPdf(ctx, url.pathname);
		return pdf
			? send(200, pdf)
			: send(404, { error: { type: 'invalid_request_error', message: 'Not found' } });
	}

	const key = apiKeyOf(req);
	if (!/^(sk|rk)_test_/.test(key) || key.includes('invalid'))
		return send(401, {
			error: {
				type: 'invalid_request_error',
				message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
			},
		});

	const idemKey =
		req.method === 'POST'
			? /** @type {string | undefined} */ (req.headers['idempotency-key'])
			: undefined;
	const scope = `${accountOf(req)}|${idemKey}`;
	// Stripe compares parameters; a multipart body's boundary differs on every send.
	const fingerprint = `${req.method} ${url.pathname} ${isMultipart ? JSON.stringify(body) : raw}`;
	const prior = idemKey ? ctx.idempotency.get(scope) : undefined;
	if (idemKey && prior) {
		if (prior.fingerprint !== fingerprint)
			return send(400, {
				error: {
					type: 'idempotency_error',
					message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
				},
			});
		record.replayed = true;
		return send(prior.status, prior.body, {
			'Idempotent-Replayed': 'true',
			'Idempotency-Key': idemKey,
		});
	}

	const holder = idemKey ? ctx.inFlight.get(scope) : undefined;
	if (holder) {
		holder();
		return send(409, {
			error: {
				type: 'invalid_request_error',
				code: 'idempotency_key_in_use',
				doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
				message: `There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice, and the other request is still going through): ${idemKey}. Please try again later.`,
			},
		});
	}
	/** @type {() => void} */
	let conflicted = () => {};
	const answered409 = new Promise((resolve) => (conflicted = () => resolve(undefined)));
	if (idemKey) ctx.inFlight.set(scope, conflicted);
	try {
		const { ms, untilConflict } = ctx.processing;
		if (idemKey && ms > 0)
			await Promise.race(untilConflict ? [delay(ms), answered409] : [delay(ms)]);
		await apply(ctx, req, {
			url,
			raw,
			bytes,
			body,
			query,
			contentType,
			isMultipart,
			record,
			requestId,
			send,
			idemKey,
			scope,
			fingerprint,
		});
	} finally {
		ctx.inFlight.delete(scope);
	}
}

/**
 * Applies one request (already recorded, keyed and not in flight) and answers it.
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {Received} c
 */
async function apply(ctx, req, c) {
	const { url, raw, bytes, body, query, contentType, isMultipart, record, requestId, send } = c;
	const { idemKey, scope, fingerprint } = c;
	let status = 200;
	/** @type {unknown} */
	let payload;
	const writing = req.method === 'POST' || req.method === 'DELETE';
	/** @type {import('./context').Change[]} */
	let changes = [];
	try {
		// Judged on what was sent, before typed() reads 'true' or numbers into it.
		const refused = checkRequest({
			method: String(req.method),
			path: url.pathname,
			query: url.search.slice(1),
			body: isMultipart ? bytes : raw,
			contentType,
		});
		if (refused) throw new StripeFault(refused.status, refused.error);
		const params = req.method === 'GET' || req.method === 'DELETE' ? query : body;
		if (req.method === 'POST' && typeof params.currency === 'string')
			for (const name of AMOUNTS_IN_CURRENCY)
				checkAmount(params[name], params.currency, name, url.pathname === '/v1/payouts');
		ctx.write = writing ? new Map() : null;
		try {
			payload = route(ctx, req, url.pathname, params);
		} finally {
			// A write that fails part way (a declined card) keeps what it did, as Stripe does.
			changes = changesOf(ctx, ctx.write?.values() ?? []);
			ctx.write = null;
		}
		if (payload === undefined) {
			const forwarded = writing
				? await forwardedWrite(ctx, req, url.pathname, raw)
				: { ...(await forward(ctx, req, raw)), changes: [] };
			status = forwarded.status;
			payload = forwarded.body;
			changes = forwarded.changes;
			record.forwarded = true;
		}
	} catch (error) {
		if (!(error instanceof StripeFault)) throw error;
		status = error.status;
		payload = { error: { ...error.error, request_log_url: undefined } };
	}
	if (payload instanceof FileAnswer) return send(status, payload);
	const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
	// Stripe replays a key's first answer, errors included, except 5xx and 429.
	if (idemKey && status < 500 && status !== 429)
		ctx.idempotency.set(scope, { fingerprint, status, body: text });
	indexForSearch(ctx, changes);
	const events = announce(ctx, changes, { id: requestId, idempotency_key: idemKey ?? null });
	send(status, text, idemKey ? { 'Idempotency-Key': idemKey } : {});
	// Webhooks go out after the answer, as Stripe sends them: they never hold it up.
	deliver(ctx, events);
}

/**
 * The stand-in's server; a failure of its own is answered 500, as Stripe's api_error.
 * @param {Context} ctx
 */
const createServer = (ctx) =>
	http.createServer((req, res) => {
		handle(ctx, req, res).catch((error) => {
			res.writeHead(500, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					error: { type: 'api_error', message: `Stand-in failure: ${error.message}` },
				}),
			);
		});
	});

module.exports = { createServer };
