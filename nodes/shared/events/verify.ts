import Stripe from 'stripe';

export const DEFAULT_TOLERANCE = 300;

/** A request that is not a genuine Stripe event for this endpoint; `reason` is safe to answer with. */
export class SignatureRejected extends Error {}

/**
 * The event in a webhook request, verified by the SDK on the raw body exactly as received: the
 * Stripe-Signature header must carry a v1 signature of `timestamp.body` made with the endpoint's
 * signing secret (any of several v1 signatures may match, as during a secret rotation), and the
 * timestamp must be within `toleranceSeconds` of now. The SDK only rejects old timestamps; one
 * further in the future than the tolerance is rejected here too, as Stripe never sends those.
 */
export function verifyEvent(
	rawBody: Buffer | string | undefined,
	header: string | string[] | undefined,
	secret: string,
	toleranceSeconds = DEFAULT_TOLERANCE,
	now = Date.now(),
): Stripe.Event {
	if (Array.isArray(header)) header = header.join(',');
	if (!header) throw new SignatureRejected('Missing Stripe-Signature header');
	if (rawBody === undefined) throw new SignatureRejected('Missing request body');
	let event: Stripe.Event | undefined;
	let reason = 'Invalid signature';
	try {
		event = Stripe.webhooks.constructEvent(
			rawBody,
			header,
			secret,
			toleranceSeconds,
			undefined,
			now,
		);
	} catch (error) {
		// The SDK's first sentence names the problem; the rest is advice for developers.
		const message = error instanceof Error ? error.message : String(error);
		reason = message.split(/\.\s|\n/)[0].replace(/\.$/, '') || reason;
	}
	if (!event) throw new SignatureRejected(reason);
	const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
	if (timestamp - Math.floor(now / 1000) > toleranceSeconds)
		throw new SignatureRejected('Timestamp outside the tolerance zone');
	return event;
}
