/**
 * The packed package installed into a real n8n, the example workflows imported and executed against
 * the local Stripe stand-in: the same path as `npm run demo`, with its outputs asserted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { agentCompared, EXAMPLE as AGENT_EXAMPLE } from '../../scripts/demo/agent';
import { runDemo, HOME } from '../../scripts/demo/examples';
import { shopifyCompared } from '../../scripts/demo/shopify';
import { syncCompared } from '../../scripts/demo/sync';
import * as n8n from '../../scripts/n8n';
import { drawnTime } from '../../stand-ins/stripe';
import { EFFECT_LABEL, effectOf } from '../../nodes/StripeComplete/operations/effects';
import { toolDescription } from '../../nodes/StripeComplete/form/tool';
import { findOperation, resources } from '../../nodes/StripeComplete/resources/registry';

type Item = Record<string, any>;
let result: Awaited<ReturnType<typeof runDemo>>;
const run = (key: string): Item | undefined => result.runs.find((r: Item) => r.key === key);

// The changes made between the sync's polls, and Stripe's time, are drawn from this seed (SYNC_SEED to
// repeat a run). Stripe's clock runs 2-30 s ahead of or behind n8n's, events are listed late with a
// tail to 20 s (the property tests take it to 5 minutes, without waiting), and Search lags 10 s.
const changeSeed = Number(process.env.SYNC_SEED ?? Date.now() % 100000);
const time = drawnTime(changeSeed, { tailMs: 20000, slowShare: 0.3 });

beforeAll(async () => {
	console.log(
		`sync example: changes from seed ${changeSeed}; Stripe's clock ${time.offsetMs} ms from n8n's`,
	);
	result = await runDemo({ apiKey: '', changeSeed, time });
	console.log(`Stripe listed ${result.listing!.late} events over a second late`);
});

describe('example workflows in n8n', () => {
	it('every execution succeeds', () => {
		expect(result.runs.map((r: Item) => [r.key, r.label ?? '', r.ok, r.error ?? ''])).toEqual([
			['shopify', '', true, ''],
			['catalog', '', true, ''],
			['sync', '', true, ''],
			['alertsByWebhook', '', true, ''],
			['alertsByPolling', '', true, ''],
			['agent', '', true, ''],
		]);
	});

	it('refund alerts: each refund the Shopify example made starts the webhook workflow once, and the polling one reports them all', () => {
		const refunds: Item[] = run('shopify')!.refundsInStripe;
		const byWebhook = run('alertsByWebhook')!;
		expect(byWebhook.executions).toBe(refunds.length);
		const alerts: Item[] = byWebhook.nodes['Refund alert'];
		expect(alerts.map((a) => a.payment_intent).sort()).toEqual(
			refunds.map((r) => r.payment_intent).sort(),
		);
		// charge.refunded carries the charge: what is refunded of it so far, the last alert all of it.
		// A refund the bank returned gave its amount back to the charge.
		for (const pi of new Set(refunds.map((r) => r.payment_intent))) {
			const total = refunds
				.filter((r) => r.payment_intent === pi && r.status !== 'failed')
				.reduce((n, r) => n + r.amount, 0);
			const shown = alerts.filter((a) => a.payment_intent === pi).map((a) => a.amount_refunded);
			expect(Math.max(...shown)).toBe(total);
		}
		// The events since Start From, each once, oldest first in each poll: the refunds in the order they
		// were made (one Stripe listed late comes in a later poll).
		const byPolling = run('alertsByPolling')!;
		expect(byPolling.executions).toBeGreaterThanOrEqual(1);
		const polled = byPolling.nodes['Refund alert'];
		expect(polled.map((a: Item) => a.stripe_event).sort()).toEqual(
			alerts.map((a) => a.stripe_event).sort(),
		);
		for (const nodes of byPolling.byExecution) {
			const inPoll = nodes['Refund alert'];
			expect(
				[...inPoll].sort((a: Item, b: Item) => a.refunded_at.localeCompare(b.refunded_at)),
			).toEqual(inPoll);
		}
	});

	it("Shopify refund -> Stripe refund on n8n's Shopify Trigger: 27 deliveries, every refund once, only Stripe's part, in the payment's currency, made again after it failed", () => {
		const shopify: Item = run('shopify')!;
		// Registered by n8n's Shopify Trigger through the shop's Admin API, deleted on deactivation.
		expect(shopify.registered).toEqual([
			expect.stringMatching(/^refunds\/create https:\/\/n8n\.test\/webhook\/[\w-]+\/webhook$/),
		]);
		const compared = shopifyCompared(shopify)!;
		expect(compared.differences).toEqual([]);
		expect(compared).toMatchObject({
			deliveries: 27,
			executions: 26,
			refunds: 18,
			failed: 1,
			expected: 18,
			refused: 3,
			withoutStripePart: 2,
		});
		expect(shopify.webhooksLeft).toBe(0);
		// 19 new (one of them made again after the bank returned the first), and two found by their
		// metadata and marked: the duplicate delivery's second copy, and the delivery repeated after Stripe
		// forgot its Idempotency-Key.
		const made: Item[] = shopify.nodes['Refund in Stripe'];
		expect(made).toHaveLength(21);
		expect(
			made.filter((r) => r.existing === true).map((r) => r.metadata.shopify_refund_id),
		).toEqual(['107', '103']);
		const byId = (id: string) =>
			shopify.refundsInStripe.find((r: Item) => r.metadata.shopify_refund_id === id);
		expect([byId('104').amount, byId('104').currency]).toEqual([1200, 'jpy']);
		expect([byId('105').amount, byId('105').currency]).toEqual([1250, 'kwd']);
		expect(byId('101')).toMatchObject({
			reason: 'requested_by_customer',
			metadata: { shopify_order_id: '5820123456001' },
		});
		// Only the card's part of a refund paid back partly by gift card; a failed attempt is not counted.
		expect(byId('120').amount).toBe(1200);
		expect(byId('121').amount).toBe(900);
		const refused: Item[] = shopify.nodes['Refund refused by Stripe'];
		expect(refused).toHaveLength(3);
		expect(refused.map((i) => i.error)).toContainEqual(
			expect.stringMatching(/^Amount: is in EUR, but payment intent pi_\w+ is in USD/),
		);
		// No Stripe part: said on the error output, and nothing asked of Stripe.
		const none: Item[] = shopify.nodes['No Stripe refund'];
		expect(none.map((i) => i.error)).toEqual([
			expect.stringContaining('Shopify refund 122 paid nothing back through Stripe'),
			expect.stringContaining('Shopify refund 123 paid nothing back through Stripe'),
		]);
		// The refund the bank returned: the failed one kept, one new refund that gave the money back.
		const again = shopify.refundsInStripe.filter(
			(r: Item) => r.metadata.shopify_refund_id === '124',
		);
		expect(again.map((r: Item) => [r.status, r.amount]).sort()).toEqual([
			['failed', 1000],
			['succeeded', 1000],
		]);
		// Every delivery was answered 200 at once, the forged one too: it started nothing.
		expect(shopify.deliveries.flatMap((d: Item) => d.answers)).toEqual(Array(27).fill('200'));
	});

	it(`Stripe -> Data Table sync: after a backfill poll and random changes (seed ${changeSeed}), some listed late, the table holds exactly Stripe's customers and subscriptions`, () => {
		const sync: Item = run('sync')!;
		// The backfill, then one execution for each poll that found changes: at once, after the late ones,
		// and any of the trigger's own Poll Times that fell in between.
		expect(sync.executions).toBeGreaterThanOrEqual(2);
		expect(sync.executions).toBeLessThanOrEqual(3 + sync.scheduledPolls);
		const compared = syncCompared(sync);
		console.log(
			`sync example (seed ${changeSeed}): ${compared.rows} rows for ${compared.inStripe} objects in Stripe, ${sync.executions} executions, after ${sync.changes.join(', ')}`,
		);
		expect({ seed: changeSeed, differences: compared.differences }).toEqual({
			seed: changeSeed,
			differences: [],
		});
		expect(compared.rows).toBeGreaterThanOrEqual(1);
		// The backfill: every seeded customer and subscription, marked created.
		const emitted: Item[] = sync.nodes['Stripe customers and subscriptions'];
		const seededIds = [...result.seeded.customers, ...result.seeded.subscriptions].map(
			(o: Item) => o.id,
		);
		expect(
			emitted
				.slice(0, seededIds.length)
				.map((i) => i.id)
				.sort(),
		).toEqual(seededIds.sort());
		expect(emitted.every((i) => ['created', 'updated', 'deleted'].includes(i.sync.change))).toBe(
			true,
		);
		// Deletions and cancellations take the delete branch (a row deleted once at most).
		const deleted = emitted.filter((i) => i.sync.change === 'deleted').length;
		expect((sync.nodes['Delete row'] ?? []).length).toBeLessThanOrEqual(deleted);
	});

	it('catalog: a product, a monthly price of it, and a payment link selling that price', () => {
		const nodes = run('catalog')!.nodes;
		const [product] = nodes['Create product'];
		const [price] = nodes['Create monthly price'];
		const [link] = nodes['Create payment link'];
		expect(product).toMatchObject({
			object: 'product',
			name: 'n8n Demo Membership',
			active: true,
			metadata: { source: 'n8n-catalog-example' },
		});
		expect(price).toMatchObject({
			object: 'price',
			product: product.id,
			unit_amount: 1500,
			currency: 'usd',
			type: 'recurring',
			recurring: { interval: 'month' },
		});
		expect(link).toMatchObject({
			object: 'payment_link',
			active: true,
			allow_promotion_codes: true,
		});
		expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\//);
	});
});

describe("the AI agent example: n8n's AI Agent with Stripe Complete as tools, the model scripted", () => {
	const example = fs.readFileSync(path.join(n8n.ROOT, 'examples', AGENT_EXAMPLE), 'utf8');
	/** What a tool node asks the model for: each `$fromAI(key, description, type)` in it, by key. */
	const fromAI = (node: string) => {
		const strings = (v: unknown): string[] =>
			typeof v === 'string'
				? [v]
				: v && typeof v === 'object'
					? Object.values(v).flatMap(strings)
					: [];
		const found: Record<string, Item> = {};
		const { parameters } = JSON.parse(example).nodes.find((n: Item) => n.name === node);
		for (const text of strings(parameters))
			for (const [, key, description, type] of text.matchAll(
				/\$fromAI\('(\w+)', '((?:[^'\\]|\\.)*)', '(\w+)'\)/g,
			))
				found[key] = { type, description: description.replace(/\\'/g, "'") };
		return found;
	};
	/** Each tool as n8n names it: its node, its operation, and the inputs its node asks the model for. */
	const tools: Record<string, [string, string, string, string[]]> = {
		Find_customer: ['Find customer', 'customer', 'getAll', ['email']],
		List_charges: ['List charges', 'charge', 'getAll', ['customer']],
		Refund_payment: ['Refund payment', 'refund', 'create', ['payment', 'amount']],
	};
	/** The tools in n8n's first request to the model, by name. */
	const sent = (): Record<string, Item> =>
		Object.fromEntries(run('agent')!.requests[0].body.tools.map((t: Item) => [t.name, t]));

	it('n8n sends the model each tool named after its node, its parameters exactly the $fromAI inputs with their types and descriptions', () => {
		// OpenAI Chat Model 1.3 uses the Responses API by default: one request per model turn.
		expect(run('agent')!.requests.map((r: Item) => `${r.method} ${r.path} ${r.status}`)).toEqual(
			Array(5).fill('POST /v1/responses 200'),
		);
		expect(Object.keys(sent()).sort()).toEqual(Object.keys(tools));
		for (const [name, [node, , , keys]] of Object.entries(tools)) {
			const inputs = fromAI(node);
			expect(Object.keys(inputs)).toEqual(keys);
			expect(Object.values(inputs).map((i) => i.type)).toEqual(keys.map(() => 'string'));
			expect({ name, parameters: sent()[name].parameters }).toEqual({
				name,
				parameters: {
					type: 'object',
					properties: inputs,
					required: keys,
					additionalProperties: false,
					$schema: 'http://json-schema.org/draft-07/schema#',
				},
			});
		}
	});

	it("each tool's description starts with its operation's action and states its effect", () => {
		for (const [name, [, resource, value]] of Object.entries(tools)) {
			const operation = findOperation(resource, value);
			const { description } = sent()[name];
			expect({ name, starts: description.startsWith(operation.action), description }).toEqual({
				name,
				starts: true,
				description: expect.stringContaining(EFFECT_LABEL[effectOf(operation)]),
			});
			// The whole text the node describes the operation with.
			expect({ name, description }).toEqual({
				name,
				description: toolDescription(
					resources.find((r) => r.value === resource)!,
					operation,
				),
			});
		}
		expect(effectOf(findOperation('refund', 'create'))).toBe('moves money');
	});

	it('the calls ran against Stripe: one refund of 12.50 USD on the newest payment, the repeated call answered with the same refund', () => {
		const agent = run('agent')!;
		expect(agentCompared(agent)!.differences).toEqual([]);
		expect(agent.calls.map((c: Item) => c.name)).toEqual([
			'Find_customer',
			'List_charges',
			'Refund_payment',
			'Refund_payment',
		]);
		const [newest, older] = [agent.payments[1], agent.payments[0]];
		expect(agent.calls[1].arguments).toEqual({ customer: agent.customer.id });
		expect(agent.refundsInStripe).toHaveLength(1);
		const [refund] = agent.refundsInStripe;
		expect(refund).toMatchObject({
			amount: 1250,
			currency: 'usd',
			payment_intent: newest.id,
			metadata: { source: 'n8n-ai-agent' },
		});
		expect(refund.payment_intent).not.toBe(older.id);
		expect(agent.calls.slice(2).map((c: Item) => c.json.map((r: Item) => r.id))).toEqual([
			[refund.id],
			[refund.id],
		]);
	});

	it("the model reads only each tool's Output fields (with id and object), and its answer is the workflow's output", () => {
		const agent = run('agent')!;
		const keys = (call: Item) =>
			[...new Set(call.json.flatMap((o: Item) => Object.keys(o)))].sort();
		expect(agent.calls.map(keys)).toEqual([
			['email', 'id', 'name', 'object'],
			[
				'amount',
				'amount_refunded',
				'created',
				'currency',
				'id',
				'object',
				'payment_intent',
				'status',
			],
			['amount', 'currency', 'id', 'object', 'payment_intent', 'status'],
			['amount', 'currency', 'id', 'object', 'payment_intent', 'status'],
		]);
		expect(agent.answer).toBe(
			`Refunded 12.50 USD of ${agent.payments[1].id}: refund ${agent.refundsInStripe[0].id}, succeeded.`,
		);
		expect(agent.nodes['AI Agent']).toEqual([{ output: agent.answer }]);
	});
});

