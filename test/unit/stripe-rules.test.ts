/**
 * Stripe's rules of parameters, as the stand-in and strict scripted servers hold every request to
 * them: what Stripe refuses at the node's API version is refused with Stripe's 400, and what it
 * takes passes.
 */
import Stripe from 'stripe';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';
import { json, scriptedServer } from '../support/scripted';
import { checkRequest, operations, rulesSummary } from '../../stand-ins/stripe/rules';

const form = (method: string, path: string, body?: string) =>
	checkRequest({
		method,
		path,
		body,
		contentType: 'application/x-www-form-urlencoded',
	});
const refusal = (message: string, param: string, code?: string) => ({
	status: 400,
	error: {
		type: 'invalid_request_error',
		message,
		param,
		...(code ? { code, doc_url: expect.stringContaining(code.replace(/_/g, '-')) } : {}),
	},
});

describe('the rules', () => {
	it('come from the OpenAPI spec, with the SDK declarations for what the spec does not know', () => {
		const summary = rulesSummary();
		console.log(summary);
		expect(summary).toMatch(
			/^rules: \d+ operations from the OpenAPI spec \(2024-04-10; .*\), \d+ from the SDK declarations only/,
		);
		const source = (method: string, template: string) =>
			operations().find((o) => o.method === method && o.template === template)?.source;
		expect(source('POST', '/v1/customers')).toBe('spec');
		expect(source('POST', '/v2/core/event_destinations')).toBe('sdk');
		expect(source('POST', '/v1/invoices/{id}/add_lines')).toBe('sdk');
	});
});

