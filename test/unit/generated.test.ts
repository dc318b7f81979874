import { execFileSync, spawnSync } from 'child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Stripe from 'stripe';
import { methods } from '../../nodes/StripeComplete/operations/table';

const GENERATE = join(__dirname, '../../scripts/generate');
const GENERATED = join(__dirname, '../../nodes/StripeComplete/generated');

describe('generated table', () => {
	it('is what the installed SDK generates, with its output schemas (an SDK upgrade is `npm run generate` and a reviewed diff)', () => {
		const out = execFileSync(process.execPath, [GENERATE, '--check'], { encoding: 'utf8' });
		expect(out).toMatch(
			/operations\.json, .*schemas\.json, .*event-types\.json match stripe \d+\.\d+\.\d+/,
		);
	});

	it('is found stale when an output schema differs from what the SDK gives', () => {
		const folder = mkdtempSync(join(tmpdir(), 'generated-'));
		try {
			copyFileSync(join(GENERATED, 'operations.json'), join(folder, 'operations.json'));
			copyFileSync(
				join(__dirname, '../../nodes/shared/generated/event-types.json'),
				join(folder, 'event-types.json'),
			);
			const schemas = readFileSync(join(GENERATED, 'schemas.json'), 'utf8');
			const edited = schemas.replace(
				'"email":{"type":["string","null"]}',
				'"email":{"type":"string"}',
			);
			expect(edited).not.toBe(schemas);
			writeFileSync(join(folder, 'schemas.json'), edited);
			const run = spawnSync(process.execPath, [GENERATE, '--check', '--out', folder], {
				encoding: 'utf8',
			});
			expect(run.status).toBe(1);
			expect(run.stderr).toMatch(/schemas\.json differs from what stripe/);
			expect(run.stderr).not.toMatch(/(operations|event-types)\.json differs/);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
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
