import type { Request } from '../../nodes/StripeComplete/fields';
import { automaticKey } from '../../nodes/StripeComplete/runner/idempotency';

const request = (params: Record<string, unknown>, account?: string): Request => ({
	params: params as Request['params'],
	path: {},
	options: account ? { stripeAccount: account } : {},
	returnAll: false,
	limit: 50,
});
const scope = {
	executionId: '1234',
	nodeId: 'node-a',
	runIndex: 0,
	itemIndex: 0,
	operation: 'refund.create',
};

describe('automatic idempotency key', () => {
	it('is the same for the same execution, node, run, item and request, whatever the key order', () => {
		expect(automaticKey(scope, request({ amount: 100, charge: 'ch_1' }))).toBe(
			automaticKey(scope, request({ charge: 'ch_1', amount: 100 })),
		);
	});

	it('differs when any of them differs', () => {
		const base = automaticKey(scope, request({ amount: 100 }));
		const variants = [
			automaticKey({ ...scope, executionId: '1235' }, request({ amount: 100 })),
			automaticKey({ ...scope, nodeId: 'node-b' }, request({ amount: 100 })),
			automaticKey({ ...scope, itemIndex: 1 }, request({ amount: 100 })),
			automaticKey({ ...scope, runIndex: 1 }, request({ amount: 100 })),
			automaticKey({ ...scope, operation: 'customer.create' }, request({ amount: 100 })),
			automaticKey(scope, request({ amount: 101 })),
			automaticKey(scope, request({ amount: 100 }, 'acct_1')),
		];
		expect(new Set([base, ...variants]).size).toBe(8);
	});

	it('without an execution ID (a tool called over MCP): the same call, the same key; another call, another', () => {
		const call = { ...scope, executionId: undefined };
		const key = automaticKey(call, request({ amount: 100 }));
		expect(key).toMatch(/^n8n-tool-call-0-0-[0-9a-f]{64}$/);
		expect(automaticKey(call, request({ amount: 100 }))).toBe(key);
		expect(automaticKey(call, request({ amount: 200 }))).not.toBe(key);
		expect(automaticKey(scope, request({ amount: 100 }))).not.toBe(key);
	});

	it("stays within Stripe's 255 characters", () => {
		const key = automaticKey({ ...scope, executionId: 'x'.repeat(400) }, request({}));
		expect(key.length).toBe(255);
		expect(key).toMatch(/-0-[0-9a-f]{64}$/);
	});
});
