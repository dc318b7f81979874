import type { IDataObject } from 'n8n-workflow';
import Stripe from 'stripe';
import { boolean, choice, date, FieldError, pathId, type Request } from '../fields';
import { methods } from '../generated';
import {
	FileItem,
	inputBinaryField,
	make,
	outputBinaryField,
	plain,
	type Context,
	type Operation,
	type Send,
} from '../operation';
import type { ResourceOverlay } from './types';

/** The SDK's streamed answer in Node (an http.IncomingMessage): the parts read here. */
interface StreamedAnswer extends NodeJS.ReadableStream {
	statusCode?: number;
	headers: { 'content-type'?: string; location?: string };
}

/** A downloaded file before it is named: its bytes and the MIME type its answer gave. */
interface Fetched {
	data: Buffer;
	mimeType?: string;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const mimeTypeOf = (contentType: string | null | undefined) =>
	contentType?.split(';')[0].trim().toLowerCase() || undefined;

/** Reads a streamed answer; a connection lost halfway is a connection error, retried like any other. */
async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	try {
		for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	} catch (error) {
		throw new Stripe.errors.StripeConnectionError({
			message: `The connection was lost while downloading the file: ${(error as Error).message}`,
		});
	}
	return Buffer.concat(chunks);
}

/** A file the SDK streams (a quote's PDF, a File's contents), with its MIME type. */
export async function streamed(answer: Promise<unknown>): Promise<Fetched> {
	const stream = (await answer) as StreamedAnswer;
	return { data: await readAll(stream), mimeType: mimeTypeOf(stream.headers['content-type']) };
}

/**
 * The path to request through the SDK client, which sends the secret key, when `url` is at the
 * credential's Base URL: same scheme, host and port, under the Base URL's path. Any other URL (an
 * invoice PDF on pay.stripe.com) needs no key and is fetched without it.
 */
export function pathAtBaseUrl(url: URL, baseUrl: string): string | undefined {
	const base = new URL(baseUrl);
	if (url.origin !== base.origin) return undefined;
	const prefix = base.pathname.replace(/\/+$/, '');
	if (prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
	return url.pathname.slice(prefix.length) + url.search;
}

/** An HTTP failure outside the SDK, with its status so that 429 and 5xx are retried like Stripe's. */
class DownloadError extends Error {
	constructor(
		message: string,
		readonly statusCode: number,
	) {
		super(message);
	}
}

const MAX_REDIRECTS = 5;
const isRedirect = (status: number) => status >= 300 && status < 400;

const connectionLost = (where: string, error: unknown) =>
	new Stripe.errors.StripeConnectionError({
		message: `Could not download the file from ${where}: ${(error as Error).message}`,
	});

/**
 * A file at a URL Stripe gave, such as an invoice's `invoice_pdf`. Each hop of a redirect is decided
 * anew, so the secret key only ever goes to the Base URL, through the SDK client.
 */
async function fetchUrl(
	stripe: Stripe,
	given: string,
	baseUrl: string,
	options: Stripe.RequestOptions,
): Promise<Fetched> {
	let url = new URL(given);
	for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
		if (url.protocol !== 'https:' && url.protocol !== 'http:')
			throw new Error(`Cannot download a file from a ${url.protocol} URL`);
		const where = `${url.origin}${url.pathname}`;
		const path = pathAtBaseUrl(url, baseUrl);
		let location: string | null | undefined;
		if (path !== undefined) {
			// The SDK answers an HTTP error with Stripe's error, and anything else with the stream.
			const stream = (await stripe.rawRequest('GET', path, undefined, {
				...options,
				streaming: true,
			})) as StreamedAnswer;
			location = isRedirect(stream.statusCode ?? 200) ? stream.headers.location : undefined;
			if (!location)
				return {
					data: await readAll(stream),
					mimeType: mimeTypeOf(stream.headers['content-type']),
				};
			stream.resume();
		} else {
			let response: Response;
			try {
				response = await fetch(url, {
					redirect: 'manual',
					signal: AbortSignal.timeout(options.timeout ?? 80000),
				});
			} catch (error) {
				throw connectionLost(where, error);
			}
			if (response.status >= 400)
				throw new DownloadError(
					`Downloading the file from ${where} failed with HTTP ${response.status}`,
					response.status,
				);
			location = isRedirect(response.status) ? response.headers.get('location') : undefined;
			if (!location) {
				try {
					return {
						data: Buffer.from(await response.arrayBuffer()),
						mimeType: mimeTypeOf(response.headers.get('content-type')),
					};
				} catch (error) {
					throw connectionLost(where, error);
				}
			}
			await response.body?.cancel();
		}
		url = new URL(location, url);
	}
	throw new Error(`Downloading the file took more than ${MAX_REDIRECTS} redirects`);
}

/** A PDF's file name: the object's number (what its customer sees), or its ID before it has one. */
export const pdfName = (object: IDataObject) => `${text(object.number) ?? String(object.id)}.pdf`;

/**
 * The PDF Stripe keeps at a URL of an object (an invoice's `invoice_pdf`, a credit note's `pdf`), as
 * a file named after the object's number.
 */
export async function pdfAt(
	stripe: Stripe,
	object: IDataObject,
	url: unknown,
	send: Send,
	context: Context,
	options: Stripe.RequestOptions,
	missing: string,
): Promise<FileItem> {
	if (!text(url)) throw new Error(missing);
	const pdf = await send(() => fetchUrl(stripe, url as string, context.baseUrl, options));
	return new FileItem(object, {
		data: pdf.data,
		fileName: pdfName(object),
		mimeType: pdf.mimeType ?? 'application/pdf',
	});
}

type Spec = Parameters<typeof make>[0];

/** A download: the object and its file in one output item, the file in the binary field the form names. */
export function download(
	spec: Spec & {
		run(stripe: Stripe, request: Request, send: Send, context: Context): Promise<FileItem>;
	},
): Operation {
	const operation = make(
		{ ...spec, fields: [...(spec.fields ?? []), outputBinaryField] },
		'read',
		async (stripe, r, send, context) => [await spec.run(stripe, r, send, context)],
	);
	return { ...operation, binary: 'output' };
}

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
		const type = text(file.type);
		return new FileItem(file, {
			data: contents.data,
			fileName: text(file.filename) ?? `${String(file.id)}${type ? `.${type}` : ''}`,
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
	sdk: 'files',
	// Upload takes n8n binary data; the generated form would ask for the file's bytes as JSON.
	replaces: ['create'],
	operations: [upload, fileDownload],
};
