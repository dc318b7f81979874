/**
 * Version 2's Resource Group, read through n8n-workflow's own getNodeParameters and displayParameter (as the
 * editor fills and shows the form), and version 1's single Resource list kept for saved workflows.
 */
import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { COMMON_RESOURCES, RESOURCE_GROUPS } from '../../nodes/StripeComplete/form/groups';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { nodeOf, readParameters } from '../support/node-parameters';

const description = new StripeComplete().description;
/** The parameters the editor holds for a node of `typeVersion` set to `parameters`, defaults filled. */
const filled = (typeVersion: number, parameters: INodeParameters) =>
	readParameters(description, typeVersion, parameters);

/** The Resource properties the form shows for these parameters. */
const shownResourceLists = (typeVersion: number, parameters: INodeParameters) => {
	const values = filled(typeVersion, parameters);
	return description.properties.filter(
		(p): p is INodeProperties =>
			p.name === 'resource' &&
			NodeHelpers.displayParameter(values, p, nodeOf(typeVersion, values), description),
	);
};
const optionValues = (p: INodeProperties) =>
	(p.options as INodePropertyOptions[]).map((o) => o.value);

describe('resource groups', () => {
	it('puts every resource in exactly one group, the Common group first and equal to the panel’s resources', () => {
		const grouped = RESOURCE_GROUPS.flatMap((g) => g.resources.map((r) => r.value));
		expect([...grouped].sort()).toEqual(resources.map((r) => r.value).sort());
		expect(new Set(grouped).size).toBe(grouped.length);
		expect(RESOURCE_GROUPS[0].value).toBe('common');
		expect(RESOURCE_GROUPS[0].resources.map((r) => r.value).sort()).toEqual(
			[...COMMON_RESOURCES].sort(),
		);
		// Small lists: the editor draws every option of the list it shows.
		for (const group of RESOURCE_GROUPS) expect(group.resources.length).toBeLessThanOrEqual(31);
		expect(
			RESOURCE_GROUPS.find((g) => g.value === 'issuing')!.resources.map((r) => r.value),
		).toEqual(expect.arrayContaining(['issuingCard', 'issuingCardholder', 'issuingAuthorization']));
	});

	it('makes version 2 the default and keeps version 1', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('shows a new version 2 node the Common group: its 31 resources, Customer selected', () => {
		const values = filled(2, {});
		expect(values).toMatchObject({ resourceGroup: 'common', resource: 'customer' });
		const [list, ...others] = shownResourceLists(2, {});
		expect(others).toEqual([]);
		expect(optionValues(list)).toHaveLength(31);
		expect(optionValues(list)).toEqual(expect.arrayContaining(['refund', 'paymentIntent']));
	});

	it('shows a group’s own list, whose first resource and its first operation are the defaults', () => {
		for (const group of RESOURCE_GROUPS) {
			const [list, ...others] = shownResourceLists(2, { resourceGroup: group.value });
			expect(others).toEqual([]);
			expect([...optionValues(list)].sort()).toEqual(group.resources.map((r) => r.value).sort());
			expect(group.resources.map((r) => r.value)).toContain(list.default);
			const resource = resources.find((r) => r.value === list.default)!;
			expect(filled(2, { resourceGroup: group.value })).toMatchObject({
				resource: list.default,
				operation: resource.operations[0].value,
			});
		}
		const issuing = filled(2, { resourceGroup: 'issuing', resource: 'issuingCard' });
		expect(issuing).toMatchObject({ resource: 'issuingCard', operation: 'create' });
	});

	it('keeps version 1 as saved: one list of every resource, no group asked', () => {
		const [list, ...others] = shownResourceLists(1, { resource: 'issuingCard' });
		expect(others).toEqual([]);
		expect(optionValues(list)).toHaveLength(resources.length);
		const values = filled(1, { resource: 'issuingCard', operation: 'create' });
		expect(values).toMatchObject({ resource: 'issuingCard', operation: 'create' });
		expect(values.resourceGroup).toBeUndefined();
	});

	it('names every resource through the first Resource property, as n8n does for a node of any version', () => {
		const first = description.properties.find((p) => p.name === 'resource')!;
		expect(optionValues(first)).toHaveLength(resources.length);
	});
});
