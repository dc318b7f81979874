import type { INodeProperties } from 'n8n-workflow';
import { compact } from './compact';
import { resourceProperties } from './groups';
import { operationProperties } from './panel';
import { resources } from '../resources/registry';
import { toolProperties } from './tool';

/**
 * The node's form, read from the same operations that execute it; `toolExpressions`: the tool's
 * descriptions as one expression (the n8n running it resolves one, form/tool.ts).
 */
export function nodeProperties(toolExpressions?: boolean): INodeProperties[] {
	const tool = toolProperties(toolExpressions);
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
