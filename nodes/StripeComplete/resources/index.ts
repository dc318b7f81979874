import type { INodeProperties } from 'n8n-workflow';
import { generatedOperation, methods, resourceOf } from '../generated';
import type { Operation } from '../operation';
import { account } from './account';
import { apiRequest } from './apiRequest';
import { charge } from './charge';
import { customer } from './customer';
import { paymentLink } from './paymentLink';
import { price } from './price';
import { product } from './product';
import { overlays } from './overlays';
import { refund } from './refund';
import type { Resource } from './types';

/** Resources with hand-made operations; each names the SDK methods it calls. */
const handMade: Resource[] = [account, apiRequest, charge, customer, paymentLink, price, product, refund];

/**
 * The registry: every SDK method is an operation, hand-made where one calls it, generated otherwise.
 * File downloads and uploads need binary data and come with their own operations.
 */
function registry(): Resource[] {
	const covered = new Set(handMade.flatMap((r) => r.operations.flatMap((o) => o.sdk ?? [])));
	const byValue = new Map(handMade.map((r) => [r.value, { ...r, operations: [...r.operations] }]));
	for (const method of methods) {
		if (covered.has(`${method.sdk}.${method.method}`) || method.download || method.upload) continue;
		const { value, name } = resourceOf(method.sdk);
		if (!byValue.has(value)) byValue.set(value, { name, value, operations: [] });
		byValue.get(value)!.operations.push(generatedOperation(method, overlays[`${method.sdk}.${method.method}`]));
	}
	return [...byValue.values()];
}

export const resources: Resource[] = registry();

export function findOperation(resource: string, operation: string): Operation {
	const found = resources.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
	if (!found) throw new Error(`Unknown operation "${operation}" for resource "${resource}"`);
	return found;
}

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
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is the resource's first operation
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- option entries, not parameters
			options: resource.operations.map((o) => ({ name: o.name, value: o.value, action: o.action, description: o.description })).sort(byName),
			default: resource.operations[0].value,
		});
	}
	for (const resource of resources)
		for (const operation of resource.operations)
			for (const { property } of operation.fields)
				properties.push({
					...property,
					displayOptions: {
						...property.displayOptions,
						show: { ...property.displayOptions?.show, resource: [resource.value], operation: [operation.value] },
					},
				});
	return properties;
}
