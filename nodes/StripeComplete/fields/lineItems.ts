import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { checkId } from '../../shared/ids';
import { isEmpty, part, shown, toInteger, toText } from '../../shared/values';
import { locatorProperty, locatorValue } from './pickers';
import { camel, setParam, type Field } from './field';
import { parseJsonValue } from './json';

const INTERVALS = ['day', 'week', 'month', 'year'];
const oneOf = (value: string, values: string[], field: string) => {
	if (!values.includes(value))
		throw new FieldError(field, `must be one of ${values.join(', ')}, got ${shown(value)}`);
	return value;
};

/**
 * Line items as a repeatable form: a price and a quantity, or a price given inline (product, unit amount,
 * currency and, for subscriptions, the interval), so the common case needs no JSON.
 */
export function lineItems(
	path: string,
	displayName: string,
	recurring: boolean,
	required = false,
	priceAt: 'price' | 'pricing.price' = 'price',
	name = camel(path),
): Field {
	// The inline price's fields are named as one group, apart from the catalog price they replace.
	const inline = (label: string) => `Inline Price: ${label}`;
	const values: INodeProperties[] = [
		locatorProperty('price', {
			displayName: 'Price ID',
			name: 'price',
			description:
				'A price from your catalog. Or leave it empty and give the price in the Inline Price fields.',
		})!,
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 1, numberPrecision: 0 },
		},
		{
			displayName: inline('Product ID'),
			name: 'product',
			type: 'string',
			default: '',
			placeholder: 'prod_...',
		},
		{
			displayName: inline('Unit Amount'),
			name: 'unitAmount',
			type: 'number',
			default: null,
			typeOptions: { minValue: 0, numberPrecision: 0 },
			hint: "In the currency's smallest unit: 1050 = $10.50",
		},
		// Text, not the Currency dropdown: an empty dropdown in a line item that names a Price ID would be flagged as missing.
		{
			displayName: inline('Currency'),
			name: 'currency',
			type: 'string',
			default: '',
			placeholder: 'usd',
		},
	];
	if (recurring)
		values.push({
			displayName: inline('Interval'),
			name: 'interval',
			type: 'options',
			default: 'month',
			options: [
				{ name: 'Day', value: 'day' },
				{ name: 'Week', value: 'week' },
				{ name: 'Month', value: 'month' },
				{ name: 'Year', value: 'year' },
			],
		});
	const fail = (problem: string) => new FieldError(displayName, problem);
	const field: Field = {
		path,
		property: {
			displayName,
			name,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Line Item',
			default: {},
			required,
			options: [{ displayName: 'Line Item', name: 'item', values }],
		},
		apply(value, request) {
			// An expression may give Stripe's own list (JSON text or a list), for what the form does not offer.
			if (Array.isArray(value) || (typeof value === 'string' && value.trim().startsWith('['))) {
				setParam(request.params, path, parseJsonValue(value, displayName, 'list'));
				return;
			}
			const items = isEmpty(value) ? [] : ((value as IDataObject).item ?? []);
			if (!Array.isArray(items)) throw fail(`must be a list of line items, got ${shown(value)}`);
			if (!items.length) {
				if (required) throw fail('add at least one line item');
				return;
			}
			setParam(
				request.params,
				path,
				items.map((item: IDataObject, i) => {
					const n = `item ${i + 1}`;
					const quantity = part(displayName, `${n} Quantity`, (label) =>
						toInteger(item?.quantity ?? 1, label, 1),
					);
					const price = part(displayName, `${n} Price ID`, (label) =>
						locatorValue(item?.price, 'price', label),
					);
					// Invoice lines name their price under `pricing`.
					if (price)
						return { ...(priceAt === 'price' ? { price } : { pricing: { price } }), quantity };
					if (isEmpty(item?.product) || isEmpty(item?.currency))
						throw fail(
							`${n} needs a Price ID, or an inline price with Product ID, Unit Amount and Currency`,
						);
					const currencyCode = part(displayName, `${n} Currency`, (label) =>
						toText(item.currency, label).toLowerCase(),
					);
					if (!/^[a-z]{3}$/.test(currencyCode))
						throw fail(`${n} Currency must be a three-letter ISO currency code such as usd`);
					return {
						price_data: {
							currency: currencyCode,
							product: part(displayName, `${n} Product ID`, (label) =>
								checkId(toText(item.product, label), 'product', label),
							),
							unit_amount: part(displayName, `${n} Unit Amount`, (label) =>
								toInteger(item.unitAmount, label, 0),
							),
							...(recurring
								? {
										recurring: {
											interval: part(displayName, `${n} Interval`, (label) =>
												oneOf(toText(item.interval ?? 'month', label), INTERVALS, label),
											),
										},
									}
								: {}),
						},
						quantity,
					};
				}),
			);
		},
	};
	// Required line items start with one to fill in; optional ones (a setup-mode session has none) empty.
	if (required)
		field.property.default = {
			item: [{ price: { __rl: true, mode: 'list', value: '' }, quantity: 1 }],
		};
	return field;
}