describe('checkRequest', () => {
	it.each([
		[
			'an unknown parameter',
			'POST',
			'/v1/customers',
			'email=ada%40example.com&nickname=Ada',
			refusal('Received unknown parameter: nickname', 'nickname', 'parameter_unknown'),
		],
		[
			'an unknown nested parameter',
			'POST',
			'/v1/customers',
			'invoice_settings[foo]=1',
			refusal(
				'Received unknown parameter: invoice_settings[foo]',
				'invoice_settings[foo]',
				'parameter_unknown',
			),
		],
		[
			'an unknown parameter of a list element',
			'POST',
			'/v1/subscriptions',
			'customer=cus_1&items[0][price]=price_1&items[0][bar]=1',
			refusal('Received unknown parameter: items[0][bar]', 'items[0][bar]', 'parameter_unknown'),
		],
		[
			'a missing required parameter',
			'POST',
			'/v1/payment_intents',
			'currency=usd',
			refusal('Missing required param: amount.', 'amount', 'parameter_missing'),
		],
		[
			'a missing required nested parameter',
			'POST',
			'/v1/prices',
			'currency=usd&product=prod_1&unit_amount=500&recurring[interval_count]=2',
			refusal(
				'Missing required param: recurring[interval].',
				'recurring[interval]',
				'parameter_missing',
			),
		],
		[
			'a text where an integer goes',
			'POST',
			'/v1/payment_intents',
			'amount=12.50&currency=usd',
			refusal('Invalid integer: 12.50', 'amount', 'parameter_invalid_integer'),
		],
		[
			'a word where a boolean goes',
			'POST',
			'/v1/payment_intents',
			'amount=1000&currency=usd&confirm=yes',
			refusal('Invalid boolean: yes', 'confirm'),
		],
		[
			'a value outside a closed list',
			'POST',
			'/v1/payment_intents',
			'amount=1000&currency=usd&capture_method=later',
			refusal(
				'Invalid capture_method: must be one of automatic, automatic_async, or manual',
				'capture_method',
			),
		],
		[
			'a text where an object goes',
			'POST',
			'/v1/customers',
			'invoice_settings=net30',
			refusal('Invalid object', 'invoice_settings'),
		],
		[
			'a text where a list goes',
			'GET',
			'/v1/customers/cus_1?expand=default_source',
			undefined,
			refusal('Invalid array', 'expand'),
		],
		[
			'a statement descriptor over 22 characters',
			'POST',
			'/v1/payment_intents',
			'amount=1000&currency=usd&statement_descriptor=ABCDEFGHIJKLMNOPQRSTUVW',
			refusal(
				'Invalid string: ABCDEFGHIJKLMNOPQRST...; must be at most 22 characters',
				'statement_descriptor',
			),
		],
		[
			'an amount below its minimum',
			'POST',
			'/v1/payment_intents',
			'amount=0&currency=usd',
			refusal(
				'This value must be greater than or equal to 1.',
				'amount',
				'parameter_invalid_integer',
			),
		],
		[
			'the empty string for a parameter that cannot be unset',
			'POST',
			'/v1/customers/cus_1',
			'description=',
			refusal(
				"You passed an empty string for 'description'. We assume empty values are an attempt to unset a parameter; however 'description' cannot be unset. You should remove 'description' from your request or supply a non-empty value.",
				'description',
				'parameter_invalid_empty',
			),
		],
		[
			'a query parameter a list does not take',
			'GET',
			'/v1/customers?created[since]=1700000000',
			undefined,
			refusal('Received unknown parameter: created[since]', 'created[since]', 'parameter_unknown'),
		],
		[
			'expand on a delete that takes none',
			'DELETE',
			'/v1/customers/cus_1?expand[0]=sources',
			undefined,
			refusal('Received unknown parameter: expand', 'expand', 'parameter_unknown'),
		],
	])('refuses %s', (_, method, path, body, expected) => {
		expect(form(method, path, body)).toEqual(expected);
	});

	it.each([
		[
			'a customer with metadata of any keys',
			'POST',
			'/v1/customers',
			'metadata[a b]=1&metadata[x]=y',
		],
		['a negative customer balance', 'POST', '/v1/customers', 'balance=-500'],
		[
			'a negative invoice item amount',
			'POST',
			'/v1/invoiceitems',
			'customer=cus_1&amount=-500&currency=usd',
		],
		['a free price', 'POST', '/v1/prices', 'currency=usd&product=prod_1&unit_amount=0'],
		[
			'an emptyable parameter given the empty string',
			'POST',
			'/v1/customers/cus_1',
			'address=&tax_exempt=',
		],
		['a metadata key given the empty string', 'POST', '/v1/customers/cus_1', 'metadata[gone]='],
		[
			'lists with indexed and empty brackets',
			'POST',
			'/v1/subscriptions',
			'customer=cus_1&items[][price]=price_1&items[][quantity]=2&expand[0]=latest_invoice',
		],
		[
			'a search with its page',
			'GET',
			'/v1/customers/search?query=email%3A%27a%27&limit=3&page=abc',
			undefined,
		],
		['a search literal segment, not an ID', 'GET', '/v1/customers/search?query=x', undefined],
		[
			'a range filter',
			'GET',
			'/v1/customers?created[gte]=1700000000&limit=5&expand[0]=data.sources',
			undefined,
		],
		[
			'a cancel with its reasons in the query',
			'DELETE',
			'/v1/subscriptions/sub_1?cancellation_details[feedback]=other&prorate=true',
			undefined,
		],
		[
			'a parameter newer than the spec, from the SDK declarations',
			'POST',
			'/v1/customers',
			'business_name=Acme&individual_name=Ada',
		],
		[
			'an enum value newer than the spec, from the SDK declarations',
			'POST',
			'/v1/customers/cus_1',
			'tax[validate_location]=auto',
		],
		['a path no rule knows', 'POST', '/v1/nothing/here', 'anything=1'],
	])('takes %s', (_, method, path, body) => {
		expect(form(method, path, body)).toBeUndefined();
	});

	it('holds the minimums the descriptions give: positive amounts from 1, a free price from 0, balances and credits unbounded', () => {
		const amount = (path: string, param: string, value: number, rest = '') =>
			form('POST', path, `${param}=${value}${rest}`)?.error.message;
		const below = (n: number) => `This value must be greater than or equal to ${n}.`;
		expect(amount('/v1/payment_intents', 'amount', 0, '&currency=usd')).toBe(below(1));
		expect(amount('/v1/application_fees/fee_1/refunds', 'amount', 0)).toBe(below(1));
		expect(amount('/v1/invoiceitems', 'quantity', -1, '&customer=cus_1')).toBe(below(0));
		expect(amount('/v1/prices', 'unit_amount', -1, '&currency=usd&product=p')).toBe(below(0));
		expect(amount('/v1/customers', 'balance', -500)).toBeUndefined();
		expect(amount('/v1/invoiceitems', 'amount', -500, '&customer=cus_1')).toBeUndefined();
	});

	it('checks a v2 JSON body from the SDK declarations', () => {
		const destination = {
			name: 'Hooks',
			type: 'webhook_endpoint',
			event_payload: 'thin',
			enabled_events: ['v1.billing.meter.error_report_triggered'],
			webhook_endpoint: { url: 'https://example.com/hook' },
		};
		const v2 = (body: Record<string, unknown>) =>
			checkRequest({
				method: 'POST',
				path: '/v2/core/event_destinations',
				body: JSON.stringify(body),
				contentType: 'application/json',
			});
		expect(v2(destination)).toBeUndefined();
		expect(v2({ ...destination, expand: ['x'] })).toEqual(
			refusal('Received unknown parameter: expand', 'expand', 'parameter_unknown'),
		);
		expect(v2({ ...destination, enabled_events: 'all' })).toEqual(
			refusal('Invalid array', 'enabled_events'),
		);
		const { name: _, ...nameless } = destination;
		expect(v2(nameless)).toEqual(
			refusal('Missing required param: name.', 'name', 'parameter_missing'),
		);
		// A v2 list takes limit and the page its next_page_url names, in the query.
		expect(form('GET', '/v2/core/event_destinations?limit=5&page=p_2')).toBeUndefined();
	});
});

