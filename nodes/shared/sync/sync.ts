import Stripe from 'stripe';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { MAX_TYPES_FILTER, onAccount, sdkResource } from '../client';
import { plain, paginateList, type Page } from '../transport/pages';
import { sender, type Send } from '../transport/send';
import type { SyncObject } from './objects';

// A sync keeps a copy of Stripe's objects in step, as data connectors do: every object once (a
// backfill read in `created` windows), then the Events API as the cursor, changes folded per object
// (its newest state), deletions as tombstones, and a full re-sync once the cursor is older than the
// events Stripe keeps.

/** Stripe keeps events for 30 days; a cursor older than that may have missed some. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export type Change = 'created' | 'updated' | 'deleted';

/** A point in a list newest first by `created`: what is left is older than `created`, or at it and not in `ids`. */
export interface Position extends IDataObject {
	created: number;
	ids: string[];
}

/** A change read but not yet emitted (the run's item bound was met): emitted from a fresh retrieve. */
export interface PendingChange extends IDataObject {
	id: string;
	object: string;
	change: Change;
	event_id: string | null;
	event_created: number;
}

/** What a sync keeps between polls, in the node's static data. */
export interface SyncState extends IDataObject {
	/** The Events API cursor: the last second whose events are all read. */
	cursor?: number;
	/** Per object type, what its backfill has still to read; absent once read through. */
	backfill?: Record<string, Position>;
	/** Per object type created without an event (Checkout Sessions): the last second its list is read to. */
	listed?: Record<string, number>;
	pending?: PendingChange[];
	/** The backfill under way re-syncs everything: the cursor had outlived Stripe's events. */
	resync?: boolean;
	/** The object types selected at the last poll. */
	objects?: string[];
}

export interface SyncOptions {
	objects: SyncObject[];
	/** `all`: everything that exists, then what changes; `new`: only what changes from now on. */
	start: 'all' | 'new';
	maxItems: number;
	stripeAccount?: string;
	concurrency?: number;
}

interface Context {
	stripe: Stripe;
	send: Send;
	request: Stripe.RequestOptions;
	options: SyncOptions;
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

/** What an event says of its object: the newest change wins, and one created then changed is still new. */
function fold(
	changes: Map<string, PendingChange & { copy?: IDataObject }>,
	change: PendingChange & { copy?: IDataObject },
) {
	const known = changes.get(change.id);
	if (known && known.event_created > change.event_created) return;
	if (known?.change === 'created' && change.change === 'updated') change.change = 'created';
	changes.set(change.id, change);
}

/**
 * The events after second `cursor` up to the second before `now`, oldest first, for the object types
 * synced. Those of the current second are left to the next poll: more may still come in it.
 */
async function readEvents(c: Context, cursor: number, now: number) {
	const types = c.options.objects.flatMap((o) => o.events);
	const events: IDataObject[] = [];
	for (let i = 0; i < types.length; i += MAX_TYPES_FILTER)
		events.push(
			...(await paginateList(
				{
					params: {
						created: { gt: cursor, lt: now },
						types: types.slice(i, i + MAX_TYPES_FILTER),
					},
					returnAll: true,
					limit: 0,
					concurrency: c.options.concurrency,
				},
				c.send,
				(params) => c.stripe.events.list(params, c.request),
				true,
			)),
		);
	// Stripe lists newest first: reversed, a stable sort keeps each second's events in the order they happened.
	return events.reverse().sort((a, b) => (a.created as number) - (b.created as number));
}

/** New objects of the types created without an event, listed by `created` since the last poll. */
async function readCreated(c: Context, state: SyncState, now: number) {
	const changes: Array<PendingChange & { copy: IDataObject }> = [];
	for (const object of c.options.objects.filter((o) => !o.createdEvent)) {
		if (state.listed![object.value] >= now - 1) continue;
		const fresh = await readDown(
			c,
			object,
			{ created: now - 1, ids: [] },
			Infinity,
			state.listed![object.value],
		);
		for (const o of fresh)
			changes.push({
				id: o.id as string,
				object: object.value,
				change: 'created',
				event_id: null,
				event_created: o.created as number,
				copy: o,
			});
		state.listed![object.value] = now - 1;
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
	// A deleted customer, product... is still retrieved, as `{id, object, deleted: true}`.
	return item(current, current.deleted === true ? { ...info, change: 'deleted' } : info, false);
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
	};
	const items: INodeExecutionData[] = [];

	const expired = state.cursor !== undefined && state.cursor < now - EVENT_RETENTION_SECONDS;
	if (state.cursor === undefined || expired) {
		// Objects made from this second on come with the events; a backfill reads those made before.
		for (const key of Object.keys(state)) delete state[key];
		state.cursor = now - 1;
		if (expired) state.resync = true;
	}
	// Object types new to the sync (at first, all): what exists, unless only changes from now on are
	// wanted; then their changes. Types no longer selected are read no more.
	const known = state.objects ?? [];
	for (const o of options.objects)
		if (!known.includes(o.value)) {
			if (options.start === 'all' || state.resync)
				(state.backfill ??= {})[o.value] = { created: now - 1, ids: [] };
			if (!o.createdEvent) (state.listed ??= {})[o.value] = now - 1;
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
		const events = now - 1 > state.cursor ? await readEvents(c, state.cursor, now) : [];
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
				...(event.api_version === version ? { copy } : {}),
			});
		}
		for (const change of await readCreated(c, state, now)) fold(changes, change);
		state.cursor = Math.max(state.cursor, now - 1);
		// An event's copy is the object at that event; a later change without an event of its own is rare.
		const ordered = [...changes.values()].sort((a, b) => a.event_created - b.event_created);
		while (ordered.length && items.length < options.maxItems)
			items.push(await emit(c, ordered.shift()!));
		// The rest waits for the next poll, without its copy: by then the object may have changed.
		for (const { copy, ...rest } of ordered) pending.push(rest as PendingChange);
	}
	if (pending.length) state.pending = pending;
	else delete state.pending;

	for (const key of Object.keys(stored)) delete stored[key];
	Object.assign(stored, state);
	return items;
}
