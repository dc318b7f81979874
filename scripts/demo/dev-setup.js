'use strict';
/**
 * What `npm run dev` starts, as one object its command and its end-to-end test share: the package in a
 * cached n8n, the Stripe, Shopify and OpenAI stand-ins, every example imported with its credentials, the
 * sync's Data Table and Postgres table made, and a catalog seeded so every picker of the Common resources
 * has something to pick. `stop()` ends whatever has started, also mid-start.
 */
const path = require('path');
const Stripe = require('stripe');
const { createStandIn } = require('../../stand-ins/stripe');
const n8n = require('../n8n');
const { MCP_EXAMPLE, mcpCredential, prepareExamples } = require('./examples');
const shopifyDemo = require('./shopify');
const syncDemo = require('./sync');
const agentDemo = require('./agent');
const { preparePostgres, EXAMPLE: POSTGRES_EXAMPLE } = require('./postgres');

const HOME = path.join(n8n.WORK, 'dev-home');
const SECRET_KEY = 'sk_test_standin_dev';
const MCP_TOKEN = 'stripe-complete-dev-mcp-token';
/** What a Stripe refund made from dev's terminal refunds, in cents. */
const TERMINAL_REFUND = 500;

const card = (fields) => ({
	currency: 'usd',
	confirm: true,
	payment_method: 'pm_card_visa',
	automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
	...fields,
});

/**
 * Through Stripe's API, what the pickers of the Common resources list and the examples start from: products
 * and prices, a payment link, the agent's customer with two payments, a subscription and an invoice, a
 * payment refunded in part (the polling trigger's test event), a charge made without a payment intent
 * (through the stand-in's seeding), a Checkout Session, a connected account, and a coupon with a
 * promotion code.
 */
async function seedDev(stripe, standIn) {
	const product = (name) => stripe.products.create({ name });
	const team = await product('Team plan');
	const monthly = await stripe.prices.create({
		product: team.id,
		unit_amount: 1500,
		currency: 'usd',
		recurring: { interval: 'month' },
		nickname: 'Monthly',
	});
	await stripe.prices.create({
		product: team.id,
		unit_amount: 15000,
		currency: 'usd',
		recurring: { interval: 'year' },
		nickname: 'Yearly',
	});
	const setup = await product('Setup fee');
	await stripe.prices.create({ product: setup.id, unit_amount: 9900, currency: 'usd' });
	await stripe.paymentLinks.create({ line_items: [{ price: monthly.id, quantity: 1 }] });
	const { customer } = await agentDemo.seedCustomer(stripe, agentDemo.EXAMPLE_EMAIL);
	await stripe.subscriptions.create({
		customer: customer.id,
		items: [{ price: monthly.id }],
		payment_behavior: 'default_incomplete',
	});
	await stripe.invoiceItems.create({
		customer: customer.id,
		amount: 9900,
		currency: 'usd',
		description: 'Setup fee',
	});
	await stripe.invoices.create({
		customer: customer.id,
		pending_invoice_items_behavior: 'include',
	});
	// The payment dev's terminal refunds from, refunded once already: charge.refunded has happened.
	const order = await stripe.paymentIntents.create(card({ amount: 10000 }));
	await stripe.refunds.create({ payment_intent: order.id, amount: TERMINAL_REFUND });
	// The stand-in makes charges through payment intents only: an older integration's charge is seeded.
	standIn.seed('charges', {
		amount: 2000,
		amount_captured: 2000,
		amount_refunded: 0,
		currency: 'usd',
		captured: true,
		paid: true,
		refunded: false,
		status: 'succeeded',
		payment_intent: null,
		customer: null,
		description: 'Charge made without a payment intent',
		billing_details: { address: null, email: null, name: null, phone: null },
	});
	await stripe.checkout.sessions.create({
		mode: 'subscription',
		customer: customer.id,
		line_items: [{ price: monthly.id, quantity: 1 }],
		success_url: 'https://example.com/thanks',
	});
	await stripe.accounts.create({
		type: 'express',
		country: 'US',
		email: 'corner-shop@example.com',
		business_profile: { name: 'Corner shop' },
	});
	const welcome = await stripe.coupons.create({
		name: 'Welcome',
		percent_off: 10,
		duration: 'once',
	});
	await stripe.promotionCodes.create({
		promotion: { type: 'coupon', coupon: welcome.id },
		code: 'WELCOME10',
	});
	return { order };
}

/**
 * Starts dev: `editorPort` and `standInPort` where given, else free ports; `home`, n8n's folder.
 * Resolves to what a user or a test needs: URLs, the imported workflows, the Postgres status, the hint
 * lines, the terminal's actions (a Stripe refund, a Shopify refund) and `stop()`.
 */
