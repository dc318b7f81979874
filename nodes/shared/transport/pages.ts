import type { IDataObject } from 'n8n-workflow';
import { MalformedResponse } from '../errors';
import type { Send } from './send';
import { DEFAULT_CONCURRENCY } from './throttle';
import {
	createdWindow,
	listPages,
	PAGE_SIZE,
	type FetchPage,
	type ListPage,
	type ListRequest,
} from './windows';

// Stripe's answers as n8n items, and lists read page by page through `send`.

/** Whether a value is JSON as JSON.parse gives it: what the SDK hands back unless it coerced a field. */
function isJson(value: unknown): boolean {
	if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
	if (typeof value === 'number') return Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isJson);
	if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
	for (const key in value) if (!isJson((value as Record<string, unknown>)[key])) return false;
	return true;
}

/**
 * An SDK answer as plain JSON. Most answers are already plain but for the raw HTTP response the SDK hangs
 * on them (non-enumerable, left behind by a shallow copy); an answer with a field the SDK coerced (a
 * Decimal, a bigint) takes the JSON round trip, which gives a decimal's and an int64's text.
 */
const toJson = (value: object): IDataObject =>
	isJson(value)
		? { ...value }
		: (JSON.parse(
				JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
			) as IDataObject);

/** A Stripe object as plain JSON for an n8n item; anything but an object is a malformed answer. */
export const plain = (object: unknown): IDataObject => {
	if (typeof object !== 'object' || object === null || Array.isArray(object))
		throw new MalformedResponse(
			`expected an object, got ${object === null ? 'null' : Array.isArray(object) ? 'a list' : typeof object}`,
		);
	return toJson(object);
};

export interface Page {
	data: unknown[];
	has_more: boolean;
	next_page?: string | null;
	/** v2 lists: the path of the next page, null on the last. */
	next_page_url?: string | null;
}

/** A page's objects as items; an answer without a data list is malformed. */
function objectsOf(page: Page): IDataObject[] {
	if (typeof page !== 'object' || page === null || !Array.isArray(page.data))
		throw new MalformedResponse('a list answer without a data list');
	return page.data.map(plain);
}

/** Reads a page through `send`, unless it is no longer wanted once `send` lets it go. `next` gives the params of the page after it. */
function pageReader(
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	next: (page: Page) => IDataObject,
	more: (page: Page) => boolean,
): FetchPage {
	return async (params, wanted) => {
		const page = await send(async () => ((await wanted()) ? fetch(params) : undefined));
		if (page === undefined) return undefined;
		return {
			objects: objectsOf(page),
			next: more(page) && page.data.length ? next(page) : undefined,
		};
	};
}

/** Pages of 100 (Stripe's maximum) one after another, and no request beyond what Return All or Limit needs. */
export const paginate = (
	r: ListRequest,
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	next: (page: Page) => IDataObject,
	more = (page: Page) => page.has_more,
) => listPages(r, pageReader(send, fetch, next, more));

/** A list Stripe answers in one page (its method takes no `limit`): one request, up to the Limit. */
export async function onePage(
	r: ListRequest,
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
): Promise<IDataObject[]> {
	const objects = objectsOf(await send(() => fetch(r.params)));
	return r.returnAll ? objects : objects.slice(0, r.limit);
}

/** The cursor for the page after `page`: its last object's ID. */
export function lastId(page: Page): string {
	const id = (page.data[page.data.length - 1] as { id?: unknown }).id;
	if (typeof id !== 'string')
		throw new MalformedResponse('a list object without an id to page from');
	return id;
}

/** The params of a v1 list's next page: after its last object's ID. */
const afterLast = (page: Page): IDataObject => ({ starting_after: lastId(page) });

/**
 * A v1 list, paged after the last object's ID. A list that filters by `created` (`byCreated`) is
 * paged in `created` windows at the same time, up to the node's Concurrency.
 */
export function paginateList(
	r: ListRequest,
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	byCreated: boolean,
) {
	const read = pageReader(send, fetch, afterLast, (page) => page.has_more);
	// A list continued from a cursor is read from there, one page after another.
	const window =
		byCreated && !orderedOtherwise(r.params) && r.params.starting_after === undefined
			? createdWindow(r.params.created)
			: undefined;
	return listPages(r, read, window && { streams: r.concurrency ?? DEFAULT_CONCURRENCY, window });
}

/**
 * The first object of a v1 list, in its order, that `match` takes: pages of 100 one after another, and
 * none once one is found or `most` objects are read.
 */
export async function firstInList(
	params: IDataObject,
	most: number,
	send: Send,
	fetch: (params: IDataObject) => Promise<Page>,
	match: (object: IDataObject) => boolean,
): Promise<IDataObject | undefined> {
	const read = pageReader(send, fetch, afterLast, (page) => page.has_more);
	let scanned = 0;
	for (let next: IDataObject | undefined = {}; next;) {
		const page: ListPage = (await read(
			{ ...params, ...next, limit: PAGE_SIZE },
			async () => true,
		))!;
		for (const object of page.objects) {
			if (match(object)) return object;
			if (++scanned >= most) return undefined;
		}
		next = page.next;
	}
	return undefined;
}

/** Lists that take `order_by` (Treasury) are newest first by `created` only when ordered by it. */
const orderedOtherwise = (params: IDataObject) =>
	params.order_by !== undefined && params.order_by !== 'created';

/** The params of a search's next page: its `next_page` token. */
export function nextSearchPage(page: Page): IDataObject {
	if (typeof page.next_page !== 'string')
		throw new MalformedResponse('a search answer with more results but no next_page');
	return { page: page.next_page };
}

/** The params of a v2 list's next page: the `page` token of its next_page_url. */
export function nextV2Page(page: Page): IDataObject {
	const token = page.next_page_url
		? new URL(page.next_page_url, 'https://api.stripe.com').searchParams.get('page')
		: null;
	if (!token) throw new MalformedResponse('a v2 list with more results but no next_page_url');
	return { page: token };
}

/** Whether a v2 list has a page after this one. */
export const hasNextV2Page = (page: Page) => typeof page.next_page_url === 'string';
