import type { IDataObject } from 'n8n-workflow';
import { mulberry32 } from '../../stand-ins/fault-proxy';
import { listingDelays } from '../../stand-ins/stripe';
import { useStandIn } from '../support/harness';
import { poll } from '../support/trigger-harness';

/**
 * The Polling Trigger under Stripe's time: Stripe's clock apart from n8n's by up to 30 s either way,
 * events listed late (most within a second, some after tens of seconds, a few after up to 5 minutes),
 * several events in one second, events happening while polls run. Over every seed, each event is
 * emitted exactly once.
 */
const env = useStandIn();
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const WINDOW = 300;

interface Run {
	events: string[];
	emitted: string[];
	late: number;
	polls: number;
}

async function run(seed: number): Promise<Run> {
	const random = mulberry32(seed);
	const offsetMs = Math.round((random() * 2 - 1) * 30_000);
	let stripeClock = Date.now() + offsetMs;
	const draw = listingDelays(seed, { tailMs: WINDOW * 1000 });
	let late = 0;
	env.standIn.setTime({
		clock: () => stripeClock,
		listingDelay: () => {
			const ms = draw({});
			if (ms > 1000) late++;
			return ms;
		},
	});
	const account = env.standIn.connectedAccount(`acct_polltime${seed}`);
	const staticData: IDataObject = {};
	const types = seed % 3 === 0 ? ['*'] : ['customer.created', 'customer.updated'];
	const emitted: string[] = [];
	const events: string[] = [];
	let polls = 0;
	const pollOnce = async () => {
		polls++;
		const out = await poll({
			baseUrl: env.url,
			node: 'polling',
			staticData,
			params: { events: types, options: { stripeAccount: account } },
		});
		for (const item of out?.[0] ?? []) emitted.push((item.json.event as IDataObject).id as string);
	};
	await pollOnce();
	for (let round = 0; round < 30; round++) {
		// A few writes, several in one second, some while the poll below is under way.
		const writes = Math.floor(random() * 5);
		for (let w = 0; w < writes; w++) {
			const n = events.length;
			const type = n % 2 ? 'customer.updated' : 'customer.created';
			events.push(
				env.standIn.event(type, { id: `cus_t${seed}_${n}`, object: 'customer' }, { account }).id,
			);
			stripeClock += Math.floor(random() * 1500);
		}
		const polling = pollOnce();
		if (random() < 0.3) {
			const n = events.length;
			events.push(
				env.standIn.event(
					'customer.created',
					{ id: `cus_t${seed}_${n}`, object: 'customer' },
					{ account },
				).id,
			);
		}
		await polling;
		stripeClock += 10_000 + Math.floor(random() * 50_000);
	}
	// Then quiet: polls once a minute until every late event has had time to show up.
	for (let minute = 0; minute <= WINDOW / 60 + 1; minute++) {
		stripeClock += 60_000;
		await pollOnce();
	}
	return { events, emitted, late, polls };
}

describe('the Polling Trigger under Stripe’s time', () => {
	afterAll(() => env.standIn.setTime({ clock: () => Date.now(), listingDelay: () => 0 }));

	it('emits every event exactly once, whatever the clocks and however late events are listed', async () => {
		let events = 0;
		let late = 0;
		let polls = 0;
		for (const seed of SEEDS) {
			const result = await run(seed);
			expect({ seed, emitted: [...result.emitted].sort() }).toEqual({
				seed,
				emitted: [...result.events].sort(),
			});
			events += result.events.length;
			late += result.late;
			polls += result.polls;
		}
		expect(late).toBeGreaterThan(0);
		console.log(
			`polling under Stripe's time: ${SEEDS.length} seeds, ${events} events (${late} listed over a second late), ${polls} polls: each emitted once`,
		);
	});
});
