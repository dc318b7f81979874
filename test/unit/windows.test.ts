import type { IDataObject } from 'n8n-workflow';
import type { Request } from '../../nodes/StripeComplete/fields';
import { listsByCreated } from '../../nodes/StripeComplete/operations/table';
import {
	createdWindow,
	cutAt,
	listPages,
	type FetchPage,
	type Window,
} from '../../nodes/shared/transport/windows';
import { mulberry32 } from '../../stand-ins/fault-proxy';

interface Listed {
	id: string;
	created: number;
	seq: number;
}

/**
 * Stripe's list, in memory: newest first by `created`, then by creation; `created` as an exact second or
 * a range; `starting_after` an object the filter keeps (as the stand-in demands); `has_more`.
 */
function stripeList(objects: Listed[], byCreated = true) {
	const sorted = () =>
		[...objects].sort((a, b) => (byCreated ? b.created - a.created : 0) || b.seq - a.seq);
	return (params: IDataObject) => {
		const c = params.created as number | Record<string, number> | undefined;
		let rows = sorted().filter((o) =>
			c === undefined
				? true
				: typeof c === 'number'
					? o.created === c
					: (c.gte ?? -Infinity) <= o.created &&
						o.created < (c.lt ?? Infinity) &&
						(c.lte ?? Infinity) >= o.created &&
						(c.gt ?? -Infinity) < o.created,
		);
		if (params.starting_after) {
			const at = rows.findIndex((o) => o.id === params.starting_after);
			if (at < 0)
				throw new Error(`starting_after ${String(params.starting_after)} is not in the list`);
			rows = rows.slice(at + 1);
		}
		const limit = params.limit as number;
		const page = rows.slice(0, limit).map((o) => ({ id: o.id, created: o.created }));
		return {
			objects: page as IDataObject[],
			next: rows.length > limit ? { starting_after: page[page.length - 1].id } : undefined,
		};
	};
}

/**
 * The throttle's shape: at most `concurrency` requests at once, the rest waiting their turn, each
 * answered after a random delay. Records every request sent and what had been answered before it.
 */
function fakeStripe(objects: Listed[], { concurrency = 10, seed = 1, byCreated = true } = {}) {
	const list = stripeList(objects, byCreated);
	const random = mulberry32(seed);
	const sent: Array<{ params: IDataObject; answered: Set<string> }> = [];
	const answered = new Set<string>();
	const inFlight = { now: 0, most: 0 };
	let active = 0;
	const waiting: Array<() => void> = [];
	const fetchPage: FetchPage = async (params, wanted) => {
		if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
		else active++;
		try {
			if (!(await wanted())) return undefined;
			sent.push({ params, answered: new Set(answered) });
			inFlight.most = Math.max(inFlight.most, ++inFlight.now);
			await new Promise((resolve) => setTimeout(resolve, random() * 4));
			inFlight.now--;
			const page = list(params);
			for (const o of page.objects) answered.add(o.id as string);
			return page;
		} finally {
			const next = waiting.shift();
			if (next) next();
			else active--;
		}
	};
	return { fetchPage, sent, inFlight };
}

const request = (fields: Partial<Request> = {}): Request => ({
	params: {},
	path: {},
	options: {},
	returnAll: true,
	limit: 50,
	...fields,
});

/** What sequential paging gives: Stripe's order, one page after another. */
async function sequential(objects: Listed[], r: Request) {
	const list = stripeList(objects);
	const out: IDataObject[] = [];
	for (let cursor: IDataObject | undefined = {}; cursor && (r.returnAll || out.length < r.limit);) {
		const page = list({ ...r.params, ...cursor, limit: 100 });
		out.push(...page.objects);
		cursor = page.next;
	}
	return r.returnAll ? out : out.slice(0, r.limit);
}
/** Listed in windows; `slots` below `concurrency` stands for other items' requests taking the throttle's turns. */
const parallel = (
	objects: Listed[],
	r: Request,
	concurrency = 10,
	seed = 1,
	slots = concurrency,
) => {
	const stripe = fakeStripe(objects, { concurrency: slots, seed });
	const window = createdWindow(r.params.created);
	return {
		stripe,
		out: listPages(r, stripe.fetchPage, window && { streams: concurrency, window }),
	};
};
const ids = (objects: IDataObject[]) => objects.map((o) => o.id);

let seq = 0;
const made = (created: number[]): Listed[] =>
	created.map((c) => ({ id: `cus_${++seq}`, created: c, seq }));
