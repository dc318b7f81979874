import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';
import type Stripe from 'stripe';
import { createClient, CREDENTIAL, sdkResource, type StripeCredential } from './client';
import { formatAmount } from './currencies';
import { FieldError } from './errors';
import { checkId, idPlaceholder, type StripeObject } from './ids';

/** How the From List of one kind of object finds and names its objects. */
interface Picker {
	/** The SDK resource that lists (and maybe searches) them. */
	sdk: string;
	/** The node's listSearch method. */
	method: string;
	/** What a person recognises the object by: "Ann Lee (ann@example.com)". */
	label(o: IDataObject): string;
	/** Stripe's search query for typed text, where the object has a search API. */
	search?(text: string): string;
	/** Expanded on list calls, for the label (a price's product name). */
	expand?: string[];
	/** The path of its page in the Stripe Dashboard. */
	dashboard: string;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const nested = (o: IDataObject, key: string) =>
	o[key] && typeof o[key] === 'object' ? (o[key] as IDataObject) : {};
const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const money = (amount: unknown, currency: unknown) =>
	typeof amount === 'number' && typeof currency === 'string'
		? formatAmount(amount, currency)
		: undefined;
const join = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' · ');
const person = (o: IDataObject) => {
	const name = text(o.name) ?? text(o.customer_name);
	const email = text(o.email) ?? text(o.customer_email);
	return name && email ? `${name} (${email})` : (name ?? email);
};

export const PICKERS: Partial<Record<StripeObject, Picker>> = {
	customer: {
		sdk: 'customers',
		method: 'searchCustomers',
		label: (o) => person(o) ?? String(o.id),
		search: (t) => `name~${quoted(t)} OR email~${quoted(t)}`,
		dashboard: 'customers',
	},
	product: {
		sdk: 'products',
		method: 'searchProducts',
		label: (o) => join(text(o.name), o.active === false ? 'archived' : undefined),
		search: (t) => `name~${quoted(t)}`,
		dashboard: 'products',
	},
	price: {
		sdk: 'prices',
		method: 'searchPrices',
		expand: ['data.product'],
		label: (o) => {
			const recurring = nested(o, 'recurring');
			const interval =
				text(recurring.interval) &&
				`${Number(recurring.interval_count ?? 1) > 1 ? `every ${String(recurring.interval_count)} ${String(recurring.interval)}s` : `per ${String(recurring.interval)}`}`;
			return join(
				text(nested(o, 'product').name) ?? text(o.product),
				text(o.nickname),
				money(o.unit_amount, o.currency),
				interval,
			);
		},
		dashboard: 'prices',
	},
	subscription: {
		sdk: 'subscriptions',
		method: 'searchSubscriptions',
		expand: ['data.customer'],
		label: (o) =>
			join(person(nested(o, 'customer')) ?? text(o.customer), text(o.status), text(o.description)),
		dashboard: 'subscriptions',
	},
	invoice: {
		sdk: 'invoices',
		method: 'searchInvoices',
		label: (o) =>
			join(text(o.number) ?? 'Draft', person(o), money(o.amount_due, o.currency), text(o.status)),
		dashboard: 'invoices',
	},
	payment_intent: {
		sdk: 'paymentIntents',
		method: 'searchPaymentIntents',
		label: (o) =>
			join(money(o.amount, o.currency), text(o.status), text(o.description) ?? text(o.customer)),
		dashboard: 'payments',
	},
	'checkout.session': {
		sdk: 'checkout.sessions',
		method: 'searchCheckoutSessions',
		label: (o) =>
			join(
				text(nested(o, 'customer_details').email) ?? text(o.customer),
				money(o.amount_total, o.currency),
				text(o.mode),
				text(o.status),
			),
		dashboard: 'checkout/sessions',
	},
	charge: {
		sdk: 'charges',
		method: 'searchCharges',
		label: (o) =>
			join(
				money(o.amount, o.currency),
				text(o.status),
				text(nested(o, 'billing_details').email) ?? text(o.description),
			),
		dashboard: 'payments',
	},
	refund: {
		sdk: 'refunds',
		method: 'searchRefunds',
		label: (o) => join(money(o.amount, o.currency), text(o.status), text(o.reason)),
		dashboard: 'refunds',
	},
	payment_link: {
		sdk: 'paymentLinks',
		method: 'searchPaymentLinks',
		label: (o) => join(text(o.url), o.active === false ? 'inactive' : undefined),
		dashboard: 'payment-links',
	},
	coupon: {
		sdk: 'coupons',
		method: 'searchCoupons',
		label: (o) =>
			join(
				text(o.name) ?? String(o.id),
				typeof o.percent_off === 'number'
					? `${o.percent_off}% off`
					: money(o.amount_off, o.currency) && `${money(o.amount_off, o.currency)} off`,
			),
		dashboard: 'coupons',
	},
	promotion_code: {
		sdk: 'promotionCodes',
		method: 'searchPromotionCodes',
		label: (o) => join(text(o.code), o.active === false ? 'inactive' : undefined),
		dashboard: 'promotion-codes',
	},
	account: {
		sdk: 'accounts',
		method: 'searchAccounts',
		label: (o) =>
			text(nested(o, 'business_profile').name) ??
			text(nested(nested(o, 'settings'), 'dashboard').display_name) ??
			text(o.email) ??
			String(o.id),
		dashboard: 'connect/accounts',
	},
};

