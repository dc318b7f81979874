import { effectOf } from '../../nodes/StripeComplete/operations/effects';
import { resources } from '../../nodes/StripeComplete/resources/registry';

const operations = resources.flatMap((resource) =>
	resource.operations.map((operation) => ({ resource, operation })),
);
const effect = (sdk: string) =>
	operations.find(({ operation }) => operation.sdk?.includes(sdk))?.operation;

describe('what every operation does', () => {
	it('classes every operation, reads by GETs only', () => {
		const counts: Record<string, number> = {};
		for (const { operation } of operations) {
			const e = effectOf(operation);
			counts[e] = (counts[e] ?? 0) + 1;
			expect(['reads', 'writes', 'moves money', 'destructive']).toContain(e);
			expect(e === 'reads').toBe(['read', 'list', 'search'].includes(operation.kind));
		}
		console.log(`effects: ${JSON.stringify(counts)}`);
	});

	it('never classes a delete, cancel, void, reject, close, refund, payout, transfer or capture as a read', () => {
		const acting = operations.filter(({ operation }) =>
			(operation.sdk ?? []).some((s) =>
				/\.(del|delete\w*|cancel\w*|void\w*|reject\w*|close\w*|capture\w*)$|^(refunds|payouts|transfers)\.create$/.test(
					s,
				),
			),
		);
		expect(acting.length).toBeGreaterThan(40);
		expect(acting.filter(({ operation }) => effectOf(operation) === 'reads')).toEqual([]);
	});

	it.each([
		['refunds.create', 'moves money'],
		['payouts.create', 'moves money'],
		['transfers.create', 'moves money'],
		['paymentIntents.capture', 'moves money'],
		['paymentIntents.confirm', 'moves money'],
		['invoices.pay', 'moves money'],
		['charges.create', 'moves money'],
		['customers.del', 'destructive'],
		['subscriptions.cancel', 'destructive'],
		['invoices.voidInvoice', 'destructive'],
		['payouts.cancel', 'destructive'],
		['disputes.close', 'destructive'],
		['customers.create', 'writes'],
		['customers.update', 'writes'],
		['charges.retrieve', 'reads'],
		['refunds.list', 'reads'],
	])('%s %s', (sdk, expected) => {
		expect(effectOf(effect(sdk)!)).toBe(expected);
	});

	it('says it first in the Operation list, where people and n8n read what an operation does', async () => {
		const { StripeComplete } = await import('../../nodes/StripeComplete/StripeComplete.node');
		const refundOps = new StripeComplete().description.properties.find(
			(p) =>
				p.name === 'operation' &&
				!p.displayOptions?.show?.['@version'] &&
				(p.displayOptions?.show?.resource as string[] | undefined)?.[0] === 'refund',
		)!.options as Array<{ value: string; description: string }>;
		expect(refundOps.find((o) => o.value === 'create')!.description).toMatch(/^Moves money\. /);
		expect(refundOps.find((o) => o.value === 'get')!.description).toMatch(/^Reads only\. /);
		expect(refundOps.find((o) => o.value === 'cancel')!.description).toMatch(/^Destructive: /);
	});
});
