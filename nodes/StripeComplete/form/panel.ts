import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { byName, COMMON_RESOURCES } from './groups';
import { resources } from '../resources/registry';
import type { Resource } from '../resources/types';
import { EFFECT_LABEL, effectOf } from '../operations/effects';

// n8n's node panel lists a community node's actions in a view without a search box, adding 5 per frame
// (n8n-editor-ui ItemsRenderer.vue, LAZY_LOAD_ITEMS_PER_TICK): every operation took about 5 s. It lists the
// Common group's resources, every operation of each; the others are in the form's Resource lists.

/** A resource's Operation list, shown in the form where `show` says. */
function operationList(resource: Resource, show: IDisplayOptions['show']): INodeProperties {
	// Named, because n8n's lint does not read `resource.operations[0].value` as a default.
	const firstOperation = resource.operations[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: resource.operations
			.map((o) => ({
				name: o.name,
				value: o.value,
				action: o.action,
				description: `${EFFECT_LABEL[effectOf(o)]} ${o.description}`,
			}))
			.sort(byName),
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- options are generated; the first operation is among them
		default: firstOperation,
	};
}

/**
 * Every Operation property, in the order n8n reads them. n8n takes a resource's first Operation property:
 * for the node panel's actions among those of the node's version (useActionsGeneration.ts, resourceCategories),
 * for node names and tool descriptions among all (n8n-workflow makeNodeName, resolveResourceAndOperation).
 * So a resource the panel leaves out has, first, its list under a version the node never has (names: "Create
 * an issuing card"), then an empty list the form never shows (the panel: none), then the form's own.
 */
export function operationProperties(): INodeProperties[] {
	const left = resources.filter((r) => !COMMON_RESOURCES.includes(r.value));
	const leftValues = left.map((r) => r.value);
	return [
		...left.map((r) => operationList(r, { '@version': [0], resource: [r.value] })),
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			options: [],
			default: '',
			displayOptions: { show: { resource: leftValues }, hide: { resource: leftValues } },
		},
		...resources.map((r) => operationList(r, { resource: [r.value] })),
	];
}
