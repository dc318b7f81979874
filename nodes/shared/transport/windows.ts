import { sleep, type IDataObject } from 'n8n-workflow';

/** Stripe's largest page. */
export const PAGE_SIZE = 100;

/** What a list is asked: its params, and all of it or up to a limit, read `concurrency` pages at once. */
export interface ListRequest {
	params: IDataObject;
	returnAll: boolean;
	limit: number;
	concurrency?: number;
}

/** One page as read from Stripe: its objects, and the params of the page after it when there is one. */
export interface ListPage {
	objects: IDataObject[];
	next?: IDataObject;
}

/**
 * Sends one page request when the throttle lets it go; gives undefined without sending when by then
 * the page is no longer `wanted` (the Limit was met, or another page failed).
 */
export type FetchPage = (
	params: IDataObject,
	wanted: () => Promise<boolean>,
) => Promise<ListPage | undefined>;

/** A range of `created` in whole seconds: `gte` inclusive, `lt` exclusive, an end left out open. */
export interface Window {
	gte?: number;
	lt?: number;
}

const seconds = (value: unknown) =>
	typeof value === 'number'
		? value
		: typeof value === 'string' && /^\d+$/.test(value)
			? Number(value)
			: NaN;

/**
 * The window of the user's own `created` filter: none is everything, {gt, gte, lt, lte} whole seconds.
 * Undefined where the list cannot be split: an exact second, or anything else Stripe would read otherwise.
 */
export function createdWindow(created: unknown): Window | undefined {
	if (created === undefined) return {};
	if (typeof created !== 'object' || created === null || Array.isArray(created)) return undefined;
	const { gt, gte, lt, lte, ...other } = created as IDataObject;
	if (Object.keys(other).length) return undefined;
	const window: Window = {};
	const lower = [
		gte === undefined ? undefined : Math.ceil(seconds(gte)),
		gt === undefined ? undefined : Math.floor(seconds(gt)) + 1,
	].filter((n) => n !== undefined);
	const upper = [
		lt === undefined ? undefined : Math.ceil(seconds(lt)),
		lte === undefined ? undefined : Math.floor(seconds(lte)) + 1,
	].filter((n) => n !== undefined);
	if ([...lower, ...upper].some((n) => !Number.isFinite(n))) return undefined;
	if (lower.length) window.gte = Math.max(...lower);
	if (upper.length) window.lt = Math.min(...upper);
	return window;
}

/**
 * Where to cut a window whose next page starts in second `top` and that reaches down to `gte` (none:
 * as far as the list goes), given the seconds a page spans there. The window keeps [cut, …) with the
 * page under way, and [gte, cut) becomes a window of its own. Down to a known `gte` the cut halves what
 * lies below that page, if that is at least two pages. With no `gte` the window keeps a page, or the
 * `above` seconds of the list above it if more, so that open windows cut again double and a long list
 * is found in a few requests. Undefined where there is nothing worth cutting.
 */
export function cutAt(
	top: number,
	gte: number | undefined,
	secondsPerPage: number,
	above = 0,
): number | undefined {
	if (gte === undefined) {
		const cut = top + 1 - Math.max(1, Math.round(Math.max(secondsPerPage, above)));
		return cut > 0 ? cut : undefined;
	}
	const seconds = top + 1 - gte;
	return seconds >= 3 * secondsPerPage
		? top + 1 - Math.round((seconds + secondsPerPage) / 2)
		: undefined;
}

/** A part of the list in its order: a window of `created` read after its own cursor, or the whole list. */
interface Segment {
	objects: IDataObject[];
	window: Window;
	/** The request's `created` is this window's, not the user's own. */
	narrowed: boolean;
	cursor: IDataObject;
	/** The second of the last object read: the next page starts there or below. */
	top?: number;
	/** Seconds a page spans here, from the last page that told. */
	secondsPerPage?: number;
	/** A page came since the window was last cut. */
	fresh?: boolean;
	done: boolean;
	next?: Segment;
}

const createdOf = (o: IDataObject) =>
	Number.isInteger(o.created) ? (o.created as number) : undefined;

/** Whether a page is newest first by `created`, as the list is split by it. */
const inCreatedOrder = (objects: IDataObject[]) =>
	objects.every(
		(o, i) =>
			createdOf(o) !== undefined && (i === 0 || createdOf(o)! <= createdOf(objects[i - 1])!),
	);

/** Seconds per page of a page newest first by `created`; undefined if it spans a single second. */
function secondsPerPage(objects: IDataObject[]): number | undefined {
	const span = createdOf(objects[0])! - createdOf(objects[objects.length - 1])!;
	return span > 0 ? (span * PAGE_SIZE) / objects.length : undefined;
}

export interface Split {
	/** Windows paged at once at most (the node's Concurrency). */
	streams: number;
	/** The user's own `created` filter as a window. */
	window: Window;
}

/**
 * Return All or Limit over a list, in Stripe's order. The first page is asked as it always was. With
 * `split`, a window that a page shows to hold more pages (at first the whole list below that page) is
 * cut in two whenever a request is free, the widest first, and the parts are paged at the same time,
 * each after its own cursor. Windows cover whole seconds, so the objects of one second stay in one
 * window in Stripe's order, and nothing newer than the first page's last object is asked for, so
 * objects created meanwhile are left out as sequential paging leaves them out. Output is assembled in
 * order, and no page is sent once the pages before it hold the Limit.
 */
