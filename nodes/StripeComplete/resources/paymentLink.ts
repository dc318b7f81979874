import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { boolean, collection, FieldError, isEmpty, metadata, part, pathId, shown, toInteger, toText, type Field } from '../fields';
import { checkId } from '../ids';
import { list, read, write } from '../operation';
import type { Resource } from './types';

const paymentLinkId = pathId('payment_link', 'payment_link', 'Payment Link ID');

const lineItems: Field<Stripe.PaymentLinkCreateParams> = {
	property: {
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item',
		default: { item: [{ price: '', quantity: 1 }] },
		required: true,
		options: [
			{
				displayName: 'Line Item',
				name: 'item',
				values: [
					{ displayName: 'Price ID', name: 'price', type: 'string', default: '', placeholder: 'price_...' },
					{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1, typeOptions: { minValue: 1, numberPrecision: 0 } },
				],
			},
		],
	},
	apply(value, request) {
		const items = isEmpty(value) ? [] : (value as IDataObject).item;
		if (!Array.isArray(items)) throw new FieldError('Line Items', `must be a list of line items, got ${shown(value)}`);
		if (!items.length) throw new FieldError('Line Items', 'add at least one line item');
		request.params.line_items = items.map((item: IDataObject, i) => {
			if (isEmpty(item?.price)) throw new FieldError('Line Items', `item ${i + 1} needs a Price ID`);
			return {
				price: part('Line Items', `item ${i + 1} Price ID`, (label) => checkId(toText(item.price, label), 'price', label)),
				quantity: part('Line Items', `item ${i + 1} Quantity`, (label) => toInteger(item.quantity ?? 1, label, 1)),
			};
		});
	},
};

/** After payment, send the customer to this URL instead of Stripe's confirmation page. */
const redirectUrl: Field<Stripe.PaymentLinkCreateParams & Stripe.PaymentLinkUpdateParams> = {
	property: { displayName: 'Redirect URL', name: 'redirectUrl', type: 'string', default: '', placeholder: 'https://example.com/thanks', description: 'Where to send customers after payment' },
	apply(value, request) {
		if (isEmpty(value)) return;
		const url = toText(value, 'Redirect URL');
		if (!/^https?:\/\//.test(url)) throw new FieldError('Redirect URL', `must start with https:// or http://, got "${url}"`);
		request.params.after_completion = { type: 'redirect', redirect: { url } };
	},
};

const editable = (): Array<Field<Stripe.PaymentLinkCreateParams & Stripe.PaymentLinkUpdateParams>> => [
	boolean('allow_promotion_codes', { displayName: 'Allow Promotion Codes' }),
	redirectUrl,
	metadata(false),
];

export const paymentLink: Resource = {
	name: 'Payment Link',
	value: 'paymentLink',
	operations: [
		write<Stripe.PaymentLinkCreateParams>({
			value: 'create',
			sdk: ['paymentLinks.create'],
			action: 'Create a payment link',
			fields: [lineItems],
			optional: editable(),
			call: (stripe, params, options) => stripe.paymentLinks.create(params, options),
		}),
		read<Stripe.PaymentLinkRetrieveParams>({
			value: 'get',
			sdk: ['paymentLinks.retrieve'],
			action: 'Get a payment link',
			fields: [paymentLinkId],
			call: (stripe, params, options, path) => stripe.paymentLinks.retrieve(path.payment_link, params, options),
		}),
		list<Stripe.PaymentLinkListParams>({
			value: 'getAll',
			sdk: ['paymentLinks.list'],
			action: 'Get many payment links',
			fields: [
				collection<Stripe.PaymentLinkListParams>('filters', 'Filters', [
					boolean('active', { displayName: 'Active', description: 'Whether to return only active links (on) or only deactivated ones (off)' }, true),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.paymentLinks.list(params, options),
		}),
		write<Stripe.PaymentLinkUpdateParams>({
			value: 'update',
			sdk: ['paymentLinks.update'],
			action: 'Update a payment link',
			description: 'Activate or deactivate a payment link, or change its settings',
			fields: [paymentLinkId],
			optional: [boolean('active', { displayName: 'Active', description: 'Whether the link can be used (off deactivates it)' }, true), ...editable()],
			call: (stripe, params, options, path) => stripe.paymentLinks.update(path.payment_link, params, options),
		}),
	],
};
