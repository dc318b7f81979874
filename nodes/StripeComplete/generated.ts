import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
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
	FieldError,
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
	type Request,
} from './fields';
import table from './generated/operations.json';
import { isStripeObject, type StripeObject } from './ids';
import {
	make,
	paginate,
	paginateList,
	plain,
	type Kind,
	type Operation,
	type Page,
	type Send,
} from './operation';
import { SIMPLE_FIELDS, simplified } from './simplify';
import { sdkResource } from './client';
import { MalformedResponse } from './errors';
import { isEmpty } from './fields';

/** One parameter of an SDK method, as scripts/generate.js describes it. */
export interface Param {
	name: string;
	type:
		| 'string'
		| 'number'
		| 'boolean'
		| 'enum'
		| 'decimal'
		| 'metadata'
		| 'address'
		| 'range'
		| 'array'
		| 'object'
		| 'json';
	required?: boolean;
	emptyable?: boolean;
	description?: string;
	deprecated?: boolean;
	values?: string[];
	open?: boolean;
	suggestions?: string[];
	also?: string[];
	of?: { type: string; values?: string[] };
	fields?: Param[];
	shape?: string;
}

/** One SDK method, as scripts/generate.js describes it. */
export interface Method {
	sdk: string;
	method: string;
	http: string;
	path: string;
	pathArgs: string[];
	kind?: 'list' | 'search';
	download?: boolean;
	upload?: boolean;
	description: string;
	deprecated?: boolean;
	params?: Param[];
	paramsRequired?: boolean;
}

export const methods = table.operations as Method[];

const WORDS: Record<string, string> = {
	id: 'ID',
	ids: 'IDs',
	url: 'URL',
	urls: 'URLs',
	ip: 'IP',
	api: 'API',
	sku: 'SKU',
	sepa: 'SEPA',
	oauth: 'OAuth',
	v2: 'V2',
	pdf: 'PDF',
	tos: 'ToS',
	gb: 'GB',
	us: 'US',
	'3d': '3D',
};
const splitWords = (name: string) =>
	name
		.replace(/threeDSecure/g, '3d_secure')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_.]+/)
		.filter(Boolean);
const titleCase = (name: string) =>
	splitWords(name)
		.map((w) => WORDS[w.toLowerCase()] ?? w[0].toUpperCase() + w.slice(1))
		.join(' ');
const lowerWords = (name: string) =>
	splitWords(name)
		.map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase())
		.join(' ');
const singular = (word: string) =>
	/sses$/.test(word)
		? word.slice(0, -2)
		: /ies$/.test(word)
			? `${word.slice(0, -3)}y`
			: /[^s]s$/.test(word)
				? word.slice(0, -1)
				: word;
