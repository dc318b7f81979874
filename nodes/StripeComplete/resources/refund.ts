import { FieldError } from '../../shared/errors';
import { checkId } from '../../shared/ids';
import { isEmpty, toText } from '../../shared/values';
import { amount, type Field } from '../fields';
import type { ResourceOverlay } from './types';

/** A payment in a Dashboard URL: payments/pi_... or payments/ch_... */
const PAYMENT_URL = 'https://dashboard\\.stripe\\.com/.*?\\b((?:pi|ch|py)_[A-Za-z0-9]+)';

/**
 * Refunds take either a charge or a payment intent: a picker of both (the payment intents and the charges
 * made without one, newest first), By ID or By URL; the ID's prefix says which parameter it is.
 */
const payment: Field = {
	property: {
		displayName: 'Payment',
		name: 'chargeOrPaymentIntent',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'The payment to refund: a payment intent (pi_...) or a charge (ch_... or py_...), as the Dashboard lists them under Payments.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPayments', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'pi_... or ch_...' },
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://dashboard.stripe.com/payments/pi_123',
				extractValue: { type: 'regex', regex: PAYMENT_URL },
			},
		],
	},
	apply(value, request) {
		const field = 'Payment';
		// A locator {mode, value}, or the plain ID that workflows saved before the picker hold.
		const given =
			value && typeof value === 'object' && 'value' in value
				? (value as { mode?: string; value: unknown })
				: { mode: 'id', value };
		if (isEmpty(given.value)) throw new FieldError(field, 'is required');
		let id = toText(given.value, field).trim();
		if (given.mode === 'url') {
			const match = new RegExp(PAYMENT_URL).exec(id);
			if (!match)
				throw new FieldError(
					field,
					'must be a Stripe Dashboard URL of a payment, such as https://dashboard.stripe.com/payments/pi_123',
				);
			id = match[1];
		}
		if (id.startsWith('pi_')) request.params.payment_intent = checkId(id, 'payment_intent', field);
		else if (/^(ch|py)_/.test(id)) request.params.charge = checkId(id, 'charge', field);
		else
			throw new FieldError(
				field,
				`must be a payment intent ID (pi_...) or a charge ID (ch_... or py_...), got "${id}"`,
			);
	},
};

export const refund: ResourceOverlay = {
	resource: 'refund',
	overlays: {
		create: {
			description: 'Refund a payment in full, or partly with an amount',
			require: ['charge'],
			fields: {
				charge: payment,
				payment_intent: [],
				amount: amount(
					undefined,
					{
						description:
							"Amount to refund, in the currency's smallest unit or as a decimal with its currency",
					},
					1,
				),
			},
		},
	},
};
