import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { IDataObject, INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { findOperation } from '../../nodes/StripeComplete/resources/registry';
import { operationSchema, readGenerated } from '../../scripts/build/schema-files';

// The output schemas n8n's editor shows before a run, held to what runs give: an item whose field has
// another type than its operation's schema declares fails the test that produced it.

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const generated = readGenerated();
const validators = new Map<string, ValidateFunction | undefined>();
/** How many items were checked, by operation: what runs against stand-ins have shown to match. */
export const checked = new Map<string, number>();

function validatorOf(resource: string, operation: string): ValidateFunction | undefined {
	const key = `${resource}.${operation}`;
	if (!validators.has(key)) {
		const schema = operationSchema(findOperation(resource, operation), generated);
		validators.set(key, schema ? ajv.compile(schema) : undefined);
	}
	return validators.get(key);
}

/** An item's value at an Ajv path (`/lines/data/0/amount`), shortened for a message. */
function valueAt(json: IDataObject, pointer: string): string {
	const value = pointer
		.split('/')
		.slice(1)
		.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], json);
	const text = JSON.stringify(value) ?? 'undefined';
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const describe = (json: IDataObject, error: ErrorObject) =>
	`${error.instancePath || '(the item)'} ${error.message} (got ${valueAt(json, error.instancePath)})`;

/**
 * Checks the output of a run with default output settings (Simplify off, nothing expanded): every
 * item but an error item matches the schema of the operation that produced it.
 */
export function checkOutputSchemas(
	items: INodeExecutionData[],
	paramsFor: (itemIndex: number) => Record<string, unknown>,
) {
	for (const [index, item] of items.entries()) {
		if (item.error) continue;
		const itemIndex = (item.pairedItem as IPairedItemData | undefined)?.item ?? 0;
		const params = paramsFor(itemIndex);
		const options = params.options as IDataObject | undefined;
		// Output other than Raw keeps some fields; Expand gives objects where the schema has their IDs.
		if ((params.output ?? 'raw') !== 'raw' || params.asPage || options?.expand) continue;
		const resource = String(params.resource);
		const operation = String(params.operation);
		const validate = validatorOf(resource, operation);
		if (!validate) continue;
		const key = `${resource}.${operation}`;
		checked.set(key, (checked.get(key) ?? 0) + 1);
		if (validate(item.json)) continue;
		throw new Error(
			`Output item ${index} of ${resource} > ${operation} does not match the operation's output schema:\n${validate
				.errors!.map((e) => `  ${describe(item.json, e)}`)
				.join('\n')}`,
		);
	}
}
