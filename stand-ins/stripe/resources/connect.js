'use strict';
/** Connect: accounts and their onboarding links, persons, bank accounts and capabilities. */
const { StripeFault, invalid, missing, missingParam } = require('../errors');
const { PLATFORM, accountOf, apiKeyOf, get, insert, randomId, strip } = require('../store');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

/** An account's list of bank accounts, before any is added. @param {string} id */
const noExternalAccounts = (id) => ({
	object: 'list',
	data: [],
	has_more: false,
	total_count: 0,
	url: `/v1/accounts/${id}/external_accounts`,
});

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	accounts: (ctx, account, p) => {
		const { capabilities = {}, ...rest } = p;
		const created = insert(ctx, 'accounts', account, {
			type: null,
			country: 'US',
			default_currency: 'usd',
			email: null,
			business_type: null,
			charges_enabled: false,
			payouts_enabled: false,
			details_submitted: false,
			...rest,
			// A requested capability waits for the account's details before it turns active.
			capabilities: Object.fromEntries(
				Object.entries(capabilities)
					.filter(([, c]) => c.requested)
					.map(([name]) => [name, 'inactive']),
			),
		});
		created.external_accounts = noExternalAccounts(created.id);
		return created;
	},
	account_links: (ctx, account, p) => {
		get(ctx, 'accounts', p.account, account, 'account');
		const created = ctx.now();
		// An account link has no ID: its single-use URL is the object.
		return {
			object: 'account_link',
			created,
			expires_at: created + 300,
			url: `https://connect.stripe.com/setup/e/${p.account}/${randomId('link').slice(5)}`,
		};
	},
};

/**
 * POST /v1/accounts/{id}/{action}, and /capabilities/{name}.
 * @type {Record<string, Record<string, import('../context').Action>>}
 */
const actions = {
	accounts: {
		persons: (ctx, acct, p, account) => {
			const { relationship, ...rest } = p;
			return insert(ctx, 'accounts/persons', account, {
				account: acct.id,
				first_name: null,
				last_name: null,
				email: null,
				...rest,
				relationship: {
					director: false,
					executive: false,
					owner: false,
					representative: false,
					percent_ownership: null,
					title: null,
					...relationship,
				},
			});
		},
		external_accounts: (ctx, acct, p, account) => {
			const given = p.external_account;
			if (!given) throw missingParam('external_account');
			if (typeof given === 'string' && !given.startsWith('btok_'))
				throw invalid(`No such token: '${given}'`, 'external_account', 'resource_missing');
			// A test bank token stands for Stripe's US test bank account.
			const bank =
				typeof given === 'string'
					? {
							country: 'US',
							currency: 'usd',
							routing_number: '110000000',
							account_number: '000123456789',
						}
					: given;
			const first = !acct.external_accounts?.data.some(
				(/** @type {StripeObject} */ ea) => ea.currency === bank.currency,
			);
			const created = insert(ctx, 'accounts/external_accounts', account, {
				account: acct.id,
				account_holder_name: bank.account_holder_name ?? null,
				bank_name: 'STRIPE TEST BANK',
				country: bank.country,
				currency: bank.currency,
				routing_number: bank.routing_number,
				last4: String(bank.account_number).slice(-4),
				status: 'new',
				default_for_currency: p.default_for_currency ?? first,
				metadata: p.metadata ?? {},
			});
			acct.external_accounts ??= noExternalAccounts(acct.id);
			acct.external_accounts.data.push(strip(created));
			acct.external_accounts.total_count += 1;
			return created;
		},
		'capabilities/*': (ctx, acct, p, _account, name = '') => {
			acct.capabilities ??= {};
			if (p.requested === true) acct.capabilities[name] = 'inactive';
			else if (p.requested === false) delete acct.capabilities[name];
			const status = acct.capabilities[name] ?? 'unrequested';
			return {
				id: name,
				object: 'capability',
				account: acct.id,
				requested: status !== 'unrequested',
				requested_at: status !== 'unrequested' ? ctx.now() : null,
				status,
			};
		},
	},
};

/**
 * GET /v1/account (the caller's account) and GET /v1/accounts/{id}.
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {string} [id]
 */
function retrieveAccount(ctx, req, id) {
	const key = apiKeyOf(req);
	if (key.startsWith('rk_') && key.includes('noaccount'))
		throw new StripeFault(403, {
			type: 'invalid_request_error',
			code: 'secret_key_required',
			message: 'The provided key does not have the required permissions for this endpoint.',
		});
	const acct = id ?? accountOf(req);
	const known = id ? ctx.store.get(id) : undefined;
	if (id && !known && id !== PLATFORM) throw missing('account', id, 'account');
	// Made with POST /v1/accounts: as created; named with connectedAccount(): a generic connected account.
	if (known?.created) return strip(known);
	return {
		id: acct,
		object: 'account',
		country: 'US',
		default_currency: 'usd',
		charges_enabled: true,
		payouts_enabled: true,
		type: acct === PLATFORM ? 'standard' : 'express',
		settings: {
			dashboard: { display_name: acct === PLATFORM ? 'Stand-in Platform' : `Connected ${acct}` },
		},
	};
}

/**
 * Adds a connected account that Stripe-Account headers may name.
 * @param {Context} ctx
 * @param {string} id
 */
function connectedAccount(ctx, id) {
	ctx.store.set(id, { id, object: 'account', _account: PLATFORM, _seq: ++ctx.seq });
	return id;
}

module.exports = { creators, actions, retrieveAccount, connectedAccount };
