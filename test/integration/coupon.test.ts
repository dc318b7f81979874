import { NodeApiError } from 'n8n-workflow';
import { runNode, useStandIn, type Params } from '../support/harness';

const env = useStandIn();
const coupon = (params: Params) => runNode(env.url, { resource: 'coupon', ...params });
const promotionCode = (params: Params) =>
	runNode(env.url, { resource: 'promotionCode', ...params });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const codeFor = (couponId: string, additionalFields: Params = {}) =>
	promotionCode({
		operation: 'create',
		promotion: { type: 'coupon', coupon: byId(couponId) },
		additionalFields,
	});
/** The events recorded so far of a type, oldest first. */
const events = (type: string) =>
	[...env.standIn.store.values()]
		.filter((o) => o.object === 'event' && o.type === type)
		.sort((a, b) => a._seq - b._seq);
/** Stripe's refusal a run ended with. */
const refusal = async (run: Promise<unknown>) => {
	const error = await run.catch((e: unknown) => e);
	expect(error).toBeInstanceOf(NodeApiError);
	const { httpCode, context } = error as NodeApiError;
	return { httpCode, ...(context.stripe as Record<string, unknown>) };
};

// Lists see every object in the store, so each test starts from an empty Stripe.
beforeEach(() => env.standIn.store.clear());