const NOW = 1_767_225_600;
/** `n` objects spread at random over `days` before NOW. */
const spread = (n: number, days: number, seed: number) => {
	const random = mulberry32(seed);
	return made(Array.from({ length: n }, () => NOW - Math.floor(random() * days * 86400)));
};

describe("the user's created filter as a window", () => {
	it.each([
		[undefined, {}],
		[
			{ gte: 100, lte: 200 },
			{ gte: 100, lt: 201 },
		],
		[
			{ gt: 100, lt: 200 },
			{ gte: 101, lt: 200 },
		],
		[
			{ gte: '100', lte: '200' },
			{ gte: 100, lt: 201 },
		],
		[{ gte: 100, gt: 150 }, { gte: 151 }],
		[{ lt: 300, lte: 250 }, { lt: 251 }],
	])('%j is %j', (created, window) => {
		expect(createdWindow(created)).toEqual(window);
	});

	it.each([
		[1_700_000_000],
		['1700000000'],
		[{ gte: 'yesterday' }],
		[{ gte: 1, eq: 2 }],
		[[1, 2]],
		[null],
	])('%j cannot be split', (created) => {
		expect(createdWindow(created)).toBeUndefined();
	});
});

describe('where a window is cut', () => {
	it('down to a known start: it keeps its page under way and half of what lies below, if that is two pages or more', () => {
		expect(cutAt(1000, 0, 10)).toBe(495);
		// 30 seconds at 10 a page: the page under way and one more stay, one page goes.
		expect(cutAt(1029, 1000, 10)).toBe(1010);
		expect(cutAt(1028, 1000, 10)).toBeUndefined();
	});

	it('with no known start: it keeps a page, or as much as the list above it, and never reaches below the epoch', () => {
		expect(cutAt(1000, undefined, 10)).toBe(991);
		expect(cutAt(1000, undefined, 10, 50)).toBe(951);
		expect(cutAt(5, undefined, 10)).toBeUndefined();
		// Never less than a second.
		expect(cutAt(1000, undefined, 0.4)).toBe(1000);
	});
});

describe('which lists page by created', () => {
	it('v1 lists that filter by created, and no others', () => {
		expect(listsByCreated(['customers.list'])).toBe(true);
		expect(listsByCreated(['charges.list'])).toBe(true);
		expect(listsByCreated(['forwarding.requests.list'])).toBe(true);
		expect(listsByCreated(['paymentLinks.list'])).toBe(false);
		expect(listsByCreated(['v2.core.events.list'])).toBe(false);
		expect(listsByCreated(['customers.search'])).toBe(false);
		expect(listsByCreated(undefined)).toBe(false);
	});
});

