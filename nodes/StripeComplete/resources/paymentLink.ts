import type { IDataObject } from 'n8n-workflow';
import { FieldError, isEmpty, part, shown, toInteger, toText, type Field } from '../fields';
import { checkId } from '../ids';
import type { ResourceOverlay } from './types';

/** Line items as a repeatable form of price and quantity, rather than JSON. */
const lineItems: Field = {
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
const redirectUrl: Field = {
	property: { displayName: 'Redirect URL', name: 'redirectUrl', type: 'string', default: '', placeholder: 'https://example.com/thanks', description: 'Where to send customers after payment' },
	apply(value, request) {
		if (isEmpty(value)) return;
		const url = toText(value, 'Redirect URL');
		if (!/^https?:\/\//.test(url)) throw new FieldError('Redirect URL', `must start with https:// or http://, got "${url}"`);
		request.params.after_completion = { type: 'redirect', redirect: { url } };
	},
};

export const paymentLink: ResourceOverlay = {
	sdk: 'paymentLinks',
	overlays: {
		create: { fields: { line_items: lineItems, after_completion: redirectUrl } },
		update: { description: 'Activate or deactivate a payment link, or change its settings', fields: { after_completion: redirectUrl } },
	},
};
