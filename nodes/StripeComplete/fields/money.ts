import { FieldError } from '../../shared/errors';
import { shown, toText } from '../../shared/values';
import { base, param, type Display, type Field, type ParamPath } from './field';
import { integer } from './scalars';

/**
 * Amounts are integers in the currency's smallest unit, as Stripe takes them: at least `min` (1 where
 * Stripe wants a positive amount; null where it takes a negative one, a credit).
 */
export function amount<P>(
	path: ParamPath<P> = 'amount' as ParamPath<P>,
	display: Partial<Display> = {},
	min: number | null = 0,
): Field<P> {
	const field = integer(
		path,
		{
			displayName: 'Amount',
			description: "Amount in the currency's smallest unit, as Stripe expects it",
			hint: 'Smallest currency unit: 1050 = $10.50 USD; 500 = ¥500 JPY (zero-decimal)',
			...display,
		},
		min,
	);
	// An amount added to a form starts empty: nothing is sent until one is typed.
	field.property.default = null;
	return field;
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
	return param(path, property, (value) => {
		const code = toText(value, d.displayName).toLowerCase();
		if (!/^[a-z]{3}$/.test(code))
			throw new FieldError(
				d.displayName,
				`must be a three-letter ISO currency code such as usd, got ${shown(value)}`,
			);
		return code;
	});
}
