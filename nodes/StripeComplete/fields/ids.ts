import type { INodeProperties } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { checkId, idPlaceholder, type StripeObject } from '../../shared/ids';
import { isEmpty, toText } from '../../shared/values';
import { locatorProperty, locatorValue } from './pickers';
import { base, camel, param, setParam, type Display, type Field, type ParamPath } from './field';

/**
 * The ID of a Stripe object as a parameter (e.g. the customer a charge list is filtered by), its prefix
 * checked. With `pick`, a resource locator: From List, By ID, By URL (objects people pick by name).
 */
export function id<P>(
	path: ParamPath<P>,
	object: StripeObject,
	display: Display,
	pick = false,
): Field<P> {
	const name = display.name ?? camel(path);
	const locator = pick
		? locatorProperty(object, {
				displayName: display.displayName,
				name,
				description: display.description,
				required: display.required,
			})
		: undefined;
	if (!locator)
		return param(
			path,
			base(path, { placeholder: idPlaceholder(object), ...display }, 'string', ''),
			(v) => checkId(toText(v, display.displayName), object, display.displayName),
			display.clearable,
		);
	return {
		property: locator,
		path,
		clear: display.clearable ? path : undefined,
		apply(value, request) {
			const given = locatorValue(value, object, display.displayName);
			if (given !== undefined) setParam(request.params, path, given);
			else if (display.required) throw new FieldError(display.displayName, 'is required');
		},
	};
}

/** A Stripe ID in the request path (e.g. the customer to update), its prefix checked; a picker where the object has one. */
export function pathId(
	key: string,
	object: StripeObject | undefined,
	displayName: string,
	name = camel(key) + 'Id',
): Field<never> {
	const property: INodeProperties = (object &&
		locatorProperty(object, { displayName, name, required: true })) || {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder: object ? idPlaceholder(object) : '',
	};
	return {
		property,
		apply(value, request) {
			const given =
				object && property.type === 'resourceLocator'
					? locatorValue(value, object, displayName)
					: isEmpty(value)
						? undefined
						: checkId(toText(value, displayName), object, displayName);
			if (given === undefined) throw new FieldError(displayName, 'is required');
			request.path[key] = given;
		},
	};
}
