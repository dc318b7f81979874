/**
 * The flows of billing, step by step through execute() as nodes of one execution: a subscription
 * made, changed and canceled; an invoice drafted, filled, finalized, then paid or voided.
 */
import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { failure } from '../support/harness';
import { onItem, useFlows } from '../support/flows';

const { workflow, sent, only, stored, customerWithCard, customer, price } = useFlows();

describe('Subscription: create, update, cancel', () => {
	it('subscribes a customer to a monthly price, sets cancel_at_period_end and metadata, then cancels it', async () => {
		const flow = workflow();
		const cus = customerWithCard();
		const seat = price(900, { interval: 'month' });

		const created = only(
			await flow.start({
				resource: 'subscription',
				operation: 'create',
				customer: cus,
				items: { item: [{ price: seat, quantity: 2 }] },
				additionalFields: { metadata: { entry: [{ key: 'plan', value: 'team' }] } },
			}),
		);
		flow.wrote(
			'/v1/subscriptions',
			`customer=${cus}&items[0][price]=${seat}&items[0][quantity]=2&metadata[plan]=team`,
		);
		expect(created).toMatchObject({
			object: 'subscription',
			customer: cus,
			status: 'active',
			cancel_at_period_end: false,
			canceled_at: null,
			currency: 'usd',
			metadata: { plan: 'team' },
		});
		expect(created.id).toMatch(/^sub_/);
		expect((created.items as IDataObject).data).toEqual([
			expect.objectContaining({
				object: 'subscription_item',
				price: expect.objectContaining({ id: seat }),
				quantity: 2,
				subscription: created.id,
			}),
		]);

		const updated = only(
			await flow.then(
				created,
				onItem('subscription', 'update', 'subscriptionId', {
					updateFields: {
						cancelAtPeriodEnd: true,
						metadata: { entry: [{ key: 'churn_reason', value: 'too_expensive' }] },
					},
				}),
			),
		);
		flow.wrote(
			`/v1/subscriptions/${created.id as string}`,
			'cancel_at_period_end=true&metadata[churn_reason]=too_expensive',
		);
		expect(updated).toMatchObject({
			id: created.id,
			status: 'active',
			cancel_at_period_end: true,
			metadata: { plan: 'team', churn_reason: 'too_expensive' },
		});

		const canceled = only(
			await flow.then(
				updated,
				onItem('subscription', 'cancel', 'subscriptionId', {
					additionalFields: {
						cancellationDetails: {
							comment: 'Moving to the annual plan',
							feedback: 'switched_service',
						},
						invoiceNow: true,
					},
				}),
			),
		);
		const req = sent();
		// A DELETE: its parameters go in the query, and Stripe takes no Idempotency-Key on it.
		expect([req.method, req.path, req.rawBody, req.idempotencyKey]).toEqual([
			'DELETE',
			`/v1/subscriptions/${created.id as string}`,
			'',
			undefined,
		]);
		expect(req.query).toEqual({
			cancellation_details: { comment: 'Moving to the annual plan', feedback: 'switched_service' },
			invoice_now: true,
		});
		expect(canceled).toMatchObject({
			id: created.id,
			object: 'subscription',
			status: 'canceled',
			cancellation_details: {
				comment: 'Moving to the annual plan',
				feedback: 'switched_service',
				reason: 'cancellation_requested',
			},
			metadata: { plan: 'team', churn_reason: 'too_expensive' },
		});
		expect(canceled.canceled_at).toEqual(expect.any(Number));
		expect(canceled.ended_at).toEqual(expect.any(Number));
	});

	it('starts a subscription incomplete when the customer has no way to pay', async () => {
		const flow = workflow();
		const cus = customer();
		const seat = price(900, { interval: 'month' });
		const created = only(
			await flow.start({
				resource: 'subscription',
				operation: 'create',
				customer: cus,
				items: `[{"price": "${seat}"}]`,
			}),
		);
		flow.wrote('/v1/subscriptions', `customer=${cus}&items[0][price]=${seat}`);
		expect(created).toMatchObject({ customer: cus, status: 'incomplete' });
	});
});

