import type { INodeProperties } from 'n8n-workflow';
import { methods, type Method } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { runNode, type Params } from '../support/harness';
import { idPlaceholderOf, sample } from '../support/samples';
import { answersFor, json, scriptedServer } from '../support/scripted';

/**
 * Every operation that calls an SDK method runs once through execute() against a recorder over HTTP:
 * the method and path are the SDK's, path IDs are encoded, writes carry an Idempotency-Key, and lists
 * and searches follow their pages.
 */
let recorder: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
	recorder = await scriptedServer([]);
});
afterAll(() => recorder.close());

const bySdk = new Map(methods.map((m) => [`${m.sdk}.${m.method}`, m]));
const cases = resources.flatMap((resource) =>
	// File downloads and uploads carry binary data and make two requests: files.test.ts covers them.
	resource.operations
		.filter((operation) => operation.sdk && !operation.binary)
		.map((operation) => ({ resource, operation, method: bySdk.get(operation.sdk![0])! })),
);

/** A path ID with characters a URL path must carry encoded, after the object's prefix when it has one. */
const pathIdSample = (p: INodeProperties) =>
	`${idPlaceholderOf(p) ? idPlaceholderOf(p)!.split(' or ')[0].replace('...', '') : 'x_'}a:b+c`;
const isPathId = (p: INodeProperties) =>
	/Id$/.test(p.name) && (p.type === 'string' || p.type === 'resourceLocator');