describe('Coupon', () => {
	it('creates a percent-off coupon repeating for 3 months, as Stripe answers it, and announces coupon.created', async () => {
		const out = await coupon({
			operation: 'create',
			additionalFields: {
				name: 'Summer',
				percentOff: '12.5',
				duration: 'repeating',
				durationInMonths: 3,
				metadata: { entry: [{ key: 'campaign', value: 'summer' }] },
			},
		});

		const [req] = env.standIn.requests;
		expect([req.method, req.path, req.status]).toEqual(['POST', '/v1/coupons', 200]);
		expect(req.rawBody).toBe(
			'name=Summer&percent_off=12.5&duration=repeating&duration_in_months=3&metadata[campaign]=summer',
		);
		expect(out.map((o) => o.json)).toEqual([
			{
				id: expect.stringMatching(/^[A-Za-z0-9]{8}$/),
				object: 'coupon',
				amount_off: null,
				created: expect.any(Number),
				currency: null,
				duration: 'repeating',
				duration_in_months: 3,
				livemode: false,
				max_redemptions: null,
				metadata: { campaign: 'summer' },
				name: 'Summer',
				percent_off: 12.5,
				redeem_by: null,
				times_redeemed: 0,
				valid: true,
			},
		]);
		expect(events('coupon.created').map((e) => e.data.object)).toEqual([out[0].json]);
	});

	it('creates an amount-off coupon with an ID of its own, and gets it by that ID', async () => {
		await coupon({
			operation: 'create',
			additionalFields: { id: 'TENOFF', amountOff: 1000, currency: 'usd', duration: 'forever' },
		});
		const out = await coupon({ operation: 'get', couponId: byId('TENOFF') });

		expect(env.standIn.requests.map((r) => [r.method, r.path])).toEqual([
			['POST', '/v1/coupons'],
			['GET', '/v1/coupons/TENOFF'],
		]);
		expect(out[0].json).toMatchObject({
			id: 'TENOFF',
			amount_off: 1000,
			currency: 'usd',
			duration: 'forever',
			percent_off: null,
		});
		const again = await refusal(
			coupon({
				operation: 'create',
				additionalFields: { id: 'TENOFF', percentOff: 5 },
			}),
		);
		expect(again).toMatchObject({
			httpCode: '400',
			code: 'resource_already_exists',
			param: 'id',
		});
	});

	it.each([
		[
			'both percent_off and amount_off',
			{ percentOff: 10, amountOff: 500, currency: 'usd' },
			'amount_off',
			'You may only specify one of these parameters: amount_off, percent_off.',
		],
		[
			'neither percent_off nor amount_off',
			{ duration: 'once' },
			'percent_off',
			'You must specify one of these parameters: amount_off, percent_off.',
		],
		[
			'amount_off without a currency',
			{ amountOff: 500 },
			'currency',
			'You must specify a currency when creating an amount_off coupon.',
		],
		[
			'a repeating duration without duration_in_months',
			{ percentOff: 10, duration: 'repeating' },
			'duration_in_months',
			'duration_in_months is required when duration is repeating.',
		],
	])(
		'Stripe refuses a coupon with %s, with a 400 naming the parameter, and makes nothing',
		async (_, additionalFields, param, message) => {
			const error = await refusal(coupon({ operation: 'create', additionalFields }));
			expect(error).toMatchObject({
				httpCode: '400',
				type: 'invalid_request_error',
				param,
				message,
			});
			expect(env.standIn.requests.map((r) => r.status)).toEqual([400]);
			expect([...env.standIn.store.values()]).toEqual([]);
		},
	);

	it('gets many coupons newest first, a page after Starting After, and those created in a window', async () => {
		const [first, second, third] = [10, 20, 30].map((percent_off, i) =>
			env.standIn.seed('coupons', { percent_off, created: 1767225600 + i * 3600 }),
		);

		const all = await coupon({ operation: 'getAll', returnAll: true });
		expect(all.map((o) => o.json.id)).toEqual([third.id, second.id, first.id]);
		expect(env.standIn.requests[0].query).toEqual({ limit: 100 });

		const after = await coupon({
			operation: 'getAll',
			returnAll: false,
			limit: 1,
			startingAfter: third.id,
		});
		expect(after.map((o) => o.json.id)).toEqual([second.id]);
		expect(env.standIn.requests[1].query).toEqual({ limit: 1, starting_after: third.id });

		const windowed = await coupon({
			operation: 'getAll',
			returnAll: true,
			filters: {
				createdAfter: new Date(second.created * 1000).toISOString(),
				createdBefore: new Date(third.created * 1000).toISOString(),
			},
		});
		expect(windowed.map((o) => o.json.id)).toEqual([third.id, second.id]);
	});

	it('updates the name and metadata of a coupon, announced as coupon.updated with what they were', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10, name: 'Summer' });

		const out = await coupon({
			operation: 'update',
			couponId: byId(summer.id),
			updateFields: {
				name: 'Late summer',
				metadata: { entry: [{ key: 'season', value: 'late' }] },
			},
		});

		expect(env.standIn.requests[0].rawBody).toBe('name=Late%20summer&metadata[season]=late');
		expect(out[0].json).toMatchObject({ name: 'Late summer', metadata: { season: 'late' } });
		expect(events('coupon.updated').map((e) => e.data.previous_attributes)).toEqual([
			{ name: 'Summer', metadata: { season: null } },
		]);
	});

	it('deletes a coupon: {id, object, deleted}, coupon.deleted, and a get of it is then 404', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10 });

		const out = await coupon({ operation: 'delete', couponId: byId(summer.id) });

		expect(env.standIn.requests[0].method).toBe('DELETE');
		expect(out.map((o) => o.json)).toEqual([{ id: summer.id, object: 'coupon', deleted: true }]);
		expect(events('coupon.deleted').map((e) => e.data.object.id)).toEqual([summer.id]);
		const gone = await refusal(coupon({ operation: 'get', couponId: byId(summer.id) }));
		expect(gone).toMatchObject({ httpCode: '404', code: 'resource_missing' });
	});
});

