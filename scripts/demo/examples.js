'use strict';
/**
 * The example workflows through Stripe Complete in a real n8n, against the local Stripe stand-in, or
 * Stripe test mode with a test-mode key: the run behind `npm run demo` and the examples' end-to-end test.
 */
const fs = require('fs');
const path = require('path');
const Stripe = require('stripe');
const { createStandIn } = require('../../stand-ins/stripe');
const n8n = require('../n8n');
const { OUTPUT, triggered } = require('./executions');
const shopifyDemo = require('./shopify');
const syncDemo = require('./sync');
const agentDemo = require('./agent');

const HOME = path.join(n8n.WORK, 'n8n-home');
const EXAMPLES = ['catalog-product-price-payment-link.json'];
const ALERTS = ['stripe-refund-alerts-webhook.json', 'stripe-refund-alerts-polling.json'];
const MCP_EXAMPLE = 'stripe-mcp-server.json';

/** The MCP example's Bearer Auth credential, as the example names it, holding `token`. */
const mcpCredential = (token) => ({
	id: 'stripeMcpBearer',
	name: 'Stripe MCP bearer token',
	type: 'httpBearerAuth',
	data: { token },
});
/** How long the demo gives Stripe test mode to list the events of its writes. */
const LISTED_IN_STRIPE_MS = 5000;

/**
 * Where the workflows send their Stripe requests: Stripe test mode with `apiKey`, a key its caller has
 * found to be a test-mode one (`npm run demo` checks it), else a local Stripe stand-in.
 */
async function stripeTarget(apiKey, time) {
	if (apiKey)
		return {
			secretKey: apiKey,
			baseUrl: 'https://api.stripe.com',
			mode: 'Stripe test mode',
			// Stripe lists most events within a second.
			listed: () => n8n.sleep(LISTED_IN_STRIPE_MS),
		};
	// Hosts of https webhook addresses on this machine (n8n's, once it runs): the stand-ins' DNS.
	const local = {};
	const standIn = createStandIn({ resolve: local, time });
	const baseUrl = await standIn.listen();
	return {
		secretKey: 'sk_test_standin_demo',
		baseUrl,
		standIn,
		local,
		mode: `local Stripe stand-in at ${baseUrl}`,
		listed: async () => {
			const { pendingMs } = standIn.listing();
			n8n.log(`Stripe lists every event so far in ${(pendingMs / 1000).toFixed(1)} s`);
			await n8n.sleep(pendingMs + 1000);
		},
	};
}

function sdk({ secretKey, baseUrl }) {
	const url = new URL(baseUrl);
	return new Stripe(secretKey, {
		host: url.hostname,
		port: url.port || 443,
		protocol: url.protocol.slice(0, -1),
	});
}

/** The objects the examples start from: three customers and a subscription to sync. */
async function seed(stripe, runId) {
	const customers = [];
	for (const [i, [name, country, segment]] of [
		['Ada Lovelace', 'GB', 'enterprise'],
		['Grace Hopper', 'US', 'smb'],
		['Katherine Johnson', 'US', 'smb'],
	].entries())
		customers.push(
			await stripe.customers.create({
				name,
				email: `demo-${runId}-${i}@example.com`,
				address: { country },
				metadata: { segment },
			}),
		);
	const product = await stripe.products.create({ name: 'Demo plan' });
	const price = await stripe.prices.create({
		product: product.id,
		currency: 'usd',
		unit_amount: 1500,
		recurring: { interval: 'month' },
	});
	// Without a payment method on file, Stripe makes it incomplete until its first invoice is paid.
	const subscriptions = [
		await stripe.subscriptions.create({
			customer: customers[0].id,
			items: [{ price: price.id }],
			payment_behavior: 'default_incomplete',
		}),
	];
	return { customers, price, subscriptions };
}

/**
 * Seeds Stripe, then imports the credentials (`credentials`: more than Stripe's) and the example workflows,
 * with `more` workflows in the same n8n call. `startFrom` is the time from which the polling refund alerts
 * report on their first poll.
 */
async function prepareExamples(
	runtime,
	home,
	target,
	{ startFrom, credentials = [], more = [] } = {},
) {
	const seeded = await seed(sdk(target), Date.now().toString(36));
	n8n.log(
		`Seeded ${seeded.customers.length} customers and ${seeded.subscriptions.length} subscription`,
	);
	await n8n.importCredential(runtime, home, target, credentials);
	const [catalog] = await n8n.importWorkflows(runtime, home, EXAMPLES);
	const [alertsByWebhook, alertsByPolling, sync, shopify] = [
		...ALERTS,
		syncDemo.EXAMPLE,
		shopifyDemo.EXAMPLE,
	].map((example) => n8n.readExample(example));
	if (startFrom) alertsByPolling.nodes[0].parameters.options.startFrom = startFrom.toISOString();
	await n8n.importWorkflowObjects(runtime, home, [
		alertsByWebhook,
		alertsByPolling,
		sync,
		shopify,
		...more,
	]);
	n8n.log(
		`Imported the credentials and ${EXAMPLES.length + ALERTS.length + 2 + more.length} example workflows`,
	);
	return { workflows: { shopify, sync, catalog, alertsByWebhook, alertsByPolling }, seeded };
}

