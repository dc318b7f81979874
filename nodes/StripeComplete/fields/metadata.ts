import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, part, shown, toText } from '../../shared/values';
import { setParam, type Field } from './field';
import { parseJsonValue } from './json';

/** Stripe's metadata limits: https://docs.stripe.com/api/metadata */
const METADATA = { keys: 50, keyLength: 40, valueLength: 500 };

/** The options of the Metadata list: one entry a key and a value, or many from an object. */
const ENTRY = 'entry';
const OBJECT = 'object';

/**
 * Key/value pairs from an object or its JSON text, as an expression (`{{ { order_id: $json.id } }}`) or
 * a JSON field gives them; `label` names the field in errors.
 */
export function pairsOf(value: unknown, label: string): Array<[string, unknown]> {
	return Object.entries(parseJsonValue(value, label, 'object') as object);
}

/**
 * Metadata as key/value pairs; on updates an empty value removes the key, as in Stripe. Pairs come as
 * entries (Key and Value), or many at once from an object or its JSON text (`From an Object`), which is
 * how an expression gives metadata: n8n keeps a whole-list expression on a list of entries only as
 * nothing, so a Metadata that holds nothing is refused rather than sent as if no metadata were meant.
 * `clearable`: the update also takes an empty `metadata` that removes every key (not every object allows
 * it); `required`: at least one entry (a V2 catalog import's).
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
					name: ENTRY,
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
				{
					displayName: 'From an Object',
					name: OBJECT,
					values: [
						{
							displayName: 'Object',
							name: 'value',
							type: 'json',
							default: '{}',
							description:
								'Many keys at once: an expression that gives an object of keys and values, or that object as JSON text',
						},
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
			const pairs: Array<[string, unknown]> = [];
			const form = isObject(value) && Object.keys(value).every((k) => k === ENTRY || k === OBJECT);
			if (!form) pairs.push(...pairsOf(value, 'Metadata'));
			else {
				const entries = value[ENTRY] ?? [];
				const objects = value[OBJECT] ?? [];
				if (!Array.isArray(entries) || !Array.isArray(objects))
					throw fail(`must be a list of key/value entries, got ${shown(value)}`);
				for (const entry of entries) {
					if (!isObject(entry))
						throw fail(`every entry must have a key and a value, got ${shown(entry)}`);
					const key = isEmpty(entry.key)
						? ''
						: part('Metadata', 'key', (label) => toText(entry.key, label));
					pairs.push([key, entry.value]);
				}
				for (const object of objects)
					pairs.push(...pairsOf(isObject(object) ? object.value : object, 'Metadata > Object'));
				if (!pairs.length) {
					if (required) throw fail('is required: add at least one entry');
					throw fail(
						'holds no entries. A whole-list expression or JSON is kept by n8n as nothing: give it under Add Metadata > From an Object, add entries, or remove the field',
					);
				}
			}
			setParam(request.params, path, checked(pairs, fail));
		},
	};
}

/** Pairs within Stripe's limits, as Stripe takes them: text values ('' removes a key on updates). */
function checked(pairs: Array<[string, unknown]>, fail: (problem: string) => FieldError) {
	if (pairs.length > METADATA.keys)
		throw fail(`has ${pairs.length} entries; Stripe allows at most ${METADATA.keys}`);
	const out: Record<string, string> = {};
	for (const [key, v] of pairs) {
		if (!key) throw fail('every entry needs a key');
		if (key.length > METADATA.keyLength)
			throw fail(`key "${key}" is longer than ${METADATA.keyLength} characters`);
		if (/[[\]]/.test(key)) throw fail(`key "${key}" may not contain square brackets`);
		if (key in out) throw fail(`key "${key}" is given twice`);
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
	return out;
}
