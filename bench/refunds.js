'use strict';
/**
 * (f) of `npm run bench`: what checking a refund's currency costs. Refunds of separate payments at
 * 50 ms latency: the amount in the smallest unit (one POST each), as a decimal with its currency (one GET
 * of the payment first, for its currency, then the POST), beside a plain SDK loop of POSTs.
 */
const { createStandIn } = require('../stand-ins/stripe');
const { createFaultProxy } = require('../stand-ins/fault-proxy');
const { LATENCY_MS, runNode, sdk, timed } = require('./clients');
const { table, fixed } = require('./report');

const COUNT = 200;

async function refunds(count = COUNT) {
	const standIn = createStandIn();
	const proxy = createFaultProxy(await standIn.listen(), { latencyMs: LATENCY_MS });
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
		const { result: refunded, seconds } = await timed(work);
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
	const stripe = sdk(url);
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

/** (f) as a table. */
const refundsTable = (rows) =>
	table(
		['Client', 'Refunds', 'Wall (s)', 'GET', 'POST', 'Requests per refund'],
		rows.map((r) => [
			r.client,
			r.refunded,
			fixed(r.seconds, 2),
			r.gets,
			r.posts,
			fixed((r.gets + r.posts) / r.refunded, 2),
		]),
	);

module.exports = { COUNT, refunds, refundsTable };
