'use strict';
/**
 * Discounts: coupons, and the promotion codes customers type to redeem them. A coupon's ID is its own
 * (chosen or generated, no prefix); a promotion code names its coupon under `promotion`, as the pinned
 * SDK declares, and its code is unique, regardless of case, among the active codes a customer could use.
 */
const crypto = require('crypto');
const { StripeFault, invalid, missing, missingParam } = require('../errors');
const { OBJECT, insert, objectsOf, visible } = require('../store');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

const DURATIONS = ['forever', 'once', 'repeating'];
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** @param {number} length @param {string} alphabet */
const randomText = (length, alphabet) =>
	Array.from({ length }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');

/**
 * An object a parameter names: Stripe refuses one it does not find with a 400 naming the parameter.
 * @param {Context} ctx
 * @param {string} collection
 * @param {string} id
 * @param {string} account
 * @param {string} param
 */
function named(ctx, collection, id, account, param) {
	const o = ctx.store.get(id);
	if (o?.object === OBJECT[collection] && visible(o, account)) return o;
	throw new StripeFault(400, missing(OBJECT[collection], id, param).error);
}

/**
 * Stripe's refusals of a coupon's discount and duration.
 * @param {Params} p
 */
function checkCoupon(p) {
	const percent = p.percent_off;
	if (percent !== undefined && p.amount_off !== undefined)
		throw invalid(
			'You may only specify one of these parameters: amount_off, percent_off.',
			'amount_off',
		);
	if (percent === undefined && p.amount_off === undefined)
		throw invalid(
			'You must specify one of these parameters: amount_off, percent_off.',
			'percent_off',
			'parameter_missing',
		);
	if (percent !== undefined && !(Number(percent) > 0 && Number(percent) <= 100))
		throw invalid('Invalid percent_off: must be greater than 0 and at most 100.', 'percent_off');
	if (p.amount_off !== undefined && !p.currency)
		throw invalid(
			'You must specify a currency when creating an amount_off coupon.',
			'currency',
			'parameter_missing',
		);
	if (p.currency_options !== undefined && p.amount_off === undefined)
		throw invalid('currency_options is only supported for amount_off coupons.', 'currency_options');
	const duration = p.duration ?? 'once';
	if (!DURATIONS.includes(duration))
		throw invalid('Invalid duration: must be one of forever, once, or repeating.', 'duration');
	if (duration === 'repeating' && p.duration_in_months === undefined)
		throw invalid(
			'duration_in_months is required when duration is repeating.',
			'duration_in_months',
			'parameter_missing',
		);
	if (duration !== 'repeating' && p.duration_in_months !== undefined)
		throw invalid(
			'duration_in_months can only be set when duration is repeating.',
			'duration_in_months',
		);
	return duration;
}

/**
 * Refuses a code that an active code of the account already has, for a customer both could serve.
 * @param {Context} ctx
 * @param {string} account
 * @param {string} code
 * @param {string | null} customer
 * @param {string} param
 * @param {StripeObject} [self]
 */
function checkCodeFree(ctx, account, code, customer, param, self) {
	const taken = objectsOf(ctx, 'promotion_codes', account).some(
		(o) =>
			o !== self &&
			o.active &&
			o.code.toLowerCase() === code.toLowerCase() &&
			(o.customer === null || customer === null || o.customer === customer),
	);
	if (taken)
		throw invalid(
			`An active promotion code with \`code: ${code}\` already exists.`,
			param,
			'resource_already_exists',
		);
}

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	coupons: (ctx, account, p) => {
		const duration = checkCoupon(p);
		if (p.id !== undefined && ctx.store.has(p.id))
			throw invalid('Coupon already exists.', 'id', 'resource_already_exists');
		const { applies_to, currency_options, percent_off, expand: _, ...rest } = p;
		return insert(ctx, 'coupons', account, {
			id: randomText(8, ALPHANUMERIC),
			amount_off: null,
			duration_in_months: null,
			max_redemptions: null,
			name: null,
			redeem_by: null,
			times_redeemed: 0,
			...rest,
			currency: p.currency?.toLowerCase() ?? null,
			duration,
			metadata: p.metadata || {},
			percent_off: percent_off === undefined ? null : Number(percent_off),
			valid: p.redeem_by === undefined || p.redeem_by > ctx.now(),
			// Given only when expanded, as Stripe does.
			_applies_to: applies_to,
			_currency_options: currency_options,
		});
	},
	promotion_codes: (ctx, account, p) => {
		const { promotion, code, customer = null, restrictions, expand: _, ...rest } = p;
		if (!promotion) throw missingParam('promotion');
		if (!promotion.coupon) throw missingParam('promotion[coupon]');
		const coupon = named(ctx, 'coupons', promotion.coupon, account, 'promotion[coupon]');
		if (customer !== null) named(ctx, 'customers', customer, account, 'customer');
		if (code !== undefined && !/^[a-zA-Z0-9-]+$/.test(code))
			throw invalid(
				'Invalid code: only letters (a-z, A-Z), digits (0-9) and dashes (-) are allowed.',
				'code',
			);
		const active = rest.active ?? true;
		if (active && code !== undefined) checkCodeFree(ctx, account, code, customer, 'code');
		return insert(ctx, 'promotion_codes', account, {
			active,
			code: code ?? randomText(8, ALPHANUMERIC.slice(0, 26) + ALPHANUMERIC.slice(52)),
			customer,
			customer_account: null,
			expires_at: null,
			max_redemptions: null,
			times_redeemed: 0,
			...rest,
			promotion: { type: 'coupon', coupon: coupon.id },
			restrictions: {
				first_time_transaction: false,
				minimum_amount: null,
				minimum_amount_currency: null,
				...restrictions,
			},
		});
	},
};

/** What an update of a coupon or a promotion code takes before its other parameters are set. */
const updates = {
	/** @param {Context} _ctx @param {StripeObject} coupon @param {Params} params */
	coupon: (_ctx, coupon, { currency_options, ...rest }) => {
		if (currency_options !== undefined) {
			if (coupon.amount_off === null)
				throw invalid(
					'currency_options is only supported for amount_off coupons.',
					'currency_options',
				);
			coupon._currency_options = { ...coupon._currency_options, ...currency_options };
		}
		return rest;
	},
	/** @param {Context} ctx @param {StripeObject} code @param {Params} params */
	promotion_code: (ctx, code, { restrictions, ...rest }) => {
		if (rest.active === true && !code.active)
			checkCodeFree(ctx, code._account, code.code, code.customer, 'active', code);
		if (restrictions?.currency_options)
			code.restrictions = {
				...code.restrictions,
				currency_options: {
					...code.restrictions.currency_options,
					...restrictions.currency_options,
				},
			};
		return rest;
	},
};

/**
 * The filters of a promotion code list that are not its fields: `coupon` (under `promotion`) and
 * `code`, regardless of case; taken out of `filters`.
 * @param {StripeObject[]} rows
 * @param {Params} filters
 */
function listPromotionCodes(rows, filters) {
	const { coupon, code } = filters;
	delete filters.coupon;
	delete filters.code;
	return rows.filter(
		(o) =>
			(coupon === undefined || o.promotion.coupon === coupon) &&
			(code === undefined || o.code.toLowerCase() === String(code).toLowerCase()),
	);
}

/** Lists whose filters are not all plain fields, by collection. */
const lists = { promotion_codes: listPromotionCodes };

module.exports = { creators, updates, lists };
