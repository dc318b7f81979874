import { readFileSync } from 'fs';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { FieldError } from '../../nodes/shared/errors';
import type { Field, Request } from '../../nodes/StripeComplete/fields';
import { methods } from '../../nodes/StripeComplete/operations/table';
import { sample } from '../support/samples';
import { resources } from '../../nodes/StripeComplete/resources/registry';

const description = new StripeComplete().description;
const operations = resources.flatMap((resource) =>
	resource.operations.map((operation) => ({ resource, operation })),
);

const fresh = (): Request => ({ params: {}, path: {}, options: {}, returnAll: false, limit: 50 });

describe('registry', () => {
	it('offers the connector actions users rely on', () => {
		const offered = Object.fromEntries(
			resources.map((r) => [r.value, r.operations.map((o) => o.value)]),
		);
		const expected = {
			account: ['get', 'create', 'update', 'delete', 'getAll', 'createLoginLink'],
			apiRequest: ['send'],
			charge: ['get', 'getAll', 'search', 'capture', 'update'],
			checkoutSession: ['create', 'get', 'getAll', 'expire', 'listLineItems'],
			customer: ['create', 'delete', 'get', 'getAll', 'search', 'update'],
			invoice: ['create', 'finalizeInvoice', 'pay', 'voidInvoice', 'sendInvoice', 'addLines'],
			paymentIntent: ['create', 'confirm', 'capture', 'cancel', 'search'],
			paymentLink: ['create', 'get', 'getAll', 'update'],
			price: ['create', 'createRecurring', 'get', 'getAll', 'search', 'update'],
			product: ['create', 'delete', 'get', 'getAll', 'search', 'update'],
			refund: ['create', 'get', 'getAll', 'cancel'],
			subscription: ['create', 'update', 'cancel', 'resume', 'search'],
		};
		for (const [resource, values] of Object.entries(expected))
			expect({ resource, values: offered[resource] }).toEqual({
				resource,
				values: expect.arrayContaining(values),
			});
	});

	it('gives a parameter name one type within a resource, and a path ID one type across the node (n8n keeps values when the operation changes)', () => {
		const typeOf = (p: INodeProperties) =>
			`${p.type}${p.typeOptions?.loadOptionsMethod ? `:${p.typeOptions.loadOptionsMethod}` : ''}`;
		const seen = new Map<string, string>();
		for (const { resource, operation } of operations)
			for (const { property: p } of operation.fields) {
				for (const key of [
					`${resource.value}.${p.name}`,
					...(/Id$/.test(p.name) ? [`*.${p.name}`] : []),
				]) {
					const type = typeOf(p);
					const first =
						seen.get(key) ??
						(seen.set(key, `${type} (${resource.value}.${operation.value})`),
						`${type} (${resource.value}.${operation.value})`);
					expect({ key, type: first.split(' ')[0] }).toEqual({ key, type });
				}
			}
	});

	it('has an operation for every method of the pinned SDK, and no value twice', () => {
		const called = new Set(operations.flatMap(({ operation }) => operation.sdk ?? []));
		const missing = methods
			.filter((m) => !called.has(`${m.sdk}.${m.method}`))
			.map((m) => `${m.sdk}.${m.method}`);
		expect(missing).toEqual([]);
		expect(methods.length).toBeGreaterThan(600);
		const ids = operations.map(({ resource, operation }) => `${resource.value}.${operation.value}`);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(resources.map((r) => r.value)).size).toBe(resources.length);
	});

	it('gives every operation an action name, for n8n and AI agents', () => {
		expect(description.usableAsTool).toBe(true);
		for (const { operation } of operations)
			expect(operation.action).toMatch(/^[A-Z][a-z]+ (an? |many )?\w/);
		// The form's Operation lists; the one shown and hidden for the same resources is the node panel's,
		// those of a version the node never has are for n8n's names (codex.test.ts).
		const dropdowns = description.properties.filter(
			(p) =>
				p.name === 'operation' && !p.displayOptions?.hide && !p.displayOptions?.show?.['@version'],
		);
		expect(dropdowns).toHaveLength(resources.length);
		for (const d of dropdowns)
			for (const o of d.options as unknown as IDataObject[]) expect(o.action).toBeTruthy();
	});

	it('shows exactly the fields of each operation, each once and as the operation reads it, and nothing else', () => {
		// The tool's own parameters (tool.test.ts) aside.
		const fields = description.properties.filter(
			(p) =>
				!['resourceGroup', 'resource', 'operation'].includes(p.name) &&
				!p.displayOptions?.show?.['@tool'],
		);
		const shownOn = (p: INodeProperties, resource: string, operation: string) => {
			const show = p.displayOptions!.show!;
			return (
				(!show.resource || (show.resource as string[]).includes(resource)) &&
				!!(show.operation as string[] | undefined)?.includes(operation)
			);
		};
		// A collection is shared by the operations that have it, each option shown where it applies
		// (form.test.ts reads the same through n8n-workflow).
		const optionOn = (o: INodeProperties, resource: string, operation: string) => {
			const show = o.displayOptions?.show ?? {};
			return (
				(!show['/resource'] || (show['/resource'] as string[]).includes(resource)) &&
				(!show['/operation'] || (show['/operation'] as string[]).includes(operation))
			);
		};
		const strip = ({ displayOptions: _, ...rest }: INodeProperties) => rest;
		for (const { resource, operation } of operations) {
			const shown = fields
				.filter((p) => shownOn(p, resource.value, operation.value))
				.map((p) =>
					p.type === 'collection'
						? {
								...p,
								options: (p.options as INodeProperties[])
									.filter((o) => optionOn(o, resource.value, operation.value))
									.map(strip),
							}
						: p,
				);
			expect({ op: `${resource.value}.${operation.value}`, shown: shown.map(strip) }).toEqual({
				op: `${resource.value}.${operation.value}`,
				shown: operation.fields.map((f) => strip(f.property)),
			});
		}
		// Every field shown is shown for some operation.
		for (const p of fields)
			expect(
				operations.some(({ resource, operation }) => shownOn(p, resource.value, operation.value)),
			).toBe(true);
	});

	it.each(
		operations.map(
			({ resource, operation }) =>
				[`${resource.value}.${operation.value}`, operation.fields] as const,
		),
	)(
		'%s: every field and every option of its collections is read and changes the request',
		(_, fields) => {
			// Applied in form order, as the runner does: a field may depend on one before it (Body on Method).
			const request = fresh();
			const check = (field: Field, value: unknown, label: string, target: Request) => {
				const before = JSON.stringify(target);
				field.apply(value, target);
				expect({ label, changed: JSON.stringify(target) !== before }).toEqual({
					label,
					changed: true,
				});
			};
			for (const field of fields) {
				const p = field.property;
				if (p.name === 'returnAll' || p.name === 'limit') continue; // their defaults already equal a fresh request
				if (p.type === 'collection') {
					// Each option changes what the collection sends with all the others given (one alone may
					// lack a sibling Stripe requires); leaving out a required one is refused, which shows it is read too.
					const options = (p.options as INodeProperties[]).filter((o) => o.name !== 'clearFields');
					const all = Object.fromEntries(options.map((o) => [o.name, sample(o)]));
					const withAll = structuredClone(request);
					field.apply(all, withAll);
					for (const option of options) {
						const target = structuredClone(request);
						let changed: boolean;
						try {
							field.apply(
								Object.fromEntries(Object.entries(all).filter(([name]) => name !== option.name)),
								target,
							);
							changed = JSON.stringify(target) !== JSON.stringify(withAll);
						} catch (error) {
							changed = error instanceof FieldError && /( needs |is required)/.test(error.message);
						}
						expect({ label: `${p.name}.${option.name}`, changed }).toEqual({
							label: `${p.name}.${option.name}`,
							changed: true,
						});
					}
					const clear = (p.options as INodeProperties[]).find((o) => o.name === 'clearFields');
					if (clear)
						check(
							field,
							{ clearFields: sample(clear) },
							`${p.name}.clearFields`,
							structuredClone(request),
						);
				} else check(field, sample(p), p.name, request);
			}
		},
	);

	it('puts Return All and Limit on every list and search', () => {
		for (const { operation } of operations.filter(
			({ operation }) => operation.kind === 'list' || operation.kind === 'search',
		)) {
			const names = operation.fields.map((f) => f.property.name);
			expect(names).toEqual(expect.arrayContaining(['returnAll', 'limit']));
			const request = fresh();
			operation.fields.find((f) => f.property.name === 'returnAll')!.apply(true, request);
			expect(request.returnAll).toBe(true);
		}
	});

	it('shows Return All then Limit right after what a list or search needs, before Output, Filters and Options, as n8n nodes do', () => {
		// The form as n8n renders it: the node's properties in order, those shown for the operation (the
		// tool's own aside).
		const shown = (resource: string, operation: string) =>
			description.properties.filter((p) => {
				const show = p.displayOptions?.show;
				return (
					show &&
					!show['@tool'] &&
					(!show.resource || (show.resource as string[]).includes(resource)) &&
					!!(show.operation as string[] | undefined)?.includes(operation)
				);
			});
		const lists = operations.filter(
			({ operation }) => operation.kind === 'list' || operation.kind === 'search',
		);
		expect(lists.length).toBeGreaterThan(100);
		for (const { resource, operation } of lists) {
			const form = shown(resource.value, operation.value).map(
				(p) => `${p.name}${p.required ? '*' : ''}`,
			);
			const at = (name: string) => form.indexOf(name);
			const firstOptional = form.findIndex(
				(name) => !name.endsWith('*') && name !== 'returnAll' && name !== 'limit',
			);
			const op = `${resource.value}.${operation.value}`;
			// Before Return All only required fields (an ID, a search query); Options is always there, so firstOptional exists.
			expect({
				op,
				form,
				order:
					at('returnAll') >= 0 &&
					at('limit') === at('returnAll') + 1 &&
					firstOptional > at('limit'),
			}).toEqual({ op, form, order: true });
		}
	});

	it('offers Idempotency Key on writes only, and Connected Account everywhere', () => {
		for (const { resource, operation } of operations) {
			const options = operation.fields.find((f) => f.property.name === 'options')!.property
				.options as INodeProperties[];
			const names = options.map((o) => o.name);
			expect({
				op: `${resource.value}.${operation.value}`,
				has: names.includes('idempotencyKey'),
			}).toEqual({ op: `${resource.value}.${operation.value}`, has: operation.kind === 'write' });
			expect(names).toContain('stripeAccount');
		}
	});

	it('offers Metadata wherever a created object has metadata', () => {
		const withMetadata = [
			'customer.create',
			'customer.update',
			'product.create',
			'product.update',
			'price.create',
			'price.createRecurring',
			'price.update',
			'paymentLink.create',
			'paymentLink.update',
			'refund.create',
		];
		for (const id of withMetadata) {
			const [r, o] = id.split('.');
			const op = resources.find((x) => x.value === r)!.operations.find((x) => x.value === o)!;
			const optional = op.fields.find(
				(f) => f.property.type === 'collection' && f.property.name !== 'options',
			)!;
			expect({
				id,
				metadata: (optional.property.options as INodeProperties[]).some(
					(x) => x.name === 'metadata',
				),
			}).toEqual({ id, metadata: true });
		}
	});

	it('offers Fields to Clear on updates only, for parameters the SDK types as Emptyable (Stripe takes them empty)', () => {
		const sdk = (file: string) =>
			readFileSync(`${__dirname}/../../node_modules/stripe/cjs/resources/${file}.d.ts`, 'utf8');
		const emptyable = (source: string, params: string) => {
			const body = source.slice(source.indexOf(`export interface ${params} {`)).split('\n}\n')[0];
			return [...body.matchAll(/^ {4}(\w+)\?: Emptyable</gm)].map((m) => m[1]);
		};
		const files: Record<string, [string, string]> = {
			customer: ['Customers', 'CustomerUpdateParams'],
			product: ['Products', 'ProductUpdateParams'],
			price: ['Prices', 'PriceUpdateParams'],
			paymentLink: ['PaymentLinks', 'PaymentLinkUpdateParams'],
		};
		const offered: Record<string, string[]> = {};
		for (const { resource, operation } of operations) {
			const clear = operation.fields
				.flatMap((f) =>
					f.property.type === 'collection' ? (f.property.options as INodeProperties[]) : [],
				)
				.find((o) => o.name === 'clearFields');
			if (!clear) continue;
			expect(`${resource.value}.${operation.value}`).toMatch(/\.update\w*$/);
			const values = (clear.options as Array<{ value: string }>).map((o) => o.value);
			offered[`${resource.value}.${operation.value}`] = values;
			// Hand-made forms are checked against the SDK's declarations, generated ones against the generated table.
			const declared = files[resource.value]
				? emptyable(sdk(files[resource.value][0]), files[resource.value][1])
				: methods
						.find((m) => `${m.sdk}.${m.method}` === operation.sdk![0])!
						.params!.filter((p) => p.emptyable)
						.map((p) => p.name);
			expect(declared).toEqual(expect.arrayContaining(values));
		}
		expect(Object.keys(offered).length).toBeGreaterThan(40);
		expect({
			customer: offered['customer.update'],
			price: offered['price.update'],
			product: offered['product.update'],
		}).toEqual({
			customer: [
				'address',
				'business_name',
				'individual_name',
				'metadata',
				'shipping',
				'tax_exempt',
			],
			price: ['currency_options', 'metadata'],
			product: [
				'description',
				'images',
				'marketing_features',
				'metadata',
				'package_dimensions',
				'tax_code',
				'tax_details',
				'unit_label',
				'url',
			],
		});
	});

	it('leaves required numbers empty, so a forgotten amount is an error and never 0', () => {
		const required = description.properties.filter((p) => p.type === 'number' && p.required);
		expect(required.map((p) => p.name)).toContain('unitAmount');
		for (const p of required) expect(p.default).toBeNull();
	});

	it('hints that amounts are in the smallest currency unit, or a decimal with its currency', () => {
		const amounts = description.properties
			.flatMap((p) => (p.type === 'collection' ? (p.options as INodeProperties[]) : [p]))
			.filter((p) => p.type === 'number' && /amount/i.test(p.name));
		expect(amounts.length).toBeGreaterThanOrEqual(3);
		for (const p of amounts)
			expect(p.hint).toMatch(/smallest unit.*or a decimal with its currency/i);
	});
});
