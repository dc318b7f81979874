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
			description:
				'A secret key (sk_test_..., sk_live_...) or restricted key (rk_test_..., rk_live_...) from the Stripe Dashboard, Developers > API keys',
		},
		{
			// n8n's credential test shows only that it passed; these say which mode the key works in, as it is typed.
			displayName:
				'Live mode: workflows using this key move real money. Build and test them with a test key (sk_test_...) first.',
			name: 'liveModeNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				show: {
					secretKey: [{ _cnd: { startsWith: 'sk_live_' } }, { _cnd: { startsWith: 'rk_live_' } }],
				},
			},
		},
		{
			displayName: 'Test mode: nothing is charged or paid out; objects live in your test data only',
			name: 'testModeNotice',
			type: 'notice',
			default: '',
			displayOptions: {
				show: {
					secretKey: [{ _cnd: { startsWith: 'sk_test_' } }, { _cnd: { startsWith: 'rk_test_' } }],
				},
			},
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
