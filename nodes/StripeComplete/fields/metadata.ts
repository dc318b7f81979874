import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, part, shown, toText } from '../../shared/values';
import { setParam, type Field } from './field';

/** Stripe's metadata limits: https://docs.stripe.com/api/metadata */
const METADATA = { keys: 50, keyLength: 40, valueLength: 500 };

/**
 * Metadata as key/value pairs; on updates an empty value removes the key, as in Stripe. `clearable`:
 * the update also takes an empty `metadata` that removes every key (not every object allows it);
 * `required`: at least one entry (a V2 catalog import's).
 */
export function metadata<P>(clearable = true, path = 'metadata', required = false): Field<P> {
	const fail = (problem: string) => new FieldError('Metadata', problem);
	return {
		property: {
			displayName: 'Metadata',
			name: 'metadata',
			type: 'fixedCollection',
			placeholder: 'Add Metadata',
			default: {},
			typeOptions: { multipleValues: true },
			required,
			description:
				'Key/value pairs stored on the Stripe object: up to 50 keys of up to 40 characters, values up to 500',
			options: [
				{
					displayName: 'Entry',
					name: 'entry',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		path,
		clear: clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) {
				if (required) throw fail('is required: add at least one entry');
				return;
			}
			const entries =
				isObject(value) && Object.keys(value).every((k) => k === 'entry')
					? (value.entry ?? [])
					: undefined;
			if (!Array.isArray(entries))
				throw fail(`must be a list of key/value entries, got ${shown(value)}`);
			if (!entries.length) {
				if (required) throw fail('is required: add at least one entry');
				return;
			}
			if (entries.length > METADATA.keys)
				throw fail(`has ${entries.length} entries; Stripe allows at most ${METADATA.keys}`);
			const out: Record<string, string> = {};
			for (const entry of entries) {
				if (!isObject(entry))
					throw fail(`every entry must have a key and a value, got ${shown(entry)}`);
				const key = isEmpty(entry.key)
					? ''
					: part('Metadata', 'key', (label) => toText(entry.key, label));
				if (!key) throw fail('every entry needs a key');
				if (key.length > METADATA.keyLength)
					throw fail(`key "${key}" is longer than ${METADATA.keyLength} characters`);
				if (/[[\]]/.test(key)) throw fail(`key "${key}" may not contain square brackets`);
				if (key in out) throw fail(`key "${key}" is given twice`);
				const v = entry.value;
				if (
					v !== undefined &&
					v !== null &&
					typeof v !== 'string' &&
					!(typeof v === 'number' && Number.isFinite(v))
				)
					throw fail(`the value of "${key}" must be text or a number, got ${shown(v)}`);
				out[key] = v === undefined || v === null ? '' : String(v);
				if (out[key].length > METADATA.valueLength)
					throw fail(`the value of "${key}" is longer than ${METADATA.valueLength} characters`);
			}
			setParam(request.params, path, out);
		},
	};
}
