/**
 * The flows of Connect, step by step through execute() as nodes of one execution: a connected
 * account onboarded, an application fee refunded, an Apple Pay domain registered on an account.
 */
import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { failure } from '../support/harness';
import { onItem, useFlows } from '../support/flows';

const { workflow, sent, only, connectedAccount } = useFlows();

describe('Connect: onboard a connected account', () => {
	it('creates an account, an onboarding link, its representative, a bank account and requests a capability', async () => {
		const flow = workflow();
		const account = only(
			await flow.start({
				resource: 'account',
				operation: 'create',
				additionalFields: {
					type: 'express',
					country: 'US',
					email: 'owner@shop.example.com',
					businessType: 'individual',
					capabilities: { cardPayments: { requested: true } },
				},
			}),
		);
		flow.wrote(
			'/v1/accounts',
			'type=express&country=US&email=owner%40shop.example.com&business_type=individual&capabilities[card_payments][requested]=true',
		);
		expect(account).toMatchObject({
			object: 'account',
			type: 'express',
			country: 'US',
			email: 'owner@shop.example.com',
			charges_enabled: false,
			capabilities: { card_payments: 'inactive' },
		});
		expect(account.id).toMatch(/^acct_/);
		const acct = account.id as string;

		const link = only(
			await flow.then(
				account,
				onItem('accountLink', 'create', 'account', {
					type: 'account_onboarding',
					additionalFields: {
						refreshUrl: 'https://shop.example.com/reauth',
						returnUrl: 'https://shop.example.com/return',
					},
				}),
			),
		);
		flow.wrote(
			'/v1/account_links',
			`account=${acct}&type=account_onboarding&refresh_url=https%3A%2F%2Fshop.example.com%2Freauth&return_url=https%3A%2F%2Fshop.example.com%2Freturn`,
		);
		expect(link).toMatchObject({ object: 'account_link', url: expect.stringContaining(acct) });
		expect(link.expires_at).toBeGreaterThan(link.created as number);

		const person = only(
			await flow.then(
				account,
				onItem('account', 'createPerson', 'accountId', {
					additionalFields: {
						firstName: 'Jenny',
						lastName: 'Rosen',
						relationship: { representative: true, title: 'Owner' },
						dob: { day: 5, month: 7, year: 1985 },
					},
				}),
			),
		);
		flow.wrote(
			`/v1/accounts/${acct}/persons`,
			'first_name=Jenny&last_name=Rosen&relationship[representative]=true&relationship[title]=Owner&dob[day]=5&dob[month]=7&dob[year]=1985',
		);
		expect(person).toMatchObject({
			object: 'person',
			account: acct,
			first_name: 'Jenny',
			relationship: { representative: true, title: 'Owner', owner: false },
			dob: { day: 5, month: 7, year: 1985 },
		});
		expect(person.id).toMatch(/^person_/);

		const bank = only(
			await flow.then(
				account,
				onItem('account', 'createExternalAccount', 'accountId', {
					externalAccount: 'btok_us_verified',
				}),
			),
		);
		flow.wrote(`/v1/accounts/${acct}/external_accounts`, 'external_account=btok_us_verified');
		expect(bank).toMatchObject({
			object: 'bank_account',
			account: acct,
			country: 'US',
			currency: 'usd',
			last4: '6789',
			default_for_currency: true,
		});

		const capability = only(
			await flow.then(
				account,
				onItem('account', 'updateCapability', 'accountId', {
					capabilityId: 'transfers',
					updateFields: { requested: true },
				}),
			),
		);
		flow.wrote(`/v1/accounts/${acct}/capabilities/transfers`, 'requested=true');
		expect(capability).toEqual({
			id: 'transfers',
			object: 'capability',
			account: acct,
			requested: true,
			requested_at: expect.any(Number),
			status: 'inactive',
		});

		const fetched = only(await flow.then(account, onItem('account', 'get', 'accountId')));
		expect([sent().method, fetched.id]).toEqual(['GET', acct]);
		expect(fetched.capabilities).toEqual({ card_payments: 'inactive', transfers: 'inactive' });
		expect((fetched.external_accounts as IDataObject).data).toEqual([
			expect.objectContaining({ id: bank.id, last4: '6789' }),
		]);
	});

	it('adds a bank account given by its details (a JSON object)', async () => {
		const flow = workflow();
		const acct = connectedAccount();
		const bank = only(
			await flow.start({
				resource: 'account',
				operation: 'createExternalAccount',
				accountId: acct,
				externalAccount: {
					object: 'bank_account',
					country: 'US',
					currency: 'usd',
					account_holder_name: 'Jenny Rosen',
					routing_number: '110000000',
					account_number: '000999999991',
				},
				additionalFields: { defaultForCurrency: true },
			}),
		);
		flow.wrote(
			`/v1/accounts/${acct}/external_accounts`,
			'external_account[object]=bank_account&external_account[country]=US&external_account[currency]=usd&external_account[account_holder_name]=Jenny%20Rosen&external_account[routing_number]=110000000&external_account[account_number]=000999999991&default_for_currency=true',
		);
		expect(bank).toMatchObject({
			object: 'bank_account',
			account: acct,
			account_holder_name: 'Jenny Rosen',
			last4: '9991',
			default_for_currency: true,
		});
	});
});

