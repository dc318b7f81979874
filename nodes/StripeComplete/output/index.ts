import type { IDataObject } from 'n8n-workflow';
import { FieldError } from '../../shared/errors';
import { isEmpty, isObject, toBoolean, toText } from '../../shared/values';
import type { Field, Request } from '../fields/field';
import { simplified } from './simplified';

export { simpleFieldsOf } from './simplified';

// What an operation's objects become as output items: the whole object (Raw), the fields a workflow
// usually maps (Simplified), the fields named (Selected Fields), and a list as one item (Return as One
// Page). The fields that ask for it and the code that does it, in one place.

/** A file as n8n binary data carries it. */
export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
}

/** An output item with a file: the Stripe object the file belongs to, and the file for the item's binary field. */
export class FileItem {
	constructor(
		readonly json: IDataObject,
		readonly file: BinaryFile,
	) {}
}

/**
 * Output: the whole object (the default, what the output schemas describe), the fields a workflow usually
 * maps (`simple`, where the resource has such a set; n8n's Simplify), or only the fields named, for small
 * items an AI agent can read. The ID is always kept.
 */
export function outputFields(simple?: string[]): Field[] {
	const options = [
		{ name: 'Raw', value: 'raw', description: 'The whole object as Stripe returns it' },
		...(simple
			? [
					{
						name: 'Simplified',
						value: 'simplified',
						description: 'The fields a workflow usually maps',
					},
				]
			: []),
		{
			name: 'Selected Fields',
			value: 'selected',
			description: 'Only the fields you name; the ID is always kept',
		},
	];
	return [
		{
			property: {
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options,
				default: 'raw',
				description: 'How much of each object to return',
			},
			apply(value, request) {
				const chosen = isEmpty(value) ? 'raw' : toText(value, 'Output');
				if (!options.some((o) => o.value === chosen))
					throw new FieldError(
						'Output',
						`must be one of ${options.map((o) => o.name).join(', ')}, got "${chosen}"`,
					);
				request.output = chosen;
				if (chosen === 'simplified') request.simplify = simple;
			},
		},
		{
			property: {
				displayName: 'Fields',
				name: 'outputFields',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'email, name, address.city, metadata',
				description:
					'The fields of each object to return, as dot paths separated by commas; the ID is always kept',
				displayOptions: { show: { output: ['selected'] } },
			},
			apply(value, request) {
				if (request.output !== 'selected') return;
				const paths = toText(value, 'Fields')
					.split(',')
					.map((p) => p.trim())
					.filter(Boolean);
				if (!paths.length)
					throw new FieldError(
						'Fields',
						'needs at least one field name when Output is Selected Fields',
					);
				for (const path of paths)
					if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path))
						throw new FieldError(
							'Fields',
							`must be field names or dot paths such as address.city, separated by commas, got "${path}"`,
						);
				request.select = paths;
			},
		},
	];
}

/** Return as One Page, for lists paged by object ID (shown with Limit): a page an agent or a loop continues from. */
export const returnAsOnePage: Field = {
	property: {
		displayName: 'Return as One Page',
		name: 'asPage',
		type: 'boolean',
		default: false,
		description:
			'Whether to return one item holding the objects (data), has_more and next_starting_after, instead of an item per object; for AI agents and loops that page on their own',
		displayOptions: { show: { returnAll: [false] } },
	},
	apply(value, request) {
		if (!request.returnAll) request.asPage = toBoolean(value, 'Return as One Page');
	},
};

/** An object cut to `paths` (dot paths), its id and object kept. */
function selectFields(object: IDataObject, paths: string[]): IDataObject {
	const out: IDataObject = {};
	for (const key of ['id', 'object']) if (key in object) out[key] = object[key];
	for (const path of paths) {
		const keys = path.split('.');
		let from: unknown = object;
		for (const key of keys) from = isObject(from) ? from[key] : undefined;
		if (from === undefined) continue;
		let to = out;
		for (const key of keys.slice(0, -1))
			to = (isObject(to[key]) ? to[key] : (to[key] = {})) as IDataObject;
		to[keys[keys.length - 1]] = from as IDataObject[keyof IDataObject];
	}
	return out;
}

/** A list's objects up to `limit` as one item, with has_more and the cursor of the page after it. */
function asPage(objects: IDataObject[], limit: number): IDataObject {
	const data = objects.slice(0, limit);
	const hasMore = objects.length > limit;
	return {
		object: 'list',
		data,
		has_more: hasMore,
		next_starting_after: hasMore ? (data[data.length - 1].id as string) : null,
	};
}

/** Each object as the Output chose it. */
const cutTo =
	({ simplify, select }: Request) =>
	(object: IDataObject) =>
		simplify ? simplified(object, simplify) : select ? selectFields(object, select) : object;

/**
 * The objects an operation's `run` gives, as the output asks: each cut to the Output chosen (a file's
 * object too, its file kept), and a list as one item where Return as One Page is on.
 */
export async function shaped(
	request: Request,
	run: () => Promise<Array<IDataObject | FileItem>>,
): Promise<Array<IDataObject | FileItem>> {
	const limit = request.limit;
	// As one page: one object past the Limit tells whether there are more.
	if (request.asPage) request.limit = limit + 1;
	const cut = cutTo(request);
	const objects = (await run()).map((o) =>
		o instanceof FileItem ? new FileItem(cut(o.json), o.file) : cut(o),
	);
	return request.asPage ? [asPage(objects as IDataObject[], limit)] : objects;
}
