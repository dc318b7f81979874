import type { INodeProperties } from 'n8n-workflow';

/** One operation's form: its fields in order. */
export interface Form {
	resource: string;
	operation: string;
	fields: INodeProperties[];
}

/** Where a copy shows: these operations, of these resources or of every resource in scope that has them. */
interface Show {
	resource?: string[];
	operation: string[];
}

/** A distinct field, and the `resource.operation` pairs that show it (a collection: with its options there). */
interface Field {
	property: INodeProperties;
	pairs: Map<string, INodeProperties>;
	/** Where it first appears, to keep the generated order where nothing else decides. */
	first: number;
}

interface Copy {
	field: Field;
	key: string;
	show: Show;
}

const add = (map: Map<string, string[]>, key: string, value: string) => {
	const list = map.get(key) ?? map.set(key, []).get(key)!;
	if (!list.includes(value)) list.push(value);
};

const split = (pair: string) => pair.split('.') as [string, string];

/**
 * A field's identity: the whole property, but a collection without its options, which are folded into one
 * collection per name and look (each option shown on the operations that have it).
 */
const keyOf = (property: INodeProperties) =>
	JSON.stringify(property.type === 'collection' ? { ...property, options: undefined } : property);

/**
 * The fewest Shows that cover `pairs` within `scope` (every pair there is): an operation shown wherever it
 * is in scope needs no resource condition; the rest are grouped by resource or by operation, whichever
 * gives fewer.
 */
function cover(pairs: string[], scope: Map<string, string[]>): Show[] {
	const byOperation = new Map<string, string[]>();
	for (const pair of pairs) add(byOperation, split(pair)[1], split(pair)[0]);
	const open = [...byOperation]
		.filter(([operation, rs]) => rs.length === scope.get(operation)!.length)
		.map(([operation]) => operation);
	for (const operation of open) byOperation.delete(operation);
	const byResource = new Map<string, string[]>();
	for (const [operation, rs] of byOperation) for (const r of rs) add(byResource, r, operation);
	const grouped = (by: Map<string, string[]>, flip: boolean): Show[] => {
		const groups = new Map<string, { keys: string[]; values: string[] }>();
		for (const [key, values] of by) {
			const id = [...values].sort().join();
			(groups.get(id) ?? groups.set(id, { keys: [], values }).get(id)!).keys.push(key);
		}
		return [...groups.values()].map(({ keys, values }) =>
			flip ? { resource: values, operation: keys } : { resource: keys, operation: values },
		);
	};
	const viaResource = grouped(byResource, false);
	const viaOperation = grouped(byOperation, true);
	return [
		...(open.length ? [{ operation: open }] : []),
		...(viaOperation.length < viaResource.length ? viaOperation : viaResource),
	];
}

/** The resources of each operation among `pairs`. */
const scopeOf = (pairs: Iterable<string>) => {
	const scope = new Map<string, string[]>();
	for (const pair of pairs) add(scope, split(pair)[1], split(pair)[0]);
	return scope;
};

const shows = (show: Show, pair: string) => {
	const [resource, operation] = split(pair);
	return (!show.resource || show.resource.includes(resource)) && show.operation.includes(operation);
};

/**
 * The form's fields, one property per distinct field shown on every operation that has it, in each
 * operation's order. n8n's editor checks every top-level property of a node whenever a value in the form
 * changes, and walks every option of every collection, so a field repeated for each operation (Return
 * All, Limit, an ID picker) costs as many checks as it has copies. A collection (Additional Fields,
 * Filters, Options) is one property for all the operations it covers, each option shown where it applies
 * (`/resource`, `/operation`: n8n reads a collection option's condition from the form's root).
 */