describe('every SDK method through execute()', () => {
	it('covers more than 600 SDK methods', () => {
		expect(new Set(cases.map((c) => c.operation.sdk![0])).size).toBeGreaterThan(600);
	});

	it.each(cases.map((c) => [`${c.resource.value}.${c.operation.value}`, c] as const))(
		'%s',
		async (_, { resource, operation, method: m }) => {
			recorder.rearm(answersFor(m));
			// An ephemeral key needs the mobile SDK's API version (its overlay checks it).
			const params: Params = {
				resource: resource.value,
				operation: operation.value,
				...(resource.value === 'ephemeralKey'
					? { options: { apiVersion: '2026-10-28.endive' } }
					: {}),
			};
			const pathIds: Record<string, string> = {};
			for (const { property: p } of operation.fields) {
				if (p.name === 'options' || p.name === 'limit') continue;
				if (p.name === 'returnAll') params.returnAll = true;
				else if (isPathId(p)) params[p.name] = pathIds[p.name] = pathIdSample(p);
				else if (p.required || p.type !== 'collection') params[p.name] = sample(p);
			}
			const out = await runNode(recorder.url, params);

			const [first, second] = recorder.requests;
			const url = new URL(first.path, recorder.url);
			// The SDK's path template, each argument filled in encoded, in the order the path names them.
			const given = Object.values(pathIds);
			let next = 0;
			const expected = m.path.replace(/\{\w+\}/g, () => encodeURIComponent(given[next++] ?? ''));
			expect([first.method, url.pathname]).toEqual([m.http, expected]);
			if (operation.kind === 'write')
				expect(first.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
			else expect(first.idempotencyKey).toBeUndefined();
			if (m.kind && !m.takes?.includes('limit')) {
				// A list Stripe answers in one page: one request, and no paging parameters it would refuse.
				expect(recorder.requests).toHaveLength(1);
				expect([...url.searchParams.keys()]).toEqual([]);
				expect(out.map((o) => o.json.id)).toEqual(['obj_1']);
			} else if (m.kind) {
				expect(recorder.requests).toHaveLength(2);
				expect(url.searchParams.get('limit')).toBe('100');
				const cursor = new URL(second.path, recorder.url).searchParams;
				if (m.kind === 'list' && !m.path.startsWith('/v2/'))
					expect(cursor.get('starting_after')).toBe('obj_1');
				else expect(cursor.get('page')).toBe('page_2');
				expect(out.map((o) => o.json.id)).toEqual(['obj_1', 'obj_2']);
			} else {
				expect(recorder.requests).toHaveLength(1);
				expect(out.map((o) => o.json.id)).toEqual(['obj_1']);
			}
		},
	);
});

describe('parameters of each kind arrive encoded as Stripe expects', () => {
	const send = async (params: Params) => {
		recorder.rearm([json(200, { id: 'obj_1', object: 'thing' })]);
		await runNode(recorder.url, params);
		return recorder.requests[0];
	};
	const form = (body: string) => decodeURIComponent(body).split('&');

	it('text, a float, an enum, an integer, a timestamp, metadata, a nested object with a list, and a JSON map', async () => {
		const request = await send({
			resource: 'coupon',
			operation: 'create',
			additionalFields: {
				name: 'Summer',
				percentOff: '12.5',
				duration: 'repeating',
				durationInMonths: 3,
				redeemBy: '2030-01-01T00:00:00Z',
				metadata: { entry: [{ key: 'campaign', value: 'summer' }] },
				appliesTo: { products: ['prod_1', 'prod_2'] },
				currencyOptions: '{"eur": {"amount_off": 500}}',
			},
		});
		expect(request.method).toBe('POST');
		expect(form(request.body)).toEqual([
			'name=Summer',
			'percent_off=12.5',
			'duration=repeating',
			'duration_in_months=3',
			`redeem_by=${Date.UTC(2030, 0, 1) / 1000}`,
			'metadata[campaign]=summer',
			'applies_to[products][0]=prod_1',
			'applies_to[products][1]=prod_2',
			'currency_options[eur][amount_off]=500',
		]);
	});

	it('an amount, a currency, a boolean in a nested object, and a list of text', async () => {
		const request = await send({
			resource: 'paymentIntent',
			operation: 'create',
			amount: '2000',
			currency: 'EUR',
			additionalFields: {
				automaticPaymentMethods: { enabled: true },
				excludedPaymentMethodTypes: ['card', 'sepa_debit'],
				customer: 'cus_1',
			},
		});
		expect(form(request.body)).toEqual([
			'amount=2000',
			'currency=eur',
			'automatic_payment_methods[enabled]=true',
			'excluded_payment_method_types[0]=card',
			'excluded_payment_method_types[1]=sepa_debit',
			'customer=cus_1',
		]);
	});

	it('a list of objects as JSON (line items from an expression), and a decimal kept as text', async () => {
		const session = await send({
			resource: 'checkoutSession',
			operation: 'create',
			mode: 'payment',
			lineItems: [{ price: 'price_1', quantity: 2 }],
			successUrl: 'https://example.com/ok',
		});
		expect(form(session.body)).toEqual([
			'mode=payment',
			'line_items[0][price]=price_1',
			'line_items[0][quantity]=2',
			'success_url=https://example.com/ok',
		]);
		const item = await send({
			resource: 'invoiceItem',
			operation: 'create',
			additionalFields: { customer: 'cus_1', unitAmountDecimal: '0.125', quantity: 3 },
		});
		expect(form(item.body)).toEqual(['customer=cus_1', 'unit_amount_decimal=0.125', 'quantity=3']);
	});

	it('a created range and an enum as list filters in the query', async () => {
		recorder.rearm([json(200, { object: 'list', data: [], has_more: false })]);
		await runNode(recorder.url, {
			resource: 'invoice',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'open', createdAfter: '2030-01-01T00:00:00Z', customer: 'cus_1' },
		});
		const query = new URL(recorder.requests[0].path, recorder.url).searchParams;
		expect(Object.fromEntries(query)).toEqual({
			status: 'open',
			'created[gte]': String(Date.UTC(2030, 0, 1) / 1000),
			customer: 'cus_1',
			limit: '100',
		});
	});

	it('an update that clears an Emptyable field sends it empty', async () => {
		const request = await send({
			resource: 'subscription',
			operation: 'update',
			subscriptionId: 'sub_1',
			updateFields: { cancelAtPeriodEnd: true, clearFields: ['description'] },
		});
		expect(form(request.body)).toEqual(['cancel_at_period_end=true', 'description=']);
	});

	it('a timestamp or one of its words (Cancel At), and text that may be a boolean (Off Session)', async () => {
		const dated = await send({
			resource: 'subscription',
			operation: 'update',
			subscriptionId: 'sub_1',
			updateFields: { cancelAt: '2030-01-01T00:00:00Z', offSession: true },
		});
		expect(form(dated.body)).toEqual([
			`cancel_at=${Date.UTC(2030, 0, 1) / 1000}`,
			'off_session=true',
		]);
		const worded = await send({
			resource: 'subscription',
			operation: 'update',
			subscriptionId: 'sub_1',
			updateFields: { cancelAt: 'max_period_end' },
		});
		expect(form(worded.body)).toEqual(['cancel_at=max_period_end']);
	});

	it('line items from the form: a price and quantity, or a price given inline with its interval', async () => {
		const request = await send({
			resource: 'subscription',
			operation: 'create',
			customer: 'cus_1',
			items: {
				item: [
					{ price: 'price_1', quantity: 2 },
					{
						price: '',
						quantity: 1,
						product: 'prod_1',
						unitAmount: 1500,
						currency: 'EUR',
						interval: 'year',
					},
				],
			},
		});
		expect(form(request.body)).toEqual([
			'customer=cus_1',
			'items[0][price]=price_1',
			'items[0][quantity]=2',
			'items[1][price_data][currency]=eur',
			'items[1][price_data][product]=prod_1',
			'items[1][price_data][unit_amount]=1500',
			'items[1][price_data][recurring][interval]=year',
			'items[1][quantity]=1',
		]);
	});

	it('invoice lines from the form: a picked price under pricing, or an inline price', async () => {
		const request = await send({
			resource: 'invoice',
			operation: 'addLines',
			invoiceId: 'in_1',
			linesToAdd: {
				item: [
					{ price: { __rl: true, mode: 'list', value: 'price_1' }, quantity: 3 },
					{ product: 'prod_1', unitAmount: 250, currency: 'usd', quantity: 1 },
				],
			},
		});
		expect(form(request.body)).toEqual([
			'lines[0][pricing][price]=price_1',
			'lines[0][quantity]=3',
			'lines[1][price_data][currency]=usd',
			'lines[1][price_data][product]=prod_1',
			'lines[1][price_data][unit_amount]=250',
			'lines[1][quantity]=1',
		]);
	});

	it('refuses a line item with neither a price nor an inline price, naming it', async () => {
		recorder.rearm([json(200, {})]);
		await expect(
			runNode(recorder.url, {
				resource: 'checkoutSession',
				operation: 'create',
				mode: 'payment',
				lineItems: { item: [{ price: 'price_1' }, { price: '', quantity: 1 }] },
			}),
		).rejects.toThrow(
			'Line Items: item 2 needs a Price ID, or an inline price with Product ID, Unit Amount and Currency',
		);
		expect(recorder.requests).toHaveLength(0);
	});

	it('a v2 body as JSON', async () => {
		const request = await send({
			resource: 'v2CoreAccount',
			operation: 'create',
			additionalFields: { displayName: 'Ann', contactEmail: 'ann@example.com' },
		});
		expect(request.contentType).toMatch(/^application\/json/);
		expect(JSON.parse(request.body)).toEqual({
			display_name: 'Ann',
			contact_email: 'ann@example.com',
		});
	});

	it('asks for the API Version an ephemeral key needs, before any request', async () => {
		recorder.rearm([json(200, {})]);
		await expect(
			runNode(recorder.url, {
				resource: 'ephemeralKey',
				operation: 'create',
				additionalFields: { customer: 'cus_1' },
			}),
		).rejects.toThrow(/^API Version: is required for an ephemeral key/);
		expect(recorder.requests).toHaveLength(0);
	});

	it('refuses an ID of another object in a generated ID field, before any request', async () => {
		recorder.rearm([json(200, {})]);
		await expect(
			runNode(recorder.url, {
				resource: 'paymentIntent',
				operation: 'create',
				amount: 100,
				currency: 'usd',
				additionalFields: { customer: 'price_1' },
			}),
		).rejects.toThrow('Customer ID: must be a customer ID (cus_...), got "price_1", a price ID');
		expect(recorder.requests).toHaveLength(0);
	});
});

