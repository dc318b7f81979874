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
		// n8n's node panel shows Stripe Complete and this trigger as one entry, named Stripe Complete, with
		// this text and never Stripe Complete's own (useActionsGeneration.ts, generateMergedNodesAndActions):
		// so it starts with Stripe Complete's text and adds this trigger's.
		description:
			'Every Stripe resource, with safe retried writes, Connect and search; and Stripe events, by webhook',
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
