import { pathId } from '../fields';
import { plain } from '../../shared/transport/pages';
import { download, pdfName, streamed } from '../operations/files';
import { FileItem } from '../output';
import type { ResourceOverlay } from './types';

const downloadPdf = download({
	value: 'downloadPdf',
	name: 'Download PDF',
	action: 'Download a quote PDF',
	description: "A finalized quote's PDF as binary data, e.g. to attach to an email, with the quote",
	sdk: ['quotes.pdf', 'quotes.retrieve'],
	fields: [pathId('id', 'quote', 'Quote ID', 'quoteId')],
	async run(stripe, r, send) {
		const quote = plain(await send(() => stripe.quotes.retrieve(r.path.id, r.params, r.options)));
		const pdf = await send(() => streamed(stripe.quotes.pdf(r.path.id, {}, r.options)));
		return new FileItem(quote, {
			data: pdf.data,
			fileName: pdfName(quote),
			mimeType: pdf.mimeType ?? 'application/pdf',
		});
	},
});

export const quote: ResourceOverlay = {
	resource: 'quote',
	// The SDK's PDF method streams the file; this operation gives it as binary data.
	replaces: ['pdf'],
	operations: [downloadPdf],
};
