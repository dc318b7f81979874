/**
 * The node as an AI agent's tool: n8n makes "Stripe Complete Tool" from the description with
 * `usableAsTool.replacements`, fills parameter defaults when it loads a workflow, and describes each tool
 * with n8n-workflow's getToolDescriptionForNode. Run here with n8n-workflow's own functions.
 */
import { NodeHelpers, type INode, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { EFFECT_LABEL, effectOf } from '../../nodes/StripeComplete/operations/effects';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { toolDescription } from '../../nodes/StripeComplete/tool';

const base = new StripeComplete().description;
// As n8n's createAiTools builds the tool's description.
const tool = {
	...structuredClone(base),
	...(base.usableAsTool as { replacements: Partial<INodeTypeDescription> }).replacements,
	name: `${base.name}Tool`,
} as INodeTypeDescription;
const nodeType = { description: tool } as INodeType;

/** What an agent is told of a tool node with these parameters, once n8n has filled in the defaults. */
function described(parameters: Record<string, unknown>): string {
	const node = {
		id: 'tool',
		name: 'Tool',
		type: `n8n-nodes-stripe-complete.${tool.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	} as INode;
	node.parameters = NodeHelpers.getNodeParameters(
		tool.properties,
		parameters as never,
		true,
		false,
		node,
		tool,
	)!;
	return NodeHelpers.getToolDescriptionForNode(node, nodeType);
}

const operations = resources.flatMap((resource) =>
	resource.operations.map((operation) => ({ resource, operation })),
);

describe('the node as an AI tool', () => {
	it("keeps the node's form and adds its own description parameters, so n8n adds none", () => {
		const names = tool.properties.map((p) => p.name);
		expect(tool.properties.slice(-base.properties.length)).toEqual(base.properties);
		expect(names.filter((n) => n === 'descriptionType')).toHaveLength(1);
		// One per operation, and the one Set Manually shows.
		expect(names.filter((n) => n === 'toolDescription')).toHaveLength(operations.length + 1);
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
