import http from 'http';
import type { AddressInfo } from 'net';
import { NodeApiError, NodeOperationError, type IBinaryData, type IDataObject } from 'n8n-workflow';
import { pathAtBaseUrl } from '../../nodes/StripeComplete/operations/files';
import { binaryData, failure, runNode, TEST_KEY, useStandIn } from '../support/harness';
import { samplePdf } from '../../stand-ins/stripe';

/**
 * Files in and out of workflows, through execute() against the stand-in: PDFs of invoices, credit
 * notes and quotes and a File's contents as n8n binary data; uploads from an input item's binary data,
 * then used as dispute evidence.
 */
const env = useStandIn();
const seed = (collection: string, fields: IDataObject) => env.standIn.seed(collection, fields);
const requests = () => env.standIn.requests.map((r) => `${r.method} ${r.path}`);

/** A customer's invoice with one line, finalized through the node: open, numbered, with a PDF. */
async function openInvoice(): Promise<IDataObject> {
	const customer = seed('customers', { email: 'buyer@example.com' }).id as string;
	const draft = seed('invoices', { customer });
	seed('invoiceitems', { customer, invoice: draft.id, amount: 1500, currency: 'usd' });
	const [finalized] = await runNode(env.url, {
		resource: 'invoice',
		operation: 'finalizeInvoice',
		invoiceId: draft.id,
	});
	env.standIn.requests.length = 0;
	return finalized.json;
}

/** What n8n holds for a file: the exact bytes as base64, with their size. */
const expectFile = (
	binary: IBinaryData | undefined,
	bytes: Buffer,
	fileName: string,
	mimeType: string,
	fileExtension: string,
) => {
	expect(binary).toEqual({
		data: bytes.toString('base64'),
		mimeType,
		fileName,
		fileExtension,
		fileType: expect.any(String),
		fileSize: expect.any(String),
		bytes: bytes.length,
	});
	expect(Buffer.from(binary!.data, 'base64').equals(bytes)).toBe(true);
};

