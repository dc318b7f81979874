import Stripe from 'stripe';
import { NodeApiError } from 'n8n-workflow';
import { runNode, useStandIn } from '../support/harness';

const env = useStandIn();
const run = (params: Record<string, unknown>, options = {}) => runNode(env.url, { resource: 'customer', ...params }, options);

describe('Customer', () => {
	it('creates a customer with form-encoded fields, metadata and an automatic idempotency key', async () => {
		const out = await run({
			operation: 'create',
			additionalFields: {
				email: 'ada@example.com',
				name: 'Ada Lovelace',
				address: { line1: '1 Analytical St', city: 'London', country: 'GB' },
				metadata: { entry: [{ key: 'crm_id', value: '42' }] },
			},
		});
		const [req] = env.standIn.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/v1/customers');
		expect(req.rawBody).toBe(
			'email=ada%40example.com&name=Ada%20Lovelace&address[line1]=1%20Analytical%20St&address[city]=London&address[country]=GB&metadata[crm_id]=42',
		);
		expect(req.idempotencyKey).toMatch(/^n8n-exec-1-0-[0-9a-f]{64}$/);
		expect(req.stripeVersion).toBe(Stripe.API_VERSION);
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({ object: 'customer', email: 'ada@example.com', metadata: { crm_id: '42' } });
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});
});