/**
 * The demo's run: every example against one Stripe, each run's outcome. `apiKey`: a Stripe test-mode key,
 * checked by the caller; none (or empty): the local stand-in, keeping Stripe's `time` if given (its own
 * clock, events listed late, Search lagging).
 * @param {{ apiKey?: string, changeSeed?: number, time?: import('../../stand-ins/stripe/time').Time }} [options]
 */
async function runDemo({ apiKey, changeSeed = 1, time } = {}) {
	const target = await stripeTarget(apiKey, time);
	let server;
	const cleanups = [];
	try {
		fs.mkdirSync(OUTPUT, { recursive: true });
		const runtime = n8n.ensureN8n();
		fs.rmSync(HOME, { recursive: true, force: true });
		n8n.installPackage(HOME);
		n8n.log(`Stripe requests go to the ${target.mode}`);
		// The Shopify example runs against the stand-ins only: its shop is local.
		const shop = target.standIn ? await shopifyDemo.startShopify(target.local) : undefined;
		cleanups.push(() => shop?.stop());
		// The AI agent example's model is a scripted local OpenAI stand-in, in Stripe test mode too.
		const model = await agentDemo.startModel();
		cleanups.push(() => model.model.close());
		const { workflows, seeded } = await prepareExamples(runtime, HOME, target, {
			startFrom: new Date(Date.now() - 60000),
			credentials: [...(shop ? [shop.credential] : []), model.credential],
		});
		// The triggers need n8n serving while Shopify and Stripe send their webhooks.
		server = await n8n.startServer(runtime, HOME, undefined, shop?.env ?? {});
		if (target.local) target.local[shopifyDemo.N8N_HOST] = server.url;
		const rest = n8n.restClient(server.url, await n8n.signIn(server.url));
		// Stripe itself cannot call back to this machine, so the webhook variant runs with the stand-in only.
		if (target.standIn) await n8n.activateWorkflow(rest, workflows.alertsByWebhook.id);
		const runs = [];
		const stripe = sdk(target);
		if (shop) {
			n8n.log(
				`Shopify sends ${shopifyDemo.DELIVERIES.length} refunds to "Shopify refund -> Stripe refund"`,
			);
			runs.push(
				await shopifyDemo.runShopify(
					runtime,
					rest,
					workflows.shopify,
					stripe,
					target.standIn,
					shop,
				),
			);
		} else {
			// Without the shop, a refund made here gives the polling alerts one to report.
			const payment = await stripe.paymentIntents.create({
				amount: 4500,
				currency: 'usd',
				confirm: true,
				payment_method: 'pm_card_visa',
				automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
			});
			await stripe.refunds.create({ payment_intent: payment.id, amount: 1500 });
		}
		n8n.log(`Executing "${workflows.catalog.name}"`);
		const catalog = {
			key: 'catalog',
			workflow: workflows.catalog,
			...(await n8n.executeWorkflow(runtime, HOME, workflows.catalog)),
		};
		const file = path.join(OUTPUT, 'catalog.json');
		fs.writeFileSync(file, JSON.stringify(catalog.raw ?? { error: catalog.error }, null, 2));
		runs.push({ ...catalog, file: path.relative(n8n.ROOT, file) });
		n8n.log(
			`Keeping the Data Table "${syncDemo.TABLE}" in step with Stripe's customers and subscriptions`,
		);
		runs.push(
			await syncDemo.runSync(
				runtime,
				rest,
				workflows.sync,
				stripe,
				seeded,
				changeSeed,
				target.listed,
			),
		);
		// The polling variant's first poll reports the events since Start From, so it is activated now;
		// a refund event Stripe lists late comes with a later poll (one now, once all are listed).
		await n8n.activateWorkflow(rest, workflows.alertsByPolling.id);
		const refunds = runs[0]?.refundsInStripe?.length ?? 1;
		if (target.standIn)
			runs.push(
				await triggered(runtime, rest, 'alertsByWebhook', workflows.alertsByWebhook, refunds),
			);
		await target.listed();
		await n8n.pollNow(rest, workflows.alertsByPolling.id);
		runs.push(
			await triggered(
				runtime,
				rest,
				'alertsByPolling',
				workflows.alertsByPolling,
				1,
				(nodes) => (nodes['Refund alert']?.length ?? 0) >= refunds,
			),
		);
		// The agent's refund comes after the alerts, which have reported the refunds they expect.
		await n8n.deactivateWorkflow(rest, workflows.alertsByPolling.id);
		if (target.standIn) await n8n.deactivateWorkflow(rest, workflows.alertsByWebhook.id);
		n8n.log(
			`AI agent: Stripe Complete as tools, the model a scripted OpenAI stand-in at ${model.url}`,
		);
		runs.push(await agentDemo.runAgent(runtime, HOME, stripe, model.model, OUTPUT));
		// In Stripe test mode the account may hold more than a poll's backfill, or change meanwhile.
		const syncExact = !!target.standIn;
		const listing = target.standIn?.listing();
		return { target: target.mode, seeded, runs, runtime, syncExact, listing };
	} finally {
		await server?.stop();
		for (const cleanup of cleanups) await cleanup();
		if (target.standIn) await target.standIn.close();
	}
}

module.exports = { HOME, MCP_EXAMPLE, mcpCredential, runDemo, prepareExamples };