describe('Invoice: create, add items, finalize, pay or void', () => {
	it('invoices a customer: a draft, an invoice item on it, lines added, finalized to open, then paid', async () => {
		const flow = workflow();
		const cus = customerWithCard();
		const hours = price(15000);

		const draft = only(
			await flow.start({
				resource: 'invoice',
				operation: 'create',
				additionalFields: { customer: cus, description: 'March consulting' },
			}),
		);
		flow.wrote('/v1/invoices', `customer=${cus}&description=March%20consulting`);
		expect(draft).toMatchObject({
			object: 'invoice',
			customer: cus,
			status: 'draft',
			amount_due: 0,
			number: null,
		});
		expect(draft.id).toMatch(/^in_/);

		const item = only(
			await flow.then(draft, (json) => ({
				resource: 'invoiceItem',
				operation: 'create',
				additionalFields: {
					customer: json.customer,
					invoice: json.id,
					amount: 2500,
					currency: 'usd',
					description: 'Travel',
				},
			})),
		);
		flow.wrote(
			'/v1/invoiceitems',
			`customer=${cus}&invoice=${draft.id as string}&amount=2500&currency=usd&description=Travel`,
		);
		expect(item).toMatchObject({
			object: 'invoiceitem',
			invoice: draft.id,
			customer: cus,
			amount: 2500,
		});
		expect(item.id).toMatch(/^ii_/);

		const withLines = only(
			await flow.then(item, (json) => ({
				resource: 'invoice',
				operation: 'addLines',
				invoiceId: json.invoice,
				linesToAdd: `[{"pricing": {"price": "${hours}"}, "quantity": 3}]`,
			})),
		);
		flow.wrote(
			`/v1/invoices/${draft.id as string}/add_lines`,
			`lines[0][pricing][price]=${hours}&lines[0][quantity]=3`,
		);
		expect(withLines).toMatchObject({ id: draft.id, status: 'draft', amount_due: 47500 });
		expect(
			((withLines.lines as IDataObject).data as IDataObject[]).map((line) => [
				line.amount,
				line.quantity,
				line.description,
			]),
		).toEqual([
			[2500, 1, 'Travel'],
			[45000, 3, null],
		]);

		const finalized = only(
			await flow.then(withLines, onItem('invoice', 'finalizeInvoice', 'invoiceId')),
		);
		flow.wrote(`/v1/invoices/${draft.id as string}/finalize`, '');
		expect(finalized).toMatchObject({
			id: draft.id,
			status: 'open',
			amount_due: 47500,
			amount_paid: 0,
			amount_remaining: 47500,
		});
		expect(finalized.number).toEqual(expect.any(String));
		expect((finalized.status_transitions as IDataObject).finalized_at).toEqual(expect.any(Number));

		const paid = only(await flow.then(finalized, onItem('invoice', 'pay', 'invoiceId')));
		flow.wrote(`/v1/invoices/${draft.id as string}/pay`, '');
		expect(paid).toMatchObject({
			id: draft.id,
			status: 'paid',
			number: finalized.number,
			amount_paid: 47500,
			amount_remaining: 0,
		});
		expect((paid.status_transitions as IDataObject).paid_at).toEqual(expect.any(Number));
	});

	it('voids an open invoice; Stripe then refuses to pay it and it stays void', async () => {
		const flow = workflow();
		const cus = customerWithCard();
		const draft = only(
			await flow.start({
				resource: 'invoice',
				operation: 'create',
				additionalFields: { customer: cus, collectionMethod: 'send_invoice', daysUntilDue: 30 },
			}),
		);
		flow.wrote('/v1/invoices', `customer=${cus}&collection_method=send_invoice&days_until_due=30`);

		await flow.then(draft, (json) => ({
			resource: 'invoiceItem',
			operation: 'create',
			additionalFields: {
				customer: json.customer,
				invoice: json.id,
				amount: 12000,
				currency: 'usd',
			},
		}));
		expect(sent().path).toBe('/v1/invoiceitems');
		const finalized = only(
			await flow.then(
				draft,
				onItem('invoice', 'finalizeInvoice', 'invoiceId', {
					additionalFields: { autoAdvance: false },
				}),
			),
		);
		flow.wrote(`/v1/invoices/${draft.id as string}/finalize`, 'auto_advance=false');
		expect(finalized).toMatchObject({ status: 'open', amount_due: 12000, auto_advance: false });

		const voided = only(await flow.then(finalized, onItem('invoice', 'voidInvoice', 'invoiceId')));
		flow.wrote(`/v1/invoices/${draft.id as string}/void`, '');
		expect(voided).toMatchObject({ id: draft.id, status: 'void', amount_paid: 0 });
		expect((voided.status_transitions as IDataObject).voided_at).toEqual(expect.any(Number));

		const error = await failure(
			flow.then(
				voided,
				onItem('invoice', 'pay', 'invoiceId', { additionalFields: { paidOutOfBand: true } }),
			),
		);
		flow.wrote(`/v1/invoices/${draft.id as string}/pay`, 'paid_out_of_band=true');
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'invoice_unexpected_state',
			status_code: 400,
		});
		expect(stored(draft.id)).toMatchObject({ status: 'void', amount_paid: 0 });
	});
});
