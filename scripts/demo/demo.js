'use strict';
/**
 * `npm run demo`: the example workflows through Stripe Complete in a real n8n (scripts/demo/examples.js),
 * against the local Stripe stand-in, or Stripe test mode when STRIPE_API_KEY is set; prints what each
 * workflow did and whether Stripe ended as it should. Run after the build, whose key check it uses.
 */
const { runDemo } = require('./examples');
const { shopifyCompared } = require('./shopify');
const { TABLE, syncCompared } = require('./sync');
const agentDemo = require('./agent');

/** STRIPE_API_KEY when it is a test-mode key, by the node's own check; refuses live keys, and says so only of a live key. */
function testModeKey(apiKey) {
	if (!apiKey) return undefined;
	// From dist/, which no test imports: this file is the command alone, tests take scripts/demo/examples.js.
	const { keyMode } = require('../../dist/nodes/shared/client');
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
	return apiKey;
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

/**
 * "N items", and when some are the same Stripe object again (a replayed delivery, or a retry, answered
 * with the object its Idempotency-Key made before), how many are distinct and how many are replays.
 */
function countItems(items) {
	const count = `${items.length} item${items.length === 1 ? '' : 's'}`;
	const ids = items.map((item) => item.id);
	if (!ids.length || ids.some((id) => typeof id !== 'string')) return count;
	const replays = ids.length - new Set(ids).size;
	return replays
		? `${count}: ${ids.length - replays} distinct, ${replays} replay${replays === 1 ? '' : 's'} answered with the ${items[0].object ?? 'object'} made before`
		: count;
}

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
				console.log(`     ${node}: ${countItems(items)}`);
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
		`Data Table "${TABLE}": ${sync.rows} rows; Stripe lists ${sync.inStripe} customers and subscriptions; ` +
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

async function main() {
	const result = await runDemo({ apiKey: testModeKey(process.env.STRIPE_API_KEY) });
	const ok = summarize(result);
	console.log(ok ? '\nDemo succeeded.' : '\nDemo FAILED.');
	process.exit(ok ? 0 : 1);
}

if (require.main === module)
	main().catch((error) => {
		console.error(`Demo failed: ${error.message}`);
		process.exit(1);
	});

module.exports = { testModeKey, countItems, summarize };
