import { FieldError } from '../../nodes/shared/errors';
import { toSmallestUnit } from '../../nodes/StripeComplete/fields/currencies';
import { amount } from '../../nodes/StripeComplete/fields';

const sent = (value: unknown, min: number | null = 0) => {
	const request = { params: {} as Record<string, unknown> };
	amount('amount' as never, {}, min).apply(value, request as never);
	return request.params.amount;
};
const refusal = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return (error as FieldError).message;
	}
	throw new Error('expected a refusal');
};

describe('a decimal amount with its currency, in the smallest unit by Stripe’s rules', () => {
	it.each([
		['12.50 USD', 1250],
		['usd 12.5', 1250],
		['0.99 eur', 99],
		['12 EUR', 1200],
		['1200 JPY', 1200],
		['1200.00 JPY', 1200],
		['15000 KRW', 15000],
		['1.250 KWD', 1250],
		['0.5 BHD', 500],
		['7.10 BHD', 7100],
		['2500.50 HUF', 250050],
		['40 ISK', 4000],
		['5 UGX', 500],
		['15000 ugx', 1500000],
		['-3.25 usd', -325],
	])('%s is %i', (text, expected) => {
		expect(toSmallestUnit(text, 'Amount')).toBe(expected);
	});

	it.each([
		['12.505 USD', /USD has 2 decimals, so "12.505 USD" cannot be sent without rounding/],
		['1200.5 JPY', /JPY has no decimals/],
		['10.5 KRW', /KRW has no decimals/],
		['1.2345 KWD', /KWD has 3 decimals/],
		['5.124 KWD', /its last digit must be 0/],
		['40.10 ISK', /whole krónur only/],
		['5.5 UGX', /whole shillings only/],
		['12.50 XYZ', /XYZ is not a currency Stripe takes/],
		['12.50', /a decimal with its currency/],
		['USD 12.50 EUR', /a decimal with its currency/],
	])('refuses %s, naming the field', (text, message) => {
		expect(refusal(() => toSmallestUnit(text, 'Amount'))).toMatch(/^Amount: /);
		expect(refusal(() => toSmallestUnit(text, 'Amount'))).toMatch(message);
	});

	it('is what an amount field sends, beside the smallest unit it always took', () => {
		expect(sent(1050)).toBe(1050);
		expect(sent('1050')).toBe(1050);
		expect(sent('10.50 usd')).toBe(1050);
		expect(refusal(() => sent('1,250 JPY'))).toMatch(/a decimal with its currency \(10.50 usd\)/);
		expect(refusal(() => sent('12.50'))).toMatch(/a decimal with its currency/);
		expect(refusal(() => sent(12.5))).toMatch(/whole number in the smallest unit/);
		expect(refusal(() => sent('0.00 usd', 1))).toMatch(/at least 1/);
	});
});
