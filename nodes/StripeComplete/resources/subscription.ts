import { lineItems } from '../fields';
import type { ResourceOverlay } from './types';

export const subscription: ResourceOverlay = {
	resource: 'subscription',
	overlays: {
		// Stripe also takes a v2 account as the customer (Customer Account), so Customer stays optional.
		create: {
			top: ['customer'],
			require: ['items'],
			fields: { items: lineItems('items', 'Items', true, true) },
		},
	},
};
