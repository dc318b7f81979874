import type { IDataObject } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { isStripeObject, type StripeObject } from '../../shared/ids';
import { isEmpty } from '../../shared/values';
import {
	address,
	amount,
	boolean,
	camel,
	choice,
	collection,
	currency,
	date,
	decimal,
	getParam,
	id,
	integer,
	json,
	list,
	metadata,
	multiChoice,
	pathId,
	range,
	string,
	type Field,
	type ParamPath,
} from '../fields';
import { nounOf, ownObject, singular, snake, splitWords, titleCase } from './naming';
import type { Method, Param } from './table';

// The form field of each parameter in the table, built with the shared field builders.

/** Parameters that name a Stripe object by ID, checked by its prefix (v1 only: v2 IDs have formats of their own). */
const ID_PARAMS: Record<string, StripeObject> = {
	customer: 'customer',
	payment_intent: 'payment_intent',
	setup_intent: 'setup_intent',
	charge: 'charge',
	invoice: 'invoice',
	subscription: 'subscription',
	subscription_schedule: 'subscription_schedule',
	price: 'price',
	product: 'product',
	payment_method: 'payment_method',
	default_payment_method: 'payment_method',
	coupon: 'coupon',
	promotion_code: 'promotion_code',
	refund: 'refund',
	dispute: 'dispute',
	quote: 'quote',
	payment_link: 'payment_link',
	shipping_rate: 'shipping_rate',
	on_behalf_of: 'account',
};

const TIMESTAMP_NAME =
	/(^|_)(at|date|time|timestamp)$|^(start|end|created_after|created_before|redeem_by|trial_end|billing_cycle_anchor|proration_date|frozen_time|interval_start|interval_end)$/;
const isTimestamp = (p: Param) =>
	TIMESTAMP_NAME.test(p.name) || /unix|timestamp|since the epoch/i.test(p.description ?? '');
const isFractional = (p: Param) =>
	/percent|^(height|length|weight|width)$/.test(p.name) || /\bdecimal\b/i.test(p.description ?? '');

export interface FormContext {
	/** v1: IDs are checked by prefix. */
	v1: boolean;
	/** An update: Emptyable parameters can be cleared. */
	update: boolean;
}

/** The form field for one parameter at `path` (`invoice_settings.footer`), built with the shared field builders. */
export function fieldOf(p: Param, path: string, ctx: FormContext, top: boolean): Field | Field[] {
	const object = ctx.v1 && p.type === 'string' ? ID_PARAMS[p.name] : undefined;
	const display = {
		displayName: `${titleCase(p.name)}${object ? ' ID' : ''}`,
		name: camel(p.name),
		description: p.description,
		required: top && p.required,
		clearable: !!(ctx.update && p.emptyable),
	};
	const at = path as ParamPath<never>;
	// Its only value unsets it: an update offers it under Fields to Clear, other operations not at all.
	if (p.clearOnly)
		return ctx.update
			? { property: string<never>(at, display).property, clear: path, clearOnly: true, apply() {} }
			: [];
	switch (p.type) {
		case 'string':
			if (object) return id(at, object, display, true);
			if (p.name === 'currency') return currency(at, display);
			return string(
				at,
				p.suggestions?.length
					? {
							...display,
							maxLength: p.maxLength,
							hint: `e.g. ${p.suggestions.join(', ')}`,
							booleans: p.suggestions.includes('true'),
						}
					: { ...display, maxLength: p.maxLength },
			);
		case 'number':
			if (isTimestamp(p)) return date(at, display, p.also);
			if (/amount/.test(p.name)) return amount(at, display, p.min ?? null);
			if (isFractional(p)) return decimal(at, display);
			return integer(at, display, p.min ?? null);
		case 'decimal':
			return decimal(at, display, true);
		case 'boolean':
			return boolean(at, display);
		case 'enum':
			return choice(
				at,
				display,
				p.values!.map((v) => [titleCase(v), v]),
				p.values![0],
				p.open,
			);
		case 'metadata':
			return metadata(!!(ctx.update && p.emptyable), path, display.required);
		case 'address':
			return address(at, display.displayName, display.clearable, display.name);
		case 'range':
			return range<never>(
				at,
				display.displayName,
				isTimestamp(p) || p.name === 'created'
					? 'date'
					: /amount/.test(p.name)
						? 'amount'
						: 'integer',
			);
		case 'array':
			return p.of?.type === 'enum'
				? multiChoice(at, display, p.of.values!)
				: list(at, { ...display, maxLength: p.of?.maxLength });
		case 'object':
			return objectField(p, path, ctx, display);
		case 'json':
			return json(
				at,
				display,
				p.shape?.endsWith('[]')
					? 'list'
					: p.shape?.startsWith('string |')
						? 'object or text'
						: 'object',
				p.shape ?? 'object',
			);
	}
}

