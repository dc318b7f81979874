import { searchQuery } from '../fields';
import type { ResourceOverlay } from './types';

export const charge: ResourceOverlay = {
	resource: 'charge',
	overlays: {
		search: { fields: { query: searchQuery("amount>999 AND status:'succeeded'") } },
	},
};
