'use strict';
/** Files: uploads and their contents, and the PDFs Stripe hosts for invoices, credit notes and quotes. */
const { missingParam } = require('../errors');
const { insert, randomId } = require('../store');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */
/** @typedef {import('../context').Params} Params */

/** @type {Record<string, string>} MIME types of the file types Stripe names by extension (a File's `type`). */
const FILE_TYPES = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	csv: 'text/csv',
	txt: 'text/plain',
};

/**
 * A small real PDF showing `title`; its binary comment line catches bytes mangled as text on the way.
 * @param {string} title
 * @returns {Buffer}
 */
function samplePdf(title) {
	const text = title.replace(/[\\()]/g, (c) => `\\${c}`);
	const content = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets = objects.map((body, i) => {
		const offset = pdf.length;
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
		return offset;
	});
	const xref = pdf.length;
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}

/** An answer that is a file rather than JSON. */
class FileAnswer {
	/** @param {string} type @param {Buffer} data */
	constructor(type, data) {
		this.type = type;
		this.data = data;
	}
}

/** @type {Record<string, import('../context').Creator>} */
const creators = {
	files: (ctx, account, p) => {
		if (!p.file?.data) throw missingParam('file');
		if (!p.purpose) throw missingParam('purpose');
		const extension = /\.(\w+)$/.exec(p.file.filename ?? '')?.[1].toLowerCase();
		const file = insert(ctx, 'files', account, {
			expires_at: null,
			filename: p.file.filename ?? null,
			purpose: p.purpose,
			size: p.file.data.length,
			title: null,
			type: extension ?? Object.keys(FILE_TYPES).find((t) => FILE_TYPES[t] === p.file.type) ?? null,
			_data: p.file.data,
		});
		delete file.metadata;
		file.url = `${ctx.origin}/v1/files/${file.id}/contents`;
		file.links = {
			object: 'list',
			data: [],
			has_more: false,
			url: `/v1/file_links?file=${file.id}`,
		};
		if (p.file_link_data?.create) {
			const link = randomId('link');
			file.links.data.push({
				id: link,
				object: 'file_link',
				created: ctx.now(),
				expired: false,
				expires_at: p.file_link_data.expires_at ?? null,
				file: file.id,
				livemode: false,
				metadata: {},
				url: `${ctx.origin}/links/${link}`,
			});
		}
		return file;
	},
};

const views = {
	files: {
		/** @param {Context} _ctx @param {StripeObject} file */
		contents: (_ctx, file) =>
			new FileAnswer(FILE_TYPES[file.type] ?? 'application/octet-stream', file._data),
	},
};

/**
 * PDFs Stripe hosts on pay.stripe.com: anyone with the URL gets them, no key needed.
 * @param {Context} ctx
 * @param {string} path
 */
function hostedPdf(ctx, path) {
	const [, kind, id] = /^\/(invoice|credit_note)\/([^/]+)\/pdf$/.exec(path) ?? [];
	const object = kind && ctx.store.get(id);
	if (!object || object.object !== kind || !(object.invoice_pdf || object.pdf)) return undefined;
	return new FileAnswer(
		'application/pdf',
		samplePdf(kind === 'invoice' ? `Invoice ${object.number}` : `Credit note ${object.number}`),
	);
}

module.exports = { FileAnswer, samplePdf, hostedPdf, creators, views };
