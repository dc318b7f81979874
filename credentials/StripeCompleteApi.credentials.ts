import type { IAuthenticateGeneric, ICredentialType, INodeProperties } from 'n8n-workflow';

export class StripeCompleteApi implements ICredentialType {
	name = 'stripeCompleteApi';

	displayName = 'Stripe Complete API';

	icon = 'file:stripe.svg' as const;

	documentationUrl = 'https://docs.stripe.com/keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk_test_...',
			description: 'A secret key (sk_test_..., sk_live_...) or restricted key (rk_test_..., rk_live_...) from the Stripe Dashboard, Developers > API keys',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stripe.com',
			description: 'Change only to reach a local Stripe stand-in, stripe-mock or a proxy',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.secretKey}}' } },
	};
}
