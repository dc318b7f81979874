import type { INodeProperties } from 'n8n-workflow';
import { connectedAccountProperty } from '../client';
import { settleWindowProperty } from '../settle';
import { SYNC_OBJECTS } from './objects';

/** Items a poll emits at most unless Max Items per Poll says otherwise; the rest come with the next polls. */
export const DEFAULT_MAX_ITEMS = 5000;

/** Stripe Complete Sync: the objects to keep in step, where to start, and how much one poll emits. */
export const syncProperties: INodeProperties[] = [
	{
		displayName: 'Objects to Sync',
		name: 'objects',
		type: 'multiOptions',
		required: true,
		default: ['customer'],
		options: SYNC_OBJECTS.map((o) => ({
			name: o.name,
			value: o.value,
			description: o.events.length
				? `Created, updated${o.ends.length ? ' and deleted' : ''} ${o.name.toLowerCase()}, from ${o.createdEvent ? '' : 'their list by creation time and '}their events`
				: `New ${o.name.toLowerCase()} only, by creation time: Stripe sends no events for them`,
		})),
		description: 'The kinds of Stripe objects to keep in step',
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'options',
		options: [
			{
				name: 'Everything',
				value: 'all',
				description:
					'The first polls emit every object that exists (a backfill, Max Items per Poll at a time), then what changes',
			},
			{
				name: 'From Now On',
				value: 'new',
				description: 'Only objects created, updated or deleted after the workflow is activated',
			},
		],
		default: 'all',
	},
	{
		displayName:
			'Each item is the object as Get gives it, with a "sync" field: change (created, updated or deleted), object, event_id and event_created, and resync: true when Stripe no longer had the events since the last poll (over 30 days) and everything is read again',
		name: 'syncNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			connectedAccountProperty(
				"Sync this connected account's objects instead of your own (sent as Stripe-Account)",
			),
			{
				displayName: 'Max Items per Poll',
				name: 'maxItems',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_ITEMS,
				description:
					'At most this many items per poll; the rest come with the next polls, so a large backfill never fills one execution',
			},
			settleWindowProperty,
		],
	},
];
