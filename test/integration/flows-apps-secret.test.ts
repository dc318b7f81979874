/**
 * The flows of Stripe Apps' secrets, step by step through execute() as nodes of one execution:
 * set, replaced, found in their scope and deleted.
 */
import { NodeApiError } from 'n8n-workflow';
import { failure } from '../support/harness';
import { useFlows } from '../support/flows';

const { workflow, sent, only } = useFlows();

describe('Apps > Secret: set and find', () => {
	it('sets an account-scoped secret, replaces it, and finds the latest payload when expanded', async () => {
		const flow = workflow();
		const first = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'create',
				name: 'shopify_token',
				payload: 'shpat_first',
				scope: { type: 'account' },
			}),
		);
		flow.wrote('/v1/apps/secrets', 'name=shopify_token&payload=shpat_first&scope[type]=account');
		// The payload is answered only when expanded.
		expect(first).toMatchObject({
			object: 'apps.secret',
			name: 'shopify_token',
			scope: { type: 'account' },
			payload: null,
			deleted: false,
		});
		expect(first.id).toMatch(/^appsecret_/);

		const replaced = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'create',
				name: 'shopify_token',
				payload: 'shpat_second',
				scope: { type: 'account' },
			}),
		);
		flow.wrote('/v1/apps/secrets', 'name=shopify_token&payload=shpat_second&scope[type]=account');

		const found = only(
			await flow.then(replaced, (json) => ({
				resource: 'appsSecret',
				operation: 'find',
				name: json.name,
				scope: { type: 'account' },
				options: { expand: 'payload' },
			})),
		);
		const req = sent();
		expect([req.method, req.path, req.query, req.idempotencyKey]).toEqual([
			'GET',
			'/v1/apps/secrets/find',
			{ name: 'shopify_token', scope: { type: 'account' }, expand: ['payload'] },
			undefined,
		]);
		expect(found).toMatchObject({
			id: replaced.id,
			name: 'shopify_token',
			payload: 'shpat_second',
		});
	});

	it("keeps a user's secret apart from the account's: found with its user scope, missing with the account scope, then deleted", async () => {
		const flow = workflow();
		const user = 'usr_1Flow';
		const set = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'create',
				name: 'crm_token',
				payload: 'crm_user_token',
				scope: { type: 'user', user },
			}),
		);
		flow.wrote(
			'/v1/apps/secrets',
			`name=crm_token&payload=crm_user_token&scope[type]=user&scope[user]=${user}`,
		);
		expect(set.scope).toEqual({ type: 'user', user });

		const found = only(
			await flow.start({
				resource: 'appsSecret',
				operation: 'find',
				name: 'crm_token',
				scope: { type: 'user', user },
			}),
		);
		expect(sent().query).toEqual({ name: 'crm_token', scope: { type: 'user', user } });
		expect(found).toMatchObject({ id: set.id, scope: { type: 'user', user }, payload: null });

		const error = await failure(
			flow.start({
				resource: 'appsSecret',
				operation: 'find',
				name: 'crm_token',
				scope: { type: 'account' },
			}),
		);
		expect(sent().query).toEqual({ name: 'crm_token', scope: { type: 'account' } });
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'resource_missing',
			status_code: 404,
		});

		const deleted = only(
			await flow.then(found, (json) => ({
				resource: 'appsSecret',
				operation: 'deleteWhere',
				name: json.name,
				scope: json.scope,
			})),
		);
		flow.wrote('/v1/apps/secrets/delete', `name=crm_token&scope[type]=user&scope[user]=${user}`);
		expect(deleted).toMatchObject({ id: set.id, deleted: true });
		const gone = await failure(
			flow.start({
				resource: 'appsSecret',
				operation: 'find',
				name: 'crm_token',
				scope: { type: 'user', user },
			}),
		);
		expect(sent().path).toBe('/v1/apps/secrets/find');
		expect((gone as NodeApiError).context.stripe).toMatchObject({
			code: 'resource_missing',
			status_code: 404,
		});
	});
});
