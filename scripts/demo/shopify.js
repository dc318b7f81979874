'use strict';
/**
 * The Shopify refund example as it runs in the demo: n8n's own Shopify Trigger, unchanged, against the
 * Shopify stand-in (stand-ins/shopify.js), reached as https://<shop>.myshopify.com through a
 * local TLS front (n8n gets it as HTTPS_PROXY, and trusts its throw-away CA). n8n's webhook URLs are
 * https://n8n.test/..., which both stand-ins deliver to n8n on this machine. The shop sends 26 refunds:
 * partial and full, several on one order, USD, EUR, GBP, JPY and KWD, a duplicate delivery, a delivery
 * repeated after Stripe forgot its Idempotency-Key, refunds larger than what is left, a forged one, one in
 * another currency than its payment, refunds paid back partly by gift card or after a failed attempt,
 * refunds with no Stripe part, and one delivered again after its Stripe refund failed.
 */
const { createShopifyStandIn } = require('../../stand-ins/shopify');
const { createTlsFront } = require('../../stand-ins/tls-front');
const n8n = require('../n8n');
const { triggered } = require('./executions');

const EXAMPLE = 'shopify-refund-to-stripe-refund.json';

const SHOP = 'n8n-demo';
const ACCESS_TOKEN = 'shpat_n8n_demo_access_token';
const APP_SECRET = 'n8n-demo-app-secret';
/** The host of n8n's webhook URLs (WEBHOOK_URL); the stand-ins resolve it to this machine's n8n. */
const N8N_HOST = 'n8n.test';

/** The shop, its TLS front, what n8n needs to reach it, and its credential for n8n. */
async function startShopify(resolve) {
	const shopify = createShopifyStandIn({
		shop: SHOP,
		accessToken: ACCESS_TOKEN,
		secret: APP_SECRET,
		resolve,
	});
	const front = createTlsFront({ [shopify.domain]: await shopify.listen() });
	const frontUrl = await front.listen();
	return {
		shopify,
		front,
		env: {
			// n8n 2.x reads N8N_WEBHOOK_URL, n8n 1.x WEBHOOK_URL.
			N8N_WEBHOOK_URL: `https://${N8N_HOST}/`,
			WEBHOOK_URL: `https://${N8N_HOST}/`,
			HTTPS_PROXY: frontUrl,
			HTTP_PROXY: frontUrl,
			NO_PROXY: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: front.caFile,
		},
		credential: {
			id: 'shopifyDemo',
			name: 'Shopify account',
			type: 'shopifyAccessTokenApi',
			data: { shopSubdomain: SHOP, accessToken: ACCESS_TOKEN, appSecretKey: APP_SECRET },
		},
		async stop() {
			await shopify.close();
			await front.close();
		},
	};
}

/** Orders paid through Stripe: [Shopify order id, currency, amount in the smallest unit]. */
const ORDERS = [
	[5820123456001, 'usd', 4500],
	[5820123456002, 'usd', 2599],
	[5820123456003, 'jpy', 12000],
	[5820123456004, 'kwd', 5000],
	[5820123456005, 'eur', 3000],
	[5820123456006, 'usd', 10000],
	[5820123456007, 'gbp', 1999],
	[5820123456008, 'jpy', 3000],
	[5820123456009, 'usd', 8000],
];

/** Pays each order in Stripe; each order with the ID of its payment, as the shop's gateway keeps it. */
async function payOrders(stripe) {
	const orders = [];
	for (const [id, currency, amount] of ORDERS) {
		const payment = await stripe.paymentIntents.create({
			amount,
			currency,
			confirm: true,
			payment_method: 'pm_card_visa',
			automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
			metadata: { shopify_order_id: String(id) },
		});
		orders.push({ id, currency, amount, payment: payment.id });
	}
	return orders;
}

/**
 * A refund as Shopify's refunds/create webhook sends it: the money is in its refund transactions, given
 * as the Stripe amount paid back, or as a list of transactions ({ amount, gateway, status, currency }).
 */
