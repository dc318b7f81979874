import type { INodeProperties } from 'n8n-workflow';
import { compact } from './compact';
import { resourceProperties } from './groups';
import { operationProperties } from './panel';
import { resources } from '../resources/registry';
import { toolProperties } from './tool';

/** The node's form, read from the same operations that execute it. */
export function nodeProperties(): INodeProperties[] {
	const tool = toolProperties();
	// n8n-workflow orders the form's properties by what they depend on (getParameterResolveOrder), scanning
	// those already placed for each dependency of each property, on every change in the form. So the tool's
	// choice of description comes first (as n8n places its own tools' Description), and its hidden
	// descriptions right after Resource and Operation, which they depend on: there the node's own form,
	// which never shows them, pays least for them.
	const properties: INodeProperties[] = [
		...tool.choice,
		...resourceProperties(),
		...operationProperties(),
		...tool.descriptions,
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
