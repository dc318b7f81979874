import type Stripe from 'stripe';
import { boolean, collection, createdRange, metadata, pathId, searchQuery, string, type Field } from '../fields';
import { list, read, remove, search, write } from '../operation';
import type { Resource } from './types';

type Editable = Stripe.ProductCreateParams & Stripe.ProductUpdateParams;

const productId = pathId('product', 'product', 'Product ID');

const editable = (): Array<Field<Editable>> => [
	string('description', { displayName: 'Description', clearable: true }),
	boolean('active', { displayName: 'Active', description: 'Whether the product can be bought' }, true),
	string('url', { displayName: 'URL', description: 'A publicly accessible web page for the product', clearable: true }),
	string('statement_descriptor', { displayName: 'Statement Descriptor', description: 'Up to 22 characters shown on card statements' }),
	string('unit_label', { displayName: 'Unit Label', description: 'Label for units on receipts and invoices, e.g. seat', clearable: true }),
	string('tax_code', { displayName: 'Tax Code', placeholder: 'txcd_10000000', clearable: true }),
	metadata(),
];

export const product: Resource = {
	name: 'Product',
	value: 'product',
	operations: [
		write<Stripe.ProductCreateParams>({
			value: 'create',
			sdk: ['products.create'],
			action: 'Create a product',
			fields: [string('name', { displayName: 'Name', required: true, description: 'Shown to customers' })],
			optional: editable(),
			call: (stripe, params, options) => stripe.products.create(params, options),
		}),
		read<Stripe.ProductRetrieveParams>({
			value: 'get',
			sdk: ['products.retrieve'],
			action: 'Get a product',
			fields: [productId],
			call: (stripe, params, options, path) => stripe.products.retrieve(path.product, params, options),
		}),
		list<Stripe.ProductListParams>({
			value: 'getAll',
			sdk: ['products.list'],
			action: 'Get many products',
			fields: [
				collection<Stripe.ProductListParams>('filters', 'Filters', [
					boolean('active', { displayName: 'Active', description: 'Whether to return only active products (on) or only archived ones (off)' }, true),
					...createdRange<Stripe.ProductListParams>(),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.products.list(params, options),
		}),
		write<Stripe.ProductUpdateParams>({
			value: 'update',
			sdk: ['products.update'],
			action: 'Update a product',
			fields: [productId],
			optional: [string('name', { displayName: 'Name' }), ...editable()],
			call: (stripe, params, options, path) => stripe.products.update(path.product, params, options),
		}),
		remove<Stripe.ProductDeleteParams>({
			value: 'delete',
			sdk: ['products.del'],
			action: 'Delete a product',
			description: 'Delete a product that has no prices; archive it (Update, Active off) otherwise',
			fields: [productId],
			call: (stripe, params, options, path) => stripe.products.del(path.product, params, options),
		}),
		search<Stripe.ProductSearchParams>({
			value: 'search',
			sdk: ['products.search'],
			action: 'Search products',
			fields: [searchQuery("active:'true' AND name~'shirt'")],
			call: (stripe, params, options) => stripe.products.search(params, options),
		}),
	],
};
