import type { IDataObject } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, shown, toText } from '../../shared/values';
import { camel, setParam, type Field, type ParamPath } from './field';

export function address<P>(
	path: ParamPath<P> = 'address' as ParamPath<P>,
	displayName = 'Address',
	clearable = false,
	name = camel(path),
): Field<P> {
	const parts: Array<[string, string]> = [
		['line1', 'Line 1'],
		['line2', 'Line 2'],
		['city', 'City'],
		['state', 'State'],
		['postal_code', 'Postal Code'],
		['country', 'Country'],
	];
	return {
		property: {
			displayName,
			name,
			type: 'collection',
			placeholder: 'Add Address Field',
			default: {},
			options: parts.map(([key, label]) => ({
				displayName: label,
				name: camel(key),
				type: 'string',
				default: '',
				description: key === 'country' ? 'Two-letter country code (ISO 3166-1 alpha-2)' : undefined,
			})),
		},
		path,
		clear: clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value)) return;
			if (!isObject(value))
				throw new FieldError(displayName, `must be a set of address fields, got ${shown(value)}`);
			const out: IDataObject = {};
			for (const [key, label] of parts)
				if (!isEmpty(value[camel(key)]))
					out[key] = toText(value[camel(key)], `${displayName} ${label}`);
			if (out.country && !/^[A-Za-z]{2}$/.test(out.country as string))
				throw new FieldError(
					`${displayName} Country`,
					'must be a two-letter country code such as US',
				);
			if (Object.keys(out).length) setParam(request.params, path, out);
		},
	};
}
