/**
 * The node as an AI agent's tool: n8n makes "Stripe Complete Tool" from the node's description (its name
 * ending in Tool, which shows the `@tool` parameters), fills parameter defaults when it loads a workflow,
 * and describes each tool with n8n-workflow's getToolDescriptionForNode. Run here with n8n-workflow's own
 * functions, for both shapes of the descriptions: one hidden property per operation (n8n 1 hands a tool's
 * description to the model as it is) and one expression (n8n 2 resolves it, as getNodeParameter does).
 */
import {
	NodeHelpers,
	Workflow,
	type INode,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
} from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { EFFECT_LABEL, effectOf } from '../../nodes/StripeComplete/operations/effects';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { nodeProperties } from '../../nodes/StripeComplete/form/description';
import { resolvesToolExpressions, toolDescription } from '../../nodes/StripeComplete/form/tool';

const node = new StripeComplete().description;
const operations = resources.flatMap((resource) =>
	resource.operations.map((operation) => ({ resource, operation })),
);

describe.each([
	['one description per operation, for n8n 1', false],
	['one expression, for n8n 2', true],
])('the node as an AI tool, %s', (_, expression) => {
	const base = { ...node, properties: nodeProperties(expression) } as INodeTypeDescription;
	// As n8n's convertNodeToAiTool makes the tool: the same properties under a name ending in Tool; it adds
	// its own description parameters only to a node without a toolDescription.
	const tool = { ...structuredClone(base), name: `${base.name}Tool` } as INodeTypeDescription;
	const nodeType = { description: tool } as INodeType;
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;

	/** What an agent is told of a tool node with these parameters, once n8n has filled in the defaults. */
	function described(parameters: Record<string, unknown>): string {
		const at = {
			id: 'tool',
			name: 'Tool',
			type: `n8n-nodes-stripe-complete.${tool.name}`,
			typeVersion: 2,
			position: [0, 0],
			parameters,
		} as INode;
		at.parameters = NodeHelpers.getNodeParameters(
			tool.properties,
			parameters as never,
			true,
			false,
			at,
			tool,
		)!;
		const workflow = new Workflow({ nodes: [at], connections: {}, active: false, nodeTypes });
		// n8n 2's resolver: the node's toolDescription parameter, evaluated for the item.
		const resolve = () =>
			String(
				workflow.expression.getParameterValue(
					at.parameters.toolDescription as string,
					null,
					0,
					0,
					at.name,
					[],
					'manual',
					{},
				),
			);
		const describe = NodeHelpers.getToolDescriptionForNode as (
			n: INode,
			t: INodeType,
			r?: () => string,
		) => string;
		const text = describe(at, nodeType, resolve);
		// n8n 1's getToolDescriptionForNode (the one here) takes no resolver.
		return expression && text.startsWith('=') ? resolve() : text;
	}

	it('has description parameters of its own, so n8n adds none, shown in the tool only', () => {
		const own = base.properties.filter((p) =>
			['descriptionType', 'toolDescription'].includes(p.name),
		);
		// One per operation or one in all, the one Set Manually shows, and how it is set.
		expect(own).toHaveLength((expression ? 1 : operations.length) + 2);
		for (const p of own) expect(Object.keys(p.displayOptions!.show!)[0]).toBe('@tool');
		const at = { name: 'n', type: 'x', typeVersion: 1, parameters: {} } as unknown as INode;
		const values = { resource: 'refund', operation: 'create', descriptionType: 'generated' };
		expect(own.filter((p) => NodeHelpers.displayParameter(values, p, at, base))).toEqual([]);
		expect(own.filter((p) => NodeHelpers.displayParameter(values, p, at, tool))).toHaveLength(2);
	});

	it('is the shape the n8n here resolves, and describes every operation as the other shape does', () => {
		expect(resolvesToolExpressions()).toBe(NodeHelpers.getToolDescriptionForNode.length >= 3);
		expect(node.properties.filter((p) => p.name === 'toolDescription')).toHaveLength(
			resolvesToolExpressions() ? 2 : operations.length + 1,
		);
		for (const { resource, operation } of operations)
			expect(described({ resource: resource.value, operation: operation.value })).toBe(
				toolDescription(resource, operation),
			);
	});

	it.each([
		['refund', 'create', 'moves money'],
		['customer', 'search', 'reads'],
		['charge', 'getAll', 'reads'],
		['customer', 'create', 'writes'],
		['subscription', 'cancel', 'destructive'],
	])(
		'%s > %s: the description n8n gives the agent says what it does and risks (%s)',
		(r, o, effect) => {
			const text = described({ resource: r, operation: o });
			const { resource, operation } = operations.find(
				(x) => x.resource.value === r && x.operation.value === o,
			)!;
			expect(text).toBe(toolDescription(resource, operation));
			expect(
				text.startsWith(`${operation.action} (Stripe ${resource.name} > ${operation.name}).`),
			).toBe(true);
			expect(text).toContain(EFFECT_LABEL[effect as keyof typeof EFFECT_LABEL]);
			expect(text.includes('Idempotency Key')).toBe(effect !== 'reads');
		},
	);

	it('states the inputs a refund and a payment need and their formats', () => {
		const refund = described({ resource: 'refund', operation: 'create' });
		expect(refund).toContain('Needs: Payment (an ID like pi_... or ch_...).');
		expect(refund).toContain('or a decimal with its currency, e.g. 10.50 USD');
		const payment = described({ resource: 'paymentIntent', operation: 'create' });
		expect(payment).toContain(
			'Needs: Amount (an amount); Currency (a three-letter ISO code, e.g. usd).',
		);
	});

	it('every operation: its effect in the description n8n gives, writes promise no repeat under one key', () => {
		for (const { resource, operation } of operations) {
			const text = described({ resource: resource.value, operation: operation.value });
			const effect = effectOf(operation);
			expect({
				op: `${resource.value}.${operation.value}`,
				effect: text.includes(EFFECT_LABEL[effect]),
			}).toEqual({
				op: `${resource.value}.${operation.value}`,
				effect: true,
			});
			expect(text.includes('does not repeat the write')).toBe(effect !== 'reads');
			expect(text.length).toBeLessThan(700);
		}
	});

	it("Set Manually keeps the user's description", () => {
		expect(
			described({
				resource: 'refund',
				operation: 'create',
				descriptionType: 'manual',
				toolDescription: 'Refund a Shopify order',
			}),
		).toBe('Refund a Shopify order');
	});
});
