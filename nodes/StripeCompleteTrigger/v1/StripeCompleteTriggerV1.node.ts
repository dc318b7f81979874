import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { modeProperties } from '../../shared/events/description';
import { endpointLifecycle, pollStripeEvents, receiveEvent } from '../../shared/events/trigger';
import { CREDENTIAL } from '../../shared/client';

/**
 * Version 1 of Stripe Complete Trigger, kept so that workflows made with it run as they always have:
 * webhook and polling in one node, chosen by Mode. New workflows get version 2 (webhook) or the
 * Stripe Complete Polling Trigger, which share all of its code.
 */
export class StripeCompleteTriggerV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Complete Trigger',
		name: 'stripeCompleteTrigger',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['trigger'],
		// New nodes get version 2; version 1 stays for the workflows that hold it.
		defaultVersion: 2,
		version: 1,
		subtitle: '={{$parameter["mode"] + ": " + $parameter["events"].join(", ")}}',
		description:
			'Starts the workflow on Stripe events: verified webhooks, or polling the Events API',
		defaults: { name: 'Stripe Complete Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL, required: true }],
		// Both ways in one node: n8n registers the webhook only when its HTTP method is not empty, so
		// in Polling mode there is no webhook (and no Stripe endpoint); poll() does nothing in Webhook mode.
		polling: true,
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{$parameter["mode"] === "polling" ? "" : "POST"}}',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: '={{$parameter["mode"] === "polling"}}',
			},
		],
		properties: modeProperties,
	};

	webhookMethods = { default: endpointLifecycle };

	webhook = receiveEvent;

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('mode') !== 'polling') return null;
		return pollStripeEvents.call(this);
	}
}
