import type { INodePropertyOptions } from 'n8n-workflow';

/** The currencies Stripe supports for charges (https://docs.stripe.com/currencies). */
export const CURRENCIES = (
	'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny cop crc cve czk ' +
	'djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd ' +
	'kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ' +
	'ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
).split(' ');

/** Currencies without a minor unit: 500 JPY is ¥500, not ¥5. */
export const ZERO_DECIMAL = new Set(
	'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);
/** Currencies with three decimals: 5000 KWD is 5.000 KWD. */
const THREE_DECIMAL = new Set('bhd jod kwd omr tnd'.split(' '));

const decimals = (currency: string) =>
	ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;

/** An amount in the smallest unit as people read it: 1050 usd is "10.50 USD". */
export const formatAmount = (amount: number, currency: string) =>
	`${(amount / 10 ** decimals(currency.toLowerCase())).toFixed(decimals(currency.toLowerCase()))} ${currency.toUpperCase()}`;

/** The Currency dropdown, searchable by code; expressions still take any code. */
export const currencyOptions = (): INodePropertyOptions[] =>
	CURRENCIES.map((code) => ({
		name: `${code.toUpperCase()}${ZERO_DECIMAL.has(code) ? ' (zero-decimal: amounts in whole units)' : ''}`,
		value: code,
	}));
