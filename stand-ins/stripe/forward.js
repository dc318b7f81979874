'use strict';
/**
 * Paths the stand-in does not serve go to stripe-stateful-mock (charges from test tokens such as
 * tok_chargeDeclined, plans, tax rates), started on first use; its writes are announced as ours are.
 */
const http = require('http');
const { listen, relay } = require('../common');
const { accountOf } = require('./store');

/** @typedef {import('./context').Context} Context */
/** @typedef {import('./context').Change} Change */

/**
 * A request as received, sent on to stripe-stateful-mock (`method` and `path` may differ: a look-up).
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {string} body
 * @returns {Promise<{ status: number, body: string }>}
 */
async function forward(ctx, req, body, method = req.method, path = req.url) {
	if (!ctx.fallback) {
		const { createExpressApp } = require('stripe-stateful-mock');
		const server = http.createServer(createExpressApp());
		await listen(server);
		ctx.fallback = server;
	}
	const origin = `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (ctx.fallback.address()).port}`;
	const answer = await relay(
		origin,
		{ method, path, headers: headersFor(method, req.headers) },
		body,
	);
	return { status: answer.status, body: answer.body.toString() };
}

/**
 * A look-up before a forwarded write carries the caller's key and account, not its body or idempotency key.
 * @param {string | undefined} method
 * @param {import('http').IncomingHttpHeaders} headers
 */
const headersFor = (method, headers) =>
	method === 'GET'
		? Object.fromEntries(
				Object.entries(headers).filter(
					([k]) =>
						!['content-length', 'content-type', 'transfer-encoding', 'idempotency-key'].includes(k),
				),
			)
		: headers;

/** @param {string} text */
const parsed = (text) => {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
};

/**
 * What a write that stripe-stateful-mock serves changed: the object its path names is read before
 * (`/v1/charges/ch_1/capture` names `/v1/charges/ch_1`), the answer is the object after.
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {string} path
 * @param {string} body
 * @returns {Promise<{ status: number, body: string, changes: Change[] }>}
 */
async function forwardedWrite(ctx, req, path, body) {
	const named = req.method === 'DELETE' ? path : path.split('/').slice(0, 4).join('/');
	const prior = named.split('/').length > 3 ? await forward(ctx, req, '', 'GET', named) : undefined;
	const before = prior?.status === 200 ? parsed(prior.body) : null;
	const answer = await forward(ctx, req, body);
	const after = answer.status < 300 ? parsed(answer.body) : undefined;
	const account = accountOf(req);
	/** @type {Change[]} */
	let changes = [];
	if (after?.id && after.object) {
		if (req.method === 'DELETE')
			changes = [{ before: before ?? after, after: before ?? after, deleted: true, account }];
		else
			changes = [
				{ before: before?.id === after.id ? before : null, after, deleted: false, account },
			];
	}
	return { ...answer, changes };
}

module.exports = { forward, forwardedWrite };