async function startDev({ editorPort, standInPort, home = HOME, env = process.env } = {}) {
	const cleanups = [];
	const stop = async () => {
		while (cleanups.length) await cleanups.pop()();
	};
	try {
		const runtime = n8n.ensureN8n();
		// The folder is kept: workflows made in dev stay; the examples and credentials are imported anew.
		n8n.installPackage(home);
		// Hosts of https webhook addresses (n8n's, once it runs): the stand-ins' DNS.
		const local = {};
		const standIn = createStandIn({ resolve: local });
		cleanups.push(() => standIn.close());
		const baseUrl = await standIn.listen(standInPort);
		const url = new URL(baseUrl);
		const stripe = new Stripe(SECRET_KEY, {
			host: url.hostname,
			port: url.port,
			protocol: 'http',
		});
		const shop = await shopifyDemo.startShopify(local);
		cleanups.push(() => shop.stop());
		const model = await agentDemo.startModel();
		cleanups.push(() => model.model.close());
		const postgres = await preparePostgres(runtime, env);
		const more = {
			agent: agentDemo.withChat(n8n.readExample(agentDemo.EXAMPLE)),
			mcp: n8n.readExample(MCP_EXAMPLE),
			postgres: n8n.readExample(POSTGRES_EXAMPLE),
		};
		const { workflows } = await prepareExamples(
			runtime,
			home,
			{ secretKey: SECRET_KEY, baseUrl },
			{
				credentials: [
					shop.credential,
					model.credential,
					mcpCredential(MCP_TOKEN),
					postgres.credential,
				],
				more: Object.values(more),
			},
		);
		Object.assign(workflows, more);
		const { order } = await seedDev(stripe, standIn);
		const orders = await shopifyDemo.payOrders(stripe);
		n8n.log('Seeded the catalog, payments, a refund and the Shopify orders');

		// Production webhooks (published workflows) get https://n8n.test/ URLs, which Shopify requires and the
		// stand-ins deliver to this n8n; the editor, its test webhooks and its chat stay on the local http URL,
		// which a browser reaches. n8n 2.x reads WEBHOOK_URL for the former, N8N_EDITOR_BASE_URL for the latter.
		const port = editorPort ?? (await n8n.freePort());
		const { N8N_WEBHOOK_URL: _both, ...proxied } = shop.env;
		const server = await n8n.startServer(runtime, home, port, {
			...proxied,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		});
		cleanups.push(() => server.stop());
		local[shopifyDemo.N8N_HOST] = server.url;
		const rest = n8n.restClient(server.url, await n8n.signIn(server.url));
		const table = await syncDemo.createSyncTable(runtime, rest, workflows.sync);
		await n8n.activateWorkflow(rest, workflows.mcp.id);

		let shopifyRefundId = 900;
		const actions = {
			/** A Stripe refund of TERMINAL_REFUND cents of the seeded order: charge.refunded. */
			refund: () => stripe.refunds.create({ payment_intent: order.id, amount: TERMINAL_REFUND }),
			/** Shopify sends refunds/create for 5.00 USD of its first order to the webhooks n8n registered. */
			async shopifyRefund() {
				const sent = await shop.shopify.deliver(
					'refunds/create',
					shopifyDemo.shopifyRefund(++shopifyRefundId, orders[0], '5.00'),
				);
				if (!sent.length)
					throw new Error('no Shopify webhook is registered: publish the Shopify example first');
				return sent;
			},
		};
		const result = {
			runtime,
			home,
			url: server.url,
			rest,
			standIn,
			stripeUrl: baseUrl,
			stripe,
			model,
			shop,
			workflows,
			postgres,
			table,
			order,
			mcp: { url: `${server.url}/mcp/stripe`, token: MCP_TOKEN },
			actions,
			stop,
		};
		return { ...result, hints: hints(result) };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The lines dev prints: where to sign in, each example and how to run it, MCP and Postgres. */
function hints({ url, stripeUrl, workflows: w, mcp, postgres }) {
	const example = (workflow, how) =>
		`- ${workflow.name}: ${url}/workflow/${workflow.id}\n    ${how}`;
	const chat = `Please refund ${agentDemo.REFUND} of the most recent payment of ${agentDemo.EXAMPLE_EMAIL}`;
	return [
		`n8n editor: ${url}  (sign in as ${n8n.OWNER.email} / ${n8n.OWNER.password})`,
		`Stripe stand-in: ${stripeUrl} (key ${SECRET_KEY}): products, prices, customers, payments, refunds, invoices and more to pick from`,
		'',
		'Examples, each imported with its credentials (open one, click "Execute workflow"):',
		example(w.catalog, 'Execute: a product, its monthly price and a payment link'),
		example(
			w.agent,
			`Execute: the agent refunds ${agentDemo.REFUND} of ${agentDemo.EXAMPLE_EMAIL}'s newest payment; or "Open chat" and type "${chat}" (the model is a scripted stand-in that follows that request)`,
		),
		example(
			w.alertsByWebhook,
			'Execute, then type "refund" here: Stripe refunds 5.00 USD, the alert follows',
		),
		example(
			w.alertsByPolling,
			'Execute: the newest charge.refunded event; publish it to poll every minute',
		),
		example(
			w.shopify,
			'Publish it (Shopify takes https webhook addresses only; published, it gets https://n8n.test/..., which the stand-ins reach), then type "shopify" here: a 5.00 USD Shopify refund becomes a Stripe refund',
		),
		example(
			w.sync,
			`Execute: the newest customer into the Data Table "${syncDemo.TABLE}"; publish it to sync them all`,
		),
		example(
			w.postgres,
			postgres.reachable
				? `Execute: the newest customer into ${postgres.table} at ${postgres.where}; publish it to sync them all`
				: `Imported, but needs a PostgreSQL server: none answered at ${postgres.where} (${postgres.error}); set PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and run again`,
		),
		example(
			w.mcp,
			`Published: MCP clients connect to ${mcp.url} with the header "Authorization: Bearer ${mcp.token}"`,
		),
	];
}

module.exports = { HOME, SECRET_KEY, MCP_TOKEN, TERMINAL_REFUND, seedDev, startDev };
