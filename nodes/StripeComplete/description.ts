import type { INodeProperties } from 'n8n-workflow';
import { resources } from './resources/registry';

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
	];
	for (const resource of resources) {
		// Named, because n8n's lint does not read `resource.operations[0].value` as a default.
		const firstOperation = resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: resource.operations
				.map((o) => ({
					name: o.name,
					value: o.value,
					action: o.action,
					description: o.description,
				}))
				.sort(byName),
			// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- options are generated; the first operation is among them
			default: firstOperation,
		});
	}
	const shared = new Map<string, { property: INodeProperties; pairs: Array<[string, string]> }>();
	for (const resource of resources)
		for (const operation of resource.operations)
			for (const { property } of operation.fields) {
				if (SHARED.has(property.name)) {
					const key = JSON.stringify(property);
					if (!shared.has(key)) shared.set(key, { property, pairs: [] });
					shared.get(key)!.pairs.push([resource.value, operation.value]);
				} else properties.push(shownFor(property, [resource.value], [operation.value]));
			}
	for (const { property, pairs } of shared.values())
		properties.push(...sharedCopies(property, pairs));
	return properties;
}

/** Properties most operations show alike (Options): emitted once for all the operations that share them, last in the form. */
const SHARED = new Set(['options']);

const shownFor = (
	property: INodeProperties,
	resource: string[] | undefined,
	operation: string[],
): INodeProperties => ({
	...property,
	displayOptions: {
		...property.displayOptions,
		show: { ...property.displayOptions?.show, ...(resource ? { resource } : {}), operation },
	},
});

/**
 * The fewest copies of a property that show it exactly on these (resource, operation) pairs: one copy
 * for the operation values it covers in every resource that has them, one per resource for the rest
 * (Cancel is a write on payment intents but a delete on subscriptions, with other Options).
 */
function sharedCopies(
	property: INodeProperties,
	pairs: Array<[string, string]>,
): INodeProperties[] {
	const has = new Set(pairs.map(([r, o]) => `${r}.${o}`));
	const everywhere = [...new Set(pairs.map(([, o]) => o))].filter((o) =>
		resources.every(
			(r) => !r.operations.some((op) => op.value === o) || has.has(`${r.value}.${o}`),
		),
	);
	const copies = everywhere.length ? [shownFor(property, undefined, everywhere)] : [];
	const rest = new Map<string, string[]>();
	for (const [r, o] of pairs) if (!everywhere.includes(o)) rest.set(r, [...(rest.get(r) ?? []), o]);
	for (const [r, ops] of rest) copies.push(shownFor(property, [r], ops));
	return copies;
}
