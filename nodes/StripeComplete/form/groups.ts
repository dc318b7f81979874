import type { INodeProperties } from 'n8n-workflow';
import { resources } from '../resources/registry';

// n8n's editor renders every option of a dropdown when it draws the form, and Stripe has many resources:
// one list of all of them costs on opening the node and on switching its resource (side by side, version
// 2 switched resource in 186 ms against version 1's 225 ms). From version 2 the form asks for a Resource
// Group first and lists only that group's resources. Version 1 keeps its one list, so workflows saved
// with it open as they were.

/** The resources most workflows use: the Common group, and the ones n8n's node panel lists. */
export const COMMON_RESOURCES = [
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

interface Group {
	name: string;
	value: string;
	description: string;
	/** Resource values starting with one of these, unless an earlier group took them. */
	prefixes?: string[];
	/** Resources named one by one. */
	resources?: string[];
}

/** The groups in the order the form lists them; a resource is in the first group that names it, else in Other. */
const GROUPS: Group[] = [
	{
		name: 'Common',
		value: 'common',
		description: 'Customers, payments, refunds, invoices, subscriptions, products, prices and more',
		resources: COMMON_RESOURCES,
	},
	{
		name: 'Test Helpers',
		value: 'testHelpers',
		description: 'Test mode only: advance test clocks, simulate card and Treasury activity',
		prefixes: ['testHelpers', 'v2TestHelpers', 'v2MoneyManagementTestHelpers'],
	},
	{
		name: 'Billing',
		value: 'billing',
		description: 'Meters, credit grants, alerts, plans, entitlements, invoice templates',
		prefixes: ['billing', 'v2Billing', 'entitlements', 'productCatalog', 'v2Commerce'],
		resources: ['plan', 'invoicePayment', 'invoiceRenderingTemplate'],
	},
	{
		name: 'Payments',
		value: 'payments',
		description:
			'Payment records, mandates, tokens, sources, payment method settings, saved bank accounts',
		prefixes: ['paymentAttempt', 'paymentMethod', 'paymentRecord', 'v2CoreVault'],
		resources: [
			'applePayDomain',
			'confirmationToken',
			'customerSession',
			'ephemeralKey',
			'exchangeRate',
			'forwardingRequest',
			'mandate',
			'setupAttempt',
			'shippingRate',
			'source',
			'threeDSecureAuthentication',
			'token',
		],
	},
	{
		name: 'Connect',
		value: 'connect',
		description: 'Connected accounts: onboarding links, sessions, application fees, top-ups',
		prefixes: ['v2CoreAccount'],
		resources: ['accountLink', 'accountSession', 'applicationFee', 'countrySpec', 'oauth', 'topup'],
	},
	{
		name: 'Issuing',
		value: 'issuing',
		description: 'Cards, cardholders, authorizations, transactions',
		prefixes: ['issuing'],
	},
	{
		name: 'Terminal',
		value: 'terminal',
		description: 'Readers, locations, configurations',
		prefixes: ['terminal'],
	},
	{
		name: 'Treasury',
		value: 'treasury',
		description: 'Financial accounts and money movement',
		prefixes: ['treasury'],
	},
	{
		name: 'Money Management (V2 API)',
		value: 'moneyManagement',
		description: 'Financial accounts, payouts and transfers of the v2 API',
		prefixes: ['v2MoneyManagement'],
	},
	{
		name: 'Tax',
		value: 'tax',
		description: 'Calculations, transactions, registrations, tax IDs',
		prefixes: ['tax'],
	},
	{
		name: 'Radar',
		value: 'radar',
		description: 'Fraud warnings, reviews, value lists',
		prefixes: ['radar'],
		resources: ['review'],
	},
	{
		name: 'Reporting',
		value: 'reporting',
		description: 'Report runs and Sigma query runs',
		prefixes: ['reporting', 'sigma'],
	},
	{
		name: 'Identity',
		value: 'identity',
		description: 'Verification sessions and reports',
		prefixes: ['identity'],
	},
	{
		name: 'Financial Connections',
		value: 'financialConnections',
		description: 'Linked bank accounts, their sessions and transactions',
		prefixes: ['financialConnections'],
	},
	{
		name: 'Climate',
		value: 'climate',
		description: 'Carbon removal orders, products, suppliers',
		prefixes: ['climate'],
	},
	{
		name: 'Other',
		value: 'other',
		description: 'Apps, events of the v2 API, file links, balance settings',
	},
];

const groupOf = (resource: string) =>
	GROUPS.find((g) => g.resources?.includes(resource)) ??
	GROUPS.find((g) => g.prefixes?.some((p) => resource.startsWith(p))) ??
	GROUPS[GROUPS.length - 1];

/** Each group with its resources, in the form's order; groups without a resource are left out. */
export const RESOURCE_GROUPS = GROUPS.map(({ name, value, description }) => ({
	name,
	value,
	description,
	resources: resources.filter((r) => groupOf(r.value).value === value),
})).filter((g) => g.resources.length > 0);

/** Options in the order the form lists them. */
export const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** A Resource list of `list`, shown where `show` says. */
function resourceList(
	list: typeof resources,
	show: NonNullable<INodeProperties['displayOptions']>['show'],
): INodeProperties {
	const first = list.some((r) => r.value === 'customer')
		? 'customer'
		: [...list].sort(byName)[0].value;
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: list.map((r) => ({ name: r.name, value: r.value })).sort(byName),
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- options are generated; the default is among them
		default: first,
	};
}

/**
 * The Resource properties: version 1's list of every resource first (n8n reads the first Resource
 * property for a resource's name), then version 2's Resource Group and one list per group.
 */
export function resourceProperties(): INodeProperties[] {
	return [
		resourceList(resources, { '@version': [1] }),
		{
			displayName: 'Resource Group',
			name: 'resourceGroup',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { '@version': [2] } },
			options: RESOURCE_GROUPS.map(({ name, value, description }) => ({
				name,
				value,
				description,
			})),
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- Common is the first group
			default: 'common',
			description: 'The part of Stripe the resource belongs to; Common holds the ones most used',
		},
		...RESOURCE_GROUPS.map((g) =>
			resourceList(g.resources, { '@version': [2], resourceGroup: [g.value] }),
		),
	];
}
