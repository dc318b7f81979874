import { VersionedNodeType } from 'n8n-workflow';
import { StripeCompleteTriggerV1 } from './v1/StripeCompleteTriggerV1.node';
import { StripeCompleteTriggerV2 } from './v2/StripeCompleteTriggerV2.node';

/**
 * Stripe Complete Trigger. Version 1 did webhook and polling in one node (its form showed n8n's Poll
 * Times even for webhooks); workflows made with it keep loading it. New nodes are version 2, webhook
 * only; polling is the Stripe Complete Polling Trigger.
 */
export class StripeCompleteTrigger extends VersionedNodeType {
	constructor() {
		const webhook = new StripeCompleteTriggerV2();
		const { displayName, name, icon, group, subtitle, description, defaultVersion } =
			webhook.description;
		super(
			{ 1: new StripeCompleteTriggerV1(), 2: webhook },
			{ displayName, name, icon, group, subtitle, description, defaultVersion },
		);
	}
}