describe('Application fee: refund', () => {
	it('refunds the fee of a destination charge in part, then the rest; Stripe refuses more', async () => {
		const flow = workflow();
		const shop = connectedAccount();
		const payment = only(
			await flow.start({
				resource: 'paymentIntent',
				operation: 'create',
				amount: 10000,
				currency: 'usd',
				additionalFields: {
					paymentMethod: 'pm_card_visa',
					confirm: true,
					applicationFeeAmount: 1230,
					transferData: { destination: shop },
				},
			}),
		);
		flow.wrote(
			'/v1/payment_intents',
			`amount=10000&currency=usd&payment_method=pm_card_visa&confirm=true&application_fee_amount=1230&transfer_data[destination]=${shop}`,
		);
		expect(payment).toMatchObject({ status: 'succeeded', application_fee_amount: 1230 });

		const fees = await flow.then(payment, (json) => ({
			resource: 'applicationFee',
			operation: 'getAll',
			filters: { charge: json.latest_charge },
		}));
		const list = sent();
		expect([list.method, list.path, list.query]).toEqual([
			'GET',
			'/v1/application_fees',
			{ charge: payment.latest_charge, limit: 50 },
		]);
		const fee = only(fees);
		expect(fee).toMatchObject({
			object: 'application_fee',
			amount: 1230,
			amount_refunded: 0,
			refunded: false,
			charge: payment.latest_charge,
			account: shop,
		});
		expect(fee.id).toMatch(/^fee_/);

		const partial = only(
			await flow.then(
				fee,
				onItem('applicationFee', 'createRefund', 'applicationFeeId', {
					additionalFields: {
						amount: 230,
						metadata: { entry: [{ key: 'reason', value: 'late delivery' }] },
					},
				}),
			),
		);
		flow.wrote(
			`/v1/application_fees/${fee.id as string}/refunds`,
			'amount=230&metadata[reason]=late%20delivery',
		);
		expect(partial).toMatchObject({
			object: 'fee_refund',
			amount: 230,
			currency: 'usd',
			fee: fee.id,
			metadata: { reason: 'late delivery' },
		});
		expect(partial.id).toMatch(/^fr_/);

		const rest = only(
			await flow.then(fee, onItem('applicationFee', 'createRefund', 'applicationFeeId')),
		);
		flow.wrote(`/v1/application_fees/${fee.id as string}/refunds`, '');
		expect(rest).toMatchObject({ object: 'fee_refund', amount: 1000, fee: fee.id });

		const error = await failure(
			flow.then(
				fee,
				onItem('applicationFee', 'createRefund', 'applicationFeeId', {
					additionalFields: { amount: 1 },
				}),
			),
		);
		flow.wrote(`/v1/application_fees/${fee.id as string}/refunds`, 'amount=1');
		expect((error as NodeApiError).context.stripe).toMatchObject({
			code: 'amount_too_large',
			param: 'amount',
			status_code: 400,
		});

		const refunded = only(
			await flow.then(fee, onItem('applicationFee', 'get', 'applicationFeeId')),
		);
		expect([sent().path]).toEqual([`/v1/application_fees/${fee.id as string}`]);
		expect(refunded).toMatchObject({ amount_refunded: 1230, refunded: true });
		expect(((refunded.refunds as IDataObject).data as IDataObject[]).map((r) => r.id)).toEqual([
			rest.id,
			partial.id,
		]);
	});
});

describe('Apple Pay domain: create', () => {
	it('registers a domain on a connected account, listed under that account only', async () => {
		const flow = workflow();
		const shop = connectedAccount();
		const domain = only(
			await flow.start({
				resource: 'applePayDomain',
				operation: 'create',
				domainName: 'shop.example.com',
				options: { stripeAccount: shop },
			}),
		);
		const req = flow.wrote('/v1/apple_pay/domains', 'domain_name=shop.example.com');
		expect(req.stripeAccount).toBe(shop);
		expect(domain).toEqual({
			id: expect.stringMatching(/^apwc_/),
			object: 'apple_pay_domain',
			domain_name: 'shop.example.com',
			created: expect.any(Number),
			livemode: false,
		});

		const listed = await flow.then(domain, (json) => ({
			resource: 'applePayDomain',
			operation: 'getAll',
			filters: { domainName: json.domain_name },
			options: { stripeAccount: shop },
		}));
		const list = sent();
		expect([list.path, list.query, list.stripeAccount]).toEqual([
			'/v1/apple_pay/domains',
			{ domain_name: 'shop.example.com', limit: 50 },
			shop,
		]);
		expect(listed.map((o) => o.json.id)).toEqual([domain.id]);

		expect(
			await flow.start({
				resource: 'applePayDomain',
				operation: 'getAll',
				filters: { domainName: 'shop.example.com' },
			}),
		).toEqual([]);
		expect(sent().stripeAccount).toBeUndefined();
	});
});