/** A parameter object as a collection of its own fields; the ones Stripe requires are checked once it is given. */
function objectField(
	p: Param,
	path: string,
	ctx: FormContext,
	display: {
		displayName: string;
		name: string;
		description?: string;
		required?: boolean;
		clearable?: boolean;
	},
): Field {
	const fields = (p.fields ?? []).flatMap((child) =>
		fieldOf(child, `${path}.${child.name}`, { ...ctx, update: false }, false),
	);
	const inner = collection(display.name, display.displayName, fields, 'Add Field');
	const required = (p.fields ?? []).filter((c) => c.required);
	return {
		property: { ...inner.property, description: display.description, required: display.required },
		path,
		fields: inner.fields,
		clear: display.clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value) || (typeof value === 'object' && !Object.keys(value as object).length)) {
				if (display.required) throw new FieldError(display.displayName, 'is required');
				return;
			}
			inner.apply(value, request);
			const given = getParam(request.params, path) as IDataObject | undefined;
			for (const child of required)
				if (given?.[child.name] === undefined)
					throw new FieldError(display.displayName, `needs ${titleCase(child.name)}`);
		},
	};
}

/** The object a method is about (what a list lists), when its IDs' prefix is certain (v1 only: v2 IDs have formats of their own). */
export function objectOf(m: Method): StripeObject | undefined {
	if (!m.path.startsWith('/v1/')) return undefined;
	const own = snake(ownObject(m));
	return isStripeObject(own) ? own : undefined;
}

/** The object a path argument names, when its prefix is certain. */
function pathObject(m: Method, arg: string, index: number): StripeObject | undefined {
	if (!m.path.startsWith('/v1/')) return undefined;
	const named = snake([arg.replace(/Id$/, '')]);
	if (arg !== 'id' && !snake(ownObject(m)).endsWith(named))
		return isStripeObject(named) ? named : undefined;
	// `id` after another argument (customerId, id) is the sub-object's, whose prefixes vary (customer sources).
	return index > 0 ? undefined : objectOf(m);
}

/** Path ID names that pickers own across the node: a sub-object's ID must not share them with another type. */
const PICKED = new Set([
	'customer',
	'product',
	'price',
	'subscription',
	'invoice',
	'paymentIntent',
	'checkoutSession',
	'charge',
	'refund',
	'paymentLink',
	'coupon',
	'promotionCode',
	'account',
]);

/**
 * A path argument: the ID of the object the call is about, checked before it becomes part of the URL.
 * Its name says whose ID it is across the whole node (checkoutSessionId, financialConnectionsSessionId),
 * since n8n keeps a parameter's value when the operation changes.
 */
export function pathArg(m: Method, arg: string, index: number): Field {
	const own = camel(snake(ownObject(m)).replace(/\./g, '_'));
	const named = arg.replace(/Id$/, '');
	let subject: string;
	if (arg === 'id' && index > 0) {
		const noun = camel(
			splitWords(singular(nounOf(m).replace(/ /g, '_')))
				.map((w) => w.toLowerCase())
				.join('_'),
		);
		subject = PICKED.has(noun) ? `${own}${noun[0].toUpperCase()}${noun.slice(1)}` : noun;
	} else if (arg === 'id' || own.toLowerCase().endsWith(named.toLowerCase())) subject = own;
	else subject = named;
	return pathId(arg, pathObject(m, arg, index), `${titleCase(subject)} ID`, `${subject}Id`);
}
