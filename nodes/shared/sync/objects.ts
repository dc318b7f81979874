import type { IDataObject } from 'n8n-workflow';
import { types as eventTypes } from '../generated/event-types.json';

/**
 * An object type the sync keeps in step: its list (which takes `created`, so a backfill is read in
 * parallel `created` windows), its retrieve, and the events Stripe sends when one changes.
 */
export interface SyncObject {
	/** The `object` field of its objects, and the value users pick. */
	value: string;
	name: string;
	/** The SDK resource, as a path on the client: `checkout.sessions`. */
	sdk: string;
	/** The event types whose `data.object` is one of these objects. */
	events: string[];
	/** Whether creating one sends an event; if not, new ones are found by listing `created` since the cursor. */
	createdEvent: boolean;
	/** The event types that end it: the item is a tombstone (`sync.change: deleted`). */
	ends: string[];
	/** Whether one retrieved is no longer in its list (a canceled subscription): a tombstone too. */
	unlisted?: (object: IDataObject) => boolean;
}

const ALL = new Set(eventTypes.map((t) => t.value));

/** The event types named `<prefix>.<action>`: a subscription's are `customer.subscription.*`, not `customer.*`. */
const named = (prefix: string, except: string[] = []) =>
	[...ALL].filter(
		(type) => type.slice(0, type.lastIndexOf('.')) === prefix && !except.includes(type),
	);

function object(
	value: string,
	name: string,
	sdk: string,
	prefix: string,
	extra: string[] = [],
): SyncObject {
	const events = [...named(prefix, ['invoice.upcoming']), ...extra];
	return {
		value,
		name,
		sdk,
		events,
		createdEvent: events.includes(`${prefix}.created`),
		ends: events.filter((type) => type.endsWith('.deleted')),
	};
}

/** The object types a sync can keep, in the order a backfill reads them. */
export const SYNC_OBJECTS: SyncObject[] = [
	object('customer', 'Customers', 'customers', 'customer'),
	{
		...object('subscription', 'Subscriptions', 'subscriptions', 'customer.subscription'),
		// Stripe lists subscriptions that are not canceled.
		unlisted: (subscription) => subscription.status === 'canceled',
	},
	object('invoice', 'Invoices', 'invoices', 'invoice'),
	object('charge', 'Charges', 'charges', 'charge'),
	object('payment_intent', 'Payment Intents', 'paymentIntents', 'payment_intent'),
	object('refund', 'Refunds', 'refunds', 'refund', ['charge.refund.updated']),
	object('dispute', 'Disputes', 'disputes', 'charge.dispute'),
	object('product', 'Products', 'products', 'product'),
	object('price', 'Prices', 'prices', 'price'),
	object('coupon', 'Coupons', 'coupons', 'coupon'),
	object('promotion_code', 'Promotion Codes', 'promotionCodes', 'promotion_code'),
	object('checkout.session', 'Checkout Sessions', 'checkout.sessions', 'checkout.session'),
	object('payout', 'Payouts', 'payouts', 'payout'),
	object('transfer', 'Transfers', 'transfers', 'transfer'),
	object('credit_note', 'Credit Notes', 'creditNotes', 'credit_note'),
	object('setup_intent', 'Setup Intents', 'setupIntents', 'setup_intent'),
	object(
		'subscription_schedule',
		'Subscription Schedules',
		'subscriptionSchedules',
		'subscription_schedule',
	),
	object('tax_rate', 'Tax Rates', 'taxRates', 'tax_rate'),
	object('plan', 'Plans', 'plans', 'plan'),
	object('file', 'Files', 'files', 'file'),
	object(
		'balance_transaction',
		'Balance Transactions',
		'balanceTransactions',
		'balance_transaction',
	),
];

export const syncObject = (value: string) => SYNC_OBJECTS.find((o) => o.value === value);
