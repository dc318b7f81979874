import * as fs from 'fs';
import { Workflow, type INodeParameters, type INodeProperties, type INodeTypes } from 'n8n-workflow';
import { eventTypes, render, OUTPUT } from '../../scripts/generate-event-types';
import { StripeCompleteTrigger } from '../../nodes/StripeCompleteTrigger/StripeCompleteTrigger.node';

const description = new StripeCompleteTrigger().description;
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

describe('event types from the SDK', () => {
	it('the committed eventTypes.json is what the generator makes from the installed SDK (run scripts/generate-event-types.js after an upgrade)', () => {
		expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(render(eventTypes()));
	});

	it('lists every member of the SDK Event union once, sorted, each with its description', () => {
		const types = eventTypes();
		const values = types.map((t: { value: string }) => t.value);
		expect(values).toEqual([...values].sort());
		expect(new Set(values).size).toBe(values.length);
		expect(values).toEqual(expect.arrayContaining(['customer.created', 'charge.refunded', 'checkout.session.completed', 'invoice.paid', 'payment_intent.succeeded']));
		expect(types.find((t: { value: string }) => t.value === 'customer.created')).toEqual({ value: 'customer.created', description: 'Occurs whenever a new customer is created.' });
		expect(types.every((t: { description: string }) => t.description.length > 0)).toBe(true);
	});

	it('reads the union and each member interface, and fails loudly when a member has no declaration', () => {
		const definitions = [
			'export type Event = BEvent | AEvent;',
			'/**\n * Occurs when b.\n */\nexport interface BEvent extends EventBase {\n    type: \'b.happened\';\n}',
			'/**\n * Occurs when a,\n * over two lines.\n */\nexport interface AEvent extends EventBase {\n    type: \'a.happened\';\n}',
		].join('\n');
		expect(eventTypes(definitions)).toEqual([
			{ value: 'a.happened', description: 'Occurs when a, over two lines.' },
			{ value: 'b.happened', description: 'Occurs when b.' },
		]);
		expect(() => eventTypes('export type Event = MissingEvent;')).toThrow('MissingEvent');
	});

	it('the Events field offers "*" (all events) first, then every generated type', () => {
		const events = property('events');
		const values = (events.options as Array<{ value: string }>).map((o) => o.value);
		expect(events).toMatchObject({ type: 'multiOptions', required: true, default: [] });
		expect(values).toEqual(['*', ...eventTypes().map((t: { value: string }) => t.value)]);
	});
});

describe('Stripe Complete Trigger description', () => {
	it('is a trigger with a Webhook mode (default) and a Polling mode', () => {
		expect(description).toMatchObject({ name: 'stripeCompleteTrigger', group: ['trigger'], inputs: [], outputs: ['main'], polling: true });
		expect(description.credentials).toEqual([{ name: 'stripeCompleteApi', required: true }]);
		expect(property('mode')).toMatchObject({ type: 'options', default: 'webhook' });
		expect((property('mode').options as Array<{ value: string }>).map((o) => o.value)).toEqual(['polling', 'webhook']);
	});

	it('registers its webhook only in Webhook mode: the HTTP method n8n evaluates is empty in Polling mode, which n8n skips', () => {
		expect(description.webhooks).toEqual([expect.objectContaining({ name: 'default', path: 'webhook', responseMode: 'onReceived' })]);
		const nodeType = new StripeCompleteTrigger();
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
		const httpMethod = (parameters: INodeParameters) => {
			const workflow = new Workflow({ nodes: [{ id: '1', name: 'Trigger', type: 'n8n-nodes-stripe-complete.stripeCompleteTrigger', typeVersion: 1, position: [0, 0], parameters }], connections: {}, active: false, nodeTypes });
			return workflow.expression.getSimpleParameterValue(workflow.getNode('Trigger')!, description.webhooks![0].httpMethod, 'internal', {});
		};
		expect(httpMethod({})).toBe('POST');
		expect(httpMethod({ mode: 'webhook' })).toBe('POST');
		expect(httpMethod({ mode: 'polling' })).toBe('');
	});

	it('shows webhook fields in Webhook mode and polling options in Polling mode', () => {
		const shownIn = (p: INodeProperties) => p.displayOptions?.show?.['/mode'] ?? p.displayOptions?.show?.mode;
		expect(shownIn(property('connect'))).toEqual(['webhook']);
		expect(shownIn(property('signingSecret'))).toEqual(['webhook']);
		expect(property('signingSecret').typeOptions).toEqual({ password: true });
		const options = property('options').options as INodeProperties[];
		expect(Object.fromEntries(options.map((o) => [o.name, [shownIn(o), o.default]]))).toEqual({
			stripeAccount: [['polling'], ''],
			tolerance: [['webhook'], 300],
			startFrom: [['polling'], ''],
		});
		expect((property('filters').options as INodeProperties[]).map((o) => o.name)).toEqual(['account', 'customer', 'livemode']);
	});
});
