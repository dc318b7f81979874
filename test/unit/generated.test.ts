import { execFileSync } from 'child_process';
import { join } from 'path';
import Stripe from 'stripe';
import { methods } from '../../nodes/StripeComplete/operations/table';

describe('generated table', () => {
	it('is what the installed SDK generates (an SDK upgrade is `npm run generate` and a reviewed diff)', () => {
		const out = execFileSync(
			process.execPath,
			[join(__dirname, '../../scripts/generate.js'), '--check'],
			{ encoding: 'utf8' },
		);
		expect(out).toMatch(/matches stripe \d+\.\d+\.\d+/);
	});

	it('holds every API method of the SDK, with its HTTP method and path', () => {
		const stripe = new Stripe('sk_test_table');
		const byName = new Map(methods.map((m) => [`${m.sdk}.${m.method}`, m]));
		expect(methods.length).toBe(byName.size);
		const customersRetrieve = byName.get('customers.retrieve')!;
		expect(customersRetrieve).toMatchObject({
			http: 'GET',
			path: '/v1/customers/{id}',
			pathArgs: ['id'],
		});
		expect(byName.get('checkout.sessions.listLineItems')).toMatchObject({
			http: 'GET',
			path: '/v1/checkout/sessions/{id}/line_items',
			kind: 'list',
		});
		expect(byName.get('customers.search')).toMatchObject({ kind: 'search' });
		expect(byName.get('v2.core.accounts.list')).toMatchObject({
			http: 'GET',
			path: '/v2/core/accounts',
			kind: 'list',
		});
		expect(byName.get('quotes.pdf')).toMatchObject({ download: true });
		expect(byName.get('files.create')).toMatchObject({ upload: true });
		// Every method the table names exists on a client of the pinned SDK.
		for (const m of methods) {
			const resource = m.sdk
				.split('.')
				.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], stripe) as Record<
				string,
				unknown
			>;
			expect({ method: `${m.sdk}.${m.method}`, exists: typeof resource[m.method] }).toEqual({
				method: `${m.sdk}.${m.method}`,
				exists: 'function',
			});
		}
	});

	it('describes parameters with their kind: required, unions as values, Emptyable, nested fields, JSON shapes', () => {
		const params = (sdk: string) => methods.find((m) => `${m.sdk}.${m.method}` === sdk)!.params!;
		const update = params('customers.update');
		expect(update.find((p) => p.name === 'tax_exempt')).toMatchObject({
			type: 'enum',
			values: expect.arrayContaining(['exempt', 'none', 'reverse']),
			emptyable: true,
		});
		expect(update.find((p) => p.name === 'invoice_settings')).toMatchObject({ type: 'object' });
		expect(update.find((p) => p.name === 'metadata')).toMatchObject({
			type: 'metadata',
			emptyable: true,
		});
		expect(params('prices.create').find((p) => p.name === 'currency')).toMatchObject({
			type: 'string',
			required: true,
		});
		expect(params('checkout.sessions.create').find((p) => p.name === 'line_items')).toMatchObject({
			type: 'json',
			shape: expect.stringMatching(/\[\]$/),
		});
		expect(params('customers.list').find((p) => p.name === 'created')).toMatchObject({
			type: 'range',
		});
		expect(params('customers.list').map((p) => p.name)).not.toEqual(
			expect.arrayContaining(['limit', 'starting_after', 'expand']),
		);
	});
});