describe('the stand-in refuses over HTTP what Stripe refuses', () => {
	let standIn: StandIn;
	let stripe: Stripe;
	beforeAll(async () => {
		standIn = createStandIn();
		const { port } = new URL(await standIn.listen());
		stripe = new Stripe('sk_test_standin_rules', {
			host: '127.0.0.1',
			port: Number(port),
			protocol: 'http',
			maxNetworkRetries: 0,
		});
	});
	afterAll(() => standIn.close());

	const refused = async (promise: Promise<unknown>) => {
		const error = (await promise.then(
			() => {
				throw new Error('expected Stripe to refuse the request');
			},
			(e: unknown) => e,
		)) as Stripe.errors.StripeError;
		expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
		expect(error.statusCode).toBe(400);
		return { message: error.message, param: error.param, code: error.code };
	};
	// Parameters the SDK's types do not allow, sent as a caller's code could.
	const loose = <T>(params: Record<string, unknown>) => params as T;

	it('an unknown parameter, top-level and nested', async () => {
		expect(
			await refused(stripe.customers.create(loose({ email: 'ada@example.com', nickname: 'Ada' }))),
		).toEqual({
			message: 'Received unknown parameter: nickname',
			param: 'nickname',
			code: 'parameter_unknown',
		});
		expect(
			await refused(stripe.customers.create(loose({ invoice_settings: { foo: 'bar' } }))),
		).toEqual({
			message: 'Received unknown parameter: invoice_settings[foo]',
			param: 'invoice_settings[foo]',
			code: 'parameter_unknown',
		});
	});

	it('a missing required parameter, a wrong integer, boolean or enum, an amount below its minimum', async () => {
		const intent = (params: Record<string, unknown>) =>
			refused(stripe.paymentIntents.create(loose({ currency: 'usd', ...params })));
		expect(await intent({})).toEqual({
			message: 'Missing required param: amount.',
			param: 'amount',
			code: 'parameter_missing',
		});
		expect(await intent({ amount: '10.00' })).toEqual({
			message: 'Invalid integer: 10.00',
			param: 'amount',
			code: 'parameter_invalid_integer',
		});
		expect(await intent({ amount: 1000, confirm: 'yes' })).toEqual({
			message: 'Invalid boolean: yes',
			param: 'confirm',
		});
		expect(await intent({ amount: 1000, capture_method: 'later' })).toEqual({
			message: 'Invalid capture_method: must be one of automatic, automatic_async, or manual',
			param: 'capture_method',
		});
		expect(await intent({ amount: 0 })).toEqual({
			message: 'This value must be greater than or equal to 1.',
			param: 'amount',
			code: 'parameter_invalid_integer',
		});
		expect(standIn.store.size).toBe(0);
	});

	it('strings over their maximum length', async () => {
		expect(
			await refused(
				stripe.paymentIntents.create({
					amount: 1000,
					currency: 'usd',
					statement_descriptor: 'ABCDEFGHIJKLMNOPQRSTUVW',
				}),
			),
		).toEqual({
			message: 'Invalid string: ABCDEFGHIJKLMNOPQRST...; must be at most 22 characters',
			param: 'statement_descriptor',
		});
		expect(await refused(stripe.customers.create({ description: 'd'.repeat(5001) }))).toEqual({
			message: `Invalid string: ${'d'.repeat(20)}...; must be at most 5000 characters`,
			param: 'description',
		});
	});

	it('the same requests made valid pass; emptyable parameters take the empty string, metadata any keys', async () => {
		const intent = await stripe.paymentIntents.create({
			amount: 1000,
			currency: 'usd',
			capture_method: 'manual',
			confirm: false,
			statement_descriptor: 'ABCDEFGHIJKLMNOPQRSTUV',
		});
		expect(intent.status).toBe('requires_payment_method');
		const customer = await stripe.customers.create({
			email: 'ada@example.com',
			description: 'd'.repeat(5000),
			invoice_settings: { footer: 'Thanks' },
			metadata: { 'any key at all': 'x', tier: 'gold' },
			// Newer than the spec: taken from the SDK's declarations.
			business_name: 'Analytical Engines Ltd',
		});
		expect(customer.metadata).toEqual({ 'any key at all': 'x', tier: 'gold' });
		const updated = await stripe.customers.update(customer.id, {
			address: '',
			metadata: { tier: '' },
		});
		expect(updated.address).toBeNull();
		expect(updated.metadata).toEqual({ 'any key at all': 'x' });
	});

	it('a v2 request is checked from the SDK declarations, its body as JSON', async () => {
		expect(
			await refused(
				stripe.v2.core.eventDestinations.create(
					loose({
						name: 'Hooks',
						type: 'webhook_endpoint',
						event_payload: 'thin',
						enabled_events: ['v1.billing.meter.error_report_triggered'],
						colour: 'blue',
					}),
				),
			),
		).toEqual({
			message: 'Received unknown parameter: colour',
			param: 'colour',
			code: 'parameter_unknown',
		});
	});

	it('a refused request with an idempotency key replays the same 400', async () => {
		const create = () =>
			stripe.customers.create(loose({ nickname: 'Ada' }), { idempotencyKey: 'refused-once' });
		const first = (await create().catch((e: unknown) => e)) as Stripe.errors.StripeError;
		const again = (await create().catch((e: unknown) => e)) as Stripe.errors.StripeError;
		const answer = (e: Stripe.errors.StripeError) => [
			e.statusCode,
			e.type,
			e.message,
			e.param,
			e.code,
		];
		expect(answer(first)).toEqual([
			400,
			'StripeInvalidRequestError',
			'Received unknown parameter: nickname',
			'nickname',
			'parameter_unknown',
		]);
		expect(answer(again)).toEqual(answer(first));
		expect(again.headers?.['idempotent-replayed']).toBe('true');
		const sent = standIn.requests.filter((r) => r.idempotencyKey === 'refused-once');
		expect(sent.map((r) => Boolean(r.replayed))).toEqual([false, true]);
	});
});

describe('a strict scripted server', () => {
	it('answers a request Stripe refuses with Stripe’s 400, and the next valid one with the script', async () => {
		const server = await scriptedServer([json(200, { id: 'cus_1', object: 'customer' })], {
			strict: true,
		});
		try {
			const send = (body: string) =>
				fetch(`${server.url}/v1/customers`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					body,
				}).then(async (res) => [res.status, await res.json()]);
			expect(await send('nickname=Ada')).toEqual([
				400,
				{
					error: expect.objectContaining({
						message: 'Received unknown parameter: nickname',
						param: 'nickname',
						code: 'parameter_unknown',
					}),
				},
			]);
			expect(await send('name=Ada')).toEqual([200, { id: 'cus_1', object: 'customer' }]);
			expect(server.requests.map((r) => r.refused?.param)).toEqual(['nickname', undefined]);
		} finally {
			await server.close();
		}
	});
});