const article = (words: string) => `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;

/** A resource of the node for an SDK resource: `checkout.sessions` is Checkout > Session, value checkoutSession. */
export function resourceOf(sdk: string) {
	const parts = sdk.split('.');
	const last = singular(parts[parts.length - 1]);
	const group = parts.slice(0, -1).map(titleCase).join(' ');
	return {
		value: camel([...parts.slice(0, -1), last].join('.')),
		name: group ? `${group} > ${titleCase(last)}` : titleCase(last),
		/** In words, for action labels: "checkout session". */
		words: lowerWords([...parts.slice(0, -1), last].join(' ')),
		plural: lowerWords([...parts.slice(0, -1), parts[parts.length - 1]].join(' ')),
		last,
	};
}

/** The operation value for an SDK method, in n8n's words where they exist. */
export const operationValue = (method: string) =>
	({ retrieve: 'get', list: 'getAll', del: 'delete' })[method] ?? method;

/** The verb and the object it acts on, if not the resource itself: `listLineItems` is Get Many + line items. */
function verbOf(method: string): { verb: string; noun: string } {
	const [first, ...rest] = splitWords(method);
	const verb =
		({ list: 'Get Many', retrieve: 'Get', del: 'Delete' } as Record<string, string>)[first] ??
		titleCase(first);
	return { verb, noun: rest.join(' ') };
}

/** The object a method acts on when it is not the resource itself: `listLineItems` on invoices is "Line Items", `finalizeInvoice` none. */
function nounOf(m: Method): string {
	const { noun } = verbOf(m.method);
	return lowerWords(singular(noun.replace(/ /g, '_'))) === lowerWords(resourceOf(m.sdk).last)
		? ''
		: noun;
}

/** Labels the generic rule cannot phrase: a verb with an adjective rather than an object. */
const LABELS: Record<string, { name: string; action: string }> = {
	'invoices.markUncollectible': {
		name: 'Mark Uncollectible',
		action: 'Mark an invoice uncollectible',
	},
};

/**
 * The operation's name and its action label (for the node panel and AI agents): "Capture a payment
 * intent", "Get many line items of a checkout session". A verb whose object is the resource itself
 * (finalizeInvoice on invoices) is just the verb.
 */
function labels(m: Method) {
	const resource = resourceOf(m.sdk);
	const { verb } = verbOf(m.method);
	const noun = nounOf(m);
	const fixed = LABELS[`${m.sdk}.${m.method}`];
	const name = fixed?.name ?? (noun ? `${verb} ${titleCase(noun)}` : verb);
	let action: string;
	if (fixed) action = fixed.action;
	else if (!noun)
		action =
			verb === 'Get Many' || verb === 'Search'
				? `${verb === 'Search' ? 'Search' : 'Get many'} ${resource.plural}`
				: `${verb} ${article(resource.words)}`;
	else if (verb === 'Get Many')
		action = `Get many ${lowerWords(noun)} of ${article(resource.words)}`;
	else
		action = `${verb.split(' ')[0]} ${article(lowerWords(singular(noun.replace(/ /g, '_'))))} of ${article(resource.words)}`;
	return { name: m.deprecated ? `${name} (Deprecated)` : name, action };
}

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

interface Context {
	/** v1: IDs are checked by prefix. */
	v1: boolean;
	/** An update: Emptyable parameters can be cleared. */
	update: boolean;
}

/** The form field for one parameter at `path` (`invoice_settings.footer`), built with the shared field builders. */
function fieldOf(p: Param, path: string, ctx: Context, top: boolean): Field | Field[] {
	const object = ctx.v1 && p.type === 'string' ? ID_PARAMS[p.name] : undefined;
	const display = {
		displayName: `${titleCase(p.name)}${object ? ' ID' : ''}`,
		name: camel(p.name),
		description: p.description,
		required: top && p.required,
		clearable: !!(ctx.update && p.emptyable),
	};
	const at = path as ParamPath<never>;
	switch (p.type) {
		case 'string':
			if (object) return id(at, object, display, true);
			if (p.name === 'currency') return currency(at, display);
			return string(
				at,
				p.suggestions?.length
					? {
							...display,
							hint: `e.g. ${p.suggestions.join(', ')}`,
							booleans: p.suggestions.includes('true'),
						}
					: display,
			);
		case 'number':
			if (isTimestamp(p)) return date(at, display, p.also);
			if (/amount/.test(p.name)) return amount(at, display, Number.MIN_SAFE_INTEGER);
			if (isFractional(p)) return decimal(at, display);
			return integer(at, display, undefined);
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
			return metadata(!!(ctx.update && p.emptyable), path);
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
			return p.of?.type === 'enum' ? multiChoice(at, display, p.of.values!) : list(at, display);
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
	ctx: Context,
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
		clear: display.clearable ? path : undefined,
		apply(value, request) {
			if (isEmpty(value) || (typeof value === 'object' && !Object.keys(value as object).length)) {
				if (display.required) throw new FieldError(display.displayName, 'is required');
				return;
			}
			inner.apply(value, request);
			const given = path
				.split('.')
				.reduce<unknown>((o, k) => (o as IDataObject | undefined)?.[k], request.params) as
				IDataObject | undefined;
			for (const child of required)
				if (given?.[child.name] === undefined)
					throw new FieldError(display.displayName, `needs ${titleCase(child.name)}`);
		},
	};
}

/** The object a resource's IDs name, in Stripe's words (`checkout.session`); test helpers act on the real objects. */
function ownObject(m: Method): string[] {
	const parts = m.sdk.split('.').filter((part) => part !== 'testHelpers');
	return [...parts.slice(0, -1), singular(parts[parts.length - 1])];
}
const snake = (parts: string[]) =>
	parts.map((p) => p.replace(/([A-Z])/g, '_$1').toLowerCase()).join('.');

/** The object a path argument names, when its prefix is certain (v1 only: v2 IDs have formats of their own). */
function pathObject(m: Method, arg: string, index: number): StripeObject | undefined {
	if (!m.path.startsWith('/v1/')) return undefined;
	const named = snake([arg.replace(/Id$/, '')]);
	const own = snake(ownObject(m));
	if (arg !== 'id' && !own.endsWith(named)) return isStripeObject(named) ? named : undefined;
	// `id` after another argument (customerId, id) is the sub-object's, whose prefixes vary (customer sources).
	if (index > 0) return undefined;
	return isStripeObject(own) ? own : undefined;
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
function pathArg(m: Method, arg: string, index: number): Field {
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

function kindOf(m: Method): Kind {
	if (m.kind === 'list') return 'list';
	if (m.kind === 'search') return 'search';
	// A v2 DELETE takes an Idempotency-Key too; ours keeps it the same across retries.
	if (m.http === 'POST' || (m.http === 'DELETE' && m.path.startsWith('/v2/'))) return 'write';
	if (m.http === 'DELETE') return 'remove';
	return 'read';
}

/** The next page's params for a v2 list: the `page` token of its next_page_url. */
function nextV2Page(page: Page): IDataObject {
	const token = page.next_page_url
		? new URL(page.next_page_url, 'https://api.stripe.com').searchParams.get('page')
		: null;
	if (!token) throw new MalformedResponse('a v2 list with more results but no next_page_url');
	return { page: token };
}

/** An operation for an SDK method: its form from the generated table, its call through the SDK. */
/**
 * What a person adds to a generated operation: clearer labels, parameters promoted to the top of the
 * form, hand-made fields for some parameters, a check across fields. It never re-declares what the
 * generated table already says.
 */
export interface Overlay {
	name?: string;
	action?: string;
	description?: string;
	/** Optional Stripe parameters shown at the top of the form, in this order, as required. */
	require?: string[];
	/** Optional Stripe parameters shown at the top of the form (with a picker where they name an object), still optional. */
	top?: string[];
	/** Hand-made fields replacing the generated field of these Stripe parameters (none: the parameter is not offered). */
	fields?: Record<string, Field | Field[]>;
	/** A check across fields, run before any request. */
	check?: (request: Request) => void;
}

/** An operation for an SDK method: its form from the generated table and its overlay, its call through the SDK. */
export function generatedOperation(m: Method, overlay: Overlay = {}): Operation {
	const kind = kindOf(m);
	const ctx: Context = { v1: m.path.startsWith('/v1/'), update: /^update/.test(m.method) };
	const promoted = [...(overlay.top ?? []), ...(overlay.require ?? [])];
	const params = (m.params ?? []).map((p) =>
		overlay.require?.includes(p.name) ? { ...p, required: true } : p,
	);
	const atTop = (p: Param) => p.required || promoted.includes(p.name);
	const order = (p: Param) =>
		promoted.includes(p.name) ? promoted.indexOf(p.name) : promoted.length;
	const field = (p: Param, top: boolean) =>
		overlay.fields?.[p.name] ?? fieldOf(p, p.name, ctx, top);
	const top = params
		.filter(atTop)
		.sort((a, b) => order(a) - order(b))
		.flatMap((p) => field(p, true));
	const optional = params.filter((p) => !atTop(p)).flatMap((p) => field(p, false));
	const labelled = labels(m);
	const name = overlay.name ?? labelled.name;
	const action = overlay.action ?? labelled.action;
	// Get, Get Many and Search of the objects people automate offer Simplify.
	const simple = ['retrieve', 'list', 'search'].includes(m.method)
		? SIMPLE_FIELDS[m.sdk]
		: undefined;
	const call = (stripe: Stripe, r: Request, params: IDataObject) => {
		const args = m.pathArgs.map((arg) => r.path[arg]);
		return sdkResource<(...args: unknown[]) => Promise<unknown>>(stripe, m.sdk)[m.method](
			...args,
			params,
			r.options,
		);
	};
	const spec = {
		value: operationValue(m.method),
		name,
		action,
		description: overlay.description ?? (m.description || action),
		fields: [...m.pathArgs.map((arg, i) => pathArg(m, arg, i)), ...top],
		simplify: !!simple,
		optional,
		optionalName: kind === 'list' || kind === 'search' ? ('filters' as const) : undefined,
	};
	const operation = make(spec, kind, async (stripe, r, send) => {
		const objects = await fetch(stripe, r, send);
		return simple && r.simplify ? objects.map((o) => simplified(o, simple)) : objects;
	});
	async function fetch(stripe: Stripe, r: Request, send: Send): Promise<IDataObject[]> {
		if (kind === 'list' && m.path.startsWith('/v2/'))
			return paginate(
				r,
				send,
				(p) => call(stripe, r, p) as Promise<Page>,
				nextV2Page,
				(page) => typeof page.next_page_url === 'string',
			);
		if (kind === 'list')
			return paginateList(r, send, (p) => call(stripe, r, p) as Promise<Page>, [
				`${m.sdk}.${m.method}`,
			]);
		if (kind === 'search')
			return paginate(
				r,
				send,
				(p) => call(stripe, r, p) as Promise<Page>,
				(page) => {
					if (typeof page.next_page !== 'string')
						throw new MalformedResponse('a search answer with more results but no next_page');
					return { page: page.next_page };
				},
			);
		return [plain(await send(() => call(stripe, r, r.params)))];
	}
	return { ...operation, sdk: [`${m.sdk}.${m.method}`], check: overlay.check };
}
