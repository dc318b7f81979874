'use strict';
/** Billing: subscriptions, invoices from draft to paid or void, invoice items, credit notes and quotes. */
const { expectStatus, invalid, missingParam } = require('../errors');
const { get, getRequired, insert, randomId, strip, totals } = require('../store');
const { priceLines } = require('./catalog');
const { FileAnswer, samplePdf } = require('./files');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

/**
 * An invoice item: on a draft invoice, or pending for the customer's next invoice. `prefix` names
 * where its params were given (`lines[0]` for Add Lines) in errors.
 * @param {Context} ctx
 * @param {string} account
 * @param {Params} p
 * @param {StripeObject | null} invoice
 */
function invoiceItem(ctx, account, p, invoice, prefix = '') {
	/** @param {string} name */
	const at = (name) => prefix + (prefix ? name.replace(/^(\w+)/, '[$1]') : name);
	if (invoice && invoice.status !== 'draft')
		throw invalid(
			`You can only add invoice items to draft invoices; ${invoice.id} is ${invoice.status}.`,
			prefix ? undefined : 'invoice',
			'invoice_not_editable',
		);
	const customer =
		invoice?.customer ?? getRequired(ctx, account, 'customers', p.customer, 'customer').id;
	const quantity = p.quantity ?? 1;
	const price = p.pricing?.price
		? get(ctx, 'prices', p.pricing.price, account, at('pricing[price]'))
		: null;
	const amount = p.amount ?? (price ? price.unit_amount * quantity : undefined);
	if (amount === undefined) throw missingParam(at('amount'));
	return insert(ctx, 'invoiceitems', account, {
		amount,
		currency: p.currency ?? price?.currency ?? invoice?.currency ?? 'usd',
		customer,
		description: p.description ?? null,
		invoice: invoice?.id ?? null,
		quantity,
		pricing: price
			? {
					type: 'price_details',
					price_details: { price: price.id, product: price.product },
					unit_amount_decimal: String(price.unit_amount),
				}
			: null,
		proration: false,
		metadata: p.metadata ?? {},
	});
}

/**
 * @param {Context} ctx
 * @param {StripeObject} invoice
 */
function paid(ctx, invoice, outOfBand = false) {
	invoice.status_transitions.paid_at = ctx.now();
	return Object.assign(invoice, {
		status: 'paid',
		paid_out_of_band: outOfBand,
		amount_paid: invoice.amount_due,
		amount_remaining: 0,
	});
}

/**
 * The next number of a kind of object (`STANDIN-0001`): one more than those numbered.
 * @param {Context} ctx
 * @param {string} object
 * @param {string} prefix
 */
const nextNumber = (ctx, object, prefix) => {
	const count = [...ctx.store.values()].filter((o) => o.object === object && o.number).length;
	return `${prefix}${String(count + 1).padStart(4, '0')}`;
};

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	subscriptions: (ctx, account, p) => {
		const customer = getRequired(ctx, account, 'customers', p.customer, 'customer');
		if (!Array.isArray(p.items) || !p.items.length) throw missingParam('items');
		const items = p.items.map((/** @type {Params} */ item, /** @type {number} */ i) => {
			const price = get(ctx, 'prices', item.price, account, `items[${i}][price]`);
			if (price.type !== 'recurring')
				throw invalid(
					'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
					`items[${i}][price]`,
				);
			return {
				id: randomId('si'),
				object: 'subscription_item',
				price: strip(price),
				quantity: item.quantity ?? 1,
				metadata: item.metadata ?? {},
			};
		});
		const { items: _, ...rest } = p;
		const paymentMethod =
			p.default_payment_method ?? customer.invoice_settings?.default_payment_method;
		const subscription = insert(ctx, 'subscriptions', account, {
			collection_method: 'charge_automatically',
			currency: items[0].price.currency,
			default_payment_method: null,
			cancel_at_period_end: false,
			canceled_at: null,
			ended_at: null,
			cancellation_details: { comment: null, feedback: null, reason: null },
			...rest,
			start_date: ctx.now(),
			// Without a way to pay the first invoice, a subscription starts incomplete.
			status: paymentMethod || p.collection_method === 'send_invoice' ? 'active' : 'incomplete',
		});
		subscription.items = {
			object: 'list',
			data: items.map((/** @type {Params} */ item) => ({
				...item,
				subscription: subscription.id,
			})),
			has_more: false,
			total_count: items.length,
			url: `/v1/subscription_items?subscription=${subscription.id}`,
		};
		return subscription;
	},
	invoices: (ctx, account, p) => {
		getRequired(ctx, account, 'customers', p.customer, 'customer');
		return insert(ctx, 'invoices', account, {
			currency: 'usd',
			collection_method: 'charge_automatically',
			auto_advance: false,
			days_until_due: null,
			description: null,
			default_payment_method: null,
			...p,
			status: 'draft',
			number: null,
			hosted_invoice_url: null,
			invoice_pdf: null,
			amount_paid: 0,
			status_transitions: {
				finalized_at: null,
				paid_at: null,
				voided_at: null,
				marked_uncollectible_at: null,
			},
		});
	},
	invoiceitems: (ctx, account, p) =>
		invoiceItem(
			ctx,
			account,
			p,
			p.invoice ? get(ctx, 'invoices', p.invoice, account, 'invoice') : null,
		),
	credit_notes: (ctx, account, p) => {
		const invoice = getRequired(ctx, account, 'invoices', p.invoice, 'invoice');
		if (!['open', 'paid'].includes(invoice.status))
			throw invalid(
				`You can only credit an invoice that is open or paid; ${invoice.id} is ${invoice.status}.`,
				'invoice',
			);
		const amount =
			p.amount ??
			(p.lines ?? []).reduce(
				(/** @type {number} */ sum, /** @type {Params} */ line) => sum + (Number(line.amount) || 0),
				0,
			);
		if (!amount)
			throw invalid(
				'One of amount, lines or shipping_cost must be provided.',
				'amount',
				'parameter_missing',
			);
		const credited = [...ctx.store.values()].filter(
			(o) => o.object === 'credit_note' && o.invoice === invoice.id,
		);
		if (amount > invoice.total - credited.reduce((sum, c) => sum + c.amount, 0))
			throw invalid(
				'The credit note amount exceeds what is left to credit on the invoice.',
				'amount',
			);
		const note = insert(ctx, 'credit_notes', account, {
			invoice: invoice.id,
			customer: invoice.customer,
			currency: invoice.currency,
			amount,
			subtotal: amount,
			total: amount,
			number: `${invoice.number}-CN-${String(credited.length + 1).padStart(2, '0')}`,
			status: 'issued',
			type: invoice.status === 'paid' ? 'post_payment' : 'pre_payment',
			reason: p.reason ?? null,
			memo: p.memo ?? null,
			voided_at: null,
			metadata: p.metadata ?? {},
		});
		note.pdf = `${ctx.origin}/credit_note/${note.id}/pdf`;
		return note;
	},
	quotes: (ctx, account, p) => {
		const customer = p.customer ? get(ctx, 'customers', p.customer, account, 'customer').id : null;
		const { lines, total } = priceLines(ctx, account, p.line_items);
		const { line_items: _, ...rest } = p;
		return insert(ctx, 'quotes', account, {
			description: null,
			expires_at: ctx.now() + 30 * 86400,
			...rest,
			customer,
			currency: lines[0]?.price.currency ?? 'usd',
			amount_subtotal: total,
			amount_total: total,
			number: null,
			status: 'draft',
			status_transitions: { finalized_at: null, accepted_at: null, canceled_at: null },
		});
	},
};

