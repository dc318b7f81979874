import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { pollingProperties } from '../shared/events/description';
import { pollStripeEvents } from '../shared/events/trigger';
import { CREDENTIAL } from '../shared/client';

export class StripeCompletePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Complete Polling Trigger',
		name: 'stripeCompletePollingTrigger',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow on new Stripe events by polling the Stripe Events API; needs no public URL',
		defaults: { name: 'Stripe Complete Polling Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		polling: true,
		properties: pollingProperties,
	};

	poll = pollStripeEvents;
}
