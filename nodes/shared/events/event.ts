import type Stripe from 'stripe';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** The optional Filters collection: conditions on the event and its object, all of which must hold. */
export interface EventFilters {
	livemode?: 'live' | 'test';
	customer?: string;
	account?: string;
}

/** Whether the selected event types (which may be '*') include this type. */
export const typeSelected = (types: string[], type: string) =>
	types.includes('*') || types.includes(type);

/** Whether an event passes the Filters: live or test mode, one customer, one connected account. */
export function matchesFilters(event: Stripe.Event, filters: EventFilters): boolean {
	if (filters.livemode && event.livemode !== (filters.livemode === 'live')) return false;
	const customer = filters.customer?.trim();
	if (customer) {
		const object = event.data.object as unknown as IDataObject;
		const owner = object.object === 'customer' ? object.id : object.customer;
		const ownerId = owner && typeof owner === 'object' ? (owner as IDataObject).id : owner;
		if (ownerId !== customer) return false;
	}
	const account = filters.account?.trim();
	if (account && event.account !== account) return false;
	return true;
}

/**
 * One output item per event: the event's object at the top level, so a workflow maps `{{$json.amount}}`
 * as it would for the object itself, and the event's own fields under `event` (its id for
 * de-duplication, its type for routing, the connected account, and what an update changed).
 */
export function eventItem(event: Stripe.Event): INodeExecutionData {
	const data = event.data as Stripe.Event.Data;
	return {
		json: {
			...(data.object as unknown as IDataObject),
			event: {
				id: event.id,
				type: event.type,
				created: event.created,
				livemode: event.livemode,
				account: event.account ?? null,
				api_version: event.api_version,
				request: (event.request ?? null) as IDataObject | null,
				previous_attributes: (data.previous_attributes ?? null) as IDataObject | null,
			},
		},
	};
}
