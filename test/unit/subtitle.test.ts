/**
 * The subtitle n8n's editor shows under each Stripe Complete node on the canvas: the action of its
 * operation, evaluated as the editor does (useNodeHelpers getNodeSubtitle: the node type's `subtitle`,
 * through n8n-workflow's getSimpleParameterValue on the node).
 */
import { NodeHelpers, Workflow, type INodeParameters, type INodeTypes } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { resources } from '../../nodes/StripeComplete/resources/registry';

const node = new StripeComplete();
const { description } = node;
const nodeTypes = {
	getByName: () => node,
	getByNameAndVersion: () => node,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

/** The subtitle of each node, given its version and parameters, all on one canvas. */
function subtitles(nodes: Array<{ typeVersion: number; parameters: INodeParameters }>) {
	const workflow = new Workflow({
		nodes: nodes.map(({ typeVersion, parameters }, i) => ({
			id: String(i),
			name: `Stripe Complete ${i}`,
			type: 'n8n-nodes-stripe-complete.stripeComplete',
			typeVersion,
			position: [i * 200, 0],
			parameters,
		})),
		connections: {},
		active: false,
		nodeTypes,
	});
	return nodes.map((_, i) =>
		workflow.expression.getSimpleParameterValue(
			workflow.getNode(`Stripe Complete ${i}`)!,
			description.subtitle!,
			'internal',
			{},
		),
	);
}

describe('the canvas subtitle', () => {
	it("names every operation's action", () => {
		// The expression reads resource and operation only, the same values on both versions.
		const operations = resources.flatMap((r) =>
			r.operations.map((o) => ({
				parameters: { resource: r.value, operation: o.value },
				action: o.action,
			})),
		);
		expect(subtitles(operations.map(({ parameters }) => ({ typeVersion: 2, parameters })))).toEqual(
			operations.map((o) => o.action),
		);
	});

	it('names the action of a node as the editor holds it, its defaults filled in', () => {
		const filled = (typeVersion: number, parameters: INodeParameters) => ({
			typeVersion,
			parameters: NodeHelpers.getNodeParameters(
				description.properties,
				parameters,
				true,
				false,
				{ typeVersion },
				description,
			)!,
		});
		const first = (resource: string) =>
			resources.find((r) => r.value === resource)!.operations[0].action;
		expect(
			subtitles([
				filled(2, { resource: 'price', operation: 'createRecurring' }),
				filled(2, { resource: 'paymentLink', operation: 'create' }),
				filled(2, { resource: 'refund' }),
				filled(2, {}),
				filled(1, { resource: 'price', operation: 'createRecurring' }),
				filled(1, { resource: 'issuingCard', operation: 'create' }),
			]),
		).toEqual([
			'Create a recurring price',
			'Create a payment link',
			first('refund'),
			first('customer'),
			'Create a recurring price',
			'Create an issuing card',
		]);
	});

	it('falls back to the raw values for an operation it does not know', () => {
		expect(
			subtitles([{ typeVersion: 2, parameters: { resource: 'price', operation: 'renamedLater' } }]),
		).toEqual(['renamedLater: price']);
	});
});