describe('Promotion Code', () => {
	it('creates a code for a coupon, named under promotion as the SDK sends it, and announces promotion_code.created', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10 });

		const out = await codeFor(summer.id, { code: 'SUMMER10' });

		const [req] = env.standIn.requests;
		expect(req.body).toEqual({
			promotion: { type: 'coupon', coupon: summer.id },
			code: 'SUMMER10',
		});
		expect(out.map((o) => o.json)).toEqual([
			{
				id: expect.stringMatching(/^promo_/),
				object: 'promotion_code',
				active: true,
				code: 'SUMMER10',
				created: expect.any(Number),
				customer: null,
				customer_account: null,
				expires_at: null,
				livemode: false,
				max_redemptions: null,
				metadata: {},
				promotion: { type: 'coupon', coupon: summer.id },
				restrictions: {
					first_time_transaction: false,
					minimum_amount: null,
					minimum_amount_currency: null,
				},
				times_redeemed: 0,
			},
		]);
		expect(events('promotion_code.created').map((e) => e.data.object)).toEqual([out[0].json]);
	});

	it('generates a code when none is given', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10 });
		const out = await codeFor(summer.id);
		expect(out[0].json.code).toMatch(/^[A-Z0-9]{8}$/);
	});

	it("refuses a coupon that does not exist with Stripe's 400 resource_missing", async () => {
		const error = await refusal(codeFor('NOPE'));
		expect(error).toMatchObject({
			httpCode: '400',
			code: 'resource_missing',
			param: 'promotion[coupon]',
			message: "No such coupon: 'NOPE'",
		});
		expect([...env.standIn.store.values()]).toEqual([]);
	});

	it('refuses a code an active code already has, whatever its case; an inactive one may share it but not be reactivated', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10 });
		await codeFor(summer.id, { code: 'SUMMER' });

		const duplicate = await refusal(codeFor(summer.id, { code: 'summer' }));
		expect(duplicate).toMatchObject({
			httpCode: '400',
			code: 'resource_already_exists',
			param: 'code',
			message: 'An active promotion code with `code: summer` already exists.',
		});
		const [inactive] = await codeFor(summer.id, { code: 'Summer', active: false });
		expect(inactive.json).toMatchObject({ code: 'Summer', active: false });
		const reactivated = await refusal(
			promotionCode({
				operation: 'update',
				promotionCodeId: byId(inactive.json.id as string),
				updateFields: { active: true },
			}),
		);
		expect(reactivated).toMatchObject({ httpCode: '400', param: 'active' });
		expect(events('promotion_code.created')).toHaveLength(2);
		expect(events('promotion_code.updated')).toHaveLength(0);
	});

	it('updates a code to inactive, announced as promotion_code.updated', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10 });
		const [made] = await codeFor(summer.id, { code: 'SUMMER' });

		const out = await promotionCode({
			operation: 'update',
			promotionCodeId: byId(made.json.id as string),
			updateFields: { active: false, metadata: { entry: [{ key: 'ended', value: 'yes' }] } },
		});

		expect(out[0].json).toMatchObject({ active: false, metadata: { ended: 'yes' } });
		expect(events('promotion_code.updated').map((e) => e.data.previous_attributes)).toEqual([
			{ active: true, metadata: { ended: null } },
		]);
	});

	it('gets many codes newest first, filtered by code regardless of case, coupon, active and customer', async () => {
		const summer = env.standIn.seed('coupons', { percent_off: 10 });
		const winter = env.standIn.seed('coupons', { percent_off: 20 });
		const ada = env.standIn.seed('customers', { email: 'ada@example.com' });
		const ids = async (filters: Params) =>
			(await promotionCode({ operation: 'getAll', returnAll: true, filters })).map(
				(o) => o.json.code,
			);
		await codeFor(summer.id, { code: 'SUMMER' });
		await codeFor(winter.id, { code: 'WINTER' });
		await codeFor(summer.id, { code: 'OLD', active: false });
		await codeFor(winter.id, { code: 'ADA', customer: byId(ada.id) });

		expect(await ids({})).toEqual(['ADA', 'OLD', 'WINTER', 'SUMMER']);
		expect(await ids({ code: 'summer' })).toEqual(['SUMMER']);
		expect(await ids({ coupon: byId(winter.id) })).toEqual(['ADA', 'WINTER']);
		expect(await ids({ active: false })).toEqual(['OLD']);
		expect(await ids({ customer: byId(ada.id) })).toEqual(['ADA']);
		const lists = env.standIn.requests.filter((r) => r.method === 'GET');
		expect(lists.map((r) => r.query)).toEqual([
			{ limit: 100 },
			{ code: 'summer', limit: 100 },
			{ coupon: winter.id, limit: 100 },
			{ active: false, limit: 100 },
			{ customer: ada.id, limit: 100 },
		]);
	});
});
