import { methods } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { paramsOf, place, slotsOf } from '../support/forms';
import { runNode } from '../support/harness';
import { answersFor, scriptedServer, type Recorded } from '../support/scripted';
import { decodeForm } from '../../stand-ins/stripe';

/**
 * Nothing given as metadata is dropped, on every operation that takes it: an object from an expression
 * or its JSON text, whole or under From an Object, is sent exactly; broken JSON, 51 keys, a key with
 * square brackets, or what n8n keeps of a whole-list expression on the entries ({}) is refused naming
 * the field before anything is sent. A request never carries metadata other than what was given.
 */
const GIVEN = { shopify_refund_id: '920123456001', note: 'from Shopify' };
const MANY = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`key_${i}`, 'v']));
const CASES: Array<[string, unknown, 'sent' | RegExp]> = [
	['an object from an expression', GIVEN, 'sent'],
	['its JSON text', JSON.stringify(GIVEN), 'sent'],
	['an object under From an Object', { object: [{ value: GIVEN }] }, 'sent'],
	['JSON text under From an Object', { object: [{ value: JSON.stringify(GIVEN) }] }, 'sent'],
	['broken JSON', '{"shopify_refund_id": ', /^Metadata: must be a JSON object/],
	['51 keys', MANY, /^Metadata: has 51 entries; Stripe allows at most 50$/],
	['a key with square brackets', { 'order[id]': '1' }, /^Metadata: key "order\[id\]" may not/],
	["n8n's {} for a whole-list expression", {}, /^Metadata: (holds no entries|is required)/],
];

const bySdk = new Map(methods.map((m) => [`${m.sdk}.${m.method}`, m]));
const targets = resources.flatMap((resource) =>
	resource.operations
		.filter((o) => o.sdk && bySdk.has(o.sdk[0]) && !o.binary)
		.flatMap((operation) =>
			slotsOf(operation.fields, (f) => f.path === 'metadata').map((slot) => ({
				name: `${resource.value}.${operation.value}`,
				resource: resource.value,
				operation,
				slot,
			})),
		),
);

/** The parameters a request carried: a form body, a JSON body (v2), or a query string. */
const sentParams = (r: Recorded): Record<string, any> =>
	r.contentType?.includes('json')
		? JSON.parse(r.body)
		: decodeForm(r.body || (r.path.split('?')[1] ?? ''));

let server: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
	server = await scriptedServer([]);
});
afterAll(() => server.close());

describe('metadata given whole, as an object or JSON text', () => {
	it.each(targets.map((t) => [t.name, t] as const))('%s', async (_, t) => {
		const m = bySdk.get(t.operation.sdk![0])!;
		for (const [label, value, expected] of CASES) {
			const params = paramsOf(t.resource, t.operation, m, 'required');
			place(params, t.slot, value);
			server.rearm(answersFor(m));
			let error: Error | undefined;
			try {
				await runNode(server.url, params);
			} catch (e) {
				error = e as Error;
			}
			const carried = server.requests.map(sentParams).filter((p) => 'metadata' in p);
			const outcome = { label, error: error?.message, carried };
			if (expected === 'sent') {
				expect(outcome).toMatchObject({ error: undefined });
				// Every request of it (a list's pages too) with exactly what was given.
				expect(carried.length).toBeGreaterThan(0);
				for (const params of carried) expect(params.metadata).toEqual(GIVEN);
			} else {
				expect(outcome).toMatchObject({ carried: [] });
				expect(server.requests).toEqual([]);
				expect(outcome.error).toMatch(expected);
			}
		}
	});

	it('covers the operations people give metadata to', () => {
		const names = new Set(targets.map((t) => t.name));
		expect(targets.length).toBeGreaterThan(120);
		for (const name of [
			'customer.create',
			'refund.create',
			'paymentIntent.create',
			'product.update',
		])
			expect(names).toContain(name);
	});
});
