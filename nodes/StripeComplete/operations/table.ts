import table from '../generated/operations.json';

// The generated table (`npm run generate`): every method of the pinned SDK, read from its resource
// classes and TypeScript declarations by scripts/generate.js.

/** One parameter of an SDK method, as scripts/generate.js describes it. */
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
	of?: { type: string; values?: string[] };
	fields?: Param[];
	shape?: string;
}

/** One SDK method, as scripts/generate.js describes it. */
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
}

export const methods = table.operations as Method[];

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
