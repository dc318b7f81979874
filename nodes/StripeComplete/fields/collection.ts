import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, shown } from '../../shared/values';
import { getParam, setParam, type Field } from './field';

/** The multi-select that unsets the clearable fields of an update, applied after every other field. */
function clearFields<P>(fields: Array<Field<P>>): Field<P> | undefined {
	const clearable = fields.filter((f) => f.clear);
	if (!clearable.length) return undefined;
	const names = new Map(clearable.map((f) => [f.clear!, f.property.displayName]));
	return {
		property: {
			displayName: 'Fields to Clear',
			name: 'clearFields',
			type: 'multiOptions',
			default: [],
			description:
				'Fields to remove from the object; an empty value elsewhere leaves a field unchanged',
			options: clearable
				.map((f) => ({ name: f.property.displayName, value: f.clear! }))
				.sort((a, b) => a.name.localeCompare(b.name)),
		},
		apply(value, request) {
			if (isEmpty(value)) return;
			if (!Array.isArray(value))
				throw new FieldError('Fields to Clear', `must be a list of fields, got ${shown(value)}`);
			for (const path of value) {
				if (typeof path !== 'string' || !names.has(path))
					throw new FieldError('Fields to Clear', `has no field ${shown(path)}`);
				if (getParam(request.params, path) !== undefined)
					throw new FieldError(
						'Fields to Clear',
						`"${names.get(path)}" is also given a value; set it or clear it, not both`,
					);
				setParam(request.params, path, '');
			}
		},
	};
}

/**
 * An n8n collection ("Additional Fields", "Filters", "Options"): each option is a field of its own.
 * With `clearable`, fields that Stripe lets an update unset are offered in a Fields to Clear option,
 * applied after the others so that a field both set and cleared is caught; a field Stripe takes no
 * value for but the empty one is offered there only.
 */
export function collection<P>(
	name: string,
	displayName: string,
	fields: Array<Field<P>>,
	placeholder = 'Add Field',
	clearable = false,
): Field<P> {
	const clear = clearable ? clearFields(fields) : undefined;
	const offered = fields.filter((f) => !f.clearOnly);
	const all = clear ? [...offered, clear] : offered;
	const known = new Set(all.map((f) => f.property.name));
	const byName = new Map(offered.map((f) => [f.property.name, f]));
	const sorted = [...all].sort((a, b) =>
		a.property.displayName.localeCompare(b.property.displayName),
	);
	return {
		fields: offered as Field[],
		property: {
			displayName,
			name,
			type: 'collection',
			placeholder,
			default: {},
			options: sorted.map((f) => {
				const { required: _required, ...rest } = f.property;
				return rest;
			}),
		},
		apply(value, request) {
			if (isEmpty(value)) return;
			if (!isObject(value))
				throw new FieldError(displayName, `must be a set of fields, got ${shown(value)}`);
			for (const key of Object.keys(value))
				if (!known.has(key)) throw new FieldError(displayName, `has no option "${key}"`);
			for (const [key, v] of Object.entries(value)) byName.get(key)?.apply(v, request);
			if (clear && clear.property.name in value) clear.apply(value[clear.property.name], request);
		},
	};
}
