import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
} from 'n8n-workflow';
import Stripe from 'stripe';
import { plain } from '../../nodes/shared/transport/pages';
import { failure, runNode, TEST_KEY, useStandIn, type Params } from '../support/harness';
import { json, scriptedServer, type Answer } from '../support/scripted';

/** What comes back from the Base URL, and what the credential holds, as the node reads it. */
const customerGet: Params = { resource: 'customer', operation: 'get', customerId: 'cus_1' };
const customerCreate: Params = {
	resource: 'customer',
	operation: 'create',
	additionalFields: { email: 'ann@example.com' },
};
const customerList: Params = { resource: 'customer', operation: 'getAll', returnAll: true };
const html = (status: number): Answer => ({
	status,
	body: `<html><body><h1>${status}</h1>Bad gateway</body></html>`,
	headers: { 'Content-Type': 'text/html; charset=utf-8' },
});
const customer = json(200, { id: 'cus_1', object: 'customer', email: 'ann@example.com' });

let server: Awaited<ReturnType<typeof scriptedServer>> | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});
const serve = async (answers: Answer[]) => (server = await scriptedServer(answers));

describe('answers that are not Stripe JSON', () => {
	it('retries an HTML 503 from a proxy and succeeds, with the same Idempotency-Key', async () => {
		const s = await serve([html(503), customer]);
		const out = await runNode(s.url, customerCreate);
		expect(out.map((o) => o.json)).toEqual([
			{ id: 'cus_1', object: 'customer', email: 'ann@example.com' },
		]);
		expect(s.requests).toHaveLength(2);
		expect(s.requests[1].idempotencyKey).toBe(s.requests[0].idempotencyKey);
		expect(s.requests[1].body).toBe(s.requests[0].body);
	});

	it('fails after four attempts at an HTML 502, keeping the status', async () => {
		const s = await serve([html(502)]);
		const error = await failure(runNode(s.url, customerGet));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('502');
		expect(error.message).toBe(
			"The server at the Base URL answered HTTP 502 with a text/html body instead of Stripe's JSON",
		);
		expect(s.requests).toHaveLength(4);
	});

	it('does not retry a 200 whose body is not JSON, and says so', async () => {
		const s = await serve([{ status: 200, body: 'OK' }]);
		const out = await runNode(s.url, customerGet, { continueOnFail: true });
		expect(out[0].json).toMatchObject({
			error:
				"The server at the Base URL answered HTTP 200 with a application/json body instead of Stripe's JSON",
			status_code: 200,
		});
		expect(s.requests).toHaveLength(1);
	});

	it.each<[string, unknown]>([
		['data: null', { object: 'list', data: null, has_more: false }],
		['no data', { object: 'list', has_more: false }],
		['null items', { object: 'list', data: [null], has_more: false }],
		[
			'an item without an id to page from',
			{ object: 'list', data: [{ object: 'customer' }], has_more: true },
		],
	])('turns a list answer with %s into a clear NodeApiError', async (_, body) => {
		const s = await serve([json(200, body)]);
		const error = await failure(runNode(s.url, customerList));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Stripe's answer could not be read: /);
		expect(s.requests).toHaveLength(1);
	});
});

describe('Stripe objects as items', () => {
	it("are the JSON Stripe sent: the SDK's decimals as their strings, nothing of the raw response", async () => {
		const price = {
			id: 'price_1',
			object: 'price',
			unit_amount: null,
			unit_amount_decimal: '1234.5678',
			tiers: [{ up_to: 10, unit_amount_decimal: '0.125' }],
			metadata: {},
		};
		const s = await serve([json(200, price)]);
		const [item] = await runNode(s.url, {
			resource: 'price',
			operation: 'get',
			priceId: 'price_1',
			output: 'raw',
		});
		expect(item.json).toEqual(price);
		expect(Object.getOwnPropertyNames(item.json)).not.toContain('lastResponse');
		expect(JSON.parse(JSON.stringify(item.json))).toEqual(item.json);
	});

	it('take an int64 as its text, and nothing that is not enumerable JSON', () => {
		const answer = Object.defineProperty(
			{
				id: 'x_1',
				amount: 9007199254740993n,
				rate: Stripe.Decimal.from('0.125'),
				nested: { list: [1, 'a', null] },
			},
			'lastResponse',
			{ value: { statusCode: 200 } },
		);
		expect(plain(answer)).toEqual({
			id: 'x_1',
			amount: '9007199254740993',
			rate: '0.125',
			nested: { list: [1, 'a', null] },
		});
		const simple = Object.defineProperty({ id: 'cus_1', metadata: {} }, 'lastResponse', {
			value: { statusCode: 200 },
		});
		expect(Object.getOwnPropertyNames(plain(simple))).toEqual(['id', 'metadata']);
	});
});

