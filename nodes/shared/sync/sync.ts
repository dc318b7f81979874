import Stripe from 'stripe';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { MAX_TYPES_FILTER, onAccount, sdkResource } from '../client';
import { clocked, DEFAULT_SETTLE_SECONDS, readFrom, unseen, type Settled } from '../settle';
import { plain, paginateList, type Page } from '../transport/pages';
import { sender, type Send } from '../transport/send';
import type { SyncObject } from './objects';
import { migrate, sequence, type PendingChange, type Position, type SyncState } from './state';

// A sync keeps a copy of Stripe's objects in step, as data connectors do: every object once (a
// backfill read in `created` windows), then the Events API as the cursor, changes folded per object
// (its newest state), deletions as tombstones, and a full re-sync once the cursor is older than the
// events Stripe keeps. Events and new objects are read again over a settle window (settle.ts): Stripe
// lists some late, and n8n's clock need not agree with Stripe's.

/** Stripe keeps events for 30 days; a cursor older than that may have missed some. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export interface SyncOptions {
	objects: SyncObject[];
	/** `all`: everything that exists, then what changes; `new`: only what changes from now on. */
	start: 'all' | 'new';
	maxItems: number;
	stripeAccount?: string;
	concurrency?: number;
	/** How far back each poll reads again for what Stripe lists late. */
	settleSeconds?: number;
}

interface Context {
	stripe: Stripe;
	send: Send;
	request: Stripe.RequestOptions;
	options: SyncOptions;
	window: number;
}

interface Resource {
	list(params: IDataObject, options: Stripe.RequestOptions): Promise<Page>;
	retrieve(id: string, params: IDataObject, options: Stripe.RequestOptions): Promise<unknown>;
}

/** The SDK resource of an object type: `stripe.checkout.sessions`. */
export const resourceOf = (stripe: Stripe, object: SyncObject) =>
	sdkResource<Resource[keyof Resource]>(stripe, object.sdk) as unknown as Resource;

const item = (
	object: IDataObject,
	sync: Omit<PendingChange, 'id' | 'object'> & { object: string },
	resync: boolean | undefined,
): INodeExecutionData => ({
	json: { ...object, sync: { ...sync, ...(resync ? { resync: true } : {}) } },
});

const seenAt = (position: Position, o: IDataObject) =>
	o.created === position.created && position.ids.includes(o.id as string);

/** The objects of a list newest first, from `top` down to after second `above` (all if none), at most `limit` of them. */
async function readDown(
	c: Context,
	object: SyncObject,
	top: Position,
	limit: number,
	above?: number,
): Promise<IDataObject[]> {
	const resource = resourceOf(c.stripe, object);
	const created: IDataObject = { lte: top.created };
	if (above !== undefined) created.gt = above;
	const objects = await paginateList(
		{
			params: { created },
			returnAll: limit === Infinity,
			limit: limit + top.ids.length,
			concurrency: c.options.concurrency,
		},
		c.send,
		(params) => resource.list(params, c.request),
		true,
	);
	return objects.filter((o) => !seenAt(top, o)).slice(0, limit);
}

/** The position after reading `objects` (newest first) from `position`. */
const after = (position: Position, objects: IDataObject[]): Position => {
	const last = objects[objects.length - 1].created as number;
	const ids = objects.filter((o) => o.created === last).map((o) => o.id as string);
	return { created: last, ids: last === position.created ? [...position.ids, ...ids] : ids };
};

/** Backfill: each object type's list, newest first, from where the last poll stopped. */
async function backfill(c: Context, state: SyncState, budget: number) {
	const items: INodeExecutionData[] = [];
	for (const object of c.options.objects) {
		const position = state.backfill?.[object.value];
		if (!position) continue;
		const wanted = budget - items.length;
		if (wanted <= 0) break;
		const objects = await readDown(c, object, position, wanted);
		for (const o of objects)
			items.push(
				item(
					o,
					{
						change: 'created',
						object: object.value,
						event_id: null,
						event_created: o.created as number,
					},
					state.resync,
				),
			);
		if (objects.length < wanted) delete state.backfill![object.value];
		else state.backfill![object.value] = after(position, objects);
	}
	if (!Object.keys(state.backfill ?? {}).length) {
		delete state.backfill;
		delete state.resync;
	}
	return items;
}

/**
 * What an event says of its object: the newest change wins, and one created then changed is still new.
 * Two changes in one second may have been read in either order (Stripe stamps whole seconds, and more
 * than 20 types are read in several requests): the object is then emitted as it is now.
 */
