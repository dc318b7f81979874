import type { INodePropertyOptions } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { shown } from '../../shared/values';

/** The currencies Stripe supports for charges (https://docs.stripe.com/currencies). */
export const CURRENCIES = (
	'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk ' +
	'djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd ' +
	'kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ' +
	'ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
).split(' ');

/**
 * Currencies without a minor unit: 500 JPY is ¥500, not ¥5. Stripe's list also names UGX, but its special
 * cases say UGX is sent as ISK is, two-decimal with 00 (5 UGX is 500): a 100x difference, so UGX is not here.
 */
export const ZERO_DECIMAL = new Set(
	'bif clp djf gnf jpy kmf krw mga pyg rwf vnd vuv xaf xof xpf'.split(' '),
);
/** Currencies with three decimals: 5000 KWD is 5.000 KWD. */
const THREE_DECIMAL = new Set('bhd jod kwd omr tnd'.split(' '));

const decimals = (currency: string) =>
	ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;

interface Step {
	step: number;
	why: string;
}

/**
 * What Stripe takes beyond the decimals (https://docs.stripe.com/currencies#special-cases): three-decimal
 * amounts end in 0 (5.120 KWD, never 5.124); ISK and UGX are two-decimal in the API but whole units only.
 */
const STEP: Record<string, Step> = {
	...Object.fromEntries(
		[...THREE_DECIMAL].map((c) => [
			c,
			{ step: 10, why: 'its last digit must be 0 (5.120, not 5.124)' },
		]),
	),
	isk: { step: 100, why: 'Stripe takes whole krónur only (5 ISK is 500)' },
	ugx: { step: 100, why: 'Stripe takes whole shillings only (5 UGX is 500)' },
};

/** Payouts: HUF and TWD are charged with two decimals but paid out in whole units only. */
const PAYOUT_STEP: Record<string, Step> = {
	huf: { step: 100, why: 'Stripe pays out whole forints only (10 HUF is 1000)' },
	twd: { step: 100, why: 'Stripe pays out whole dollars only (800 TWD is 80000)' },
};

/**
 * An amount in the smallest unit that Stripe takes in this currency (for a payout where `payout`), or
 * an error naming the field: never rounded here, since which way to round is the workflow's choice.
 */
export function checkStep(amount: number, currency: string, field: string, payout = false): number {
	const rule = (payout && PAYOUT_STEP[currency]) || STEP[currency];
	if (rule && amount % rule.step !== 0)
		throw new FieldError(
			field,
			`${amount} (${currency.toUpperCase()}) cannot be sent: ${rule.why}; round it in the workflow if that is what you want`,
		);
	return amount;
}

/** "12.50 usd", "JPY 1200", "1.250 KWD": a decimal amount and its currency. */
const DECIMAL_AMOUNT = /^([a-z]{3})?\s*(-?)(\d+)(?:\.(\d+))?\s*([a-z]{3})?$/i;

/** Whether text is a decimal amount with its currency rather than digits in the smallest unit. */
export const isDecimalAmount = (value: unknown) =>
	typeof value === 'string' && /[a-z.,]/i.test(value);

/**
 * A decimal amount with its currency ("12.50 usd") in the currency's smallest unit, as Stripe takes it:
 * zero-decimal currencies as they are (1200 JPY is 1200), two-decimal ones times 100, three-decimal
 * ones times 1000. Never rounded: more decimals than the currency has, a step Stripe refuses, or a
 * currency Stripe does not list is an error naming the field.
 */
export function toSmallestUnit(value: string, field: string): number {
	return parseAmount(value, field).amount;
}

/** A decimal amount with its currency: the amount in the smallest unit, and the currency it is in. */
export function parseAmount(value: string, field: string): { amount: number; currency: string } {
	const match = DECIMAL_AMOUNT.exec(value.trim());
	const [, before, sign, whole, fraction = '', after] = match ?? [];
	if (!match || !!before === !!after)
		throw new FieldError(
			field,
			`must be a whole number in the smallest unit (1050) or a decimal with its currency (10.50 usd), got ${shown(value)}`,
		);
	const currency = (before ?? after).toLowerCase();
	if (!CURRENCIES.includes(currency))
		throw new FieldError(
			field,
			`${currency.toUpperCase()} is not a currency Stripe takes, in ${shown(value)}`,
		);
	const places = decimals(currency);
	const digits = fraction.replace(/0+$/, '');
	if (digits.length > places)
		throw new FieldError(
			field,
			`${currency.toUpperCase()} has ${places === 0 ? 'no decimals' : `${places} decimals`}, so ${shown(value)} cannot be sent without rounding`,
		);
	const amount = Number(`${sign}${whole}${digits.padEnd(places, '0')}`);
	if (!Number.isSafeInteger(amount)) throw new FieldError(field, `is too large: ${shown(value)}`);
	const rule = STEP[currency];
	if (rule && amount % rule.step !== 0)
		throw new FieldError(
			field,
			`${shown(value)} cannot be sent: ${rule.why}; round it in the workflow if that is what you want`,
		);
	return { amount, currency };
}

/** An amount in the smallest unit as people read it: 1050 usd is "10.50 USD". */
export const formatAmount = (amount: number, currency: string) =>
	`${(amount / 10 ** decimals(currency.toLowerCase())).toFixed(decimals(currency.toLowerCase()))} ${currency.toUpperCase()}`;

/** The Currency dropdown, searchable by code; expressions still take any code. */
export const currencyOptions = (): INodePropertyOptions[] =>
	CURRENCIES.map((code) => ({
		name: `${code.toUpperCase()}${ZERO_DECIMAL.has(code) ? ' (zero-decimal: amounts in whole units)' : STEP[code]?.step === 100 ? ' (whole units, sent times 100: 5 is 500)' : ''}`,
		value: code,
	}));
