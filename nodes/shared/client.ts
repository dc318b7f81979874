import type {
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import Stripe from 'stripe';
import { FieldError, toNodeError } from './errors';
import { checkId } from './ids';
import { redact } from './redact';
import { isEmpty, toText } from './values';

export const CREDENTIAL = 'stripeCompleteApi';
export const DEFAULT_BASE_URL = 'https://api.stripe.com';

export interface StripeCredential {
	secretKey: string;
	baseUrl?: string;
}

const KEY = /^(sk|rk)_(test|live)_[\x21-\x7e]+$/;
const credentialError = (field: string, problem: string) =>
	new FieldError(field, problem, 'credential');

/** The Secret Key, checked: a string of visible ASCII (it is sent as a header) shaped like a secret or restricted key. */
function secretKeyOf(credential: Partial<StripeCredential>): string {
	const key = credential.secretKey;
	if (typeof key !== 'string' || !key.trim())
		throw credentialError(
			'Secret Key',
			'is required: paste a secret key (sk_test_...) or restricted key (rk_test_...)',
		);
	if (!KEY.test(key.trim()))
		throw credentialError(
			'Secret Key',
			'must be a Stripe secret key (sk_test_..., sk_live_...) or restricted key (rk_test_..., rk_live_...) of letters, digits and punctuation only',
		);
	return key.trim();
}

/** `test` or `live` for a well-formed secret or restricted key, otherwise an error that never echoes the key. */
export function keyMode(secretKey: string): 'test' | 'live' {
	return KEY.exec(secretKeyOf({ secretKey }))![2] as 'test' | 'live';
}

export const isRestrictedKey = (secretKey: string) => secretKey.trim().startsWith('rk_');

/** The Base URL, checked: http(s), no query or fragment or credentials; a path is kept as a prefix. */
function baseUrlOf(credential: Partial<StripeCredential>): URL {
	const text =
		typeof credential.baseUrl === 'string' && credential.baseUrl.trim()
			? credential.baseUrl.trim()
			: DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw credentialError(
			'Base URL',
			`must be a URL such as https://api.stripe.com, got "${redact(text)}"`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:')
		throw credentialError('Base URL', `must start with https:// or http://, got ${url.protocol}`);
	if (url.search || url.hash || url.username || url.password)
		throw credentialError(
			'Base URL',
			'must not hold a query, a fragment or a user name and password',
		);
	return url;
}

/**
 * The SDK's Node HTTP client with two additions: the Base URL's path goes before every request path
 * (a proxy at https://proxy/stripe), and an answer that is not JSON (an HTML 502 from a load balancer)
 * becomes a Stripe API error carrying its HTTP status, so a 5xx stays retryable and every failure shows it.
 */
function httpClient(basePath: string): Stripe.HttpClient {
	const inner = Stripe.createNodeHttpClient();
	return {
		getClientName: () => inner.getClientName(),
		async makeRequest(host, port, path, method, headers, data, protocol, timeout) {
			const response = await inner.makeRequest(
				host,
				port,
				basePath + path,
				method,
				headers,
				data,
				protocol,
				timeout,
			);
			return {
				getStatusCode: () => response.getStatusCode(),
				getHeaders: () => response.getHeaders(),
				getRawResponse: () => response.getRawResponse(),
				toStream: (done: () => void) => response.toStream(done),
				dispose: () => response.dispose?.(),
				toJSON: () =>
					response.toJSON().catch((error: unknown) => {
						if (!(error instanceof SyntaxError)) throw error;
						const type = String(response.getHeaders()['content-type'] ?? 'no content type').split(
							';',
						)[0];
						return {
							error: {
								type: 'api_error',
								message: `The server at the Base URL answered HTTP ${response.getStatusCode()} with a ${type} body instead of Stripe's JSON`,
							},
						};
					}),
			};
		},
	} as Stripe.HttpClient;
}

/** The SDK resource object at a path of the client: `checkout.sessions` is stripe.checkout.sessions. */
export const sdkResource = <M>(stripe: Stripe, path: string) =>
	path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], stripe) as Record<
		string,
		M
	>;

/** The SDK client for a credential: the SDK's pinned API version, our app info, and the Base URL. */
export function createClient(credential: StripeCredential): Stripe {
	const secretKey = secretKeyOf(credential ?? {});
	const url = baseUrlOf(credential ?? {});
	return new Stripe(secretKey, {
		host: url.hostname,
		port: url.port || (url.protocol === 'https:' ? 443 : 80),
		protocol: url.protocol.slice(0, -1) as 'http' | 'https',
		httpClient: httpClient(url.pathname.replace(/\/+$/, '')),
		// The runner retries, with the same Idempotency-Key, and also on 429 which the SDK does not.
		maxNetworkRetries: 0,
		appInfo: {
			name: 'n8n-nodes-stripe-complete',
			url: 'https://www.npmjs.com/package/n8n-nodes-stripe-complete',
		},
		telemetry: false,
	});
}

/** The SDK client for the node's credential, outside an execution; a credential it cannot use is the node's error. */
export async function stripeClient(
	context: IHookFunctions | IWebhookFunctions | IPollFunctions | ILoadOptionsFunctions,
): Promise<Stripe> {
	try {
		return createClient((await context.getCredentials(CREDENTIAL)) as unknown as StripeCredential);
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
}

const CONNECTED_ACCOUNT = 'Connected Account';

/** The Connected Account field (its name `stripeAccount` in every node), its description saying what it does there. */
export const connectedAccountProperty = (description: string): INodeProperties => ({
	displayName: CONNECTED_ACCOUNT,
	name: 'stripeAccount',
	type: 'string',
	default: '',
	placeholder: 'acct_...',
	description,
});

/** A Connected Account as the field gives it: an account ID, trimmed, that fits the Stripe-Account header; empty is none. */
export const checkConnectedAccount = (value: unknown): string | undefined =>
	isEmpty(value)
		? undefined
		: checkId(toText(value, CONNECTED_ACCOUNT).trim(), 'account', CONNECTED_ACCOUNT);

/** The request options of a call on a connected account's behalf (Stripe-Account), or of one on your own. */
export const onAccount = (stripeAccount: string | undefined): Stripe.RequestOptions =>
	stripeAccount ? { stripeAccount } : {};

/** The Events API takes at most this many types in `types[]`; beyond, a list asks in several parts or filters itself. */
export const MAX_TYPES_FILTER = 20;
