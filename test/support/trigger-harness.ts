import type {
	IDataObject,
	IHookFunctions,
	INode,
	INodeType,
	IPollFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { ObservableObject, type IObservableObject } from 'n8n-workflow';
import { StripeCompleteTrigger } from '../../nodes/StripeCompleteTrigger/StripeCompleteTrigger.node';
import { StripeCompletePollingTrigger } from '../../nodes/StripeCompletePollingTrigger/StripeCompletePollingTrigger.node';
import { StripeCompleteSyncTrigger } from '../../nodes/StripeCompleteSyncTrigger/StripeCompleteSyncTrigger.node';
import { TEST_KEY } from './harness';

export type Params = Record<string, unknown>;

export const WEBHOOK_URL =
	'https://n8n.example.com/webhook/5f0c8a52-0000-4000-8000-000000000001/webhook';

export interface TriggerOptions {
	/** The credential's Base URL (the stand-in). */
	baseUrl: string;
	params?: Params;
	/** The node's static data, kept by the caller between activations and polls as n8n keeps it. */
	staticData?: IDataObject;
	webhookUrl?: string;
	credentials?: IDataObject;
	/** n8n's execution mode: 'trigger' for scheduled polls, 'manual' for a test run. */
	mode?: 'trigger' | 'manual' | 'webhook' | 'internal';
	/** The node under test; by default the webhook trigger for webhook calls, the polling trigger for polls. */
	node?: TriggerNode;
}

export const webhookTrigger = new StripeCompleteTrigger();
export const pollingTrigger = new StripeCompletePollingTrigger();

/** The trigger nodes a workflow can hold, as n8n resolves them from node type and typeVersion. */
export const nodes = {
	webhook: {
		type: 'n8n-nodes-stripe-complete.stripeCompleteTrigger',
		typeVersion: 2,
		nodeType: webhookTrigger.getNodeType(2),
	},
	polling: {
		type: 'n8n-nodes-stripe-complete.stripeCompletePollingTrigger',
		typeVersion: 1,
		nodeType: pollingTrigger as INodeType,
	},
	v1: {
		type: 'n8n-nodes-stripe-complete.stripeCompleteTrigger',
		typeVersion: 1,
		nodeType: webhookTrigger.getNodeType(1),
	},
	sync: {
		type: 'n8n-nodes-stripe-complete.stripeCompleteSyncTrigger',
		typeVersion: 1,
		nodeType: new StripeCompleteSyncTrigger() as INodeType,
	},
};
export type TriggerNode = keyof typeof nodes;

/** Parameters as n8n hands them to a node: what the workflow sets, else the property's default. */
function parameter(nodeType: INodeType, params: Params, name: string, fallback?: unknown) {
	if (params[name] !== undefined) return params[name];
	if (fallback !== undefined) return fallback;
	const property = nodeType.description.properties.find((p) => p.name === name);
	if (!property) throw new Error(`Could not get parameter "${name}"`);
	return property.default;
}

/** The node n8n would run for these options, and the context n8n would call it with. */
function setUp(options: TriggerOptions, fallback: TriggerNode) {
	const params = options.params ?? {};
	const staticData = options.staticData ?? {};
	const { type, typeVersion, nodeType } = nodes[options.node ?? fallback];
	const node: INode = {
		id: '5f0c8a52-0000-4000-8000-000000000001',
		name: 'Stripe Complete Trigger',
		type,
		typeVersion,
		position: [0, 0],
		parameters: {},
		webhookId: '5f0c8a52-0000-4000-8000-000000000001',
	};
	const context = {
		getNode: () => node,
		getWorkflow: () => ({ id: 'wfTrigger0000001', name: 'Stripe events', active: true }),
		getMode: () => options.mode ?? 'trigger',
		getTimezone: () => 'UTC',
		getCredentials: async () =>
			options.credentials ?? { secretKey: TEST_KEY, baseUrl: options.baseUrl },
		getNodeParameter: (name: string, fallback?: unknown) =>
			parameter(nodeType, params, name, fallback),
		getWorkflowStaticData: (dataType: string) => {
			if (dataType !== 'node') throw new Error(`unexpected static data type ${dataType}`);
			return staticData;
		},
		getNodeWebhookUrl: (name: string) =>
			name === 'default' ? (options.webhookUrl ?? WEBHOOK_URL) : undefined,
	};
	const missing = (what: string) => new Error(`${type} version ${typeVersion} has no ${what}`);
	return { nodeType, context, missing };
}

function endpointLifecycle(options: TriggerOptions) {
	const { nodeType, context, missing } = setUp(options, 'webhook');
	const methods = nodeType.webhookMethods?.default;
	if (!methods) throw missing('webhook');
	return { methods, ctx: context as unknown as IHookFunctions };
}

/** Activation as n8n does it: checkExists, and create when it answers false. */
export async function activate(options: TriggerOptions) {
	const { methods, ctx } = endpointLifecycle(options);
	if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
}

export async function deactivate(options: TriggerOptions) {
	const { methods, ctx } = endpointLifecycle(options);
	return methods.delete.call(ctx);
}

export interface WebhookRequest {
	rawBody?: string;
	headers?: Record<string, string | undefined>;
}

export interface WebhookResult {
	result: IWebhookResponseData;
	/** What the node answered itself (status and JSON), when it did. */
	response?: { status: number; body: unknown };
}

/** One request to the node's webhook, with the raw body n8n keeps as `req.rawBody`. */
export async function deliver(
	options: TriggerOptions,
	request: WebhookRequest,
): Promise<WebhookResult> {
	const rawBody = request.rawBody === undefined ? undefined : Buffer.from(request.rawBody);
	const headers = Object.fromEntries(
		Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const req = { rawBody, headers };
	const answer: WebhookResult = { result: {} };
	const res = {
		status(code: number) {
			answer.response = { status: code, body: undefined };
			return res;
		},
		json(body: unknown) {
			answer.response!.body = body;
			return res;
		},
	};
	const { nodeType, context, missing } = setUp({ mode: 'webhook', ...options }, 'webhook');
	if (!nodeType.webhook) throw missing('webhook');
	const ctx = {
		...context,
		getRequestObject: () => req,
		getResponseObject: () => res,
	} as unknown as IWebhookFunctions;
	answer.result = await nodeType.webhook.call(ctx);
	return answer;
}

/** One poll as n8n's Poll Times (or a manual run) make it. */
/**
 * The static data of a workflow as n8n keeps it while the workflow is active: observed, so that a change
 * marks it to be saved. n8n sees a change of the node's own keys, and inside what was there when it
 * loaded the data; inside an object a poll put there since, it sees nothing.
 */
const observed = new WeakMap<IDataObject, { workflow: IObservableObject; node: IDataObject }>();
function asN8nKeepsIt(staticData: IDataObject) {
	let kept = observed.get(staticData);
	if (!kept) {
		const workflow = ObservableObject.create({}) as IObservableObject;
		const node = ObservableObject.create(staticData, workflow);
		kept = { workflow, node };
		observed.set(staticData, kept);
	}
	return kept;
}

/**
 * One poll, as n8n runs it: n8n saves the static data after a poll only when it saw it change, so a
 * change it did not see would be lost at the next restart, and fails the poll here.
 */
export async function poll(options: TriggerOptions) {
	const staticData = options.staticData ?? {};
	const kept = asN8nKeepsIt(staticData);
	const { nodeType, context, missing } = setUp({ ...options, staticData: kept.node }, 'polling');
	if (!nodeType.poll) throw missing('poll');
	const before = JSON.stringify(staticData);
	const result = await nodeType.poll.call(context as unknown as IPollFunctions);
	if (JSON.stringify(staticData) !== before && !kept.workflow.__dataChanged)
		throw new Error(
			'The poll changed its static data where n8n does not see it: n8n would not save it',
		);
	kept.workflow.__dataChanged = false;
	return result;
}
