import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { connectedAccountProperty } from '../client';
import { types as eventTypes } from '../generated/event-types.json';
import { settleWindowProperty } from '../settle';
import { DEFAULT_TOLERANCE } from './verify';

/** '*' and every event type of the installed SDK (npm run generate). */
export const eventOptions: INodePropertyOptions[] = [
	{
		name: 'All Events',
		value: '*',
		description: 'Every event type, including ones Stripe adds later',
	},
	...eventTypes.map(({ value, description }) => ({ name: value, value, description })),
];

// Every field of the Stripe triggers, defined once; each node below picks the ones that apply to it.

const events: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	required: true,
	default: [],
	description: 'The event types that start the workflow',
	options: eventOptions,
};

const connect: INodeProperties = {
	displayName: 'Include Connected Accounts',
	name: 'connect',
	type: 'boolean',
	default: false,
	description:
		'Whether to also receive the events of your connected accounts (a Connect webhook endpoint); each carries its account in event.account',
};

const signingSecret: INodeProperties = {
	displayName: 'Signing Secret',
	name: 'signingSecret',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	placeholder: 'whsec_...',
	description:
		'Only to use a webhook endpoint that already exists in Stripe for this URL: its signing secret from the Dashboard. Leave empty and the node creates, reuses and deletes its own endpoint.',
};

const filters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		{
			displayName: 'Connected Account ID',
			name: 'account',
			type: 'string',
			default: '',
			placeholder: 'acct_...',
			description: 'Only events of this connected account',
		},
		{
			displayName: 'Customer ID',
			name: 'customer',
			type: 'string',
			default: '',
			placeholder: 'cus_...',
			description:
				'Only events whose object is this customer or belongs to it (its customer field)',
		},
		{
			displayName: 'Live or Test Mode',
			name: 'livemode',
			type: 'options',
			options: [
				{ name: 'Live Mode Only', value: 'live' },
				{ name: 'Test Mode Only', value: 'test' },
			],
			default: 'test',
			description: 'Only events of live mode, or only of test mode',
		},
	],
};

const stripeAccount = connectedAccountProperty(
	"Poll this connected account's events instead of your own (sent as Stripe-Account)",
);

const tolerance: INodeProperties = {
	displayName: 'Signature Tolerance (Seconds)',
	name: 'tolerance',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: DEFAULT_TOLERANCE,
	description:
		"How far a request's signed timestamp may be from now; older or later requests are refused, which stops replays",
};

const startFrom: INodeProperties = {
	displayName: 'Start From',
	name: 'startFrom',
	type: 'dateTime',
	default: '',
	description:
		'On the first poll, also emit the events since this time (Stripe keeps 30 days). Without it, the first poll only notes the time and later polls emit what happens after.',
};

const options = (items: INodeProperties[]): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: items,
});

/** Stripe Complete Trigger (version 2): events pushed by a verified webhook. */
export const webhookProperties: INodeProperties[] = [
	events,
	connect,
	signingSecret,
	filters,
	options([tolerance]),
];

/** Stripe Complete Polling Trigger: events fetched from the Events API at n8n's Poll Times. */
export const pollingProperties: INodeProperties[] = [
	events,
	filters,
	options([stripeAccount, startFrom, settleWindowProperty]),
];

// Version 1 of Stripe Complete Trigger: both ways in one node, chosen by Mode, each field shown in its mode.

type Mode = 'webhook' | 'polling';
const inMode = (mode: Mode, property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { show: { '/mode': [mode] } },
});

const mode: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	options: [
		{
			name: 'Polling',
			value: 'polling',
			description: 'Asks the Events API for new events at the Poll Times; needs no public URL',
		},
		{
			name: 'Webhook',
			value: 'webhook',
			description:
				'Stripe sends each event to this workflow as it happens, signed and verified; n8n must be reachable from Stripe',
		},
	],
	default: 'webhook',
};

const pollTimesNotice: INodeProperties = {
	displayName:
		'Poll Times apply in Polling mode only; in Webhook mode events arrive as they happen',
	name: 'pollTimesNotice',
	type: 'notice',
	default: '',
};

export const modeProperties: INodeProperties[] = [
	mode,
	inMode('webhook', pollTimesNotice),
	events,
	inMode('webhook', connect),
	inMode('webhook', signingSecret),
	filters,
	options([
		inMode('polling', stripeAccount),
		inMode('webhook', tolerance),
		inMode('polling', startFrom),
		inMode('polling', settleWindowProperty),
	]),
];
