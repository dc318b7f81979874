import type { IDataObject, IHookFunctions, INode, INodeProperties, IPollFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { StripeCompleteTrigger } from '../../nodes/StripeCompleteTrigger/StripeCompleteTrigger.node';
import { TEST_KEY } from './harness';

export type Params = Record<string, unknown>;

export const WEBHOOK_URL = 'https://n8n.example.com/webhook/5f0c8a52-0000-4000-8000-000000000001/webhook';

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
}

const node: INode = {
	id: '5f0c8a52-0000-4000-8000-000000000001',
	name: 'Stripe Complete Trigger',
	type: 'n8n-nodes-stripe-complete.stripeCompleteTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	webhookId: '5f0c8a52-0000-4000-8000-000000000001',
};

export const trigger = new StripeCompleteTrigger();
const properties: INodeProperties[] = trigger.description.properties;

/** Parameters as n8n hands them to a node: what the workflow sets, else the property's default. */
function parameter(params: Params, name: string, fallback?: unknown) {
	if (params[name] !== undefined) return params[name];
	if (fallback !== undefined) return fallback;
	const property = properties.find((p) => p.name === name);
	if (!property) throw new Error(`Could not get parameter "${name}"`);
	return property.default;
}

function base(options: TriggerOptions) {
	const params = options.params ?? {};
	const staticData = options.staticData ?? {};
	return {
		getNode: () => node,
		getWorkflow: () => ({ id: 'wfTrigger0000001', name: 'Stripe events', active: true }),
		getMode: () => options.mode ?? 'trigger',
		getTimezone: () => 'UTC',
		getCredentials: async () => options.credentials ?? { secretKey: TEST_KEY, baseUrl: options.baseUrl },
		getNodeParameter: (name: string, fallback?: unknown) => parameter(params, name, fallback),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
		getNodeWebhookUrl: (name: string) => (name === 'default' ? (options.webhookUrl ?? WEBHOOK_URL) : undefined),
	};
}

export const hookContext = (options: TriggerOptions) => base(options) as unknown as IHookFunctions;
export const pollContext = (options: TriggerOptions) => base(options) as unknown as IPollFunctions;

/** Activation as n8n does it: checkExists, and create when it answers false. */
export async function activate(options: TriggerOptions) {
	const ctx = hookContext(options);
	const methods = trigger.webhookMethods.default;
	if (!(await methods.checkExists.call(ctx))) await methods.create.call(ctx);
}

export async function deactivate(options: TriggerOptions) {
	return trigger.webhookMethods.default.delete.call(hookContext(options));
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
export async function deliver(options: TriggerOptions, request: WebhookRequest): Promise<WebhookResult> {
	const rawBody = request.rawBody === undefined ? undefined : Buffer.from(request.rawBody);
	const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
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
	const ctx = { ...base({ mode: 'webhook', ...options }), getRequestObject: () => req, getResponseObject: () => res } as unknown as IWebhookFunctions;
	answer.result = await trigger.webhook.call(ctx);
	return answer;
}

export const poll = (options: TriggerOptions) => trigger.poll.call(pollContext(options));
