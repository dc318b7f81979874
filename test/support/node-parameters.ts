import type { INode, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

// A Stripe Complete node's parameters as n8n reads them: n8n-workflow's getNodeParameters, as the editor
// fills a form and as n8n reads a saved workflow before it runs.

/** A Stripe Complete node of `typeVersion` with these parameters. */
export const nodeOf = (typeVersion: number, parameters: INodeParameters): INode => ({
	id: 'n',
	name: 'Stripe Complete',
	type: 'n8n-nodes-stripe-complete.stripeComplete',
	typeVersion,
	position: [0, 0],
	parameters,
});

/** The parameters n8n keeps for `parameters` under `description`, defaults filled when `returnDefaults`. */
export const readParameters = (
	description: INodeTypeDescription,
	typeVersion: number,
	parameters: INodeParameters,
	returnDefaults = true,
) =>
	NodeHelpers.getNodeParameters(
		description.properties,
		parameters,
		returnDefaults,
		false,
		nodeOf(typeVersion, parameters),
		description,
	)!;
