import { pathId } from '../fields';
import { plain } from '../../shared/transport/pages';
import { download, pdfAt } from '../operations/files';
import type { ResourceOverlay } from './types';

const downloadPdf = download({
	value: 'downloadPdf',
	name: 'Download PDF',
	action: 'Download a credit note PDF',
	description:
		"The credit note's PDF as binary data, e.g. to attach to an email, with the credit note",
	sdk: ['creditNotes.retrieve'],
	fields: [pathId('id', 'credit_note', 'Credit Note ID', 'creditNoteId')],
	async run(stripe, r, send, context) {
		const creditNote = plain(
			await send(() => stripe.creditNotes.retrieve(r.path.id, r.params, r.options)),
		);
		return pdfAt(
			stripe,
			creditNote,
			creditNote.pdf,
			send,
			context,
			r.options,
			`Credit note ${String(creditNote.id)} has no PDF`,
		);
	},
});

export const creditNote: ResourceOverlay = {
	resource: 'creditNote',
	operations: [downloadPdf],
};
