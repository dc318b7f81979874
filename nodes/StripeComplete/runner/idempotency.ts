import { createHash } from 'crypto';
import type { Request } from '../fields';

const stable = (value: unknown): string => {
	if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value);
};

/**
 * The automatic Idempotency-Key of a write: the same for the same execution, node, item and request
 * (so a node retry never writes twice), and different when what is sent differs (so a node run many
 * times in one execution, as inside Loop Over Items, never gets an earlier write's replay).
 */
export function automaticKey(scope: { executionId: string; nodeId: string; itemIndex: number; operation: string }, request: Request): string {
	const digest = createHash('sha256')
		.update(stable({ node: scope.nodeId, operation: scope.operation, path: request.path, params: request.params, account: request.options.stripeAccount ?? null }))
		.digest('hex');
	return `n8n-${scope.executionId}-${scope.itemIndex}-${digest}`.slice(-255);
}
