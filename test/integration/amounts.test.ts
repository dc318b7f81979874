import { NodeOperationError } from 'n8n-workflow';
import { failure, runNode, TEST_KEY, useStandIn, type Params } from '../support/harness';

/**
 * Amounts against the stand-in, which refuses what Stripe refuses: a decimal amount's currency against
 * the request's Currency (or filling it), Stripe's special cases (ISK and UGX in whole units sent times
 * 100, three-decimal amounts ending in 0, HUF and TWD payouts in whole units), and a capture's amount
 * that Stripe would read as "all of it".
 */
const env = useStandIn();
const run = (params: Params) => runNode(env.url, params);
const posts = () => env.standIn.requests.filter((r) => r.method === 'POST');
const paymentIntent = (amount: unknown, currency: unknown) =>
	run({ resource: 'paymentIntent', operation: 'create', amount, currency });

/** A raw request to the stand-in, as any client would send it. */
const raw = async (path: string, body: string) => {
	const answer = await fetch(`${env.url}${path}`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${TEST_KEY}`,
			'Content-Type': 'application/x-www-form-urlencoded',
		},
		body,
	});
	return { status: answer.status, body: (await answer.json()) as Record<string, any> };
};

describe('a decimal amount and the Currency of the request', () => {
	it('refuses 10 jpy with Currency usd, naming both, before any request', async () => {
		const error = await failure(paymentIntent('10 jpy', 'usd'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Amount: is in JPY, but Currency is USD: the money would move in USD, so nothing was sent',
		);
		expect(env.standIn.requests).toEqual([]);
	});

	it('fills a Currency left empty (an expression that gave nothing) from the amount', async () => {
		const [out] = await paymentIntent('10.50 usd', '');
		expect(out.json).toMatchObject({ amount: 1050, currency: 'usd' });
		expect(posts()[0].rawBody).toBe('amount=1050&currency=usd');
	});

	it('still requires a Currency when the amount names none', async () => {
		const error = await failure(paymentIntent(1050, ''));
		expect(error.message).toBe('Currency: is required');
		expect(env.standIn.requests).toEqual([]);
	});
});

describe("Stripe's special cases", () => {
	it.each([
		['5 isk', 'isk', 500],
		['5000 ugx', 'ugx', 500000],
		['1.250 kwd', 'kwd', 1250],
		['10.45 huf', 'huf', 1045],
		[4000, 'isk', 4000],
	])('sends %p in %s as %i, which Stripe takes', async (amount, currency, expected) => {
		const [out] = await paymentIntent(amount, currency);
		expect(out.json).toMatchObject({ amount: expected, currency });
	});

	it.each([
		[550, 'isk', /550 \(ISK\) cannot be sent: Stripe takes whole krónur only/],
		['5.50 isk', 'isk', /whole krónur only/],
		[12345, 'ugx', /12345 \(UGX\) cannot be sent: Stripe takes whole shillings only/],
		[1255, 'kwd', /its last digit must be 0/],
	])('refuses %p in %s before sending, naming the field', async (amount, currency, message) => {
		const error = await failure(paymentIntent(amount, currency));
		expect(error.message).toMatch(/^Amount: /);
		expect(error.message).toMatch(message);
		expect(env.standIn.requests).toEqual([]);
	});

	it('refuses a HUF or TWD payout that is not whole units; the same amount is a valid charge', async () => {
		for (const [amount, currency] of [
			['10.45 huf', 'huf'],
			[80045, 'twd'],
		]) {
			const error = await failure(
				run({ resource: 'payout', operation: 'create', amount, currency }),
			);
			expect(error.message).toMatch(
				/^Amount: \d+ \((HUF|TWD)\) cannot be sent: Stripe pays out whole/,
			);
		}
		expect(env.standIn.requests).toEqual([]);
	});

	it('the stand-in refuses what Stripe refuses when a client sends it anyway', async () => {
		expect(await raw('/v1/payment_intents', 'amount=550&currency=isk')).toMatchObject({
			status: 400,
			body: { error: { param: 'amount', code: 'amount_invalid' } },
		});
		expect(await raw('/v1/payouts', 'amount=1045&currency=huf')).toMatchObject({
			status: 400,
			body: { error: { param: 'amount', code: 'amount_invalid' } },
		});
		expect((await raw('/v1/payment_intents', 'amount=1045&currency=huf')).status).toBe(200);
		expect((await raw('/v1/prices', 'unit_amount=1255&currency=kwd&product=prod_x')).status).toBe(
			400,
		);
	});
});

describe('Payment Intent > Capture: an amount left empty is not "all of it"', () => {
	const authorized = async () => {
		const intent = env.standIn.seed('payment_intents', {
			amount: 5000,
			currency: 'usd',
			capture_method: 'manual',
			confirm: true,
			payment_method: 'pm_card_visa',
		});
		env.standIn.requests.length = 0;
		return intent.id as string;
	};
	const capture = (paymentIntentId: string, amountToCapture: unknown) =>
		run({
			resource: 'paymentIntent',
			operation: 'capture',
			paymentIntentId,
			additionalFields: { amountToCapture },
		});

	it('refuses a blank amount, naming the field, and sends nothing', async () => {
		const id = await authorized();
		const error = await failure(capture(id, '  '));
		expect(error.message).toMatch(/^Amount To Capture: is empty/);
		expect(env.standIn.requests).toEqual([]);
	});

	it('captures all of it on "all", and 40.00 usd as 4000 after reading the intent', async () => {
		const [all] = await capture(await authorized(), 'all');
		expect(all.json).toMatchObject({ status: 'succeeded', amount_received: 5000 });
		const id = await authorized();
		const [part] = await capture(id, '40.00 usd');
		expect(part.json).toMatchObject({ amount_received: 4000 });
		expect(env.standIn.requests.map((r) => `${r.method} ${r.path} ${r.rawBody}`)).toEqual([
			`GET /v1/payment_intents/${id} `,
			`POST /v1/payment_intents/${id}/capture amount_to_capture=4000`,
		]);
	});
});
