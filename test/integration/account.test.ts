import Stripe from 'stripe';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { PLATFORM } from '../../stand-ins/stripe';
import { failure, runNode, useStandIn, type RunOptions } from '../support/harness';

const env = useStandIn();
const run = (params: Record<string, unknown>, options: RunOptions = {}) =>
	runNode(env.url, { resource: 'account', operation: 'get', ...params }, options);

describe('Account', () => {
	it('gets your own account from GET /v1/account when no Account ID is given', async () => {
		const out = await run({});
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/account');
		expect(req.query).toEqual({});
		expect(req.stripeAccount).toBeUndefined();
		expect(req.idempotencyKey).toBeUndefined();
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			id: PLATFORM,
			object: 'account',
			type: 'standard',
			settings: { dashboard: { display_name: 'Stand-in Platform' } },
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('gets a connected account by ID from GET /v1/accounts/{id}', async () => {
		const id = env.standIn.connectedAccount('acct_1ConnectedShop');
		const out = await run({ accountId: ` ${id} ` });
		expect(env.standIn.requests).toHaveLength(1);
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe(`/v1/accounts/${id}`);
		expect(req.query).toEqual({});
		expect(req.stripeAccount).toBeUndefined();
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			id,
			object: 'account',
			type: 'express',
			settings: { dashboard: { display_name: `Connected ${id}` } },
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('gets the connected account itself when acting on its behalf with the Connected Account option', async () => {
		const id = env.standIn.connectedAccount('acct_1OnBehalf');
		const out = await run({ options: { stripeAccount: id } });
		const [req] = env.standIn.requests;
		expect(req.method).toBe('GET');
		expect(req.path).toBe('/v1/account');
		expect(req.stripeAccount).toBe(id);
		expect(out.map((o) => o.json.id)).toEqual([id]);
	});

	it('gets one account per input item, each paired to its item', async () => {
		const id = env.standIn.connectedAccount('acct_1PerItem');
		const ids = ['', id];
		const out = await runNode(
			env.url,
			(i) => ({ resource: 'account', operation: 'get', accountId: ids[i] }),
			{ items: [{}, {}] },
		);
		expect(env.standIn.requests.map((r) => r.path)).toEqual(['/v1/account', `/v1/accounts/${id}`]);
		expect(out.map((o) => [o.json.id, o.pairedItem])).toEqual([
			[PLATFORM, { item: 0 }],
			[id, { item: 1 }],
		]);
	});

	it('rejects an Account ID that is not an account ID before any request', async () => {
		const error = await failure(run({ accountId: 'cus_123' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe(
			'Account ID: must be an account ID (acct_...), got "cus_123", a customer ID',
		);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('turns a missing account into a 404 NodeApiError carrying the Stripe error fields', async () => {
		const error = await failure(run({ accountId: 'acct_1Missing' }));
		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toBe("No such account: 'acct_1Missing'");
		expect(apiError.httpCode).toBe('404');
		expect(apiError.context.stripe).toMatchObject({
			message: "No such account: 'acct_1Missing'",
			type: 'invalid_request_error',
			code: 'resource_missing',
			param: 'account',
			status_code: 404,
		});
		expect((apiError.context.stripe as { request_id: string }).request_id).toMatch(/^req_/);
		expect(env.standIn.requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/v1/accounts/acct_1Missing'],
		]);
	});

	it('gives the missing account as an error item under Continue On Fail, paired to its item', async () => {
		const out = await run({ accountId: 'acct_1Missing' }, { continueOnFail: true });
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			error: "No such account: 'acct_1Missing'",
			type: 'invalid_request_error',
			code: 'resource_missing',
			param: 'account',
			status_code: 404,
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});
});
