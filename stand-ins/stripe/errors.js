'use strict';
/** Stripe's refusals: the error a route throws, and the checks of status and amount many routes share. */

class StripeFault extends Error {
	/**
	 * @param {number} status
	 * @param {{ type: string, message: string, code?: string, param?: string, [key: string]: unknown }} error
	 */
	constructor(status, error) {
		super(error.message);
		this.status = status;
		this.error = error;
	}
}

/**
 * @param {string} kind
 * @param {string} id
 * @param {string} [param]
 */
const missing = (kind, id, param = 'id') =>
	new StripeFault(404, {
		type: 'invalid_request_error',
		code: 'resource_missing',
		param,
		message: `No such ${kind}: '${id}'`,
		doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
	});

/**
 * @param {string} message
 * @param {string} [param]
 * @param {string} [code]
 */
const invalid = (message, param, code) =>
	new StripeFault(400, {
		type: 'invalid_request_error',
		message,
		param,
		...(code ? { code } : {}),
	});

/** Stripe's refusal of a missing parameter. @param {string} param */
const missingParam = (param) =>
	invalid(`Missing required param: ${param}.`, param, 'parameter_missing');

/**
 * Stripe's refusal of an action the object's status does not allow.
 * @param {Record<string, any>} object
 * @param {string} name
 * @param {string} action
 * @param {string[]} allowed
 */
function expectStatus(object, name, action, allowed) {
	if (!allowed.includes(object.status))
		throw invalid(
			`This ${name} could not be ${action} because it has a status of ${object.status}. Only a ${name} with one of the following statuses may be ${action}: ${allowed.join(', ')}.`,
			undefined,
			`${object.object}_unexpected_state`,
		);
}

/**
 * Stripe's special cases of amounts (https://docs.stripe.com/currencies#special-cases): ISK and UGX are
 * sent as two-decimal but in whole units (5 ISK is 500); three-decimal amounts end in 0; HUF and TWD
 * payouts are whole units. The rules are Stripe's documented ones; the wording of the refusal is ours.
 * @param {unknown} amount
 * @param {unknown} currency
 * @param {string} param
 */
function checkAmount(amount, currency, param, payout = false) {
	const c = String(currency ?? '').toLowerCase();
	const step =
		['isk', 'ugx'].includes(c) || (payout && ['huf', 'twd'].includes(c))
			? 100
			: ['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(c)
				? 10
				: 1;
	if (amount !== undefined && amount !== null && Number(amount) % step !== 0)
		throw invalid(
			`Invalid ${param}: ${payout ? 'payouts' : 'amounts'} in ${c.toUpperCase()} must be a multiple of ${step} in the smallest unit, got ${amount}.`,
			param,
			'amount_invalid',
		);
}

/** The amounts of a create that are in its own `currency`. */
const AMOUNTS_IN_CURRENCY = ['amount', 'unit_amount', 'application_fee_amount'];

module.exports = {
	StripeFault,
	missing,
	invalid,
	missingParam,
	expectStatus,
	checkAmount,
	AMOUNTS_IN_CURRENCY,
};