/** @type {Record<string, Record<string, import('../context').Action>>} */
const actions = {
	invoices: {
		add_lines: (ctx, invoice, p, account) => {
			if (!Array.isArray(p.lines) || !p.lines.length) throw missingParam('lines');
			p.lines.forEach((/** @type {Params} */ line, /** @type {number} */ i) =>
				invoiceItem(ctx, account, line, invoice, `lines[${i}]`),
			);
			return invoice;
		},
		finalize: (ctx, invoice, p) => {
			expectStatus(totals(ctx, invoice), 'invoice', 'finalized', ['draft']);
			Object.assign(invoice, {
				number: nextNumber(ctx, 'invoice', 'STANDIN-'),
				hosted_invoice_url: `https://invoice.stripe.com/i/${invoice.id}`,
				// Served by the stand-in itself, as Stripe serves it from pay.stripe.com.
				invoice_pdf: `${ctx.origin}/invoice/${invoice.id}/pdf`,
				auto_advance: p.auto_advance ?? invoice.auto_advance,
			});
			invoice.status_transitions.finalized_at = ctx.now();
			// Nothing to collect: Stripe marks a zero-amount invoice paid as it finalizes it.
			if (invoice.amount_due === 0) return paid(ctx, invoice);
			return Object.assign(invoice, { status: 'open' });
		},
		pay: (ctx, invoice, p) => {
			expectStatus(invoice, 'invoice', 'paid', ['open', 'uncollectible']);
			const customer = ctx.store.get(invoice.customer);
			if (
				!p.paid_out_of_band &&
				!p.payment_method &&
				!invoice.default_payment_method &&
				!customer?.invoice_settings?.default_payment_method
			)
				throw invalid(
					'This customer has no attached payment source or default payment method.',
					undefined,
					'invoice_payment_method_missing',
				);
			return paid(ctx, invoice, p.paid_out_of_band === true);
		},
		void: (ctx, invoice) => {
			expectStatus(invoice, 'invoice', 'voided', ['open', 'uncollectible']);
			invoice.status_transitions.voided_at = ctx.now();
			return Object.assign(invoice, { status: 'void' });
		},
	},
	quotes: {
		finalize: (ctx, quote) => {
			expectStatus(quote, 'quote', 'finalized', ['draft']);
			if (!quote.customer)
				throw invalid(
					'A quote needs a customer before it can be finalized.',
					'customer',
					'parameter_missing',
				);
			const number = nextNumber(ctx, 'quote', 'QT-STANDIN-');
			quote.status_transitions.finalized_at = ctx.now();
			return Object.assign(quote, { status: 'open', number });
		},
	},
};

const views = {
	quotes: {
		/** @param {Context} _ctx @param {StripeObject} quote */
		pdf: (_ctx, quote) => {
			if (quote.status === 'draft')
				throw invalid(
					`The PDF of quote ${quote.id} is available once it is finalized; it is a draft.`,
					undefined,
					'quote_unexpected_state',
				);
			return new FileAnswer('application/pdf', samplePdf(`Quote ${quote.number}`));
		},
	},
};

/** DELETE /v1/{collection}/{id} on objects Stripe keeps: a canceled subscription stays, canceled. */
const cancels = {
	/** @param {Context} ctx @param {StripeObject} subscription @param {Params} p */
	subscriptions: (ctx, subscription, p) => {
		expectStatus(subscription, 'subscription', 'canceled', [
			'active',
			'trialing',
			'past_due',
			'unpaid',
			'incomplete',
			'paused',
		]);
		const at = ctx.now();
		return Object.assign(subscription, {
			status: 'canceled',
			canceled_at: at,
			ended_at: at,
			cancellation_details: {
				comment: null,
				feedback: null,
				...p.cancellation_details,
				reason: 'cancellation_requested',
			},
		});
	},
};

module.exports = { creators, actions, views, cancels };
