import type { INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { methods } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { failure, runNode, useStandIn, type Params } from '../support/harness';
import { json, scriptedServer } from '../support/scripted';

/**
 * What Stripe refuses, class by class, through execute() against the stand-in that refuses it as Stripe
 * does: the node either refuses the input itself (no request, the field named) or sends what Stripe takes.
 */
const env = useStandIn();

const operation = (resource: string, value: string) =>
	resources.find((r) => r.value === resource)!.operations.find((o) => o.value === value)!;
const property = (resource: string, value: string, name: string) =>
	operation(resource, value).fields.find((f) => f.property.name === name)!.property;
const option = (collection: INodeProperties, name: string) =>
	(collection.options as INodeProperties[]).find((o) => o.name === name);

/** The run's NodeOperationError, and that no request left for Stripe. */
async function refused(params: Params) {
	const error = await failure(runNode(env.url, params));
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(env.standIn.requests).toEqual([]);
	return error.message;
}

const posted = () => env.standIn.requests.filter((r) => r.method === 'POST');

describe('amounts', () => {
	const createIntent = (p: Params) => ({
		resource: 'paymentIntent',
		operation: 'create',
		amount: 2000,
		currency: 'usd',
		...p,
	});

	it('start empty when added, never at a huge negative number; an empty one is not sent, and where Stripe would read it as "all of it" it is refused', async () => {
		const captureFields = property('paymentIntent', 'capture', 'additionalFields');
		const added = option(captureFields, 'amountToCapture')!;
		expect(added.default).toBeNull();
		expect(added.typeOptions?.minValue).toBe(0);
		const fee = option(
			property('paymentIntent', 'create', 'additionalFields'),
			'applicationFeeAmount',
		)!;
		expect(fee.default).toBeNull();
		const [intent] = await runNode(
			env.url,
			createIntent({
				additionalFields: {
					paymentMethod: 'pm_card_visa',
					captureMethod: 'manual',
					confirm: true,
					applicationFeeAmount: fee.default,
				},
			}),
		);
		expect(posted()[0].rawBody).not.toContain('application_fee_amount');
		env.standIn.requests.length = 0;
		expect(
			await refused({
				resource: 'paymentIntent',
				operation: 'capture',
				paymentIntentId: intent.json.id,
				additionalFields: { amountToCapture: added.default },
			}),
		).toMatch(
			/^Amount To Capture: is empty, and Stripe would take an amount left out as all of it/,
		);
	});

	it.each([
		['a negative amount', createIntent({ amount: -100 }), 'Amount: must be at least 1, got -100'],
		[
			'a zero amount where Stripe wants a positive one',
			createIntent({ amount: 0 }),
			'Amount: must be at least 1, got 0',
		],
		[
			'a negative fee',
			createIntent({ additionalFields: { applicationFeeAmount: -5 } }),
			'Application Fee Amount: must be at least 0, got -5',
		],
	])('refuses %s, naming the field', async (_, params, message) => {
		expect(await refused(params)).toBe(message);
	});

	it('sends a negative amount where Stripe takes a credit: a customer balance', async () => {
		await runNode(env.url, {
			resource: 'customer',
			operation: 'create',
			additionalFields: { balance: -500 },
		});
		expect(posted()[0].rawBody).toBe('balance=-500');
	});
});

describe('lists of text', () => {
	const update = (preferredLocales: unknown) => ({
		resource: 'customer',
		operation: 'update',
		customerId: env.standIn.seed('customers', { name: 'Ann' }).id,
		updateFields: { preferredLocales },
	});

	it.each([
		['a JSON list in text, as an expression gives it', '["en","fr"]'],
		['a JSON list in the first line of the field', ['["en","fr"]']],
		['a list', ['en', 'fr']],
	])('sends %s as its elements', async (_, given) => {
		const params = update(given);
		env.standIn.requests.length = 0;
		await runNode(env.url, params);
		expect(posted()[0].rawBody).toContain('preferred_locales[0]=en&preferred_locales[1]=fr');
	});

	it('refuses text that starts a JSON list but is not one, naming the field', async () => {
		const params = update('["en",');
		env.standIn.requests.length = 0;
		expect(await refused(params)).toMatch(/^Preferred Locales: must be a JSON list/);
	});
});

describe('text length', () => {
	it("refuses text over Stripe's limit for the parameter, naming the field", async () => {
		expect(
			await refused({
				resource: 'customer',
				operation: 'create',
				additionalFields: { description: 'x'.repeat(5001) },
			}),
		).toBe('Description: must be at most 5000 characters, got 5001');
		expect(
			await refused({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 2000,
				currency: 'usd',
				additionalFields: { statementDescriptor: 'A'.repeat(23) },
			}),
		).toBe('Statement Descriptor: must be at most 22 characters, got 23');
	});

	it('sends text up to the limit, and shows a short limit in the form', async () => {
		await runNode(env.url, {
			resource: 'customer',
			operation: 'create',
			additionalFields: { description: 'x'.repeat(5000) },
		});
		expect(posted()[0].body.description).toHaveLength(5000);
		const fields = property('paymentIntent', 'create', 'additionalFields');
		expect(option(fields, 'statementDescriptor')!.hint).toBe('At most 22 characters');
	});
});

describe('parameters a method does not take', () => {
	it('offers Expand exactly where the method takes it: never on v2 and OAuth operations', () => {
		const bySdk = new Map(methods.map((m) => [`${m.sdk}.${m.method}`, m]));
		let v2 = 0;
		for (const resource of resources)
			for (const op of resource.operations) {
				const m = op.sdk?.length === 1 ? bySdk.get(op.sdk[0]) : undefined;
				if (!m || resource.value === 'account') continue;
				const options = op.fields.find((f) => f.property.name === 'options')!.property;
				const id = `${resource.value}.${op.value}`;
				expect({ id, expand: !!option(options, 'expand') }).toEqual({
					id,
					expand: !!m.takes?.includes('expand'),
				});
				if (/^\/(v2|oauth)\//.test(m.path)) {
					expect({ id, expand: !!option(options, 'expand') }).toEqual({ id, expand: false });
					v2++;
				}
			}
		expect(v2).toBeGreaterThan(80);
	});

	it('sends no limit or cursor to a list Stripe answers in one page', async () => {
		const stripe = await scriptedServer(
			[
				json(200, {
					object: 'list',
					data: [{ id: 'card_payments' }, { id: 'transfers' }],
					has_more: false,
				}),
			],
			{ strict: true },
		);
		try {
			const out = await runNode(stripe.url, {
				resource: 'account',
				operation: 'listCapabilities',
				accountId: 'acct_1',
				returnAll: false,
				limit: 1,
			});
			expect(stripe.requests.map((r) => [r.path, r.refused])).toEqual([
				['/v1/accounts/acct_1/capabilities', undefined],
			]);
			// The Limit still holds, applied to the one page.
			expect(out.map((o) => o.json.id)).toEqual(['card_payments']);
		} finally {
			await stripe.close();
		}
	});
});

describe('fields Stripe takes only empty', () => {
	it('are offered under Fields to Clear only, and sent empty from there', async () => {
		const updateFields = property('invoiceItem', 'update', 'updateFields');
		expect(option(updateFields, 'invoicingRules')).toBeUndefined();
		const clear = option(updateFields, 'clearFields')!;
		expect((clear.options as Array<{ value: string }>).map((o) => o.value)).toContain(
			'invoicing_rules',
		);
		expect(
			option(property('invoiceItem', 'create', 'additionalFields'), 'invoicingRules'),
		).toBeUndefined();
		const customer = env.standIn.seed('customers', { name: 'Ann' }).id;
		const item = env.standIn.seed('invoiceitems', { customer, amount: 500, currency: 'usd' });
		env.standIn.requests.length = 0;
		await runNode(env.url, {
			resource: 'invoiceItem',
			operation: 'update',
			invoiceItemId: item.id,
			updateFields: { clearFields: ['invoicing_rules'] },
		});
		expect(posted()[0].rawBody).toBe('invoicing_rules=');
	});
});

describe('required parameters', () => {
	it('are required by the form where the SDK requires them: metadata of a catalog import', async () => {
		const metadata = property('v2CommerceProductCatalogImport', 'create', 'metadata');
		expect(metadata.required).toBe(true);
		expect(
			await refused({
				resource: 'v2CommerceProductCatalogImport',
				operation: 'create',
				feedType: 'pricing',
				metadata: {},
			}),
		).toBe('Metadata: is required: add at least one entry');
	});
});

describe('choices Stripe may extend', () => {
	const createAccount = {
		resource: 'account',
		operation: 'create',
		additionalFields: { type: 'platinum' },
	};

	it('send a value the list lacks; Stripe refuses it, and the error names the form field', async () => {
		const error = await failure(runNode(env.url, createAccount));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(env.standIn.requests).toHaveLength(1);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			param: 'type',
			field: 'Additional Fields > Type',
			status_code: 400,
		});
		expect((error as NodeApiError).description).toMatch(/^Field: Additional Fields > Type<br>/);
	});

	it('name the field in the error item too', async () => {
		const [item] = await runNode(env.url, createAccount, { continueOnFail: true });
		expect(item.json).toMatchObject({ param: 'type', field: 'Additional Fields > Type' });
	});
});
