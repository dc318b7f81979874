import * as fs from 'fs';
import * as path from 'path';
import {
	Workflow,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
} from 'n8n-workflow';
import { eventTypes } from '../../scripts/generate/event-types';
import { StripeCompleteTrigger } from '../../nodes/StripeCompleteTrigger/StripeCompleteTrigger.node';
import { StripeCompletePollingTrigger } from '../../nodes/StripeCompletePollingTrigger/StripeCompletePollingTrigger.node';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';

const versioned = new StripeCompleteTrigger();
const v1 = versioned.getNodeType(1);
const webhook = versioned.getNodeType(2);
const polling: INodeType = new StripeCompletePollingTrigger();
const description = v1.description;
const find = (properties: INodeProperties[], name: string) =>
	properties.find((p) => p.name === name) as INodeProperties;
const property = (name: string) => find(description.properties, name);

describe('event types from the SDK', () => {
	it('the committed event-types.json holds what the generator reads from the installed SDK (npm run generate after an upgrade)', () => {
		const file = path.join(__dirname, '../../nodes/shared/generated/event-types.json');
		expect(JSON.parse(fs.readFileSync(file, 'utf8')).types).toEqual(eventTypes());
	});

	it('lists every member of the SDK Event union once, sorted, each with its description', () => {
		const types = eventTypes();
		const values = types.map((t: { value: string }) => t.value);
		expect(values).toEqual([...values].sort());
		expect(new Set(values).size).toBe(values.length);
		expect(values).toEqual(
			expect.arrayContaining([
				'customer.created',
				'charge.refunded',
				'checkout.session.completed',
				'invoice.paid',
				'payment_intent.succeeded',
			]),
		);
		expect(types.find((t: { value: string }) => t.value === 'customer.created')).toEqual({
			value: 'customer.created',
			description: 'Occurs whenever a new customer is created.',
		});
		expect(types.every((t: { description: string }) => t.description.length > 0)).toBe(true);
	});

	it('reads the union and each member interface, and fails loudly when a member has no declaration', () => {
		const definitions = [
			'export type Event = BEvent | AEvent;',
			"/**\n * Occurs when b.\n */\nexport interface BEvent extends EventBase {\n    type: 'b.happened';\n}",
			"/**\n * Occurs when a,\n * over two lines.\n */\nexport interface AEvent extends EventBase {\n    type: 'a.happened';\n}",
		].join('\n');
		expect(eventTypes(definitions)).toEqual([
			{ value: 'a.happened', description: 'Occurs when a, over two lines.' },
			{ value: 'b.happened', description: 'Occurs when b.' },
		]);
		expect(() => eventTypes('export type Event = MissingEvent;')).toThrow('MissingEvent');
	});

	it('the Events field offers "*" (all events) first, then every generated type, in each trigger', () => {
		for (const node of [webhook, polling, v1]) {
			const events = find(node.description.properties, 'events');
			const values = (events.options as Array<{ value: string }>).map((o) => o.value);
			expect(events).toMatchObject({ type: 'multiOptions', required: true, default: [] });
			expect(values).toEqual(['*', ...eventTypes().map((t: { value: string }) => t.value)]);
		}
	});
});

/** The names of a description's fields, with the names inside each collection. */
const fieldNames = (d: INodeTypeDescription) =>
	d.properties.map((p) =>
		p.type === 'collection'
			? { [p.name]: (p.options as INodeProperties[]).map((o) => o.name) }
			: p.name,
	);
const hidden = (properties: INodeProperties[]): string[] =>
	properties.flatMap((p) => [
		...(p.displayOptions ? [p.name] : []),
		...(p.type === 'collection' ? hidden(p.options as INodeProperties[]) : []),
	]);
const withoutDisplayOptions = ({ displayOptions, ...p }: INodeProperties) => p;

