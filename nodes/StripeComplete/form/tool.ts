import type { INodeProperties } from 'n8n-workflow';
import { AMOUNT_HINT, type Field } from '../fields';
import { EFFECT_LABEL, effectOf } from '../operations/effects';
import type { Operation } from '../operations/operation';
import { resources } from '../resources/registry';
import type { Resource } from '../resources/types';

// The node as an AI agent's tool (n8n's "Stripe Complete Tool"). n8n describes a tool by its action
// ("Create a refund in Stripe Complete", n8n-workflow makeDescription) unless its `toolDescription`
// parameter says more; so the tool's form carries, per operation, a description an agent can act on:
// what the operation does, what it risks, the inputs it needs and their formats, and whether a repeated
// call writes again. n8n adds its own Description parameters only to a tool without one
// (convertNodeToAiTool), so these replace them; "Set Manually" keeps a description of the user's.

/** The Tool Description value that uses the descriptions below; n8n's own `auto` would use the action only. */
const GENERATED = 'generated';
const MAX_SUMMARY = 300;

const AMOUNTS =
	'Amounts: in the smallest currency unit (1050 = 10.50 USD) or a decimal with its currency, e.g. 10.50 USD.';

const isAmount = (field: Field) => field.property.hint === AMOUNT_HINT;
/** Whether any field, or any option of its collections, takes an amount. */
const takesAmount = (fields: Field[]): boolean =>
	fields.some((f) => isAmount(f) || (f.fields !== undefined && takesAmount(f.fields)));

/** What a required input takes, in words an agent can follow. */
function format(field: Field): string {
	const p = field.property;
	const placeholder =
		p.type === 'resourceLocator'
			? p.modes?.find((m) => m.name === 'id')?.placeholder
			: (p.placeholder as string | undefined);
	if (isAmount(field)) return 'an amount';
	if (p.name === 'currency') return 'a three-letter ISO code, e.g. usd';
	if (p.type === 'resourceLocator' || /^[a-z]+_\.\.\./.test(placeholder ?? ''))
		return placeholder ? `an ID like ${placeholder}` : 'an ID';
	if (p.type === 'options' && p.options?.length && p.options.length <= 8)
		return `one of ${p.options.map((o) => ('value' in o ? String(o.value) : o.name)).join(', ')}`;
	if (p.type === 'dateTime') return 'a date and time, ISO 8601';
	if (p.type === 'boolean') return 'true or false';
	if (p.type === 'number') return 'a number';
	if (p.type === 'json') return 'JSON';
	return placeholder ? `text, e.g. ${placeholder}` : 'text';
}

/** The first sentence of a description (one that ends before a capital letter), or its start. */
function summary(text: string): string {
	const first = /^(.+?[.!?])(\s+[A-Z]|$)/.exec(text.trim())?.[1] ?? text.trim();
	const cut = first.length > MAX_SUMMARY ? `${first.slice(0, MAX_SUMMARY - 3)}...` : first;
	return /[.!?]$/.test(cut) ? cut : `${cut}.`;
}

/** The tool description of one operation. */
export function toolDescription(resource: Resource, operation: Operation): string {
	const effect = effectOf(operation);
	const needs = operation.fields
		// Those always shown: a field shown only for some choice (Output's Fields) is needed only then.
		.filter((f) => f.property.required && !f.property.displayOptions)
		.map((f) => `${f.property.displayName} (${format(f)})`);
	return [
		`${operation.action} (Stripe ${resource.name} > ${operation.name}).`,
		EFFECT_LABEL[effect],
		summary(operation.description),
		needs.length ? `Needs: ${needs.join('; ')}.` : '',
		takesAmount(operation.fields) ? AMOUNTS : '',
		effect === 'reads'
			? ''
			: 'A repeated call with the same Idempotency Key (Options) does not repeat the write.',
	]
		.filter(Boolean)
		.join(' ');
}

/**
 * The tool's own parameters, in the node's form but shown only in its tool (`@tool`): how its description
 * is set, and the description of each operation. n8n builds the tool from the node's form when it runs a
 * workflow (NodeTypes.getByNameAndVersion), so they live there; a value equal to its default is not saved,
 * so the description follows the operation until a user writes their own. Each is plain text, not one
 * expression picking the operation's: n8n's editor resolves every expression among a node's parameters
 * for each property it checks on a change, and a table of 647 texts cost seconds per change in the tool.
 */
export function toolProperties(): {
	choice: INodeProperties[];
	descriptions: INodeProperties[];
} {
	return { choice: toolChoice(), descriptions: operationDescriptions() };
}

const SHOWN = { '@tool': [true], descriptionType: [GENERATED] };

/** Tool Description (Set Automatically / Set Manually), and the description a user writes. */
function toolChoice(): INodeProperties[] {
	return [
		{
			displayName: 'Tool Description',
			name: 'descriptionType',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Set Automatically',
					value: 'generated',
					description:
						'What the operation does, what it risks (reads, writes, moves money, destructive) and the inputs it needs',
				},
				{ name: 'Set Manually', value: 'manual', description: 'Manually set the description' },
			],
			default: 'generated',
			displayOptions: { show: { '@tool': [true] } },
		},
		{
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			default: '',
			required: true,
			typeOptions: { rows: 2 },
			description:
				'Explain to the LLM what this tool does, a good, specific description would allow LLMs to produce expected results much more often',
			displayOptions: { show: { '@tool': [true], descriptionType: ['manual'] } },
		},
	];
}

/** One hidden description per operation, its default the text above; '@tool' first: the node's own form rules them out at the first condition. */
function operationDescriptions(): INodeProperties[] {
	return resources.flatMap((resource) =>
		resource.operations.map((operation): INodeProperties => ({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'hidden',
			default: toolDescription(resource, operation),
			displayOptions: {
				show: {
					...SHOWN,
					resource: [resource.value],
					operation: [operation.value],
				},
			},
		})),
	);
}
