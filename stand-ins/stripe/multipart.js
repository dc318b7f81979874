'use strict';
/** multipart/form-data as Stripe reads a file upload, shared by the stand-in and its rules. */

/**
 * The parts of a multipart/form-data body in order, as [name, value]: a text part as its text, a file
 * part as `{filename, type, data}` with its bytes exactly as sent.
 * @param {string | Buffer} body
 * @param {string} contentType
 * @returns {Array<[string, string | { filename: string, type: string | null, data: Buffer }]>}
 */
function multipartParts(body, contentType) {
	const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(contentType);
	if (!boundary) return [];
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
	const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	const next = Buffer.concat([Buffer.from('\r\n'), delimiter]);
	/** @type {ReturnType<typeof multipartParts>} */
	const parts = [];
	let at = bytes.indexOf(delimiter);
	while (
		at >= 0 &&
		bytes.subarray(at + delimiter.length, at + delimiter.length + 2).toString() !== '--'
	) {
		const start = at + delimiter.length + 2;
		const end = bytes.indexOf(next, start);
		if (end < 0) break;
		const part = bytes.subarray(start, end);
		const split = part.indexOf('\r\n\r\n');
		const head = part.subarray(0, split).toString();
		const name = /(?:^|;)\s*name="([^"]*)"/im.exec(head)?.[1];
		const filename = /filename="([^"]*)"/i.exec(head)?.[1];
		const data = part.subarray(split + 4);
		if (name !== undefined)
			parts.push([
				name,
				filename === undefined
					? data.toString()
					: {
							filename: filename.replace(/%22/g, '"'),
							type: /^content-type:\s*(.+)$/im.exec(head)?.[1].trim() ?? null,
							data: Buffer.from(data),
						},
			]);
		at = end + 2;
	}
	return parts;
}

module.exports = { multipartParts };
