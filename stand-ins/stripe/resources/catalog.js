'use strict';
/** The catalog and what sells it: customers, products, prices, payment links and Checkout Sessions. */
const { invalid, missingParam } = require('../errors');
const { get, insert, randomId, strip } = require('../store');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

/**
 * Line items naming prices of the account (`line_items[0][price]`), and their total.
 * @param {Context} ctx
 * @param {string} account
 * @param {Params[] | undefined} lineItems
 */
function priceLines(ctx, account, lineItems) {
	const lines = (lineItems ?? []).map((li, i) => ({
		price: get(ctx, 'prices', li.price, account, `line_items[${i}][price]`),
		quantity: li.quantity ?? 1,
	}));
	const total = lines.reduce((sum, li) => sum + li.price.unit_amount * li.quantity, 0);
	return { lines, total };
}

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	customers: (ctx, account, p) =>
		insert(ctx, 'customers', account, {
			email: null,
			name: null,
			phone: null,
			description: null,
			address: null,
			balance: 0,
			...p,
		}),
	products: (ctx, account, p) => {
		if (!p.name) throw missingParam('name');
		return insert(ctx, 'products', account, { active: true, description: null, ...p });
	},
	prices: (ctx, account, p) => {
		if (!p.currency) throw missingParam('currency');
		get(ctx, 'products', p.product, account, 'product');
		const { recurring, ...rest } = p;
		return insert(ctx, 'prices', account, {
			active: true,
			type: recurring ? 'recurring' : 'one_time',
			recurring: recurring ? { interval_count: 1, usage_type: 'licensed', ...recurring } : null,
			nickname: null,
			lookup_key: null,
			...rest,
		});
	},
	payment_links: (ctx, account, p) => {
		if (!Array.isArray(p.line_items) || !p.line_items.length) throw missingParam('line_items');
		priceLines(ctx, account, p.line_items);
		const { line_items, ...rest } = p;
		const link = insert(ctx, 'payment_links', account, {
			active: true,
			allow_promotion_codes: false,
			...rest,
		});
		link.url = `https://buy.stripe.com/test_${link.id.slice(6)}`;
		link._line_items = line_items;
		return link;
	},
	'checkout/sessions': (ctx, account, p) => {
		if (!p.mode) throw missingParam('mode');
		const { lines, total } = priceLines(ctx, account, p.line_items);
		if (p.mode !== 'setup' && !lines.length)
			throw invalid(
				`line_items is required in \`${p.mode}\` mode.`,
				'line_items',
				'parameter_missing',
			);
		if (p.mode === 'payment' && lines.some((li) => li.price.type === 'recurring'))
			throw invalid(
				'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
				'line_items',
			);
		if (p.mode === 'subscription' && !lines.some((li) => li.price.type === 'recurring'))
			throw invalid(
				'You must provide at least one recurring price in `subscription` mode when using prices.',
				'line_items',
			);
		const { line_items: _, ...rest } = p;
		const session = insert(ctx, 'checkout/sessions', account, {
			customer: null,
			customer_email: null,
			client_reference_id: null,
			success_url: null,
			cancel_url: null,
			payment_intent: null,
			subscription: null,
			...rest,
			status: 'open',
			payment_status: p.mode === 'setup' ? 'no_payment_required' : 'unpaid',
			currency: lines[0]?.price.currency ?? p.currency ?? null,
			amount_subtotal: total,
			amount_total: total,
			expires_at: ctx.now() + 86400,
			_line_items: lines,
		});
		session.url = `https://checkout.stripe.com/c/pay/${session.id}`;
		return session;
	},
};

const views = {
	'checkout/sessions': {
		/** @param {Context} ctx @param {StripeObject} session */
		line_items: (ctx, session) => ({
			object: 'list',
			url: `/v1/checkout/sessions/${session.id}/line_items`,
			has_more: false,
			data: session._line_items.map(
				(/** @type {{ price: StripeObject, quantity: number }} */ { price, quantity }) => ({
					id: randomId('li'),
					object: 'item',
					amount_subtotal: price.unit_amount * quantity,
					amount_total: price.unit_amount * quantity,
					currency: price.currency,
					description: ctx.store.get(price.product)?.name ?? null,
					price: strip(price),
					quantity,
				}),
			),
		}),
	},
};

module.exports = { creators, views, priceLines };
