import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { formatAmount } from './currencies';
import { FieldError } from '../../shared/errors';
import { checkId, idPlaceholder, type StripeObject } from '../../shared/ids';
import { textOf } from '../../shared/values';

/** How the From List of one kind of object finds and names its objects. */
export interface Picker {
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

const nested = (o: IDataObject, key: string) =>
	o[key] && typeof o[key] === 'object' ? (o[key] as IDataObject) : {};
/** A value quoted for Stripe's search query language. */
export const quoted = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const money = (amount: unknown, currency: unknown) =>
	typeof amount === 'number' && typeof currency === 'string'
		? formatAmount(amount, currency)
		: undefined;
/** A Unix time as its UTC day, `2026-12-03`. */
const day = (created: unknown) =>
	typeof created === 'number' ? new Date(created * 1000).toISOString().slice(0, 10) : undefined;
const join = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(' · ');
const person = (o: IDataObject) => {
	const name = textOf(o.name) ?? textOf(o.customer_name);
	const email = textOf(o.email) ?? textOf(o.customer_email);
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
		label: (o) => join(textOf(o.name), o.active === false ? 'archived' : undefined),
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
				textOf(recurring.interval) &&
				`${Number(recurring.interval_count ?? 1) > 1 ? `every ${String(recurring.interval_count)} ${String(recurring.interval)}s` : `per ${String(recurring.interval)}`}`;
			return join(
				textOf(nested(o, 'product').name) ?? textOf(o.product),
				textOf(o.nickname),
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
			join(
				person(nested(o, 'customer')) ?? textOf(o.customer),
				textOf(o.status),
				textOf(o.description),
			),
		dashboard: 'subscriptions',
	},
	invoice: {
		sdk: 'invoices',
		method: 'searchInvoices',
		// A draft has no number and no customer name of its own yet: its customer and day tell drafts apart.
		expand: ['data.customer'],
		label: (o) =>
			join(
				textOf(o.number) ?? 'Draft',
				person(o) ?? person(nested(o, 'customer')) ?? textOf(o.customer),
				money(o.amount_due, o.currency),
				textOf(o.number) ? textOf(o.status) : day(o.created),
			),
		dashboard: 'invoices',
	},
	payment_intent: {
		sdk: 'paymentIntents',
		method: 'searchPaymentIntents',
		label: (o) =>
			join(
				money(o.amount, o.currency),
				textOf(o.status),
				textOf(o.description) ?? textOf(o.customer),
			),
		dashboard: 'payments',
	},
	'checkout.session': {
		sdk: 'checkout.sessions',
		method: 'searchCheckoutSessions',
		label: (o) =>
			join(
				textOf(nested(o, 'customer_details').email) ?? textOf(o.customer),
				money(o.amount_total, o.currency),
				textOf(o.mode),
				textOf(o.status),
			),
		dashboard: 'checkout/sessions',
	},
	charge: {
		sdk: 'charges',
		method: 'searchCharges',
		label: (o) =>
			join(
				money(o.amount, o.currency),
				textOf(o.status),
				textOf(nested(o, 'billing_details').email) ?? textOf(o.description),
			),
		dashboard: 'payments',
	},
	refund: {
		sdk: 'refunds',
		method: 'searchRefunds',
		label: (o) => join(money(o.amount, o.currency), textOf(o.status), textOf(o.reason)),
		dashboard: 'refunds',
	},
	payment_link: {
		sdk: 'paymentLinks',
		method: 'searchPaymentLinks',
		label: (o) => join(textOf(o.url), o.active === false ? 'inactive' : undefined),
		dashboard: 'payment-links',
	},
	coupon: {
		sdk: 'coupons',
		method: 'searchCoupons',
		label: (o) =>
			join(
				textOf(o.name) ?? String(o.id),
				typeof o.percent_off === 'number'
					? `${o.percent_off}% off`
					: money(o.amount_off, o.currency) && `${money(o.amount_off, o.currency)} off`,
			),
		dashboard: 'coupons',
	},
	promotion_code: {
		sdk: 'promotionCodes',
		method: 'searchPromotionCodes',
		label: (o) => join(textOf(o.code), o.active === false ? 'inactive' : undefined),
		dashboard: 'promotion-codes',
	},
	account: {
		sdk: 'accounts',
		method: 'searchAccounts',
		label: (o) =>
			textOf(nested(o, 'business_profile').name) ??
			textOf(nested(nested(o, 'settings'), 'dashboard').display_name) ??
			textOf(o.email) ??
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
