/**
 * The node as an AI agent's tool: n8n makes "Stripe Complete Tool" from the node's description (its name
 * ending in Tool, which shows the `@tool` parameters), fills parameter defaults when it loads a workflow,
 * and describes each tool with n8n-workflow's getToolDescriptionForNode. Run here with n8n-workflow's own
 * functions.
 */
import { NodeHelpers, type INode, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { EFFECT_LABEL, effectOf } from '../../nodes/StripeComplete/operations/effects';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { toolDescription } from '../../nodes/StripeComplete/form/tool';

const node = new StripeComplete().description;
const operations = resources.flatMap((resource) =>
	resource.operations.map((operation) => ({ resource, operation })),
);

describe('the node as an AI tool', () => {
	const base = node as INodeTypeDescription;
	// As n8n's convertNodeToAiTool makes the tool: the same properties under a name ending in Tool; it adds
	// its own description parameters only to a node without a toolDescription.
	const tool = { ...structuredClone(base), name: `${base.name}Tool` } as INodeTypeDescription;
	const nodeType = { description: tool } as INodeType;

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
		return NodeHelpers.getToolDescriptionForNode(at, nodeType);
	}

	it('has description parameters of its own, so n8n adds none, shown in the tool only', () => {
		const own = base.properties.filter((p) =>
			['descriptionType', 'toolDescription'].includes(p.name),
		);
		// One per operation, the one Set Manually shows, and how it is set.
		expect(own).toHaveLength(operations.length + 2);
		for (const p of own) expect(Object.keys(p.displayOptions!.show!)[0]).toBe('@tool');
		const at = { name: 'n', type: 'x', typeVersion: 1, parameters: {} } as unknown as INode;
		const values = { resource: 'refund', operation: 'create', descriptionType: 'generated' };
		expect(own.filter((p) => NodeHelpers.displayParameter(values, p, at, base))).toEqual([]);
		expect(own.filter((p) => NodeHelpers.displayParameter(values, p, at, tool))).toHaveLength(2);
	});

	it('describes every operation in plain text: no default of the form is an expression', () => {
		// n8n's editor resolves every expression among a node's parameters for each property it checks on
		// a change; a default expression would sit in every node's parameters.
		expect(
			base.properties.filter((p) => typeof p.default === 'string' && p.default.startsWith('=')),
		).toEqual([]);
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
