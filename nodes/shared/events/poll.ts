import type Stripe from 'stripe';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { MAX_TYPES_FILTER, onAccount } from '../client';
import { firstInList, paginateList } from '../transport/pages';
import { sender } from '../transport/send';
import { eventItem, matchesFilters, typeSelected, type EventFilters } from './event';

// The Polling Trigger reads the Events API as the sync does, through the transport: each page sent with
// retries and paced after a 429.

/**
 * Where the last poll stopped: the newest event's `created` second and the ids already seen at that
 * second. Stripe's `created` has one-second resolution, so the next poll asks for `created >= second`
 * and skips those ids: nothing at that second is missed or emitted twice.
 */
export interface Cursor extends IDataObject {
	created: number;
	ids: string[];
}

export interface PollState extends IDataObject {
	cursor?: Cursor;
}

export interface PollOptions {
	types: string[];
	filters: EventFilters;
	/** Poll a connected account's events (Stripe-Account), its ID checked. */
	stripeAccount?: string;
	/** Unix seconds: the first poll also emits the events since then, instead of only setting the cursor. */
	startFrom?: number;
}

/** A manual run scans at most this many recent events for one that matches. */
const MANUAL_SCAN = 1000;

/** The Events API's own filter where it can take the types (beyond its maximum, every event is read and filtered here). */
function listParams(types: string[], createdFrom?: number): IDataObject {
	const params: Stripe.EventListParams = {};
	if (!types.includes('*')) {
		if (types.length === 1) params.type = types[0];
		else if (types.length <= MAX_TYPES_FILTER) params.types = types;
	}
	if (createdFrom !== undefined) params.created = { gte: createdFrom };
	return params as IDataObject;
}

/** Reads a page of events with the poll's params: for the connected account, if one is set. */
const eventPage = (stripe: Stripe, options: PollOptions) => (params: IDataObject) =>
	stripe.events.list(params, onAccount(options.stripeAccount));
const wanted = (options: PollOptions) => (event: Stripe.Event) =>
	typeSelected(options.types, event.type) && matchesFilters(event, options.filters);

/**
 * One scheduled poll: the matching events since the cursor, oldest first, each once, across as many
 * pages as there are; then the cursor moves past every event fetched (matching or not). The very first
 * poll only sets the cursor to now (no flood of old events) unless Start From is set.
 */
export async function pollEvents(
	stripe: Stripe,
	state: PollState,
	options: PollOptions,
	now = Date.now(),
): Promise<INodeExecutionData[] | null> {
	if (!state.cursor) {
		if (options.startFrom === undefined) {
			state.cursor = { created: Math.floor(now / 1000), ids: [] };
			return null;
		}
		state.cursor = { created: options.startFrom, ids: [] };
	}
	const cursor = state.cursor;
	// Page after page, not in `created` windows: a poll reads what came since the last one, seldom more than a page.
	const listed = (await paginateList(
		{ params: listParams(options.types, cursor.created), returnAll: true, limit: 0 },
		sender(),
		eventPage(stripe, options),
		false,
	)) as unknown as Stripe.Event[];
	const fetched = listed.filter(
		(event) => !(event.created === cursor.created && cursor.ids.includes(event.id)),
	);
	if (!fetched.length) return null;

	const newest = Math.max(...fetched.map((event) => event.created));
	const seenAtNewest = fetched.filter((event) => event.created === newest).map((event) => event.id);
	state.cursor = {
		created: newest,
		ids: newest === cursor.created ? [...cursor.ids, ...seenAtNewest] : seenAtNewest,
	};

	// Stripe lists newest first; a workflow wants them in the order they happened.
	const items = fetched.reverse().filter(wanted(options)).map(eventItem);
	return items.length ? items : null;
}

/** A manual run (Fetch Test Event): the newest matching event, leaving the cursor where it is. */
export async function newestEvent(
	stripe: Stripe,
	options: PollOptions,
): Promise<INodeExecutionData | null> {
	const event = await firstInList(
		listParams(options.types),
		MANUAL_SCAN,
		sender(),
		eventPage(stripe, options),
		(object) => wanted(options)(object as unknown as Stripe.Event),
	);
	return event ? eventItem(event as unknown as Stripe.Event) : null;
}