describe('Stripe Complete Trigger: a versioned node, webhook only from version 2', () => {
	it('offers version 2 to new nodes and keeps version 1 for existing workflows', () => {
		expect(versioned.description).toMatchObject({
			name: 'stripeCompleteTrigger',
			displayName: 'Stripe Complete Trigger',
			group: ['trigger'],
			defaultVersion: 2,
		});
		expect(versioned.currentVersion).toBe(2);
		expect(Object.keys(versioned.nodeVersions)).toEqual(['1', '2']);
		expect(versioned.getNodeType()).toBe(webhook);
		expect([v1.description.version, webhook.description.version]).toEqual([1, 2]);
		expect([v1.description.defaultVersion, webhook.description.defaultVersion]).toEqual([2, 2]);
		expect(
			new Set([v1.description.name, webhook.description.name, versioned.description.name]),
		).toEqual(new Set(['stripeCompleteTrigger']));
	});

	it('version 2 shows only webhook fields: no Mode, no Poll Times (not polled), nothing hidden behind a mode', () => {
		const d = webhook.description;
		expect(d).toMatchObject({
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			credentials: [{ name: 'stripeCompleteApi', required: true }],
		});
		expect(d.polling).toBeUndefined();
		expect(webhook.poll).toBeUndefined();
		expect(d.webhooks).toEqual([
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		]);
		expect(fieldNames(d)).toEqual([
			'events',
			'connect',
			'signingSecret',
			{ filters: ['account', 'customer', 'livemode'] },
			{ options: ['tolerance'] },
		]);
		expect(hidden(d.properties)).toEqual([]);
		expect(d.subtitle).toBe('={{$parameter["events"].join(", ")}}');
	});

	it('version 2 runs the same endpoint lifecycle and webhook code as version 1', () => {
		expect(webhook.webhookMethods!.default).toBe(v1.webhookMethods!.default);
		expect(Object.keys(webhook.webhookMethods!.default!)).toEqual([
			'checkExists',
			'create',
			'delete',
		]);
		expect(webhook.webhook).toBe(v1.webhook);
	});
});

describe('Stripe Complete Polling Trigger', () => {
	it('is polled (n8n adds Poll Times) and has no webhook: only Events, Filters and the polling options', () => {
		const d = polling.description;
		expect(d).toMatchObject({
			name: 'stripeCompletePollingTrigger',
			displayName: 'Stripe Complete Polling Trigger',
			version: 1,
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			polling: true,
		});
		expect(d.credentials).toEqual([{ name: 'stripeCompleteApi', required: true }]);
		expect(d.webhooks).toBeUndefined();
		expect(polling.webhookMethods).toBeUndefined();
		expect(polling.webhook).toBeUndefined();
		expect(typeof polling.poll).toBe('function');
		expect(fieldNames(d)).toEqual([
			'events',
			{ filters: ['account', 'customer', 'livemode'] },
			{ options: ['stripeAccount', 'startFrom', 'settleSeconds'] },
		]);
		expect(hidden(d.properties)).toEqual([]);
		expect(d.subtitle).toBe('={{$parameter["events"].join(", ")}}');
	});

	it('has its codex beside it', () => {
		const codex = path.join(
			__dirname,
			'../../nodes/StripeCompletePollingTrigger/StripeCompletePollingTrigger.node.json',
		);
		expect(JSON.parse(fs.readFileSync(codex, 'utf8'))).toMatchObject({
			node: 'n8n-nodes-stripe-complete.stripeCompletePollingTrigger',
		});
	});

	it('is registered in package.json beside the other nodes', () => {
		const { n8n } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8'));
		expect(n8n.nodes).toEqual(
			expect.arrayContaining([
				'dist/nodes/StripeCompleteTrigger/StripeCompleteTrigger.node.js',
				'dist/nodes/StripeCompletePollingTrigger/StripeCompletePollingTrigger.node.js',
			]),
		);
	});
});

