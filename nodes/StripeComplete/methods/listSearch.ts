import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import type Stripe from 'stripe';
import { createClient, CREDENTIAL, sdkResource, type StripeCredential } from '../../shared/client';
import { checkId, type StripeObject } from '../../shared/ids';
import { PICKERS, type Picker } from '../pickers';

type ListOrSearch = (
	params: IDataObject,
	options: Stripe.RequestOptions,
) => Promise<{ data: IDataObject[]; has_more: boolean; next_page?: string | null }>;

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
): Promise<INodeListSearchResult> {
	const picker = PICKERS[object]!;
	const stripe = createClient(
		(await this.getCredentials(CREDENTIAL)) as unknown as StripeCredential,
	);
	const account = (this.getCurrentNodeParameter('options') as IDataObject | undefined)
		?.stripeAccount;
	const options: Stripe.RequestOptions =
		typeof account === 'string' && account.trim()
			? { stripeAccount: checkId(account.trim(), 'account', 'Connected Account') }
			: {};
	const resource = sdkResource<ListOrSearch>(stripe, picker.sdk);
	const wanted = filter?.trim() ?? '';
	const live = (o: IDataObject) => o.deleted !== true;
	const item = (o: IDataObject): INodeListSearchItems => ({
		name: picker.label(o),
		value: String(o.id),
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

/** The node's listSearch methods, one per picker. */
export const listSearch = Object.fromEntries(
	(Object.entries(PICKERS) as Array<[StripeObject, Picker]>).map(([object, picker]) => [
		picker.method,
		function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
			return pick.call(this, object, filter, paginationToken);
		},
	]),
);
