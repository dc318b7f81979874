import type { IDataObject } from 'n8n-workflow';
import type Stripe from 'stripe';
import { FieldError } from '../../shared/errors';
import { plain } from '../../shared/transport/pages';
import { textOf } from '../../shared/values';
import { boolean, choice, date, inputBinaryField, pathId } from '../fields';
import { download, streamed } from '../operations/files';
import { make, type Operation } from '../operations/operation';
import { FileItem } from '../output';
import { methods } from '../operations/table';
import type { ResourceOverlay } from './types';

/** File types Stripe names by extension (a File's `type`), for contents served without a Content-Type. */
const MIME_TYPES: Record<string, string> = {
	csv: 'text/csv',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	gif: 'image/gif',
	jpeg: 'image/jpeg',
	jpg: 'image/jpeg',
	json: 'application/json',
	pdf: 'application/pdf',
	png: 'image/png',
	svg: 'image/svg+xml',
	tsv: 'text/tab-separated-values',
	txt: 'text/plain',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	zip: 'application/zip',
};

const fileDownload = download({
	value: 'download',
	name: 'Download',
	action: 'Download a file',
	description: "Get a file's contents as binary data, with the File object",
	sdk: ['files.retrieve'],
	fields: [pathId('id', 'file', 'File ID', 'fileId')],
	async run(stripe, r, send) {
		const file = plain(await send(() => stripe.files.retrieve(r.path.id, r.params, r.options)));
		// Stripe serves contents from files.stripe.com, or from a custom Base URL as every request.
		const contents = await send(() =>
			streamed(
				stripe.rawRequest('GET', `/v1/files/${encodeURIComponent(r.path.id)}/contents`, undefined, {
					...r.options,
					apiBase: 'files',
					streaming: true,
				}),
			),
		);
		const type = textOf(file.type);
		return new FileItem(file, {
			data: contents.data,
			fileName: textOf(file.filename) ?? `${String(file.id)}${type ? `.${type}` : ''}`,
			mimeType: contents.mimeType ?? (type && MIME_TYPES[type]) ?? 'application/octet-stream',
		});
	},
});

const createParams = methods.find((m) => m.sdk === 'files' && m.method === 'create')!.params!;
const WORDS: Record<string, string> = { apk: 'APK', pci: 'PCI', wifi: 'Wi-Fi' };
const purposeName = (value: string) =>
	value
		.split('_')
		.map((w) => WORDS[w] ?? w[0].toUpperCase() + w.slice(1))
		.join(' ');

/** Stripe's file purposes, from the SDK; Stripe also takes purposes added since (from an expression). */
const purpose = choice<Stripe.FileCreateParams>(
	'purpose',
	{
		displayName: 'Purpose',
		required: true,
		description:
			'What the file is for, e.g. Dispute Evidence to respond to a dispute; it decides where Stripe lets you use it',
	},
	createParams.find((p) => p.name === 'purpose')!.values!.map((v) => [purposeName(v), v]),
	'dispute_evidence',
	true,
);

const upload: Operation = {
	...make<Stripe.FileCreateParams>(
		{
			value: 'upload',
			name: 'Upload',
			action: 'Upload a file',
			description:
				"Upload the input item's file (binary data) to Stripe, e.g. evidence for a dispute or an identity document",
			sdk: ['files.create'],
			fields: [inputBinaryField, purpose],
			optional: [
				boolean('file_link_data.create', {
					displayName: 'Create File Link',
					name: 'createFileLink',
					description: 'Whether to also create a file link: a URL where anyone can get the file',
				}),
				date('file_link_data.expires_at', {
					displayName: 'File Link Expires At',
					name: 'fileLinkExpiresAt',
					description: 'When the file link stops working; needs Create File Link',
				}),
			],
		},
		'write',
		async (stripe, r, send, { file }) => {
			const params = {
				...r.params,
				file: { data: file!.data, name: file!.fileName, type: file!.mimeType },
			} as unknown as Stripe.FileCreateParams;
			return [plain(await send(() => stripe.files.create(params, r.options)))];
		},
	),
	binary: 'input',
	check(request) {
		const link = request.params.file_link_data as IDataObject | undefined;
		if (link?.expires_at !== undefined && link.create !== true)
			throw new FieldError('File Link Expires At', 'needs Create File Link');
	},
};

export const file: ResourceOverlay = {
	resource: 'file',
	// Upload takes n8n binary data; the generated form would ask for the file's bytes as JSON.
	replaces: ['create'],
	operations: [upload, fileDownload],
};
