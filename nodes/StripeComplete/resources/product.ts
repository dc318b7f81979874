import { searchQuery } from '../fields';
import type { ResourceOverlay } from './types';

export const product: ResourceOverlay = {
	resource: 'product',
	overlays: {
		delete: {
			description: 'Delete a product that has no prices; archive it (Update, Active off) otherwise',
		},
		search: { fields: { query: searchQuery("active:'true' AND name~'shirt'") } },
	},
};
