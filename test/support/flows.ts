import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { RecordedRequest } from '../../stand-ins/stripe';
import { runNode, useStandIn, type Params, type RunOptions } from './harness';

/**
 * A later node's parameters for `operation` of `resource` on the input item's object: its ID parameter
 * `idParameter` read from `$json.id`, `more` as given.
 */
export const onItem =
	(resource: string, operation: string, idParameter: string, more: Params = {}) =>
	(json: IDataObject): Params => ({ resource, operation, [idParameter]: json.id, ...more });

/**
 * The flows people build, step by step through execute(): each step is a node of its own in one
 * execution, its input the previous node's output and its IDs read from that input as `$json` would.
 * A stand-in per test file, with what its flows seed and check.
 */
export function useFlows() {
	const env = useStandIn();

	/** The one request the last step sent. */
	function sent(): RecordedRequest {
		const requests = env.standIn.requests.splice(0);
		expect(requests).toHaveLength(1);
		return requests[0];
	}

	let executions = 0;
	function workflow() {
		const executionId = `flow-${++executions}`;
		let nodes = 0;
		let last: () => Promise<INodeExecutionData[]>;
		const run = (
			params: Params | ((i: number) => Params),
			items: IDataObject[] | undefined,
			options: RunOptions = {},
		) => {
			const nodeId = `${executionId}-node-${++nodes}`;
			last = () => runNode(env.url, params, { executionId, nodeId, items, ...options });
			return last();
		};
		return {
			executionId,
			/** The last node once more in the same execution, as Retry On Fail runs it. */
			retry: () => last(),
			/** The first node after the trigger: one empty item in. */
			start: (params: Params, options?: RunOptions) => run(params, undefined, options),
			/** A later node: an item of an earlier node's output in, its parameters read from it. */
			then: (input: IDataObject, params: (json: IDataObject) => Params, options?: RunOptions) =>
				run(() => params(input), [input], options),
			/**
			 * The last step's one request, a write: POST with the form body as sent and the execution's
			 * automatic Idempotency-Key.
			 */
			wrote(path: string, rawBody: string): RecordedRequest {
				const req = sent();
				expect([req.method, req.path, req.rawBody]).toEqual(['POST', path, rawBody]);
				expect(req.idempotencyKey).toMatch(new RegExp(`^n8n-${executionId}-0-0-[0-9a-f]{64}$`));
				expect(req.replayed).toBeUndefined();
				expect(req.forwarded).toBeUndefined();
				return req;
			},
		};
	}

	const customer = (fields: IDataObject = {}) =>
		env.standIn.seed('customers', { email: 'buyer@example.com', ...fields }).id as string;
	let connected = 0;

	return {
		workflow,
		sent,
		/** The only output item, paired to the only input item. */
		only(out: INodeExecutionData[]): IDataObject {
			expect(out).toHaveLength(1);
			expect(out[0].pairedItem).toEqual({ item: 0 });
			return out[0].json;
		},
		stored: (id: unknown) => env.standIn.store.get(id as string)!,
		customer,
		/** A customer whose invoices and subscriptions are charged to a saved card. */
		customerWithCard: () =>
			customer({ invoice_settings: { default_payment_method: 'pm_card_visa' } }),
		price: (unitAmount: number, recurring?: IDataObject) =>
			env.standIn.seed('prices', {
				product: env.standIn.seed('products', { name: 'Team plan' }).id,
				unit_amount: unitAmount,
				currency: 'usd',
				...(recurring ? { recurring } : {}),
			}).id as string,
		connectedAccount: () => env.standIn.connectedAccount(`acct_1Flow${++connected}`),
	};
}