/** Objects whose IDs people may choose are found in URLs by their Dashboard path, the others by their prefix. */
const CUSTOM_IDS = new Set<StripeObject>(['product', 'price', 'coupon']);
const urlPattern = (object: StripeObject, picker: Picker) =>
	CUSTOM_IDS.has(object)
		? `https://dashboard\\.stripe\\.com/(?:.*/)?${picker.dashboard}/([^/?#]+)`
		: `https://dashboard\\.stripe\\.com/.*?\\b((?:${idPlaceholder(object)
				.replace(/_\.\.\./g, '')
				.split(' or ')
				.join('|')})_[A-Za-z0-9]+)`;

interface LocatorDisplay {
	displayName: string;
	name: string;
	description?: string;
	required?: boolean;
}

/** A resource locator for an object with a picker: From List (searchable), By ID (prefix checked), By URL (a Dashboard link). */
export function locatorProperty(
	object: StripeObject,
	display: LocatorDisplay,
): INodeProperties | undefined {
	const picker = PICKERS[object];
	if (!picker) return undefined;
	const placeholder = idPlaceholder(object) || 'ID';
	return {
		...display,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: picker.method, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://dashboard.stripe.com/${picker.dashboard}/${placeholder.split(' or ')[0].replace('...', '123')}`,
				extractValue: { type: 'regex', regex: urlPattern(object, picker) },
			},
		],
	};
}

/**
 * The ID a locator's value names, checked: from the list or typed (`{mode, value}`), a Dashboard URL, or
 * plain text from an expression or from a workflow saved before the field was a locator.
 */
export function locatorValue(
	value: unknown,
	object: StripeObject,
	field: string,
): string | undefined {
	// n8n saves a locator as {__rl, mode, value}; its default in the description has no __rl.
	const given =
		value && typeof value === 'object' && 'mode' in value && 'value' in value
			? (value as { mode: string; value: unknown })
			: { mode: 'id', value };
	const raw = given.value;
	if (raw === undefined || raw === null || (typeof raw === 'string' && !raw.trim()))
		return undefined;
	if (typeof raw !== 'string')
		throw new FieldError(field, 'must be an ID, a Dashboard URL or a choice from the list');
	if (given.mode === 'url') {
		const picker = PICKERS[object]!;
		const match = new RegExp(urlPattern(object, picker)).exec(raw.trim());
		if (!match)
			throw new FieldError(
				field,
				`must be a Stripe Dashboard URL of ${object.replace(/[._]/g, ' ')}, such as https://dashboard.stripe.com/${picker.dashboard}/...`,
			);
		return checkId(decodeURIComponent(match[1]), object, field);
	}
	return checkId(raw.trim(), object, field);
}

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
