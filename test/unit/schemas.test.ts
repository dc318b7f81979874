import Ajv from 'ajv';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { findOperation, resources } from '../../nodes/StripeComplete/resources/registry';
import {
	operationSchema,
	readGenerated,
	schemaFiles,
	schemaPath,
	versionFolder,
	writeSchemaFiles,
} from '../../scripts/build/schema-files';

type Schema = {
	type?: string | string[];
	nullable?: boolean;
	properties?: Record<string, Schema>;
	items?: Schema;
	additionalProperties?: Schema;
};

const generated = readGenerated();
const schemaOf = (resource: string, operation: string): Schema =>
	operationSchema(findOperation(resource, operation), generated);
const field = (resource: string, operation: string, name: string) =>
	schemaOf(resource, operation).properties![name];
const versions = [new StripeComplete().description.version].flat();

/** The keywords a schema uses, at every level. */
const keywords = (schema: Schema): string[] => [
	...Object.keys(schema),
	...Object.values(schema.properties ?? {}).flatMap(keywords),
	...(schema.items ? keywords(schema.items) : []),
	...(schema.additionalProperties ? keywords(schema.additionalProperties) : []),
];

/** Operations without a schema: API Request calls any path; a meter event stream answers nothing. */
const WITHOUT = ['apiRequest.send', 'v2BillingMeterEventStream.create'];

