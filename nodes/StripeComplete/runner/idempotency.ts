import { createHash } from 'crypto';
import type { Request } from '../fields';

/** JSON with keys in sorted order, so the same request always gives the same text. */
function stable(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	let text = '';
	for (const k of Object.keys(value).sort())
		text += `${text ? ',' : ''}${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`;
	return `{${text}}`;
}

/**
 * The automatic Idempotency-Key of a write: the same for the same execution, node, run, item and
 * request, so Retry On Fail (which repeats the same run) never writes twice; different for another run
 * of the node in the same execution (Loop Over Items), even with identical parameters, and whenever
 * what is sent differs. A tool called over MCP runs before n8n numbers its execution: without an execution
 * ID the key is the node's and the request's, so the same call repeated within Stripe's ~24 hours replays
 * the first answer instead of writing again, as the tool's description says.
 */
export function automaticKey(
	scope: {
		executionId: string | undefined;
		nodeId: string;
		runIndex: number;
		itemIndex: number;
		operation: string;
	},
	request: Request,
): string {
	const digest = createHash('sha256')
		.update(
			stable({
				node: scope.nodeId,
				operation: scope.operation,
				path: request.path,
				params: request.params,
				account: request.options.stripeAccount ?? null,
			}),
		)
		.digest('hex');
	const execution = scope.executionId ? `n8n-${scope.executionId}` : 'n8n-tool-call';
	return `${execution}-${scope.runIndex}-${scope.itemIndex}-${digest}`.slice(-255);
}
