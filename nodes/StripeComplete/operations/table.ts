import table from '../generated/operations.json';

// The generated table (`npm run generate`): every method of the pinned SDK, read from its resource
// classes and TypeScript declarations by scripts/generate.

/** One parameter of an SDK method, as scripts/generate describes it. */
export interface Param {
	name: string;
	type:
		| 'string'
		| 'number'
		| 'boolean'
		| 'enum'
		| 'decimal'
		| 'metadata'
		| 'address'
		| 'range'
		| 'array'
		| 'object'
		| 'json';
	required?: boolean;
	emptyable?: boolean;
	description?: string;
	deprecated?: boolean;
	values?: string[];
	open?: boolean;
	suggestions?: string[];
	also?: string[];
	of?: { type: string; values?: string[]; maxLength?: number };
	fields?: Param[];
	shape?: string;
	/** Strings: Stripe's maximum length, from its OpenAPI spec where the spec knows the parameter. */
	maxLength?: number;
	/** Numbers: the least value the SDK's doc comment allows; null where it may be negative. */
	min?: number | null;
	/** The only value is '' (an update may unset the parameter, never set it). */
	clearOnly?: boolean;
}

/** One SDK method, as scripts/generate describes it. */
export interface Method {
	sdk: string;
	method: string;
	http: string;
	path: string;
	pathArgs: string[];
	kind?: 'list' | 'search';
	download?: boolean;
	upload?: boolean;
	description: string;
	deprecated?: boolean;
	params?: Param[];
	paramsRequired?: boolean;
	/** The parameters the node handles itself that the method takes: expand, limit, starting_after, page ... */
	takes?: string[];
}

export const methods = table.operations as Method[];

/** The version of the `stripe` SDK the table was generated from, the one the package depends on. */
export const SDK_VERSION = table.sdkVersion;

/**
 * v1 list methods that filter by a `created` range. Stripe lists their objects newest first by
 * `created`, so such a list is the lists of its `created` windows one after another. Only pages seen in
 * that order are cut: once a page comes in another order, no window is cut again.
 */
const BY_CREATED = new Set(
	methods
		.filter(
			(m) =>
				m.kind === 'list' &&
				m.path.startsWith('/v1/') &&
				m.params?.some((p) => p.name === 'created' && (p.type === 'range' || p.type === 'object')),
		)
		.map((m) => `${m.sdk}.${m.method}`),
);

/** Whether an operation calling these SDK methods (`customers.list`) lists by `created`. */
export const listsByCreated = (sdk: string[] | undefined) =>
	sdk?.length === 1 && BY_CREATED.has(sdk[0]);

/** GET paths of lists and searches that page with `limit`, as patterns: `/v1/customers/{customer}/sources`. */
const PAGED = methods
	.filter((m) => m.http === 'GET' && m.kind && m.takes?.includes('limit'))
	.map((m) => new RegExp(`^${m.path.replace(/\{\w+\}/g, '[^/]+')}$`));

/** Whether a GET of this path lists in pages of `limit` (any path of a list or search method). */
export const pagedAt = (path: string) => PAGED.some((pattern) => pattern.test(path));
