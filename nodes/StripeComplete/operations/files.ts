import type { IDataObject } from 'n8n-workflow';
import Stripe from 'stripe';
import type { Send } from '../../shared/transport/send';
import { textOf } from '../../shared/values';
import { outputBinaryField, type Request } from '../fields';
import { FileItem } from '../output';
import { make, type Context, type Operation } from './operation';

// Files out of Stripe: streamed answers, files at URLs Stripe gives (never sending the key elsewhere),
// and the download operations built on them.

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
export const pdfName = (object: IDataObject) => `${textOf(object.number) ?? String(object.id)}.pdf`;

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
	if (!textOf(url)) throw new Error(missing);
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
