import type Stripe from 'stripe';
import { collection, createdRange, id, pathId, searchQuery } from '../fields';
import { list, read, search } from '../operation';
import type { Resource } from './types';

export const charge: Resource = {
	name: 'Charge',
	value: 'charge',
	operations: [
		read<Stripe.ChargeRetrieveParams>({
			value: 'get',
			sdk: ['charges.retrieve'],
			action: 'Get a charge',
			fields: [pathId('charge', 'charge', 'Charge ID')],
			call: (stripe, params, options, path) => stripe.charges.retrieve(path.charge, params, options),
		}),
		list<Stripe.ChargeListParams>({
			value: 'getAll',
			sdk: ['charges.list'],
			action: 'Get many charges',
			fields: [
				collection<Stripe.ChargeListParams>('filters', 'Filters', [
					id('customer', 'customer', { displayName: 'Customer ID' }),
					id('payment_intent', 'payment_intent', { displayName: 'Payment Intent ID' }),
					...createdRange<Stripe.ChargeListParams>(),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.charges.list(params, options),
		}),
		search<Stripe.ChargeSearchParams>({
			value: 'search',
			sdk: ['charges.search'],
			action: 'Search charges',
			fields: [searchQuery("amount>999 AND status:'succeeded'")],
			call: (stripe, params, options) => stripe.charges.search(params, options),
		}),
	],
};
