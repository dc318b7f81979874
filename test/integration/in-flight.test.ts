import { runNode } from '../support/harness';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';

/**
 * Stripe answers 409 idempotency_key_in_use to a request whose key's first request is still being
 * processed (two queue-mode workers taking the same delivery): the node waits it out and resends, and
 * the resend gets the first request's answer.
 */
describe('a second request with the same Idempotency-Key while the first is still processed', () => {
	let inFlight: StandIn;
	let base: string;
	beforeAll(async () => {
		inFlight = createStandIn();
		// The first write stays in flight until the second, with its key, was answered 409.
		inFlight.setProcessingDelay(30_000, { untilConflict: true });
		base = await inFlight.listen();
	});
	afterAll(() => inFlight.close());

	it("gets Stripe's 409, waits and resends: one refund, and both runs return it", async () => {
		const pi = inFlight.seed('payment_intents', {
			amount: 5000,
			currency: 'usd',
			confirm: true,
			payment_method: 'pm_card_visa',
		});
		const refund = (executionId: string) =>
			runNode(
				base,
				{
					resource: 'refund',
					operation: 'create',
					chargeOrPaymentIntent: pi.id,
					additionalFields: { amount: 1500 },
					options: { idempotencyKey: 'shopify-refund-409' },
				},
				{ executionId },
			);
		// Two workers handling the same delivery at the same instant.
		const [a, b] = await Promise.all([refund('worker-1'), refund('worker-2')]);
		expect(a[0].json).toMatchObject({ object: 'refund', amount: 1500 });
		expect(b[0].json.id).toBe(a[0].json.id);
		const posts = inFlight.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds');
		expect(posts.map((r) => r.status)).toContain(409);
		expect(posts.filter((r) => r.status === 200 && !r.replayed)).toHaveLength(1);
		expect([...inFlight.store.values()].filter((o) => o.object === 'refund')).toHaveLength(1);
	});
});
