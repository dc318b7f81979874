'use strict';
/**
 * (b), (d) and (e) of `npm run bench`: lists. Return All over 10,000 and 100,000 customers and Stripe Complete
 * Sync's backfill, against a small server of Stripe's list semantics in a child process, behind the fault proxy.
 */
const http = require('http');
const { createFaultProxy, mulberry32 } = require('../stand-ins/fault-proxy');
const { nextSecond } = require('../scripts/n8n/waits');
const { LATENCY_MS, runNode, sdk, email, timed, inChild } = require('./clients');

const LISTED = 10000;
const MANY = 100000;
const PAGE = 100;

const DAY = 86400;
const LISTED_UNTIL = 1767225600;

/** The customers of the list benchmarks, newest first: created at random over two years (seeded, so every process makes the same). */
function listedCustomers(count) {
	const random = mulberry32(count);
	const times = Array.from(
		{ length: count },
		() => LISTED_UNTIL - Math.floor(random() * 2 * 365 * DAY),
	);
	return times
		.map((created, i) => ({ id: `cus_bench${String(i).padStart(7, '0')}`, created, i }))
		.sort((a, b) => b.created - a.created || b.i - a.i);
}

/** A customer as Stripe sends one. */
const customer = ({ id, created, i }) => ({
	id,
	object: 'customer',
	address: null,
	balance: 0,
	created,
	currency: null,
	default_source: null,
	delinquent: false,
	description: null,
	discount: null,
	email: email('listed', i),
	invoice_prefix: id.slice(-8).toUpperCase(),
	invoice_settings: {
		custom_fields: null,
		default_payment_method: null,
		footer: null,
		rendering_options: null,
	},
	livemode: false,
	metadata: {},
	name: `Customer ${i}`,
	next_invoice_sequence: 1,
	phone: null,
	preferred_locales: [],
	shipping: null,
	tax_exempt: 'none',
	test_clock: null,
});

/**
 * GET /v1/customers over `count` customers as Stripe (and the stand-in) lists them: newest first by
 * `created`, `created` exact or as a range, `starting_after` within the filter, `limit`, `has_more`.
 * By binary search, so a page of 100,000 costs microseconds and the figures are the node's.
 */
function serveList(count) {
	const objects = listedCustomers(count);
	const index = new Map(objects.map((o, i) => [o.id, i]));
	// The first index created before `second` (the list is newest first).
	const before = (second) => {
		let lo = 0;
		let hi = objects.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (objects[mid].created < second) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	};
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		// No events: what an idle Stripe Complete Sync poll reads.
		if (url.pathname === '/v1/events') {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			return res.end(
				JSON.stringify({ object: 'list', url: '/v1/events', has_more: false, data: [] }),
			);
		}
		const query = url.searchParams;
		const number = (key) => (query.has(key) ? Number(query.get(key)) : undefined);
		const { gte, gt, lt, lte, exact } = {
			gte: number('created[gte]'),
			gt: number('created[gt]'),
			lt: number('created[lt]'),
			lte: number('created[lte]'),
			exact: number('created'),
		};
		let from = Math.max(
			0,
			...[lt, lte === undefined ? undefined : lte + 1, exact === undefined ? undefined : exact + 1]
				.filter((n) => n !== undefined)
				.map(before),
		);
		const to = Math.min(
			objects.length,
			...[gte, gt === undefined ? undefined : gt + 1, exact]
				.filter((n) => n !== undefined)
				.map(before),
		);
		if (query.has('starting_after')) {
			const at = index.get(query.get('starting_after'));
			if (at === undefined || at < from || at >= to) {
				res.writeHead(400, { 'Content-Type': 'application/json' });
				return res.end(
					JSON.stringify({
						error: {
							type: 'invalid_request_error',
							message: 'No such customer',
							param: 'starting_after',
						},
					}),
				);
			}
			from = at + 1;
		}
		const limit = number('limit') ?? 10;
		const data = objects.slice(from, Math.min(to, from + limit)).map(customer);
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(
			JSON.stringify({ object: 'list', url: '/v1/customers', has_more: from + limit < to, data }),
		);
	});
	server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
}

/** In a fresh process, so its peak memory is this run's: Return All over `count` customers at `url`. */
async function measureReturnAll(count, url) {
	const { result: out, seconds } = await timed(() =>
		runNode(
			url,
			() => ({ resource: 'customer', operation: 'getAll', returnAll: true }),
			1,
			`listed-${count}`,
		),
	);
	const peakRssMb = process.resourceUsage().maxRSS / 1024;
	const expected = listedCustomers(count);
	const inOrderOnce =
		out.length === count && out.every((item, i) => item.json.id === expected[i].id);
	console.log(JSON.stringify({ objects: out.length, inOrderOnce, seconds, peakRssMb }));
}

/** (b), (d) Return All over `count` customers through the fault proxy at 50 ms latency and `rps` (none: no limit). */
async function returnAll(count, rps) {
	const server = await inChild('list-server', String(count));
	const proxy = createFaultProxy(server.line, {
		latencyMs: LATENCY_MS,
		rateLimit: rps ? { rps, burst: rps / 5 } : undefined,
	});
	const url = await proxy.listen();
	try {
		const run = await inChild('return-all', String(count), url);
		run.stop();
		const result = JSON.parse(run.line);
		const pages = Math.ceil(count / PAGE);
		const answered = proxy.byRoute['GET /v1/customers']?.answered ?? 0;
		return {
			...result,
			limit: rps,
			requests: proxy.counts.requests,
			answered,
			pages,
			floor: (pages * LATENCY_MS) / 1000,
			rate: answered / result.seconds,
			rateLimited: proxy.counts.rateLimited,
		};
	} finally {
		await proxy.close();
		server.stop();
	}
}

/**
 * (e) Stripe Complete Sync over `count` customers at 50 ms latency: the backfill in one poll, beside
 * sequential paging with the SDK, then an idle poll in a later second.
 */
async function syncBackfill(count) {
	const { pollSync } = require('../dist/nodes/shared/sync/sync');
	const { syncObject } = require('../dist/nodes/shared/sync/objects');
	const server = await inChild('list-server', String(count));
	const proxy = createFaultProxy(server.line, { latencyMs: LATENCY_MS });
	const stripe = sdk(await proxy.listen());
	try {
		const state = {};
		const options = { objects: [syncObject('customer')], start: 'all', maxItems: count };
		const backfill = await timed(() => pollSync(stripe, state, options));
		const backfillRequests = proxy.counts.requests;
		const expected = listedCustomers(count).map((c) => c.id);
		const once =
			backfill.result.length === count &&
			backfill.result.every((item, i) => item.json.id === expected[i]);
		proxy.reset();
		const sequential = await timed(() =>
			stripe.customers.list({ limit: PAGE }).autoPagingToArray({ limit: count }),
		);
		const sequentialRequests = proxy.counts.requests;
		await nextSecond();
		proxy.reset();
		const idle = await timed(() => pollSync(stripe, state, options));
		return {
			count,
			once,
			seconds: backfill.seconds,
			requests: backfillRequests,
			sequentialSeconds: sequential.seconds,
			sequentialRequests,
			idleItems: idle.result.length,
			idleRequests: proxy.counts.requests,
			idleSeconds: idle.seconds,
		};
	} finally {
		await proxy.close();
		server.stop();
	}
}

module.exports = { LISTED, MANY, serveList, measureReturnAll, returnAll, syncBackfill };
