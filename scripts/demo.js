'use strict';
/**
 * The main job: the example workflows through Stripe Complete in a real n8n, against the local
 * Stripe stand-in, or Stripe test mode when STRIPE_API_KEY is set.
 */
const fs = require('fs');
const path = require('path');
const Stripe = require('stripe');
const { createStandIn } = require('../test/support/stand-in');
const n8n = require('./n8n');

const HOME = path.join(n8n.WORK, 'n8n-home');
const OUTPUT = path.join(n8n.WORK, 'output');
const EXAMPLES = ['shopify-refund-to-stripe-refund.json', 'nightly-customer-sync.json', 'catalog-product-price-payment-link.json'];

/** Where the workflows send their Stripe requests; refuses live keys. */
async function stripeTarget(apiKey = process.env.STRIPE_API_KEY) {
	if (apiKey) {
		if (!/^(sk|rk)_test_/.test(apiKey)) throw new Error('STRIPE_API_KEY must be a test-mode key (sk_test_... or rk_test_...); the demo never runs against live mode');
		return { secretKey: apiKey, baseUrl: 'https://api.stripe.com', mode: 'Stripe test mode' };
	}
	const standIn = createStandIn();
	const baseUrl = await standIn.listen();
	return { secretKey: 'sk_test_standin_demo', baseUrl, standIn, mode: `local Stripe stand-in at ${baseUrl}` };
}

function sdk({ secretKey, baseUrl }) {
	const url = new URL(baseUrl);
	return new Stripe(secretKey, { host: url.hostname, port: url.port || 443, protocol: url.protocol.slice(0, -1) });
}

/** The objects the examples start from: two paid orders to refund, three new customers to sync. */
async function seed(stripe, runId) {
	const pay = (amount, order) =>
		stripe.paymentIntents.create({
			amount,
			currency: 'usd',
			confirm: true,
			payment_method: 'pm_card_visa',
			payment_method_types: ['card'],
			metadata: { shopify_order_id: order },
		});
	const payments = [await pay(4500, '5820123456001'), await pay(2599, '5820123456002')];
	const customers = [];
	for (const [i, [name, country, segment]] of [['Ada Lovelace', 'GB', 'enterprise'], ['Grace Hopper', 'US', 'smb'], ['Katherine Johnson', 'US', 'smb']].entries())
		customers.push(await stripe.customers.create({ name, email: `demo-${runId}-${i}@example.com`, address: { country }, metadata: { segment } }));
	return { payments, customers };
}

/** Seeds Stripe, then imports the credential and the example workflows (wired to the seeded payments). */
async function prepareExamples(runtime, home, target) {
	const seeded = await seed(sdk(target), Date.now().toString(36));
	n8n.log(`Seeded ${seeded.payments.length} paid payments and ${seeded.customers.length} customers`);
	await n8n.importCredential(runtime, home, target);
	// Shopify refund ids are made unique per run: Stripe keeps idempotency keys for 24 hours.
	const [refund, sync, catalog] = await n8n.importWorkflows(runtime, home, EXAMPLES, {
		pi_REPLACE_WITH_PARTIAL_PAYMENT: seeded.payments[0].id,
		pi_REPLACE_WITH_FULL_PAYMENT: seeded.payments[1].id,
		920123456001: `${Date.now()}1`,
		920123456002: `${Date.now()}2`,
	});
	n8n.log('Imported the credential and 3 example workflows');
	return { workflows: { refund, sync, catalog }, seeded };
}

async function runDemo({ apiKey } = {}) {
	const target = await stripeTarget(apiKey);
	try {
		fs.mkdirSync(OUTPUT, { recursive: true });
		const runtime = n8n.ensureN8n();
		fs.rmSync(HOME, { recursive: true, force: true });
		n8n.installPackage(HOME);
		n8n.log(`Stripe requests go to the ${target.mode}`);
		const { workflows, seeded } = await prepareExamples(runtime, HOME, target);
		const runs = [];
		const execute = async (key, label) => {
			n8n.log(`Executing "${workflows[key].name}"${label ? ` (${label})` : ''}`);
			const run = { key, label, workflow: workflows[key], ...(await n8n.executeWorkflow(runtime, HOME, workflows[key])) };
			const file = path.join(OUTPUT, `${key}${label ? '-second-run' : ''}.json`);
			fs.writeFileSync(file, JSON.stringify(run.raw ?? { error: run.error }, null, 2));
			run.file = path.relative(n8n.ROOT, file);
			runs.push(run);
			return run;
		};
		await execute('refund');
		await execute('refund', 'second run');
		await execute('sync');
		await execute('catalog');

		const stripe = sdk(target);
		const refundsInStripe = [];
		for (const payment of seeded.payments) refundsInStripe.push(...(await stripe.refunds.list({ payment_intent: payment.id, limit: 100 })).data);
		return { target: target.mode, seeded, runs, refundsInStripe, runtime };
	} finally {
		if (target.standIn) await target.standIn.close();
	}
}

const SHOWN = ['id', 'object', 'amount', 'currency', 'status', 'email', 'name', 'unit_amount', 'url', 'active', 'stripe_customer_id', 'crm_segment', 'error'];

function summarize(result) {
	console.log(`\n=== Stripe Complete in n8n: example workflows against the ${result.target} ===`);
	for (const run of result.runs) {
		console.log(`\n${run.ok ? 'OK  ' : 'FAIL'} ${run.workflow.name}${run.label ? ` (${run.label})` : ''}`);
		if (!run.ok) console.log(`     ${String(run.error).split('\n').slice(0, 8).join('\n     ')}`);
		for (const [node, items] of Object.entries(run.nodes)) {
			console.log(`     ${node}: ${items.length} item${items.length === 1 ? '' : 's'}`);
			for (const item of items.slice(0, 3)) {
				const fields = SHOWN.filter((k) => item[k] !== undefined && item[k] !== null).map((k) => `${k}=${item[k]}`);
				if (fields.length) console.log(`       - ${fields.join('  ')}`);
			}
			if (items.length > 3) console.log(`       ... ${items.length - 3} more`);
		}
		console.log(`     full output: ${run.file}`);
	}
	const [first, second] = result.runs.filter((r) => r.key === 'refund').map((r) => (r.nodes['Refund in Stripe'] ?? []).map((i) => i.id));
	const same = first?.length > 0 && JSON.stringify(first) === JSON.stringify(second);
	console.log(`\nSecond refund run returned the same refund ids: ${same ? 'yes' : 'NO'} (${(second ?? []).join(', ')})`);
	console.log(`Refunds in Stripe for the two payments: ${result.refundsInStripe.length} (expected 2)`);
	return result.runs.every((r) => r.ok) && same && result.refundsInStripe.length === 2;
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

module.exports = { runDemo, prepareExamples, HOME };