describe('secrets echoed back', () => {
	const secretKey = 'sk_test_echoed-Key_51AbC.def';
	const echo = json(400, {
		error: {
			type: 'invalid_request_error',
			message: `Bad key ${secretKey} (webhook secret whsec_abc-DEF_123)`,
			param: secretKey,
			code: `code_${secretKey}`,
			decline_code: 'rk_live_other-Key_9',
			doc_url: `https://stripe.com/docs?key=${secretKey}&secret=whsec_abc-DEF_123`,
		},
	});
	const leaks = (text: string | undefined | null) =>
		['echoed-Key', 'other-Key', 'abc-DEF', '51AbC'].filter((part) => (text ?? '').includes(part));

	function expectRedacted(error: Error, items: INodeExecutionData[] = []) {
		const e = error as NodeApiError;
		for (const text of [
			e.message,
			e.description,
			e.stack,
			JSON.stringify(e.context),
			JSON.stringify(items.map((i) => i.json)),
		])
			expect(leaks(text)).toEqual([]);
	}

	it('are redacted in every field of the thrown error', async () => {
		const s = await serve([echo]);
		const error = await failure(
			runNode(s.url, customerGet, { credentials: { secretKey, baseUrl: s.url } }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expectRedacted(error);
		const stripe = (error as NodeApiError).context.stripe as IDataObject;
		expect(stripe).toMatchObject({
			message: 'Bad key sk_test_[redacted] (webhook secret whsec_[redacted])',
			param: 'sk_test_[redacted]',
			decline_code: 'rk_live_[redacted]',
			doc_url: 'https://stripe.com/docs?key=sk_test_[redacted]&secret=whsec_[redacted]',
		});
	});

	it('are redacted in the Continue On Fail item', async () => {
		const s = await serve([echo]);
		const out = await runNode(s.url, customerGet, {
			credentials: { secretKey, baseUrl: s.url },
			continueOnFail: true,
		});
		expect(out).toHaveLength(1);
		expect(out[0].json.param).toBe('sk_test_[redacted]');
		expectRedacted(out[0].error!, out);
	});

	it('hide the configured key whatever its shape, in text Stripe echoes', async () => {
		const odd = 'sk_test_a,b;c|d';
		const s = await serve([
			json(400, { error: { type: 'invalid_request_error', message: `No key like ${odd} here` } }),
		]);
		const error = await failure(
			runNode(s.url, customerGet, { credentials: { secretKey: odd, baseUrl: s.url } }),
		);
		expect(error.message).toBe('No key like sk_test_[redacted] here');
	});
});

describe('the Base URL', () => {
	it('keeps its path as a prefix of every request path (a proxy at /stripe)', async () => {
		const s = await serve([customer]);
		await runNode(s.url, customerGet, {
			credentials: { secretKey: TEST_KEY, baseUrl: `${s.url}/stripe/` },
		});
		expect(s.requests.map((r) => r.path)).toEqual(['/stripe/v1/customers/cus_1']);
	});
});

describe('credential fields', () => {
	const env = useStandIn();
	const cases: Array<[string, IDataObject, string]> = [
		['no secret key', { secretKey: undefined }, 'Secret Key'],
		['an empty secret key', { secretKey: '  ' }, 'Secret Key'],
		['a number as secret key', { secretKey: 42 }, 'Secret Key'],
		['a publishable key', { secretKey: 'pk_test_abc' }, 'Secret Key'],
		['a non-ASCII secret key', { secretKey: 'sk_test_abcé' }, 'Secret Key'],
		['a control character in the secret key', { secretKey: 'sk_test_ab\u0000c' }, 'Secret Key'],
		['a Base URL that is not a URL', { baseUrl: 'not a url' }, 'Base URL'],
		['a Base URL of another protocol', { baseUrl: 'ftp://127.0.0.1' }, 'Base URL'],
		['a Base URL with a query', { baseUrl: 'http://127.0.0.1:1/?a=1' }, 'Base URL'],
		[
			'a Base URL with a user name and password',
			{ baseUrl: 'http://user:pw@127.0.0.1:1' },
			'Base URL',
		],
	];

	it.each(cases)(
		'%s: stops the node naming the credential field, before any request',
		async (_, fields, field) => {
			const credentials = { secretKey: TEST_KEY, baseUrl: env.url, ...fields };
			const error = await failure(runNode(env.url, customerGet, { credentials }));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message.startsWith(`${field}: `)).toBe(true);
			expect((error as NodeOperationError).description).toBe(
				`Check the field "${field}" of the Stripe Complete API credential`,
			);
			expect(env.standIn.requests).toHaveLength(0);
			expect(`${error.message} ${error.stack}`).not.toContain(TEST_KEY);
		},
	);

	it.each(cases)(
		'%s: with Continue On Fail, every item is an error item',
		async (_, fields, field) => {
			const credentials = { secretKey: TEST_KEY, baseUrl: env.url, ...fields };
			const out = await runNode(env.url, customerGet, {
				credentials,
				continueOnFail: true,
				items: [{}, {}],
			});
			expect(out.map((o) => [String(o.json.error).startsWith(`${field}: `), o.pairedItem])).toEqual(
				[
					[true, { item: 0 }],
					[true, { item: 1 }],
				],
			);
			expect(env.standIn.requests).toHaveLength(0);
		},
	);
});
