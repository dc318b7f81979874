import type { INodeProperties } from 'n8n-workflow';
import type { Field } from '../../nodes/StripeComplete/fields';
import type { Operation } from '../../nodes/StripeComplete/operations/operation';
import { methods, type Method, type Param } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { runNode, type Params } from '../support/harness';
import { idPlaceholderOf, sample } from '../support/samples';
import { answersFor, scriptedServer, type Recorded } from '../support/scripted';
import { exampleFor, operationFor, rulesSummary } from '../support/stripe-rules';

/**
 * Every operation that calls an SDK method runs through execute() against a server that holds each
 * request to Stripe's rules of parameters (stripe-rules.js): once with only what it requires, once
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

type Run = 'required' | 'all';

/**
 * Operations Stripe refuses for a reason the node cannot know, by run: the parameter refused and why.
 * Each is checked to still be refused for that parameter, so the list cannot go stale.
 */
const EXCEPTIONS: Record<string, Partial<Record<Run, { param: string; reason: string }>>> = {};

/**
 * JSON parameters of form requests whose table shape is cut before any property the rules know, so
 * their example would be empty objects, which a form does not send: the SDK's declarations give these.
 */
const CUT_SHAPES: Record<string, unknown> = {
	'invoices.createPreview subscription_details.pause': { pause_at: { type: 'now' } },
	'testHelpers.confirmationTokens.create payment_method_options.card': {
		installments: { plan: { type: 'bonus' } },
	},
};

/** An ID with the prefix the field's placeholder gives. */
const idFrom = (placeholder: string | undefined) =>
	placeholder ? placeholder.split(' or ')[0].replace('...', '123') : undefined;

/** The table's parameter at a dotted path, for the required fields of a nested object. */
function tableParam(m: Method, path: string): Param | undefined {
	let params = m.params;
	let found: Param | undefined;
	for (const key of path.split('.')) {
		found = params?.find((p) => p.name === key);
		params = found?.fields;
	}
	return found;
}

const limitOf = (p: INodeProperties) =>
	Number(/At most (\d+) characters/.exec(p.hint ?? '')?.[1] ?? Infinity);

/**
 * A valid value for a field as the form holds it. JSON fields and text take an example from the
 * rules (a value of the parameter's list, a URL, a currency); IDs take their placeholder's prefix.
 */
function valueOf(field: Field, m: Method, run: Run): unknown {
	const p = field.property;
	const example = () => (field.path ? exampleFor(m.http, m.path, field.path) : undefined);
	switch (p.type) {
		case 'collection': {
			// An address: its parts as text.
			if (!field.fields) return sample(p);
			let children = field.fields;
			if (run === 'required') {
				// A required object: its required fields, or the one its example from the rules gives.
				children = field.fields.filter((f) => f.path && tableParam(m, f.path)?.required);
				if (!children.length) {
					const given = Object.keys((example() as object | undefined) ?? {});
					const named = field.fields.filter((f) => given.includes(f.path!.split('.').pop()!));
					children = named.length ? named : field.fields.slice(0, 1);
				}
			}
			return Object.fromEntries(children.map((f) => [f.property.name, valueOf(f, m, run)]));
		}
		case 'json': {
			// The form takes a list, or an object (where Stripe also takes text or a number).
			const kind = p.default === '[]' ? 'array' : 'object';
			const value =
				CUT_SHAPES[`${m.sdk}.${m.method} ${field.path}`] ??
				(field.path ? exampleFor(m.http, m.path, field.path, kind) : undefined);
			if (value === undefined) throw new Error(`No rule for ${m.http} ${m.path} ${field.path}`);
			return JSON.stringify(value);
		}
		case 'string': {
			const id = idFrom(p.placeholder);
			// Text that may also be a boolean or a number (Off Session) takes it as its word.
			const given = example();
			const first = Array.isArray(given) ? given[0] : given;
			const text =
				(id && id !== p.placeholder) || /Decimal$/.test(p.name) || typeof first === 'object'
					? String(sample(p))
					: String(first ?? sample(p));
			const fitted = text.slice(0, limitOf(p));
			return p.typeOptions?.multipleValues ? [fitted] : fitted;
		}
		default:
			return sample(p);
	}
}

const isPathId = (f: Field) =>
	!f.path &&
	/Id$/.test(f.property.name) &&
	(f.property.type === 'string' || f.property.type === 'resourceLocator');

/** The node's parameters for one run of an operation. */
function paramsOf(resource: string, operation: Operation, m: Method, run: Run): Params {
	const params: Params = { resource, operation: operation.value };
	// An ephemeral key needs the mobile SDK's API version (its overlay checks it).
	if (resource === 'ephemeralKey') params.options = { apiVersion: '2026-10-28.endive' };
	for (const field of operation.fields) {
		const p = field.property;
		if (p.name === 'options' || p.name === 'limit' || p.name === 'output') continue;
		if (p.name === 'returnAll') params.returnAll = true;
		else if (isPathId(field) && p.required)
			params[p.name] =
				p.type === 'resourceLocator'
					? { __rl: true, mode: 'id', value: idFrom(idPlaceholderOf(p)) ?? 'id_123' }
					: (idFrom(p.placeholder) ?? 'id_123');
		else if (p.required || run === 'all') params[p.name] = valueOf(field, m, run);
	}
	return params;
}

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
