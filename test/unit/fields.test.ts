import {
	address,
	amount,
	collection,
	createdRange,
	currency,
	existingByMetadata,
	metadata,
	pagination,
	pathId,
	setParam,
	string,
	type Field,
	type Request,
} from '../../nodes/StripeComplete/fields';
import { toUnixSeconds } from '../../nodes/shared/dates';
import { FieldError } from '../../nodes/shared/errors';
import { checkId } from '../../nodes/shared/ids';
import { redact, redactAll } from '../../nodes/shared/redact';

const fresh = (): Request => ({ params: {}, path: {}, options: {}, returnAll: false, limit: 50 });
const applied = (field: Field<any>, value: unknown) => {
	const request = fresh();
	field.apply(value, request);
	return request;
};
const fieldError = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return error as FieldError;
	}
	throw new Error('expected a FieldError');
};

describe('field mapping', () => {
	it('sends amounts as integers in the smallest unit and rejects fractions and negatives, naming the field', () => {
		expect(applied(amount(), '1050').params).toEqual({ amount: 1050 });
		expect(applied(amount('unit_amount', { displayName: 'Unit Amount' }), 0).params).toEqual({
			unit_amount: 0,
		});
		expect(fieldError(() => applied(amount(), 10.5)).message).toBe(
			'Amount: must be a whole number in the smallest unit (1050 is 10.50 usd), or a decimal with its currency as text (10.50 usd), got 10.5',
		);
		expect(
			fieldError(() => applied(amount('unit_amount', { displayName: 'Unit Amount' }), -1)).field,
		).toBe('Unit Amount');
		expect(applied(amount(), '').params).toEqual({});
	});

	it('lowercases currencies and rejects anything but a three-letter code', () => {
		expect(applied(currency(), ' USD ').params).toEqual({ currency: 'usd' });
		expect(fieldError(() => applied(currency(), 'dollars')).message).toMatch(
			/^Currency: must be a three-letter ISO currency code/,
		);
		expect(fieldError(() => applied(currency(), 'us')).field).toBe('Currency');
	});

	it('turns metadata pairs into an object, keeps empty values (they unset a key) and needs keys', () => {
		expect(
			applied(metadata(), {
				entry: [
					{ key: 'order', value: 42 },
					{ key: 'old', value: '' },
				],
			}).params,
		).toEqual({ metadata: { order: '42', old: '' } });
		// n8n keeps a whole-list expression on the entries as {}: refused, never sent as no metadata.
		expect(fieldError(() => applied(metadata(), {})).message).toMatch(
			/^Metadata: holds no entries\. A whole-list expression or JSON is kept by n8n as nothing/,
		);
		expect(applied(metadata(), undefined).params).toEqual({});
		expect(fieldError(() => applied(metadata(), { entry: [{ key: ' ', value: 'x' }] })).field).toBe(
			'Metadata',
		);
		expect(
			fieldError(() => applied(metadata(), { entry: [{ key: 'k'.repeat(41), value: 'x' }] }))
				.message,
		).toMatch(/longer than 40/);
	});

	it("takes metadata as an object or its JSON text, whole or under From an Object, within Stripe's limits", () => {
		const sent = { order_id: '1001', total: '12.5' };
		expect(applied(metadata(), { order_id: '1001', total: 12.5 }).params).toEqual({
			metadata: sent,
		});
		expect(applied(metadata(), JSON.stringify(sent)).params).toEqual({ metadata: sent });
		expect(
			applied(metadata(), {
				entry: [{ key: 'source', value: 'shopify' }],
				object: [{ value: sent }, { value: '{"note": "gift"}' }],
			}).params,
		).toEqual({ metadata: { source: 'shopify', ...sent, note: 'gift' } });
		const refused = (value: unknown) => fieldError(() => applied(metadata(), value));
		expect(refused('{"order_id": ').message).toMatch(
			/^Metadata: must be a JSON object, e.g. .*; the text is not valid JSON/,
		);
		expect(refused({ object: [{ value: '[1, 2]' }] }).message).toMatch(
			/^Metadata > Object: must be a JSON object, e.g. .*, got a list/,
		);
		const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
		expect(refused(many).message).toBe('Metadata: has 51 entries; Stripe allows at most 50');
		expect(refused({ 'a[b]': 'x' }).message).toBe(
			'Metadata: key "a[b]" may not contain square brackets',
		);
		expect(refused({ nested: { a: 1 } }).message).toMatch(/the value of "nested" must be text/);
		expect(
			refused({ entry: [{ key: 'order_id', value: '1' }], object: [{ value: { order_id: '2' } }] })
				.message,
		).toBe('Metadata: key "order_id" is given twice');
	});

	it("takes Return Existing Object's match as its Key and Value, or as one key and value from an object or JSON text", () => {
		const match = { key: 'shopify_refund_id', value: '1001' };
		expect(applied(existingByMetadata, { match: { ...match } }).existing).toEqual(match);
		expect(applied(existingByMetadata, { shopify_refund_id: 1001 }).existing).toEqual(match);
		expect(applied(existingByMetadata, '{"shopify_refund_id": "1001"}').existing).toEqual(match);
		const refused = (value: unknown) =>
			fieldError(() => applied(existingByMetadata, value)).message;
		// What n8n keeps of a whole-field expression: refused, never taken for "no look-up".
		expect(refused({})).toBe(
			'Return Existing Object: holds no metadata to match: give its Key and Value, or remove the option',
		);
		expect(refused({ a: '1', b: '2' })).toBe(
			'Return Existing Object: must be one metadata key and value, got 2',
		);
		expect(refused('{"a": ')).toMatch(/^Return Existing Object: must be a JSON object/);
		expect(refused({ 'a[b]': '1' })).toBe('Return Existing Object > Key: must not contain [ or ]');
		expect(refused({ k: 'v'.repeat(501) })).toBe(
			'Return Existing Object > Value: must be at most 500 characters',
		);
	});

	it('maps address parts to Stripe names and checks the country code', () => {
		expect(
			applied(address(), { line1: '1 Main St', postalCode: '10001', country: 'US', city: '' })
				.params,
		).toEqual({
			address: { line1: '1 Main St', postal_code: '10001', country: 'US' },
		});
		expect(applied(address(), {}).params).toEqual({});
		expect(fieldError(() => applied(address(), { country: 'USA' })).field).toBe('Address Country');
	});

	it('converts created dates to unix seconds from ISO text, Luxon-like objects, ms and s', () => {
		const [after, before] = createdRange();
		expect(applied(after, '2026-01-02T03:04:05Z').params).toEqual({ created: { gte: 1767323045 } });
		expect(applied(before, { toISO: () => '2026-01-02T03:04:05.000Z' }).params).toEqual({
			created: { lte: 1767323045 },
		});
		expect(toUnixSeconds(1767323045000, 'x')).toBe(1767323045);
		expect(toUnixSeconds('1767323045', 'x')).toBe(1767323045);
		expect(fieldError(() => toUnixSeconds('yesterday-ish', 'Created After')).field).toBe(
			'Created After',
		);
	});

	it('writes nested parameter paths and path ids', () => {
		const params = {};
		setParam(params, 'recurring.interval', 'month');
		setParam(params, 'recurring.interval_count', 3);
		expect(params).toEqual({ recurring: { interval: 'month', interval_count: 3 } });
		expect(applied(pathId('customer', 'customer', 'Customer ID'), ' cus_1 ').path).toEqual({
			customer: 'cus_1',
		});
		expect(
			fieldError(() => applied(pathId('customer', 'customer', 'Customer ID'), '')).message,
		).toBe('Customer ID: is required');
		expect(
			fieldError(() => applied(pathId('customer', 'customer', 'Customer ID'), 'cus_1/../x')).field,
		).toBe('Customer ID');
	});

	it('requires required strings and trims them', () => {
		const name = string<{ name: string }>('name', { displayName: 'Name', required: true });
		expect(applied(name, '  Tee  ').params).toEqual({ name: 'Tee' });
		expect(fieldError(() => applied(name, '   ')).message).toBe('Name: is required');
	});

	it('applies only the options set in a collection, and refuses unknown ones', () => {
		const c = collection<{ email: string; name: string }>('filters', 'Filters', [
			string('email', { displayName: 'Email' }),
			string('name', { displayName: 'Name' }),
		]);
		expect(applied(c, { email: 'a@b.co' }).params).toEqual({ email: 'a@b.co' });
		expect(fieldError(() => applied(c, { colour: 'red' })).message).toBe(
			'Filters: has no option "colour"',
		);
		expect((c.property.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
			'email',
			'name',
		]);
	});

	it('reads Return All and Limit', () => {
		const [returnAll, limit] = pagination();
		const request = fresh();
		returnAll.apply(false, request);
		limit.apply(7, request);
		expect([request.returnAll, request.limit]).toEqual([false, 7]);
		expect(fieldError(() => limit.apply(0, fresh())).field).toBe('Limit');
	});
});

