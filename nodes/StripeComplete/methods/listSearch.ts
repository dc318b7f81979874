import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import type Stripe from 'stripe';
import { checkConnectedAccount, onAccount, sdkResource, stripeClient } from '../../shared/client';
import type { StripeObject } from '../../shared/ids';
import { PICKERS, type Picker } from '../fields/pickers';

type ListOrSearch = (
	params: IDataObject,
	options: Stripe.RequestOptions,
) => Promise<{ data: IDataObject[]; has_more: boolean; next_page?: string | null }>;

/** A page of a picker's list; `created` orders the payments of two lists, and is not handed to n8n. */
interface Found {
	results: Array<INodeListSearchItems & { created?: number }>;
	paginationToken?: string;
}

/** Stripe's substring search needs three characters; shorter text filters a listed page instead. */
const MIN_SEARCH = 3;

/**
 * From List: Stripe's search API for typed text where the object has one, otherwise its list,
 * filtered by the label; pages of 100, the next page's cursor handed back to n8n. Uses the node's
 * Connected Account when one is set.
 */
export async function pick(
	this: ILoadOptionsFunctions,
	object: StripeObject,
	filter?: string,
	paginationToken?: string,
	keep: (o: IDataObject) => boolean = () => true,
): Promise<Found> {
	const picker = PICKERS[object]!;
	const stripe = await stripeClient(this);
	const options = onAccount(
		checkConnectedAccount(
			(this.getCurrentNodeParameter('options') as IDataObject | undefined)?.stripeAccount,
		),
	);
	const resource = sdkResource<ListOrSearch>(stripe, picker.sdk);
	const wanted = filter?.trim() ?? '';
	const live = (o: IDataObject) => o.deleted !== true && keep(o);
	const item = (o: IDataObject): INodeListSearchItems & { created?: number } => ({
		name: picker.label(o),
		value: String(o.id),
		created: o.created as number | undefined,
		url: `https://dashboard.stripe.com/${o.livemode ? '' : 'test/'}${picker.dashboard}/${encodeURIComponent(String(o.id))}`,
	});
	if (picker.search && wanted.length >= MIN_SEARCH) {
		const page = await resource.search(
			{
				query: picker.search(wanted),
				limit: 100,
				...(paginationToken ? { page: paginationToken } : {}),
				...(picker.expand ? { expand: picker.expand } : {}),
			},
			options,
		);
		return {
			results: page.data.filter(live).map(item),
			paginationToken: page.has_more && page.next_page ? page.next_page : undefined,
		};
	}
	const page = await resource.list(
		{
			limit: 100,
			...(paginationToken ? { starting_after: paginationToken } : {}),
			...(picker.expand ? { expand: picker.expand } : {}),
		},
		options,
	);
	const needle = wanted.toLowerCase();
	const matches = (o: IDataObject) =>
		!needle ||
		String(o.id).toLowerCase().includes(needle) ||
		picker.label(o).toLowerCase().includes(needle);
	const last = page.data[page.data.length - 1];
	return {
		results: page.data.filter(live).filter(matches).map(item),
		paginationToken: page.has_more && last ? String(last.id) : undefined,
	};
}

/**
 * A payment to refund: the payment intents and the charges made without one (older integrations),
 * newest first; each list pages on its own, both cursors in n8n's pagination token.
 */
async function searchPayments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const cursors = paginationToken
		? (JSON.parse(paginationToken) as { pi?: string; ch?: string })
		: { pi: '', ch: '' };
	const pages = await Promise.all(
		(['payment_intent', 'charge'] as const).map((object) => {
			const cursor = object === 'payment_intent' ? cursors.pi : cursors.ch;
			return cursor === undefined
				? { results: [], paginationToken: undefined }
				: pick.call(this, object, filter, cursor || undefined, (o) =>
						object === 'charge' ? !o.payment_intent : true,
					);
		}),
	);
	const results = pages
		.flatMap((page) => page.results)
		.sort((a, b) => Number(b.created ?? 0) - Number(a.created ?? 0))
		.map(({ created: _created, ...item }) => item);
	const [pi, ch] = pages.map((page) => page.paginationToken);
	return {
		results,
		paginationToken: pi || ch ? JSON.stringify({ pi, ch }) : undefined,
	};
}

/** The node's listSearch methods, one per picker, and the refund's payment picker. */
export const listSearch = {
	...Object.fromEntries(
		(Object.entries(PICKERS) as Array<[StripeObject, Picker]>).map(([object, picker]) => [
			picker.method,
			async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
				const page = await pick.call(this, object, filter, paginationToken);
				return { ...page, results: page.results.map(({ created: _created, ...item }) => item) };
			},
		]),
	),
	searchPayments,
};
