import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import {
	createEndpoint,
	deleteEndpoint,
	EndpointUnusable,
	reuseEndpoint,
	signingSecretOf,
	type EndpointState,
	type WantedEndpoint,
} from './endpoint';
import { eventItem, matchesFilters, typeSelected, type EventFilters } from './event';
import { settleSeconds } from '../settle';
import { newestEvent, pollEvents, type PollOptions, type PollState } from './poll';
import { DEFAULT_TOLERANCE, SignatureRejected, verifyEvent } from './verify';
import { checkConnectedAccount, stripeClient } from '../client';
import { toUnixSeconds } from '../dates';
import { toNodeError } from '../errors';
import { isEmpty } from '../values';

// What n8n calls on the Stripe triggers: the webhook endpoint's lifecycle and the webhook (Stripe
// Complete Trigger), and the poll (Stripe Complete Polling Trigger); version 1 of Stripe Complete
// Trigger uses all three.

/** Runs a Stripe call of the endpoint lifecycle; failures become n8n errors that name Stripe's reason. */
async function lifecycle<T>(context: IHookFunctions, step: () => Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (error) {
		if (error instanceof EndpointUnusable)
			throw new NodeOperationError(context.getNode(), error.message);
		throw toNodeError(context.getNode(), error, 0);
	}
}

function wantedEndpoint(context: IHookFunctions): WantedEndpoint {
	const workflow = context.getWorkflow();
	return {
		url: context.getNodeWebhookUrl('default')!,
		events: context.getNodeParameter('events') as string[],
		connect: context.getNodeParameter('connect', false) as boolean,
		signingSecret: context.getNodeParameter('signingSecret', '') as string,
		description: `n8n workflow "${workflow.name ?? workflow.id}" (${workflow.id}), node "${context.getNode().name}"`,
	};
}

/** n8n's webhookMethods.default: the Stripe webhook endpoint for this node's URL, made on activation, removed on deactivation. */
export const endpointLifecycle = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		const stripe = await stripeClient(this);
		const state = this.getWorkflowStaticData('node') as EndpointState;
		return lifecycle(this, () => reuseEndpoint(stripe, state, wantedEndpoint(this)));
	},
	async create(this: IHookFunctions): Promise<boolean> {
		const stripe = await stripeClient(this);
		const state = this.getWorkflowStaticData('node') as EndpointState;
		await lifecycle(this, () => createEndpoint(stripe, state, wantedEndpoint(this)));
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		const stripe = await stripeClient(this);
		return deleteEndpoint(stripe, this.getWorkflowStaticData('node') as EndpointState);
	},
};

/** n8n's webhook: one request from Stripe, verified on its raw body before anything runs. */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const res = this.getResponseObject();
	const state = this.getWorkflowStaticData('node') as EndpointState;
	const secret = signingSecretOf(state, this.getNodeParameter('signingSecret', '') as string);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	// The node answers itself, so that a refused request gets 400 and its reason (and no execution
	// starts), and an accepted one a plain JSON acknowledgement rather than n8n's default body.
	const answer = (
		status: number,
		body: IDataObject,
		workflowData?: INodeExecutionData[][],
	): IWebhookResponseData => {
		res.status(status).json(body);
		return workflowData ? { noWebhookResponse: true, workflowData } : { noWebhookResponse: true };
	};
	if (!secret)
		return answer(400, {
			error: 'No signing secret for this endpoint: reactivate the workflow, or set Signing Secret',
		});
	let event;
	try {
		event = verifyEvent(
			req.rawBody,
			req.headers['stripe-signature'],
			secret,
			(options.tolerance as number | undefined) ?? DEFAULT_TOLERANCE,
		);
	} catch (error) {
		if (error instanceof SignatureRejected) return answer(400, { error: error.message });
		throw toNodeError(this.getNode(), error, 0);
	}
	// Genuine but not wanted (another type on an adopted endpoint, or filtered out): acknowledged so Stripe does not retry.
	const types = this.getNodeParameter('events') as string[];
	const filters = this.getNodeParameter('filters', {}) as EventFilters;
	if (!typeSelected(types, event.type) || !matchesFilters(event, filters))
		return answer(200, { received: true, started: false });
	return answer(200, { received: true }, [[eventItem(event)]]);
}

/** The polling options, checked as the node's own fields are: a real date, an account ID that fits a header. */
function pollOptions(context: IPollFunctions): PollOptions {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	try {
		return {
			types: context.getNodeParameter('events') as string[],
			filters: context.getNodeParameter('filters', {}) as EventFilters,
			stripeAccount: checkConnectedAccount(options.stripeAccount),
			startFrom: isEmpty(options.startFrom)
				? undefined
				: toUnixSeconds(options.startFrom, 'Start From', context.getTimezone()),
			settleSeconds: settleSeconds(options),
		};
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
}

/** n8n's poll: the new events since the last poll; in a manual run (Fetch Test Event), the newest one. */
export async function pollStripeEvents(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const stripe = await stripeClient(this);
	const options = pollOptions(this);
	try {
		if (this.getMode() === 'manual') {
			const item = await newestEvent(stripe, options);
			if (!item)
				throw new NodeOperationError(
					this.getNode(),
					'No Stripe event of the selected types matches the filters yet',
					{
						description: 'Cause one in Stripe (test mode), then fetch again',
					},
				);
			return [[item]];
		}
		const items = await pollEvents(
			stripe,
			this.getWorkflowStaticData('node') as PollState,
			options,
		);
		return items ? [items] : null;
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0);
	}
}
