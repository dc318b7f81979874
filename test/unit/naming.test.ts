import { singular } from '../../nodes/StripeComplete/operations/naming';

describe("the names made from the SDK's resource names", () => {
	it('makes a plural resource name singular as English does', () => {
		const plurals = {
			customers: 'customer',
			addresses: 'address',
			entries: 'entry',
			claimableSandboxes: 'claimableSandbox',
			batches: 'batch',
			pushes: 'push',
			balance: 'balance',
		};
		expect(Object.fromEntries(Object.keys(plurals).map((word) => [word, singular(word)]))).toEqual(
			plurals,
		);
	});
});
