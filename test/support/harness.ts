import { parse } from 'path';
import {
	fileTypeFromMimeType,
	NodeOperationError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { checkOutputSchemas } from './output-schemas';
import { createStandIn, isStandIn, type StandIn } from '../../stand-ins/stripe';

export type Params = Record<string, unknown>;

export interface RunOptions {
	/** Input items; one empty item by default. */
	items?: IDataObject[];
	/** The binary data of each input item, by field name, as n8n gives it (see `binaryData`). */
	binary?: Array<Record<string, IBinaryData> | undefined>;
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
export async function runNode(
	baseUrl: string,
	params: Params | ((itemIndex: number) => Params),
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const items: INodeExecutionData[] = (options.items ?? [{}]).map((json, i) =>
		options.binary?.[i] ? { json, binary: options.binary[i] } : { json },
	);
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
		helpers: {
			prepareBinaryData: binaryData,
			assertBinaryData: (i: number, parameterData: string | IBinaryData) =>
				assertBinaryData(node, items, i, parameterData),
			getBinaryDataBuffer: async (i: number, parameterData: string | IBinaryData) => {
				const binary =
					typeof parameterData === 'string' ? items[i].binary![parameterData] : parameterData;
				return Buffer.from(binary.data, 'base64');
			},
		},
	} as unknown as IExecuteFunctions;
	const [out] = await new StripeComplete().execute.call(ctx);
	// A stand-in answers as Stripe would (a scripted server's answers may be anything): its objects
	// must match the output schemas n8n's editor shows.
	if (isStandIn(String(options.credentials?.baseUrl ?? baseUrl)))
		checkOutputSchemas(out, paramsFor);
	return out;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires -- n8n's own MIME table (n8n-workflow depends on it)
const mime = require('mime-types') as {
	extension(type: string): string | false;
	lookup(path: string): string | false;
};

/** pretty-bytes, as n8n shows a file's size: "912 B", "1.23 kB". */
function prettyBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	const exponent = bytes < 1 ? 0 : Math.min(Math.floor(Math.log10(bytes) / 3), units.length - 1);
	return `${Number((bytes / 1000 ** exponent).toPrecision(3))} ${units[exponent]}`;
}

/**
 * n8n's prepareBinaryData in its in-memory mode: the MIME type given or looked up from the file
 * name, the extension from the file name or the MIME type, the bytes as base64 with their size.
 */
export async function binaryData(
	buffer: Buffer,
	filePath?: string,
	mimeType?: string,
): Promise<IBinaryData> {
	let type = mimeType || (filePath && mime.lookup(filePath)) || undefined;
	let fileExtension = type ? mime.extension(type) || undefined : undefined;
	type ??= 'text/plain';
	const binary: IBinaryData = {
		mimeType: type,
		fileType: fileTypeFromMimeType(type),
		fileExtension,
		data: '',
	};
	if (filePath) {
		const { dir, base, ext } = parse(filePath);
		if (dir !== '') binary.directory = dir;
		binary.fileName = base;
		fileExtension = ext.slice(1);
		if (fileExtension) binary.fileExtension = fileExtension;
	}
	return {
		...binary,
		data: buffer.toString('base64'),
		fileSize: prettyBytes(buffer.length),
		bytes: buffer.length,
	};
}

/** n8n's assertBinaryData: the item's binary field, or the error n8n gives when it is missing. */
function assertBinaryData(
	node: INode,
	items: INodeExecutionData[],
	itemIndex: number,
	parameterData: string | IBinaryData,
): IBinaryData {
	if (typeof parameterData !== 'string') return parameterData;
	const binary = items[itemIndex].binary;
	if (binary === undefined)
		throw new NodeOperationError(
			node,
			`This operation expects the node's input data to contain a binary file '${parameterData}', but none was found [item ${itemIndex}]`,
			{
				itemIndex,
				description: 'Make sure that the previous node outputs a binary file',
			},
		);
	if (binary[parameterData] === undefined)
		throw new NodeOperationError(
			node,
			`The item has no binary field '${parameterData}' [item ${itemIndex}]`,
			{
				itemIndex,
				description:
					'Check that the parameter where you specified the input binary field name is correct, and that it matches a field in the binary input',
			},
		);
	return binary[parameterData];
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
