import type Stripe from 'stripe';
import { type Field, address, createdRange, collection, metadata, choice, id, pathId, searchQuery, string } from '../fields';
import { list, read, remove, search, write } from '../operation';
import type { Resource } from './types';

type Editable = Stripe.CustomerCreateParams & Stripe.CustomerUpdateParams;

const customerId = pathId('customer', 'customer', 'Customer ID');

const editable = (): Array<Field<Editable>> => [
	string('email', { displayName: 'Email', placeholder: 'name@email.com' }),
	string('name', { displayName: 'Name' }),
	string('phone', { displayName: 'Phone' }),
	string('description', { displayName: 'Description' }),
	address('address', 'Address', true),
	id('payment_method', 'payment_method', { displayName: 'Payment Method ID', description: 'ID of a PaymentMethod to attach to the customer' }),
	string('invoice_prefix', { displayName: 'Invoice Prefix', description: '3-12 uppercase letters or numbers prefixed to invoice numbers' }),
	choice('tax_exempt', { displayName: 'Tax Exempt', clearable: true }, [['None', 'none'], ['Exempt', 'exempt'], ['Reverse', 'reverse']], 'none'),
	metadata(),
];

export const customer: Resource = {
	name: 'Customer',
	value: 'customer',
	operations: [
		write<Stripe.CustomerCreateParams>({
			value: 'create',
			sdk: ['customers.create'],
			action: 'Create a customer',
			optional: editable(),
			call: (stripe, params, options) => stripe.customers.create(params, options),
		}),
		write<Stripe.CustomerUpdateParams>({
			value: 'update',
			sdk: ['customers.update'],
			action: 'Update a customer',
			fields: [customerId],
			optional: editable().filter((f) => f.property.name !== 'paymentMethod'),
			call: (stripe, params, options, path) => stripe.customers.update(path.customer, params, options),
		}),
		read<Stripe.CustomerRetrieveParams>({
			value: 'get',
			sdk: ['customers.retrieve'],
			action: 'Get a customer',
			fields: [customerId],
			call: (stripe, params, options, path) => stripe.customers.retrieve(path.customer, params, options),
		}),
		list<Stripe.CustomerListParams>({
			value: 'getAll',
			sdk: ['customers.list'],
			action: 'Get many customers',
			fields: [
				collection<Stripe.CustomerListParams>('filters', 'Filters', [
					string('email', { displayName: 'Email', placeholder: 'name@email.com', description: 'Only customers with exactly this email (case-sensitive)' }),
					...createdRange<Stripe.CustomerListParams>(),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.customers.list(params, options),
		}),
		remove<Stripe.CustomerDeleteParams>({
			value: 'delete',
			sdk: ['customers.del'],
			action: 'Delete a customer',
			fields: [customerId],
			call: (stripe, params, options, path) => stripe.customers.del(path.customer, params, options),
		}),
		search<Stripe.CustomerSearchParams>({
			value: 'search',
			sdk: ['customers.search'],
			action: 'Search customers',
			fields: [searchQuery("email:'jenny@example.com'")],
			call: (stripe, params, options) => stripe.customers.search(params, options),
		}),
	],
};
