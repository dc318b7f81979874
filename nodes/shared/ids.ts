import { FieldError } from './errors';

/**
 * The prefixes of the IDs Stripe gives each object, keyed by the object's `object` value. Objects whose
 * IDs a user may choose (`custom`) take any ID that does not carry another object's prefix.
 */
const OBJECTS = {
	account: { prefixes: ['acct'] },
	application_fee: { prefixes: ['fee'] },
	balance_transaction: { prefixes: ['txn'] },
	bank_account: { prefixes: ['ba'] },
	'billing.meter': { prefixes: ['mtr'] },
	card: { prefixes: ['card'] },
	charge: { prefixes: ['ch', 'py'] },
	'checkout.session': { prefixes: ['cs'] },
	coupon: { prefixes: [], custom: true },
	credit_note: { prefixes: ['cn'] },
	customer: { prefixes: ['cus'] },
	dispute: { prefixes: ['dp', 'du'] },
	event: { prefixes: ['evt'] },
	fee_refund: { prefixes: ['fr'] },
	file: { prefixes: ['file'] },
	file_link: { prefixes: ['link'] },
	invoice: { prefixes: ['in'] },
	invoiceitem: { prefixes: ['ii'] },
	mandate: { prefixes: ['mandate'] },
	payment_intent: { prefixes: ['pi'] },
	payment_link: { prefixes: ['plink'] },
	// Cards, sources and bank accounts are accepted wherever a PaymentMethod is.
	payment_method: { prefixes: ['pm', 'card', 'src', 'ba'] },
	payout: { prefixes: ['po'] },
	person: { prefixes: ['person'] },
	plan: { prefixes: ['plan'], custom: true },
	// A legacy plan is also a price, and keeps the plan's (possibly custom) ID.
	price: { prefixes: ['price', 'plan'], custom: true },
	product: { prefixes: ['prod'], custom: true },
	promotion_code: { prefixes: ['promo'] },
	quote: { prefixes: ['qt'] },
	refund: { prefixes: ['re', 'pyr'] },
	review: { prefixes: ['prv'] },
	setup_intent: { prefixes: ['seti'] },
	shipping_rate: { prefixes: ['shr'] },
	source: { prefixes: ['src'] },
	subscription: { prefixes: ['sub'] },
	subscription_item: { prefixes: ['si'] },
	subscription_schedule: { prefixes: ['sub_sched'] },
	tax_id: { prefixes: ['txi'] },
	tax_rate: { prefixes: ['txr'] },
	token: { prefixes: ['tok', 'btok', 'cvctok'] },
	topup: { prefixes: ['tu'] },
	transfer: { prefixes: ['tr'] },
	transfer_reversal: { prefixes: ['trr'] },
	webhook_endpoint: { prefixes: ['we'] },
} satisfies Record<string, IdKind>;

interface IdKind {
	prefixes: string[];
	custom?: true;
}

export type StripeObject = keyof typeof OBJECTS;
const kind = (object: StripeObject): IdKind => OBJECTS[object];
export const isStripeObject = (object: string): object is StripeObject =>
	Object.hasOwn(OBJECTS, object);

/** Every known prefix with its object, longest first, so `sub_sched_` wins over `sub_`. */
const KNOWN = Object.entries(OBJECTS as Record<string, IdKind>)
	.flatMap(([object, { prefixes }]) => prefixes.map((prefix) => ({ prefix: `${prefix}_`, object })))
	.sort((a, b) => b.prefix.length - a.prefix.length);

const words = (object: string) => object.replace(/[._]/g, ' ');
const withArticle = (object: string) => `${/^[aeiou]/.test(object) ? 'an' : 'a'} ${words(object)}`;

/** A placeholder for an ID field, e.g. `cus_...`. */
export const idPlaceholder = (object: StripeObject) =>
	kind(object)
		.prefixes.map((p) => `${p}_...`)
		.join(' or ');

/**
 * Checks an ID before it reaches Stripe: never `.` or `..` (it goes into a URL path), only visible
 * ASCII without `/ ? #`, and the prefix Stripe uses for that object, when the object is known. An ID
 * the user may have chosen passes unless it carries another object's prefix.
 */
export function checkId(id: string, object: StripeObject | undefined, field: string): string {
	if (id === '.' || id === '..' || !/^[\x21-\x7e]+$/.test(id) || /[/?#]/.test(id))
		throw new FieldError(field, `is not a valid Stripe ID: "${id}"`);
	if (!object) return id;
	const { prefixes, custom } = kind(object);
	if (prefixes.some((p) => id.startsWith(`${p}_`))) return id;
	const other = KNOWN.find((k) => id.startsWith(k.prefix));
	if (custom && !other) return id;
	const expected = prefixes.length ? ` (${idPlaceholder(object)})` : '';
	throw new FieldError(
		field,
		`must be ${withArticle(object)} ID${expected}, got "${id}"${other ? `, ${withArticle(other.object)} ID` : ''}`,
	);
}