describe('Simplify', () => {
	const invoice = {
		id: 'in_1',
		object: 'invoice',
		number: 'A-1',
		customer: 'cus_1',
		status: 'open',
		amount_due: 500,
		currency: 'usd',
		lines: { data: [] },
		total_taxes: [],
		metadata: {},
	};

	it('returns the fields a workflow usually maps on Get, Get Many and Search; off by default', async () => {
		recorder.rearm([json(200, invoice)]);
		const full = await runNode(recorder.url, {
			resource: 'invoice',
			operation: 'get',
			invoiceId: 'in_1',
		});
		expect(full[0].json).toEqual(invoice);
		recorder.rearm([json(200, invoice)]);
		const simple = await runNode(recorder.url, {
			resource: 'invoice',
			operation: 'get',
			invoiceId: 'in_1',
			output: 'simplified',
		});
		expect(simple[0].json).toEqual({
			id: 'in_1',
			number: 'A-1',
			customer: 'cus_1',
			status: 'open',
			amount_due: 500,
			currency: 'usd',
			metadata: {},
		});
		recorder.rearm([
			json(200, { object: 'search_result', data: [invoice], has_more: false, next_page: null }),
		]);
		const found = await runNode(recorder.url, {
			resource: 'invoice',
			operation: 'search',
			query: "status:'open'",
			returnAll: true,
			output: 'simplified',
		});
		expect(Object.keys(found[0].json)).toEqual([
			'id',
			'number',
			'customer',
			'status',
			'amount_due',
			'currency',
			'metadata',
		]);
	});

	it('is offered on Get, Get Many and Search of the objects people automate only', () => {
		const offered = cases
			.filter(({ operation }) =>
				operation.fields.some((f) =>
					(f.property.options ?? []).some((o) => 'value' in o && o.value === 'simplified'),
				),
			)
			.map(({ resource, operation }) => `${resource.value}.${operation.value}`);
		expect(offered).toEqual(
			expect.arrayContaining([
				'customer.get',
				'customer.getAll',
				'customer.search',
				'subscription.get',
				'checkoutSession.getAll',
				'coupon.get',
				'account.getAll',
			]),
		);
		for (const op of offered) expect(op).toMatch(/\.(get|getAll|search)$/);
	});
});
