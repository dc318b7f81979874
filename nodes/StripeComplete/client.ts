import Stripe from 'stripe';

export const CREDENTIAL = 'stripeCompleteApi';

export interface StripeCredential {
	secretKey: string;
	baseUrl?: string;
}

const KEY = /^(sk|rk)_(test|live)_\S+$/;

/** `test` or `live` for a well-formed secret or restricted key, otherwise an error that never echoes the key. */
export function keyMode(secretKey: string): 'test' | 'live' {
	const match = KEY.exec(secretKey.trim());
	if (!match)
		throw new Error('The Secret Key must be a Stripe secret key (sk_test_..., sk_live_...) or restricted key (rk_test_..., rk_live_...)');
	return match[2] as 'test' | 'live';
}

export const isRestrictedKey = (secretKey: string) => secretKey.trim().startsWith('rk_');

/** Hides anything that looks like a Stripe key, whatever text it came in. */
export const redact = (text: string) => text.replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9*]+/g, '$1_$2_[redacted]');

/** The SDK client for a credential: the SDK's pinned API version, our app info, and the Base URL. */
export function createClient(credential: StripeCredential): Stripe {
	keyMode(credential.secretKey);
	const url = new URL(credential.baseUrl?.trim() || 'https://api.stripe.com');
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The Base URL must start with https:// or http://, got ${url.protocol}`);
	return new Stripe(credential.secretKey.trim(), {
		host: url.hostname,
		port: url.port || (url.protocol === 'https:' ? 443 : 80),
		protocol: url.protocol.slice(0, -1) as 'http' | 'https',
		// The runner retries, with the same Idempotency-Key, and also on 429 which the SDK does not.
		maxNetworkRetries: 0,
		appInfo: { name: 'n8n-nodes-stripe-complete', url: 'https://www.npmjs.com/package/n8n-nodes-stripe-complete' },
		telemetry: false,
	});
}
