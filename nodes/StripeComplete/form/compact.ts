import type { INodeProperties } from 'n8n-workflow';

/** One operation's form: its fields in order. */
export interface Form {
	resource: string;
	operation: string;
	fields: INodeProperties[];
}

/** Where a copy of a field shows: these operations, of these resources or of every resource that has them. */
interface Show {
	resource?: string[];
	operation: string[];
}

interface Copy {
	property: INodeProperties;
	key: string;
	show: Show;
	/** Where it first appears, to keep the generated order where nothing else decides. */
	first: number;
}

const add = (map: Map<string, string[]>, key: string, value: string) => {
	const list = map.get(key) ?? map.set(key, []).get(key)!;
	if (!list.includes(value)) list.push(value);
};

/**
 * The form's fields, one property per distinct field shown on every operation that has it, in each
 * operation's order. n8n's editor checks every property of a node whenever a value in the form
 * changes, so a field repeated for each operation (Return All, Limit, an ID picker, Options) costs as
 * many checks as it has copies.
 */
export function compact(forms: Form[]): INodeProperties[] {
	const operationsOf = new Map<string, string[]>();
	const resourcesOf = new Map<string, string[]>();
	const fields = new Map<string, { property: INodeProperties; pairs: string[]; first: number }>();
	const keys: string[][] = [];
	let position = 0;
	for (const { resource, operation, fields: properties } of forms) {
		add(operationsOf, resource, operation);
		add(resourcesOf, operation, resource);
		keys.push([]);
		for (const property of properties) {
			const key = JSON.stringify(property);
			keys[keys.length - 1].push(key);
			const field =
				fields.get(key) ?? fields.set(key, { property, pairs: [], first: position++ }).get(key)!;
			field.pairs.push(`${resource}.${operation}`);
		}
	}
	const cover = (pairs: string[]): Show[] => {
		const byResource = new Map<string, string[]>();
		const byOperation = new Map<string, string[]>();
		for (const pair of pairs) {
			const [, operation] = pair.split('.');
			add(byOperation, operation, pair.split('.')[0]);
		}
		// An operation every resource that has it shows the field on needs no resource condition.
		const open = [...byOperation]
			.filter(([operation, rs]) => rs.length === resourcesOf.get(operation)!.length)
			.map(([operation]) => operation);
		for (const operation of open) byOperation.delete(operation);
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
	};
	let copies: Copy[] = [];
	for (const [key, { property, pairs, first }] of fields)
		for (const show of cover(pairs)) copies.push({ property, key, show, first });
	for (;;) {
		const order = sorted(copies, forms, keys);
		if (order.length === copies.length) return order.map(shown);
		// Two forms order two shared fields differently: the largest copy among them splits by resource.
		const left = copies.filter((copy) => !order.includes(copy));
		const split = left.reduce((a, b) => (size(b, resourcesOf) > size(a, resourcesOf) ? b : a));
		copies = copies.flatMap((copy) =>
			copy !== split
				? [copy]
				: (copy.show.resource ?? resourcesWith(copy.show.operation, resourcesOf)).map(
						(resource) => ({
							...copy,
							show: {
								resource: [resource],
								operation: copy.show.operation.filter((o) =>
									operationsOf.get(resource)!.includes(o),
								),
							},
						}),
					),
		);
	}
}

const resourcesWith = (operations: string[], resourcesOf: Map<string, string[]>) => [
	...new Set(operations.flatMap((o) => resourcesOf.get(o)!)),
];

const size = (copy: Copy, resourcesOf: Map<string, string[]>) =>
	(copy.show.resource ?? resourcesWith(copy.show.operation, resourcesOf)).length *
	copy.show.operation.length;

const shows = (copy: Copy, resource: string, operation: string) =>
	(!copy.show.resource || copy.show.resource.includes(resource)) &&
	copy.show.operation.includes(operation);

/** The copies in an order every form agrees with (its fields in its order), or as many as can be. */
function sorted(copies: Copy[], forms: Form[], keys: string[][]): Copy[] {
	const after = new Map<Copy, Set<Copy>>(copies.map((copy) => [copy, new Set()]));
	const before = new Map<Copy, number>(copies.map((copy) => [copy, 0]));
	const byKey = new Map<string, Copy[]>();
	for (const copy of copies)
		(byKey.get(copy.key) ?? byKey.set(copy.key, []).get(copy.key)!).push(copy);
	forms.forEach(({ resource, operation }, f) => {
		const chain = keys[f].map((key) =>
			byKey.get(key)!.find((copy) => shows(copy, resource, operation))!,
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
		ready.sort((a, b) => a.first - b.first);
		const next = ready.shift()!;
		order.push(next);
		for (const copy of after.get(next)!) {
			before.set(copy, before.get(copy)! - 1);
			if (before.get(copy) === 0) ready.push(copy);
		}
	}
	return order;
}

const shown = ({ property, show }: Copy): INodeProperties => ({
	...property,
	displayOptions: {
		...property.displayOptions,
		show: {
			...property.displayOptions?.show,
			...(show.resource ? { resource: show.resource } : {}),
			operation: show.operation,
		},
	},
});
