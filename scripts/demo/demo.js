'use strict';
/**
 * The main job: the example workflows through Stripe Complete in a real n8n, against the local
 * Stripe stand-in, or Stripe test mode when STRIPE_API_KEY is set.
 */
const fs = require('fs');
const path = require('path');
const Stripe = require('stripe');
const { createStandIn } = require('../../stand-ins/stripe');
const n8n = require('../n8n');
const shopifyDemo = require('./shopify');
const agentDemo = require('./agent');

const HOME = path.join(n8n.WORK, 'n8n-home');
const OUTPUT = path.join(n8n.WORK, 'output');
const EXAMPLES = ['catalog-product-price-payment-link.json'];
const SHOPIFY = 'shopify-refund-to-stripe-refund.json';
const ALERTS = ['stripe-refund-alerts-webhook.json', 'stripe-refund-alerts-polling.json'];
const SYNC = 'stripe-sync-to-data-table.json';
/** The Data Table the sync example keeps, and its columns (all text). */
const SYNC_TABLE = 'Stripe sync';
const SYNC_COLUMNS = [
	'stripe_id',
	'object',
	'email',
	'name',
	'status',
	'customer',
	'event_id',
	'data',
];

/** Where the workflows send their Stripe requests; refuses live keys, and says so only of a live key. */
async function stripeTarget(apiKey = process.env.STRIPE_API_KEY) {
	if (apiKey) {
		// The node's own key check, from the build that `npm run demo` has just made. A computed path, so
		// that tests importing this file (allowJs) do not take dist/ into their TypeScript program, where
		// the built client.js would stand where nodes/shared/client.ts compiles to.
		const { keyMode } = require(path.join(n8n.ROOT, 'dist/nodes/shared/client'));
		let mode;
		try {
			mode = keyMode(apiKey);
		} catch {
			throw new Error(
				'STRIPE_API_KEY is not a Stripe secret key: set a test-mode key from the Dashboard, sk_test_... or rk_test_...',
			);
		}
		if (mode === 'live')
			throw new Error(
				'STRIPE_API_KEY is a live-mode key: the demo never runs against live mode; set a test-mode key, sk_test_... or rk_test_...',
			);
		return { secretKey: apiKey, baseUrl: 'https://api.stripe.com', mode: 'Stripe test mode' };
	}
	// Hosts of https webhook addresses on this machine (n8n's, once it runs): the stand-ins' DNS.
	const local = {};
	const standIn = createStandIn({ resolve: local });
	const baseUrl = await standIn.listen();
	return {
		secretKey: 'sk_test_standin_demo',
		baseUrl,
		standIn,
		local,
		mode: `local Stripe stand-in at ${baseUrl}`,
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
 * Changes between the sync's two polls, drawn from `seed`: customers created, renamed and deleted,
 * subscriptions created, changed and canceled.
 */
async function changeForSync(stripe, seeded, runId, seed) {
	const { mulberry32 } = require('../../stand-ins/fault-proxy');
	const random = mulberry32(seed);
	const customers = seeded.customers.map((c) => c.id);
	const subscribed = new Set(seeded.subscriptions.map((s) => s.customer));
	const subscriptions = seeded.subscriptions.map((s) => s.id);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const made = [];
	for (let i = 0; i < 8; i++) {
		const op = Math.floor(random() * 6);
		if (op === 0) {
			const c = await stripe.customers.create({ email: `demo-${runId}-new${i}@example.com` });
			customers.push(c.id);
			made.push(`created customer ${c.id}`);
		} else if (op === 1 && customers.length) {
			const id = pick(customers);
			await stripe.customers.update(id, { name: `Renamed ${i}`, metadata: { step: i } });
			made.push(`updated customer ${id}`);
		} else if (op === 2 && customers.some((c) => !subscribed.has(c))) {
			const id = pick(customers.filter((c) => !subscribed.has(c)));
			customers.splice(customers.indexOf(id), 1);
			await stripe.customers.del(id);
			made.push(`deleted customer ${id}`);
		} else if (op === 3 && customers.length) {
			const customer = pick(customers);
			const sub = await stripe.subscriptions.create({
				customer,
				items: [{ price: seeded.price.id }],
				payment_behavior: 'default_incomplete',
			});
			subscribed.add(customer);
			subscriptions.push(sub.id);
			made.push(`created subscription ${sub.id}`);
		} else if (op === 4 && subscriptions.length) {
			const id = pick(subscriptions);
			await stripe.subscriptions.update(id, { metadata: { step: i } });
			made.push(`updated subscription ${id}`);
		} else if (op === 5 && subscriptions.length) {
			const id = pick(subscriptions);
			subscriptions.splice(subscriptions.indexOf(id), 1);
			await stripe.subscriptions.cancel(id);
			made.push(`canceled subscription ${id}`);
		}
	}
	return made;
}

/** The customers and subscriptions Stripe lists (canceled subscriptions are not), as the sync emits them. */
async function syncedInStripe(stripe) {
	const objects = [];
	for (const list of [stripe.customers, stripe.subscriptions])
		objects.push(...(await list.list({ limit: 100 }).autoPagingToArray({ limit: 10000 })));
	return objects;
}

/**
 * Seeds Stripe, then imports the credentials (`credentials`: more than Stripe's) and the example workflows.
 * `startFrom` is the time from which the polling refund alerts report on their first poll.
 */
async function prepareExamples(runtime, home, target, { startFrom, credentials = [] } = {}) {
	const seeded = await seed(sdk(target), Date.now().toString(36));
	n8n.log(
		`Seeded ${seeded.customers.length} customers and ${seeded.subscriptions.length} subscription`,
	);
	await n8n.importCredential(runtime, home, target, credentials);
	const [catalog] = await n8n.importWorkflows(runtime, home, EXAMPLES);
	const [alertsByWebhook, alertsByPolling, sync, shopify] = [...ALERTS, SYNC, SHOPIFY].map(
		(example) => JSON.parse(fs.readFileSync(path.join(n8n.ROOT, 'examples', example), 'utf8')),
	);
	if (startFrom) alertsByPolling.nodes[0].parameters.options.startFrom = startFrom.toISOString();
	await n8n.importWorkflowObjects(runtime, home, [alertsByWebhook, alertsByPolling, sync, shopify]);
	n8n.log(`Imported the credentials and ${EXAMPLES.length + ALERTS.length + 2} example workflows`);
	return { workflows: { shopify, sync, catalog, alertsByWebhook, alertsByPolling }, seeded };
}

/**
 * The Shopify refund example in a running n8n: activated (n8n's Shopify Trigger registers its webhook
 * in the shop), then the shop's 20 deliveries one after another, each waited for; deactivated (the
 * webhook deleted). Resolves to its run, with each refund Stripe holds for the orders.
 */
async function runShopify(runtime, rest, workflow, stripe, standIn, shop) {
	const orders = await shopifyDemo.payOrders(stripe);
	await n8n.activateWorkflow(rest, workflow.id);
	// n8n 2.x publishes a workflow after answering: its trigger registers the webhook a moment later.
	for (let tries = 0; tries < 300 && !shop.shopify.webhooks.size; tries++)
		await new Promise((resolve) => setTimeout(resolve, 100));
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
	for (const [label, id, order, amount, how] of shopifyDemo.DELIVERIES) {
		// Stripe keeps an Idempotency-Key about 24 hours; the stand-in forgets them now.
		if (how.forget) standIn.forgetIdempotencyKeys();
		// The bank returns the Stripe refund made for this Shopify refund, as one may days later.
		if (how.failBefore) {
			const { data } = await stripe.refunds.list({ payment_intent: orders[order].payment });
			standIn.failRefund(data.find((r) => r.metadata.shopify_refund_id === String(id)).id);
		}
		const sent = await shop.shopify.deliver(
			'refunds/create',
			shopifyDemo.shopifyRefund(id, orders[order], amount),
			{ times: how.times ?? 1, forged: how.forged },
		);
		if (!how.forged) started += sent.length;
		for (let tries = 0; tries < 300 && (await done()) < started; tries++)
			await new Promise((resolve) => setTimeout(resolve, 100));
		deliveries.push({ label, id, answers: sent.map((d) => d.responses.join(' ')) });
	}
	const run = await triggered(runtime, rest, 'shopify', workflow, started);
	await n8n.deactivateWorkflow(rest, workflow.id);
	for (let tries = 0; tries < 300 && shop.shopify.webhooks.size; tries++)
		await new Promise((resolve) => setTimeout(resolve, 100));
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
 * The sync example in a running n8n: its Data Table made, the workflow activated (n8n polls at once:
 * the backfill), Stripe changed, and activated again for a second poll (the changes).
 */
async function runSync(runtime, rest, workflow, stripe, seeded, changeSeed) {
	const table = await n8n.createDataTable(rest, SYNC_TABLE, SYNC_COLUMNS);
	// n8n 1.x's Data Table node finds a table by ID only (its By Name mode came with 2.x).
	if (runtime.version.startsWith('1.')) {
		const saved = await rest('GET', `/workflows/${workflow.id}`);
		for (const node of saved.nodes)
			if (node.type === 'n8n-nodes-base.dataTable')
				node.parameters.dataTableId = { __rl: true, mode: 'id', value: table.id };
		await rest('PATCH', `/workflows/${workflow.id}`, saved);
	}
	await n8n.nextSecond();
	await n8n.activateWorkflow(rest, workflow.id);
	const backfill = await triggered(runtime, rest, 'sync', workflow, 1);
	const changes = await changeForSync(stripe, seeded, Date.now().toString(36), changeSeed);
	n8n.log(`Changed Stripe between the sync's polls (seed ${changeSeed}): ${changes.join(', ')}`);
	await n8n.nextSecond();
	await n8n.deactivateWorkflow(rest, workflow.id);
	await n8n.activateWorkflow(rest, workflow.id);
	const run = backfill.ok ? await triggered(runtime, rest, 'sync', workflow, 2) : backfill;
	await n8n.deactivateWorkflow(rest, workflow.id);
	const rows = await n8n.dataTableRows(rest, table);
	const inStripe = await syncedInStripe(stripe);
	return { ...run, rows, inStripe, changes };
}

/** @param {{ apiKey?: string, changeSeed?: number }} [options] */
async function runDemo({ apiKey, changeSeed = 1 } = {}) {
	const target = await stripeTarget(apiKey);
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
			n8n.log('Shopify sends 20 refunds to "Shopify refund -> Stripe refund"');
			runs.push(await runShopify(runtime, rest, workflows.shopify, stripe, target.standIn, shop));
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
			`Keeping the Data Table "${SYNC_TABLE}" in step with Stripe's customers and subscriptions`,
		);
		runs.push(await runSync(runtime, rest, workflows.sync, stripe, seeded, changeSeed));
		// The polling variant's first poll reports the events since Start From, so it is activated now.
		await n8n.activateWorkflow(rest, workflows.alertsByPolling.id);
		const refunds = runs[0]?.refundsInStripe?.length ?? 0;
		if (target.standIn)
			runs.push(
				await triggered(runtime, rest, 'alertsByWebhook', workflows.alertsByWebhook, refunds),
			);
		runs.push(await triggered(runtime, rest, 'alertsByPolling', workflows.alertsByPolling, 1));
		// The agent's refund comes after the alerts, which have reported the refunds they expect.
		await n8n.deactivateWorkflow(rest, workflows.alertsByPolling.id);
		if (target.standIn) await n8n.deactivateWorkflow(rest, workflows.alertsByWebhook.id);
		n8n.log(
			`AI agent: Stripe Complete as tools, the model a scripted OpenAI stand-in at ${model.url}`,
		);
		runs.push(await agentDemo.runAgent(runtime, HOME, stripe, model.model, OUTPUT));
		// In Stripe test mode the account may hold more than a poll's backfill, or change meanwhile.
		const syncExact = !!target.standIn;
		return { target: target.mode, seeded, runs, runtime, syncExact };
	} finally {
		await server?.stop();
		for (const cleanup of cleanups) await cleanup();
		if (target.standIn) await target.standIn.close();
	}
}

/**
 * The executions a trigger workflow started, waited for (bounded) until there are `count`, as one run:
 * each node's items in the order the executions started.
 */
async function triggered(runtime, rest, key, workflow, count) {
	n8n.log(`Waiting for "${workflow.name}" to run ${count} time${count === 1 ? '' : 's'}`);
	const deadline = Date.now() + 90000;
	let executions = [];
	while (Date.now() < deadline) {
		executions = (await n8n.listExecutions(rest, workflow.id)).filter(
			(e) => e.status !== 'running' && e.status !== 'new',
		);
		if (executions.length >= count) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const outputs = [];
	for (const execution of [...executions].reverse())
		outputs.push(await n8n.executionOutput(runtime, rest, execution.id));
	/** @type {Record<string, Record<string, any>[]>} */
	const nodes = {};
	for (const output of outputs)
		for (const [node, items] of Object.entries(output.nodes))
			nodes[node] = [...(nodes[node] ?? []), ...items];
	const failed = outputs.find((o) => o.status !== 'success');
	const error = failed
		? (failed.error ?? failed.status)
		: executions.length < count
			? `ran ${executions.length} of ${count} times`
			: undefined;
	const file = path.join(OUTPUT, `${key}.json`);
	fs.writeFileSync(file, JSON.stringify(outputs, null, 2));
	return {
		key,
		workflow,
		ok: !error,
		error,
		nodes,
		executions: executions.length,
		file: path.relative(n8n.ROOT, file),
	};
}

const SHOWN = [
	'id',
	'object',
	'amount',
	'currency',
	'status',
	'email',
	'name',
	'unit_amount',
	'url',
	'active',
	'stripe_customer_id',
	'crm_segment',
	'charge',
	'amount_refunded',
	'stripe_event',
	'error',
];

function summarize(result) {
	console.log(`\n=== Stripe Complete in n8n: example workflows against the ${result.target} ===`);
	for (const run of result.runs) {
		console.log(
			`\n${run.ok ? 'OK  ' : 'FAIL'} ${run.workflow.name}${run.label ? ` (${run.label})` : ''}`,
		);
		if (!run.ok) console.log(`     ${String(run.error).split('\n').slice(0, 8).join('\n     ')}`);
		if (run.key === 'agent')
			for (const line of agentDemo.describeAgent(run)) console.log(`     ${line}`);
		else
			for (const [node, items] of Object.entries(run.nodes)) {
				console.log(`     ${node}: ${items.length} item${items.length === 1 ? '' : 's'}`);
				for (const item of items.slice(0, 3)) {
					const fields = SHOWN.filter((k) => item[k] !== undefined && item[k] !== null).map(
						(k) => `${k}=${item[k]}`,
					);
					if (fields.length) console.log(`       - ${fields.join('  ')}`);
				}
				if (items.length > 3) console.log(`       ... ${items.length - 3} more`);
			}
		console.log(`     full output: ${run.file}`);
	}
	const shopify = shopifyCompared(result.runs.find((r) => r.key === 'shopify'));
	if (shopify)
		console.log(
			`\nShopify sent ${shopify.deliveries} refunds/create webhooks (1 forged): ${shopify.executions} executions; ` +
				`Stripe holds ${shopify.refunds} refunds of its orders, ${shopify.expected} expected, each once with the right amount: ` +
				`${shopify.equal ? 'yes' : `NO (${shopify.differences.slice(0, 5).join('; ')})`} (and ${shopify.failed} the bank returned, made again); ` +
				`${shopify.refused} refused on the error output, ${shopify.withoutStripePart} without a Stripe part`,
		);
	const sync = syncCompared(result.runs.find((r) => r.key === 'sync'));
	console.log(
		`Data Table "${SYNC_TABLE}": ${sync.rows} rows; Stripe lists ${sync.inStripe} customers and subscriptions; ` +
			`the same objects with the same contents: ${sync.equal ? 'yes' : `NO (${sync.differences.slice(0, 5).join('; ')})`}`,
	);
	const agent = agentDemo.agentCompared(result.runs.find((r) => r.key === 'agent'));
	if (agent)
		console.log(
			`AI agent: Stripe holds ${agent.refunds} refund of the customer's payments, 1 expected (${agentDemo.REFUND} of the newest; the repeated call got the same refund back): ` +
				`${agent.equal ? 'yes' : `NO (${agent.differences.join('; ')})`}`,
		);
	return (
		result.runs.every((r) => r.ok) &&
		(shopify?.equal ?? true) &&
		(sync.equal || !result.syncExact) &&
		(agent?.equal ?? true)
	);
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
	for (const [, id, , , , outcome] of shopifyDemo.DELIVERIES)
		if (outcome.refund) expected.set(String(id), outcome.refund);
	const failed = shopifyDemo.DELIVERIES.filter(([, , , , how]) => how.failBefore).map(([, id]) =>
		String(id),
	);
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

/** The sync's Data Table beside what Stripe lists: one row per object, each row's data the object. */
function syncCompared(run) {
	const rows = run?.rows ?? [];
	const inStripe = run?.inStripe ?? [];
	const differences = [];
	const byId = new Map(rows.map((row) => [row.stripe_id, row]));
	if (byId.size !== rows.length) differences.push('a Stripe object in more than one row');
	for (const object of inStripe) {
		const row = byId.get(object.id);
		if (!row) differences.push(`${object.id} missing`);
		else if (n8n.canonical(JSON.parse(row.data)) !== n8n.canonical(object))
			differences.push(`${object.id} differs`);
		byId.delete(object.id);
	}
	for (const id of byId.keys()) differences.push(`${id} is not in Stripe`);
	return { rows: rows.length, inStripe: inStripe.length, equal: !differences.length, differences };
}

if (require.main === module) {
	runDemo()
		.then((result) => {
			const ok = summarize(result);
			console.log(ok ? '\nDemo succeeded.' : '\nDemo FAILED.');
			process.exit(ok ? 0 : 1);
		})
		.catch((error) => {
			console.error(`Demo failed: ${error.message}`);
			process.exit(1);
		});
}

module.exports = { runDemo, prepareExamples, stripeTarget, syncCompared, shopifyCompared, HOME };