const shopifyRefund = (id, order, amount) => ({
	id,
	order_id: order.id,
	created_at: '2026-12-01T10:00:00-05:00',
	processed_at: '2026-12-01T10:00:00-05:00',
	note: 'Returned',
	restock: true,
	user_id: 74120111,
	admin_graphql_api_id: `gid://shopify/Refund/${id}`,
	refund_line_items: [],
	order_adjustments: [],
	duties: [],
	transactions: (Array.isArray(amount) ? amount : [{ amount }]).map((t, i) => ({
		id: id * 10 + i,
		order_id: order.id,
		kind: 'refund',
		gateway: t.gateway ?? 'stripe',
		status: t.status ?? 'success',
		message: t.status === 'failure' ? 'Card was declined' : null,
		test: true,
		// The payment gateway's reference of the payment refunded: for Stripe, its payment ID.
		authorization: (t.gateway ?? 'stripe') === 'stripe' ? order.payment : null,
		parent_id: order.id * 10,
		amount: t.amount,
		currency: t.currency ?? order.currency.toUpperCase(),
		admin_graphql_api_id: `gid://shopify/OrderTransaction/${id * 10 + i}`,
	})),
});

/**
 * The 26 deliveries, in order: [label, refund id, order index, Shopify amount, how it is sent, what Stripe
 * should end with]. `refund`: a new refund of that many smallest units; `same`: the refund made before;
 * `refused`: the Stripe node's error on its error output, no refund; `none`: no Stripe part, on the error
 * output of the step that finds it, no refund; `nothing`: no execution at all. `failBefore`: the Stripe
 * refund made for this Shopify refund fails first, as a bank returns one days later.
 */
const DELIVERIES = [
	['partial refund', 101, 0, '15.00', {}, { refund: 1500 }],
	['second refund of the same order', 102, 0, '10.00', {}, { refund: 1000 }],
	['full refund', 103, 1, '25.99', {}, { refund: 2599 }],
	['JPY, zero-decimal', 104, 2, '1200', {}, { refund: 1200 }],
	['KWD, three-decimal', 105, 3, '1.250', {}, { refund: 1250 }],
	['EUR', 106, 4, '12.50', {}, { refund: 1250 }],
	['delivered twice with one webhook id', 107, 5, '10.00', { times: 2 }, { refund: 1000 }],
	['USD', 108, 5, '20.00', {}, { refund: 2000 }],
	['sent again after Stripe forgot its key', 103, 1, '25.99', { forget: true }, { same: true }],
	['more than is left', 109, 1, '5.00', {}, { refused: true }],
	['GBP', 110, 6, '19.99', {}, { refund: 1999 }],
	['JPY, all of it', 111, 7, '3000', {}, { refund: 3000 }],
	['forged signature', 112, 5, '5.00', { forged: true }, { nothing: true }],
	['USD', 113, 5, '30.00', {}, { refund: 3000 }],
	['third refund of the first order', 114, 0, '20.00', {}, { refund: 2000 }],
	['EUR, the rest', 115, 4, '17.50', {}, { refund: 1750 }],
	['KWD, the rest', 116, 3, '3.750', {}, { refund: 3750 }],
	['JPY, the rest', 117, 2, '10800', {}, { refund: 10800 }],
	['more than is left', 118, 5, '100.00', {}, { refused: true }],
	['in EUR on a USD payment', 119, 8, [{ amount: '5.00', currency: 'EUR' }], {}, { refused: true }],
	[
		'paid back partly by gift card',
		120,
		8,
		[{ amount: '8.00', gateway: 'gift_card' }, { amount: '12.00' }],
		{},
		{ refund: 1200 },
	],
	[
		'after a failed attempt',
		121,
		8,
		[{ amount: '9.00', status: 'failure' }, { amount: '9.00' }],
		{},
		{ refund: 900 },
	],
	['all by gift card', 122, 8, [{ amount: '10.00', gateway: 'gift_card' }], {}, { none: true }],
	['no transaction at all', 123, 8, [], {}, { none: true }],
	['to be returned by the bank', 124, 8, '10.00', {}, { refund: 1000 }],
	[
		'sent again after its Stripe refund failed',
		124,
		8,
		'10.00',
		{ failBefore: true },
		{ refund: 1000 },
	],
];

/**
 * The Shopify refund example in a running n8n: activated (n8n's Shopify Trigger registers its webhook
 * in the shop), then the shop's deliveries one after another, each waited for; deactivated (the
 * webhook deleted). Resolves to its run, with each refund Stripe holds for the orders.
 */