describe('the Stripe nodes, told apart', () => {
	it('every trigger shows the Stripe icon, found beside its file (as the linter checks) and beside the node n8n loads it from', () => {
		const nodesDir = path.join(__dirname, '../../nodes');
		const read = (dir: string, icon: string) =>
			fs.readFileSync(path.join(nodesDir, dir, icon), 'utf8');
		for (const node of [webhook, polling, v1])
			expect(node.description.icon).toEqual({
				light: 'file:stripe.svg',
				dark: 'file:stripe.dark.svg',
			});
		for (const icon of ['stripe.svg', 'stripe.dark.svg'])
			for (const dir of [
				'StripeCompletePollingTrigger',
				'StripeCompleteTrigger/v1',
				'StripeCompleteTrigger/v2',
			])
				expect(read(dir, icon)).toBe(read('StripeCompleteTrigger', icon));
	});

	it('each says what it does, and no two say the same', () => {
		const texts = [
			new StripeComplete().description.description,
			webhook.description.description,
			polling.description.description,
			v1.description.description,
		];
		expect(new Set(texts).size).toBe(texts.length);
		// n8n's node panel shows the main node and the webhook trigger as one entry, with the trigger's
		// text: the main node's own text first.
		expect(webhook.description.description).toBe(
			`${new StripeComplete().description.description}; and Stripe events, by webhook`,
		);
		expect(versioned.description.description).toBe(webhook.description.description);
		expect(polling.description.description).toMatch(
			/by polling the Stripe Events API; needs no public URL$/,
		);
	});

	it('every field is defined once: the new nodes show the same fields as version 1, without its mode conditions', () => {
		for (const node of [webhook, polling])
			for (const field of node.description.properties) {
				const same = property(field.name);
				if (field.type !== 'collection') expect(field).toEqual(withoutDisplayOptions(same));
				else
					for (const option of field.options as INodeProperties[])
						expect(option).toEqual(
							withoutDisplayOptions(find(same.options as INodeProperties[], option.name)),
						);
			}
	});

	it('every field has a default', () => {
		const all = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [
				p,
				...(p.type === 'collection' ? all(p.options as INodeProperties[]) : []),
			]);
		for (const node of [webhook, polling, v1])
			expect(all(node.description.properties).filter((p) => p.default === undefined)).toEqual([]);
	});
});

describe('Stripe Complete Trigger version 1, as existing workflows hold it', () => {
	it('is a trigger with a Webhook mode (default) and a Polling mode', () => {
		expect(description).toMatchObject({
			name: 'stripeCompleteTrigger',
			version: 1,
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			polling: true,
		});
		expect(description.credentials).toEqual([{ name: 'stripeCompleteApi', required: true }]);
		expect(property('mode')).toMatchObject({ type: 'options', default: 'webhook' });
		expect((property('mode').options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'polling',
			'webhook',
		]);
	});

	it('registers its webhook only in Webhook mode: the HTTP method n8n evaluates is empty in Polling mode, which n8n skips', () => {
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'default', path: 'webhook', responseMode: 'onReceived' }),
		]);
		const nodeTypes = {
			getByName: () => versioned,
			getByNameAndVersion: () => v1,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const httpMethod = (parameters: INodeParameters) => {
			const workflow = new Workflow({
				nodes: [
					{
						id: '1',
						name: 'Trigger',
						type: 'n8n-nodes-stripe-complete.stripeCompleteTrigger',
						typeVersion: 1,
						position: [0, 0],
						parameters,
					},
				],
				connections: {},
				active: false,
				nodeTypes,
			});
			return workflow.expression.getSimpleParameterValue(
				workflow.getNode('Trigger')!,
				description.webhooks![0].httpMethod,
				'internal',
				{},
			);
		};
		expect(httpMethod({})).toBe('POST');
		expect(httpMethod({ mode: 'webhook' })).toBe('POST');
		expect(httpMethod({ mode: 'polling' })).toBe('');
	});

	it('shows webhook fields in Webhook mode and polling options in Polling mode', () => {
		const shownIn = (p: INodeProperties) =>
			p.displayOptions?.show?.['/mode'] ?? p.displayOptions?.show?.mode;
		expect(shownIn(property('connect'))).toEqual(['webhook']);
		expect(shownIn(property('signingSecret'))).toEqual(['webhook']);
		expect(property('signingSecret').typeOptions).toEqual({ password: true });
		const options = property('options').options as INodeProperties[];
		expect(Object.fromEntries(options.map((o) => [o.name, [shownIn(o), o.default]]))).toEqual({
			stripeAccount: [['polling'], ''],
			tolerance: [['webhook'], 300],
			startFrom: [['polling'], ''],
			settleSeconds: [['polling'], 300],
		});
		expect((property('filters').options as INodeProperties[]).map((o) => o.name)).toEqual([
			'account',
			'customer',
			'livemode',
		]);
	});
});
