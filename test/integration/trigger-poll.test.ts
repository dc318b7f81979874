import Stripe from 'stripe';
import { NodeOperationError, type IDataObject } from 'n8n-workflow';
import { failure, useStandIn } from '../support/harness';
import { poll, type Params, type TriggerNode } from '../support/trigger-harness';

const env = useStandIn();

// Each test polls its own connected account, so one test's events never reach another's polls.
let accounts = 0;
const freshAccount = () => env.standIn.connectedAccount(`acct_poll${++accounts}`);

const NOW = Math.floor(Date.now() / 1000);
const customerEvent = (
	account: string,
	n: number,
	created: number,
	type = 'customer.created',
	extra: IDataObject = {},
) =>
	env.standIn.event(
		type,
		{ id: `cus_${account}_${n}`, object: 'customer', email: `c${n}@example.com`, ...extra },
		{ created, account },
	);

function poller(account: string, params: Params = {}, node: TriggerNode = 'polling') {
	const staticData: IDataObject = {};
	const options = {
		baseUrl: env.url,
		node,
		staticData,
		params: {
			events: ['customer.created'],
			...params,
			options: { stripeAccount: account, ...((params.options as IDataObject) ?? {}) },
		},
	};
	return {
		staticData,
		run: async () => ((await poll(options)) ?? [[]])[0].map((item) => item.json),
	};
}

const eventRequests = () => env.standIn.requests.filter((r) => r.path === '/v1/events');
/** What a poll's cursor holds: the newest second read (by Stripe's clock) and the ids seen in the settle window. */
const cursorOf = (node: { staticData: IDataObject }) =>
	node.staticData.cursor as { newest: number; seen: Record<string, number> };
const WINDOW = 300;

// Stripe's clock, as the stand-in's Date header gives it: this machine's unless a test moves it.
let stripeClock = NOW * 1000;
beforeEach(() => {
	stripeClock = NOW * 1000;
	env.standIn.setTime({ clock: () => stripeClock, listingDelay: () => 0 });
});

