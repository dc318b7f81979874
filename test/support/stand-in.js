'use strict';
/**
 * A local Stripe stand-in on 127.0.0.1: a small stateful Stripe of ours for the resources the node
 * covers (lists with filters and cursors, search, deletes, refunds by payment intent, payment links,
 * idempotent replays, Connect scoping), recording every request exactly as received. Paths it does
 * not know are forwarded to stripe-stateful-mock (charges from test tokens such as tok_chargeDeclined,
 * plans, subscriptions, tax rates). Plain JavaScript so the demo runs it with node alone.
 */
const http = require('http');
const crypto = require('crypto');

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
};
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
};
const NUMERIC = new Set(['amount', 'unit_amount', 'quantity', 'interval_count', 'limit', 'gte', 'lte', 'gt', 'lt', 'amount_received']);
const PLATFORM = 'acct_standin_platform';
// The API version a webhook endpoint gets when its create names none (the account's default).
const ACCOUNT_API_VERSION = '2024-06-20';

/** Stripe's form encoding back into objects: `a[b][0]=c` -> {a: {b: ['c']}}. */
function decodeForm(text) {
	const out = {};
	for (const [rawKey, value] of new URLSearchParams(text)) {
		const keys = rawKey.replace(/\]/g, '').split('[');
		let target = out;
		keys.forEach((key, i) => {
			const last = i === keys.length - 1;
			if (last) target[key] = value;
			else target = target[key] ??= /^\d+$/.test(keys[i + 1]) ? [] : {};
		});
	}
	return typed(out);
}

function typed(value, key = '') {
	if (Array.isArray(value)) return value.map((v) => typed(v));
	if (value && typeof value === 'object') {
		if (key === 'metadata') return value;
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typed(v, k)]));
	}
	if (value === 'true') return true;
	if (value === 'false') return false;
	if (NUMERIC.has(key) && /^-?\d+$/.test(value)) return Number(value);
	return value;
}

