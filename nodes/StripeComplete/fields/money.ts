import { FieldError } from '../../shared/errors';
import { isEmpty, shown, toInteger, toText } from '../../shared/values';
import { isDecimalAmount, parseAmount } from './currencies';
import { base, param, type Display, type Field, type ParamPath, type Request } from './field';
import { integer } from './scalars';

/**
 * Amounts in the currency's smallest unit, as Stripe takes them (1050 is 10.50 USD), or a decimal with
 * its currency (`10.50 usd`, e.g. from a shop's "12.50" and "USD"), converted by Stripe's rules; at
 * least `min` (1 where Stripe wants a positive amount; null where it takes a negative one, a credit).
 */
/** The hint of every amount field: how it reads amounts (also how a tool description finds them). */
export const AMOUNT_HINT =
	'Smallest unit: 1050 = $10.50 USD, 500 = ¥500 JPY; or a decimal with its currency: 10.50 usd';

export function amount<P>(
	path: ParamPath<P> = 'amount' as ParamPath<P>,
	display: Partial<Display> = {},
	min: number | null = 0,
): Field<P> {
	const d: Display = {
		displayName: 'Amount',
		description: "Amount in the currency's smallest unit, or a decimal with its currency",
		hint: AMOUNT_HINT,
		...display,
	};
	const field = integer(path, d, min);
	// An amount added to a form starts empty: nothing is sent until one is typed.
	field.property.default = null;
	const least = min ?? Number.MIN_SAFE_INTEGER;
	// Every amount given is noted, with a decimal's currency, for the check that the money moves in it.
	const noted = (request: Request, amount: number, currency?: string) => {
		(request.amounts ??= []).push({ path, field: d.displayName, currency });
		return amount;
	};
	return param<P>(
		path,
		field.property,
		(value, request) => {
			// Text with a decimal point or letters is a decimal amount; it needs its currency.
			if (isDecimalAmount(value)) {
				const { amount: units, currency } = parseAmount(value as string, d.displayName);
				return noted(request, toInteger(units, d.displayName, least), currency);
			}
			if (typeof value === 'number' && !Number.isInteger(value))
				throw new FieldError(
					d.displayName,
					`must be a whole number in the smallest unit (1050 is 10.50 usd), or a decimal with its currency as text (10.50 usd), got ${value}`,
				);
			return noted(request, toInteger(value, d.displayName, least));
		},
		d.clearable,
	);
}

/**
 * An amount that Stripe reads as "all of it" when it is left out (a refund's, a capture's): left out of
 * the form or given as `all`, nothing is sent and Stripe takes everything; given but empty (an expression
 * on a field the input lacks), it is refused, so an empty value never becomes the whole payment.
 */
export function wholeWhenLeftOut<P>(field: Field<P>): Field<P> {
	const name = field.property.displayName;
	return {
		...field,
		property: {
			...field.property,
			description: `${(field.property.description ?? name).replace(/\.$/, '')}. Leave the field out, or enter all, for the whole amount; an empty value is refused.`,
		},
		apply(value, request) {
			if (typeof value === 'string' && value.trim().toLowerCase() === 'all') return;
			if (isEmpty(value))
				throw new FieldError(
					name,
					`is empty, and Stripe would take an amount left out as all of it: give an amount, or all for the whole amount`,
				);
			field.apply(value, request);
		},
	};
}

/** A currency: a searchable dropdown of the currencies Stripe supports, or any ISO code from an expression. */
export function currency<P>(
	path: ParamPath<P> = 'currency' as ParamPath<P>,
	display: Partial<Display> = {},
): Field<P> {
	const d = {
		displayName: 'Currency',
		description: 'Three-letter ISO code, e.g. usd, eur',
		...display,
	};
	const property = base(path, d, 'options', '');
	property.typeOptions = { loadOptionsMethod: 'getCurrencies' };
	const inner = param<P>(path, property, (value) => {
		const code = toText(value, d.displayName).toLowerCase();
		if (!/^[a-z]{3}$/.test(code))
			throw new FieldError(
				d.displayName,
				`must be a three-letter ISO currency code such as usd, got ${shown(value)}`,
			);
		return code;
	});
	return {
		...inner,
		apply(value, request) {
			// A decimal amount beside it may still name it ("10.50 usd"); operations/money.ts decides.
			if (isEmpty(value) && property.required)
				(request.currencyNeeded ??= []).push({ path, field: d.displayName });
			else inner.apply(value, request);
		},
	};
}