describe('listing in created windows gives what sequential paging gives', () => {
	const shapes: Array<[string, () => Listed[]]> = [
		['a year of objects at random', () => spread(3000, 365, 1)],
		[
			'350 in one second among others',
			() => [...spread(1500, 30, 2), ...made(Array(350).fill(NOW - 5 * 86400))],
		],
		[
			'bursts with gaps of days',
			() =>
				Array.from({ length: 12 }, (_, week) =>
					spread(150, 0.0005, 10 + week).map((o) => ({
						...o,
						created: o.created - week * 7 * 86400,
					})),
				).flat(),
		],
		[
			'a dense hour next to sparse months',
			() => [
				...spread(300, 120, 3),
				...made(Array.from({ length: 1200 }, (_, i) => NOW - 40 * 86400 - (i % 3600))),
			],
		],
		[
			'five a second for ten minutes',
			() => made(Array.from({ length: 3000 }, (_, i) => NOW - Math.floor(i / 5))),
		],
		['every object in one second', () => made(Array(450).fill(NOW - 60))],
		['a page and a bit', () => spread(130, 10, 4)],
		['fewer than a page', () => spread(40, 10, 5)],
		['nothing', () => []],
	];

	it.each(shapes)('%s: Return All', async (_, shape) => {
		const objects = shape();
		const expected = ids(await sequential(objects, request()));
		expect(expected).toHaveLength(objects.length);
		expect(ids(await listPages(request(), fakeStripe(objects).fetchPage))).toEqual(expected);
		for (const [concurrency, seed] of [
			[10, 1],
			[4, 2],
			[2, 3],
		]) {
			const { out } = parallel(objects, request(), concurrency, seed);
			expect(ids(await out)).toEqual(expected);
		}
	});

	it.each(shapes)(
		'%s: Limit 250 and 1,050, no page sent once the answers hold the Limit',
		async (_, shape) => {
			const objects = shape();
			for (const [limit, slots] of [
				[250, 10],
				[1050, 10],
				[250, 1],
				[1050, 3],
			]) {
				const expected = ids(await sequential(objects, request({ returnAll: false, limit })));
				const { stripe, out } = parallel(
					objects,
					request({ returnAll: false, limit }),
					10,
					1,
					slots,
				);
				expect(ids(await out)).toEqual(expected);
				for (const { answered } of stripe.sent)
					expect(
						expected.every((id) => answered.has(id as string)) && expected.length === limit,
					).toBe(false);
			}
		},
	);

	it("within the user's own created filter, splitting only inside it", async () => {
		const objects = spread(3000, 365, 6);
		for (const created of [
			{ gte: NOW - 200 * 86400, lte: NOW - 20 * 86400 },
			{ gt: NOW - 100 * 86400 },
			{ lt: NOW - 300 * 86400 },
		]) {
			const r = request({ params: { created, email: 'kept@example.com' } });
			const { stripe, out } = parallel(objects, r);
			expect(ids(await out)).toEqual(ids(await sequential(objects, r)));
			const window = createdWindow(created)!;
			for (const { params } of stripe.sent.slice(1)) {
				expect(params.email).toBe('kept@example.com');
				const sent = params.created as Window;
				expect(sent.gte ?? -Infinity).toBeGreaterThanOrEqual(window.gte ?? -Infinity);
				expect(sent.lt ?? Infinity).toBeLessThanOrEqual(window.lt ?? Infinity);
			}
		}
	});

	it('an exact created second is paged one page after another', async () => {
		const objects = made(Array(250).fill(NOW - 60));
		const { stripe, out } = parallel(objects, request({ params: { created: NOW - 60 } }));
		expect(await out).toHaveLength(250);
		expect(stripe.sent.map((s) => s.params)).toEqual([
			{ created: NOW - 60, limit: 100 },
			{ created: NOW - 60, limit: 100, starting_after: stripe.sent[1].params.starting_after },
			{ created: NOW - 60, limit: 100, starting_after: stripe.sent[2].params.starting_after },
		]);
	});

	it('pages up to the concurrency at once, with few requests beyond the pages', async () => {
		const { stripe, out } = parallel(spread(5000, 365, 7), request());
		await out;
		expect(stripe.inFlight.most).toBe(10);
		expect(stripe.sent.length).toBeLessThanOrEqual(1.5 * 50);
	});

	it('a short list costs few requests more than its pages', async () => {
		for (const n of [150, 300, 600]) {
			const { stripe, out } = parallel(spread(n, 365, n), request());
			await out;
			expect(stripe.sent.length).toBeLessThanOrEqual(2 * Math.ceil(n / 100) + 1);
		}
	});

	it('a list in another order than by created is paged one page after another', async () => {
		const objects = spread(1000, 365, 10);
		const stripe = fakeStripe(objects, { byCreated: false });
		const out = await listPages(request(), stripe.fetchPage, { streams: 10, window: {} });
		expect(ids(out)).toEqual([...objects].reverse().map((o) => o.id));
		expect(stripe.sent.map((s) => s.params.created)).toEqual(Array(10).fill(undefined));
	});

	it('leaves out objects created while it runs, as sequential paging does', async () => {
		const objects = spread(2000, 365, 8);
		const stripe = fakeStripe(objects);
		let added = 0;
		const fetchPage: FetchPage = async (params, wanted) => {
			const page = await stripe.fetchPage(params, wanted);
			// A new object after every answer.
			objects.push(...made([NOW + 10]));
			added++;
			return page;
		};
		const before = ids(await sequential([...objects], request()));
		const out = await listPages(request(), fetchPage, { streams: 10, window: {} });
		expect(added).toBeGreaterThan(10);
		expect(ids(out)).toEqual(before);
	});

	it('fails as a whole when a page fails, and sends nothing after', async () => {
		const objects = spread(3000, 365, 9);
		const stripe = fakeStripe(objects);
		let calls = 0;
		let failedAt = -1;
		const fetchPage: FetchPage = async (params, wanted) => {
			if (++calls === 6) {
				failedAt = stripe.sent.length;
				throw new Error('page 6 failed');
			}
			return stripe.fetchPage(params, wanted);
		};
		await expect(listPages(request(), fetchPage, { streams: 10, window: {} })).rejects.toThrow(
			'page 6 failed',
		);
		// Only requests already waiting for their turn when it failed may have gone out.
		expect(stripe.sent.length - failedAt).toBeLessThanOrEqual(10);
	});
});