/** A server at another host, as pay.stripe.com is to a stand-in's Base URL: it records what it receives. */
async function otherHost(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
	const received: http.IncomingHttpHeaders[] = [];
	const server = http.createServer((req, res) => {
		received.push(req.headers);
		answer(req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('Invoice > Download PDF', () => {
	it("gives the invoice's PDF as binary data named after its number, with the invoice as JSON", async () => {
		const invoice = await openInvoice();
		const [item, ...rest] = await runNode(env.url, {
			resource: 'invoice',
			operation: 'downloadPdf',
			invoiceId: invoice.id,
		});
		expect(rest).toEqual([]);
		expect(item.json).toMatchObject({
			id: invoice.id,
			object: 'invoice',
			number: invoice.number,
			status: 'open',
			invoice_pdf: `${env.url}/invoice/${String(invoice.id)}/pdf`,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expectFile(
			item.binary?.data,
			samplePdf(`Invoice ${String(invoice.number)}`),
			`${String(invoice.number)}.pdf`,
			'application/pdf',
			'pdf',
		);
		expect(requests()).toEqual([
			`GET /v1/invoices/${String(invoice.id)}`,
			`GET /invoice/${String(invoice.id)}/pdf`,
		]);
	});

	it('puts the file in the field Put Output File in Field names, for each input item', async () => {
		const first = await openInvoice();
		const second = await openInvoice();
		const ids = [first.id, second.id];
		const out = await runNode(
			env.url,
			(i) => ({
				resource: 'invoice',
				operation: 'downloadPdf',
				invoiceId: ids[i],
				binaryPropertyName: 'invoicePdf',
			}),
			{ items: [{}, {}] },
		);
		expect(
			out.map((o) => [
				o.json.id,
				Object.keys(o.binary ?? {}),
				o.binary?.invoicePdf.fileName,
				o.pairedItem,
			]),
		).toEqual([
			[first.id, ['invoicePdf'], `${String(first.number)}.pdf`, { item: 0 }],
			[second.id, ['invoicePdf'], `${String(second.number)}.pdf`, { item: 1 }],
		]);
	});

	it('says a draft invoice has no PDF yet, having fetched nothing but the invoice', async () => {
		const draft = seed('invoices', { customer: seed('customers', {}).id });
		const error = await failure(
			runNode(env.url, { resource: 'invoice', operation: 'downloadPdf', invoiceId: draft.id }),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			`Invoice ${String(draft.id)} has no PDF yet: Stripe makes it when the invoice is finalized`,
		);
		expect(requests()).toEqual([`GET /v1/invoices/${String(draft.id)}`]);
	});

	it('gives a Continue On Fail error item for a draft and the PDF for an open invoice, each paired to its item', async () => {
		const draft = seed('invoices', { customer: seed('customers', {}).id });
		const open = await openInvoice();
		const ids = [draft.id, open.id];
		const out = await runNode(
			env.url,
			(i) => ({ resource: 'invoice', operation: 'downloadPdf', invoiceId: ids[i] }),
			{ items: [{}, {}], continueOnFail: true },
		);
		expect(
			out.map((o) => [o.json.error ?? o.json.id, o.binary?.data?.fileName, o.pairedItem]),
		).toEqual([
			[expect.stringContaining('has no PDF yet'), undefined, { item: 0 }],
			[open.id, `${String(open.number)}.pdf`, { item: 1 }],
		]);
	});
});

describe('the secret key is never sent to a host other than the Base URL', () => {
	it('sends it with a PDF at the Base URL (the stand-in), as with every request there', async () => {
		const invoice = await openInvoice();
		await runNode(env.url, {
			resource: 'invoice',
			operation: 'downloadPdf',
			invoiceId: invoice.id,
		});
		expect(env.standIn.requests.map((r) => [r.path, r.authorization])).toEqual([
			[`/v1/invoices/${String(invoice.id)}`, `Bearer ${TEST_KEY}`],
			[`/invoice/${String(invoice.id)}/pdf`, `Bearer ${TEST_KEY}`],
		]);
	});

	it('fetches a PDF on another host (as on pay.stripe.com) without it, redirects included', async () => {
		const pdf = samplePdf('Invoice hosted elsewhere');
		const pay = await otherHost((req, res) => {
			// Like a signed link: the first URL redirects to where the file is.
			if (req.url!.startsWith('/invoice/'))
				res.writeHead(302, { Location: '/files/invoice.pdf' }).end();
			else res.writeHead(200, { 'Content-Type': 'application/pdf' }).end(pdf);
		});
		try {
			const invoice = await openInvoice();
			env.standIn.store.get(invoice.id as string)!.invoice_pdf =
				`${pay.url}/invoice/acct_1/test_1/pdf?s=ap`;
			const [item] = await runNode(env.url, {
				resource: 'invoice',
				operation: 'downloadPdf',
				invoiceId: invoice.id,
			});
			expectFile(item.binary?.data, pdf, `${String(invoice.number)}.pdf`, 'application/pdf', 'pdf');
			expect(pay.received).toHaveLength(2);
			expect(pay.received.map((headers) => headers.authorization)).toEqual([undefined, undefined]);
			expect(JSON.stringify(pay.received)).not.toContain(TEST_KEY);
			expect(requests()).toEqual([`GET /v1/invoices/${String(invoice.id)}`]);
		} finally {
			await pay.close();
		}
	});

	it('an HTTP error from the other host fails the item with its status, and the key is not in it', async () => {
		const pay = await otherHost((_, res) => res.writeHead(404).end());
		try {
			const invoice = await openInvoice();
			env.standIn.store.get(invoice.id as string)!.invoice_pdf =
				`${pay.url}/invoice/acct_1/test_1/pdf?s=ap`;
			const error = await failure(
				runNode(env.url, { resource: 'invoice', operation: 'downloadPdf', invoiceId: invoice.id }),
			);
			expect(error.message).toBe(
				`Downloading the file from ${pay.url}/invoice/acct_1/test_1/pdf failed with HTTP 404`,
			);
			expect(pay.received.map((headers) => headers.authorization)).toEqual([undefined]);
		} finally {
			await pay.close();
		}
	});

	it('decides by scheme, host, port and the Base URL path: only a URL at the Base URL goes through the client that holds the key', () => {
		const at = (url: string, baseUrl: string) => pathAtBaseUrl(new URL(url), baseUrl);
		expect(at('https://api.stripe.com/v1/files/file_1/contents', 'https://api.stripe.com')).toBe(
			'/v1/files/file_1/contents',
		);
		expect(at('http://127.0.0.1:12111/invoice/in_1/pdf?s=ap', 'http://127.0.0.1:12111')).toBe(
			'/invoice/in_1/pdf?s=ap',
		);
		expect(
			at('https://proxy.example.com/stripe/invoice/in_1/pdf', 'https://proxy.example.com/stripe/'),
		).toBe('/invoice/in_1/pdf');
		for (const [url, baseUrl] of [
			['https://pay.stripe.com/invoice/acct_1/test_1/pdf?s=ap', 'https://api.stripe.com'],
			['https://files.stripe.com/links/abc', 'https://api.stripe.com'],
			['http://api.stripe.com/v1/invoices', 'https://api.stripe.com'],
			['https://api.stripe.com:8443/v1/invoices', 'https://api.stripe.com'],
			['https://api.stripe.com.example.net/v1/invoices', 'https://api.stripe.com'],
			['https://api.stripe.com@example.net/v1/invoices', 'https://api.stripe.com'],
			['https://example.net/?https://api.stripe.com/', 'https://api.stripe.com'],
			['http://127.0.0.1:9999/invoice/in_1/pdf', 'http://127.0.0.1:12111'],
			['http://localhost:12111/invoice/in_1/pdf', 'http://127.0.0.1:12111'],
			['https://proxy.example.com/other/invoice.pdf', 'https://proxy.example.com/stripe'],
			['https://proxy.example.com/stripe-files/invoice.pdf', 'https://proxy.example.com/stripe'],
			['https://proxy.example.com/stripe/../other/invoice.pdf', 'https://proxy.example.com/stripe'],
		])
			expect({ url, baseUrl, path: at(url, baseUrl) }).toEqual({ url, baseUrl, path: undefined });
	});
});

describe('Credit Note > Download PDF', () => {
	it("gives the credit note's PDF named after its number, with the credit note", async () => {
		const invoice = await openInvoice();
		const note = seed('credit_notes', { invoice: invoice.id, amount: 500 });
		const [item] = await runNode(env.url, {
			resource: 'creditNote',
			operation: 'downloadPdf',
			creditNoteId: note.id,
		});
		expect(item.json).toMatchObject({
			id: note.id,
			object: 'credit_note',
			invoice: invoice.id,
			amount: 500,
			number: `${String(invoice.number)}-CN-01`,
		});
		expectFile(
			item.binary?.data,
			samplePdf(`Credit note ${String(note.number)}`),
			`${String(note.number)}.pdf`,
			'application/pdf',
			'pdf',
		);
		expect(requests()).toEqual([
			`GET /v1/credit_notes/${String(note.id)}`,
			`GET /credit_note/${String(note.id)}/pdf`,
		]);
	});
});

describe('Quote > Download PDF', () => {
	const draftQuote = () => {
		const price = seed('prices', {
			product: seed('products', { name: 'Onboarding' }).id,
			unit_amount: 90000,
			currency: 'usd',
		});
		return seed('quotes', {
			customer: seed('customers', {}).id,
			line_items: [{ price: price.id, quantity: 1 }],
		});
	};

	it("gives a finalized quote's PDF (the SDK's quotes.pdf, at the Base URL) named after its number, with the quote", async () => {
		const [finalized] = await runNode(env.url, {
			resource: 'quote',
			operation: 'finalizeQuote',
			quoteId: draftQuote().id,
		});
		env.standIn.requests.length = 0;
		const [item] = await runNode(env.url, {
			resource: 'quote',
			operation: 'downloadPdf',
			quoteId: finalized.json.id,
		});
		const number = String(finalized.json.number);
		expect(item.json).toMatchObject({
			id: finalized.json.id,
			object: 'quote',
			status: 'open',
			number,
			amount_total: 90000,
		});
		expectFile(
			item.binary?.data,
			samplePdf(`Quote ${number}`),
			`${number}.pdf`,
			'application/pdf',
			'pdf',
		);
		expect(env.standIn.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
			['GET', `/v1/quotes/${String(finalized.json.id)}`, `Bearer ${TEST_KEY}`],
			['GET', `/v1/quotes/${String(finalized.json.id)}/pdf`, `Bearer ${TEST_KEY}`],
		]);
	});

	it("a draft quote has no PDF: Stripe's error, as an API error", async () => {
		const draft = draftQuote();
		const error = await failure(
			runNode(env.url, { resource: 'quote', operation: 'downloadPdf', quoteId: draft.id }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			`The PDF of quote ${String(draft.id)} is available once it is finalized; it is a draft.`,
		);
	});
});

describe('File > Upload', () => {
	const evidence = Buffer.concat([
		samplePdf('Delivery confirmation'),
		Buffer.from([0x00, 0xff, 0x80, 0x0d, 0x0a]),
	]);

	it("sends the input item's file (bytes, file name, type) with its purpose as multipart, and returns the File", async () => {
		const input = await binaryData(evidence, 'delivery-confirmation.pdf', 'application/pdf');
		const [item, ...rest] = await runNode(
			env.url,
			{ resource: 'file', operation: 'upload', purpose: 'dispute_evidence' },
			{ binary: [{ data: input }] },
		);
		expect(rest).toEqual([]);
		const [sent] = env.standIn.requests;
		expect([sent.method, sent.path]).toEqual(['POST', '/v1/files']);
		expect(sent.idempotencyKey).toMatch(/^n8n-exec-1-0-0-[0-9a-f]{64}$/);
		expect(sent.body.purpose).toBe('dispute_evidence');
		expect({ filename: sent.body.file.filename, type: sent.body.file.type }).toEqual({
			filename: 'delivery-confirmation.pdf',
			type: 'application/pdf',
		});
		expect(
			Buffer.isBuffer(sent.body.file.data) && (sent.body.file.data as Buffer).equals(evidence),
		).toBe(true);
		expect(item.json).toMatchObject({
			object: 'file',
			filename: 'delivery-confirmation.pdf',
			purpose: 'dispute_evidence',
			size: evidence.length,
			type: 'pdf',
		});
		expect(item.json.id).toMatch(/^file_/);
		expect(item.binary).toBeUndefined();
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('takes the file from the Input Binary Field given, and creates a file link when asked', async () => {
		const input = await binaryData(Buffer.from('id,amount\n1,500\n'), 'report.csv', 'text/csv');
		const [item] = await runNode(
			env.url,
			{
				resource: 'file',
				operation: 'upload',
				binaryPropertyName: 'attachment_0',
				purpose: 'account_requirement',
				additionalFields: { createFileLink: true },
			},
			{ binary: [{ attachment_0: input }] },
		);
		const [sent] = env.standIn.requests;
		expect([sent.body.purpose, sent.body.file.filename, sent.body.file_link_data]).toEqual([
			'account_requirement',
			'report.csv',
			{ create: true },
		]);
		expect((sent.body.file.data as Buffer).toString()).toBe('id,amount\n1,500\n');
		expect((item.json.links as IDataObject).data).toEqual([
			expect.objectContaining({ object: 'file_link', file: item.json.id }),
		]);
	});

	it('a retried run uploads once: the same Idempotency-Key, and Stripe replays the first answer', async () => {
		const input = await binaryData(evidence, 'retried.pdf', 'application/pdf');
		const upload = () =>
			runNode(
				env.url,
				{ resource: 'file', operation: 'upload', purpose: 'dispute_evidence' },
				{ binary: [{ data: input }], executionId: 'exec-retried' },
			);
		const [first] = await upload();
		const [again] = await upload();
		expect(again.json.id).toBe(first.json.id);
		expect(env.standIn.requests.map((r) => [r.idempotencyKey, r.replayed])).toEqual([
			[env.standIn.requests[0].idempotencyKey, undefined],
			[env.standIn.requests[0].idempotencyKey, true],
		]);
		expect(
			[...env.standIn.store.values()].filter(
				(o) => o.object === 'file' && o.filename === 'retried.pdf',
			),
		).toHaveLength(1);
	});

	it('another file in the same execution, node, run and item is another upload: the key covers the file', async () => {
		const upload = async (bytes: Buffer) =>
			runNode(
				env.url,
				{ resource: 'file', operation: 'upload', purpose: 'dispute_evidence' },
				{
					binary: [{ data: await binaryData(bytes, 'scan.pdf', 'application/pdf') }],
					executionId: 'exec-scans',
				},
			);
		const [first] = await upload(samplePdf('First scan'));
		const [second] = await upload(samplePdf('Second scan'));
		expect(second.json.id).not.toBe(first.json.id);
		const [a, b] = env.standIn.requests;
		expect(a.idempotencyKey).toMatch(/^n8n-exec-scans-0-0-/);
		expect(b.idempotencyKey).not.toBe(a.idempotencyKey);
		expect([a.replayed, b.replayed]).toEqual([undefined, undefined]);
	});

	it('names the Input Binary Field when the input item has no such file, and sends nothing', async () => {
		const upload = { resource: 'file', operation: 'upload', purpose: 'dispute_evidence' };
		const none = await failure(runNode(env.url, upload));
		expect(none).toBeInstanceOf(NodeOperationError);
		expect(none.message).toBe(
			'Input Binary Field: the input item has no binary field "data"; it holds no file (binary data) at all',
		);
		expect((none as NodeOperationError).description).toBe('Check the field "Input Binary Field"');

		const other = await binaryData(evidence, 'evidence.pdf', 'application/pdf');
		// The second item lacks the file: found before the first item's upload is sent.
		const wrong = await failure(
			runNode(env.url, upload, {
				items: [{}, {}],
				binary: [{ data: other }, { attachment: other }],
			}),
		);
		expect(wrong.message).toBe(
			'Input Binary Field: the input item has no binary field "data"; its binary fields are "attachment"',
		);
		expect(env.standIn.requests).toHaveLength(0);
	});

	it('with Continue On Fail, an item without the file becomes an error item and the others upload', async () => {
		const input = await binaryData(evidence, 'evidence.pdf', 'application/pdf');
		const out = await runNode(
			env.url,
			{ resource: 'file', operation: 'upload', purpose: 'dispute_evidence' },
			{ items: [{}, {}], binary: [undefined, { data: input }], continueOnFail: true },
		);
		expect(out.map((o) => [o.json.error ?? o.json.object, o.pairedItem])).toEqual([
			[
				'Input Binary Field: the input item has no binary field "data"; it holds no file (binary data) at all',
				{ item: 0 },
			],
			['file', { item: 1 }],
		]);
		expect(requests()).toEqual(['POST /v1/files']);
	});

	it('upload, then Dispute > Update with the file as evidence: the dispute is submitted with it', async () => {
		const dispute = seed('disputes', {
			amount: 4200,
			currency: 'usd',
			charge: 'ch_disputed',
			reason: 'product_not_received',
			status: 'needs_response',
			evidence: {
				uncategorized_file: null,
				shipping_documentation: null,
				product_description: null,
			},
			evidence_details: { has_evidence: false, submission_count: 0 },
		});
		const input = await binaryData(evidence, 'proof-of-delivery.pdf', 'application/pdf');
		const [file] = await runNode(
			env.url,
			{ resource: 'file', operation: 'upload', purpose: 'dispute_evidence' },
			{ binary: [{ data: input }] },
		);
		const [updated] = await runNode(env.url, {
			resource: 'dispute',
			operation: 'update',
			disputeId: dispute.id,
			updateFields: {
				evidence: {
					shippingDocumentation: file.json.id,
					productDescription: 'Headphones, shipped by courier',
				},
			},
		});
		expect(env.standIn.requests[1].body).toEqual({
			evidence: {
				shipping_documentation: file.json.id,
				product_description: 'Headphones, shipped by courier',
			},
		});
		expect(updated.json).toMatchObject({
			id: dispute.id,
			status: 'under_review',
			evidence: {
				uncategorized_file: null,
				shipping_documentation: file.json.id,
				product_description: 'Headphones, shipped by courier',
			},
			evidence_details: { has_evidence: true, submission_count: 1 },
		});
	});
});

describe('File > Download', () => {
	it("gives a File's contents (GET /v1/files/{id}/contents at the Base URL) named as uploaded, with the File", async () => {
		const png = Buffer.from(
			'89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e20000000049454e44ae426082',
			'hex',
		);
		const [uploaded] = await runNode(
			env.url,
			{ resource: 'file', operation: 'upload', purpose: 'business_logo' },
			{ binary: [{ data: await binaryData(png, 'logo.png', 'image/png') }] },
		);
		env.standIn.requests.length = 0;
		const [item] = await runNode(env.url, {
			resource: 'file',
			operation: 'download',
			fileId: uploaded.json.id,
			binaryPropertyName: 'logo',
		});
		expect(item.json).toEqual(uploaded.json);
		expectFile(item.binary?.logo, png, 'logo.png', 'image/png', 'png');
		expect(env.standIn.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
			['GET', `/v1/files/${String(uploaded.json.id)}`, `Bearer ${TEST_KEY}`],
			['GET', `/v1/files/${String(uploaded.json.id)}/contents`, `Bearer ${TEST_KEY}`],
		]);
	});

	it("a Connected Account's file is fetched, contents too, on behalf of that account", async () => {
		const account = env.standIn.connectedAccount('acct_files1');
		const bytes = Buffer.from('%PDF-1.4 connected');
		const file = env.standIn.seed(
			'files',
			{
				file: { filename: 'terms.pdf', type: 'application/pdf', data: bytes },
				purpose: 'platform_terms_of_service',
			},
			account,
		);
		const [item] = await runNode(env.url, {
			resource: 'file',
			operation: 'download',
			fileId: file.id,
			options: { stripeAccount: account },
		});
		expectFile(item.binary?.data, bytes, 'terms.pdf', 'application/pdf', 'pdf');
		expect(env.standIn.requests.map((r) => r.stripeAccount)).toEqual([account, account]);
		// Without the header the file is another account's: Stripe's 404.
		await expect(
			runNode(env.url, { resource: 'file', operation: 'download', fileId: file.id }),
		).rejects.toThrow(`No such file: '${String(file.id)}'`);
	});
});
