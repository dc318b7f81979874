/** What a sync keeps between polls (the node's static data), and what each item says of its change. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { Settled } from '../settle';

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
	/** The Events API cursor: the newest second read and the events read in the settle window before it. */
	cursor?: Settled;
	/** Per object type, what its backfill has still to read; absent once read through. */
	backfill?: Record<string, Position>;
	/** Per object type created without an event (Checkout Sessions): where its list by `created` is read to. */
	listed?: Record<string, Settled>;
	pending?: PendingChange[];
	/** The backfill under way re-syncs everything: the cursor had outlived Stripe's events. */
	resync?: boolean;
	/** The object types selected at the last poll. */
	objects?: string[];
	/** The `sync.sequence` of the last item emitted. */
	sequence?: number;
}

/**
 * Numbers the items in the order emitted, on from the last poll's: a later copy of an object has a higher
 * `sync.sequence`, so a table written by executions that run at once (queue mode) keeps the newest. A new
 * sync starts from n8n's clock in microseconds, above what an earlier one wrote.
 */
/** The lowest `sync.sequence` a poll at `now` (Unix seconds) gives: its items come after it. */
export const sequenceFloor = (now: number) => now * 1_000_000;

export function sequence(state: SyncState, items: INodeExecutionData[], now: number) {
	let last = Math.max(state.sequence ?? 0, sequenceFloor(now));
	for (const { json } of items) (json.sync as IDataObject).sequence = ++last;
	if (items.length) state.sequence = last;
}

/** A state of an earlier version, whose cursor and lists were read to a second: read on from the next. */
export function migrate(state: SyncState, window: number) {
	const after = (second: number): Settled => ({ newest: second + 1 + window, seen: {} });
	if (typeof state.cursor === 'number') state.cursor = after(state.cursor);
	for (const [type, listed] of Object.entries(state.listed ?? {}))
		if (typeof listed === 'number') state.listed![type] = after(listed);
}
