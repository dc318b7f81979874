import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { isEmpty, toInteger } from './values';

// Stripe lists an event, or a new object by `created`, some time after it happened: most within a second,
// some after tens of seconds, a few after minutes (the Events API is eventually consistent; connectors
// that sync Stripe re-read one to five minutes for that reason). And n8n's clock need not agree with
// Stripe's. So a reader never trusts a second to be complete: each poll re-reads the settle window
// before the newest second it has seen, by Stripe's own `created` stamps, and skips the ids it saw there.

/** Five minutes: the lookback data connectors came to after events went missing at window edges. */
export const DEFAULT_SETTLE_SECONDS = 300;

/**
 * Where a reader of a list by `created` stands: the newest `created` it has read (Stripe's clock), and
 * the ids it has read from the settle window before that second on, each with its `created`.
 */
export interface Settled extends IDataObject {
	newest: number;
	seen: Record<string, number>;
}

/** Stripe's clock when it answered, in Unix seconds, from the Date header of an SDK answer; undefined without one. */
function answeredAt(answer: unknown): number | undefined {
	const headers = (answer as { lastResponse?: { headers?: Record<string, unknown> } })?.lastResponse
		?.headers;
	const at = typeof headers?.date === 'string' ? Date.parse(headers.date) : NaN;
	return Number.isFinite(at) ? Math.floor(at / 1000) : undefined;
}

/** A page reader that notes Stripe's clock when it answered first (`at()`), for the window to move on by. */
export function clocked<P, R>(list: (params: P) => Promise<R>) {
	let at: number | undefined;
	return {
		list: async (params: P) => {
			const page = await list(params);
			at ??= answeredAt(page);
			return page;
		},
		at: () => at,
	};
}

/** The first second the next read asks for (`created >= from`): the settle window before the newest. */
export const readFrom = (settled: Settled, windowSeconds: number) => settled.newest - windowSeconds;

/**
 * What a read gave that was not seen before, in the order given. The reader's state moves on past all
 * of it and to Stripe's clock when it answered (`at`: so an idle account's window moves on too), and
 * forgets the ids that fell out of the window.
 */
export function unseen<T extends { id: string; created: number }>(
	settled: Settled,
	read: T[],
	windowSeconds: number,
	at?: number,
): T[] {
	const fresh = read.filter((o) => settled.seen[o.id] === undefined);
	for (const o of fresh) settled.seen[o.id] = o.created;
	settled.newest = read.reduce(
		(newest, o) => Math.max(newest, o.created),
		Math.max(settled.newest, at ?? -Infinity),
	);
	const from = readFrom(settled, windowSeconds);
	for (const [id, created] of Object.entries(settled.seen))
		if (created < from) delete settled.seen[id];
	return fresh;
}

/** The Settle Window option of a trigger that reads Stripe's lists. */
export const settleWindowProperty: INodeProperties = {
	displayName: 'Settle Window (Seconds)',
	name: 'settleSeconds',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: DEFAULT_SETTLE_SECONDS,
	description:
		'How long after it happened an event may still show up in Stripe: each poll reads this far back again and skips what it already emitted, so late events are not missed. Stripe lists most events within a second, a few after minutes.',
};

/** The Settle Window as the option gives it, checked. */
export const settleSeconds = (options: IDataObject): number =>
	isEmpty(options.settleSeconds)
		? DEFAULT_SETTLE_SECONDS
		: toInteger(options.settleSeconds, 'Settle Window (Seconds)', 0);
