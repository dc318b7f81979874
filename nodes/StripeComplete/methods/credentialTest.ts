import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { createClient, isRestrictedKey, keyMode, type StripeCredential } from '../../shared/client';
import { redact } from '../../shared/redact';

/**
 * Asks Stripe for the key's own account. A restricted key without permission to read it answers 403,
 * which still proves the key is valid, so it passes with a note.
 */
export async function testCredential(
	credential: StripeCredential,
): Promise<INodeCredentialTestResult> {
	let mode: 'test' | 'live';
	try {
		mode = keyMode(credential.secretKey ?? '');
		const account = await createClient(credential).accounts.retrieveCurrent();
		const name =
			account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? account.id;
		return {
			status: 'OK',
			message: `Connected to ${name} in ${mode} mode${isRestrictedKey(credential.secretKey) ? ' with a restricted key' : ''}`,
		};
	} catch (error) {
		const e = error as { statusCode?: number; message?: string };
		if (e.statusCode === 401)
			return { status: 'Error', message: 'Stripe rejected the key: invalid API key' };
		if (e.statusCode === 403)
			return {
				status: 'OK',
				message: `Key accepted in ${keyMode(credential.secretKey)} mode; it is a restricted key without permission to read the account, so only the operations it allows will work`,
			};
		return { status: 'Error', message: redact(e.message ?? String(error)) };
	}
}

/**
 * What a node's `methods.credentialTest` holds for `testedBy: 'stripeCompleteApiTest'`. n8n runs it only
 * while the credential has no `test` of its own (a credential's `test` wins over every node's).
 */
export const credentialTest = {
	async stripeCompleteApiTest(
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		return testCredential(credential.data as unknown as StripeCredential);
	},
};
