'use strict';
/** Payments: payment intents from confirmation to capture or cancel, their charges, refunds, application fees. */
const { StripeFault, checkAmount, expectStatus, invalid, missingParam } = require('../errors');
const { announce, changesOf } = require('../events');
const { indexForSearch } = require('../lists');
const { PLATFORM, get, insert, snapshot, strip, touch } = require('../store');
const { deliver } = require('../webhooks');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

/**
 * Confirms with the intent's payment method: a charge, captured now or (capture_method manual) later.
 * @param {Context} ctx
 * @param {StripeObject} intent
 * @param {Params} p
 * @param {string} account
 * @returns {StripeObject}
 */
function confirmIntent(ctx, intent, p, account) {
	expectStatus(intent, 'PaymentIntent', 'confirmed', [
		'requires_payment_method',
		'requires_confirmation',
		'requires_action',
	]);
	const paymentMethod = p.payment_method ?? intent.payment_method;
	if (!paymentMethod)
		throw invalid(
			"You cannot confirm this PaymentIntent because it's missing a payment method.",
			'payment_method',
			'payment_intent_unexpected_state',
		);
	Object.assign(intent, {
		payment_method: paymentMethod,
		capture_method: p.capture_method ?? intent.capture_method,
	});
	/** @param {Params} fields */
	const charge = (fields) =>
		insert(ctx, 'charges', account, {
			amount: intent.amount,
			amount_refunded: 0,
			currency: intent.currency,
			customer: intent.customer,
			payment_intent: intent.id,
			...fields,
		});
	if (paymentMethod === 'pm_card_chargeDeclined') {
		const error = {
			type: 'card_error',
			code: 'card_declined',
			decline_code: 'generic_decline',
			message: 'Your card was declined.',
			doc_url: 'https://stripe.com/docs/error-codes/card-declined',
		};
		// A declined attempt is a failed charge, as Stripe records one (charge.failed, payment_intent.payment_failed).
		const failed = charge({
			paid: false,
			refunded: false,
			status: 'failed',
			failure_code: error.code,
			failure_message: error.message,
		});
		Object.assign(intent, {
			status: 'requires_payment_method',
			last_payment_error: { ...error, charge: failed.id },
		});
		throw new StripeFault(402, error);
	}
	// `_captured`: whether the charge is captured yet, for its charge.captured event.
	const authorized = charge({ paid: true, refunded: false, status: 'succeeded', _captured: false });
	Object.assign(intent, {
		status: 'requires_capture',
		latest_charge: authorized.id,
		amount_capturable: intent.amount,
	});
	return intent.capture_method === 'manual' ? intent : captureIntent(ctx, intent, {}, account);
}

/**
 * @param {Context} ctx
 * @param {StripeObject} intent
 * @param {Params} p
 * @param {string} account
 */
function captureIntent(ctx, intent, p, account) {
	expectStatus(intent, 'PaymentIntent', 'captured', ['requires_capture']);
	checkAmount(p.amount_to_capture, intent.currency, 'amount_to_capture');
	const amount = p.amount_to_capture ?? intent.amount_capturable;
	const charge = touch(ctx, /** @type {StripeObject} */ (ctx.store.get(intent.latest_charge)));
	// What is not captured goes back to the customer and cannot be refunded again.
	Object.assign(charge, { amount_refunded: intent.amount - amount, _captured: true });
	Object.assign(intent, { status: 'succeeded', amount_capturable: 0, amount_received: amount });
	if (intent.application_fee_amount) {
		// The platform's fee on a charge for a connected account, whichever account the charge was made on.
		insert(ctx, 'application_fees', PLATFORM, {
			amount: intent.application_fee_amount,
			amount_refunded: 0,
			refunded: false,
			currency: intent.currency,
			charge: charge.id,
			account: intent.transfer_data?.destination ?? account,
			refunds: { object: 'list', data: [], has_more: false, total_count: 0 },
		});
	}
	return intent;
}

/**
 * @param {Context} ctx
 * @param {StripeObject} intent
 * @param {Params} p
 */
function cancelIntent(ctx, intent, p) {
	expectStatus(intent, 'PaymentIntent', 'canceled', [
		'requires_payment_method',
		'requires_capture',
		'requires_confirmation',
		'requires_action',
		'processing',
	]);
	// Canceling an authorized payment releases the whole amount.
	if (intent.status === 'requires_capture')
		Object.assign(touch(ctx, /** @type {StripeObject} */ (ctx.store.get(intent.latest_charge))), {
			amount_refunded: intent.amount,
			refunded: true,
		});
	return Object.assign(intent, {
		status: 'canceled',
		canceled_at: ctx.now(),
		cancellation_reason: p.cancellation_reason ?? null,
		amount_capturable: 0,
	});
}

