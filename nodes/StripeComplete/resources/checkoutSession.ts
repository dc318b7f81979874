import { lineItems } from '../fields';
import type { ResourceOverlay } from './types';

export const checkoutSession: ResourceOverlay = {
	resource: 'checkoutSession',
	overlays: {
		create: {
			top: ['mode', 'customer', 'line_items', 'success_url'],
			fields: { line_items: lineItems('line_items', 'Line Items', false) },
		},
	},
};
