import Stripe from 'stripe';
import {
	NodeHelpers,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
} from 'n8n-workflow';
import { StripeCompleteApi } from '../../credentials/StripeCompleteApi.credentials';
import {
	createClient,
	CREDENTIAL,
	keyMode,
	type StripeCredential,
} from '../../nodes/shared/client';
import { testCredential } from '../../nodes/StripeComplete/methods/credentialTest';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { TEST_KEY, useStandIn } from '../support/harness';

const env = useStandIn();
const check = (secretKey: string, baseUrl = env.url) => testCredential({ secretKey, baseUrl });

describe('Credential test', () => {
	it('is the one the node names as testedBy for its credential', async () => {
		const node = new StripeComplete();
		const [credential] = node.description.credentials!;
		expect(credential.name).toBe(CREDENTIAL);
		expect(credential.name).toBe(new StripeCompleteApi().name);
		expect(new StripeCompleteApi().properties.map((p) => p.name)).toEqual([
			'secretKey',
			'liveModeNotice',
			'testModeNotice',
			'baseUrl',
		]);
		// n8n runs a credential's own `test` in place of every node's testedBy: one here would replace this test.
		expect(new StripeCompleteApi()).not.toHaveProperty('test');
		const test =
			node.methods.credentialTest[credential.testedBy as keyof typeof node.methods.credentialTest];
		expect(typeof test).toBe('function');

		const decrypted: ICredentialsDecrypted = {
			id: '1',
			name: 'Stripe',
			type: CREDENTIAL,
			data: { secretKey: TEST_KEY, baseUrl: env.url },
		};
		const result = await test.call({} as ICredentialTestFunctions, decrypted);

		expect(result).toEqual({
			status: 'OK',
			message: 'Connected to Stand-in Platform in test mode',
		});
		expect(env.standIn.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
			['GET', '/v1/account', `Bearer ${TEST_KEY}`],
		]);
	});

	it('passes a test-mode secret key, saying test mode', async () => {
		const result = await check(TEST_KEY);

		expect(result.status).toBe('OK');
		expect(result.message).toContain('test mode');
		expect(result.message).not.toContain('restricted');
		expect(env.standIn.requests).toHaveLength(1);
		expect(env.standIn.requests[0]).toMatchObject({
			method: 'GET',
			path: '/v1/account',
			stripeVersion: Stripe.API_VERSION,
		});
	});

	it('fails a key Stripe rejects with "invalid API key"', async () => {
		const key = 'sk_test_invalid_999';

		const result = await check(key);

		expect(result.status).toBe('Error');
		expect(result.message).toContain('invalid API key');
		expect(result.message).not.toContain(key);
		expect(env.standIn.requests.map((r) => r.authorization)).toEqual([`Bearer ${key}`]);
	});

	it('passes a restricted key that may not read the account (403), saying so', async () => {
		const key = 'rk_test_noaccount_1';

		const result = await check(key);

		expect(result.status).toBe('OK');
		expect(result.message).toContain('restricted');
		expect(result.message).toContain('test mode');
		expect(result.message).not.toContain(key);
		expect(env.standIn.requests.map((r) => [r.path, r.authorization])).toEqual([
			['/v1/account', `Bearer ${key}`],
		]);
	});

	it('passes a restricted key that may read the account, noting it is restricted', async () => {
		const result = await check('rk_test_reader_1');

		expect(result).toEqual({
			status: 'OK',
			message: 'Connected to Stand-in Platform in test mode with a restricted key',
		});
	});

	it.each(['pk_test_1', 'abc', '', '   ', 'sk_prod_123'])(
		'fails the key %p by its format, sending nothing',
		async (key) => {
			const result = await check(key);

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				key.trim()
					? /^Secret Key: must be a Stripe secret key \(sk_test_\.\.\., sk_live_\.\.\.\) or restricted key/
					: /^Secret Key: is required/,
			);
			if (key.trim()) expect(result.message).not.toContain(key);
			expect(env.standIn.requests).toHaveLength(0);
		},
	);

	it('fails a missing key by its format, sending nothing', async () => {
		const result = await testCredential({} as StripeCredential);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Secret Key: is required/);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('accepts the format of a live key and reports Stripe rejecting it, without the key', async () => {
		const key = 'sk_live_51AbcDefGhi';

		const result = await check(key);

		// The format check let it through: the request went out, and the stand-in refuses live keys.
		expect(env.standIn.requests.map((r) => r.authorization)).toEqual([`Bearer ${key}`]);
		expect(result).toEqual({
			status: 'Error',
			message: 'Stripe rejected the key: invalid API key',
		});
	});

	it('fails a Base URL of another protocol, sending nothing', async () => {
		const result = await check(TEST_KEY, 'ftp://x');

		expect(result.status).toBe('Error');
		expect(result.message).toContain('Base URL');
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('fails when nothing answers at the Base URL, without the key in the message', async () => {
		const result = await check(TEST_KEY, 'http://127.0.0.1:1');

		expect(result.status).toBe('Error');
		expect(result.message).toBeTruthy();
		expect(result.message).not.toContain(TEST_KEY);
	});
});

describe('keyMode', () => {
	it.each([
		['sk_test_abc', 'test'],
		['sk_live_abc', 'live'],
		['rk_test_abc', 'test'],
		['rk_live_abc', 'live'],
		['  sk_test_abc\n', 'test'],
	])('gives the mode of %p', (key, mode) => {
		expect(keyMode(key)).toBe(mode);
	});

	it.each([
		'pk_test_secretvalue',
		'pk_live_secretvalue',
		'sk_sandbox_secretvalue',
		'whsec_secretvalue',
		'secretvalue',
		'',
		'sk_test_',
	])('rejects %p without echoing it', (key) => {
		expect(() => keyMode(key)).toThrow(
			key ? /^Secret Key: must be a Stripe secret key/ : /^Secret Key: is required/,
		);
		try {
			keyMode(key);
		} catch (error) {
			expect((error as Error).message).not.toContain('secretvalue');
		}
	});
});

describe('createClient', () => {
	it('sends requests to the Base URL, with the trimmed key and the pinned API version', async () => {
		const stripe = createClient({ secretKey: `  ${TEST_KEY}\n`, baseUrl: ` ${env.url} ` });
		const customer = env.standIn.seed('customers', { email: 'client@example.com' });

		const fetched = await stripe.customers.retrieve(customer.id);

		expect(fetched.id).toBe(customer.id);
		expect(
			env.standIn.requests.map((r) => [r.method, r.path, r.authorization, r.stripeVersion]),
		).toEqual([['GET', `/v1/customers/${customer.id}`, `Bearer ${TEST_KEY}`, Stripe.API_VERSION]]);
	});

	it.each(['sk_test_abc', 'sk_live_abc', 'rk_test_abc', 'rk_live_abc'])(
		'accepts %p',
		(secretKey) => {
			const stripe = createClient({ secretKey, baseUrl: env.url });
			expect(typeof stripe.customers.list).toBe('function');
		},
	);

	it.each(['pk_live_secretvalue', 'secretvalue', ''])(
		'rejects %p without echoing it',
		(secretKey) => {
			expect(() => createClient({ secretKey })).toThrow(
				secretKey ? /^Secret Key: must be/ : /^Secret Key: is required/,
			);
			expect(() => createClient({ secretKey })).not.toThrow(/secretvalue/);
		},
	);

	it('rejects a Base URL of another protocol', () => {
		expect(() => createClient({ secretKey: TEST_KEY, baseUrl: 'ftp://x' })).toThrow(
			'Base URL: must start with https:// or http://, got ftp:',
		);
	});
});

describe('Credential form', () => {
	const notices = (secretKey: string) =>
		new StripeCompleteApi().properties
			.filter(
				(p) => p.type === 'notice' && NodeHelpers.displayParameter({ secretKey }, p, null, null),
			)
			.map((p) => p.name);

	it.each([
		['sk_live_abc', ['liveModeNotice']],
		['rk_live_abc', ['liveModeNotice']],
		['sk_test_abc', ['testModeNotice']],
		['rk_test_abc', ['testModeNotice']],
		['', []],
		['pk_live_abc', []],
	])('says which mode %p works in, as n8n shows the form', (key, shown) => {
		expect(notices(key)).toEqual(shown);
	});
});
