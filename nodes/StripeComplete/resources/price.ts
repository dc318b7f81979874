import type Stripe from 'stripe';
import { amount, boolean, choice, collection, createdRange, currency, id, integer, metadata, pathId, searchQuery, string, type Field } from '../fields';
import { list, read, search, write } from '../operation';
import type { Resource } from './types';

type Create = Stripe.PriceCreateParams;
type Editable = Create & Stripe.PriceUpdateParams;

const priceId = pathId('price', 'price', 'Price ID');

const required: Array<Field<Create>> = [
	id('product', 'product', { displayName: 'Product ID', required: true }),
	amount('unit_amount', { displayName: 'Unit Amount', required: true }),
	currency('currency', { required: true }),
];

const taxBehavior = choice<Editable>('tax_behavior', { displayName: 'Tax Behavior' }, [['Exclusive', 'exclusive'], ['Inclusive', 'inclusive'], ['Unspecified', 'unspecified']]);

const editable = (): Array<Field<Editable>> => [
	string('nickname', { displayName: 'Nickname', description: 'A brief description of the price, hidden from customers' }),
	string('lookup_key', { displayName: 'Lookup Key', description: 'A stable key to find this price by, e.g. standard_monthly' }),
	boolean('active', { displayName: 'Active', description: 'Whether the price can be used for new purchases' }, true),
	taxBehavior,
	metadata(),
];

export const price: Resource = {
	name: 'Price',
	value: 'price',
	operations: [
		write<Create>({
			value: 'create',
			sdk: ['prices.create'],
			action: 'Create a one-time price',
			name: 'Create',
			fields: required,
			optional: editable(),
			call: (stripe, params, options) => stripe.prices.create(params, options),
		}),
		write<Create>({
			value: 'createRecurring',
			sdk: ['prices.create'],
			action: 'Create a recurring price',
			name: 'Create Recurring',
			fields: [
				...required,
				choice('recurring.interval', { displayName: 'Billing Interval', required: true }, [['Day', 'day'], ['Week', 'week'], ['Month', 'month'], ['Year', 'year']], 'month'),
			],
			optional: [
				integer('recurring.interval_count', { displayName: 'Interval Count', description: 'Number of intervals between bills, e.g. 3 with Month bills quarterly' }, 1),
				choice('recurring.usage_type', { displayName: 'Usage Type', description: 'Licensed bills a set quantity; metered bills reported usage' }, [['Licensed', 'licensed'], ['Metered', 'metered']], 'licensed'),
				id('recurring.meter', 'billing.meter', { displayName: 'Meter ID', description: 'The billing meter that reports usage for a metered price' }),
				...editable(),
			],
			call: (stripe, params, options) => stripe.prices.create(params, options),
		}),
		read<Stripe.PriceRetrieveParams>({
			value: 'get',
			sdk: ['prices.retrieve'],
			action: 'Get a price',
			fields: [priceId],
			call: (stripe, params, options, path) => stripe.prices.retrieve(path.price, params, options),
		}),
		list<Stripe.PriceListParams>({
			value: 'getAll',
			sdk: ['prices.list'],
			action: 'Get many prices',
			fields: [
				collection<Stripe.PriceListParams>('filters', 'Filters', [
					id('product', 'product', { displayName: 'Product ID' }),
					boolean('active', { displayName: 'Active', description: 'Whether to return only active prices (on) or only inactive ones (off)' }, true),
					choice('type', { displayName: 'Type' }, [['One Time', 'one_time'], ['Recurring', 'recurring']], 'one_time'),
					currency(),
					...createdRange<Stripe.PriceListParams>(),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.prices.list(params, options),
		}),
		write<Stripe.PriceUpdateParams>({
			value: 'update',
			sdk: ['prices.update'],
			action: 'Update a price',
			fields: [priceId],
			optional: editable(),
			call: (stripe, params, options, path) => stripe.prices.update(path.price, params, options),
		}),
		search<Stripe.PriceSearchParams>({
			value: 'search',
			sdk: ['prices.search'],
			action: 'Search prices',
			fields: [searchQuery("active:'true' AND metadata['order_id']:'6735'")],
			call: (stripe, params, options) => stripe.prices.search(params, options),
		}),
	],
};
