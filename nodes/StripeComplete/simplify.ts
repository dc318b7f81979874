import type { IDataObject } from 'n8n-workflow';

/**
 * The fields a workflow usually maps from the objects people automate, by SDK resource: what Simplify
 * keeps (n8n's convention for big objects and AI agents, whose context they would fill).
 */
export const SIMPLE_FIELDS: Record<string, string[]> = {
	customers: ['id', 'name', 'email', 'phone', 'description', 'address', 'balance', 'currency', 'delinquent', 'created', 'metadata'],
	products: ['id', 'name', 'description', 'active', 'default_price', 'url', 'created', 'metadata'],
	prices: ['id', 'product', 'nickname', 'lookup_key', 'unit_amount', 'currency', 'type', 'recurring', 'active', 'created', 'metadata'],
	subscriptions: ['id', 'customer', 'status', 'currency', 'cancel_at_period_end', 'cancel_at', 'canceled_at', 'latest_invoice', 'created', 'metadata'],
	invoices: ['id', 'number', 'customer', 'customer_email', 'status', 'amount_due', 'amount_paid', 'currency', 'due_date', 'hosted_invoice_url', 'invoice_pdf', 'created', 'metadata'],
	paymentIntents: ['id', 'amount', 'amount_received', 'currency', 'status', 'customer', 'description', 'payment_method', 'latest_charge', 'created', 'metadata'],
	'checkout.sessions': ['id', 'url', 'mode', 'status', 'payment_status', 'amount_total', 'currency', 'customer', 'customer_details', 'payment_intent', 'subscription', 'created', 'metadata'],
	charges: ['id', 'amount', 'amount_refunded', 'currency', 'status', 'paid', 'refunded', 'customer', 'payment_intent', 'description', 'receipt_url', 'created', 'metadata'],
	refunds: ['id', 'amount', 'currency', 'status', 'reason', 'charge', 'payment_intent', 'created', 'metadata'],
	paymentLinks: ['id', 'url', 'active', 'metadata'],
	coupons: ['id', 'name', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'valid', 'times_redeemed', 'created', 'metadata'],
	promotionCodes: ['id', 'code', 'active', 'customer', 'times_redeemed', 'max_redemptions', 'expires_at', 'created', 'metadata'],
	accounts: ['id', 'email', 'business_profile', 'country', 'type', 'charges_enabled', 'payouts_enabled', 'created', 'metadata'],
};

/** An object with only the given fields, in that order; fields it lacks are left out. */
export const simplified = (object: IDataObject, fields: string[]): IDataObject =>
	Object.fromEntries(fields.filter((key) => key in object).map((key) => [key, object[key]]));
