import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { CREDENTIAL } from '../shared/client';
import { syncProperties } from '../shared/sync/description';
import { pollStripeSync } from '../shared/sync/trigger';

export class StripeCompleteSyncTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Complete Sync Trigger',
		name: 'stripeCompleteSyncTrigger',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["objects"].join(", ")}}',
		description:
			'Keeps a table in step with Stripe: every object once, then each one created, updated or deleted since the last poll',
		defaults: { name: 'Stripe Complete Sync' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		polling: true,
		properties: syncProperties,
	};

	poll = pollStripeSync;
}
