import {
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { CREDENTIAL, type StripeCredential } from './client';
import { currencyOptions } from './currencies';
import { listSearch } from './pickers';
import { testCredential } from './methods/credentialTest';
import { nodeProperties } from './resources';
import { execute } from './runner';

export class StripeComplete implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Complete',
		name: 'stripeComplete',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Every Stripe resource, with safe retried writes, Connect and search',
		defaults: { name: 'Stripe Complete' },
		usableAsTool: true,
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: CREDENTIAL, required: true, testedBy: 'stripeCompleteApiTest' }],
		properties: nodeProperties(),
	};

	methods = {
		listSearch,
		loadOptions: {
			async getCurrencies(): Promise<INodePropertyOptions[]> {
				return currencyOptions();
			},
		},
		credentialTest: {
			async stripeCompleteApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return testCredential(credential.data as unknown as StripeCredential);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return execute(this);
	}
}
