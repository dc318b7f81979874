import { createHash } from 'crypto';
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import type Stripe from 'stripe';
import {
	createClient,
	CREDENTIAL,
	DEFAULT_BASE_URL,
	type StripeCredential,
} from '../../shared/client';
import { errorItemJson, FieldError, toNodeError } from '../../shared/errors';
import { retrying } from '../../shared/transport/send';
import { DEFAULT_CONCURRENCY, Throttle } from '../../shared/transport/throttle';
import { fieldLabel, INPUT_BINARY_FIELD, type Request } from '../fields';
import type { Operation } from '../operations/operation';
import { searchedKey } from '../operations/existing';
import { checkCurrencies } from '../operations/money';
import { FileItem, shaped, type BinaryFile } from '../output';
import { SDK_VERSION } from '../operations/table';
import { operationOf, resources } from '../resources/registry';
import { automaticKey } from './idempotency';

interface Job {
	operation: Operation;
	request: Request;
}

/**
 * The operation the node's parameters name. A workflow saved with an older version may name a resource
 * or an operation this one no longer has (an SDK upgrade removed it). n8n then drops the parameters
 * shown only below the unknown value (the Operation of an unknown Resource, the Resource of an unknown
 * Resource Group), so the error names the first value that is gone.
 */
function savedOperation(ctx: IExecuteFunctions, itemIndex: number) {
	const parameter = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as string;
	const resource = parameter('resource');
	const value = parameter('operation');
	const operation = operationOf(resource, value);
	if (operation) return { resource, value, operation };
	const known = resources.find((r) => r.value === resource);
	const gone = known
		? `The operation "${value}" of ${known.name} (${resource}.${value})`
		: resource
			? `The resource "${resource}"`
			: `The resource group "${parameter('resourceGroup')}"`;
	throw new Error(
		`${gone} no longer exists in this version of Stripe Complete (stripe ${SDK_VERSION}). Open the node and choose another ${known ? 'operation' : 'resource'}.`,
	);
}

/** Reads one item's form values through the operation's own fields. */
export function buildRequest(ctx: IExecuteFunctions, itemIndex: number, runIndex: number): Job {
	const { resource, value, operation } = savedOperation(ctx, itemIndex);
	const request: Request = {
		params: {},
		path: {},
		options: {},
		returnAll: false,
		limit: 50,
		timeZone: ctx.getTimezone(),
	};
	for (const field of operation.fields) {
		field.apply(
			ctx.getNodeParameter(field.property.name, itemIndex, field.property.default),
			request,
		);
	}
	checkCurrencies(operation, request);
	operation.check?.(request);
	const file =
		operation.binary === 'input' ? checkInputFile(ctx, itemIndex, request.binaryField!) : undefined;
	if (operation.kind === 'write' && !request.options.idempotencyKey) {
		// An upload's file is part of what is sent: another file is another write.
		const sent = file
			? { ...request, params: { ...request.params, file: fileIdentity(file) } }
			: request;
		// A create looked for by Search: a key from what it matches, so deliveries within Search's lag make one.
		request.options.idempotencyKey =
			searchedKey(operation.sdk?.[0], request) ??
			automaticKey(
				{
					executionId: ctx.getExecutionId(),
					nodeId: ctx.getNode().id,
					runIndex,
					itemIndex,
					operation: `${resource}.${value}`,
				},
				sent,
			);
	}
	return { operation, request };
}

/** An upload's file must be on its input item, checked with the other fields before any request. */
function checkInputFile(ctx: IExecuteFunctions, itemIndex: number, field: string): IBinaryData {
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (binary[field]) return binary[field];
	const fields = Object.keys(binary);
	throw new FieldError(
		INPUT_BINARY_FIELD,
		`the input item has no binary field "${field}"; ${fields.length ? `its binary fields are ${fields.map((f) => `"${f}"`).join(', ')}` : 'it holds no file (binary data) at all'}`,
	);
}

/** A file as n8n holds it, without reading it: its stored copy's ID, or its bytes when n8n keeps them in memory. */
const fileIdentity = ({ id, data, fileName, mimeType }: IBinaryData) => ({
	name: fileName ?? null,
	type: mimeType,
	contents: createHash('sha256')
		.update(id ?? data)
		.digest('hex'),
});

