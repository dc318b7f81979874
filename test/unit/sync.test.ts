import * as fs from 'fs';
import * as path from 'path';
import Stripe from 'stripe';
import { StripeCompleteSyncTrigger } from '../../nodes/StripeCompleteSyncTrigger/StripeCompleteSyncTrigger.node';
import { types as eventTypes } from '../../nodes/shared/generated/event-types.json';
import { SYNC_OBJECTS } from '../../nodes/shared/sync/objects';
import { syncProperties } from '../../nodes/shared/sync/description';
import { listsByCreated, methods } from '../../nodes/StripeComplete/operations/table';

const known = new Set(eventTypes.map((t) => t.value));
const stripe = new Stripe('sk_test_sync_objects', { telemetry: false });

describe('the object types Stripe Complete Sync keeps', () => {
	it.each(SYNC_OBJECTS.map((o) => [o.value, o]))(
		'%s: a list by `created`, a retrieve, and events of the pinned API',
		(_, object) => {
			// A backfill reads the list in parallel `created` windows; a change is fetched again by its ID.
			expect(listsByCreated([`${object.sdk}.list`])).toBe(true);
			expect(methods.some((m) => m.sdk === object.sdk && m.method === 'retrieve')).toBe(true);
			const resource = object.sdk.split('.').reduce((at: any, key) => at[key], stripe);
			expect(typeof resource.list).toBe('function');
			expect(typeof resource.retrieve).toBe('function');
			for (const type of object.events) expect(known.has(type)).toBe(true);
			expect(object.ends.every((type) => object.events.includes(type))).toBe(true);
		},
	);

	it('takes each event type for one object type only, and invoice.upcoming (no object ID) for none', () => {
		const all = SYNC_OBJECTS.flatMap((o) => o.events);
		expect(new Set(all).size).toBe(all.length);
		expect(all).not.toContain('invoice.upcoming');
	});

	it("reads a subscription's events, not the customer's, under customer.subscription", () => {
		const of = (value: string) => SYNC_OBJECTS.find((o) => o.value === value)!;
		expect(of('customer').events.sort()).toEqual([
			'customer.created',
			'customer.deleted',
			'customer.updated',
		]);
		expect(of('subscription').events).toContain('customer.subscription.deleted');
		expect(of('subscription').ends).toEqual(['customer.subscription.deleted']);
		expect(of('refund').events).toContain('charge.refund.updated');
		expect(of('charge').events).not.toContain('charge.refund.updated');
		expect(of('dispute').events).toContain('charge.dispute.created');
	});

	it('finds objects created without an event by their list, and says so for those without any event', () => {
		const of = (value: string) => SYNC_OBJECTS.find((o) => o.value === value)!;
		// Stripe sends no checkout.session.created and no events at all for balance transactions.
		expect(of('checkout.session').createdEvent).toBe(false);
		expect(of('balance_transaction').events).toEqual([]);
		expect(of('customer').createdEvent).toBe(true);
		const options = syncProperties.find((p) => p.name === 'objects')!.options as Array<{
			value: string;
			description: string;
		}>;
		expect(options.find((o) => o.value === 'balance_transaction')!.description).toMatch(
			/no events/,
		);
		expect(options.map((o) => o.value)).toEqual(SYNC_OBJECTS.map((o) => o.value));
	});
});

describe('Stripe Complete Sync Trigger', () => {
	const node = new StripeCompleteSyncTrigger();
	const root = path.join(__dirname, '../..');

	it('is polled (n8n adds Poll Times), named so the panel finds it by "sync", on the shared credential', () => {
		expect(node.description).toMatchObject({
			name: 'stripeCompleteSyncTrigger',
			displayName: 'Stripe Complete Sync Trigger',
			version: 1,
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			polling: true,
			credentials: [{ name: 'stripeCompleteApi', required: true }],
		});
		expect(typeof node.poll).toBe('function');
		expect(node.description.properties.map((p) => p.name)).toEqual([
			'objects',
			'start',
			'syncNotice',
			'options',
		]);
		const options = node.description.properties.find((p) => p.name === 'options')!;
		expect((options.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
			'stripeAccount',
			'maxItems',
			'settleSeconds',
		]);
	});

	it('is registered in package.json, with its codex and the Stripe icon beside it', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
		expect(pkg.n8n.nodes).toContain(
			'dist/nodes/StripeCompleteSyncTrigger/StripeCompleteSyncTrigger.node.js',
		);
		const dir = path.join(root, 'nodes/StripeCompleteSyncTrigger');
		expect(
			JSON.parse(fs.readFileSync(path.join(dir, 'StripeCompleteSyncTrigger.node.json'), 'utf8')),
		).toMatchObject({ node: 'n8n-nodes-stripe-complete.stripeCompleteSyncTrigger' });
		for (const icon of ['stripe.svg', 'stripe.dark.svg'])
			expect(fs.readFileSync(path.join(dir, icon), 'utf8')).toBe(
				fs.readFileSync(path.join(root, 'nodes/StripeCompleteTrigger', icon), 'utf8'),
			);
	});
});
