import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import Stripe from 'stripe';
import { useStandIn } from './harness';

const STRIPE_EVENT_TYPES = new Set(
	(
		JSON.parse(
			fs.readFileSync(
				path.join(__dirname, '../../nodes/shared/generated/event-types.json'),
				'utf8',
			),
		).types as Array<{ value: string }>
	).map((t) => t.value),
);

/** A request a webhook receiver got. */
export interface Hit {
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/**
 * The stand-in as Stripe's event source, for a test file: the stand-in, Stripe's SDK on it, and a local
 * webhook receiver (`hookOrigin`). Each test reads only the events it caused, and whatever it wrote must
 * have caused only event types Stripe has; endpoints of one test are gone before the next.
 */
export function useEventSource() {
	const env = useStandIn();
	const state = {} as { stripe: Stripe; hookOrigin: string };
	beforeAll(() => {
		const { port } = new URL(env.url);
		state.stripe = new Stripe('sk_test_standin_events', {
			host: '127.0.0.1',
			port: Number(port),
			protocol: 'http',
			maxNetworkRetries: 0,
		});
	});

	const hits: Hit[] = [];
	/** The status a receiver path answers, by attempt (200 by default). */
	const answers: Record<string, (attempt: number) => number | Promise<number>> = {};
	async function receive(req: http.IncomingMessage, res: http.ServerResponse) {
		let body = '';
		for await (const chunk of req) body += chunk;
		hits.push({ path: req.url!, headers: req.headers, body });
		const attempt = hits.filter((h) => h.path === req.url).length;
		res.writeHead(await (answers[req.url!]?.(attempt) ?? 200)).end();
	}
	// A request the stand-in cuts off (on close) just ends.
	const receiver = http.createServer(
		(req, res) => void receive(req, res).catch(() => res.destroy()),
	);
	beforeAll(async () => {
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		state.hookOrigin = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
	});
	afterAll(() => new Promise((resolve) => receiver.close(resolve)));

	// Events already recorded when a test starts, so each test reads only its own.
	const earlier = new Set<string>();
	const noteEarlierEvents = () => {
		earlier.clear();
		for (const o of env.standIn.store.values()) if (o.object === 'event') earlier.add(o.id);
	};
	beforeEach(() => {
		noteEarlierEvents();
		hits.length = 0;
		for (const hookPath of Object.keys(answers)) delete answers[hookPath];
	});
	afterEach(async () => {
		await env.standIn.settled();
		// Whatever a test wrote, every event it caused is of a type Stripe has.
		const types = [...env.standIn.store.values()]
			.filter((o) => o.object === 'event' && !earlier.has(o.id))
			.map((o) => o.type as string);
		expect(types.filter((t) => !STRIPE_EVENT_TYPES.has(t))).toEqual([]);
		// Endpoints of one test must not receive the next test's events.
		for (const o of [...env.standIn.store.values()])
			if (o.object === 'webhook_endpoint') env.standIn.store.delete(o.id);
	});

	return {
		env,
		state,
		hits,
		answers,
		STRIPE_EVENT_TYPES,
		earlier,
		/** Counts the events recorded so far as earlier, as at a test's start. */
		noteEarlierEvents,
		/** This test's events through the Events API, oldest first. */
		async newEvents(stripeAccount?: string): Promise<Stripe.Event[]> {
			const listed = await state.stripe.events.list({ limit: 100 }, { stripeAccount });
			return listed.data.filter((e) => !earlier.has(e.id)).reverse();
		},
		endpoint: (
			url: string,
			enabled_events: Stripe.WebhookEndpointCreateParams.EnabledEvent[],
			extra: Partial<Stripe.WebhookEndpointCreateParams> = {},
		) => state.stripe.webhookEndpoints.create({ url, enabled_events, ...extra }),
		/** The events a receiver path got, each checked with the SDK against the endpoint secret. */
		received: (hookPath: string, secret: string) =>
			hits
				.filter((h) => h.path === hookPath)
				.map((h) =>
					state.stripe.webhooks.constructEvent(
						h.body,
						h.headers['stripe-signature'] as string,
						secret,
					),
				),
		objectId: (event: Stripe.Event) => (event.data.object as { id?: string }).id,
		succeededPayment: (amount: number) =>
			state.stripe.paymentIntents.create({
				amount,
				currency: 'usd',
				payment_method: 'pm_card_visa',
				confirm: true,
			}),
	};
}
