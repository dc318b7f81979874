'use strict';
/**
 * A local Stripe stand-in on 127.0.0.1: a small stateful Stripe of ours for the resources the node
 * covers (lists with filters and cursors, search, deletes, refunds by payment intent, payment links,
 * idempotent replays, Connect scoping) and for the flows people build with it (payment intents from
 * confirmation to capture or cancel, Checkout Sessions, subscriptions, invoices from draft to paid or
 * void, Connect onboarding, application fee refunds, Apple Pay domains, Apps secrets, and files: uploads,
 * their contents, invoice, credit note and quote PDFs, dispute evidence), recording every request
 * exactly as received. Its writes record the events Stripe would emit (the Events API lists them) and
 * deliver them, signed, to webhook endpoints on this machine. Paths it does not know are forwarded to
 * stripe-stateful-mock (charges from test tokens such as tok_chargeDeclined, plans, tax rates). Every
 * request, forwarded or not, is first held to Stripe's rules of parameters (stripe-rules.js) and
 * refused as Stripe refuses it. Plain JavaScript so the demo runs it with node alone.
 */
const http = require('http');
const crypto = require('crypto');
const { isDeepStrictEqual } = require('util');
const { setTimeout: delay } = require('timers/promises');
const { API_VERSION } = require('stripe');
const { checkRequest } = require('./rules');
const { multipartParts } = require('./multipart');

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
	subscriptions: 'sub',
	invoices: 'in',
	invoiceitems: 'ii',
	'checkout/sessions': 'cs_test',
	accounts: 'acct',
	'accounts/persons': 'person',
	'accounts/external_accounts': 'ba',
	application_fees: 'fee',
	'application_fees/refunds': 'fr',
	'apple_pay/domains': 'apwc',
	'apps/secrets': 'appsecret',
	files: 'file',
	credit_notes: 'cn',
	quotes: 'qt',
	disputes: 'dp',
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
	subscriptions: 'subscription',
	invoices: 'invoice',
	invoiceitems: 'invoiceitem',
	'checkout/sessions': 'checkout.session',
	accounts: 'account',
	'accounts/persons': 'person',
	'accounts/external_accounts': 'bank_account',
	application_fees: 'application_fee',
	'application_fees/refunds': 'fee_refund',
	'apple_pay/domains': 'apple_pay_domain',
	'apps/secrets': 'apps.secret',
	files: 'file',
	credit_notes: 'credit_note',
	quotes: 'quote',
	disputes: 'dispute',
};
// Collections whose path has two parts: /v1/checkout/sessions.
const NAMESPACES = new Set(['checkout', 'apple_pay', 'apps']);
const NUMERIC = new Set([
	'amount',
	'unit_amount',
	'quantity',
	'interval_count',
	'limit',
	'gte',
	'lte',
	'gt',
	'lt',
	'amount_received',
	'amount_to_capture',
	'application_fee_amount',
	'balance',
	'days_until_due',
	'expires_at',
	'day',
	'month',
	'year',
]);
/** Lists that an object always has (never null), empty once unset: an invoice item's `invoicing_rules`. */
const EMPTY_LISTS = new Set(['invoicing_rules']);
const PLATFORM = 'acct_standin_platform';
const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;
// The account's API version, the SDK's pinned one: its events carry it, and so does a webhook endpoint
// whose create names none.
const ACCOUNT_API_VERSION = API_VERSION;

/*
 * Events. A write announces each object it creates as `<name>.created`, each it changes as
 * `<name>.updated` (with previous_attributes) and each it deletes as `<name>.deleted`, where <name>
 * is the object's name in Stripe's event types; only names Stripe has are emitted (there is no
 * `webhook_endpoint.created`). Where Stripe names a change itself, its own events replace `.updated`.
 */
const EVENT_TYPES = new Set(
	require('../../nodes/shared/generated/event-types.json').types.map((t) => t.value),
);
const EVENT_NAME = {
	subscription: 'customer.subscription',
	bank_account: 'account.external_account',
	dispute: 'charge.dispute',
	card: 'customer.source',
};
const became = (key, value) => (a, b) => a[key] === value && b[key] !== value;
const grew = (key) => (a, b) => b[key] !== undefined && a[key] > b[key];
// A charge of ours keeps whether it is captured hidden (`_captured`); one of stripe-stateful-mock shows it.
const captured = (charge) => charge._captured ?? charge.captured;
/** [object, event type, whether a change (after, before; before is {} for a new object) is one]. */
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
// A new charge is announced by its outcome: charge.succeeded, charge.pending or charge.failed.
const CREATED_EVENT = { charge: (o) => `charge.${o.status}` };

/** What a webhook delivery waits before each retry (Stripe retries for days; a stand-in gives up quickly). */
const RETRY_DELAYS_MS = [100, 300, 900];
const DELIVERY_TIMEOUT_MS = 10000;

/** A stand-in only ever sends to this machine. */
function isLocal(url) {
	try {
		const { protocol, hostname } = new URL(url);
		return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
	} catch {
		return false;
	}
}

