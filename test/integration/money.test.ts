import { AMOUNT_HINT, type Field } from '../../nodes/StripeComplete/fields';
import { effectOf } from '../../nodes/StripeComplete/operations/effects';
import { WHOLE_WHEN_LEFT_OUT } from '../../nodes/StripeComplete/operations/money';
import { methods } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { paramsOf, place, slotsOf, unplace } from '../support/forms';
import { runNode } from '../support/harness';
import { json, scriptedServer } from '../support/scripted';
import { decodeForm } from '../../stand-ins/stripe';

/**
 * The property money rests on, over every operation that moves money and every create that takes an
 * amount and a currency, for each amount field and each class of currency: an amount written in the
 * currency the money moves in is sent converted by Stripe's rules; one in another currency, a blank one
 * where Stripe would read it as "all of it", or "all" where it means nothing, is refused naming the field
 * before anything is written. No request ever carries a currency other than the payment's.
 */

/** The currency of the payment (of every object read, and of the request's Currency), and an amount in it. */
const CLASSES = [
	{ currency: 'usd', decimal: '12.50 usd', sent: 1250, other: '12.50 eur' },
	{ currency: 'jpy', decimal: '1200 jpy', sent: 1200, other: '12.00 usd' },
	{ currency: 'kwd', decimal: '1.250 kwd', sent: 1250, other: '1.25 usd' },
	{ currency: 'isk', decimal: '40 isk', sent: 4000, other: '40 usd' },
	{ currency: 'ugx', decimal: '5000 ugx', sent: 500000, other: '5000 jpy' },
	{ currency: 'huf', decimal: '2500 huf', sent: 250000, other: '2500 eur' },
];
type Case = 'matching' | 'mismatching' | 'blank' | 'missing' | 'all';
const CASES: Case[] = ['matching', 'mismatching', 'blank', 'missing', 'all'];

let server: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
	server = await scriptedServer([]);
});
afterAll(() => server.close());

const isAmount = (f: Field) => f.property.hint === AMOUNT_HINT && !f.path?.includes('.');
const bySdk = new Map(methods.map((m) => [`${m.sdk}.${m.method}`, m]));

const targets = resources.flatMap((resource) =>
	resource.operations
		.filter((o) => o.kind === 'write' && o.sdk && bySdk.has(o.sdk[0]))
		.flatMap((operation) => {
			const amounts = slotsOf(operation.fields, isAmount);
			const currency = slotsOf(operation.fields, (f) => f.path === 'currency')[0];
			const money = effectOf(operation) === 'moves money';
			if (!amounts.length || (!money && !(currency && operation.value.startsWith('create'))))
				return [];
			return amounts.map((slot) => ({
				name: `${resource.value}.${operation.value} ${slot.field.property.displayName}`,
				resource: resource.value,
				operation,
				slot,
				amounts,
				currency,
				whole: WHOLE_WHEN_LEFT_OUT[operation.sdk![0]] === slot.field.path,
				required: !!slot.field.property.required,
			}));
		}),
);

const counts = { sent: 0, refused: 0, unknowable: new Set<string>() };
afterAll(() =>
	console.log(
		`money: ${targets.length} amount fields of ${new Set(targets.map((t) => t.operation)).size} operations x ${CLASSES.length} currencies x ${CASES.length} cases: ${counts.sent} sent, ${counts.refused} refused; decimals refused for want of a currency: ${[...counts.unknowable].join(', ') || 'none'}`,
	),
);

describe.each(CLASSES)('money in $currency', (cls) => {
	it.each(targets.map((t) => [t.name, t] as const))('%s', async (_, t) => {
		const m = bySdk.get(t.operation.sdk![0])!;
		const label = t.slot.field.property.displayName;
		for (const c of CASES) {
			const params = paramsOf(t.resource, t.operation, m, 'required');
			if (t.currency) place(params, t.currency, cls.currency);
			// The operation's other required amounts: valid in the payment's currency.
			for (const other of t.amounts)
				if (other !== t.slot && other.field.property.required) place(params, other, cls.sent);
			if (c === 'missing') unplace(params, t.slot);
			else
				place(
					params,
					t.slot,
					{ matching: cls.decimal, mismatching: cls.other, blank: ' ', all: 'all' }[c],
				);
			// Every read answers an object in the payment's currency, every write an object.
			server.rearm([
				json(200, { id: 'obj_123', object: 'payment_intent', currency: cls.currency }),
			]);
			let error: Error | undefined;
			try {
				await runNode(server.url, params);
			} catch (e) {
				error = e as Error;
			}
			const writes = server.requests
				.filter((r) => r.method !== 'GET')
				.map((r) => ({ path: r.path, body: decodeForm(r.body) }));
			const context = { case: c, error: error?.message, writes };
			// Whatever happened: no write names another currency.
			for (const w of writes)
				if (typeof w.body.currency === 'string')
					expect({ ...context, currency: w.body.currency }).toMatchObject({
						currency: cls.currency,
					});
			const refusedNaming = () => {
				expect(context).toMatchObject({ writes: [] });
				expect(error?.message.startsWith(`${label}: `)).toBe(true);
				counts.refused++;
			};
			const sentWith = (amount: number | undefined) => {
				expect(context).toMatchObject({ error: undefined });
				expect(writes).toHaveLength(1);
				const value = writes[0].body[t.slot.field.path!];
				expect(value === undefined ? undefined : Number(value)).toBe(amount);
				counts.sent++;
			};
			// Without a currency in the request or an object to read one from, a decimal cannot be honoured.
			const unknowable = !!error?.message.includes('nothing in this request says which currency');
			switch (c) {
				case 'matching':
					if (unknowable) counts.unknowable.add(t.name);
					if (unknowable) refusedNaming();
					else sentWith(cls.sent);
					break;
				case 'mismatching':
					refusedNaming();
					expect(error!.message).toContain(cls.other.slice(-3).toUpperCase());
					if (!unknowable) expect(error!.message).toContain(cls.currency.toUpperCase());
					break;
				case 'blank':
					if (t.whole || t.required) refusedNaming();
					else sentWith(undefined);
					break;
				case 'missing':
					if (t.required && !error?.message.startsWith('Currency')) refusedNaming();
					else if (!t.required) sentWith(undefined);
					break;
				case 'all':
					if (t.whole) sentWith(undefined);
					else refusedNaming();
			}
		}
	});
});

describe('the property covers', () => {
	it('the operations that move money with an amount, and the amount+currency creates', () => {
		const names = new Set(targets.map((t) => `${t.resource}.${t.operation.value}`));
		for (const name of [
			'refund.create',
			'paymentIntent.create',
			'paymentIntent.capture',
			'paymentIntent.incrementAuthorization',
			'charge.capture',
			'transfer.create',
			'transfer.createReversal',
			'payout.create',
			'applicationFee.createRefund',
			'topup.create',
			'price.create',
			'invoiceItem.create',
		])
			expect(names).toContain(name);
		expect(targets.filter((t) => t.whole).length).toBeGreaterThanOrEqual(6);
	});
});
