import Stripe from 'stripe';
import type { IDataObject } from 'n8n-workflow';
import type { SyncState } from '../../nodes/shared/sync/state';
import { TEST_KEY } from './harness';
import { poll } from './trigger-harness';

type Json = IDataObject;

/** What a table kept from a sync's items holds: each object's last copy, none of those deleted. */
export class Mirror {
	rows = new Map<string, Json>();
	apply(items: Json[]) {
		for (const { sync, ...object } of items) {
			if ((sync as Json).change === 'deleted') this.rows.delete(object.id as string);
			else this.rows.set(object.id as string, object);
		}
	}
}

const LISTS: Record<string, (s: Stripe) => any> = {
	customer: (s) => s.customers,
	product: (s) => s.products,
	subscription: (s) => s.subscriptions,
	invoice: (s) => s.invoices,
	'checkout.session': (s) => s.checkout.sessions,
	balance_transaction: (s) => s.balanceTransactions,
};

/**
 * Stripe Complete Sync against a stand-in, for a test file: the SDK on it, a sync of one account that
 * keeps its state between runs, and a mirror compared with what the account's lists give.
 */
export function syncHarness(env: { url: string }) {
	const client = () =>
		new Stripe(TEST_KEY, {
			host: '127.0.0.1',
			port: new URL(env.url).port,
			protocol: 'http',
			telemetry: false,
		});

	function syncer(account: string, params: Json = {}, baseUrl?: () => string) {
		const staticData: Json = {};
		return {
			staticData,
			state: () => staticData as SyncState,
			run: async (mode: 'trigger' | 'manual' = 'trigger') =>
				((await poll({
					baseUrl: baseUrl?.() ?? env.url,
					node: 'sync',
					staticData,
					mode,
					params: {
						objects: ['customer'],
						...params,
						options: { stripeAccount: account, ...((params.options as Json) ?? {}) },
					},
				})) ?? [[]])[0].map((item) => item.json),
		};
	}

	/** Every object of these types the account's lists give, as a workflow would Get them. */
	async function listed(account: string, types: string[]) {
		const stripe = client();
		const rows = new Map<string, Json>();
		for (const type of types)
			for (const o of await LISTS[type](stripe)
				.list({ limit: 100 }, { stripeAccount: account })
				.autoPagingToArray({ limit: 10000 }))
				rows.set(o.id, JSON.parse(JSON.stringify(o)));
		return rows;
	}

	async function expectMirrored(mirror: Mirror, account: string, types: string[], seed?: number) {
		const truth = await listed(account, types);
		const sorted = (rows: Map<string, Json>) =>
			[...rows.entries()].sort(([a], [b]) => a.localeCompare(b));
		expect({ seed, rows: sorted(mirror.rows) }).toEqual({ seed, rows: sorted(truth) });
	}

	return { client, syncer, Mirror, expectMirrored };
}
