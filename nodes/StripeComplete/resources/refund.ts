import { FieldError } from '../../shared/errors';
import { checkId } from '../../shared/ids';
import { isEmpty, toText } from '../../shared/values';
import { amount, type Field } from '../fields';
import type { ResourceOverlay } from './types';

/** Refunds take either a charge or a payment intent; the ID's prefix says which. */
const chargeOrPaymentIntent: Field = {
	property: {
		displayName: 'Charge or Payment Intent ID',
		name: 'chargeOrPaymentIntent',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'pi_... or ch_...',
		description:
			'The payment to refund: a Payment Intent ID (pi_...) or a Charge ID (ch_... or py_...).',
	},
	apply(value, request) {
		const field = 'Charge or Payment Intent ID';
		if (isEmpty(value)) throw new FieldError(field, 'is required');
		const given = toText(value, field);
		if (given.startsWith('pi_'))
			request.params.payment_intent = checkId(given, 'payment_intent', field);
		else if (/^(ch|py)_/.test(given)) request.params.charge = checkId(given, 'charge', field);
		else
			throw new FieldError(
				field,
				`must be a payment intent ID (pi_...) or a charge ID (ch_... or py_...), got "${given}"`,
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
				charge: chargeOrPaymentIntent,
				payment_intent: [],
				amount: amount(
					undefined,
					{
						description:
							"Amount to refund in the currency's smallest unit; leave out to refund everything not yet refunded",
					},
					1,
				),
			},
		},
	},
};
