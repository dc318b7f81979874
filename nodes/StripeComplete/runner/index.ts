import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type Stripe from 'stripe';
import { createClient, CREDENTIAL, type StripeCredential } from '../client';
import type { Request } from '../fields';
import { DEFAULT_CONCURRENCY, type Operation } from '../operation';
import { findOperation } from '../resources';
import { errorItemJson, toNodeError } from './errors';
import { automaticKey } from './idempotency';
import { retrying } from './retry';
import { Throttle } from './throttle';

interface Job {
	operation: Operation;
	request: Request;
}

/** Reads one item's form values through the operation's own fields. */
export function buildRequest(ctx: IExecuteFunctions, itemIndex: number, runIndex: number): Job {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const value = ctx.getNodeParameter('operation', itemIndex) as string;
	const operation = findOperation(resource, value);
	const request: Request = { params: {}, path: {}, options: {}, returnAll: false, limit: 50, timeZone: ctx.getTimezone() };
	for (const field of operation.fields) {
		field.apply(ctx.getNodeParameter(field.property.name, itemIndex, field.property.default), request);
	}
	operation.check?.(request);
	if (operation.kind === 'write' && !request.options.idempotencyKey) {
		request.options.idempotencyKey = automaticKey(
			{ executionId: ctx.getExecutionId(), nodeId: ctx.getNode().id, runIndex, itemIndex, operation: `${resource}.${value}` },
			request,
		);
	}
	return { operation, request };
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
			const objects = await job.operation.run(client(), job.request, send);
			results[i] = objects.map((json) => ({ json, pairedItem }));
		} catch (error) {
			const failed = nodeError(error, i);
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
