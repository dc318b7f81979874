import { methods } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { paramsOf, type Run } from '../support/forms';
import { runNode } from '../support/harness';
import { answersFor, scriptedServer, type Recorded } from '../support/scripted';
import { operationFor, rulesSummary } from '../../stand-ins/stripe/rules';

/**
 * Every operation that calls an SDK method runs through execute() against a server that holds each
 * request to Stripe's rules of parameters (stand-ins/stripe/rules): once with only what it requires, once
 * with every optional field set to a valid value. Stripe must take both.
 */
let server: Awaited<ReturnType<typeof scriptedServer>>;
beforeAll(async () => {
	server = await scriptedServer([], { strict: true });
});
afterAll(() => server.close());

const bySdk = new Map(methods.map((m) => [`${m.sdk}.${m.method}`, m]));
const all = resources.flatMap((resource) =>
	resource.operations
		.filter((operation) => operation.sdk)
		.map((operation) => ({
			name: `${resource.value}.${operation.value}`,
			resource: resource.value,
			operation,
			method: bySdk.get(operation.sdk![0])!,
		})),
);
// File downloads and uploads carry binary data: files.test.ts covers them.
const skipped = all.filter((c) => c.operation.binary).map((c) => c.name);
const cases = all.filter((c) => !c.operation.binary);

/**
 * Operations Stripe refuses for a reason the node cannot know, by run: the parameter refused and why.
 * Each is checked to still be refused for that parameter, so the list cannot go stale.
 */
const EXCEPTIONS: Record<string, Partial<Record<Run, { param: string; reason: string }>>> = {};

interface Outcome {
	accepted: boolean;
	refused?: Recorded;
	error?: string;
	requests: number;
}

async function sweep(c: (typeof cases)[number], run: Run): Promise<Outcome> {
	server.rearm(answersFor(c.method));
	let error: string | undefined;
	try {
		await runNode(server.url, paramsOf(c.resource, c.operation, c.method, run));
	} catch (e) {
		error = (e as Error).message;
	}
	const refused = server.requests.find((r) => r.refused);
	return { accepted: !error && !refused, refused, error, requests: server.requests.length };
}

const outcomes: Record<Run, Map<string, Outcome>> = { required: new Map(), all: new Map() };

afterAll(() => {
	const line = (run: Run, label: string) => {
		const results = [...outcomes[run].entries()];
		const accepted = results.filter(([, o]) => o.accepted).length;
		const named = results.filter(([name, o]) => !o.accepted && EXCEPTIONS[name]?.[run]).length;
		const failing = results
			.filter(([name, o]) => !o.accepted && !EXCEPTIONS[name]?.[run])
			.map(([name]) => name);
		const rest = failing.length ? `, ${failing.length} failing: ${failing.join(', ')}` : '';
		return `sweep, ${label}: ${accepted} accepted, ${named} refused with a named reason${rest}`;
	};
	console.log(
		[
			`sweep: ${outcomes.all.size} operations; ${skipped.length} file operations skipped (files.test.ts): ${skipped.join(', ')}`,
			line('required', 'required only'),
			line('all', 'all fields'),
			rulesSummary(),
		].join('\n'),
	);
});

/** What a failed run shows: the refused request and Stripe's message, or the node's error. */
const shown = (o: Outcome) =>
	o.refused
		? `${o.refused.method} ${o.refused.path} ${o.refused.body}: ${o.refused.refused!.message}`
		: o.error;

describe.each<Run>(['required', 'all'])('with %s fields, Stripe takes the request', (run) => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
		const outcome = await sweep(c, run);
		outcomes[run].set(name, outcome);
		const exception = EXCEPTIONS[name]?.[run];
		if (exception) {
			expect(outcome.refused?.refused?.param).toBe(exception.param);
			return;
		}
		expect({ name, failure: shown(outcome) }).toEqual({ name, failure: undefined });
		expect(outcome.requests).toBeGreaterThan(0);
	});
});

describe('the sweep', () => {
	it('covers every SDK method but file transfers, each known to the rules', () => {
		expect(new Set(cases.map((c) => c.operation.sdk![0])).size).toBeGreaterThan(600);
		for (const { method: m } of cases) expect(operationFor(m.http, m.path)).toBeDefined();
	});

	it('lists exceptions of operations that exist only', () => {
		const names = new Set(cases.map((c) => c.name));
		for (const name of Object.keys(EXCEPTIONS)) expect(names).toContain(name);
	});
});
