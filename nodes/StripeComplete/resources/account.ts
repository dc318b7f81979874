import type Stripe from 'stripe';
import type { Field } from '../fields';
import { locatorProperty, locatorValue } from '../fields/pickers';
import { read } from '../operations/operation';
import type { ResourceOverlay } from './types';

const accountId: Field<never> = {
	property: locatorProperty('account', {
		displayName: 'Account ID',
		name: 'accountId',
		description: 'A connected account to get; leave empty for your own account',
	})!,
	apply(value, request) {
		// Caught here rather than as Stripe's 404 after a request, like the Connected Account option.
		const id = locatorValue(value, 'account', 'Account ID');
		if (id) request.path.account = id;
	},
};

export const account: ResourceOverlay = {
	resource: 'account',
	// One Get for your own account and for a connected one, as people think of it.
	replaces: ['get', 'retrieveCurrent'],
	operations: [
		read<Stripe.AccountRetrieveParams>({
			value: 'get',
			sdk: ['accounts.retrieve', 'accounts.retrieveCurrent'],
			action: 'Get an account',
			description: 'Get your own account, or a connected account by ID',
			fields: [accountId],
			call: (stripe, params, options, path) =>
				path.account
					? stripe.accounts.retrieve(path.account, params, options)
					: stripe.accounts.retrieveCurrent(params, options),
		}),
	],
};