describe('dates without a zone', () => {
	it('reads them in the workflow time zone, as the n8n date picker means them', () => {
		expect(toUnixSeconds('2026-01-01T00:00:00', 'Created After', 'Europe/Berlin')).toBe(
			Date.UTC(2025, 11, 31, 23) / 1000,
		);
		expect(toUnixSeconds('2026-07-01T00:00:00', 'Created After', 'America/New_York')).toBe(
			Date.UTC(2026, 6, 1, 4) / 1000,
		);
		expect(toUnixSeconds('2026-07-01', 'Created After', 'Asia/Tokyo')).toBe(
			Date.UTC(2026, 5, 30, 15) / 1000,
		);
		expect(toUnixSeconds('2026-07-01T00:00:00Z', 'Created After', 'Asia/Tokyo')).toBe(
			Date.UTC(2026, 6, 1) / 1000,
		);
		expect(toUnixSeconds('2026-07-01T00:00:00', 'Created After')).toBe(Date.UTC(2026, 6, 1) / 1000);
	});

	it('sends the created filter in the workflow time zone', () => {
		const [after] = createdRange();
		const request = { ...fresh(), timeZone: 'Europe/Berlin' };
		after.apply('2026-01-01T00:00:00', request);
		expect(request.params).toEqual({ created: { gte: Date.UTC(2025, 11, 31, 23) / 1000 } });
	});
});

