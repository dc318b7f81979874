/**
 * What a user gives reaches Stripe as meant, in a real n8n (the packed package, `n8n execute`), where
 * n8n itself prepares the parameters before the node sees them: metadata given whole by an expression
 * or as JSON, given From an Object, broken or beyond Stripe's limits; a Return Existing Object match
 * given by an expression; a refund amount an expression leaves empty, or written in another currency
 * than its payment's. Each is taken exactly or refused naming the field; nothing is sent emptied.
 */
import * as fs from 'fs';
import * as path from 'path';
import Stripe from 'stripe';
import * as n8n from '../../scripts/n8n';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';

type Item = Record<string, any>;

const HOME = path.join(n8n.WORK, 'money-home');
const KEY = 'sk_test_standin_money_e2e';
const GIVEN = { shopify_refund_id: '920123456001', note: 'n8n' };

let standIn: StandIn;
let runtime: ReturnType<typeof n8n.ensureN8n>;
let run: Awaited<ReturnType<typeof n8n.executeWorkflow>>;
let payment: Stripe.PaymentIntent;

/** One Stripe Complete node, its errors on its regular output as items. */
const stripeNode = (name: string, y: number, parameters: Item) => ({
	id: name.toLowerCase().replace(/\W+/g, '-'),
	name,
	type: n8n.NODE_TYPE,
	typeVersion: 2,
	position: [300, y],
	onError: 'continueRegularOutput',
	parameters,
	credentials: { stripeCompleteApi: { id: n8n.CREDENTIAL_ID, name: 'Stripe Complete account' } },
});
const customer = (name: string, y: number, metadata: unknown) =>
	stripeNode(name, y, {
		resource: 'customer',
		operation: 'create',
		additionalFields: { email: `${name.toLowerCase().replace(/\W+/g, '-')}@example.com`, metadata },
	});
const refund = (name: string, y: number, additionalFields: Item, options: Item = {}) =>
	stripeNode(name, y, {
		resource: 'refund',
		operation: 'create',
		chargeOrPaymentIntent: { __rl: true, mode: 'id', value: payment.id },
		additionalFields,
		options,
	});

const CUSTOMERS: Array<[string, unknown]> = [
	['Whole object by expression', `={{ ${JSON.stringify(GIVEN)} }}`],
	['Whole JSON text', JSON.stringify(GIVEN)],
	['From an Object by expression', { object: [{ value: `={{ ${JSON.stringify(GIVEN)} }}` }] }],
	['From an Object as JSON text', { object: [{ value: JSON.stringify(GIVEN) }] }],
	['Broken JSON', { object: [{ value: '{"shopify_refund_id": ' }] }],
	[
		'51 keys',
		{
			object: [
				{
					value: "={{ Object.fromEntries(Array.from({ length: 51 }, (_, i) => ['k' + i, 'v'])) }}",
				},
			],
		},
	],
	['Key with brackets', { object: [{ value: '{"order[id]": "1"}' }] }],
];

beforeAll(async () => {
	standIn = createStandIn();
	const baseUrl = await standIn.listen();
	const url = new URL(baseUrl);
	payment = await new Stripe(KEY, {
		host: url.hostname,
		port: url.port,
		protocol: 'http',
	}).paymentIntents.create({
		amount: 5000,
		currency: 'usd',
		confirm: true,
		payment_method: 'pm_card_visa',
		automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
	});
	runtime = n8n.ensureN8n();
	fs.rmSync(HOME, { recursive: true, force: true });
	n8n.installPackage(HOME);
	await n8n.importCredential(runtime, HOME, { secretKey: KEY, baseUrl });
	const nodes = [
		...CUSTOMERS.map(([name, metadata], i) => customer(name, i * 160, metadata)),
		refund('Amount left empty by an expression', 1200, { amount: '={{ $json.nothing }}' }),
		refund('Amount of whitespace', 1360, { amount: "={{ ' ' }}" }),
		refund('1000 JPY on a USD payment', 1520, { amount: '1000 JPY' }),
		refund(
			'Match by expression',
			1680,
			{ amount: 100 },
			{ existing: `={{ ${JSON.stringify({ shopify_refund_id: '1' })} }}` },
		),
	];
	const workflow = {
		id: 'StripeMoneyE2e01',
		name: 'What the user gave',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [n8n.MANUAL_TRIGGER, ...nodes],
		connections: {
			Start: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
		},
	};
	await n8n.importWorkflowObjects(runtime, HOME, [workflow]);
	run = await n8n.executeWorkflow(runtime, HOME, workflow);
});

afterAll(async () => {
	await standIn?.close();
});

const only = (name: string): Item => {
	expect(run.nodes[name]).toHaveLength(1);
	return run.nodes[name][0];
};
const customers = () => [...standIn.store.values()].filter((o) => o.object === 'customer');

describe(`in n8n ${process.env.N8N_VERSION ?? n8n.PINNED_VERSION}`, () => {
	it('runs the workflow', () => {
		expect(run.error).toBeUndefined();
	});

	it('metadata from an object or JSON text under From an Object is taken exactly', () => {
		for (const name of ['From an Object by expression', 'From an Object as JSON text'])
			expect({ name, metadata: only(name).metadata }).toEqual({ name, metadata: GIVEN });
	});

	it('metadata given whole, which n8n keeps as nothing, is refused naming the field; no customer without it', () => {
		for (const name of ['Whole object by expression', 'Whole JSON text']) {
			const item = only(name);
			console.log(`${name}: ${item.error ? `refused: ${item.error}` : 'taken exactly'}`);
			// Taken exactly where n8n passes it on; refused, naming the field, where it keeps nothing.
			if (item.error) expect(item.error).toMatch(/^Metadata: /);
			else expect(item.metadata).toEqual(GIVEN);
		}
		expect(customers().filter((c) => !Object.keys(c.metadata ?? {}).length)).toEqual([]);
	});

	it('broken JSON, 51 keys and a key with brackets are refused naming the field; nothing is sent', () => {
		expect(only('Broken JSON').error).toMatch(/^Metadata > Object: must be a JSON object/);
		expect(only('51 keys').error).toBe('Metadata: has 51 entries; Stripe allows at most 50');
		expect(only('Key with brackets').error).toBe(
			'Metadata: key "order[id]" may not contain square brackets',
		);
		expect(customers().map((c) => c.email)).not.toEqual(
			expect.arrayContaining(['broken-json@example.com']),
		);
	});

	it('a refund amount an expression leaves empty is refused, never the whole payment', () => {
		for (const name of ['Amount left empty by an expression', 'Amount of whitespace'])
			expect(only(name).error).toMatch(
				/^Amount: is empty, and Stripe would take an amount left out as all of it/,
			);
		expect(only('1000 JPY on a USD payment').error).toBe(
			`Amount: is in JPY, but payment intent ${payment.id} is in USD: its money moves in USD, so nothing was sent`,
		);
		const match = only('Match by expression');
		if (match.error) expect(match.error).toMatch(/^Return Existing Object: /);
		else expect(match.metadata).toEqual({ shopify_refund_id: '1' });
		// At most the match's refund of 1.00: no refund of everything, none in yen.
		const refunds = [...standIn.store.values()].filter((o) => o.object === 'refund');
		expect(refunds.map((r) => r.amount).filter((a) => a !== 100)).toEqual([]);
	});
});
