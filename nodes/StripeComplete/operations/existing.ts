import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { sdkResource } from '../../shared/client';
import { FieldError } from '../../shared/errors';
import {
	paginate,
	plain,
	nextSearchPage,
	paginateList,
	type Page,
} from '../../shared/transport/pages';
import type { Send } from '../../shared/transport/send';
import type { Request } from '../fields';
import { quoted } from '../fields/pickers';

// Return Existing Object: a create that first looks for the object an earlier run made, by metadata.
// Where the create names an object a list of its kind filters on (a refund's payment, a payment intent's
// customer, a price's product), that list is read: it shows a write at once. Otherwise Stripe Search,
// which finds a write only after its lag (normally under a minute, up to an hour); meanwhile the write's
// Idempotency-Key, made from the metadata matched, replays the first create. A refund that failed or was
// canceled gave nothing back: it is not taken for done, and the refund is made again.

/**
 * The creates that can look first, by SDK method, with the parameters a list of what they make filters
 * on. Only IDs: Stripe keeps them as sent, where text (an email, a URL) might be stored otherwise and a
 * list would then never find what was made.
 */
const FILTERS: Record<string, string[]> = {
	'refunds.create': ['payment_intent', 'charge'],
	'paymentIntents.create': ['customer', 'customer_account'],
	'invoices.create': ['subscription', 'customer', 'customer_account'],
	'subscriptions.create': ['customer', 'customer_account'],
	'charges.create': ['customer'],
	'prices.create': ['product'],
	'customers.create': [],
	'products.create': [],
};
export const LOOKUPS = new Set(Object.keys(FILTERS));

/** Refunds that gave no money back. */
const UNDONE = new Set(['failed', 'canceled']);

const resourceOf = (method: string) => method.slice(0, method.lastIndexOf('.'));

/** The list filter this create's params give, if any: what the object made will be listed under. */
function listFilter(method: string, params: IDataObject): IDataObject | undefined {
	const given = FILTERS[method].filter((p) => typeof params[p] === 'string' && params[p] !== '');
	if (!given.length) return undefined;
	const filter = Object.fromEntries(given.map((p) => [p, params[p]]));
	// Subscriptions are listed without the canceled ones unless asked; Search finds those too.
	return method === 'subscriptions.create' ? { ...filter, status: 'all' } : filter;
}

/**
 * The Idempotency-Key of a create looked for by Stripe Search, in place of the automatic one (a key the
 * user gave stays): every delivery of the same metadata on the same account sends it, so those that
 * come before Search finds the first object replay that create instead of making another.
 */
export function searchedKey(method: string | undefined, r: Request): string | undefined {
	if (!r.existing || !method || !LOOKUPS.has(method) || listFilter(method, r.params)) return;
	const resource = resourceOf(method);
	const { key, value } = r.existing;
	const digest = createHash('sha256')
		.update(JSON.stringify([resource, key, value, r.options.stripeAccount ?? null]))
		.digest('hex');
	return `existing-${resource}-${digest.slice(0, 32)}`;
}

/** The object an earlier create made with the metadata asked for, if there is one: one that gave money back first. */
async function find(
	stripe: Stripe,
	method: string,
	r: Request,
	send: Send,
): Promise<IDataObject | undefined> {
	const { key, value } = r.existing!;
	const has = (o: IDataObject) => (o.metadata as IDataObject | undefined)?.[key] === value;
	const all = { returnAll: true, limit: 0, concurrency: r.concurrency };
	const resource = resourceOf(method);
	// A look-up is a read: the write's account and version, never its Idempotency-Key.
	const { idempotencyKey: _key, ...options } = r.options;
	const api = sdkResource<(p: IDataObject, o: Stripe.RequestOptions) => Promise<Page>>(
		stripe,
		resource,
	);
	const filter = listFilter(method, r.params);
	const found = filter
		? await paginateList({ ...all, params: filter }, send, (p) => api.list(p, options), false)
		: await paginate(
				{ ...all, params: { query: `metadata[${quoted(key)}]:${quoted(value)}` } },
				send,
				(p) => api.search(p, options),
				nextSearchPage,
			);
	if (resource === 'refunds')
		return found.filter(has).find((o) => !UNDONE.has(o.status as string)) ?? found.find(has);
	// Newest first; the earliest is the one every later run returns.
	return found.filter(has).pop();
}

/**
 * A create with Return Existing Object: the object found, marked `existing: true`, or the new one,
 * made with that metadata so later runs find it.
 */
export async function createOnce(
	stripe: Stripe,
	method: string,
	r: Request,
	send: Send,
	create: () => Promise<unknown>,
): Promise<IDataObject> {
	const { key, value } = r.existing!;
	const metadata = (r.params.metadata ?? {}) as IDataObject;
	if (metadata[key] !== undefined && metadata[key] !== value)
		throw new FieldError(
			'Return Existing Object',
			`matches ${key} = "${value}", but Metadata sets ${key} to "${String(metadata[key])}"`,
		);
	const searched = searchedKey(method, r);
	const found = await find(stripe, method, r, send);
	const undone = found?.object === 'refund' && UNDONE.has(found.status as string);
	if (found && !undone) return { ...found, existing: true };
	r.params.metadata = { ...metadata, [key]: value };
	// Refunding again after a failed refund: the first refund's key would only replay it, so the new key
	// comes from both, the same for every run that finds that failure (two such runs still refund once).
	if (undone && r.options.idempotencyKey)
		r.options.idempotencyKey = `after-${found!.id as string}-${createHash('sha256')
			.update(r.options.idempotencyKey)
			.digest('hex')
			.slice(0, 32)}`;
	// Stripe refuses a key sent again with other parameters: here, the same metadata with other fields.
	// The runner makes the node's error of it, Stripe's type and code kept.
	const explained = (error: Error & { type?: string }) => {
		if (
			searched &&
			searched === r.options.idempotencyKey &&
			error.type === 'StripeIdempotencyError'
		)
			error.message =
				`Return Existing Object: ${key} = "${value}" was sent with other parameters within the last 24 hours, and Stripe takes its key only with the first ones. ` +
				`If that create went through, Search finds its object within the hour: run again then; for a different object, match another value. Stripe: ${error.message}`;
		return Promise.reject(error);
	};
	return plain(await send(create).catch(explained));
}