export async function listPages(
	r: ListRequest,
	fetchPage: FetchPage,
	split?: Split,
): Promise<IDataObject[]> {
	const root: Segment = {
		objects: [],
		window: split?.window ?? {},
		narrowed: false,
		cursor: {},
		done: false,
	};
	// The first segment not yet complete, and how many objects the segments before it hold.
	let frontier: Segment | undefined = root;
	let before = 0;
	const active = new Set<Segment>();
	let received = 0;
	let newest = 0;
	let bottom: number | undefined;
	let ordered = true;
	let stopped = false;
	let met = false;
	let failure: unknown;
	const tasks: Array<Promise<void>> = [];

	const inOrder = () => before + (frontier?.objects.length ?? 0);
	const advance = () => {
		while (frontier?.done) {
			before += frontier.objects.length;
			frontier = frontier.next;
		}
		if (!r.returnAll && inOrder() >= r.limit) met = stopped = true;
	};

	// A window is cut once per page of its own, so a wrong guess costs few requests. The open end keeps
	// as much as the list above it, except under a Limit: what lies beyond the Limit is not fetched.
	const cutOf = (s: Segment) =>
		s.done || !s.fresh || s.secondsPerPage === undefined
			? undefined
			: cutAt(s.top!, lowest(s), s.secondsPerPage, r.returnAll ? newest - s.top! : 0);
	const width = (s: Segment) => s.top! - (lowest(s) ?? -Infinity);
	// Once the oldest window is read to its end, no window holds anything below it.
	const lowest = (s: Segment) =>
		bottom === undefined ? s.window.gte : Math.max(s.window.gte ?? bottom, bottom);

	/**
	 * Cuts the widest windows while requests are free: never more windows than twice the pages of
	 * objects received (a short list stays cheap), nor than pages the Limit still wants.
	 */
	function rebalance() {
		if (!split || !ordered || stopped) return;
		const needed = r.returnAll ? Infinity : Math.ceil((r.limit - received) / PAGE_SIZE);
		const added: Segment[] = [];
		for (
			let free =
				Math.min(split.streams, 2 * Math.ceil(received / PAGE_SIZE) + 1, needed) - active.size;
			free > 0;
			free--
		) {
			let widest: Segment | undefined;
			for (const s of [...active, ...added])
				if (cutOf(s) !== undefined && (!widest || width(s) > width(widest))) widest = s;
			if (!widest) break;
			const cut = cutOf(widest)!;
			// A new open end may be cut again at once: the open windows double, and how far the list goes is found in a few requests.
			const part: Segment = {
				objects: [],
				window: { gte: widest.window.gte, lt: cut },
				narrowed: true,
				cursor: {},
				top: cut - 1,
				secondsPerPage: widest.secondsPerPage,
				fresh: widest.window.gte === undefined,
				done: false,
				next: widest.next,
			};
			widest.window = { gte: cut, lt: widest.window.lt };
			widest.narrowed = true;
			widest.fresh = false;
			widest.next = part;
			added.push(part);
		}
		for (const s of added) {
			s.fresh = false;
			start(s);
		}
	}

	const paramsOf = (s: Segment): IDataObject => {
		if (!s.narrowed) return { ...r.params, ...s.cursor };
		const created: IDataObject = {};
		if (s.window.gte !== undefined) created.gte = s.window.gte;
		if (s.window.lt !== undefined) created.lt = s.window.lt;
		return { ...r.params, created, ...s.cursor };
	};

	const wanted = async () => {
		// Pages already answered are taken in first: they may have met the Limit.
		if (!r.returnAll && active.size > 1) await sleep(0);
		return !stopped;
	};

	async function stream(s: Segment) {
		for (;;) {
			// Only the pages at the front of the output can be sized to the Limit.
			const limit =
				r.returnAll || s !== frontier ? PAGE_SIZE : Math.min(PAGE_SIZE, r.limit - inOrder());
			const page = await fetchPage({ ...paramsOf(s), limit }, wanted);
			if (!page) return;
			received += page.objects.length;
			// A window cut while its page was under way: what lies below the cut is the new window's.
			const { gte } = s.window;
			const below = gte === undefined ? -1 : page.objects.findIndex((o) => createdOf(o)! < gte);
			for (const o of below < 0 ? page.objects : page.objects.slice(0, below)) s.objects.push(o);
			if (below >= 0 || !page.next || !page.objects.length) {
				if (below < 0 && s.window.gte === split?.window.gte)
					bottom = page.objects.length
						? createdOf(page.objects[page.objects.length - 1])
						: (s.top ?? s.window.lt);
				s.done = true;
				active.delete(s);
				advance();
				return rebalance();
			}
			advance();
			if (stopped) return;
			s.cursor = page.next;
			ordered &&= inCreatedOrder(page.objects);
			if (!ordered) continue;
			newest ||= createdOf(page.objects[0])!;
			s.top = createdOf(page.objects[page.objects.length - 1]);
			s.secondsPerPage = secondsPerPage(page.objects) ?? s.secondsPerPage;
			s.fresh = true;
			rebalance();
		}
	}

	function start(s: Segment) {
		active.add(s);
		tasks.push(
			stream(s)
				.catch((error) => {
					// A page sent before the Limit was met but no longer needed cannot fail the list.
					if (!met) failure ??= error;
					stopped = true;
				})
				.finally(() => active.delete(s)),
		);
	}
	start(root);
	// Windows add their tasks while earlier ones run; every task settles, so nothing outlives the list.
	for (let i = 0; i < tasks.length; i++) await tasks[i];
	if (failure !== undefined) throw failure;
	const out: IDataObject[] = [];
	for (let s: Segment | undefined = root; s; s = s.next) {
		for (const o of s.objects) {
			if (!r.returnAll && out.length >= r.limit) return out;
			out.push(o);
		}
	}
	return out;
}