describe('output schemas', () => {
	it('are there for every operation but API Request (and one whose answer has no fields), each with fields', () => {
		const { files, without } = schemaFiles(resources, versions, '/node');
		expect(without).toEqual(WITHOUT);
		const operations = resources.flatMap((r) => r.operations.map((o) => `${r.value}.${o.value}`));
		expect(files).toHaveLength((operations.length - WITHOUT.length) * versions.length);
		for (const operation of operations.filter((o) => !WITHOUT.includes(o))) {
			const [resource, value] = operation.split('.');
			const schema = schemaOf(resource, value);
			// What n8n's editor takes for a schema: an object type with some properties.
			expect({ operation, type: schema.type }).toEqual({ operation, type: 'object' });
			expect({ operation, fields: Object.keys(schema.properties ?? {}).length > 0 }).toEqual({
				operation,
				fields: true,
			});
		}
	});

	it('lie where n8n looks: <node folder>/__schema__/v<version padded to major.minor.patch>/<resource>/<operation>.json', () => {
		// n8n-core's output schema resolver pads the node's version to three numbers.
		expect(versionFolder(1)).toBe('v1.0.0');
		expect(versionFolder(1.1)).toBe('v1.1.0');
		expect(versionFolder('2.0.3')).toBe('v2.0.3');
		// Each version of the node has its folder; their forms differ, not their output.
		expect(versions).toEqual([1, 2]);
		expect(schemaPath('/dist/nodes/StripeComplete', 1, 'customer', 'get')).toBe(
			'/dist/nodes/StripeComplete/__schema__/v1.0.0/customer/get.json',
		);
		// Resource and Operation are the node's values, not the SDK's names.
		const { files } = schemaFiles(resources, versions, '/node');
		const paths = new Set(files.map((f: { path: string }) => f.path));
		expect(paths).toContain('/node/__schema__/v1.0.0/customer/getAll.json');
		expect(paths).toContain('/node/__schema__/v1.0.0/checkoutSession/listLineItems.json');
		expect(paths).toContain('/node/__schema__/v1.0.0/invoice/downloadPdf.json');
		expect(paths).toContain('/node/__schema__/v1.0.0/v2CoreAccount/get.json');
		expect(paths).not.toContain('/node/__schema__/v1.0.0/apiRequest/send.json');
		expect(paths).toContain('/node/__schema__/v2.0.0/customer/getAll.json');
		expect(paths).toContain('/node/__schema__/v2.0.0/v2CoreAccount/get.json');
	});

	it('are written by the build, one minified file per operation', () => {
		const nodeDir = mkdtempSync(join(tmpdir(), 'schemas-'));
		try {
			const { count, without } = writeSchemaFiles(resources, versions, nodeDir, generated);
			expect(without).toEqual(WITHOUT);
			const customerGet = join(nodeDir, '__schema__/v1.0.0/customer/get.json');
			const text = readFileSync(customerGet, 'utf8');
			expect(text).not.toMatch(/\n/);
			expect(JSON.parse(text)).toEqual(schemaOf('customer', 'get'));
			let written = 0;
			for (const version of versions)
				for (const resource of resources)
					for (const operation of resource.operations) {
						const file = schemaPath(nodeDir, version, resource.value, operation.value);
						if (WITHOUT.includes(`${resource.value}.${operation.value}`))
							expect(existsSync(file)).toBe(false);
						else written += existsSync(file) ? 1 : 0;
					}
			expect(written).toBe(count);
			expect(readdirSync(join(nodeDir, '__schema__')).sort()).toEqual(['v1.0.0', 'v2.0.0']);
		} finally {
			rmSync(nodeDir, { recursive: true, force: true });
		}
	});

	it("describe the fields of Stripe's objects", () => {
		expect(field('customer', 'get', 'email')).toEqual({ type: ['string', 'null'] });
		expect(field('paymentIntent', 'create', 'client_secret')).toEqual({ type: ['string', 'null'] });
		expect(field('invoice', 'getAll', 'total')).toEqual({ type: 'number' });
		expect(field('subscription', 'create', 'items')).toMatchObject({
			type: 'object',
			properties: { data: { type: 'array', items: { type: 'object' } } },
		});
		expect(field('refund', 'create', 'amount')).toEqual({ type: 'number' });
		expect(field('customer', 'delete', 'deleted')).toEqual({ type: 'boolean' });
		// A Get may find a deleted customer: both objects' fields.
		expect(field('customer', 'get', 'deleted')).toEqual({ type: 'boolean' });
		// An expandable field is the ID Stripe gives unless asked to expand it.
		expect(field('invoice', 'get', 'customer')).toEqual({ type: ['string', 'null'] });
		expect(field('charge', 'get', 'balance_transaction')).toEqual({ type: ['string', 'null'] });
		// Nullable objects stay objects, so the editor opens them.
		expect(field('customer', 'get', 'address')).toMatchObject({
			type: 'object',
			nullable: true,
			properties: { country: { type: ['string', 'null'] } },
		});
		expect(field('customer', 'get', 'metadata')).toEqual({
			type: 'object',
			additionalProperties: { type: 'string' },
		});
		// Decimals are text.
		expect(field('price', 'get', 'unit_amount_decimal')).toEqual({ type: ['string', 'null'] });
		// Three levels of fields; an object below them is an object without its fields.
		const line = field('invoice', 'get', 'lines').properties!.data.items!;
		expect(line.properties!.amount).toEqual({ type: 'number' });
		expect(line.properties!.period).toEqual({ type: 'object' });
		// No field is required: the declarations leave out fields some answers do not carry.
		expect(Object.values(generated.schemas).flatMap((s) => keywords(s as Schema))).not.toContain(
			'required',
		);
	});

	it('of hand-made operations are those of the SDK method they call', () => {
		expect(schemaOf('invoice', 'downloadPdf')).toEqual(schemaOf('invoice', 'get'));
		expect(schemaOf('creditNote', 'downloadPdf')).toEqual(schemaOf('creditNote', 'get'));
		// The quote it retrieves, not the PDF it downloads.
		expect(schemaOf('quote', 'downloadPdf')).toEqual(schemaOf('quote', 'get'));
		expect(schemaOf('account', 'get')).toEqual(schemaOf('account', 'update'));
		expect(schemaOf('price', 'createRecurring')).toEqual(schemaOf('price', 'create'));
		expect(schemaOf('file', 'upload')).toEqual(schemaOf('file', 'get'));
		expect(schemaOf('file', 'download')).toEqual(schemaOf('file', 'get'));
	});

	it('refuse an operation calling methods whose answers differ', () => {
		const operation = {
			...findOperation('customer', 'get'),
			sdk: ['customers.retrieve', 'products.retrieve'],
		};
		expect(() => operationSchema(operation, generated)).toThrow(
			/customers\.retrieve, products\.retrieve, whose answers differ/,
		);
	});

	it('are valid JSON schemas (Ajv, strict)', () => {
		const ajv = new Ajv({ strict: true, allowUnionTypes: true });
		for (const [name, schema] of Object.entries(generated.schemas))
			expect({ name, valid: ajv.validateSchema(schema as object) }).toEqual({ name, valid: true });
		const validate = ajv.compile(schemaOf('customer', 'get'));
		expect(validate({ id: 'cus_1', balance: 0, email: null, address: null })).toBe(true);
		expect(validate({ id: 'cus_1', balance: '0' })).toBe(false);
		expect(validate({ id: 'cus_1', address: { country: 5 } })).toBe(false);
	});
});
