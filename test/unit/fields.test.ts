import { address, amount, collection, createdRange, currency, FieldError, metadata, pagination, pathId, setParam, string, toUnixSeconds, type Field, type Request } from '../../nodes/StripeComplete/fields';

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
		expect(applied(amount('unit_amount', { displayName: 'Unit Amount' }), 0).params).toEqual({ unit_amount: 0 });
		expect(fieldError(() => applied(amount(), 10.5)).message).toBe('Amount: must be a whole number of at least 0, got 10.5');
		expect(fieldError(() => applied(amount('unit_amount', { displayName: 'Unit Amount' }), -1)).field).toBe('Unit Amount');
		expect(applied(amount(), '').params).toEqual({});
	});

	it('lowercases currencies and rejects anything but a three-letter code', () => {
		expect(applied(currency(), ' USD ').params).toEqual({ currency: 'usd' });
		expect(fieldError(() => applied(currency(), 'dollars')).message).toMatch(/^Currency: must be a three-letter ISO currency code/);
		expect(fieldError(() => applied(currency(), 'us')).field).toBe('Currency');
	});

	it('turns metadata pairs into an object, keeps empty values (they unset a key) and needs keys', () => {
		expect(applied(metadata(), { entry: [{ key: 'order', value: 42 }, { key: 'old', value: '' }] }).params).toEqual({ metadata: { order: '42', old: '' } });
		expect(applied(metadata(), {}).params).toEqual({});
		expect(fieldError(() => applied(metadata(), { entry: [{ key: ' ', value: 'x' }] })).field).toBe('Metadata');
		expect(fieldError(() => applied(metadata(), { entry: [{ key: 'k'.repeat(41), value: 'x' }] })).message).toMatch(/longer than 40/);
	});

	it('maps address parts to Stripe names and checks the country code', () => {
		expect(applied(address(), { line1: '1 Main St', postalCode: '10001', country: 'US', city: '' }).params).toEqual({
			address: { line1: '1 Main St', postal_code: '10001', country: 'US' },
		});
		expect(applied(address(), {}).params).toEqual({});
		expect(fieldError(() => applied(address(), { country: 'USA' })).field).toBe('Address Country');
	});

	it('converts created dates to unix seconds from ISO text, Luxon-like objects, ms and s', () => {
		const [after, before] = createdRange();
		expect(applied(after, '2026-01-02T03:04:05Z').params).toEqual({ created: { gte: 1767323045 } });
		expect(applied(before, { toISO: () => '2026-01-02T03:04:05.000Z' }).params).toEqual({ created: { lte: 1767323045 } });
		expect(toUnixSeconds(1767323045000, 'x')).toBe(1767323045);
		expect(toUnixSeconds('1767323045', 'x')).toBe(1767323045);
		expect(fieldError(() => toUnixSeconds('yesterday-ish', 'Created After')).field).toBe('Created After');
	});

	it('writes nested parameter paths and path ids', () => {
		const params = {};
		setParam(params, 'recurring.interval', 'month');
		setParam(params, 'recurring.interval_count', 3);
		expect(params).toEqual({ recurring: { interval: 'month', interval_count: 3 } });
		expect(applied(pathId('customer', 'Customer ID', 'cus_...'), ' cus_1 ').path).toEqual({ customer: 'cus_1' });
		expect(fieldError(() => applied(pathId('customer', 'Customer ID', 'cus_...'), '')).message).toBe('Customer ID: is required');
		expect(fieldError(() => applied(pathId('customer', 'Customer ID', 'cus_...'), 'cus_1/../x')).field).toBe('Customer ID');
	});

	it('requires required strings and trims them', () => {
		const name = string<{ name: string }>('name', { displayName: 'Name', required: true });
		expect(applied(name, '  Tee  ').params).toEqual({ name: 'Tee' });
		expect(fieldError(() => applied(name, '   ')).message).toBe('Name: is required');
	});

	it('applies only the options set in a collection, and refuses unknown ones', () => {
		const c = collection<{ email: string; name: string }>('filters', 'Filters', [string('email', { displayName: 'Email' }), string('name', { displayName: 'Name' })]);
		expect(applied(c, { email: 'a@b.co' }).params).toEqual({ email: 'a@b.co' });
		expect(fieldError(() => applied(c, { colour: 'red' })).message).toBe('Filters: has no option "colour"');
		expect((c.property.options as Array<{ name: string }>).map((o) => o.name)).toEqual(['email', 'name']);
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
		expect(toUnixSeconds('2026-01-01T00:00:00', 'Created After', 'Europe/Berlin')).toBe(Date.UTC(2025, 11, 31, 23) / 1000);
		expect(toUnixSeconds('2026-07-01T00:00:00', 'Created After', 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 4) / 1000);
		expect(toUnixSeconds('2026-07-01', 'Created After', 'Asia/Tokyo')).toBe(Date.UTC(2026, 5, 30, 15) / 1000);
		expect(toUnixSeconds('2026-07-01T00:00:00Z', 'Created After', 'Asia/Tokyo')).toBe(Date.UTC(2026, 6, 1) / 1000);
		expect(toUnixSeconds('2026-07-01T00:00:00', 'Created After')).toBe(Date.UTC(2026, 6, 1) / 1000);
	});

	it('sends the created filter in the workflow time zone', () => {
		const [after] = createdRange();
		const request = { ...fresh(), timeZone: 'Europe/Berlin' };
		after.apply('2026-01-01T00:00:00', request);
		expect(request.params).toEqual({ created: { gte: Date.UTC(2025, 11, 31, 23) / 1000 } });
	});
});
