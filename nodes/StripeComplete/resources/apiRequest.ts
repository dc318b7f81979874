import type { IDataObject } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { lastId, paginate, plain, type Page } from '../../shared/transport/pages';
import { isEmpty, toText } from '../../shared/values';
import { pagination, parseJson, type Field } from '../fields';
import { make } from '../operations/operation';
import { pagedAt } from '../operations/table';
import type { Resource } from './types';

/** Stripe's form encoding: nested objects and arrays in bracket notation (`a[b][0]=c`). */
export function formEncode(value: unknown, prefix = ''): string[] {
	if (value === undefined) return [];
	if (value === null) return [`${prefix}=`];
	if (typeof value === 'object') {
		const entries = Array.isArray(value)
			? value.map((v, i) => [String(i), v] as const)
			: Object.entries(value);
		return entries.flatMap(([k, v]) =>
			formEncode(v, prefix ? `${prefix}[${encodeURIComponent(k)}]` : encodeURIComponent(k)),
		);
	}
	return [`${prefix}=${encodeURIComponent(String(value))}`];
}

/** A path with params in its query string, after any query it already has (a v2 next_page_url). */
const withQuery = (target: string, params: IDataObject) => {
	const query = formEncode(params).join('&');
	return query ? `${target}${target.includes('?') ? '&' : '?'}${query}` : target;
};

const method: Field = {
	property: {
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'GET',
		options: [
			{ name: 'DELETE', value: 'DELETE' },
			{ name: 'GET', value: 'GET' },
			{ name: 'POST', value: 'POST' },
		],
	},
	apply(value, request) {
		if (!['GET', 'POST', 'DELETE'].includes(String(value)))
			throw new FieldError('Method', 'must be GET, POST or DELETE');
		request.path.method = String(value);
	},
};

const path: Field = {
	property: {
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: '',
		required: true,
		placeholder: '/v1/customers',
		description:
			'Any Stripe API path, starting with /v1/ or /v2/. Put query parameters in Query, not in the path.',
	},
	apply(value, request) {
		const p = isEmpty(value) ? '' : toText(value, 'Path');
		if (!/^\/v[12]\/[\w\-./:]+$/.test(p))
			throw new FieldError(
				'Path',
				`must start with /v1/ or /v2/ and hold no query string, got "${p}"`,
			);
		if (p.split('/').some((segment) => segment === '.' || segment === '..'))
			throw new FieldError('Path', `may not hold . or .. segments, got "${p}"`);
		request.path.url = p;
	},
};

/** GET and DELETE send the query as their params; a POST carries it on the path, next to its body. */
const query: Field = {
	property: {
		displayName: 'Query',
		name: 'query',
		type: 'json',
		default: '{}',
		description: 'Query parameters as JSON, e.g. {"limit": 10, "expand": ["data.customer"]}',
	},
	apply(value, request) {
		const q = parseJson(value, 'Query');
		if (!Object.keys(q).length) return;
		if (request.path.method === 'POST') request.path.url += `?${formEncode(q).join('&')}`;
		else Object.assign(request.params, q);
	},
};

const body: Field = {
	property: {
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '{}',
		description:
			'Body parameters as JSON; nested objects and arrays are encoded the way Stripe expects (form encoding on /v1, JSON on /v2)',
		displayOptions: { show: { method: ['POST'] } },
	},
	apply(value, request) {
		if (request.path.method === 'POST') Object.assign(request.params, parseJson(value, 'Body'));
	},
};

const returnAll: Field = {
	property: {
		...pagination()[0].property,
		hint: 'For list and search responses: follows every page, 100 objects a page',
		displayOptions: { show: { method: ['GET'] } },
	},
	apply(value, request) {
		request.returnAll = value === true && request.path.method === 'GET';
	},
};

const isList = (response: IDataObject) =>
	typeof response === 'object' &&
	response !== null &&
	Array.isArray(response.data) &&
	(response.object === 'list' ||
		response.object === 'search_result' ||
		'next_page_url' in response);

/** A list response gives one item per object; anything else is one item. */
const items = (response: IDataObject) =>
	isList(response) ? (response.data as unknown[]).map(plain) : [plain(response)];

export const apiRequest: Resource = {
	name: 'API Request',
	value: 'apiRequest',
	operations: [
		make(
			{
				value: 'send',
				name: 'Send',
				// The node's one way to call any endpoint, named as n8n users look for it: "custom API call".
				action: 'Make a custom API call',
				description:
					'Call any Stripe API endpoint, /v1 or /v2, with this credential, retries, idempotency keys and Connected Account',
				fields: [method, path, query, body, returnAll],
			},
			'write',
			async (stripe, r, send) => {
				const { method: verb, url } = r.path;
				// Stripe ignores idempotency keys on GET and DELETE; only a POST writes.
				const options = verb === 'POST' ? r.options : { ...r.options, idempotencyKey: undefined };
				// The SDK's rawRequest takes params only on a POST; GET and DELETE carry them in the query string.
				const raw = (target: string, params: IDataObject = {}): Promise<IDataObject> =>
					verb === 'POST'
						? stripe.rawRequest(verb, target, params, options)
						: stripe.rawRequest(verb, withQuery(target, params), undefined, options);
				const call = (target: string, params?: IDataObject) => send(() => raw(target, params));
				if (!r.returnAll) return items(await call(url, r.params));
				if (url.startsWith('/v2/')) {
					const out: IDataObject[] = [];
					let page = await call(url, r.params);
					for (;;) {
						out.push(...items(page));
						if (typeof page.next_page_url !== 'string') return out;
						page = await call(page.next_page_url);
					}
				}
				const next = (page: Page) =>
					'next_page' in page ? { page: page.next_page } : { starting_after: lastId(page) };
				const fetchPage = (params: IDataObject) => raw(url, params) as unknown as Promise<Page>;
				// Stripe takes `limit` on lists only: pages of 100 from the first where the path is one the SDK
				// lists, otherwise from the second, once the first answer shows a list.
				if (pagedAt(url)) return paginate(r, send, fetchPage, next);
				const first = await call(url, r.params);
				if (!isList(first))
					throw new FieldError(
						'Return All',
						`applies to list and search responses only; ${url} answered a single ${String(first.object ?? 'object')}`,
					);
				const page = first as unknown as Page;
				if (!page.has_more || !page.data.length) return items(first);
				const rest = await paginate(
					{ ...r, params: { ...r.params, ...next(page) } },
					send,
					fetchPage,
					next,
				);
				return [...items(first), ...rest];
			},
		),
	],
};
