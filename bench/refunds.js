'use strict';
/**
 * (f) of `npm run bench`: what checking a refund's currency costs. Refunds of separate payments at
 * 50 ms latency: the amount in the smallest unit (one POST each), as a decimal with its currency (one GET
 * of the payment first, for its currency, then the POST), beside a plain SDK loop of POSTs.
 */
const Stripe = require('stripe');
const { createStandIn } = require('../stand-ins/stripe');
const { createFaultProxy } = require('../stand-ins/fault-proxy');

const COUNT = 200;

/** `runNode(url, params, count, executionId)` is the node's execute() as bench/run.js gives it. */
async function refunds(runNode, { latencyMs, key, count = COUNT }) {
	const standIn = createStandIn();
	const proxy = createFaultProxy(await standIn.listen(), { latencyMs });
	const url = await proxy.listen();
	const payments = Array.from(
		{ length: count },
		() =>
			standIn.seed('payment_intents', {
				amount: 5000,
				currency: 'usd',
				confirm: true,
				payment_method: 'pm_card_visa',
			}).id,
	);
	const measured = async (client, work) => {
		const before = standIn.requests.length;
		const started = process.hrtime.bigint();
		const refunded = await work();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const sent = standIn.requests.slice(before);
		const of = (method) => sent.filter((r) => r.method === method).length;
		return { client, refunded, seconds, gets: of('GET'), posts: of('POST') };
	};
	const rows = [];
	for (const [label, amount] of [
		['amount 1250', 1250],
		['amount "12.50 usd"', '12.50 usd'],
	])
		rows.push(
			await measured(`node, ${label}`, async () => {
				const out = await runNode(
					url,
					(i) => ({
						resource: 'refund',
						operation: 'create',
						chargeOrPaymentIntent: payments[i],
						additionalFields: { amount },
					}),
					count,
					`refunds-${label}`,
				);
				return out.filter((item) => item.json.object === 'refund').length;
			}),
		);
	const { hostname, port } = new URL(url);
	const stripe = new Stripe(key, { host: hostname, port, protocol: 'http', telemetry: false });
	rows.push(
		await measured('plain SDK loop, amount 1250', async () => {
			let refunded = 0;
			for (const payment of payments) {
				await stripe.refunds.create({ payment_intent: payment, amount: 1250 });
				refunded++;
			}
			return refunded;
		}),
	);
	await proxy.close();
	await standIn.close();
	return rows;
}

module.exports = { refunds, COUNT };
