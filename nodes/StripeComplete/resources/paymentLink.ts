import { FieldError } from '../../shared/errors';
import { isEmpty, toText } from '../../shared/values';
import { lineItems, type Field } from '../fields';
import type { ResourceOverlay } from './types';

/** After payment, send the customer to this URL instead of Stripe's confirmation page. */
const redirectUrl: Field = {
	property: {
		displayName: 'Redirect URL',
		name: 'redirectUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/thanks',
		description: 'Where to send customers after payment',
	},
	apply(value, request) {
		if (isEmpty(value)) return;
		const url = toText(value, 'Redirect URL');
		if (!/^https?:\/\//.test(url))
			throw new FieldError('Redirect URL', `must start with https:// or http://, got "${url}"`);
		request.params.after_completion = { type: 'redirect', redirect: { url } };
	},
};

export const paymentLink: ResourceOverlay = {
	resource: 'paymentLink',
	overlays: {
		create: {
			fields: {
				line_items: lineItems('line_items', 'Line Items', false, true),
				after_completion: redirectUrl,
			},
		},
		update: {
			description: 'Activate or deactivate a payment link, or change its settings',
			fields: { after_completion: redirectUrl },
		},
	},
};
