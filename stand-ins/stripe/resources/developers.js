'use strict';
/** What the Dashboard's developer settings hold: webhook endpoints, Apple Pay domains, Apps secrets. */
const { invalid, missing, missingParam } = require('../errors');
const { ACCOUNT_API_VERSION, insert, randomId, strip, visible } = require('../store');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

/** @param {Params | undefined} scope */
const secretScope = (scope) => {
	if (!scope?.type) throw missingParam('scope');
	if (scope.type === 'user' && !scope.user) throw missingParam('scope[user]');
	return scope.type === 'user' ? { type: 'user', user: scope.user } : { type: scope.type };
};

/**
 * @param {Context} ctx
 * @param {string} account
 * @param {string} name
 * @param {{ type: string, user?: string }} scope
 */
const findSecret = (ctx, account, name, scope) =>
	[...ctx.store.values()].find(
		(o) =>
			o.object === 'apps.secret' &&
			visible(o, account) &&
			o.name === name &&
			o.scope.type === scope.type &&
			o.scope.user === scope.user,
	);

/**
 * A secret as answered: its payload only in an answer that expands it.
 * @param {StripeObject} secret
 * @param {unknown} [expand]
 */
const revealed = (secret, expand) => ({
	...strip(secret),
	payload: Array.isArray(expand) && expand.includes('payload') ? secret._payload : null,
});

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	webhook_endpoints: (ctx, account, p) => {
		if (!p.url) throw missingParam('url');
		if (!Array.isArray(p.enabled_events) || !p.enabled_events.length)
			throw missingParam('enabled_events');
		const { connect, ...rest } = p;
		const endpoint = insert(ctx, 'webhook_endpoints', account, {
			api_version: ACCOUNT_API_VERSION,
			application: null,
			description: null,
			status: 'enabled',
			...rest,
			_connect: connect === true,
			_secret: randomId('whsec'),
		});
		// The signing secret is in the create response only, never in a later retrieve or list.
		return { ...strip(endpoint), secret: endpoint._secret };
	},
	'apple_pay/domains': (ctx, account, p) => {
		if (!p.domain_name) throw missingParam('domain_name');
		const domain = insert(ctx, 'apple_pay/domains', account, { domain_name: p.domain_name });
		delete domain.metadata;
		return domain;
	},
	// Setting a secret again under the same name and scope replaces it.
	'apps/secrets': (ctx, account, p) => {
		if (!p.name) throw missingParam('name');
		const scope = secretScope(p.scope);
		const prior = findSecret(ctx, account, p.name, scope);
		if (prior) ctx.store.delete(prior.id);
		const secret = insert(ctx, 'apps/secrets', account, {
			name: p.name,
			scope,
			expires_at: p.expires_at ?? null,
			deleted: false,
			_payload: p.payload,
		});
		delete secret.metadata;
		return revealed(secret, p.expand);
	},
};

/** What an update of a webhook endpoint takes: Stripe fixes its API version and Connect setting at creation. */
const updates = {
	/** @param {Context} _ctx @param {StripeObject} endpoint @param {Params} params */
	webhook_endpoint: (_ctx, endpoint, params) => {
		for (const k of ['api_version', 'connect'])
			if (k in params) throw invalid(`Received unknown parameter: ${k}`, k);
		if ('disabled' in params) endpoint.status = params.disabled ? 'disabled' : 'enabled';
		return Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'disabled'));
	},
};

/**
 * GET /v1/apps/secrets/find and POST /v1/apps/secrets/delete: secrets are found and deleted by name
 * and scope, not by ID.
 * @param {Context} ctx
 * @param {string} account
 * @param {'find' | 'delete'} verb
 * @param {Params} params
 */
function secretByName(ctx, account, verb, params) {
	const secret = findSecret(ctx, account, params.name, secretScope(params.scope));
	if (!secret) throw missing('apps.secret', params.name, 'name');
	if (verb === 'find') return revealed(secret, params.expand);
	ctx.store.delete(secret.id);
	return { ...revealed(secret), deleted: true };
}

module.exports = { creators, updates, secretByName };
