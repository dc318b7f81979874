import { searchQuery } from '../fields';
import type { ResourceOverlay } from './types';

export const customer: ResourceOverlay = {
	resource: 'customer',
	overlays: {
		search: { fields: { query: searchQuery("email:'jenny@example.com'") } },
	},
};
