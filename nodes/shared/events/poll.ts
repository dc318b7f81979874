import type Stripe from 'stripe';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { eventItem, matchesFilters, typeSelected, type EventFilters } from './event';

/** The Events API takes at most this many types in `types[]`; beyond, all events are fetched and filtered here. */
export const MAX_TYPES_FILTER = 20;

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
	/** Poll a connected account's events (Stripe-Account). */
	stripeAccount?: string;
	/** Unix seconds: the first poll also emits the events since then, instead of only setting the cursor. */
	startFrom?: number;
}

/** A manual run scans at most this many recent events for one that matches. */
const MANUAL_SCAN = 1000;

function listParams(types: string[], createdFrom?: number): Stripe.EventListParams {
	const params: Stripe.EventListParams = { limit: 100 };
	if (!types.includes('*')) {
		if (types.length === 1) params.type = types[0];
		else if (types.length <= MAX_TYPES_FILTER) params.types = types;
	}
	if (createdFrom !== undefined) params.created = { gte: createdFrom };
	return params;
}

const requestOptions = (options: PollOptions): Stripe.RequestOptions =>
	options.stripeAccount?.trim() ? { stripeAccount: options.stripeAccount.trim() } : {};
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
	const fetched: Stripe.Event[] = [];
	for await (const event of stripe.events.list(
		listParams(options.types, cursor.created),
		requestOptions(options),
	))
		if (!(event.created === cursor.created && cursor.ids.includes(event.id))) fetched.push(event);
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
	let scanned = 0;
	for await (const event of stripe.events.list(
		listParams(options.types),
		requestOptions(options),
	)) {
		if (wanted(options)(event)) return eventItem(event);
		if (++scanned >= MANUAL_SCAN) break;
	}
	return null;
}