/**
 * Stripe's refusal of a refund beyond what is left.
 * @param {number} amount
 * @param {number} remaining
 * @param {string} of what is refunded: `charge` or `the application fee`
 */
function checkRefund(amount, remaining, of) {
	if (amount > remaining || amount < 1)
		throw invalid(
			of === 'charge'
				? `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`
				: `Refund amount (${amount}) is greater than the unrefunded amount of the application fee (${remaining})`,
			'amount',
			'amount_too_large',
		);
}

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	payment_intents: (ctx, account, p) => {
		if (!p.amount) throw missingParam('amount');
		const intent = insert(ctx, 'payment_intents', account, {
			amount: p.amount,
			currency: p.currency,
			customer: p.customer ?? null,
			payment_method: p.payment_method ?? null,
			capture_method: p.capture_method ?? 'automatic',
			status: p.payment_method ? 'requires_confirmation' : 'requires_payment_method',
			latest_charge: null,
			amount_capturable: 0,
			amount_received: 0,
			application_fee_amount: p.application_fee_amount ?? null,
			transfer_data: p.transfer_data ?? null,
			canceled_at: null,
			cancellation_reason: null,
			metadata: p.metadata ?? {},
		});
		return p.confirm && p.payment_method ? confirmIntent(ctx, intent, {}, account) : intent;
	},
	refunds: (ctx, account, p) => {
		let charge;
		if (p.payment_intent) {
			const intent = get(ctx, 'payment_intents', p.payment_intent, account, 'payment_intent');
			if (!intent.latest_charge)
				throw invalid(
					`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
					'payment_intent',
					'charge_not_refundable',
				);
			charge = get(ctx, 'charges', intent.latest_charge, account);
		} else if (p.charge) charge = get(ctx, 'charges', p.charge, account, 'charge');
		else
			throw invalid(
				'One of the following params should be provided for this request: payment_intent or charge.',
				undefined,
				'parameter_missing',
			);
		const remaining = charge.amount - charge.amount_refunded;
		checkAmount(p.amount, charge.currency, 'amount');
		const amount = p.amount ?? remaining;
		checkRefund(amount, remaining, 'charge');
		charge.amount_refunded += amount;
		charge.refunded = charge.amount_refunded === charge.amount;
		return insert(ctx, 'refunds', account, {
			amount,
			currency: charge.currency,
			charge: charge.id,
			payment_intent: charge.payment_intent ?? null,
			reason: p.reason ?? null,
			status: 'succeeded',
			metadata: p.metadata ?? {},
		});
	},
};

const actions = {
	payment_intents: { confirm: confirmIntent, capture: captureIntent, cancel: cancelIntent },
	application_fees: {
		/** @param {Context} ctx @param {StripeObject} fee @param {Params} p @param {string} account */
		refunds: (ctx, fee, p, account) => {
			const remaining = fee.amount - fee.amount_refunded;
			const amount = p.amount ?? remaining;
			checkRefund(amount, remaining, 'the application fee');
			const refund = insert(ctx, 'application_fees/refunds', account, {
				amount,
				currency: fee.currency,
				fee: fee.id,
				metadata: p.metadata ?? {},
			});
			Object.assign(fee, {
				amount_refunded: fee.amount_refunded + amount,
				refunded: fee.amount_refunded + amount === fee.amount,
			});
			fee.refunds.data.unshift(strip(refund));
			fee.refunds.total_count += 1;
			return refund;
		},
	},
};

/**
 * Fails a refund after the fact, as a bank does days later (an expired card): Stripe marks it failed
 * with its reason, gives the amount back to the charge and announces refund.failed.
 * @param {Context} ctx
 * @param {string} id
 * @param {string} reason
 */
function failRefund(ctx, id, reason) {
	const refund = /** @type {StripeObject} */ (ctx.store.get(id));
	const charge = /** @type {StripeObject} */ (ctx.store.get(refund.charge));
	const noted = [refund, charge].map((object) => ({ object, before: snapshot(ctx, object) }));
	Object.assign(refund, { status: 'failed', failure_reason: reason });
	charge.amount_refunded -= refund.amount;
	charge.refunded = false;
	const changes = changesOf(ctx, noted);
	indexForSearch(ctx, changes);
	deliver(ctx, announce(ctx, changes, { id: null, idempotency_key: null }));
	return strip(refund);
}

module.exports = { creators, actions, failRefund };