describe('Stripe Complete Polling Trigger: polling the Events API', () => {
	it('the first poll notes what is there, reading back over the settle window once: no backlog emitted', async () => {
		const account = freshAccount();
		customerEvent(account, 1, NOW - 3600);
		const recent = customerEvent(account, 2, NOW - 60);
		const node = poller(account);
		expect(await node.run()).toEqual([]);
		const [read] = eventRequests();
		expect(eventRequests()).toHaveLength(1);
		const from = (read.query.created as IDataObject).gte as number;
		expect(Math.abs(from - (NOW - WINDOW))).toBeLessThan(120);
		expect(cursorOf(node)).toEqual({ newest: NOW, seen: { [recent.id]: NOW - 60 } });
		expect(await node.run()).toEqual([]);
	});

	it("the first poll puts its cursor at Stripe's clock, not n8n's: with n8n 30 s ahead, at Stripe's second", async () => {
		stripeClock = (NOW - 30) * 1000;
		const node = poller(freshAccount());
		expect(await node.run()).toEqual([]);
		expect(cursorOf(node).newest).toBe(NOW - 30);
	});

	it('events across several pages are emitted once each, oldest first; the next poll re-reads the window and re-emits none', async () => {
		const account = freshAccount();
		const node = poller(account);
		await node.run();
		const start = cursorOf(node).newest;
		env.standIn.requests.length = 0;
		// 230 events over 115 seconds, two per second: three pages of 100.
		const seeded = Array.from({ length: 230 }, (_, i) =>
			customerEvent(account, i, start + 1 + Math.floor(i / 2)),
		);
		env.standIn.requests.length = 0;

		const items = await node.run();
		expect(items.map((item) => (item.event as IDataObject).id)).toEqual(seeded.map((e) => e.id));
		expect(items.map((item) => item.id)).toEqual(seeded.map((e) => e.data.object.id));
		const pages = (from: number) => [
			{ limit: 100, type: 'customer.created', created: { gte: from } },
			{
				limit: 100,
				type: 'customer.created',
				created: { gte: from },
				starting_after: seeded[130].id,
			},
			{
				limit: 100,
				type: 'customer.created',
				created: { gte: from },
				starting_after: seeded[30].id,
			},
		];
		expect(eventRequests().map((r) => r.query)).toEqual(pages(start - WINDOW));
		expect(
			eventRequests().every(
				(r) => r.stripeAccount === account && r.stripeVersion === Stripe.API_VERSION,
			),
		).toBe(true);
		const last = start + 115;
		expect(cursorOf(node).newest).toBe(last);
		expect(Object.keys(cursorOf(node).seen).sort()).toEqual(seeded.map((e) => e.id).sort());

		env.standIn.requests.length = 0;
		expect(await node.run()).toEqual([]);
		expect(eventRequests().map((r) => r.query)).toEqual(pages(last - WINDOW));

		// Once Stripe's clock is past the window, an idle poll is one request and remembers nothing.
		stripeClock = (last + WINDOW + 1) * 1000;
		await node.run();
		env.standIn.requests.length = 0;
		expect(await node.run()).toEqual([]);
		expect(eventRequests().map((r) => r.query)).toEqual([
			{ limit: 100, type: 'customer.created', created: { gte: last + 1 } },
		]);
		expect(cursorOf(node)).toEqual({ newest: last + WINDOW + 1, seen: {} });
	});

	it('a new event in the same second as the cursor is emitted, and the ones already seen at that second are not', async () => {
		const account = freshAccount();
		const node = poller(account);
		await node.run();
		const second = cursorOf(node).newest;
		const first = customerEvent(account, 1, second);
		expect((await node.run()).map((item) => item.id)).toEqual([first.data.object.id]);
		const late = customerEvent(account, 2, second);
		const later = customerEvent(account, 3, second + 1);
		expect((await node.run()).map((item) => item.id)).toEqual([
			late.data.object.id,
			later.data.object.id,
		]);
		expect(cursorOf(node)).toEqual({
			newest: second + 1,
			seen: { [first.id]: second, [late.id]: second, [later.id]: second + 1 },
		});
		expect(await node.run()).toEqual([]);
	});

	it('events of types not selected and events filtered out move the cursor but are not emitted', async () => {
		const account = freshAccount();
		const node = poller(account, {
			events: ['customer.created', 'customer.updated'],
			filters: { customer: `cus_${account}_2` },
		});
		await node.run();
		const start = cursorOf(node).newest;
		env.standIn.requests.length = 0;
		customerEvent(account, 1, start + 1);
		const wanted = customerEvent(account, 2, start + 2, 'customer.updated');
		customerEvent(account, 3, start + 3);
		const items = await node.run();
		expect(items.map((item) => (item.event as IDataObject).id)).toEqual([wanted.id]);
		expect(eventRequests()[0].query).toEqual({
			limit: 100,
			types: ['customer.created', 'customer.updated'],
			created: { gte: start - WINDOW },
		});
		expect(cursorOf(node).newest).toBe(start + 3);
		expect(Object.keys(cursorOf(node).seen)).toHaveLength(3);
	});

	it('more than 20 types (the Events API maximum) or "*" fetch every event and filter here', async () => {
		const account = freshAccount();
		const many = ['customer.created', ...Array.from({ length: 20 }, (_, i) => `invoice.type_${i}`)];
		const node = poller(account, { events: many });
		await node.run();
		const start = cursorOf(node).newest;
		env.standIn.requests.length = 0;
		const created = customerEvent(account, 1, start + 1);
		customerEvent(account, 2, start + 2, 'customer.deleted');
		expect((await node.run()).map((item) => (item.event as IDataObject).id)).toEqual([created.id]);
		expect(eventRequests()[0].query).toEqual({ limit: 100, created: { gte: start - WINDOW } });

		env.standIn.requests.length = 0;
		const all = poller(account, {
			events: ['*'],
			options: { startFrom: new Date((start + 1) * 1000).toISOString() },
		});
		expect((await all.run()).map((item) => (item.event as IDataObject).type)).toEqual([
			'customer.created',
			'customer.deleted',
		]);
		expect(eventRequests()[0].query).toEqual({ limit: 100, created: { gte: start + 1 } });
	});

	it('Start From makes the first poll emit the events since then, oldest first', async () => {
		const account = freshAccount();
		customerEvent(account, 1, NOW - 7200);
		const b = customerEvent(account, 2, NOW - 1800);
		const c = customerEvent(account, 3, NOW - 600);
		const node = poller(account, {
			options: { startFrom: new Date((NOW - 3600) * 1000).toISOString() },
		});
		expect((await node.run()).map((item) => (item.event as IDataObject).id)).toEqual([b.id, c.id]);
		expect(eventRequests()[0].query).toEqual({
			limit: 100,
			type: 'customer.created',
			created: { gte: NOW - 3600 },
		});
		expect(cursorOf(node)).toEqual({ newest: NOW, seen: {} });
		expect(await node.run()).toEqual([]);
	});

	it('the live/test filter and output shape apply to polled events as to webhooks', async () => {
		const account = freshAccount();
		const node = poller(account, {
			filters: { livemode: 'live' },
			options: { startFrom: new Date((NOW - 60) * 1000).toISOString() },
		});
		customerEvent(account, 1, NOW - 30);
		expect(await node.run()).toEqual([]);
		const test = poller(account, {
			filters: { livemode: 'test' },
			options: { startFrom: new Date((NOW - 60) * 1000).toISOString() },
		});
		const event = customerEvent(account, 2, NOW - 20);
		const items = await test.run();
		expect(items.map((item) => item.id)).toEqual([`cus_${account}_1`, `cus_${account}_2`]);
		expect(items[1]).toEqual({
			id: `cus_${account}_2`,
			object: 'customer',
			email: 'c2@example.com',
			event: {
				id: event.id,
				type: 'customer.created',
				created: NOW - 20,
				livemode: false,
				account,
				api_version: event.api_version,
				request: { id: null, idempotency_key: null },
				previous_attributes: null,
			},
		});
	});

	it('a manual run returns the newest matching event and leaves the cursor where it is', async () => {
		const account = freshAccount();
		const node = poller(account);
		await node.run();
		const cursor = { ...(node.staticData.cursor as IDataObject) };
		customerEvent(account, 1, NOW - 100);
		const newest = customerEvent(account, 2, NOW - 50);
		customerEvent(account, 3, NOW - 10, 'customer.deleted');
		const manual = {
			baseUrl: env.url,
			mode: 'manual' as const,
			staticData: node.staticData,
			params: { events: ['customer.created'], options: { stripeAccount: account } },
		};
		env.standIn.requests.length = 0;
		const [[item]] = (await poll(manual))!;
		expect((item.json.event as IDataObject).id).toBe(newest.id);
		expect(eventRequests().map((r) => r.query)).toEqual([{ limit: 100, type: 'customer.created' }]);
		expect(node.staticData.cursor).toEqual(cursor);
	});

	it('a manual run with no matching event says so', async () => {
		const account = freshAccount();
		const error = await failure(
			poll({
				baseUrl: env.url,
				mode: 'manual',
				params: { events: ['payout.paid'], options: { stripeAccount: account } },
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No Stripe event of the selected types matches the filters yet');
	});

	it.each([-5, 'soon', 2.5, { seconds: 60 }])(
		'a Settle Window of %p is a clear error naming the option, before any request',
		async (settleSeconds) => {
			const error = await failure(
				poll({ baseUrl: env.url, params: { events: ['*'], options: { settleSeconds } } }),
			);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/^Settle Window \(Seconds\): /);
			expect(eventRequests()).toEqual([]);
		},
	);

	it('an invalid Start From is a clear error naming the option', async () => {
		const error = await failure(
			poll({
				baseUrl: env.url,
				params: { events: ['*'], options: { startFrom: 'yesterday-ish' } },
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Start From: is not a valid date: "yesterday-ish"; use a date such as 2026-01-31 or 2026-01-31T12:00:00Z',
		);
		expect((error as NodeOperationError).description).toBe('Check the field "Start From"');
	});
});

describe('Stripe Complete Trigger version 1 (Mode) still polls as before, through the same code', () => {
	const v1 = (account: string, params: Params = {}) =>
		poller(account, { mode: 'polling', ...params }, 'v1');

	it('in Polling mode: first poll sets the cursor, the next emits the new events once, oldest first, with filters applied', async () => {
		const account = freshAccount();
		const node = v1(account, { filters: { livemode: 'test' } });
		expect(await node.run()).toEqual([]);
		const start = cursorOf(node).newest;
		env.standIn.requests.length = 0;
		const first = customerEvent(account, 1, start + 1);
		const second = customerEvent(account, 2, start + 2);
		customerEvent(account, 3, start + 3, 'customer.deleted');
		expect((await node.run()).map((item) => (item.event as IDataObject).id)).toEqual([
			first.id,
			second.id,
		]);
		expect(eventRequests().map((r) => [r.query, r.stripeAccount])).toEqual([
			[{ limit: 100, type: 'customer.created', created: { gte: start - WINDOW } }, account],
		]);
		expect(cursorOf(node)).toEqual({
			newest: start + 2,
			seen: { [first.id]: start + 1, [second.id]: start + 2 },
		});
		expect(await node.run()).toEqual([]);
	});

	it('in Polling mode, Start From and a manual run behave as in the polling trigger', async () => {
		const account = freshAccount();
		const event = customerEvent(account, 1, NOW - 30);
		const node = v1(account, { options: { startFrom: new Date((NOW - 60) * 1000).toISOString() } });
		expect((await node.run()).map((item) => (item.event as IDataObject).id)).toEqual([event.id]);
		const [[item]] = (await poll({
			baseUrl: env.url,
			node: 'v1',
			mode: 'manual',
			params: {
				mode: 'polling',
				events: ['customer.created'],
				options: { stripeAccount: account },
			},
		}))!;
		expect(item.json).toMatchObject({
			id: `cus_${account}_1`,
			event: { id: event.id, type: 'customer.created' },
		});
	});

	it('in Webhook mode (the default) poll() does nothing: no request, no cursor', async () => {
		for (const params of [{ mode: 'webhook', events: ['*'] }, { events: ['*'] }]) {
			const staticData: IDataObject = {};
			expect(await poll({ baseUrl: env.url, node: 'v1', staticData, params })).toBeNull();
			expect(env.standIn.requests).toEqual([]);
			expect(staticData).toEqual({});
		}
	});

	it('in Polling mode, an invalid Start From is the same clear error', async () => {
		const error = await failure(
			poll({
				baseUrl: env.url,
				node: 'v1',
				params: { mode: 'polling', events: ['*'], options: { startFrom: 'yesterday-ish' } },
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Start From: is not a valid date: "yesterday-ish"; use a date such as 2026-01-31 or 2026-01-31T12:00:00Z',
		);
	});
});
