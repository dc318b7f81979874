import type { INodeProperties } from 'n8n-workflow';

/** A valid value for a property, so that its apply() has something to send. */
export function sample(p: INodeProperties): unknown {
	switch (p.type) {
		case 'options':
			if (p.typeOptions?.loadOptionsMethod === 'getCurrencies') return 'usd';
			// Selected Fields, so that the Fields after it are read too.
			if (p.name === 'output') return 'selected';
			return p.name === 'method' ? 'POST' : (p.options![0] as { value: unknown }).value;
		case 'resourceLocator':
			return { __rl: true, mode: 'id', value: idSample(idPlaceholderOf(p)) };
		case 'boolean':
			return true;
		case 'number':
			return 2;
		case 'dateTime':
			return '2026-01-01T00:00:00Z';
		case 'json':
			return p.hint?.endsWith('[]') ? '[{"a": 1}]' : '{"a": 1}';
		case 'multiOptions':
			return [(p.options![0] as { value: unknown }).value];
		case 'collection':
			return Object.fromEntries((p.options as INodeProperties[]).map((o) => [o.name, sample(o)]));
		case 'fixedCollection': {
			const [group] = p.options as Array<{ name: string; values: INodeProperties[] }>;
			const values = Object.fromEntries(group.values.map((v) => [v.name, sample(v)]));
			return { [group.name]: p.typeOptions?.multipleValues ? [values] : values };
		}
		default:
			return p.typeOptions?.multipleValues ? [stringSample(p)] : stringSample(p);
	}
}

function stringSample(p: INodeProperties): string {
	if (p.name === 'currency') return 'usd';
	if (p.name === 'stripeAccount') return 'acct_123';
	if (p.name === 'apiVersion') return '2026-10-28.endive';
	if (p.name === 'country') return 'US';
	if (p.name === 'path') return '/v1/customers';
	if (p.name === 'chargeOrPaymentIntent') return 'pi_123';
	if (/url/i.test(p.name)) return 'https://example.com';
	if (/Decimal$/.test(p.name)) return '1.5';
	const text = idSample(p.placeholder) || 'value';
	// Within the field's limit, where its hint gives one (a US state: 2 characters).
	const max = Number(/At most (\d+) characters/.exec(p.hint ?? '')?.[1] ?? Infinity);
	return text.slice(0, max);
}

/** The placeholder of a field or of a resource locator's By ID mode. */
export const idPlaceholderOf = (p: INodeProperties) =>
	p.type === 'resourceLocator' ? p.modes?.find((m) => m.name === 'id')?.placeholder : p.placeholder;

const idSample = (placeholder: string | undefined) =>
	placeholder?.split(' or ')[0].replace('...', '123') ?? '';
