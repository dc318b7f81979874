import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, shown, toText } from '../../shared/values';
import type { Field } from './field';
import { pairsOf } from './metadata';

/**
 * Exactly once beyond the Idempotency-Key's 24 hours: before a create, the object made earlier with this
 * metadata is looked for and returned (marked `existing: true`) instead of a second one being made.
 */
export const existingByMetadata: Field = {
	property: {
		displayName: 'Return Existing Object',
		name: 'existing',
		type: 'fixedCollection',
		placeholder: 'Add Metadata to Match',
		default: {},
		description:
			'Before creating, look for one made earlier with this metadata (e.g. shopify_refund_id = the Shopify refund ID) and return it, marked existing: true, instead of creating another; the new object gets this metadata. Keeps a re-run days later from writing twice.',
		options: [
			{
				name: 'match',
				displayName: 'Metadata to Match',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'shopify_refund_id',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 920123456001',
					},
				],
			},
		],
	},
	apply(value, request) {
		const field = 'Return Existing Object';
		if (isEmpty(value)) return;
		let match = isObject(value) ? value.match : undefined;
		// An object of one key and value, as an expression or JSON text gives it: {"shopify_refund_id": "1"}.
		if (!isObject(value) || !Object.keys(value).every((k) => k === 'match')) {
			const pairs = pairsOf(value, field);
			if (pairs.length !== 1)
				throw new FieldError(field, `must be one metadata key and value, got ${pairs.length}`);
			match = { key: pairs[0][0], value: pairs[0][1] };
		}
		// What n8n keeps of a whole-field expression here: nothing, never taken for "no look-up".
		if (isEmpty(match))
			throw new FieldError(
				field,
				'holds no metadata to match: give its Key and Value, or remove the option',
			);
		if (!isObject(match))
			throw new FieldError(field, `must be a metadata key and value, got ${shown(match)}`);
		const key = toText(match.key, `${field} > Key`).trim();
		const text = typeof match.value === 'number' ? String(match.value) : match.value;
		const wanted = toText(text, `${field} > Value`).trim();
		if (!key || !wanted) throw new FieldError(field, 'needs both a metadata key and a value');
		if (key.length > 40) throw new FieldError(`${field} > Key`, 'must be at most 40 characters');
		// As Stripe's metadata keys: no square brackets.
		if (/[[\]]/.test(key)) throw new FieldError(`${field} > Key`, 'must not contain [ or ]');
		if (wanted.length > 500)
			throw new FieldError(`${field} > Value`, 'must be at most 500 characters');
		request.existing = { key, value: wanted };
	},
};