describe('the installed package in n8n', () => {
	it('n8n lists the node and credential types from the installed package', async () => {
		const runtime = n8n.ensureN8n();
		const server = await n8n.startServer(runtime, HOME, await n8n.freePort());
		try {
			const cookie = await n8n.signIn(server.url);
			const types = async (route: string) =>
				(await (await fetch(`${server.url}${route}`, { headers: { cookie } })).json()) as Item[];
			const nodeTypes = await types('/types/nodes.json');
			const node = nodeTypes.find((t) => t.name === n8n.NODE_TYPE);
			const credential = (await types('/types/credentials.json')).find(
				(t) => t.name === 'stripeCompleteApi',
			);
			expect(node).toMatchObject({
				displayName: 'Stripe Complete',
				usableAsTool: true,
				credentials: [{ name: 'stripeCompleteApi', required: true }],
			});
			expect(credential).toMatchObject({ displayName: 'Stripe Complete API' });
			expect(credential!.properties.map((p: Item) => p.name)).toEqual(
				expect.arrayContaining(['secretKey', 'baseUrl']),
			);

			// One way to call any endpoint: the API Request resource, and no "Custom API Call" n8n would add.
			const dropdowns = node!.properties.filter(
				(p: Item) => p.name === 'resource' || p.name === 'operation',
			);
			const values = dropdowns.flatMap((p: Item) => p.options.map((o: Item) => o.value));
			expect(dropdowns.length).toBeGreaterThan(100);
			expect(values).not.toContain('__CUSTOM_API_CALL__');
			expect(dropdowns.find((p: Item) => p.name === 'resource').options).toContainEqual({
				name: 'API Request',
				value: 'apiRequest',
			});
			// The HTTP Request node still offers the credential as a Predefined Credential Type: it lists credentials that can authenticate.
			const httpRequest = nodeTypes.find(
				(t) =>
					t.name === 'n8n-nodes-base.httpRequest' && [t.version].flat().includes(t.defaultVersion),
			);
			const predefined = httpRequest!.properties.find((p: Item) => p.name === 'nodeCredentialType');
			expect(predefined.credentialTypes).toContain('has:authenticate');
			expect(credential!.authenticate).toMatchObject({ type: 'generic' });
		} finally {
			await server.stop();
		}
	});
});
