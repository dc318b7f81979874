import { lineItems, pathId } from '../fields';
import { plain } from '../../shared/transport/pages';
import { download, pdfAt } from '../operations/files';
import type { ResourceOverlay } from './types';

const downloadPdf = download({
	value: 'downloadPdf',
	name: 'Download PDF',
	action: 'Download an invoice PDF',
	description: "The invoice's PDF as binary data, e.g. to attach to an email, with the invoice",
	sdk: ['invoices.retrieve'],
	fields: [pathId('id', 'invoice', 'Invoice ID', 'invoiceId')],
	async run(stripe, r, send, context) {
		const invoice = plain(
			await send(() => stripe.invoices.retrieve(r.path.id, r.params, r.options)),
		);
		// A draft has no PDF: Stripe makes it when the invoice is finalized.
		return pdfAt(
			stripe,
			invoice,
			invoice.invoice_pdf,
			send,
			context,
			r.options,
			`Invoice ${String(invoice.id)} has no PDF yet: Stripe makes it when the invoice is finalized`,
		);
	},
});

export const invoice: ResourceOverlay = {
	resource: 'invoice',
	overlays: {
		// Named apart from Update Lines' and Remove Lines' JSON `lines`, since n8n keeps a value when the operation changes.
		addLines: {
			fields: { lines: lineItems('lines', 'Lines', false, true, 'pricing.price', 'linesToAdd') },
		},
	},
	operations: [downloadPdf],
};
