import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { paginateList, plain, type Page } from '../../shared/transport/pages';
import type { StripeObject } from '../../shared/ids';
import type { Send } from '../../shared/transport/send';
import {
	apiVersion,
	collection,
	concurrency,
	connectedAccount,
	existingByMetadata,
	expand,
	idempotencyKey,
	pagination,
	timeout,
	type Field,
	type Request,
} from '../fields';
import { outputFields, type BinaryFile, type FileItem } from '../output';
import type { CurrencySource } from './money';
import { listsByCreated } from './table';

// An operation: its form (fields) and its run, made from one spec so neither exists without the other.

export type Kind = 'write' | 'read' | 'list' | 'search' | 'remove';

/** What the runner gives an operation besides the form's request. */
export interface Context {
	/** The credential's Base URL, e.g. https://api.stripe.com. */
	baseUrl: string;
	/** Uploads: the file in the input item's binary field. */
	file?: BinaryFile;
}

export interface Operation {
	value: string;
	name: string;
	action: string;
	description: string;
	kind: Kind;
	fields: Field[];
	/** The SDK methods this operation calls, e.g. `customers.create`. */
	sdk?: string[];
	/** A check across fields, after they are read and before any request. */
	check?: (request: Request) => void;
	/** The object whose currency the request's amounts are in, when it is not in the request (operations/money.ts). */
	currencySource?: (request: Request) => CurrencySource | undefined;
	/** File operations: `input` sends the input item's file (an upload), `output` gives output items with files (a download). */
	binary?: 'input' | 'output';
	/** Performs the operation for one item; every returned object becomes one output item, a FileItem one with its file. */
	run(
		stripe: Stripe,
		request: Request,
		send: Send,
		context: Context,
	): Promise<Array<IDataObject | FileItem>>;
}

interface Spec<P> {
	value: string;
	/** Action label as n8n shows it and AI agents see it, e.g. "Create a customer". */
	action: string;
	name?: string;
	description?: string;
	fields?: Array<Field<P>>;
	/** Optional fields, shown as a collection: "Additional Fields" on creates, "Update Fields" on updates. */
	optional?: Array<Field<P>>;
	/** Whether the method takes `expand` (offered among the Options); every v1 method but a delete does. */
	expand?: boolean;
	/** Shows the optional fields as Filters (lists and searches). */
	optionalName?: 'filters';
	/** Offers Output > Simplified, keeping these fields (the resource has a set of usual fields). */
	simple?: string[];
	/** A list paged by object ID: offers Starting After and Return as One Page. */
	cursor?: boolean;
	/** The object a list lists, when its IDs' prefix is known: Starting After takes only its IDs. */
	listed?: StripeObject;
	/** The SDK methods the operation calls, e.g. `customers.create`. */
	sdk?: string[];
	/** A create that offers Return Existing Object (operations/existing.ts). */
	lookup?: boolean;
}

type Call<P, R> = (
	stripe: Stripe,
	params: P,
	options: Stripe.RequestOptions,
	path: Record<string, string>,
) => Promise<R>;

const NAMES: Record<string, string> = {
	create: 'Create',
	update: 'Update',
	get: 'Get',
	getAll: 'Get Many',
	delete: 'Delete',
	search: 'Search',
};

/** The Options collection: what every operation of this kind takes besides its parameters. */
function requestOptions(kind: Kind, expands: boolean, lookup = false): Field {
	const fields = [connectedAccount, apiVersion, concurrency, timeout];
	if (expands) fields.push(expand);
	if (kind === 'write') fields.push(idempotencyKey);
	if (lookup) fields.push(existingByMetadata);
	return collection('options', 'Options', fields, 'Add Option');
}

/** An operation from its spec; `write`, `read` and `list` give `run` for SDK calls. */
export function make<P>(spec: Spec<P>, kind: Kind, run: Operation['run']): Operation {
	const fields = [...((spec.fields ?? []) as Field[])];
	// As in n8n's own nodes: what the operation needs, then Return All and Limit, then Output, Filters and Options.
	if (kind === 'list' || kind === 'search')
		fields.push(...pagination(kind === 'list' && spec.cursor, spec.listed));
	fields.push(...outputFields(spec.simple));
	if (spec.optional?.length) {
		const isUpdate = spec.value.startsWith('update');
		if (spec.optionalName === 'filters')
			fields.push(collection('filters', 'Filters', spec.optional as Field[], 'Add Filter'));
		else
			fields.push(
				collection(
					isUpdate ? 'updateFields' : 'additionalFields',
					isUpdate ? 'Update Fields' : 'Additional Fields',
					spec.optional as Field[],
					'Add Field',
					isUpdate,
				),
			);
	}
	fields.push(requestOptions(kind, spec.expand ?? kind !== 'remove', spec.lookup));
	return {
		value: spec.value,
		name: spec.name ?? NAMES[spec.value] ?? spec.value,
		action: spec.action,
		description: spec.description ?? spec.action,
		kind,
		fields,
		sdk: spec.sdk,
		run,
	};
}

/** A create or update: one object out, always sent with an Idempotency-Key. */
export const write = <P>(spec: Spec<P> & { call: Call<P, unknown> }) =>
	make(spec, 'write', async (stripe, r, send) => [
		plain(await send(() => spec.call(stripe, r.params as P, r.options, r.path))),
	]);

export const read = <P>(spec: Spec<P> & { call: Call<P, unknown> }) =>
	make(spec, 'read', async (stripe, r, send) => [
		plain(await send(() => spec.call(stripe, r.params as P, r.options, r.path))),
	]);

/** A v1 list, in `created` windows at once where the list filters by `created`. */
export const list = <P>(spec: Spec<P> & { call: Call<P, Page> }) =>
	make({ cursor: true, ...spec }, 'list', (stripe, r, send) =>
		paginateList(
			r,
			send,
			(params) => spec.call(stripe, params as P, r.options, r.path),
			listsByCreated(spec.sdk),
		),
	);