async function inputFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
): Promise<BinaryFile> {
	const { fileName, fileExtension, mimeType } = ctx.helpers.assertBinaryData(itemIndex, field);
	return {
		data: await ctx.helpers.getBinaryDataBuffer(itemIndex, field),
		fileName: fileName ?? `file${fileExtension ? `.${fileExtension}` : ''}`,
		mimeType,
	};
}

/**
 * Names the form field behind the parameter Stripe refused (`param`), in the error n8n shows and in its
 * error item, since a user sees fields, not Stripe's parameter names.
 */
function named(error: NodeApiError | NodeOperationError, { operation }: Job) {
	const stripe = error.context.stripe as IDataObject | undefined;
	const field = typeof stripe?.param === 'string' && fieldLabel(operation.fields, stripe.param);
	if (!field) return error;
	stripe!.field = field;
	error.description = [`Field: ${field}`, error.description].filter(Boolean).join('<br>');
	return error;
}

/**
 * Every input item becomes its Stripe objects as output items, in input order, each paired to its
 * item. All items are read and checked before the first request, so bad input sends nothing.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const node = ctx.getNode();
	const credential = (await ctx.getCredentials(CREDENTIAL)) as unknown as StripeCredential;
	const secretKey = typeof credential?.secretKey === 'string' ? credential.secretKey : undefined;
	const nodeError = (error: unknown, i: number) => toNodeError(node, error, i, secretKey);
	const baseUrl =
		(typeof credential?.baseUrl === 'string' && credential.baseUrl.trim()) || DEFAULT_BASE_URL;
	// Inside Loop Over Items the node runs once per batch in one execution; each run writes on its own.
	const runIndex = Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0);
	const jobs: Array<Job | Error> = items.map((_, i) => {
		try {
			return buildRequest(ctx, i, runIndex);
		} catch (error) {
			if (!ctx.continueOnFail()) throw nodeError(error, i);
			return nodeError(error, i);
		}
	});

	let stripe: Stripe | undefined;
	const client = () => (stripe ??= createClient(credential));
	const first = jobs.find((job): job is Job => !(job instanceof Error));
	const throttle = new Throttle(first?.request.concurrency ?? DEFAULT_CONCURRENCY);
	const send = retrying(throttle);

	const results: INodeExecutionData[][] = new Array(jobs.length);
	let failure: Error | undefined;
	const runItem = async (i: number) => {
		const job = jobs[i];
		const pairedItem = { item: i };
		try {
			if (job instanceof Error) throw job;
			const { operation, request } = job;
			const stripe = client();
			const file =
				operation.binary === 'input' ? await inputFile(ctx, i, request.binaryField!) : undefined;
			const objects = await shaped(request, () =>
				operation.run(stripe, request, send, { baseUrl, file }),
			);
			results[i] = objects.some((object) => object instanceof FileItem)
				? await Promise.all(
						objects.map(async (object) =>
							object instanceof FileItem
								? {
										json: object.json,
										binary: {
											[request.binaryField!]: await ctx.helpers.prepareBinaryData(
												object.file.data,
												object.file.fileName,
												object.file.mimeType,
											),
										},
										pairedItem,
									}
								: { json: object, pairedItem },
						),
					)
				: (objects as IDataObject[]).map((json) => ({ json, pairedItem }));
		} catch (error) {
			const failed = job instanceof Error ? nodeError(error, i) : named(nodeError(error, i), job);
			if (!ctx.continueOnFail()) throw failed;
			results[i] = [{ json: errorItemJson(failed), error: failed, pairedItem }];
		}
	};
	// Items run in parallel up to the throttle's bound; results are kept by index, so order follows the input.
	let next = 0;
	const worker = async () => {
		while (!failure && next < jobs.length) {
			try {
				await runItem(next++);
			} catch (error) {
				failure ??= error as Error;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(throttle.concurrency, jobs.length) }, worker));
	if (failure) throw failure;
	return [results.flat()];
}
