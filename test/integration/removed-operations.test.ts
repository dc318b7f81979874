/**
 * A workflow saved with an older version of the package may name a resource or an operation that an SDK
 * upgrade has since removed. Its parameters are read as n8n reads a saved workflow before it runs
 * (n8n-workflow's getNodeParameters, which drops the parameters shown only below an unknown value); the
 * run fails before any request, naming what is gone. An AI agent's tool runs the same execute(): n8n's
 * tool wrapper calls it with the tool node's parameters and hands the error's message to the agent.
 */
import { NodeOperationError, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { SDK_VERSION } from '../../nodes/StripeComplete/operations/table';
import { failure, runNode, useStandIn } from '../support/harness';
import { readParameters } from '../support/node-parameters';

const env = useStandIn();
const node = new StripeComplete().description;
// As n8n's convertNodeToAiTool makes "Stripe Complete Tool": the same properties under a name ending in Tool.
const tool = { ...structuredClone(node), name: `${node.name}Tool` } as INodeTypeDescription;

const VERSION = `this version of Stripe Complete (stripe ${SDK_VERSION})`;

/** Runs the node with the parameters n8n keeps of a saved node of `typeVersion`. */
const runSaved = (
	typeVersion: number,
	saved: INodeParameters,
	options: Parameters<typeof runNode>[2] = {},
	description = node,
) => runNode(env.url, readParameters(description, typeVersion, saved), options);

describe('a saved workflow naming what this version no longer has', () => {
	it.each([
		[1, { resource: 'price', operation: 'createTiered' }],
		[2, { resourceGroup: 'common', resource: 'price', operation: 'createTiered' }],
	])(
		'version %s: an operation removed names it and its resource, and sends nothing',
		async (typeVersion, saved) => {
			const error = await failure(runSaved(typeVersion, saved));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(
				`The operation "createTiered" of Price (price.createTiered) no longer exists in ${VERSION}. Open the node and choose another operation.`,
			);
			expect(env.standIn.requests).toEqual([]);
		},
	);

	it.each([
		[1, { resource: 'order', operation: 'create', amount: 1000 }],
		[2, { resourceGroup: 'common', resource: 'order', operation: 'create' }],
	])(
		'version %s: a resource removed, whose operation n8n no longer keeps, is named',
		async (typeVersion, saved) => {
			expect(readParameters(node, typeVersion, saved).operation).toBeUndefined();
			const error = await failure(runSaved(typeVersion, saved));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(
				`The resource "order" no longer exists in ${VERSION}. Open the node and choose another resource.`,
			);
			expect(env.standIn.requests).toEqual([]);
		},
	);

	it('version 2: a Resource Group removed, whose Resource n8n no longer keeps, is named', async () => {
		const saved = { resourceGroup: 'orders', resource: 'order', operation: 'create' };
		expect(readParameters(node, 2, saved).resource).toBeUndefined();
		const error = await failure(runSaved(2, saved));
		expect(error.message).toBe(
			`The resource group "orders" no longer exists in ${VERSION}. Open the node and choose another resource.`,
		);
		expect(env.standIn.requests).toEqual([]);
	});

	it('with Continue On Fail makes each item an error item naming the operation', async () => {
		const out = await runSaved(
			2,
			{ resourceGroup: 'common', resource: 'customer', operation: 'merge' },
			{ items: [{}, {}], continueOnFail: true },
		);
		const message = `The operation "merge" of Customer (customer.merge) no longer exists in ${VERSION}. Open the node and choose another operation.`;
		expect(out.map((item) => [item.json, item.pairedItem])).toEqual([
			[{ error: message }, { item: 0 }],
			[{ error: message }, { item: 1 }],
		]);
		expect(env.standIn.requests).toEqual([]);
	});

	it("as an AI agent's tool: the same error, from the tool node's parameters", async () => {
		const saved = {
			resourceGroup: 'common',
			resource: 'price',
			operation: 'createTiered',
			descriptionType: 'generated',
		};
		const error = await failure(runSaved(2, saved, {}, tool));
		expect(error.message).toBe(
			`The operation "createTiered" of Price (price.createTiered) no longer exists in ${VERSION}. Open the node and choose another operation.`,
		);
	});

	it('an operation this version has still runs from the same saved form', async () => {
		const out = await runSaved(2, {
			resourceGroup: 'common',
			resource: 'customer',
			operation: 'create',
		});
		expect(out).toHaveLength(1);
		expect(out[0].json.object).toBe('customer');
		expect(env.standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v1/customers',
		]);
	});
});