/** Stripe's previous_attributes: the changed attributes' prior values, changed keys only inside objects, whole arrays. */
function previousAttributes(before, after) {
	const previous = {};
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

/** Stripe's form encoding back into objects: `a[b][0]=c` -> {a: {b: ['c']}}. */
function decodeForm(text) {
	return decodeEntries(new URLSearchParams(text));
}

/** Bracketed keys and their values into objects, as Stripe reads a form or a multipart body. */
function decodeEntries(entries) {
	const out = {};
	for (const [rawKey, value] of entries) {
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
	if (Buffer.isBuffer(value)) return value;
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

/** A multipart/form-data body (a file upload) into its fields, a file part as `{filename, type, data}`. */
const decodeMultipart = (body, contentType) =>
	typed(decodeEntries(multipartParts(body, contentType)));

/** MIME types of the file types Stripe names by extension (a File's `type`). */
const FILE_TYPES = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	csv: 'text/csv',
	txt: 'text/plain',
};

/** A small real PDF showing `title`; its binary comment line catches bytes mangled as text on the way. */
function samplePdf(title) {
	const text = title.replace(/[\\()]/g, (c) => `\\${c}`);
	const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets = objects.map((body, i) => {
		const offset = pdf.length;
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
		return offset;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}

/** An answer that is a file rather than JSON. */
class FileAnswer {
	constructor(type, data) {
		this.type = type;
		this.data = data;
	}
}

// Dispute evidence fields that name an uploaded file.
const EVIDENCE_FILES = new Set([
	'cancellation_policy',
	'customer_communication',
	'customer_signature',
	'duplicate_charge_documentation',
	'receipt',
	'refund_policy',
	'service_documentation',
	'shipping_documentation',
	'uncategorized_file',
]);

const randomId = (prefix) =>
	`${prefix}_${crypto.randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

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
const invalid = (message, param, code) =>
	new StripeFault(400, {
		type: 'invalid_request_error',
		message,
		param,
		...(code ? { code } : {}),
	});

/**
 * Stripe's special cases of amounts (https://docs.stripe.com/currencies#special-cases): ISK and UGX are
 * sent as two-decimal but in whole units (5 ISK is 500); three-decimal amounts end in 0; HUF and TWD
 * payouts are whole units. The rules are Stripe's documented ones; the wording of the refusal is ours.
 */
function checkAmount(amount, currency, param, payout = false) {
	const c = String(currency ?? '').toLowerCase();
	const step =
		['isk', 'ugx'].includes(c) || (payout && ['huf', 'twd'].includes(c))
			? 100
			: ['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(c)
				? 10
				: 1;
	if (amount !== undefined && amount !== null && Number(amount) % step !== 0)
		throw invalid(
			`Invalid ${param}: ${payout ? 'payouts' : 'amounts'} in ${c.toUpperCase()} must be a multiple of ${step} in the smallest unit, got ${amount}.`,
			param,
			'amount_invalid',
		);
}

/** The amounts of a create that are in its own `currency`. */
const AMOUNTS_IN_CURRENCY = ['amount', 'unit_amount', 'application_fee_amount'];

/** A tiny evaluator for Stripe's search query language: clauses joined by AND, or by OR (Stripe allows one or the other). */
function matchesQuery(object, query) {
	const or = /\s+OR\s+/i.test(query);
	const clauses = query.split(or ? /\s+OR\s+/i : /\s+AND\s+/i);
	return clauses[or ? 'some' : 'every']((clause) => {
		const m = /^\s*(metadata\['([^']+)'\]|[\w.]+)\s*(:|~|>=|<=|>|<)\s*'?([^']*)'?\s*$/.exec(clause);
		if (!m) throw invalid(`Invalid search query: ${clause}`, 'query');
		const actual = m[2]
			? object.metadata?.[m[2]]
			: m[1].split('.').reduce((o, k) => o?.[k], object);
		const expected = m[4];
		switch (m[3]) {
			case ':':
				return String(actual) === expected;
			case '~':
				return String(actual ?? '')
					.toLowerCase()
					.includes(expected.toLowerCase());
			default: {
				const [a, b] = [Number(actual), Number(expected)];
				return { '>': a > b, '<': a < b, '>=': a >= b, '<=': a <= b }[m[3]];
			}
		}
	});
}

/**
 * @param {{ resolve?: Record<string, string>, processingMs?: number }} [options] `resolve` maps the
 * hosts of https webhook addresses to local http origins (n8n behind WEBHOOK_URL=https://n8n.test/):
 * the stand-in's DNS. `processingMs`: how long a keyed write takes before it is applied, the window in
 * which Stripe answers 409 to a second request with the same Idempotency-Key.
 */
function createStandIn({ resolve = {}, processingMs = 0 } = {}) {
	const store = new Map(); // id -> object (with hidden _account and _seq)
	// Idempotency-Key scopes of writes still being processed, each with what ends its wait once a
	// request with the same key was answered 409: Stripe answers 409 to the same key meanwhile.
	const inFlight = new Map();
	const endpoints = new Set(); // webhook endpoints ever made, so an event's listeners are found without a scan of the store
	const idempotency = new Map();
	const requests = [];
	let seq = 0;
	let fallback; // stripe-stateful-mock, started on first use
	let origin; // where the stand-in listens, for the URLs of files and PDFs it serves
	// During a write: each object it creates or reads (so may change), by ID, with its state before.
	let write = null;
	const deliveries = [];
	const underway = new Set(); // deliveries not finished
	const waits = new Map(); // retry timer -> its resolve, so close() can end it
	const sending = new Set(); // webhook requests in flight
	let closing = false;

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
		if (object.object === 'webhook_endpoint') endpoints.add(object);
		if (write) write.set(object.id, { object, before: null });
		return object;
	}

	/** Notes an object a write may change, as it was before. */
	function touch(o) {
		if (write && o && !write.has(o.id)) write.set(o.id, { object: o, before: snapshot(o) });
		return o;
	}
	// Hidden fields stay in snapshots (the change rules may read them), file bytes do not.
	const snapshot = (o) =>
		structuredClone(
			Object.fromEntries(
				Object.entries(o.object === 'invoice' ? totals(o) : o).filter(
					([, v]) => !Buffer.isBuffer(v),
				),
			),
		);

	function get(collection, id, account, param) {
		const o = store.get(id);
		if (!o || o.object !== OBJECT[collection] || !visible(o, account))
			throw missing(OBJECT[collection], id, param);
		return touch(o);
	}

	/** A required parameter naming an object of the account. */
	function required(account, collection, id, param) {
		if (!id) throw invalid(`Missing required param: ${param}.`, param, 'parameter_missing');
		return get(collection, id, account, param);
	}

	function update(object, params) {
		if (object.object === 'dispute') params = disputeEvidence(object, params);
		if (object.object === 'webhook_endpoint') {
			// Stripe fixes an endpoint's API version and Connect setting at creation.
			for (const k of ['api_version', 'connect'])
				if (k in params) throw invalid(`Received unknown parameter: ${k}`, k);
			if ('disabled' in params) object.status = params.disabled ? 'disabled' : 'enabled';
			params = Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'disabled'));
		}
		for (const [k, v] of Object.entries(params)) {
			if (k === 'expand') continue;
			// An empty value unsets a parameter: Stripe stores null, no metadata at all for metadata, and
			// an empty list for a list its objects never give as null.
			if (v === '') object[k] = k === 'metadata' ? {} : EMPTY_LISTS.has(k) ? [] : null;
			else if (k === 'metadata') {
				for (const [mk, mv] of Object.entries(v))
					mv === '' ? delete object.metadata[mk] : (object.metadata[mk] = mv);
			} else object[k] = v;
		}
		return object;
	}

	/** Evidence on a dispute: its file fields must name files of the account; submitted unless `submit` is false. */
	function disputeEvidence(dispute, params) {
		const { evidence, submit, ...rest } = params;
		if (evidence && typeof evidence === 'object') {
			for (const [key, value] of Object.entries(evidence)) {
				if (!EVIDENCE_FILES.has(key) || !value) continue;
				const file = store.get(value);
				if (!file || file.object !== 'file' || !visible(file, dispute._account))
					throw invalid(`No such file upload: '${value}'`, `evidence[${key}]`, 'resource_missing');
			}
			dispute.evidence = { ...dispute.evidence, ...evidence };
			dispute.evidence_details = { ...dispute.evidence_details, has_evidence: true };
		}
		if (submit !== false && (evidence || submit === true)) {
			expectStatus(dispute, 'dispute', 'submitted', ['needs_response', 'warning_needs_response']);
			dispute.status =
				dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
			dispute.evidence_details = {
				...dispute.evidence_details,
				submission_count: (dispute.evidence_details?.submission_count ?? 0) + 1,
			};
		}
		return rest;
	}

	const newestFirst = (a, b) => b._seq - a._seq;
	// Objects may be seeded with past `created` times; Stripe lists them newest first by that time.
	const newestCreatedFirst = (a, b) => b.created - a.created || b._seq - a._seq;

	function list(collection, account, params, url) {
		const {
			limit = 10,
			starting_after,
			ending_before,
			expand,
			created,
			types,
			...filters
		} = params;
		if (limit < 1 || limit > 100)
			throw invalid('Invalid integer: limit must be between 1 and 100', 'limit');
		let rows = [...store.values()]
			.filter((o) => o.object === OBJECT[collection] && visible(o, account))
			.sort(newestCreatedFirst);
		if (collection === 'events') rows = events(rows, filters, types);
		// Stripe lists subscriptions that are not canceled unless a status is asked for (`all` for every one).
		if (collection === 'subscriptions') {
			if (filters.status === undefined) rows = rows.filter((o) => o.status !== 'canceled');
			if (filters.status === 'all') delete filters.status;
		}
		for (const [k, v] of Object.entries(filters))
			rows = rows.filter((o) => String(o[k]) === String(v));
		if (created && typeof created === 'object') {
			const c = created;
			rows = rows.filter(
				(o) =>
					(c.gte === undefined || o.created >= c.gte) &&
					(c.lte === undefined || o.created <= c.lte) &&
					(c.gt === undefined || o.created > c.gt) &&
					(c.lt === undefined || o.created < c.lt),
			);
		} else if (created !== undefined)
			rows = rows.filter((o) => String(o.created) === String(created));
		let more = rows.length > limit;
		if (starting_after) {
			const at = rows.findIndex((o) => o.id === starting_after);
			if (at < 0) throw missing(OBJECT[collection], starting_after, 'starting_after');
			rows = rows.slice(at + 1);
			more = rows.length > limit;
		} else if (ending_before) {
			// The page just before the cursor: the `limit` objects next to it, still newest first.
			const at = rows.findIndex((o) => o.id === ending_before);
			if (at < 0) throw missing(OBJECT[collection], ending_before, 'ending_before');
			more = at > limit;
			rows = rows.slice(Math.max(0, at - limit), at);
		}
		// `expand: ['data.product']` puts the object an ID names in its place, as Stripe does.
		const expanded = (Array.isArray(expand) ? expand : [])
			.filter((e) => e.startsWith('data.'))
			.map((e) => e.slice(5));
		const expandOne = (o) =>
			Object.assign(
				o,
				...expanded.map((k) =>
					typeof o[k] === 'string' && store.has(o[k]) ? { [k]: strip(store.get(o[k])) } : {},
				),
			);
		return {
			object: 'list',
			url,
			has_more: more,
			data: rows.slice(0, limit).map(out).map(expandOne),
		};
	}

	/** The Events API's own filters: `type` (with * for any part), `types`, `delivery_success`; taken out of `filters`. */
	function events(rows, filters, types) {
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
		// Stripe keeps events for 30 days.
		rows = rows.filter((o) => o.created >= now() - EVENT_RETENTION_SECONDS);
		// Delivered: no webhook endpoint still waits for it.
		if (delivered !== undefined)
			rows = rows.filter((o) => (o.pending_webhooks === 0) === delivered);
		return rows;
	}

	function search(collection, account, params, url) {
		const { query, limit = 10, page } = params;
		if (!query) throw invalid('Missing required param: query.', 'query', 'parameter_missing');
		const rows = [...store.values()]
			.filter(
				(o) => o.object === OBJECT[collection] && visible(o, account) && matchesQuery(o, query),
			)
			.sort(newestFirst);
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
			if (!Array.isArray(p.enabled_events) || !p.enabled_events.length)
				throw invalid(
					'Missing required param: enabled_events.',
					'enabled_events',
					'parameter_missing',
				);
			const { connect, ...rest } = p;
			const endpoint = insert('webhook_endpoints', account, {
				api_version: ACCOUNT_API_VERSION,
				application: null,
				description: null,
				status: 'enabled',
				...rest,
				_connect: connect === true,
				_secret: randomId('whsec'),
			});
			// The signing secret is in the create response only, never in a later retrieve or list.
			return { ...strip(endpoint), secret: endpoint._secret };
		},
		customers: (account, p) =>
			insert('customers', account, {
				email: null,
				name: null,
				phone: null,
				description: null,
				address: null,
				balance: 0,
				...p,
			}),
		products: (account, p) => {
			if (!p.name) throw invalid('Missing required param: name.', 'name', 'parameter_missing');
			return insert('products', account, { active: true, description: null, ...p });
		},
		prices: (account, p) => {
			if (!p.currency)
				throw invalid('Missing required param: currency.', 'currency', 'parameter_missing');
			get('products', p.product, account, 'product');
			return insert('prices', account, {
				active: true,
				type: p.recurring ? 'recurring' : 'one_time',
				recurring: null,
				nickname: null,
				lookup_key: null,
				...p,
				recurring: p.recurring
					? { interval_count: 1, usage_type: 'licensed', ...p.recurring }
					: null,
			});
		},
		payment_links: (account, p) => {
			if (!Array.isArray(p.line_items) || !p.line_items.length)
				throw invalid('Missing required param: line_items.', 'line_items', 'parameter_missing');
			p.line_items.forEach((li, i) => get('prices', li.price, account, `line_items[${i}][price]`));
			const { line_items, ...rest } = p;
			const link = insert('payment_links', account, {
				active: true,
				allow_promotion_codes: false,
				...rest,
			});
			link.url = `https://buy.stripe.com/test_${link.id.slice(6)}`;
			link._line_items = line_items;
			return link;
		},
		payment_intents: (account, p) => {
			if (!p.amount)
				throw invalid('Missing required param: amount.', 'amount', 'parameter_missing');
			const intent = insert('payment_intents', account, {
				amount: p.amount,
				currency: p.currency,
				customer: p.customer ?? null,
				payment_method: p.payment_method ?? null,
				capture_method: p.capture_method ?? 'automatic',
				status: p.payment_method ? 'requires_confirmation' : 'requires_payment_method',
				latest_charge: null,
				amount_capturable: 0,
				amount_received: 0,
				application_fee_amount: p.application_fee_amount ?? null,
				transfer_data: p.transfer_data ?? null,
				canceled_at: null,
				cancellation_reason: null,
				metadata: p.metadata ?? {},
			});
			return p.confirm && p.payment_method ? confirmIntent(intent, {}, account) : intent;
		},
		subscriptions: (account, p) => {
			const customer = required(account, 'customers', p.customer, 'customer');
			if (!Array.isArray(p.items) || !p.items.length)
				throw invalid('Missing required param: items.', 'items', 'parameter_missing');
			const items = p.items.map((item, i) => {
				const price = get('prices', item.price, account, `items[${i}][price]`);
				if (price.type !== 'recurring')
					throw invalid(
						'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
						`items[${i}][price]`,
					);
				return {
					id: randomId('si'),
					object: 'subscription_item',
					price: strip(price),
					quantity: item.quantity ?? 1,
					metadata: item.metadata ?? {},
				};
			});
			const { items: _, ...rest } = p;
			const paymentMethod =
				p.default_payment_method ?? customer.invoice_settings?.default_payment_method;
			const subscription = insert('subscriptions', account, {
				collection_method: 'charge_automatically',
				currency: items[0].price.currency,
				default_payment_method: null,
				cancel_at_period_end: false,
				canceled_at: null,
				ended_at: null,
				cancellation_details: { comment: null, feedback: null, reason: null },
				...rest,
				start_date: now(),
				// Without a way to pay the first invoice, a subscription starts incomplete.
				status: paymentMethod || p.collection_method === 'send_invoice' ? 'active' : 'incomplete',
			});
			subscription.items = {
				object: 'list',
				data: items.map((item) => ({ ...item, subscription: subscription.id })),
				has_more: false,
				total_count: items.length,
				url: `/v1/subscription_items?subscription=${subscription.id}`,
			};
			return subscription;
		},
		'checkout/sessions': (account, p) => {
			if (!p.mode) throw invalid('Missing required param: mode.', 'mode', 'parameter_missing');
			const lineItems = (p.line_items ?? []).map((li, i) => ({
				price: get('prices', li.price, account, `line_items[${i}][price]`),
				quantity: li.quantity ?? 1,
			}));
			if (p.mode !== 'setup' && !lineItems.length)
				throw invalid(
					`line_items is required in \`${p.mode}\` mode.`,
					'line_items',
					'parameter_missing',
				);
			if (p.mode === 'payment' && lineItems.some((li) => li.price.type === 'recurring'))
				throw invalid(
					'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
					'line_items',
				);
			if (p.mode === 'subscription' && !lineItems.some((li) => li.price.type === 'recurring'))
				throw invalid(
					'You must provide at least one recurring price in `subscription` mode when using prices.',
					'line_items',
				);
			const total = lineItems.reduce((sum, li) => sum + li.price.unit_amount * li.quantity, 0);
			const { line_items: _, ...rest } = p;
			const session = insert('checkout/sessions', account, {
				customer: null,
				customer_email: null,
				client_reference_id: null,
				success_url: null,
				cancel_url: null,
				payment_intent: null,
				subscription: null,
				...rest,
				status: 'open',
				payment_status: p.mode === 'setup' ? 'no_payment_required' : 'unpaid',
				currency: lineItems[0]?.price.currency ?? p.currency ?? null,
				amount_subtotal: total,
				amount_total: total,
				expires_at: now() + 86400,
				_line_items: lineItems,
			});
			session.url = `https://checkout.stripe.com/c/pay/${session.id}`;
			return session;
		},
		invoices: (account, p) => {
			required(account, 'customers', p.customer, 'customer');
			return insert('invoices', account, {
				currency: 'usd',
				collection_method: 'charge_automatically',
				auto_advance: false,
				days_until_due: null,
				description: null,
				default_payment_method: null,
				...p,
				status: 'draft',
				number: null,
				hosted_invoice_url: null,
				invoice_pdf: null,
				amount_paid: 0,
				status_transitions: {
					finalized_at: null,
					paid_at: null,
					voided_at: null,
					marked_uncollectible_at: null,
				},
			});
		},
		invoiceitems: (account, p) =>
			invoiceItem(account, p, p.invoice ? get('invoices', p.invoice, account, 'invoice') : null),
		accounts: (account, p) => {
			const { capabilities = {}, ...rest } = p;
			const created = insert('accounts', account, {
				type: null,
				country: 'US',
				default_currency: 'usd',
				email: null,
				business_type: null,
				charges_enabled: false,
				payouts_enabled: false,
				details_submitted: false,
				...rest,
				// A requested capability waits for the account's details before it turns active.
				capabilities: Object.fromEntries(
					Object.entries(capabilities)
						.filter(([, c]) => c.requested)
						.map(([name]) => [name, 'inactive']),
				),
			});
			created.external_accounts = {
				object: 'list',
				data: [],
				has_more: false,
				total_count: 0,
				url: `/v1/accounts/${created.id}/external_accounts`,
			};
			return created;
		},
		account_links: (account, p) => {
			get('accounts', p.account, account, 'account');
			const created = now();
			// An account link has no ID: its single-use URL is the object.
			return {
				object: 'account_link',
				created,
				expires_at: created + 300,
				url: `https://connect.stripe.com/setup/e/${p.account}/${randomId('link').slice(5)}`,
			};
		},
		'apple_pay/domains': (account, p) => {
			if (!p.domain_name)
				throw invalid('Missing required param: domain_name.', 'domain_name', 'parameter_missing');
			const domain = insert('apple_pay/domains', account, { domain_name: p.domain_name });
			delete domain.metadata;
			return domain;
		},
		// Setting a secret again under the same name and scope replaces it.
		'apps/secrets': (account, p) => {
			if (!p.name) throw invalid('Missing required param: name.', 'name', 'parameter_missing');
			const scope = secretScope(p.scope);
			const prior = findSecret(account, p.name, scope);
			if (prior) store.delete(prior.id);
			const secret = insert('apps/secrets', account, {
				name: p.name,
				scope,
				expires_at: p.expires_at ?? null,
				deleted: false,
				_payload: p.payload,
			});
			delete secret.metadata;
			return revealed(secret, p.expand);
		},
		files: (account, p) => {
			if (!p.file?.data)
				throw invalid('Missing required param: file.', 'file', 'parameter_missing');
			if (!p.purpose)
				throw invalid('Missing required param: purpose.', 'purpose', 'parameter_missing');
			const extension = /\.(\w+)$/.exec(p.file.filename ?? '')?.[1].toLowerCase();
			const file = insert('files', account, {
				expires_at: null,
				filename: p.file.filename ?? null,
				purpose: p.purpose,
				size: p.file.data.length,
				title: null,
				type:
					extension ?? Object.keys(FILE_TYPES).find((t) => FILE_TYPES[t] === p.file.type) ?? null,
				_data: p.file.data,
			});
			delete file.metadata;
			file.url = `${origin}/v1/files/${file.id}/contents`;
			file.links = {
				object: 'list',
				data: [],
				has_more: false,
				url: `/v1/file_links?file=${file.id}`,
			};
			if (p.file_link_data?.create) {
				const link = randomId('link');
				file.links.data.push({
					id: link,
					object: 'file_link',
					created: now(),
					expired: false,
					expires_at: p.file_link_data.expires_at ?? null,
					file: file.id,
					livemode: false,
					metadata: {},
					url: `${origin}/links/${link}`,
				});
			}
			return file;
		},
		credit_notes: (account, p) => {
			const invoice = required(account, 'invoices', p.invoice, 'invoice');
			if (!['open', 'paid'].includes(invoice.status))
				throw invalid(
					`You can only credit an invoice that is open or paid; ${invoice.id} is ${invoice.status}.`,
					'invoice',
				);
			const amount =
				p.amount ?? (p.lines ?? []).reduce((sum, line) => sum + (Number(line.amount) || 0), 0);
			if (!amount)
				throw invalid(
					'One of amount, lines or shipping_cost must be provided.',
					'amount',
					'parameter_missing',
				);
			const credited = [...store.values()].filter(
				(o) => o.object === 'credit_note' && o.invoice === invoice.id,
			);
			if (amount > invoice.total - credited.reduce((sum, c) => sum + c.amount, 0))
				throw invalid(
					'The credit note amount exceeds what is left to credit on the invoice.',
					'amount',
				);
			const note = insert('credit_notes', account, {
				invoice: invoice.id,
				customer: invoice.customer,
				currency: invoice.currency,
				amount,
				subtotal: amount,
				total: amount,
				number: `${invoice.number}-CN-${String(credited.length + 1).padStart(2, '0')}`,
				status: 'issued',
				type: invoice.status === 'paid' ? 'post_payment' : 'pre_payment',
				reason: p.reason ?? null,
				memo: p.memo ?? null,
				voided_at: null,
				metadata: p.metadata ?? {},
			});
			note.pdf = `${origin}/credit_note/${note.id}/pdf`;
			return note;
		},
		quotes: (account, p) => {
			const customer = p.customer ? get('customers', p.customer, account, 'customer').id : null;
			const lineItems = (p.line_items ?? []).map((li, i) => ({
				price: get('prices', li.price, account, `line_items[${i}][price]`),
				quantity: li.quantity ?? 1,
			}));
			const total = lineItems.reduce((sum, li) => sum + li.price.unit_amount * li.quantity, 0);
			const { line_items: _, ...rest } = p;
			return insert('quotes', account, {
				description: null,
				expires_at: now() + 30 * 86400,
				...rest,
				customer,
				currency: lineItems[0]?.price.currency ?? 'usd',
				amount_subtotal: total,
				amount_total: total,
				number: null,
				status: 'draft',
				status_transitions: { finalized_at: null, accepted_at: null, canceled_at: null },
			});
		},
		refunds: (account, p) => {
			let charge;
			if (p.payment_intent) {
				const intent = get('payment_intents', p.payment_intent, account, 'payment_intent');
				if (!intent.latest_charge)
					throw invalid(
						`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
						'payment_intent',
						'charge_not_refundable',
					);
				charge = get('charges', intent.latest_charge, account);
			} else if (p.charge) charge = get('charges', p.charge, account, 'charge');
			else
				throw invalid(
					'One of the following params should be provided for this request: payment_intent or charge.',
					undefined,
					'parameter_missing',
				);
			const remaining = charge.amount - charge.amount_refunded;
			checkAmount(p.amount, charge.currency, 'amount');
			const amount = p.amount ?? remaining;
			if (amount > remaining || amount < 1)
				throw invalid(
					`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
					'amount',
					'amount_too_large',
				);
			charge.amount_refunded += amount;
			charge.refunded = charge.amount_refunded === charge.amount;
			return insert('refunds', account, {
				amount,
				currency: charge.currency,
				charge: charge.id,
				payment_intent: charge.payment_intent ?? null,
				reason: p.reason ?? null,
				status: 'succeeded',
				metadata: p.metadata ?? {},
			});
		},
	};

	const now = () => Math.floor(Date.now() / 1000);

	/** Stripe's refusal of an action the object's status does not allow. */
	function expectStatus(object, name, action, allowed) {
		if (!allowed.includes(object.status))
			throw invalid(
				`This ${name} could not be ${action} because it has a status of ${object.status}. Only a ${name} with one of the following statuses may be ${action}: ${allowed.join(', ')}.`,
				undefined,
				`${object.object}_unexpected_state`,
			);
	}

	/** Confirms with the intent's payment method: a charge, captured now or (capture_method manual) later. */
	function confirmIntent(intent, p, account) {
		expectStatus(intent, 'PaymentIntent', 'confirmed', [
			'requires_payment_method',
			'requires_confirmation',
			'requires_action',
		]);
		const paymentMethod = p.payment_method ?? intent.payment_method;
		if (!paymentMethod)
			throw invalid(
				"You cannot confirm this PaymentIntent because it's missing a payment method.",
				'payment_method',
				'payment_intent_unexpected_state',
			);
		Object.assign(intent, {
			payment_method: paymentMethod,
			capture_method: p.capture_method ?? intent.capture_method,
		});
		const charge = (fields) =>
			insert('charges', account, {
				amount: intent.amount,
				amount_refunded: 0,
				currency: intent.currency,
				customer: intent.customer,
				payment_intent: intent.id,
				...fields,
			});
		if (paymentMethod === 'pm_card_chargeDeclined') {
			const error = {
				type: 'card_error',
				code: 'card_declined',
				decline_code: 'generic_decline',
				message: 'Your card was declined.',
				doc_url: 'https://stripe.com/docs/error-codes/card-declined',
			};
			// A declined attempt is a failed charge, as Stripe records one (charge.failed, payment_intent.payment_failed).
			const failed = charge({
				paid: false,
				refunded: false,
				status: 'failed',
				failure_code: error.code,
				failure_message: error.message,
			});
			Object.assign(intent, {
				status: 'requires_payment_method',
				last_payment_error: { ...error, charge: failed.id },
			});
			throw new StripeFault(402, error);
		}
		// `_captured`: whether the charge is captured yet, for its charge.captured event.
		const authorized = charge({
			paid: true,
			refunded: false,
			status: 'succeeded',
			_captured: false,
		});
		Object.assign(intent, {
			status: 'requires_capture',
			latest_charge: authorized.id,
			amount_capturable: intent.amount,
		});
		return intent.capture_method === 'manual' ? intent : captureIntent(intent, {}, account);
	}

	function captureIntent(intent, p, account) {
		expectStatus(intent, 'PaymentIntent', 'captured', ['requires_capture']);
		checkAmount(p.amount_to_capture, intent.currency, 'amount_to_capture');
		const amount = p.amount_to_capture ?? intent.amount_capturable;
		const charge = touch(store.get(intent.latest_charge));
		// What is not captured goes back to the customer and cannot be refunded again.
		Object.assign(charge, { amount_refunded: intent.amount - amount, _captured: true });
		Object.assign(intent, { status: 'succeeded', amount_capturable: 0, amount_received: amount });
		if (intent.application_fee_amount) {
			// The platform's fee on a charge for a connected account, whichever account the charge was made on.
			insert('application_fees', PLATFORM, {
				amount: intent.application_fee_amount,
				amount_refunded: 0,
				refunded: false,
				currency: intent.currency,
				charge: charge.id,
				account: intent.transfer_data?.destination ?? account,
				refunds: { object: 'list', data: [], has_more: false, total_count: 0 },
			});
		}
		return intent;
	}

	function cancelIntent(intent, p) {
		expectStatus(intent, 'PaymentIntent', 'canceled', [
			'requires_payment_method',
			'requires_capture',
			'requires_confirmation',
			'requires_action',
			'processing',
		]);
		// Canceling an authorized payment releases the whole amount.
		if (intent.status === 'requires_capture')
			Object.assign(touch(store.get(intent.latest_charge)), {
				amount_refunded: intent.amount,
				refunded: true,
			});
		return Object.assign(intent, {
			status: 'canceled',
			canceled_at: now(),
			cancellation_reason: p.cancellation_reason ?? null,
			amount_capturable: 0,
		});
	}

	/**
	 * An invoice item: on a draft invoice, or pending for the customer's next invoice. `prefix` names
	 * where its params were given (`lines[0]` for Add Lines) in errors.
	 */
	function invoiceItem(account, p, invoice, prefix = '') {
		const at = (name) => prefix + (prefix ? name.replace(/^(\w+)/, '[$1]') : name);
		if (invoice && invoice.status !== 'draft')
			throw invalid(
				`You can only add invoice items to draft invoices; ${invoice.id} is ${invoice.status}.`,
				prefix ? undefined : 'invoice',
				'invoice_not_editable',
			);
		const customer = invoice?.customer ?? required(account, 'customers', p.customer, 'customer').id;
		const quantity = p.quantity ?? 1;
		const price = p.pricing?.price
			? get('prices', p.pricing.price, account, at('pricing[price]'))
			: null;
		const amount = p.amount ?? (price ? price.unit_amount * quantity : undefined);
		if (amount === undefined)
			throw invalid('Missing required param: amount.', at('amount'), 'parameter_missing');
		return insert('invoiceitems', account, {
			amount,
			currency: p.currency ?? price?.currency ?? invoice?.currency ?? 'usd',
			customer,
			description: p.description ?? null,
			invoice: invoice?.id ?? null,
			quantity,
			pricing: price
				? {
						type: 'price_details',
						price_details: { price: price.id, product: price.product },
						unit_amount_decimal: String(price.unit_amount),
					}
				: null,
			proration: false,
			metadata: p.metadata ?? {},
		});
	}

	/** A draft invoice's lines and totals follow its invoice items; finalizing fixes them. */
	function totals(invoice) {
		if (invoice.status !== 'draft') return invoice;
		const items = [...store.values()]
			.filter((o) => o.object === 'invoiceitem' && o.invoice === invoice.id)
			.sort((a, b) => a._seq - b._seq);
		const total = items.reduce((sum, item) => sum + item.amount, 0);
		invoice.lines = {
			object: 'list',
			url: `/v1/invoices/${invoice.id}/lines`,
			has_more: false,
			total_count: items.length,
			data: items.map((item) => ({
				id: `il_${item.id.slice(3)}`,
				object: 'line_item',
				amount: item.amount,
				currency: item.currency,
				description: item.description,
				invoice: invoice.id,
				quantity: item.quantity,
				pricing: item.pricing,
				parent: { type: 'invoice_item_details', invoice_item_details: { invoice_item: item.id } },
				metadata: item.metadata,
			})),
		};
		return Object.assign(invoice, {
			subtotal: total,
			total,
			amount_due: total,
			amount_remaining: total,
		});
	}

	/** Objects as Stripe answers with them: hidden fields removed, an invoice's totals up to date. */
	const out = (o) => strip(o.object === 'invoice' ? totals(o) : o);

	const secretScope = (scope) => {
		if (!scope?.type) throw invalid('Missing required param: scope.', 'scope', 'parameter_missing');
		if (scope.type === 'user' && !scope.user)
			throw invalid('Missing required param: scope[user].', 'scope[user]', 'parameter_missing');
		return scope.type === 'user' ? { type: 'user', user: scope.user } : { type: scope.type };
	};
	const findSecret = (account, name, scope) =>
		[...store.values()].find(
			(o) =>
				o.object === 'apps.secret' &&
				visible(o, account) &&
				o.name === name &&
				o.scope.type === scope.type &&
				o.scope.user === scope.user,
		);
	// A secret's payload is only in an answer that expands it.
	const revealed = (secret, expand) => ({
		...strip(secret),
		payload: Array.isArray(expand) && expand.includes('payload') ? secret._payload : null,
	});

	/** POST /v1/{collection}/{id}/{action}, and /{action}/* for actions on a part named after it (a capability). */
	const actions = {
		payment_intents: { confirm: confirmIntent, capture: captureIntent, cancel: cancelIntent },
		invoices: {
			add_lines: (invoice, p, account) => {
				if (!Array.isArray(p.lines) || !p.lines.length)
					throw invalid('Missing required param: lines.', 'lines', 'parameter_missing');
				p.lines.forEach((line, i) => invoiceItem(account, line, invoice, `lines[${i}]`));
				return invoice;
			},
			finalize: (invoice, p) => {
				expectStatus(totals(invoice), 'invoice', 'finalized', ['draft']);
				const count = [...store.values()].filter((o) => o.object === 'invoice' && o.number).length;
				Object.assign(invoice, {
					number: `STANDIN-${String(count + 1).padStart(4, '0')}`,
					hosted_invoice_url: `https://invoice.stripe.com/i/${invoice.id}`,
					// Served by the stand-in itself, as Stripe serves it from pay.stripe.com.
					invoice_pdf: `${origin}/invoice/${invoice.id}/pdf`,
					auto_advance: p.auto_advance ?? invoice.auto_advance,
				});
				invoice.status_transitions.finalized_at = now();
				// Nothing to collect: Stripe marks a zero-amount invoice paid as it finalizes it.
				if (invoice.amount_due === 0) return paid(invoice);
				return Object.assign(invoice, { status: 'open' });
			},
			pay: (invoice, p, account) => {
				expectStatus(invoice, 'invoice', 'paid', ['open', 'uncollectible']);
				const customer = store.get(invoice.customer);
				if (
					!p.paid_out_of_band &&
					!p.payment_method &&
					!invoice.default_payment_method &&
					!customer?.invoice_settings?.default_payment_method
				)
					throw invalid(
						'This customer has no attached payment source or default payment method.',
						undefined,
						'invoice_payment_method_missing',
					);
				return paid(invoice, p.paid_out_of_band === true);
			},
			void: (invoice) => {
				expectStatus(invoice, 'invoice', 'voided', ['open', 'uncollectible']);
				invoice.status_transitions.voided_at = now();
				return Object.assign(invoice, { status: 'void' });
			},
		},
		accounts: {
			persons: (acct, p, account) => {
				const { relationship, ...rest } = p;
				return insert('accounts/persons', account, {
					account: acct.id,
					first_name: null,
					last_name: null,
					email: null,
					...rest,
					relationship: {
						director: false,
						executive: false,
						owner: false,
						representative: false,
						percent_ownership: null,
						title: null,
						...relationship,
					},
				});
			},
			external_accounts: (acct, p, account) => {
				const given = p.external_account;
				if (!given)
					throw invalid(
						'Missing required param: external_account.',
						'external_account',
						'parameter_missing',
					);
				if (typeof given === 'string' && !given.startsWith('btok_'))
					throw invalid(`No such token: '${given}'`, 'external_account', 'resource_missing');
				// A test bank token stands for Stripe's US test bank account.
				const bank =
					typeof given === 'string'
						? {
								country: 'US',
								currency: 'usd',
								routing_number: '110000000',
								account_number: '000123456789',
							}
						: given;
				const first = !acct.external_accounts?.data.some((ea) => ea.currency === bank.currency);
				const created = insert('accounts/external_accounts', account, {
					account: acct.id,
					account_holder_name: bank.account_holder_name ?? null,
					bank_name: 'STRIPE TEST BANK',
					country: bank.country,
					currency: bank.currency,
					routing_number: bank.routing_number,
					last4: String(bank.account_number).slice(-4),
					status: 'new',
					default_for_currency: p.default_for_currency ?? first,
					metadata: p.metadata ?? {},
				});
				acct.external_accounts ??= {
					object: 'list',
					data: [],
					has_more: false,
					total_count: 0,
					url: `/v1/accounts/${acct.id}/external_accounts`,
				};
				acct.external_accounts.data.push(strip(created));
				acct.external_accounts.total_count += 1;
				return created;
			},
			'capabilities/*': (acct, p, account, name) => {
				acct.capabilities ??= {};
				if (p.requested === true) acct.capabilities[name] = 'inactive';
				else if (p.requested === false) delete acct.capabilities[name];
				const status = acct.capabilities[name] ?? 'unrequested';
				return {
					id: name,
					object: 'capability',
					account: acct.id,
					requested: status !== 'unrequested',
					requested_at: status !== 'unrequested' ? now() : null,
					status,
				};
			},
		},
		quotes: {
			finalize: (quote) => {
				expectStatus(quote, 'quote', 'finalized', ['draft']);
				if (!quote.customer)
					throw invalid(
						'A quote needs a customer before it can be finalized.',
						'customer',
						'parameter_missing',
					);
				const count = [...store.values()].filter((o) => o.object === 'quote' && o.number).length;
				quote.status_transitions.finalized_at = now();
				return Object.assign(quote, {
					status: 'open',
					number: `QT-STANDIN-${String(count + 1).padStart(4, '0')}`,
				});
			},
		},
		application_fees: {
			refunds: (fee, p, account) => {
				const remaining = fee.amount - fee.amount_refunded;
				const amount = p.amount ?? remaining;
				if (amount > remaining || amount < 1)
					throw invalid(
						`Refund amount (${amount}) is greater than the unrefunded amount of the application fee (${remaining})`,
						'amount',
						'amount_too_large',
					);
				const refund = insert('application_fees/refunds', account, {
					amount,
					currency: fee.currency,
					fee: fee.id,
					metadata: p.metadata ?? {},
				});
				Object.assign(fee, {
					amount_refunded: fee.amount_refunded + amount,
					refunded: fee.amount_refunded + amount === fee.amount,
				});
				fee.refunds.data.unshift(strip(refund));
				fee.refunds.total_count += 1;
				return refund;
			},
		},
	};

	function paid(invoice, outOfBand = false) {
		invoice.status_transitions.paid_at = now();
		return Object.assign(invoice, {
			status: 'paid',
			paid_out_of_band: outOfBand,
			amount_paid: invoice.amount_due,
			amount_remaining: 0,
		});
	}

	/** GET /v1/{collection}/{id}/{view}. */
	const views = {
		files: {
			contents: (file) =>
				new FileAnswer(FILE_TYPES[file.type] ?? 'application/octet-stream', file._data),
		},
		quotes: {
			pdf: (quote) => {
				if (quote.status === 'draft')
					throw invalid(
						`The PDF of quote ${quote.id} is available once it is finalized; it is a draft.`,
						undefined,
						'quote_unexpected_state',
					);
				return new FileAnswer('application/pdf', samplePdf(`Quote ${quote.number}`));
			},
		},
		'checkout/sessions': {
			line_items: (session) => ({
				object: 'list',
				url: `/v1/checkout/sessions/${session.id}/line_items`,
				has_more: false,
				data: session._line_items.map(({ price, quantity }) => ({
					id: randomId('li'),
					object: 'item',
					amount_subtotal: price.unit_amount * quantity,
					amount_total: price.unit_amount * quantity,
					currency: price.currency,
					description: store.get(price.product)?.name ?? null,
					price: strip(price),
					quantity,
				})),
			}),
		},
	};

	/** DELETE /v1/{collection}/{id} on objects Stripe keeps: a canceled subscription stays, canceled. */
	const cancels = {
		subscriptions: (subscription, p) => {
			expectStatus(subscription, 'subscription', 'canceled', [
				'active',
				'trialing',
				'past_due',
				'unpaid',
				'incomplete',
				'paused',
			]);
			const at = now();
			return Object.assign(subscription, {
				status: 'canceled',
				canceled_at: at,
				ended_at: at,
				cancellation_details: {
					comment: null,
					feedback: null,
					...p.cancellation_details,
					reason: 'cancellation_requested',
				},
			});
		},
	};

	function account(req, id) {
		const key = (req.headers.authorization || '').replace(/^Bearer\s+/, '');
		if (key.startsWith('rk_') && key.includes('noaccount'))
			throw new StripeFault(403, {
				type: 'invalid_request_error',
				code: 'secret_key_required',
				message: 'The provided key does not have the required permissions for this endpoint.',
			});
		const acct = id ?? accountOf(req);
		if (id && !store.has(id) && id !== PLATFORM) throw missing('account', id, 'account');
		// Made with POST /v1/accounts: as created; named with connectedAccount(): a generic connected account.
		if (id && store.get(id)?.created) return strip(store.get(id));
		return {
			id: acct,
			object: 'account',
			country: 'US',
			default_currency: 'usd',
			charges_enabled: true,
			payouts_enabled: true,
			type: acct === PLATFORM ? 'standard' : 'express',
			settings: {
				dashboard: { display_name: acct === PLATFORM ? 'Stand-in Platform' : `Connected ${acct}` },
			},
		};
	}

	/** Our routes; returns undefined for a path we do not serve. */
	function route(req, path, params) {
		const acct = accountOf(req);
		const parts = path.split('/').filter(Boolean); // ['v1', collection, id?, action?, part?]
		if (parts[0] !== 'v1') return undefined;
		const [collection, id, action, part] = NAMESPACES.has(parts[1])
			? [`${parts[1]}/${parts[2]}`, ...parts.slice(3)]
			: parts.slice(1);
		if (collection === 'account' && !id && req.method === 'GET') return account(req);
		if (collection === 'accounts' && id && !action && req.method === 'GET') return account(req, id);
		if (collection === 'account_links' && !id && req.method === 'POST')
			return creators.account_links(acct, params);
		if (!PREFIX[collection]) return undefined;
		if (collection === 'charges' && req.method === 'POST' && !id) return undefined; // test tokens: stripe-stateful-mock
		if (!id) {
			if (req.method === 'GET') return list(collection, acct, params, `/v1/${collection}`);
			if (req.method === 'POST' && creators[collection])
				return out(creators[collection](acct, params));
			return undefined;
		}
		if (id === 'search' && req.method === 'GET')
			return search(collection, acct, params, `/v1/${collection}/search`);
		// Secrets are found and deleted by name and scope, not by ID.
		if (
			collection === 'apps/secrets' &&
			((id === 'find' && req.method === 'GET') || (id === 'delete' && req.method === 'POST'))
		) {
			const secret = findSecret(acct, params.name, secretScope(params.scope));
			if (!secret) throw missing('apps.secret', params.name, 'name');
			if (id === 'find') return revealed(secret, params.expand);
			store.delete(secret.id);
			return { ...revealed(secret), deleted: true };
		}
		if (action) {
			const key = part === undefined ? action : `${action}/*`;
			if (req.method === 'POST' && actions[collection]?.[key])
				return out(actions[collection][key](get(collection, id, acct), params, acct, part));
			if (req.method === 'GET' && part === undefined && views[collection]?.[action])
				return views[collection][action](get(collection, id, acct), params);
			return undefined;
		}
		if (req.method === 'GET') return out(get(collection, id, acct));
		if (req.method === 'POST') return out(update(get(collection, id, acct), params));
		if (req.method === 'DELETE') {
			const o = get(collection, id, acct);
			if (cancels[collection]) return out(cancels[collection](o, params));
			store.delete(id);
			return { id: o.id, object: o.object, deleted: true };
		}
		return undefined;
	}

	async function forward(req, body, method = req.method, path = req.url) {
		if (!fallback) {
			const { createExpressApp } = require('stripe-stateful-mock');
			const server = http.createServer(createExpressApp());
			await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
			fallback = server;
		}
		return new Promise((resolve, reject) => {
			const upstream = http.request(
				{
					host: '127.0.0.1',
					port: fallback.address().port,
					method,
					path,
					headers: {
						...headersFor(method, req.headers),
						host: `127.0.0.1:${fallback.address().port}`,
					},
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () =>
						resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }),
					);
				},
			);
			upstream.on('error', reject);
			upstream.end(body);
		});
	}

	// A look-up before a forwarded write carries the caller's key and account, not its body or idempotency key.
	const headersFor = (method, headers) =>
		method === 'GET'
			? Object.fromEntries(
					Object.entries(headers).filter(
						([k]) =>
							!['content-length', 'content-type', 'transfer-encoding', 'idempotency-key'].includes(
								k,
							),
					),
				)
			: headers;

	/**
	 * What a write that stripe-stateful-mock serves changed: the object its path names is read before
	 * (`/v1/charges/ch_1/capture` names `/v1/charges/ch_1`), the answer is the object after.
	 */
	async function forwardedWrite(req, path, body) {
		const parsed = (text) => {
			try {
				return JSON.parse(text);
			} catch {
				return undefined;
			}
		};
		const named = req.method === 'DELETE' ? path : path.split('/').slice(0, 4).join('/');
		const prior = named.split('/').length > 3 ? await forward(req, '', 'GET', named) : undefined;
		const before = prior?.status === 200 ? parsed(prior.body) : null;
		const answer = await forward(req, body);
		const after = answer.status < 300 ? parsed(answer.body) : undefined;
		const account = accountOf(req);
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

	/** PDFs Stripe hosts on pay.stripe.com: anyone with the URL gets them, no key needed. */
	function hostedPdf(path) {
		const [, kind, id] = /^\/(invoice|credit_note)\/([^/]+)\/pdf$/.exec(path) ?? [];
		const object = kind && store.get(id);
		if (!object || object.object !== kind || !(object.invoice_pdf || object.pdf)) return undefined;
		return new FileAnswer(
			'application/pdf',
			samplePdf(kind === 'invoice' ? `Invoice ${object.number}` : `Credit note ${object.number}`),
		);
	}

	async function handle(req, res) {
		const chunks = [];
		for await (const c of req) chunks.push(c);
		const bytes = Buffer.concat(chunks);
		const raw = bytes.toString();
		const url = new URL(req.url, 'http://127.0.0.1');
		const contentType = req.headers['content-type'] || '';
		const isJson = contentType.includes('json');
		const isMultipart = contentType.startsWith('multipart/form-data');
		const query = decodeForm(url.search.slice(1));
		const body = raw
			? isMultipart
				? decodeMultipart(bytes, contentType)
				: isJson
					? JSON.parse(raw)
					: decodeForm(raw)
			: {};
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
			/** When it arrived (ms since the epoch). */
			at: Date.now(),
		};
		requests.push(record);
		const requestId = randomId('req');
		const send = (status, payload, extra = {}) => {
			record.status = status;
			if (payload instanceof FileAnswer) {
				res.writeHead(status, {
					'Content-Type': payload.type,
					'Content-Length': payload.data.length,
					'Request-Id': requestId,
					...extra,
				});
				return res.end(payload.data);
			}
			res.writeHead(status, {
				'Content-Type': 'application/json',
				'Request-Id': requestId,
				...extra,
			});
			res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
		};

		if (req.method === 'GET' && /^\/(invoice|credit_note)\//.test(url.pathname)) {
			const pdf = hostedPdf(url.pathname);
			return pdf
				? send(200, pdf)
				: send(404, { error: { type: 'invalid_request_error', message: 'Not found' } });
		}

		const key = (req.headers.authorization || '').replace(/^Bearer\s+/, '');
		if (!/^(sk|rk)_test_/.test(key) || key.includes('invalid'))
			return send(401, {
				error: {
					type: 'invalid_request_error',
					message: `Invalid API Key provided: ${key.slice(0, 8)}****${key.slice(-4)}`,
				},
			});

		const idemKey = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
		const scope = `${accountOf(req)}|${idemKey}`;
		// Stripe compares parameters; a multipart body's boundary differs on every send.
		const fingerprint = `${req.method} ${url.pathname} ${isMultipart ? JSON.stringify(body) : raw}`;
		if (idemKey && idempotency.has(scope)) {
			const prior = idempotency.get(scope);
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

		if (idemKey && inFlight.has(scope)) {
			inFlight.get(scope)();
			return send(409, {
				error: {
					type: 'invalid_request_error',
					code: 'idempotency_key_in_use',
					doc_url: 'https://stripe.com/docs/error-codes/idempotency-key-in-use',
					message: `There is currently another in-progress request using this Idempotency-Key (that probably means you submitted twice, and the other request is still going through): ${idemKey}. Please try again later.`,
				},
			});
		}
		let conflicted = () => {};
		const answered409 = new Promise((resolve) => (conflicted = resolve));
		if (idemKey) inFlight.set(scope, conflicted);
		try {
			if (idemKey && processing.ms > 0)
				await Promise.race(
					processing.untilConflict ? [delay(processing.ms), answered409] : [delay(processing.ms)],
				);
			await apply(req, {
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
			inFlight.delete(scope);
		}
	}

	/** The delay before a keyed write is applied; tests change it on a running stand-in. */
	const processing = { ms: processingMs, untilConflict: false };

	/** Applies one request (already recorded, keyed and not in flight) and answers it. */
	async function apply(req, c) {
		const { url, raw, bytes, body, query, contentType, isMultipart, record, requestId, send } = c;
		const { idemKey, scope, fingerprint } = c;
		let status = 200;
		let payload;
		const writing = req.method === 'POST' || req.method === 'DELETE';
		let changes = [];
		try {
			// Judged on what was sent, before typed() reads 'true' or numbers into it.
			const refused = checkRequest({
				method: req.method,
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
			write = writing ? new Map() : null;
			try {
				payload = route(req, url.pathname, params);
			} finally {
				// A write that fails part way (a declined card) keeps what it did, as Stripe does.
				changes = [...(write?.values() ?? [])].map(({ object, before }) => ({
					before,
					after: snapshot(object),
					deleted: !store.has(object.id),
					account: scopeOf(object),
				}));
				write = null;
			}
			if (payload === undefined) {
				const forwarded = writing
					? await forwardedWrite(req, url.pathname, raw)
					: await forward(req, raw);
				status = forwarded.status;
				payload = forwarded.body;
				changes = forwarded.changes ?? [];
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
			idempotency.set(scope, { fingerprint, status, body: text });
		const events = announce(changes, { id: requestId, idempotency_key: idemKey ?? null });
		send(status, text, idemKey ? { 'Idempotency-Key': idemKey } : {});
		// Webhooks go out after the answer, as Stripe sends them: they never hold it up.
		for (const event of events) for (const endpoint of listeners(event)) dispatch(event, endpoint);
	}

	/** The account an object's events belong to: a connected account's own objects are announced to it. */
	const scopeOf = (o) =>
		o.object === 'account'
			? o.id
			: ['person', 'bank_account'].includes(o.object)
				? o.account
				: o._account;

	/**
	 * Records the events of a write's changes: the objects it made first, in the order made, then what
	 * changed, inner objects (a charge) before the one acted on (its payment intent).
	 */
	function announce(changes, request) {
		const events = [];
		const name = (o) => EVENT_NAME[o.object] ?? o.object;
		const add = (change, type, previousAttributes) =>
			events.push(
				recordEvent(type, strip(change.after), {
					account: change.account,
					previousAttributes,
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

	/** An event as Stripe records one; `account` makes it a connected account's (listed with its Stripe-Account). */
	function recordEvent(
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
		const event = insert('events', account, {
			...(account === PLATFORM ? {} : { account }),
			api_version: apiVersion,
			...(created === undefined ? {} : { created }),
			data: { object, ...(previousAttributes ? { previous_attributes: previousAttributes } : {}) },
			livemode: false,
			pending_webhooks: 0,
			request,
			type,
		});
		delete event.metadata;
		event.pending_webhooks = pendingWebhooks ?? listeners(event).length;
		return event;
	}

	/** The enabled endpoints an event goes to: a Connect endpoint gets connected accounts' events, any other its own account's. */
	const listeners = (event) =>
		[...endpoints].filter(
			(e) =>
				store.get(e.id) === e &&
				e.status === 'enabled' &&
				(e.enabled_events.includes('*') || e.enabled_events.includes(event.type)) &&
				(e._connect
					? e._account === PLATFORM && event._account !== PLATFORM
					: event._account === e._account),
		);

	/** Delivers an event to an endpoint as Stripe does: signed, retried a few times, each try recorded. */
	function dispatch(event, endpoint) {
		const delivery = {
			endpointId: endpoint.id,
			eventId: event.id,
			type: event.type,
			url: endpoint.url,
			status: 'pending',
			attempts: 0,
			responses: [],
		};
		deliveries.push(delivery);
		const target = localTarget(endpoint.url);
		if (!target) {
			delivery.status = 'skipped';
			return;
		}
		const run = (async () => {
			for (const delay of [0, ...RETRY_DELAYS_MS]) {
				if (delay) await pause(delay);
				if (closing) break;
				delivery.attempts += 1;
				// Rendered at the endpoint's API version, and signed anew at each try.
				const payload = JSON.stringify(
					{ ...strip(event), api_version: endpoint.api_version ?? ACCOUNT_API_VERSION },
					null,
					2,
				);
				const status = await post(target, payload, endpoint._secret);
				delivery.responses.push(status);
				if (status >= 200 && status < 300) {
					delivery.status = 'delivered';
					event.pending_webhooks -= 1;
					return;
				}
			}
			delivery.status = 'failed';
		})().finally(() => underway.delete(run));
		underway.add(run);
	}

	/** Where a webhook address is reached on this machine: itself if local http, else its host as `resolve` maps it. */
	function localTarget(address) {
		if (isLocal(address)) return address;
		try {
			const url = new URL(address);
			const origin = url.protocol === 'https:' ? resolve[url.host] : undefined;
			return origin ? new URL(url.pathname + url.search, origin).toString() : undefined;
		} catch {
			return undefined;
		}
	}

	/** One POST of a webhook with Stripe's headers; its HTTP status, or null when none came. */
	function post(url, payload, secret) {
		const timestamp = Math.floor(Date.now() / 1000);
		const signature = crypto
			.createHmac('sha256', secret)
			.update(`${timestamp}.${payload}`)
			.digest('hex');
		return new Promise((resolve) => {
			let status = null;
			const headers = {
				'Content-Type': 'application/json; charset=utf-8',
				'Content-Length': Buffer.byteLength(payload),
				'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
				'Stripe-Signature': `t=${timestamp},v1=${signature}`,
			};
			const request = http.request(
				url,
				{ method: 'POST', headers, agent: false, timeout: DELIVERY_TIMEOUT_MS },
				(res) => {
					status = res.statusCode;
					res.resume();
					res.on('end', () => resolve(status));
				},
			);
			sending.add(request);
			request.on('timeout', () => request.destroy());
			request.on('error', () => resolve(null));
			request.on('close', () => {
				sending.delete(request);
				resolve(status);
			});
			request.end(payload);
		});
	}

	const pause = (ms) =>
		new Promise((resolve) => {
			const timer = setTimeout(() => {
				waits.delete(timer);
				resolve();
			}, ms);
			waits.set(timer, resolve);
		});

	async function settled() {
		while (underway.size) await Promise.all([...underway]);
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			res.writeHead(500, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					error: { type: 'api_error', message: `Stand-in failure: ${error.message}` },
				}),
			);
		});
	});

	return {
		requests,
		store,
		server,
		/** Creates objects directly, as if made in the Dashboard, for tests and the demo. */
		seed(collection, fields, account = PLATFORM) {
			return strip(
				creators[collection]
					? creators[collection](account, typed(fields))
					: insert(collection, account, fields),
			);
		},
		/**
		 * Adds an event as Stripe records one: `created` (Unix seconds) may be any past time, `account`
		 * makes it a connected account's event (listed with that Stripe-Account, carrying `account`).
		 */
		event(type, object, { created, account, previousAttributes, apiVersion } = {}) {
			// Recorded only, never delivered: a seeded event stands for one that happened before the test.
			return strip(
				recordEvent(type, object, {
					created,
					account,
					previousAttributes,
					apiVersion,
					pendingWebhooks: 1,
				}),
			);
		},
		/**
		 * Fails a refund after the fact, as a bank does days later (an expired card): Stripe marks it failed
		 * with its reason, gives the amount back to the charge and announces refund.failed.
		 */
		failRefund(id, reason = 'expired_or_canceled_card') {
			const refund = store.get(id);
			const charge = store.get(refund.charge);
			const changes = [refund, charge].map((o) => ({ object: o, before: snapshot(o) }));
			Object.assign(refund, { status: 'failed', failure_reason: reason });
			charge.amount_refunded -= refund.amount;
			charge.refunded = false;
			const events = announce(
				changes.map(({ object, before }) => ({
					before,
					after: snapshot(object),
					deleted: false,
					account: scopeOf(object),
				})),
				{ id: null, idempotency_key: null },
			);
			for (const event of events)
				for (const endpoint of listeners(event)) dispatch(event, endpoint);
			return strip(refund);
		},
		/** How long a keyed write now takes before it is applied (the window of Stripe's 409 for its key). */
		setProcessingDelay(ms, { untilConflict = false } = {}) {
			Object.assign(processing, { ms, untilConflict });
		},
		/** Forgets every Idempotency-Key, as Stripe does after about 24 hours: a key sent again writes again. */
		forgetIdempotencyKeys() {
			idempotency.clear();
		},
		/** Adds a connected account that Stripe-Account headers may name. */
		connectedAccount(id) {
			store.set(id, { id, object: 'account', _account: PLATFORM, _seq: ++seq });
			return id;
		},
		async listen(port = 0) {
			await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
			origin = `http://127.0.0.1:${server.address().port}`;
			LISTENING.add(origin);
			return origin;
		},
		deliveries,
		settled,
		async close() {
			// Retries waiting are ended and webhooks in flight cut, so nothing outlives the stand-in.
			closing = true;
			for (const [timer, resolve] of waits) {
				clearTimeout(timer);
				resolve();
			}
			waits.clear();
			for (const request of sending) request.destroy();
			await settled();
			await new Promise((resolve) => server.close(resolve));
			if (fallback) await new Promise((resolve) => fallback.close(resolve));
			LISTENING.delete(origin);
		},
	};
}

/** Where stand-ins of this process listen: answers from there are Stripe's as far as tests know. */
const LISTENING = new Set();
const isStandIn = (baseUrl) => LISTENING.has(String(baseUrl).replace(/\/+$/, ''));

module.exports = {
	createStandIn,
	isStandIn,
	decodeForm,
	samplePdf,
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
