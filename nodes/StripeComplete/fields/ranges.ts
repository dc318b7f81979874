import { camel, type Field, type ParamPath } from './field';
import { amount } from './money';
import { date, integer } from './scalars';

/**
 * A range filter (Stripe's `created[gte]` / `created[lte]`) as two fields: Created After / Created
 * Before for dates, or Minimum / Maximum for numbers.
 */
export function range<P>(
	path: ParamPath<P>,
	label: string,
	kind: 'date' | 'amount' | 'integer',
): Array<Field<P>> {
	const bounds =
		kind === 'date' ? (['After', 'Before'] as const) : (['Minimum', 'Maximum'] as const);
	return bounds.map((bound, i) => {
		const at = `${path}.${i ? 'lte' : 'gte'}` as ParamPath<P>;
		const display = {
			displayName: `${label} ${bound}`,
			name: `${camel(path)}${bound === 'Minimum' ? 'Min' : bound === 'Maximum' ? 'Max' : bound}`,
		};
		if (kind === 'date')
			return date<P>(at, {
				...display,
				description: `Only objects ${i ? 'at or before' : 'at or after'} this time`,
			});
		return kind === 'amount' ? amount<P>(at, display) : integer<P>(at, display);
	});
}

/** Created-date range filter: Stripe's `created[gte]` / `created[lte]`. */
export const createdRange = <P>(): Array<Field<P>> =>
	range<P>('created' as ParamPath<P>, 'Created', 'date');
