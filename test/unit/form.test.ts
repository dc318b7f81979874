/**
 * The node's form as n8n reads it, against the form written out plainly: every operation's fields, each with
 * its own copy shown on that operation alone. Both are read through n8n-workflow's getNodeParameters and
 * displayParameter, as the editor fills and shows a form and as n8n reads a saved workflow before it runs.
 * Folding fields and collections into shared properties must change nothing an operation shows or keeps.
 */
import type {
	INodeParameters,
	INodeProperties,
	INodeTypeDescription,
	NodeParameterValue,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { RESOURCE_GROUPS } from '../../nodes/StripeComplete/form/groups';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { nodeOf, readParameters } from '../support/node-parameters';
import { sample } from '../support/samples';

const description = new StripeComplete().description;
const isField = (p: INodeProperties) =>
	!['resourceGroup', 'resource', 'operation'].includes(p.name) &&
	!p.displayOptions?.show?.['@tool'];

/** The same node, its fields written out: one property per field of each operation. */
const plain: INodeTypeDescription = {
	...description,
	properties: [
		...description.properties.filter((p) => !isField(p)),
		...resources.flatMap((resource) =>
			resource.operations.flatMap((operation) =>
				operation.fields.map(({ property }): INodeProperties => ({
					...property,
					displayOptions: {
						...property.displayOptions,
						show: {
							...property.displayOptions?.show,
							resource: [resource.value],
							operation: [operation.value],
						},
					},
				})),
			),
		),
	],
};

const groupOf = (resource: string) =>
	RESOURCE_GROUPS.find((g) => g.resources.some((r) => r.value === resource))!.value;
/** What the form shows for these values: each field in order, a collection with the options it offers. */
function shown(d: INodeTypeDescription, typeVersion: number, values: INodeParameters) {
	const at = nodeOf(typeVersion, values);
	const strip = ({ displayOptions: _, ...rest }: INodeProperties) => rest;
	return d.properties
		.filter((p) => isField(p) && NodeHelpers.displayParameter(values, p, at, d))
		.map((p) =>
			p.type !== 'collection'
				? strip(p)
				: {
						...strip(p),
						options: (p.options as INodeProperties[])
							.filter((o) => NodeHelpers.displayParameterPath(values, o, p.name, at, d))
							.map(strip),
					},
		);
}

const cases = resources.flatMap((resource) =>
	resource.operations.map((operation) => ({ resource, operation })),
);

describe('the form, its fields folded into shared properties', () => {
	it('has fewer properties than the plain form, and one collection per name and look', () => {
		const fields = description.properties.filter(isField);
		expect(fields.length).toBeLessThan(plain.properties.filter(isField).length / 2);
		const collections = fields.filter((p) => p.name === 'additionalFields');
		expect(collections.length).toBeLessThan(20);
	});

	it.each(
		cases.map(
			({ resource, operation }) =>
				[`${resource.value}.${operation.value}`, resource.value, operation] as const,
		),
	)(
		'%s: shows and keeps what the plain form does, in versions 1 and 2',
		(_, resource, operation) => {
			for (const typeVersion of [1, 2]) {
				const given: INodeParameters = {
					...(typeVersion === 2 ? { resourceGroup: groupOf(resource) } : {}),
					resource,
					operation: operation.value,
				};
				// A new node: the values and defaults the editor fills, and the fields it shows.
				const filled = readParameters(description, typeVersion, given, true);
				expect(filled).toEqual(readParameters(plain, typeVersion, given, true));
				expect(shown(description, typeVersion, filled)).toEqual(shown(plain, typeVersion, filled));
				// A saved node with every option of its collections set: n8n keeps each, and one that is not
				// the operation's is dropped by both.
				const set: INodeParameters = { ...given };
				for (const { property } of operation.fields)
					if (property.type === 'collection')
						set[property.name] = {
							...Object.fromEntries(
								(property.options as INodeProperties[]).map((o) => [
									o.name,
									sample(o) as NodeParameterValue,
								]),
							),
							notAnOptionHere: 'x',
						};
				const kept = readParameters(description, typeVersion, set, false);
				expect(kept).toEqual(readParameters(plain, typeVersion, set, false));
				for (const { property } of operation.fields)
					if (property.type === 'collection')
						expect(Object.keys(kept[property.name] as object).sort()).toEqual(
							(property.options as INodeProperties[]).map((o) => o.name).sort(),
						);
			}
		},
	);
});
