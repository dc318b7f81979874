import { operationFromTable } from '../operations/fromTable';
import { operationValue, resourceOf } from '../operations/naming';
import type { Operation } from '../operations/operation';
import { methods } from '../operations/table';
import { account } from './account';
import { apiRequest } from './apiRequest';
import { charge } from './charge';
import { checkoutSession } from './checkoutSession';
import { creditNote } from './creditNote';
import { customer } from './customer';
import { ephemeralKey } from './ephemeralKey';
import { file } from './file';
import { invoice } from './invoice';
import { paymentLink } from './paymentLink';
import { price } from './price';
import { product } from './product';
import { quote } from './quote';
import { refund } from './refund';
import { subscription } from './subscription';
import type { Resource, ResourceOverlay } from './types';

/**
 * What people add to the generated operations, one file per resource named by its value (a test checks
 * that every file in this folder is listed).
 */
export const resourceOverlays: ResourceOverlay[] = [
	account,
	charge,
	checkoutSession,
	creditNote,
	customer,
	ephemeralKey,
	file,
	invoice,
	paymentLink,
	price,
	product,
	quote,
	refund,
	subscription,
];

/** The operation a resource opens on: the one people reach for first. */
const FIRST = ['create', 'get', 'getAll'];

/**
 * The registry: every SDK method is an operation, generated from the table with its overlay applied,
 * unless an operation of the resource's own replaces it. A file download or upload is only offered
 * through an operation of its own, which takes or gives n8n binary data. An overlay or a replacement
 * naming an operation the table does not give is a mistake, refused here rather than ignored.
 */
export function registry(given = resourceOverlays): Resource[] {
	const overlays = new Map(given.map((r) => [r.resource, r]));
	const byValue = new Map<string, Resource>([[apiRequest.value, apiRequest]]);
	const unused = new Set(
		given.flatMap((r) =>
			[...Object.keys(r.overlays ?? {}), ...(r.replaces ?? [])].map(
				(operation) => `${r.resource}.${operation}`,
			),
		),
	);
	for (const method of methods) {
		const { value, name } = resourceOf(method.sdk);
		const own = overlays.get(value);
		if (!byValue.has(value))
			byValue.set(value, { name, value, operations: [...(own?.operations ?? [])] });
		const operation = operationValue(method.method);
		unused.delete(`${value}.${operation}`);
		if (own?.replaces?.includes(operation) || method.download || method.upload) continue;
		byValue.get(value)!.operations.push(operationFromTable(method, own?.overlays?.[operation]));
	}
	if (unused.size)
		throw new Error(`Overlays for operations the table does not give: ${[...unused].join(', ')}`);
	for (const resource of byValue.values()) {
		const first =
			FIRST.map((v) => resource.operations.findIndex((o) => o.value === v)).find((i) => i >= 0) ??
			0;
		resource.operations.unshift(...resource.operations.splice(first, 1));
	}
	return [...byValue.values()];
}

/** The registry, in the order of the Resource dropdown's source; the dropdown sorts by name. */
export const resources: Resource[] = registry();

/** The operation of `resource` whose value is `operation`, if this version has it. */
export const operationOf = (resource: string, operation: string): Operation | undefined =>
	resources.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);

export function findOperation(resource: string, operation: string): Operation {
	const found = operationOf(resource, operation);
	if (!found) throw new Error(`Unknown operation "${operation}" for resource "${resource}"`);
	return found;
}
