import type Stripe from 'stripe';
import { amount, collection, createdRange, FieldError, metadata, choice, pathId, string, type Field } from '../fields';
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
		const id = typeof value === 'string' ? value.trim() : '';
		if (!id) throw new FieldError('Charge or Payment Intent ID', 'is required');
		if (id.startsWith('pi_')) request.params.payment_intent = id;
		else if (id.startsWith('ch_') || id.startsWith('py_')) request.params.charge = id;
		else throw new FieldError('Charge or Payment Intent ID', `must start with pi_, ch_ or py_, got "${id}"`);
	},
};

export const refund: Resource = {
	name: 'Refund',
	value: 'refund',
	operations: [
		write<Stripe.RefundCreateParams>({
			value: 'create',
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
			action: 'Get a refund',
			fields: [pathId('refund', 'Refund ID', 're_...')],
			call: (stripe, params, options, path) => stripe.refunds.retrieve(path.refund, params, options),
		}),
		list<Stripe.RefundListParams>({
			value: 'getAll',
			action: 'Get many refunds',
			fields: [
				collection<Stripe.RefundListParams>('filters', 'Filters', [
					string('charge', { displayName: 'Charge ID', placeholder: 'ch_...' }),
					string('payment_intent', { displayName: 'Payment Intent ID', placeholder: 'pi_...' }),
					...createdRange<Stripe.RefundListParams>(),
				], 'Add Filter'),
			],
			call: (stripe, params, options) => stripe.refunds.list(params, options),
		}),
	],
};