export function compact(forms: Form[]): INodeProperties[] {
	const scope = scopeOf(forms.map((f) => `${f.resource}.${f.operation}`));
	const fields = new Map<string, Field>();
	const keys: string[][] = [];
	for (const { resource, operation, fields: properties } of forms) {
		keys.push([]);
		for (const property of properties) {
			const key = keyOf(property);
			keys[keys.length - 1].push(key);
			const field =
				fields.get(key) ??
				fields.set(key, { property, pairs: new Map(), first: fields.size }).get(key)!;
			field.pairs.set(`${resource}.${operation}`, property);
		}
	}
	let copies: Copy[] = [];
	for (const [key, field] of fields)
		for (const show of cover([...field.pairs.keys()], scope)) copies.push({ field, key, show });
	for (;;) {
		const order = sorted(copies, forms, keys);
		if (order.length === copies.length) return order.map(shown);
		// Two forms order two shared fields differently: the largest copy among them splits by resource.
		const left = copies.filter((copy) => !order.includes(copy));
		const largest = left.reduce((a, b) => (size(b, scope) > size(a, scope) ? b : a));
		copies = copies.flatMap((copy) =>
			copy !== largest
				? [copy]
				: resourcesOf(copy.show, scope).map((resource) => ({
						...copy,
						show: {
							resource: [resource],
							operation: copy.show.operation.filter((o) => scope.get(o)!.includes(resource)),
						},
					})),
		);
	}
}

const resourcesOf = (show: Show, scope: Map<string, string[]>) =>
	show.resource ?? [...new Set(show.operation.flatMap((o) => scope.get(o)!))];

const size = (copy: Copy, scope: Map<string, string[]>) =>
	resourcesOf(copy.show, scope).length * copy.show.operation.length;

/** The copies in an order every form agrees with (its fields in its order), or as many as can be. */
function sorted(copies: Copy[], forms: Form[], keys: string[][]): Copy[] {
	const after = new Map<Copy, Set<Copy>>(copies.map((copy) => [copy, new Set()]));
	const before = new Map<Copy, number>(copies.map((copy) => [copy, 0]));
	const byKey = new Map<string, Copy[]>();
	for (const copy of copies)
		(byKey.get(copy.key) ?? byKey.set(copy.key, []).get(copy.key)!).push(copy);
	forms.forEach(({ resource, operation }, f) => {
		const chain = keys[f].map((key) =>
			byKey.get(key)!.find((copy) => shows(copy.show, `${resource}.${operation}`))!,
		);
		for (let i = 1; i < chain.length; i++)
			if (!after.get(chain[i - 1])!.has(chain[i])) {
				after.get(chain[i - 1])!.add(chain[i]);
				before.set(chain[i], before.get(chain[i])! + 1);
			}
	});
	const order: Copy[] = [];
	const ready = copies.filter((copy) => before.get(copy) === 0);
	while (ready.length) {
		ready.sort((a, b) => a.field.first - b.field.first);
		const next = ready.shift()!;
		order.push(next);
		for (const copy of after.get(next)!) {
			before.set(copy, before.get(copy)! - 1);
			if (before.get(copy) === 0) ready.push(copy);
		}
	}
	return order;
}

/** A copy as a property: shown where its Show says; a collection with the options of the pairs it covers. */
function shown({ field, show }: Copy): INodeProperties {
	const property = field.property;
	const displayOptions = {
		...property.displayOptions,
		show: {
			...property.displayOptions?.show,
			...(show.resource ? { resource: show.resource } : {}),
			operation: show.operation,
		},
	};
	if (property.type !== 'collection') return { ...property, displayOptions };
	const pairs = [...field.pairs.keys()].filter((pair) => shows(show, pair));
	return { ...property, displayOptions, options: folded(pairs, field.pairs) };
}

/** The options of one collection across `pairs`, each shown on the pairs that have it, sorted as n8n lists them. */
function folded(pairs: string[], forms: Map<string, INodeProperties>): INodeProperties['options'] {
	const options = new Map<string, { option: INodeProperties; pairs: string[] }>();
	for (const pair of pairs)
		for (const option of forms.get(pair)!.options as INodeProperties[]) {
			const key = JSON.stringify(option);
			(options.get(key) ?? options.set(key, { option, pairs: [] }).get(key)!).pairs.push(pair);
		}
	const scope = scopeOf(pairs);
	return [...options.values()]
		.flatMap(({ option, pairs: where }) =>
			where.length === pairs.length
				? [option]
				: cover(where, scope).map((show): INodeProperties => ({
						...option,
						displayOptions: {
							...option.displayOptions,
							show: {
								...option.displayOptions?.show,
								...(show.resource ? { '/resource': show.resource } : {}),
								'/operation': show.operation,
							},
						},
					})),
		)
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
