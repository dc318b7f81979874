import type { INodePropertyOptions } from 'n8n-workflow';
import { currencyOptions } from '../fields/currencies';

/** The node's loadOptions methods: option lists the editor loads when a dropdown opens. */
export const loadOptions = {
	async getCurrencies(): Promise<INodePropertyOptions[]> {
		return currencyOptions();
	},
};
