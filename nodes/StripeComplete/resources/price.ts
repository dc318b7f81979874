import type Stripe from 'stripe';
import {
	amount,
	boolean,
	choice,
	currency,
	id,
	integer,
	metadata,
	searchQuery,
	string,
	type Field,
} from '../fields';
import { write } from '../operations/operation';
import type { ResourceOverlay } from './types';

type Create = Stripe.PriceCreateParams;

const unitAmount = amount<Create>('unit_amount', { displayName: 'Unit Amount', required: true });

/** A second form for prices.create: a recurring price with only what a subscription price needs. */
const createRecurring = write<Create>({
	value: 'createRecurring',
	sdk: ['prices.create'],
	action: 'Create a recurring price',
	name: 'Create Recurring',
	fields: [
		id('product', 'product', { displayName: 'Product ID', required: true }, true),
		unitAmount,
		currency('currency', { required: true }),
		choice(
			'recurring.interval',
			{ displayName: 'Billing Interval', required: true },
			[
				['Day', 'day'],
				['Week', 'week'],
				['Month', 'month'],
				['Year', 'year'],
			],
			'month',
		),
	],
	optional: [
		integer(
			'recurring.interval_count',
			{
				displayName: 'Interval Count',
				description: 'Number of intervals between bills, e.g. 3 with Month bills quarterly',
			},
			1,
		),
		choice(
			'recurring.usage_type',
			{
				displayName: 'Usage Type',
				description: 'Licensed bills a set quantity; metered bills reported usage',
			},
			[
				['Licensed', 'licensed'],
				['Metered', 'metered'],
			],
			'licensed',
		),
		id('recurring.meter', 'billing.meter', {
			displayName: 'Meter ID',
			description: 'The billing meter that reports usage for a metered price',
		}),
		string('nickname', {
			displayName: 'Nickname',
			description: 'A brief description of the price, hidden from customers',
		}),
		string('lookup_key', {
			displayName: 'Lookup Key',
			description: 'A stable key to find this price by, e.g. standard_monthly',
		}),
		boolean(
			'active',
			{ displayName: 'Active', description: 'Whether the price can be used for new purchases' },
			true,
		),
		choice('tax_behavior', { displayName: 'Tax Behavior' }, [
			['Exclusive', 'exclusive'],
			['Inclusive', 'inclusive'],
			['Unspecified', 'unspecified'],
		]),
		metadata() as Field<Create>,
	],
	call: (stripe, params, options) => stripe.prices.create(params, options),
});

export const price: ResourceOverlay = {
	resource: 'price',
	overlays: {
		create: {
			action: 'Create a price',
			require: ['product', 'unit_amount'],
			fields: { unit_amount: unitAmount as Field },
		},
		search: { fields: { query: searchQuery("active:'true' AND metadata['order_id']:'6735'") } },
	},
	operations: [createRecurring],
};
