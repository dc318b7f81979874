import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { sdkResource } from '../../shared/client';
import { FieldError } from '../../shared/errors';
import { plain } from '../../shared/transport/pages';
import type { Send } from '../../shared/transport/send';
import { checkStep } from '../fields/currencies';
import { getParam, setParam, type Field, type GivenAmount, type Request } from '../fields';

// Money moves only in the currency the user wrote: an amount given as a decimal with its currency
// ("10.50 usd") must agree with the request's Currency, and with the currency of the object the money
// moves on (a refund's payment, a capture's payment intent); otherwise nothing is sent.

/** The amount Stripe reads as "all of it" when left out, by SDK method (fields/money.ts wholeWhenLeftOut). */
export const WHOLE_WHEN_LEFT_OUT: Record<string, string> = {
	'refunds.create': 'amount',
	'paymentIntents.capture': 'amount_to_capture',
	'charges.capture': 'amount',
	'transfers.createReversal': 'amount',
	'applicationFees.createRefund': 'amount',
	'terminal.readers.refundPayment': 'amount',
	'issuing.authorizations.approve': 'amount',
	'testHelpers.issuing.authorizations.capture': 'capture_amount',
	'testHelpers.issuing.authorizations.reverse': 'reverse_amount',
	'testHelpers.issuing.transactions.refund': 'refund_amount',
};

/** Parameters naming the object whose money a request moves, and where that object is read. */
const PAYMENT_PARAMS: Record<string, string> = {
	payment_intent: 'paymentIntents',
	charge: 'charges',
	invoice: 'invoices',
};

/** The object whose currency a request's amounts are in: another object it names, or its own. */
export interface CurrencySource {
	resource: string;
	id: string;
	/** The object the operation acts on: an update may change its currency, so a Currency given wins. */
	own: boolean;
}

/** What the checks read of an operation: its SDK method, its fields and where its money is. */
interface Priced {
	sdk?: string[];
	fields?: Field[];
	currencySource?: (request: Request) => CurrencySource | undefined;
}

const parentOf = (path: string) => (path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');
const at = (level: string, name: string) => (level ? `${level}.${name}` : name);
const upper = (currency: string) => currency.toUpperCase();

/** Every Stripe parameter the operation's fields set, nested ones included. */
function pathsOf(fields: Field[], into = new Map<string, string>()): Map<string, string> {
	for (const f of fields) {
		if (f.path) into.set(f.path, f.property.displayName);
		if (f.fields) pathsOf(f.fields, into);
	}
	return into;
}

/** The currency the request gives an amount: `<amount>_currency` beside it, or the nearest Currency above. */
function givenCurrency(params: IDataObject, path: string) {
	const name = path.slice(path.lastIndexOf('.') + 1);
	const candidates = [at(parentOf(path), `${name}_currency`)];
	for (let level = parentOf(path); ; level = parentOf(level)) {
		candidates.push(at(level, 'currency'));
		if (!level) break;
	}
	for (const candidate of candidates) {
		const currency = getParam(params, candidate);
		if (typeof currency === 'string' && currency) return { path: candidate, currency };
	}
	return undefined;
}

/**
 * The check of every item before any request: a required Currency left empty takes a decimal amount's
 * currency; a decimal amount in another currency than the request's is refused; an amount Stripe would
 * refuse in its currency (5.5 ISK, a HUF payout of 10.45) is refused. A decimal amount with no Currency in
 * the request is checked against the object the money moves on (checkWithSource) or fills the Currency
 * beside it; with neither, it is refused, since its currency could not be honoured.
 */
export function checkCurrencies(operation: Priced, r: Request) {
	const paths = pathsOf(operation.fields ?? []);
	const amounts = r.amounts ?? [];
	for (const need of r.currencyNeeded ?? []) {
		const level = parentOf(need.path);
		const decimal = amounts.find(
			(a) => a.currency && (!level || `${parentOf(a.path)}.`.startsWith(`${level}.`)),
		);
		if (!decimal) throw new FieldError(need.field, 'is required');
		setParam(r.params, need.path, decimal.currency);
	}
	const payout = !!operation.sdk?.includes('payouts.create');
	const source = operation.currencySource?.(r);
	for (const a of amounts) {
		const given = givenCurrency(r.params, a.path);
		if (a.currency && given && a.currency !== given.currency)
			throw new FieldError(
				a.field,
				`is in ${upper(a.currency)}, but ${paths.get(given.path) ?? 'Currency'} is ${upper(given.currency)}: the money would move in ${upper(given.currency)}, so nothing was sent`,
			);
		if (given) checkStep(getParam(r.params, a.path) as number, given.currency, a.field, payout);
		else if (a.currency && !source) {
			const beside = at(parentOf(a.path), 'currency');
			if (!paths.has(beside))
				throw new FieldError(
					a.field,
					`is written in ${upper(a.currency)}, but nothing in this request says which currency the money moves in: give the amount in the smallest unit`,
				);
			setParam(r.params, beside, a.currency);
		}
	}
}

/** Where the operation's money is, for the SDK method: the payment or invoice it names, or its own object. */
export function currencySource(
	params: Array<{ name: string }>,
	ownResource: string | undefined,
	ownArg: string | undefined,
) {
	const names = new Set(params.map((p) => p.name));
	return (r: Request): CurrencySource | undefined => {
		for (const [param, resource] of Object.entries(PAYMENT_PARAMS)) {
			const id = r.params[param];
			if (names.has(param) && typeof id === 'string' && id) return { resource, id, own: false };
		}
		const id = ownArg && r.path[ownArg];
		return ownResource && id ? { resource: ownResource, id, own: true } : undefined;
	};
}

/**
 * Before a write: decimal amounts are compared with the currency of the object the money moves on, read
 * with one GET (the account's, never the write's Idempotency-Key). A mismatch is refused, naming the
 * field and both currencies; nothing is sent.
 */
export async function checkWithSource(
	stripe: Stripe,
	operation: Priced,
	r: Request,
	send: Send,
): Promise<void> {
	const source = operation.currencySource?.(r);
	const payout = !!operation.sdk?.includes('payouts.create');
	const pending = (r.amounts ?? []).filter(
		(a): a is Required<GivenAmount> =>
			!!a.currency && (!source?.own || !givenCurrency(r.params, a.path)),
	);
	if (!source || !pending.length) return;
	const { idempotencyKey: _key, ...options } = r.options;
	const object = plain(
		await send(() =>
			sdkResource<(id: string, p: IDataObject, o: Stripe.RequestOptions) => Promise<unknown>>(
				stripe,
				source.resource,
			).retrieve(source.id, {}, options),
		),
	);
	const currency = typeof object.currency === 'string' ? object.currency.toLowerCase() : undefined;
	const what = `${String(object.object ?? 'object').replace(/_/g, ' ')} ${source.id}`;
	for (const a of pending) {
		if (!currency) {
			if (givenCurrency(r.params, a.path)) continue;
			throw new FieldError(
				a.field,
				`is written in ${upper(a.currency)}, but ${what} has no currency to check it against: give the amount in the smallest unit`,
			);
		}
		if (a.currency !== currency)
			throw new FieldError(
				a.field,
				`is in ${upper(a.currency)}, but ${what} is in ${upper(currency)}: its money moves in ${upper(currency)}, so nothing was sent`,
			);
		checkStep(getParam(r.params, a.path) as number, currency, a.field, payout);
	}
}
