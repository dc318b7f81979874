import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { sdkResource } from '../../shared/client';
import {
	hasNextV2Page,
	nextSearchPage,
	nextV2Page,
	onePage,
	paginate,
	paginateList,
	plain,
	type Page,
} from '../../shared/transport/pages';
import type { Send } from '../../shared/transport/send';
import { wholeWhenLeftOut, type Field, type Request } from '../fields';
import { simpleFieldsOf } from '../output';
import { fieldOf, objectOf, pathArg, type FormContext } from './formFields';
import { labels, operationValue } from './naming';
import { createOnce, LOOKUPS } from './existing';
import { checkWithSource, currencySource, WHOLE_WHEN_LEFT_OUT } from './money';
import { make, type Kind, type Operation } from './operation';
import { listsByCreated, methods, type Method, type Param } from './table';

/** Which shared behaviour a method gets: lists and searches page, writes carry an Idempotency-Key. */
function kindOf(m: Method): Kind {
	if (m.kind === 'list') return 'list';
	if (m.kind === 'search') return 'search';
	// A v2 DELETE takes an Idempotency-Key too; ours keeps it the same across retries.
	if (m.http === 'POST' || (m.http === 'DELETE' && m.path.startsWith('/v2/'))) return 'write';
	if (m.http === 'DELETE') return 'remove';
	return 'read';
}

/**
 * What a person adds to a generated operation: clearer labels, parameters promoted to the top of the
 * form, hand-made fields for some parameters, a check across fields. It never re-declares what the
 * generated table already says.
 */
export interface Overlay {
	name?: string;
	action?: string;
	description?: string;
	/** Optional Stripe parameters shown at the top of the form, in this order, as required. */
	require?: string[];
	/** Optional Stripe parameters shown at the top of the form (with a picker where they name an object), still optional. */
	top?: string[];
	/** Hand-made fields replacing the generated field of these Stripe parameters (none: the parameter is not offered). */
	fields?: Record<string, Field | Field[]>;
	/** A check across fields, run before any request. */
	check?: (request: Request) => void;
}

/** An operation for an SDK method: its form from the generated table and its overlay, its call through the SDK. */
export function operationFromTable(m: Method, overlay: Overlay = {}): Operation {
	const kind = kindOf(m);
	const sdk = [`${m.sdk}.${m.method}`];
	const takes = new Set(m.takes);
	const ctx: FormContext = { v1: m.path.startsWith('/v1/'), update: /^update/.test(m.method) };
	const promoted = [...(overlay.top ?? []), ...(overlay.require ?? [])];
	const params = (m.params ?? []).map((p) =>
		overlay.require?.includes(p.name) ? { ...p, required: true } : p,
	);
	const atTop = (p: Param) => p.required || promoted.includes(p.name);
	const order = (p: Param) =>
		promoted.includes(p.name) ? promoted.indexOf(p.name) : promoted.length;
	const whole = WHOLE_WHEN_LEFT_OUT[sdk[0]];
	const field = (p: Param, top: boolean) => {
		const made = overlay.fields?.[p.name] ?? fieldOf(p, p.name, ctx, top);
		return p.name === whole && !Array.isArray(made) ? wholeWhenLeftOut(made) : made;
	};
	const top = params
		.filter(atTop)
		.sort((a, b) => order(a) - order(b))
		.flatMap((p) => field(p, true));
	const optional = params.filter((p) => !atTop(p)).flatMap((p) => field(p, false));
	const labelled = labels(m);
	const name = overlay.name ?? labelled.name;
	const action = overlay.action ?? labelled.action;
	const call = (stripe: Stripe, r: Request, params: IDataObject) => {
		const args = m.pathArgs.map((arg) => r.path[arg]);
		return sdkResource<(...args: unknown[]) => Promise<unknown>>(stripe, m.sdk)[m.method](
			...args,
			params,
			r.options,
		);
	};
	const spec = {
		value: operationValue(m.method),
		name,
		action,
		description: overlay.description ?? (m.description || action),
		fields: [...m.pathArgs.map((arg, i) => pathArg(m, arg, i)), ...top],
		simple: simpleFieldsOf(m.sdk, m.method),
		cursor:
			kind === 'list' &&
			!m.path.startsWith('/v2/') &&
			takes.has('limit') &&
			takes.has('starting_after'),
		listed: objectOf(m),
		optional,
		optionalName: kind === 'list' || kind === 'search' ? ('filters' as const) : undefined,
		expand: takes.has('expand'),
		lookup: LOOKUPS.has(sdk[0]),
	};
	// Its own object, read where its currency is needed: `testHelpers.issuing.authorizations` is read as
	// `issuing.authorizations`.
	const own = m.sdk.replace(/^testHelpers\./, '');
	const readable = methods.some(
		(x) => x.sdk === own && x.method === 'retrieve' && x.pathArgs.length === 1,
	);
	const money = {
		sdk,
		currencySource:
			kind === 'write'
				? currencySource(m.params ?? [], readable ? own : undefined, m.pathArgs[0])
				: undefined,
	};
	const operation = make(spec, kind, fetch);
	async function fetch(stripe: Stripe, r: Request, send: Send): Promise<IDataObject[]> {
		const page = (p: IDataObject) => call(stripe, r, p) as Promise<Page>;
		if (kind === 'list' && m.path.startsWith('/v2/'))
			return paginate(r, send, page, nextV2Page, hasNextV2Page);
		if (kind === 'list' && !takes.has('limit')) return onePage(r, send, page);
		if (kind === 'list') return paginateList(r, send, page, listsByCreated(sdk));
		if (kind === 'search') return paginate(r, send, page, nextSearchPage);
		await checkWithSource(stripe, money, r, send);
		if (r.existing)
			return [await createOnce(stripe, sdk[0], r, send, () => call(stripe, r, r.params))];
		return [plain(await send(() => call(stripe, r, r.params)))];
	}
	return { ...operation, sdk, check: overlay.check, currencySource: money.currencySource };
}
