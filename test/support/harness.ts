import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { createStandIn, type StandIn } from './stand-in';

export type Params = Record<string, unknown>;

export interface RunOptions {
	/** Input items; one empty item by default. */
	items?: IDataObject[];
	continueOnFail?: boolean;
	executionId?: string;
	nodeId?: string;
	/** The node's run in the execution, as `$runIndex` (a later batch of Loop Over Items runs it again). */
	runIndex?: number;
	credentials?: IDataObject;
}

export const TEST_KEY = 'sk_test_standin_4242';

/**
 * Runs the node's execute() as n8n would: parameters per item (a function of the item index for
 * values that an expression would give), credentials, Continue On Fail, execution and node ids.
 */
export async function runNode(baseUrl: string, params: Params | ((itemIndex: number) => Params), options: RunOptions = {}): Promise<INodeExecutionData[]> {
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const node: INode = {
		id: options.nodeId ?? '8d5c2b0e-1111-4c4c-9d9d-000000000001',
		name: 'Stripe Complete',
		type: 'n8n-nodes-stripe-complete.stripeComplete',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const paramsFor = (i: number) => (typeof params === 'function' ? params(i) : params);
	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		getExecutionId: () => options.executionId ?? 'exec-1',
		getTimezone: () => 'UTC',
		getWorkflowDataProxy: () => ({ $runIndex: options.runIndex ?? 0 }),
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () => options.credentials ?? { secretKey: TEST_KEY, baseUrl },
		getNodeParameter: (name: string, i: number, fallback?: unknown) => {
			const value = paramsFor(i)[name];
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
	} as unknown as IExecuteFunctions;
	const [out] = await new StripeComplete().execute.call(ctx);
	return out;
}

/** A stand-in per test file, reset of recorded requests before each test. */
export function useStandIn() {
	const state = {} as { standIn: StandIn; url: string };
	beforeAll(async () => {
		state.standIn = createStandIn();
		state.url = await state.standIn.listen();
	});
	beforeEach(() => {
		state.standIn.requests.length = 0;
	});
	afterAll(async () => {
		await state.standIn.close();
	});
	return state;
}

/** The error a run throws, so its fields can be checked one by one. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the run to fail');
}

/** Unix seconds as the ISO text a date field receives. */
export const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();
