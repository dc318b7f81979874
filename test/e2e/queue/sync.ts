/**
 * The PostgreSQL sync example in the queue-mode cluster: its table and workflow, Stripe's customers and
 * subscriptions of one connected account changed at random (a seed replays a run), and both compared.
 */
import * as crypto from 'crypto';
import type Stripe from 'stripe';
import * as n8n from '../../../scripts/n8n';
import { createTableSql, EXAMPLE as POSTGRES_EXAMPLE } from '../../../scripts/demo/postgres';
import { mulberry32 } from '../../../stand-ins/fault-proxy';
import { credential, postgres, rest, standInUrl, stripeAt, workflow, type Item } from './cluster';

export const SYNC_KEY = 'sk_test_queue_sync';
export const ACCOUNT = 'acct_queue_sync';

/** Rows as `id canonical-JSON`, sorted: the table's (those not marked deleted), or Stripe's customers and subscriptions. */
export const tableRows = () =>
	postgres
		.psql('SELECT id, data::text FROM stripe_objects WHERE NOT deleted ORDER BY id')
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [id, data] = line.split('|');
			return `${id} ${n8n.canonical(JSON.parse(data))}`;
		});
export const stripeRows = async () => {
	const stripe = stripeAt(SYNC_KEY);
	const objects: Item[] = [];
	for (const list of [stripe.customers, stripe.subscriptions])
		objects.push(
			...(await (list.list as any)({ limit: 100 }, { stripeAccount: ACCOUNT }).autoPagingToArray({
				limit: 10000,
			})),
		);
	return objects.map((o) => `${o.id} ${n8n.canonical(o)}`).sort();
};
export const checksum = (rows: string[]) =>
	crypto.createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);

/**
 * Changes to the account's customers and subscriptions, drawn from `seed`: `change()` makes one (a
 * customer created, updated or deleted, a subscription created or canceled).
 */
export async function randomChanges(stripe: Stripe, seed: number) {
	const as = { stripeAccount: ACCOUNT };
	const random = mulberry32(seed);
	const product = await stripe.products.create({ name: 'Queue plan' }, as);
	const price = await stripe.prices.create(
		{ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } },
		as,
	);
	const customers: string[] = [];
	const subscriptions: string[] = [];
	const subscribed = new Set<string>();
	const change = async () => {
		// Creates weigh more, so the table fills up.
		const op = random() < 0.4 ? 0 : Math.floor(random() * 5);
		const pick = (ids: string[]) => ids[Math.floor(random() * ids.length)];
		if (op === 0 || !customers.length)
			customers.push((await stripe.customers.create({ name: `Q${random()}` }, as)).id);
		else if (op === 1)
			await stripe.customers.update(pick(customers), { metadata: { r: String(random()) } }, as);
		else if (op === 2 && customers.some((c) => !subscribed.has(c))) {
			const id = pick(customers.filter((c) => !subscribed.has(c)));
			customers.splice(customers.indexOf(id), 1);
			await stripe.customers.del(id, {}, as);
		} else if (op === 3) {
			const customer = pick(customers);
			subscribed.add(customer);
			subscriptions.push(
				(await stripe.subscriptions.create({ customer, items: [{ price: price.id }] }, as)).id,
			);
		} else if (op === 4 && subscriptions.length) {
			const id = pick(subscriptions);
			subscriptions.splice(subscriptions.indexOf(id), 1);
			await stripe.subscriptions.cancel(id, {}, as);
		}
	};
	return { customers, change };
}

/**
 * The example's table in the PostgreSQL, made by the SQL its note gives, and its workflow, on the
 * stand-in's connected account: its id.
 */
export async function syncExample() {
	const example = n8n.readExample(POSTGRES_EXAMPLE);
	postgres.psql(createTableSql().replace(/\s+/g, ' ').trim());
	const { id: pgId } = await rest('POST', '/credentials', {
		name: 'Postgres account',
		type: 'postgres',
		data: {
			host: '127.0.0.1',
			port: postgres.port,
			database: postgres.database,
			user: postgres.user,
			password: '',
			ssl: 'disable',
		},
	});
	const stripeCredentials = await credential('Stripe (sync)', SYNC_KEY, standInUrl);
	for (const node of example.nodes) {
		if (node.credentials?.postgres)
			node.credentials = { postgres: { id: pgId, name: 'Postgres account' } };
		if (node.credentials?.stripeCompleteApi) {
			node.credentials = stripeCredentials;
			node.parameters.options = { stripeAccount: ACCOUNT };
		}
	}
	return workflow(example.name, example.nodes, example.connections);
}