function fold(
	changes: Map<string, PendingChange & { copy?: IDataObject }>,
	change: PendingChange & { copy?: IDataObject },
) {
	const known = changes.get(change.id);
	if (known && known.event_created > change.event_created) return;
	if (known?.change === 'created' && change.change === 'updated') change.change = 'created';
	if (known?.event_created === change.event_created && change.change !== 'deleted')
		delete change.copy;
	changes.set(change.id, change);
}

/**
 * A list by `created` from second `from` on (all pages, in parallel `created` windows where it is long),
 * and Stripe's clock when it answered.
 */
async function readFromSecond(
	c: Context,
	from: number,
	params: IDataObject,
	list: (params: IDataObject) => Promise<Page>,
) {
	const pages = clocked(list);
	const read = await paginateList(
		{
			params: { ...params, created: { gte: from } },
			returnAll: true,
			limit: 0,
			concurrency: c.options.concurrency,
		},
		c.send,
		pages.list,
		true,
	);
	return { read: read as Array<IDataObject & { id: string; created: number }>, at: pages.at() };
}

/**
 * The events of the object types synced not read before, oldest first: read again from the settle
 * window before the newest second seen, and marked seen.
 */
async function readEvents(c: Context, cursor: Settled) {
	const types = c.options.objects.flatMap((o) => o.events);
	const from = readFrom(cursor, c.window);
	const events: Array<IDataObject & { id: string; created: number }> = [];
	let at: number | undefined;
	for (let i = 0; i < types.length; i += MAX_TYPES_FILTER) {
		const part = await readFromSecond(
			c,
			from,
			{ types: types.slice(i, i + MAX_TYPES_FILTER) },
			(params) => c.stripe.events.list(params, c.request) as unknown as Promise<Page>,
		);
		events.push(...part.read);
		at ??= part.at;
	}
	// Stripe lists newest first: reversed, a stable sort keeps each second's events in the order they happened.
	events.reverse().sort((a, b) => a.created - b.created);
	return unseen(cursor, events, c.window, at);
}

/** Stripe's clock in Unix seconds, from the Date of its answer to a one-event read; `fallback` without one. */
async function stripeClock(c: Context, fallback: number) {
	const pages = clocked(
		(params: IDataObject) => c.stripe.events.list(params, c.request) as unknown as Promise<Page>,
	);
	await c.send(() => pages.list({ limit: 1 }));
	return pages.at() ?? fallback;
}

/** New objects of a type created without an event, listed by `created`, not read before. */
async function listCreated(c: Context, object: SyncObject, listed: Settled) {
	const resource = resourceOf(c.stripe, object);
	const { read, at } = await readFromSecond(c, readFrom(listed, c.window), {}, (params) =>
		resource.list(params, c.request),
	);
	return unseen(listed, read, c.window, at);
}

/** New objects of the types created without an event, each once. */
async function readCreated(c: Context, state: SyncState) {
	const changes: Array<PendingChange & { copy: IDataObject }> = [];
	for (const object of c.options.objects.filter((o) => !o.createdEvent)) {
		for (const o of await listCreated(c, object, state.listed![object.value]))
			changes.push({
				id: o.id,
				object: object.value,
				change: 'created',
				event_id: null,
				event_created: o.created,
				copy: o,
			});
	}
	return changes;
}

/** One change as an item: the event's copy where it has the shape Get gives, else the object as it is now. */
async function emit(
	c: Context,
	change: PendingChange & { copy?: IDataObject },
): Promise<INodeExecutionData> {
	const { copy, ...sync } = change;
	const { id, object: value, ...rest } = sync;
	const info = { ...rest, object: value };
	if (change.change === 'deleted')
		return item(copy ?? { id, object: value, deleted: true }, info, false);
	if (copy) return item(copy, info, false);
	const object = c.options.objects.find((o) => o.value === value)!;
	// Gone since (404): what the consumer holds of it goes too.
	const current = await c
		.send(() => resourceOf(c.stripe, object).retrieve(id, {}, c.request))
		.then(plain, (error: { statusCode?: number }) =>
			error.statusCode === 404 ? { id, object: value, deleted: true } : Promise.reject(error),
		);
	// A deleted customer, product... is still retrieved, as `{id, object, deleted: true}`; a canceled
	// subscription as it is, though its list shows it no more.
	const gone = current.deleted === true || object.unlisted?.(current) === true;
	return item(current, gone ? { ...info, change: 'deleted' } : info, false);
}

/**
 * One poll. Works on a copy of the state and writes it back only when the poll has succeeded, so a
 * poll that fails leaves the cursor where it was and the next one reads the same changes again.
 */
