import type Stripe from 'stripe';
import { amount, collection, createdRange, FieldError, id, isEmpty, metadata, choice, pathId, toText, type Field } from '../fields';
import { checkId } from '../ids';
import { list, read, write } from '../operation';
import type { Resource } from './types';

/** Refunds take either a charge or a payment intent; the ID's prefix says which. */
const chargeOrPaymentIntent: Field<Stripe.RefundCreateParams> = {
	property: {
		displayName: 'Charge or Payment Intent ID',
		name: 'chargeOrPaymentIntent',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'pi_... or ch_...',
		description: 'The payment to refund: a Payment Intent ID (pi_...) or a Charge ID (ch_... or py_...).',
	},
	apply(value, request) {
		const field = 'Charge or Payment Intent ID';
		if (isEmpty(value)) throw new FieldError(field, 'is required');
		const given = toText(value, field);
		if (given.startsWith('pi_')) request.params.payment_intent = checkId(given, 'payment_intent', field);
		else if (/^(ch|py)_/.test(given)) request.params.charge = checkId(given, 'charge', field);
		else throw new FieldError(field, `must be a payment intent ID (pi_...) or a charge ID (ch_... or py_...), got "${given}"`);
	},
};

export const refund: Resource = {
	name: 'Refund',
	value: 'refund',
	operations: [
		write<Stripe.RefundCreateParams>({
			value: 'create',
			sdk: ['refunds.create'],
			action: 'Create a refund',
			description: 'Refund a payment in full, or partly with an amount',
			fields: [chargeOrPaymentIntent],
			optional: [
				amount(undefined, { description: "Amount to refund in the currency's smallest unit; leave out to refund everything not yet refunded" }, 1),
				choice('reason', { displayName: 'Reason' }, [['Duplicate', 'duplicate'], ['Fraudulent', 'fraudulent'], ['Requested by Customer', 'requested_by_customer']]),
				metadata(),
			],
			call: (stripe, params, options) => stripe.refunds.create(params, options),
		}),
		read<Stripe.RefundRetrieveParams>({
			value: 'get',
			sdk: ['refunds.retrieve'],
			action: 'Get a refund',
			fields: [pathId('refund', 'refund', 'Refund ID')],
			call: (stripe, params, options, path) => stripe.refunds.retrieve(path.refund, params, options),
		}),
		list<Stripe.RefundListParams>({
			value: 'getAll',
			sdk: ['refunds.list'],
			action: 'Get many refunds',
			fields: [
				collection<Stripe.RefundListParams>('filters', 'Filters', [
					id('charge', 'charge', { displayName: 'Charge ID' }),
					id('payment_intent', 'payment_intent', { displayName: 'Payment Intent ID' }),
					...createdRange<Stripe.RefundListParams>(),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.refunds.list(params, options),
		}),
	],
};
