import { readFileSync } from 'fs';
import { join } from 'path';
import {
	changelogText,
	operationNames,
	tableChanges as changesOf,
} from '../../scripts/generate/table-changes';

interface Listed {
	operation: { sdk: string; method: string };
	changes: string[];
	fields: { added: [string, object][]; removed: [string, object][]; changed: [string, string][] };
}
const tableChanges = (before: object, after: object) =>
	changesOf(before, after) as { added: Listed[]; removed: Listed[]; changed: Listed[] };

/** A table row as scripts/generate writes it, with only what the changes read. */
const operation = (sdk: string, method: string, params: object[] = [], extra: object = {}) => ({
	sdk,
	method,
	http: 'POST',
	path: `/v1/${sdk}`,
	pathArgs: [],
	params,
	...extra,
});
const table = (sdkVersion: string, operations: object[], apiVersion = '2026-10-28.endive') => ({
	sdkVersion,
	apiVersion,
	operations,
});

const name = { name: 'name', type: 'string' };
const currency = { name: 'currency', required: true, type: 'enum', values: ['eur', 'usd'] };
const address = {
	name: 'address',
	type: 'object',
	fields: [{ name: 'city', type: 'string' }],
};

const before = table('23.1.0', [
	operation('customers', 'create', [name, address]),
	operation('prices', 'createRecurring', [currency]),
	operation('products', 'create', [name, currency]),
]);

describe('the changes of an SDK upgrade', () => {
	it('finds an operation added and one removed', () => {
		const after = table('23.2.0', [
			operation('customers', 'create', [name, address]),
			operation('products', 'create', [name, currency]),
			operation('products', 'archive'),
		]);
		const { added, removed, changed } = tableChanges(before, after);
		expect(added.map((a) => a.operation.method)).toEqual(['archive']);
		expect(removed.map((r) => `${r.operation.sdk}.${r.operation.method}`)).toEqual([
			'prices.createRecurring',
		]);
		expect(changed).toEqual([]);
	});

	it('finds fields added and removed, nested ones by their path', () => {
		const after = table('23.2.0', [
			operation('customers', 'create', [
				{ name: 'email', type: 'string' },
				{ ...address, fields: [{ name: 'country', type: 'string' }] },
			]),
			operation('prices', 'createRecurring', [currency]),
			operation('products', 'create', [name, currency]),
		]);
		const [change] = tableChanges(before, after).changed;
		expect(change.operation.sdk).toBe('customers');
		expect(change.fields.added.map(([path]) => path)).toEqual(['email', 'address.country']);
		expect(change.fields.removed.map(([path]) => path)).toEqual(['name', 'address.city']);
		expect(change.fields.changed).toEqual([]);
		expect(tableChanges(before, after).changed).toHaveLength(1);
	});

	it("finds a field's type, required and options changed, and an operation's endpoint and deprecation", () => {
		const after = table('23.2.0', [
			operation('customers', 'create', [{ ...name, type: 'enum', values: ['a'] }, address], {
				deprecated: true,
			}),
			operation('prices', 'createRecurring', [{ ...currency, required: false }]),
			operation('products', 'create', [name, { ...currency, values: ['eur', 'gbp'] }], {
				path: '/v2/products',
			}),
		]);
		const changed = tableChanges(before, after).changed.map((c) => [
			`${c.operation.sdk}.${c.operation.method}`,
			c.changes,
			c.fields.changed,
		]);
		expect(changed).toEqual([
			[
				'customers.create',
				['deprecated by Stripe'],
				[['name', 'type string → enum, options added: `a`']],
			],
			['prices.createRecurring', [], [['currency', 'no longer required']]],
			[
				'products.create',
				['calls POST /v2/products (was POST /v1/products)'],
				[['currency', 'options added: `gbp`, options removed: `usd`']],
			],
		]);
	});

	it("reads a list's options and a JSON field's shape", () => {
		const tags = (values: string[]) => ({
			name: 'tags',
			type: 'array',
			of: { type: 'enum', values },
		});
		const revenue = (shape: string) => ({ name: 'revenue', type: 'json', shape });
		const was = table('23.1.0', [
			operation('accounts', 'update', [tags(['a']), revenue('{amount: number}')]),
		]);
		const is = table('23.2.0', [
			operation('accounts', 'update', [
				tags(['a', 'b']),
				revenue('{amount: number, currency: string}'),
			]),
		]);
		expect(tableChanges(was, is).changed[0].fields.changed).toEqual([
			['tags', 'options added: `b`'],
			['revenue', 'shape {amount: number} → {amount: number, currency: string}'],
		]);
	});

	it('finds nothing between a table and itself', () => {
		expect(tableChanges(before, before)).toEqual({ added: [], removed: [], changed: [] });
	});

	it("writes CHANGELOG.md's Added, Changed and Removed, naming operations as the node does", () => {
		const after = table(
			'23.2.0',
			[
				operation('customers', 'create', [name, address, { name: 'email', type: 'string' }]),
				operation('products', 'create', [name, { ...currency, required: false }]),
				operation('products', 'archive'),
			],
			'2026-11-30.endive',
		);
		const names = {
			before: new Map([['prices.createRecurring', ['Price > Create Recurring']]]),
			after: new Map([
				['customers.create', ['Customer > Create']],
				['products.archive', ['Product > Archive']],
			]),
		};
		expect(changelogText(before, after, names)).toBe(
			[
				'### Added',
				'',
				'- Operation Product > Archive (`products.archive`)',
				'- Customer > Create (`customers.create`): `email` (string)',
				'',
				'### Changed',
				'',
				'- The `stripe` SDK is 23.2.0 (was 23.1.0), Stripe API version 2026-11-30.endive (was 2026-10-28.endive)',
				'- `products.create`: `currency` no longer required',
				'',
				'### Removed',
				'',
				'- Operation Price > Create Recurring (`prices.createRecurring`)',
				'',
			].join('\n'),
		);
	});

	it("names each SDK method's operations from docs/operations.md", () => {
		const names = operationNames(readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8'));
		expect(names.get('customers.create')).toEqual(['Customer > Create']);
		expect(names.get('prices.create')).toEqual(['Price > Create', 'Price > Create Recurring']);
		expect(names.get('v2.core.accountTokens.create')).toEqual(['V2 Core > Account Token > Create']);
	});
});