export async function pollSync(
	stripe: Stripe,
	stored: SyncState,
	options: SyncOptions,
	now = Math.floor(Date.now() / 1000),
): Promise<INodeExecutionData[]> {
	const state = JSON.parse(JSON.stringify(stored)) as SyncState;
	const c: Context = {
		stripe,
		send: sender(options.concurrency),
		request: onAccount(options.stripeAccount),
		options,
		window: options.settleSeconds ?? DEFAULT_SETTLE_SECONDS,
	};
	const items: INodeExecutionData[] = [];
	migrate(state, c.window);

	const expired = state.cursor !== undefined && state.cursor.newest < now - EVENT_RETENTION_SECONDS;
	// Where a backfill ends and the events begin: the second before now by Stripe's clock, not n8n's,
	// asked once.
	let stripeEnded: number | undefined;
	const ended = async () => (stripeEnded ??= (await stripeClock(c, now)) - 1);
	if (state.cursor === undefined || expired) {
		// What is there now comes with the backfill, what changes from now on with the events. With no
		// backfill, the events already listed are noted, not emitted.
		for (const key of Object.keys(state)) delete state[key];
		const end = await ended();
		state.cursor = { newest: end, seen: {} };
		if (expired) state.resync = true;
		else {
			// The events listed so far are noted, not emitted: they came before, or are of objects the
			// backfill reads as they are now; those of the second the backfill leaves out still come.
			const noted = await readEvents(c, state.cursor);
			if (options.start === 'all')
				for (const event of noted) if (event.created > end) delete state.cursor.seen[event.id];
		}
	}
	// Object types new to the sync (at first, all): what exists, unless only changes from now on are
	// wanted; then their changes. Types no longer selected are read no more.
	const known = state.objects ?? [];
	for (const o of options.objects)
		if (!known.includes(o.value)) {
			if (options.start === 'all' || state.resync)
				(state.backfill ??= {})[o.value] = { created: await ended(), ids: [] };
			if (!o.createdEvent) {
				const listed = ((state.listed ??= {})[o.value] = { newest: await ended(), seen: {} });
				if (!state.backfill?.[o.value]) await listCreated(c, o, listed);
			}
		}
	state.objects = options.objects.map((o) => o.value);
	for (const value of known)
		if (!state.objects.includes(value)) {
			delete state.backfill?.[value];
			delete state.listed?.[value];
		}
	if (state.backfill && !Object.keys(state.backfill).length) delete state.backfill;
	state.pending = state.pending?.filter((p) => state.objects!.includes(p.object));

	// A poll emits the changes left from the last one, or reads on with the backfill, or reads the
	// events: so each object is in a poll's items at most once.
	const pending = state.pending ?? [];
	const caughtUp = !pending.length && !state.backfill;
	while (pending.length && items.length < options.maxItems)
		items.push(await emit(c, pending.shift()!));
	if (items.length < options.maxItems && state.backfill)
		items.push(...(await backfill(c, state, options.maxItems - items.length)));
	if (caughtUp) {
		const changes = new Map<string, PendingChange & { copy?: IDataObject }>();
		// An event of a second read before came late: a newer change of its object may have been emitted
		// already, so the object is emitted as it is now rather than as the event saw it.
		const covered = state.cursor!.newest;
		const events = await readEvents(c, state.cursor!);
		const version = Stripe.API_VERSION;
		for (const event of events as unknown as Stripe.Event[]) {
			const copy = plain(event.data.object);
			const object = options.objects.find((o) => o.events.includes(event.type));
			if (!object || typeof copy.id !== 'string') continue;
			fold(changes, {
				id: copy.id,
				object: object.value,
				change: object.ends.includes(event.type)
					? 'deleted'
					: event.type.endsWith('.created')
						? 'created'
						: 'updated',
				event_id: event.id,
				event_created: event.created,
				// The event's copy is the object as Get gives it when it is of our API version.
				...(event.api_version === version && event.created > covered ? { copy } : {}),
			});
		}
		for (const change of await readCreated(c, state)) fold(changes, change);
		// An event's copy is the object at that event; a later change without an event of its own is rare.
		const ordered = [...changes.values()].sort((a, b) => a.event_created - b.event_created);
		while (ordered.length && items.length < options.maxItems)
			items.push(await emit(c, ordered.shift()!));
		// The rest waits for the next poll, without its copy: by then the object may have changed.
		for (const { copy, ...rest } of ordered) pending.push(rest as PendingChange);
	}
	if (pending.length) state.pending = pending;
	else delete state.pending;
	sequence(state, items, now);

	for (const key of Object.keys(stored)) delete stored[key];
	Object.assign(stored, state);
	return items;
}