async function runShopify(runtime, rest, workflow, stripe, standIn, shop) {
	const orders = await payOrders(stripe);
	await n8n.activateWorkflow(rest, workflow.id);
	// n8n 2.x publishes a workflow after answering: its trigger registers the webhook a moment later.
	await n8n.poll(() => shop.shopify.webhooks.size, 30000, 100);
	const registered = [...shop.shopify.webhooks.values()].map((w) => `${w.topic} ${w.address}`);
	if (!registered.length)
		throw new Error(
			`the Shopify Trigger registered no webhook; the shop got: ${JSON.stringify(shop.shopify.requests)}`,
		);
	const done = async () =>
		(await n8n.listExecutions(rest, workflow.id)).filter(
			(e) => !['new', 'running', 'waiting'].includes(e.status),
		).length;
	let started = 0;
	const deliveries = [];
	for (const [label, id, order, amount, how] of DELIVERIES) {
		// Stripe keeps an Idempotency-Key about 24 hours; the stand-in forgets them now.
		if (how.forget) standIn.forgetIdempotencyKeys();
		// The bank returns the Stripe refund made for this Shopify refund, as one may days later.
		if (how.failBefore) {
			const { data } = await stripe.refunds.list({ payment_intent: orders[order].payment });
			standIn.failRefund(data.find((r) => r.metadata.shopify_refund_id === String(id)).id);
		}
		const sent = await shop.shopify.deliver(
			'refunds/create',
			shopifyRefund(id, orders[order], amount),
			{ times: how.times ?? 1, forged: how.forged },
		);
		if (!how.forged) started += sent.length;
		await n8n.poll(async () => (await done()) >= started, 30000, 100);
		deliveries.push({ label, id, answers: sent.map((d) => d.responses.join(' ')) });
	}
	const run = await triggered(runtime, rest, 'shopify', workflow, started);
	await n8n.deactivateWorkflow(rest, workflow.id);
	await n8n.poll(() => !shop.shopify.webhooks.size, 30000, 100);
	const refunds = [];
	for (const order of orders)
		refunds.push(
			...(await stripe.refunds.list({ payment_intent: order.payment, limit: 100 })).data,
		);
	return {
		...run,
		orders,
		deliveries,
		registered,
		webhooksLeft: shop.shopify.webhooks.size,
		refundsInStripe: refunds,
	};
}

/**
 * The Shopify example's outcome beside what its deliveries should leave: one Stripe refund that gave
 * money back per Shopify refund with a Stripe part that fits, of the converted amount (besides one that
 * failed, for the refund the bank returned), none for those refused, without a Stripe part or forged, and
 * the shop's webhook deleted on deactivation.
 */
function shopifyCompared(run) {
	if (!run) return undefined;
	const expected = new Map();
	for (const [, id, , , , outcome] of DELIVERIES)
		if (outcome.refund) expected.set(String(id), outcome.refund);
	const failed = DELIVERIES.filter(([, , , , how]) => how.failBefore).map(([, id]) => String(id));
	const differences = [];
	const byRefund = new Map();
	const failedInStripe = run.refundsInStripe.filter((r) => r.status === 'failed');
	const failedIds = failedInStripe.map((r) => r.metadata?.shopify_refund_id).sort();
	if (failedIds.join() !== [...failed].sort().join())
		differences.push(`failed Stripe refunds for ${failedIds.join(', ') || 'none'}, not ${failed}`);
	for (const refund of run.refundsInStripe.filter((r) => r.status !== 'failed')) {
		const id = refund.metadata?.shopify_refund_id;
		if (byRefund.has(id)) differences.push(`Shopify refund ${id} refunded twice`);
		byRefund.set(id, refund);
	}
	for (const [id, amount] of expected) {
		const refund = byRefund.get(id);
		if (!refund) differences.push(`Shopify refund ${id} not refunded`);
		else if (refund.amount !== amount) differences.push(`${id}: ${refund.amount}, not ${amount}`);
	}
	for (const id of byRefund.keys())
		if (!expected.has(id)) differences.push(`Shopify refund ${id} refunded, none expected`);
	if (run.webhooksLeft !== 0) differences.push('the Shopify webhook was not deleted');
	return {
		deliveries: run.deliveries.reduce((n, d) => n + d.answers.length, 0),
		executions: run.executions,
		refunds: run.refundsInStripe.length - failedInStripe.length,
		failed: failedInStripe.length,
		expected: expected.size,
		refused: (run.nodes['Refund refused by Stripe'] ?? []).length,
		withoutStripePart: (run.nodes['No Stripe refund'] ?? []).length,
		equal: !differences.length,
		differences,
	};
}

module.exports = {
	EXAMPLE,
	N8N_HOST,
	DELIVERIES,
	startShopify,
	payOrders,
	shopifyRefund,
	runShopify,
	shopifyCompared,
};
