import Stripe from 'stripe';
import type { IDataObject } from 'n8n-workflow';

/** Metadata that marks a webhook endpoint as one this node created (and so may delete). */
export const CREATED_BY = 'n8n-nodes-stripe-complete';

/**
 * What the node keeps in its static data between activations. Stripe shows an endpoint's signing
 * secret only in the create response, so reusing an endpoint later needs the secret kept here.
 */
export interface EndpointState extends IDataObject {
	endpointId?: string;
	secret?: string;
	createdByNode?: boolean;
}

export interface WantedEndpoint {
	url: string;
	events: string[];
	connect: boolean;
	/** The user's Signing Secret field, to adopt an endpoint this node did not create. */
	signingSecret?: string;
	description: string;
}

/** A webhook endpoint the node cannot use; the message says why and what to do. The node reports it as its own error. */
export class EndpointUnusable extends Error {}

/** An endpoint for this URL that the node may neither reuse nor delete. */
const conflict = (endpoint: Stripe.WebhookEndpoint) =>
	new EndpointUnusable(
		`A Stripe webhook endpoint for ${endpoint.url} already exists (${endpoint.id}) and was not created by this node. ` +
			'Paste its signing secret (whsec_...) into Signing Secret to use it, or delete it in the Stripe Dashboard.',
	);

const isOurs = (endpoint: Stripe.WebhookEndpoint) => endpoint.metadata?.created_by === CREATED_BY;
const enabledEvents = (events: string[]) => (events.includes('*') ? ['*'] : [...events]);
const sameSet = (a: string[], b: string[]) =>
	a.length === b.length && a.every((x) => b.includes(x));

function forget(state: EndpointState) {
	delete state.endpointId;
	delete state.secret;
	delete state.createdByNode;
}

/** Deletes an endpoint; one already gone (deleted in the Dashboard) counts as deleted. */
async function remove(stripe: Stripe, id: string) {
	await stripe.webhookEndpoints.del(id).catch((error: { statusCode?: number }) => {
		if (error.statusCode !== 404) throw error;
	});
}

/**
 * n8n's checkExists: finds the endpoint for this webhook URL and makes it fit, so that activating
 * again never adds a second endpoint for the same URL. Reused: the endpoint whose secret the node
 * holds, or, with a Signing Secret given, the one the user adopts; its enabled events are updated
 * (and it is re-enabled if Stripe disabled it). Deleted (so that create makes a fresh one): an
 * endpoint of ours whose secret was lost, and an endpoint of ours on another API version or
 * Connect setting. Anything else for this URL is the user's: activation fails and says what to do.
 * Returns whether an endpoint is ready; false lets n8n call create.
 */
export async function reuseEndpoint(
	stripe: Stripe,
	state: EndpointState,
	wanted: WantedEndpoint,
): Promise<boolean> {
	const all = await stripe.webhookEndpoints
		.list({ limit: 100 })
		.autoPagingToArray({ limit: 10000 });
	const forUrl = all.filter((endpoint) => endpoint.url === wanted.url);
	// Ours but pointing elsewhere (n8n's webhook URL changed): it would only deliver to nowhere.
	if (
		state.endpointId &&
		state.createdByNode &&
		!forUrl.some((e) => e.id === state.endpointId) &&
		all.some((e) => e.id === state.endpointId)
	)
		await remove(stripe, state.endpointId);

	const held = state.secret
		? forUrl.find((endpoint) => endpoint.id === state.endpointId)
		: undefined;
	const adopted =
		!held && wanted.signingSecret
			? (forUrl.find((endpoint) => !isOurs(endpoint)) ?? forUrl[0])
			: undefined;
	const chosen = held ?? adopted;
	for (const endpoint of forUrl)
		if (endpoint !== chosen && isOurs(endpoint)) await remove(stripe, endpoint.id);
	const foreign = forUrl.find((endpoint) => endpoint !== chosen && !isOurs(endpoint));
	if (!chosen) {
		if (foreign) throw conflict(foreign);
		forget(state);
		return false;
	}

	// Stripe fixes an endpoint's api_version and Connect setting when it is created (an update
	// cannot change them), so an endpoint of ours that differs is replaced. The events it delivers
	// are then shaped by the SDK's pinned version, which this node's output is built for.
	if (
		isOurs(chosen) &&
		(chosen.api_version !== Stripe.API_VERSION ||
			chosen.metadata.connect !== String(wanted.connect))
	) {
		await remove(stripe, chosen.id);
		forget(state);
		return false;
	}

	const events = enabledEvents(wanted.events);
	const update: Stripe.WebhookEndpointUpdateParams = {};
	if (!sameSet(chosen.enabled_events, events))
		update.enabled_events = events as Stripe.WebhookEndpointUpdateParams.EnabledEvent[];
	if (chosen.status === 'disabled') update.disabled = false;
	if (Object.keys(update).length) await stripe.webhookEndpoints.update(chosen.id, update);

	state.endpointId = chosen.id;
	state.createdByNode = isOurs(chosen);
	if (!held) delete state.secret;
	return true;
}

/** n8n's create: a new endpoint for this URL on the SDK's API version, marked as ours; keeps its secret. */
export async function createEndpoint(
	stripe: Stripe,
	state: EndpointState,
	wanted: WantedEndpoint,
): Promise<void> {
	const endpoint = await stripe.webhookEndpoints.create({
		url: wanted.url,
		enabled_events: enabledEvents(
			wanted.events,
		) as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
		api_version: Stripe.API_VERSION,
		connect: wanted.connect,
		description: wanted.description,
		metadata: { created_by: CREATED_BY, connect: String(wanted.connect) },
	});
	if (!endpoint.secret)
		throw new EndpointUnusable(
			`Stripe created webhook endpoint ${endpoint.id} but returned no signing secret`,
		);
	state.endpointId = endpoint.id;
	state.secret = endpoint.secret;
	state.createdByNode = true;
}

/**
 * n8n's delete (on deactivation): removes the endpoint only if this node created it; an adopted
 * endpoint stays, as the user made it. Returns false and keeps the state if Stripe could not be
 * reached, so the next activation finds and reuses the endpoint instead of adding another.
 */
export async function deleteEndpoint(stripe: Stripe, state: EndpointState): Promise<boolean> {
	if (state.endpointId && state.createdByNode) {
		try {
			await remove(stripe, state.endpointId);
		} catch {
			return false;
		}
	}
	forget(state);
	return true;
}

/** The secret that signs this endpoint's events: the one Stripe gave us, else the user's. */
export const signingSecretOf = (state: EndpointState, signingSecret?: string) =>
	state.secret || signingSecret?.trim() || undefined;