const randomId = (prefix) => `${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

class StripeFault extends Error {
	constructor(status, error) {
		super(error.message);
		this.status = status;
		this.error = error;
	}
}
const missing = (kind, id, param = 'id') =>
	new StripeFault(404, {
		type: 'invalid_request_error',
		code: 'resource_missing',
		param,
		message: `No such ${kind}: '${id}'`,
		doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
	});
const invalid = (message, param, code) => new StripeFault(400, { type: 'invalid_request_error', message, param, ...(code ? { code } : {}) });

/** A tiny evaluator for Stripe's search query language: clauses joined by AND. */
function matchesQuery(object, query) {
	return query.split(/\s+AND\s+/i).every((clause) => {
		const m = /^\s*(metadata\['([^']+)'\]|[\w.]+)\s*(:|~|>=|<=|>|<)\s*'?([^']*)'?\s*$/.exec(clause);
		if (!m) throw invalid(`Invalid search query: ${clause}`, 'query');
		const actual = m[2] ? object.metadata?.[m[2]] : m[1].split('.').reduce((o, k) => o?.[k], object);
		const expected = m[4];
		switch (m[3]) {
			case ':':
				return String(actual) === expected;
			case '~':
				return String(actual ?? '').toLowerCase().includes(expected.toLowerCase());
			default: {
				const [a, b] = [Number(actual), Number(expected)];
				return { '>': a > b, '<': a < b, '>=': a >= b, '<=': a <= b }[m[3]];
			}
		}
	});
}

function createStandIn() {
	const store = new Map(); // id -> object (with hidden _account and _seq)
	const idempotency = new Map();
	const requests = [];
	let seq = 0;
	let fallback; // stripe-stateful-mock, started on first use

	const accountOf = (req) => req.headers['stripe-account'] || PLATFORM;
	const visible = (o, account) => o._account === account;
	const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_')));

	function insert(collection, account, fields) {
		const object = {
			id: randomId(PREFIX[collection]),
			object: OBJECT[collection],
			created: Math.floor(Date.now() / 1000),
			livemode: false,
			metadata: {},
			...fields,
			_account: account,
			_seq: ++seq,
		};
		store.set(object.id, object);
		return object;
	}

	function get(collection, id, account, param) {
		const o = store.get(id);
		if (!o || o.object !== OBJECT[collection] || !visible(o, account)) throw missing(OBJECT[collection], id, param);
		return o;
	}

	function update(object, params) {
		if (object.object === 'webhook_endpoint') {
			// Stripe fixes an endpoint's API version and Connect setting at creation.
			for (const k of ['api_version', 'connect']) if (k in params) throw invalid(`Received unknown parameter: ${k}`, k);
			if ('disabled' in params) object.status = params.disabled ? 'disabled' : 'enabled';
			params = Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'disabled'));
		}
		for (const [k, v] of Object.entries(params)) {
			if (k === 'expand') continue;
			// An empty value unsets a parameter: Stripe stores null, and no metadata at all for metadata.
			if (v === '') object[k] = k === 'metadata' ? {} : null;
			else if (k === 'metadata') {
				for (const [mk, mv] of Object.entries(v)) mv === '' ? delete object.metadata[mk] : (object.metadata[mk] = mv);
			} else object[k] = v;
		}
		return object;
	}

	const newestFirst = (a, b) => b._seq - a._seq;
	// Events may be seeded with past `created` times; Stripe lists them newest first by that time.
	const newestCreatedFirst = (a, b) => b.created - a.created || b._seq - a._seq;

	function list(collection, account, params, url) {
		const { limit = 10, starting_after, ending_before, expand, created, types, ...filters } = params;
		if (limit < 1 || limit > 100) throw invalid('Invalid integer: limit must be between 1 and 100', 'limit');
		let rows = [...store.values()].filter((o) => o.object === OBJECT[collection] && visible(o, account)).sort(collection === 'events' ? newestCreatedFirst : newestFirst);
		for (const [k, v] of Object.entries(filters)) rows = rows.filter((o) => String(o[k]) === String(v));
		if (types !== undefined) {
			if (!Array.isArray(types) || types.length > 20) throw invalid('Invalid array: types must have at most 20 elements', 'types');
			rows = rows.filter((o) => types.includes(o.type));
		}
		if (created && typeof created === 'object') {
			const c = created;
			rows = rows.filter((o) => (c.gte === undefined || o.created >= c.gte) && (c.lte === undefined || o.created <= c.lte) && (c.gt === undefined || o.created > c.gt) && (c.lt === undefined || o.created < c.lt));
		}
		if (starting_after) {
			const at = rows.findIndex((o) => o.id === starting_after);
			if (at < 0) throw missing(OBJECT[collection], starting_after, 'starting_after');
			rows = rows.slice(at + 1);
		}
		if (ending_before) rows = rows.slice(0, Math.max(0, rows.findIndex((o) => o.id === ending_before)));
		return { object: 'list', url, has_more: rows.length > limit, data: rows.slice(0, limit).map(strip) };
	}

	function search(collection, account, params, url) {
		const { query, limit = 10, page } = params;
		if (!query) throw invalid('Missing required param: query.', 'query', 'parameter_missing');
		const rows = [...store.values()].filter((o) => o.object === OBJECT[collection] && visible(o, account) && matchesQuery(o, query)).sort(newestFirst);
		const offset = page ? Number(Buffer.from(page, 'base64url').toString()) : 0;
		const slice = rows.slice(offset, offset + limit);
		const more = offset + limit < rows.length;
		return {
			object: 'search_result',
			url,
			has_more: more,
			next_page: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
			data: slice.map(strip),
		};
	}

	const creators = {
		webhook_endpoints: (account, p) => {
			if (!p.url) throw invalid('Missing required param: url.', 'url', 'parameter_missing');
			if (!Array.isArray(p.enabled_events) || !p.enabled_events.length) throw invalid('Missing required param: enabled_events.', 'enabled_events', 'parameter_missing');
			const { connect, ...rest } = p;
			const endpoint = insert('webhook_endpoints', account, { api_version: ACCOUNT_API_VERSION, application: null, description: null, status: 'enabled', ...rest, _connect: connect === true, _secret: randomId('whsec') });
			// The signing secret is in the create response only, never in a later retrieve or list.
			return { ...strip(endpoint), secret: endpoint._secret };
		},
		customers: (account, p) => insert('customers', account, { email: null, name: null, phone: null, description: null, address: null, balance: 0, ...p }),
		products: (account, p) => {
			if (!p.name) throw invalid('Missing required param: name.', 'name', 'parameter_missing');
			return insert('products', account, { active: true, description: null, ...p });
		},
		prices: (account, p) => {
			if (!p.currency) throw invalid('Missing required param: currency.', 'currency', 'parameter_missing');
			get('products', p.product, account, 'product');
			return insert('prices', account, { active: true, type: p.recurring ? 'recurring' : 'one_time', recurring: null, nickname: null, lookup_key: null, ...p, recurring: p.recurring ? { interval_count: 1, usage_type: 'licensed', ...p.recurring } : null });
		},
		payment_links: (account, p) => {
			if (!Array.isArray(p.line_items) || !p.line_items.length) throw invalid('Missing required param: line_items.', 'line_items', 'parameter_missing');
			p.line_items.forEach((li, i) => get('prices', li.price, account, `line_items[${i}][price]`));
			const { line_items, ...rest } = p;
			const link = insert('payment_links', account, { active: true, allow_promotion_codes: false, ...rest });
			link.url = `https://buy.stripe.com/test_${link.id.slice(6)}`;
			link._line_items = line_items;
			return link;
		},
		payment_intents: (account, p) => {
			if (!p.amount) throw invalid('Missing required param: amount.', 'amount', 'parameter_missing');
			const intent = insert('payment_intents', account, { amount: p.amount, currency: p.currency, customer: p.customer ?? null, status: 'requires_payment_method', latest_charge: null, metadata: p.metadata ?? {} });
			if (p.confirm && p.payment_method) {
				if (p.payment_method === 'pm_card_chargeDeclined')
					throw new StripeFault(402, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', doc_url: 'https://stripe.com/docs/error-codes/card-declined' });
				const charge = insert('charges', account, { amount: p.amount, amount_refunded: 0, currency: p.currency, customer: p.customer ?? null, payment_intent: intent.id, paid: true, refunded: false, status: 'succeeded' });
				Object.assign(intent, { status: 'succeeded', latest_charge: charge.id, amount_received: p.amount });
			}
			return intent;
		},
		refunds: (account, p) => {
			let charge;
			if (p.payment_intent) {
				const intent = get('payment_intents', p.payment_intent, account, 'payment_intent');
				if (!intent.latest_charge) throw invalid(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
				charge = get('charges', intent.latest_charge, account);
			} else if (p.charge) charge = get('charges', p.charge, account, 'charge');
			else throw invalid('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
			const remaining = charge.amount - charge.amount_refunded;
			const amount = p.amount ?? remaining;
			if (amount > remaining || amount < 1)
				throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
			charge.amount_refunded += amount;
			charge.refunded = charge.amount_refunded === charge.amount;
			return insert('refunds', account, { amount, currency: charge.currency, charge: charge.id, payment_intent: charge.payment_intent ?? null, reason: p.reason ?? null, status: 'succeeded', metadata: p.metadata ?? {} });
		},
	};

	function account(req, id) {
		const key = (req.headers.authorization || '').replace(/^Bearer\s+/, '');
		if (key.startsWith('rk_') && key.includes('noaccount'))
			throw new StripeFault(403, { type: 'invalid_request_error', code: 'secret_key_required', message: 'The provided key does not have the required permissions for this endpoint.' });
		const acct = id ?? accountOf(req);
		if (id && !store.has(id) && id !== PLATFORM) throw missing('account', id, 'account');
		return {
			id: acct,
			object: 'account',
			country: 'US',
			default_currency: 'usd',
			charges_enabled: true,
			payouts_enabled: true,
			type: acct === PLATFORM ? 'standard' : 'express',
			settings: { dashboard: { display_name: acct === PLATFORM ? 'Stand-in Platform' : `Connected ${acct}` } },
		};
	}

	/** Our routes; returns undefined for a path we do not serve. */
	function route(req, path, params) {
		const acct = accountOf(req);
		const parts = path.split('/').filter(Boolean); // ['v1', collection, id?, action?]
		if (parts[0] !== 'v1') return undefined;
		const [, collection, id, action] = parts;
		if (collection === 'account' && !id && req.method === 'GET') return account(req);
		if (collection === 'accounts' && id && req.method === 'GET') return account(req, id);
		if (!PREFIX[collection]) return undefined;
		if (collection === 'charges' && req.method === 'POST' && !id) return undefined; // test tokens: stripe-stateful-mock
		if (!id) {
			if (req.method === 'GET') return list(collection, acct, params, `/v1/${collection}`);
			if (req.method === 'POST' && creators[collection]) return strip(creators[collection](acct, params));
			return undefined;
		}
		if (id === 'search' && req.method === 'GET') return search(collection, acct, params, `/v1/${collection}/search`);
		if (action) return undefined;
		if (req.method === 'GET') return strip(get(collection, id, acct));
		if (req.method === 'POST') return strip(update(get(collection, id, acct), params));
		if (req.method === 'DELETE') {
			const o = get(collection, id, acct);
			store.delete(id);
			return { id: o.id, object: o.object, deleted: true };
		}
		return undefined;
	}

	async function forward(req, body) {
		if (!fallback) {
			const { createExpressApp } = require('stripe-stateful-mock');
			const server = http.createServer(createExpressApp());
			await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
			fallback = server;
		}
		return new Promise((resolve, reject) => {
			const upstream = http.request(
				{ host: '127.0.0.1', port: fallback.address().port, method: req.method, path: req.url, headers: { ...req.headers, host: `127.0.0.1:${fallback.address().port}` } },
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
				},
			);
			upstream.on('error', reject);
			upstream.end(body);
		});
	}

	async function handle(req, res) {
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const raw = Buffer.concat(chunks).toString();
		const url = new URL(req.url, 'http://127.0.0.1');
		const isJson = (req.headers['content-type'] || '').includes('json');
		const query = decodeForm(url.search.slice(1));
		const body = raw ? (isJson ? JSON.parse(raw) : decodeForm(raw)) : {};
		const record = {
			method: req.method,
			path: url.pathname,
			query,
			body,
			rawBody: raw,
			idempotencyKey: req.headers['idempotency-key'],
			stripeAccount: req.headers['stripe-account'],
			stripeVersion: req.headers['stripe-version'],
			authorization: req.headers.authorization,
		};
		requests.push(record);
		const requestId = randomId('req');
		const send = (status, payload, extra = {}) => {
			res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': requestId, ...extra });
			res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
		};

		const key = (req.headers.authorization || '').replace(/^Bearer\s+/, '');
		if (!/^(sk|rk)_test_/.test(key) || key.includes('invalid'))
			return send(401, { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}` } });

		const idemKey = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
		const scope = `${accountOf(req)}|${idemKey}`;
		if (idemKey && idempotency.has(scope)) {
			const prior = idempotency.get(scope);
			if (prior.fingerprint !== `${req.method} ${url.pathname} ${raw}`)
				return send(400, { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.` } });
			record.replayed = true;
			return send(prior.status, prior.body, { 'Idempotent-Replayed': 'true', 'Idempotency-Key': idemKey });
		}

		let status = 200;
		let payload;
		try {
			const params = req.method === 'GET' || req.method === 'DELETE' ? query : body;
			payload = route(req, url.pathname, params);
			if (payload === undefined) {
				const forwarded = await forward(req, raw);
				status = forwarded.status;
				payload = forwarded.body;
				record.forwarded = true;
			}
		} catch (error) {
			if (!(error instanceof StripeFault)) throw error;
			status = error.status;
			payload = { error: { ...error.error, request_log_url: undefined } };
		}
		const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
		// Stripe replays a key's first answer, errors included, except 5xx and 429.
		if (idemKey && status < 500 && status !== 429) idempotency.set(scope, { fingerprint: `${req.method} ${url.pathname} ${raw}`, status, body: text });
		send(status, text, idemKey ? { 'Idempotency-Key': idemKey } : {});
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			res.writeHead(500, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: { type: 'api_error', message: `Stand-in failure: ${error.message}` } }));
		});
	});

	return {
		requests,
		store,
		server,
		/** Creates objects directly, as if made in the Dashboard, for tests and the demo. */
		seed(collection, fields, account = PLATFORM) {
			return strip(creators[collection] ? creators[collection](account, typed(fields)) : insert(collection, account, fields));
		},
		/**
		 * Adds an event as Stripe records one: `created` (Unix seconds) may be any past time, `account`
		 * makes it a connected account's event (listed with that Stripe-Account, carrying `account`).
		 */
		event(type, object, { created, account, previousAttributes, apiVersion = ACCOUNT_API_VERSION } = {}) {
			const event = insert('events', account ?? PLATFORM, {
				...(account ? { account } : {}),
				api_version: apiVersion,
				...(created === undefined ? {} : { created }),
				data: { object, ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
				livemode: false,
				pending_webhooks: 1,
				request: { id: null, idempotency_key: null },
				type,
			});
			delete event.metadata;
			return strip(event);
		},
		/** Adds a connected account that Stripe-Account headers may name. */
		connectedAccount(id) {
			store.set(id, { id, object: 'account', _account: PLATFORM, _seq: ++seq });
			return id;
		},
		async listen(port = 0) {
			await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
			return `http://127.0.0.1:${server.address().port}`;
		},
		async close() {
			await new Promise((resolve) => server.close(resolve));
			if (fallback) await new Promise((resolve) => fallback.close(resolve));
		},
	};
}

module.exports = { createStandIn, decodeForm, PLATFORM, ACCOUNT_API_VERSION };

if (require.main === module) {
	const standIn = createStandIn();
	standIn.listen(Number(process.env.PORT || 12111)).then((url) => console.log(`Stripe stand-in listening on ${url}`));
	const stop = () => standIn.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
