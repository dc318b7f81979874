import { NodeConnectionTypes, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { webhookProperties } from '../../shared/events/description';
import { endpointLifecycle, receiveEvent } from '../../shared/events/trigger';
import { CREDENTIAL } from '../../shared/client';

/** Stripe Complete Trigger from version 2: webhook only (polling is the Stripe Complete Polling Trigger). */
export class StripeCompleteTriggerV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Complete Trigger',
		name: 'stripeCompleteTrigger',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['trigger'],
		defaultVersion: 2,
		version: 2,
		subtitle: '={{$parameter["events"].join(", ")}}',
		// n8n's node panel shows Stripe Complete and this trigger as one entry, with this text.
		description:
			'Every Stripe resource and event: safe retried writes, Connect, search, and verified webhook triggers',
		defaults: { name: 'Stripe Complete Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: webhookProperties,
	};

	webhookMethods = { default: endpointLifecycle };

	webhook = receiveEvent;
}