describe('ID prefixes', () => {
	const ok = (id: string, object: Parameters<typeof checkId>[1]) =>
		expect(checkId(id, object, 'ID')).toBe(id);
	const refused = (id: string, object: Parameters<typeof checkId>[1]) =>
		expect(() => checkId(id, object, 'ID')).toThrow(FieldError);

	it('takes every prefix Stripe documents for the object', () => {
		ok('ch_1', 'charge');
		ok('py_1', 'charge');
		ok('re_1', 'refund');
		ok('pyr_1', 'refund');
		ok('pm_1', 'payment_method');
		ok('card_1', 'payment_method');
		ok('sub_sched_1', 'subscription_schedule');
		refused('sub_1', 'subscription_schedule');
	});

	it("takes IDs a user chose for products, prices (plans) and coupons, unless they carry another object's prefix", () => {
		ok('gold-plan', 'product');
		ok('SUMMER25', 'coupon');
		ok('gold_monthly', 'price');
		ok('plan_legacy', 'price');
		refused('cus_1', 'coupon');
		refused('price_1', 'product');
		expect(() => checkId('price_1', 'product', 'Product ID')).toThrow(
			'Product ID: must be a product ID (prod_...), got "price_1", a price ID',
		);
	});

	it('refuses path segments and what a URL path cannot carry as it is', () => {
		for (const id of ['.', '..', 'cus_1/x', 'cus_1?x', 'cus_1#x', 'cus 1', 'cus_é'])
			refused(id, 'customer');
	});
});

describe('redaction', () => {
	it('hides whole secret and restricted keys and signing secrets, dashes and dots included', () => {
		expect(redact('key sk_test_51A-b.c_d, then rk_live_x-y and whsec_1-2')).toBe(
			'key sk_test_[redacted], then rk_live_[redacted] and whsec_[redacted]',
		);
		expect(redact('Invalid API Key provided: sk_test_****4242')).toBe(
			'Invalid API Key provided: sk_test_[redacted]',
		);
	});

	it('leaves the placeholders of our own hints alone', () => {
		expect(redact('a secret key (sk_test_..., sk_live_...)')).toBe(
			'a secret key (sk_test_..., sk_live_...)',
		);
	});

	it('hides the configured key whatever its shape, in every string of a value', () => {
		const key = 'sk_test_odd|key,with;stops';
		expect(redactAll({ a: [`x ${key} y`], b: { c: key }, n: 1 }, key)).toEqual({
			a: ['x sk_test_[redacted] y'],
			b: { c: 'sk_test_[redacted]' },
			n: 1,
		});
	});
});

describe('strict dates', () => {
	it('reads zones, fractions and leap days exactly', () => {
		expect(toUnixSeconds('2024-02-29T12:00:00+05:30', 'x')).toBe(
			Date.UTC(2024, 1, 29, 6, 30) / 1000,
		);
		expect(toUnixSeconds('2024-02-29 12:00:00.123Z', 'x')).toBe(Date.UTC(2024, 1, 29, 12) / 1000);
		expect(toUnixSeconds(new Date(Date.UTC(2030, 0, 1)), 'x')).toBe(Date.UTC(2030, 0, 1) / 1000);
	});

	it.each([
		'2023-02-29',
		'2024-04-31',
		'2024-00-10',
		'2024-01-01T12:60:00Z',
		'2024-01-01T12:00:00+25:00',
		'10000-01-01',
		'Tue, 01 Dec 2026 10:00:00 GMT',
		'',
	])('refuses %p', (text) => {
		expect(() => toUnixSeconds(text, 'Created After')).toThrow(/^Created After: /);
	});
});
