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
// Refunds among the payment's refunds (a list, current at once); the others with Stripe Search, which
// can lag about a minute behind a write, a gap the Idempotency-Key covers. A refund that failed or was
// canceled gave nothing back: it is not taken for done, and the refund is made again.

/** The creates that can look first, by SDK method; refunds by their payment, the others by Search. */
export const LOOKUPS = new Set([
	'refunds.create',
	'customers.create',
	'paymentIntents.create',
	'invoices.create',
	'subscriptions.create',
	'products.create',
	'prices.create',
	'charges.create',
]);

/** Refunds that gave no money back. */
const UNDONE = new Set(['failed', 'canceled']);

/** The object an earlier create made with the metadata asked for, if there is one: one that gave money back first. */
async function find(
	stripe: Stripe,
	method: string,
	r: Request,
	send: Send,
): Promise<IDataObject | undefined> {
	const { key, value } = r.existing!;
	const has = (o: IDataObject) => (o.metadata as IDataObject | undefined)?.[key] === value;
	const all = { params: {}, returnAll: true, limit: 0, concurrency: r.concurrency };
	const resource = method.slice(0, method.lastIndexOf('.'));
	// A look-up is a read: the write's account and version, never its Idempotency-Key.
	const { idempotencyKey: _key, ...options } = r.options;
	if (resource === 'refunds') {
		const payment = r.params.payment_intent
			? { payment_intent: r.params.payment_intent }
			: { charge: r.params.charge };
		const refunds = await paginateList(
			{ ...all, params: payment },
			send,
			(params) => stripe.refunds.list(params, options) as unknown as Promise<Page>,
			false,
		);
		return refunds.filter(has).find((o) => !UNDONE.has(o.status as string)) ?? refunds.find(has);
	}
	const found = await paginate(
		{ ...all, params: { query: `metadata[${quoted(key)}]:${quoted(value)}` } },
		send,
		(params) =>
			sdkResource<(p: IDataObject, o: Stripe.RequestOptions) => Promise<Page>>(
				stripe,
				resource,
			).search(params, options),
		nextSearchPage,
	);
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
	return plain(await send(create));
}
