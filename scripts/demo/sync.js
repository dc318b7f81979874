'use strict';
/**
 * The sync example as it runs in the demo: Stripe Complete Sync keeping an n8n Data Table in step with
 * Stripe's customers and subscriptions, a backfill first, then the changes made between two polls.
 */
const { mulberry32 } = require('../../stand-ins/fault-proxy');
const n8n = require('../n8n');
const { triggered } = require('./executions');

const EXAMPLE = 'stripe-sync-to-data-table.json';
/** The Data Table the sync example keeps, and its columns (all text). */
const TABLE = 'Stripe sync';
const COLUMNS = ['stripe_id', 'object', 'email', 'name', 'status', 'customer', 'event_id', 'data'];

/**
 * Changes between the sync's two polls, drawn from `seed`: customers created, renamed and deleted,
 * subscriptions created, changed and canceled.
 */
async function changeForSync(stripe, seeded, runId, seed) {
	const random = mulberry32(seed);
	const customers = seeded.customers.map((c) => c.id);
	const subscribed = new Set(seeded.subscriptions.map((s) => s.customer));
	const subscriptions = seeded.subscriptions.map((s) => s.id);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const made = [];
	for (let i = 0; i < 8; i++) {
		const op = Math.floor(random() * 6);
		if (op === 0) {
			const c = await stripe.customers.create({ email: `demo-${runId}-new${i}@example.com` });
			customers.push(c.id);
			made.push(`created customer ${c.id}`);
		} else if (op === 1 && customers.length) {
			const id = pick(customers);
			await stripe.customers.update(id, { name: `Renamed ${i}`, metadata: { step: i } });
			made.push(`updated customer ${id}`);
		} else if (op === 2 && customers.some((c) => !subscribed.has(c))) {
			const id = pick(customers.filter((c) => !subscribed.has(c)));
			customers.splice(customers.indexOf(id), 1);
			await stripe.customers.del(id);
			made.push(`deleted customer ${id}`);
		} else if (op === 3 && customers.length) {
			const customer = pick(customers);
			const sub = await stripe.subscriptions.create({
				customer,
				items: [{ price: seeded.price.id }],
				payment_behavior: 'default_incomplete',
			});
			subscribed.add(customer);
			subscriptions.push(sub.id);
			made.push(`created subscription ${sub.id}`);
		} else if (op === 4 && subscriptions.length) {
			const id = pick(subscriptions);
			await stripe.subscriptions.update(id, { metadata: { step: i } });
			made.push(`updated subscription ${id}`);
		} else if (op === 5 && subscriptions.length) {
			const id = pick(subscriptions);
			subscriptions.splice(subscriptions.indexOf(id), 1);
			await stripe.subscriptions.cancel(id);
			made.push(`canceled subscription ${id}`);
		}
	}
	return made;
}

/** The customers and subscriptions Stripe lists (canceled subscriptions are not), as the sync emits them. */
async function syncedInStripe(stripe) {
	const objects = [];
	for (const list of [stripe.customers, stripe.subscriptions])
		objects.push(...(await list.list({ limit: 100 }).autoPagingToArray({ limit: 10000 })));
	return objects;
}

/**
 * The example's Data Table, made in a running n8n for the imported `workflow` (or kept, in an n8n folder
 * that has it from an earlier start of `npm run dev`): { id, projectId }.
 */
async function createSyncTable(runtime, rest, workflow) {
	const table = await n8n.createDataTable(rest, TABLE, COLUMNS).catch(async (error) => {
		const kept = await n8n.findDataTable(rest, TABLE);
		if (!kept) throw error;
		return kept;
	});
	// n8n 1.x's Data Table node finds a table by ID only (its By Name mode came with 2.x).
	if (runtime.version.startsWith('1.')) {
		const saved = await rest('GET', `/workflows/${workflow.id}`);
		for (const node of saved.nodes)
			if (node.type === 'n8n-nodes-base.dataTable')
				node.parameters.dataTableId = { __rl: true, mode: 'id', value: table.id };
		await rest('PATCH', `/workflows/${workflow.id}`, saved);
	}
	return table;
}

/**
 * The sync example in a running n8n: its Data Table made, the workflow activated (n8n polls at once:
 * the backfill), Stripe changed, then a poll at once (what Stripe lists already) and one more once
 * `listed()` says Stripe lists every change (its late events).
 * @param {() => Promise<void>} listed
 */
async function runSync(runtime, rest, workflow, stripe, seeded, changeSeed, listed) {
	const table = await createSyncTable(runtime, rest, workflow);
	const started = Date.now();
	await n8n.activateWorkflow(rest, workflow.id);
	const backfill = await triggered(runtime, rest, 'sync', workflow, 1);
	if (!backfill.ok) {
		await n8n.deactivateWorkflow(rest, workflow.id);
		return backfill;
	}
	const changes = await changeForSync(stripe, seeded, Date.now().toString(36), changeSeed);
	n8n.log(`Changed Stripe between the sync's polls (seed ${changeSeed}): ${changes.join(', ')}`);
	await n8n.pollNow(rest, workflow.id);
	await listed();
	await n8n.pollNow(rest, workflow.id);
	// Each poll that found changes started one execution: the table is in step once they have all run
	// (bounded: a table that never gets there is reported, with its differences).
	const inStripe = await syncedInStripe(stripe);
	await n8n.poll(
		async () => {
			const executions = await n8n.listExecutions(rest, workflow.id);
			if (executions.some((e) => e.status === 'running' || e.status === 'new')) return false;
			return syncCompared({ rows: await n8n.dataTableRows(rest, table), inStripe }).equal;
		},
		60000,
		500,
	);
	const run = await triggered(runtime, rest, 'sync', workflow, 2);
	await n8n.deactivateWorkflow(rest, workflow.id);
	const scheduledPolls = pollTimesWithin(workflow, started, Date.now());
	const rows = await n8n.dataTableRows(rest, table);
	return { ...run, rows, inStripe, changes, scheduledPolls };
}

/**
 * How many of the trigger's own Poll Times (every N minutes, on the minutes n8n's cron names, at a second
 * of its choosing) may have fallen between `from` and `to`: polls beside the ones the demo asks for.
 */
function pollTimesWithin(workflow, from, to) {
	const trigger = workflow.nodes.find((node) => node.parameters?.pollTimes);
	const every = trigger?.parameters.pollTimes.item?.[0];
	if (every?.mode !== 'everyX' || every.unit !== 'minutes')
		throw new Error('The sync example polls every N minutes');
	const period = every.value * 60000;
	// The cron's second is unknown: a poll up to a minute after a boundary counts from the boundary.
	return Math.floor(to / period) - Math.floor((from - 60000) / period);
}

/** The sync's Data Table beside what Stripe lists: one row per object, each row's data the object. */
function syncCompared(run) {
	const rows = run?.rows ?? [];
	const inStripe = run?.inStripe ?? [];
	const differences = [];
	const byId = new Map(rows.map((row) => [row.stripe_id, row]));
	if (byId.size !== rows.length) differences.push('a Stripe object in more than one row');
	for (const object of inStripe) {
		const row = byId.get(object.id);
		if (!row) differences.push(`${object.id} missing`);
		else if (n8n.canonical(JSON.parse(row.data)) !== n8n.canonical(object))
			differences.push(`${object.id} differs`);
		byId.delete(object.id);
	}
	for (const id of byId.keys()) differences.push(`${id} is not in Stripe`);
	return { rows: rows.length, inStripe: inStripe.length, equal: !differences.length, differences };
}

module.exports = { EXAMPLE, TABLE, createSyncTable, runSync, syncCompared };
