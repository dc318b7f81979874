import { camel } from '../fields/field';
import type { Method } from './table';

// Names in n8n's and Stripe's words for what the table gives in the SDK's: resources, operations,
// action labels.

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
export const splitWords = (name: string) =>
	name
		.replace(/threeDSecure/g, '3d_secure')
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_.]+/)
		.filter(Boolean);
export const titleCase = (name: string) =>
	splitWords(name)
		.map((w) => WORDS[w.toLowerCase()] ?? w[0].toUpperCase() + w.slice(1))
		.join(' ');
const lowerWords = (name: string) =>
	splitWords(name)
		.map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase())
		.join(' ');
export const singular = (word: string) =>
	/(sses|xes|ches|shes)$/.test(word)
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
export function nounOf(m: Method): string {
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
export function labels(m: Method) {
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

/** The object a resource's IDs name, in Stripe's words (`checkout.session`); test helpers act on the real objects. */
export function ownObject(m: Method): string[] {
	const parts = m.sdk.split('.').filter((part) => part !== 'testHelpers');
	return [...parts.slice(0, -1), singular(parts[parts.length - 1])];
}
export const snake = (parts: string[]) =>
	parts.map((p) => p.replace(/([A-Z])/g, '_$1').toLowerCase()).join('.');
