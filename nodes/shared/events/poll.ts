import type Stripe from 'stripe';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { MAX_TYPES_FILTER, onAccount } from '../client';
import { firstInList, paginateList } from '../transport/pages';
import { sender } from '../transport/send';
import { clocked, DEFAULT_SETTLE_SECONDS, readFrom, unseen, type Settled } from '../settle';
import { eventItem, matchesFilters, typeSelected, type EventFilters } from './event';

// The Polling Trigger reads the Events API as the sync does, through the transport (each page sent with
// retries and paced after a 429), and like it re-reads a settle window (settle.ts).

/**
 * Where the last poll stopped: the newest event's `created` second (Stripe's clock) and the events read
 * within the settle window before it. A cursor of an earlier version (`ids` at its second) is read as one.
 */
export interface Cursor extends Settled {
	ids?: string[];
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
	/** How far back each poll reads again for events Stripe lists late. */
	settleSeconds?: number;
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
 * The events listed from second `from` on, across as many pages as there are, oldest first, and
 * Stripe's clock when it answered the first page.
 */
async function eventsFrom(stripe: Stripe, options: PollOptions, from: number) {
	const pages = clocked(eventPage(stripe, options));
	const listed = (await paginateList(
		{ params: listParams(options.types, from), returnAll: true, limit: 0 },
		sender(),
		pages.list,
		false,
	)) as unknown as Stripe.Event[];
	// Stripe lists newest first; a workflow wants them in the order they happened.
	return { events: listed.reverse().sort((a, b) => a.created - b.created), at: pages.at() };
}

/**
 * One scheduled poll: the matching events not emitted yet, oldest first, each once. Each poll reads
 * again the settle window before the newest event it has seen, so an event Stripe lists late is still
 * emitted, and nothing rests on n8n's clock agreeing with Stripe's. The very first poll only notes what
 * is there (no flood of old events) unless Start From is set.
 */
export async function pollEvents(
	stripe: Stripe,
	state: PollState,
	options: PollOptions,
	now = Date.now(),
): Promise<INodeExecutionData[] | null> {
	const window = options.settleSeconds ?? DEFAULT_SETTLE_SECONDS;
	const first = !state.cursor;
	if (state.cursor?.ids) {
		const created = state.cursor.created as number;
		const seen = Object.fromEntries(state.cursor.ids.map((id) => [id, created]));
		state.cursor = { newest: created, seen };
	}
	// Start From: the first read begins there; without it, the first poll reads back from now only to
	// note what is there.
	// A copy, put back whole: n8n saves static data after a poll only when a key of the node's own changed.
	const cursor: Settled = state.cursor
		? { newest: state.cursor.newest, seen: { ...state.cursor.seen } }
		: options.startFrom === undefined
			? { newest: Math.floor(now / 1000), seen: {} }
			: { newest: options.startFrom + window, seen: {} };
	const { events, at } = await eventsFrom(stripe, options, readFrom(cursor, window));
	// The first poll read back from n8n's clock only to note what is there: the cursor keeps Stripe's.
	if (first && options.startFrom === undefined && at !== undefined) cursor.newest = at;
	const fresh = unseen(cursor, events, window, at);
	if (JSON.stringify(cursor) !== JSON.stringify(state.cursor)) state.cursor = cursor;
	if (first && options.startFrom === undefined) return null;
	const items = fresh.filter(wanted(options)).map(eventItem);
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
