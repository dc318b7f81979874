import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { nodeProperties } from './form/description';
import { subtitle } from './form/subtitle';
import { credentialTest, listSearch, loadOptions } from './methods';
import { execute } from './runner';

export class StripeComplete implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Complete',
		name: 'stripeComplete',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['transform'],
		// n8n appends its "Custom API Call" (a pointer to the HTTP Request node) to every Resource and
		// Operation list when the credential has `authenticate`, unless the node's defaultVersion is set and
		// !== its version (LoadNodesAndCredentials.injectCustomApiCallOptions). A list of versions with a
		// default leaves one way to call any endpoint, the API Request resource, and keeps the credential in
		// HTTP Request's list. Version 2 asks for a Resource Group before the Resource (form/groups.ts).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitle(),
		description: 'Every Stripe resource, with safe retried writes, Connect and search',
		defaults: { name: 'Stripe Complete' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal names, so n8n's lint sees the credential is tested by this node.
		credentials: [{ name: 'stripeCompleteApi', required: true, testedBy: 'stripeCompleteApiTest' }],
		properties: nodeProperties(),
	};

	methods = { listSearch, loadOptions, credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return execute(this);
	}
}
