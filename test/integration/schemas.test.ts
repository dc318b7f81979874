import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { runNode, useStandIn } from '../support/harness';
import { checked, checkOutputSchemas } from '../support/output-schemas';
import { json, scriptedServer } from '../support/scripted';

// Every run against a stand-in (test/support/harness.ts) holds its output items to the output schemas
// n8n's editor shows before a run; these tests show that check at work.

const env = useStandIn();
const items = (...objects: IDataObject[]): INodeExecutionData[] =>
	objects.map((object) => ({ json: object, pairedItem: { item: 0 } }));
const customerGet = { resource: 'customer', operation: 'get' };

describe("the stand-in's answers and the output schemas", () => {
	it('are checked on every run against a stand-in: a created customer, a list, a payment intent', async () => {
		const before = new Map(checked);
		const created = await runNode(env.url, {
			resource: 'customer',
			operation: 'create',
			additionalFields: { email: 'ada@example.com', balance: -500 },
		});
		expect(created[0].json).toMatchObject({ email: 'ada@example.com', balance: -500 });
		await runNode(env.url, { resource: 'customer', operation: 'getAll', returnAll: true });
		await runNode(env.url, {
			resource: 'paymentIntent',
			operation: 'create',
			amount: 1000,
			currency: 'usd',
		});
		const added = (key: string) => (checked.get(key) ?? 0) - (before.get(key) ?? 0);
		expect(added('customer.create')).toBe(1);
		expect(added('customer.getAll')).toBeGreaterThanOrEqual(1);
		expect(added('paymentIntent.create')).toBe(1);
	});

	it('fail a field of another type, naming the operation, the field and its value', () => {
		expect(() =>
			checkOutputSchemas(
				items({ id: 'cus_1', balance: 0 }, { id: 'cus_2', balance: '0', address: { city: 5 } }),
				() => customerGet,
			),
		).toThrow(
			/Output item 1 of customer > get does not match.*\n {2}\/address\/city must be string,null \(got 5\)\n {2}\/balance must be number \(got "0"\)/,
		);
		// A field an answer leaves out, or one the schema does not know, is no failure.
		expect(() =>
			checkOutputSchemas(items({ id: 'cus_1', tax: {} }), () => customerGet),
		).not.toThrow();
	});

	it('leave aside what the schema does not describe: Simplify, Expand, error items, API Request', () => {
		const wrong = items({ id: 'cus_1', balance: '0' });
		expect(() =>
			checkOutputSchemas(wrong, () => ({ ...customerGet, output: 'simplified' })),
		).not.toThrow();
		expect(() =>
			checkOutputSchemas(wrong, () => ({ ...customerGet, options: { expand: 'default_source' } })),
		).not.toThrow();
		expect(() =>
			checkOutputSchemas(
				[{ ...wrong[0], error: new Error('declined') as never }],
				() => customerGet,
			),
		).not.toThrow();
		expect(() =>
			checkOutputSchemas(wrong, () => ({ resource: 'apiRequest', operation: 'send' })),
		).not.toThrow();
	});

	it("are not checked against a scripted server's answers, which may be anything", async () => {
		const server = await scriptedServer([
			json(200, { id: 'cus_1', object: 'customer', balance: '5' }),
		]);
		try {
			const out = await runNode(server.url, { ...customerGet, customerId: 'cus_1' });
			expect(out[0].json.balance).toBe('5');
		} finally {
			await server.close();
		}
	});
});
