import type { INodeProperties } from 'n8n-workflow';
import { compact } from './compact';
import { operationProperties } from './panel';
import { resources } from './resources/registry';
import { toolProperties } from './tool';

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** The node's form, read from the same operations that execute it. */
export function nodeProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((r) => ({ name: r.name, value: r.value })).sort(byName),
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- options are generated; customer is among them
			default: 'customer',
		},
		...operationProperties(),
		// Right after Resource and Operation, which they depend on: n8n-workflow orders the form's properties by
		// what they depend on (getParameterResolveOrder) with a scan of those already placed, so placed here
		// the node's own form, which never shows them, pays least for them.
		...toolProperties(),
	];
	const forms = resources.flatMap((resource) =>
		resource.operations.map((operation) => ({
			resource: resource.value,
			operation: operation.value,
			fields: operation.fields.map((field) => field.property),
		})),
	);
	return [...properties, ...compact(forms)];
}
