import type { INodeProperties } from 'n8n-workflow';
import { resources } from './resources/registry';

// n8n's node panel lists a community node's actions in a view without a search box, adding 5 per frame
// (n8n-editor-ui ItemsRenderer.vue, LAZY_LOAD_ITEMS_PER_TICK): all 647 took about 5 s. It lists these
// resources, every operation of each; the others are in the form's Resource list.

/** The resources the node panel lists, each with all its operations. */
export const PANEL_RESOURCES = [
	'account',
	'apiRequest',
	'balance',
	'balanceTransaction',
	'billingPortalSession',
	'charge',
	'checkoutSession',
	'coupon',
	'creditNote',
	'customer',
	'dispute',
	'event',
	'file',
	'invoice',
	'invoiceItem',
	'payout',
	'paymentIntent',
	'paymentLink',
	'paymentMethod',
	'price',
	'product',
	'promotionCode',
	'quote',
	'refund',
	'setupIntent',
	'subscription',
	'subscriptionItem',
	'subscriptionSchedule',
	'taxRate',
	'transfer',
	'webhookEndpoint',
];

/**
 * An Operation property the form never shows (shown and hidden for the same resources), for the
 * resources the panel leaves out. n8n lists a resource's actions from the first Operation property
 * that names it (useActionsGeneration.ts, resourceCategories), so this one comes before the real ones
 * and offers none. n8n names nodes from the same property (makeNodeName): a node of these resources
 * gets n8n's plain name, e.g. "Create issuingCard", rather than an action label.
 */
export function panelOnly(): INodeProperties {
	const left = resources.map((r) => r.value).filter((r) => !PANEL_RESOURCES.includes(r));
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [],
		default: '',
		displayOptions: { show: { resource: left }, hide: { resource: left } },
	};
}
