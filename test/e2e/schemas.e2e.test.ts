/**
 * The output schemas in a real n8n: the installed package's files served at the URL the editor's schema
 * preview asks for before any run (`/schemas/<node type>/<version>/<resource>/<operation>.json`, no
 * session needed), the version padded as the editor pads it. n8n 1.x looks for a community package's
 * files at a wrong path (the package folder joined to the node's absolute path) and answers 404.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as n8n from '../../scripts/n8n';

const HOME = path.join(n8n.WORK, 'schemas-home');
const INSTALLED = path.join(HOME, '.n8n/nodes/node_modules', n8n.PACKAGE);

let server: Awaited<ReturnType<typeof n8n.startServer>>;
let runtime: ReturnType<typeof n8n.ensureN8n>;

beforeAll(async () => {
	runtime = n8n.ensureN8n();
	fs.rmSync(HOME, { recursive: true, force: true });
	n8n.installPackage(HOME);
	server = await n8n.startServer(runtime, HOME);
});

afterAll(async () => {
	await server?.stop();
});

const fetchSchema = (resource: string, operation: string, version = '1.0.0') =>
	fetch(`${server.url}/schemas/${n8n.NODE_TYPE}/${version}/${resource}/${operation}.json`);

describe('output schemas in n8n', () => {
	it.each(
		['1.0.0', '2.0.0'].flatMap((version) =>
			[
				['customer', 'get', 'email'],
				['invoice', 'getAll', 'total'],
				['paymentIntent', 'create', 'client_secret'],
				['invoice', 'downloadPdf', 'invoice_pdf'],
				['v2CoreAccount', 'get', 'identity'],
			].map(([resource, operation, field]) => [resource, operation, version, field]),
		),
	)(
		"serves %s > %s's schema of version %s as the editor asks for it (n8n 1.x: 404)",
		async (resource, operation, version, field) => {
			const res = await fetchSchema(resource, operation, version);
			if (runtime.version.startsWith('1.')) return expect(res.status).toBe(404);
			expect(res.status).toBe(200);
			const schema = (await res.json()) as { type: string; properties: Record<string, unknown> };
			const file = path.join(
				INSTALLED,
				`dist/nodes/StripeComplete/__schema__/v${version}`,
				resource,
				`${operation}.json`,
			);
			expect(schema).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
			expect(schema.type).toBe('object');
			expect(schema.properties).toHaveProperty(field);
		},
	);

	it('finds versions 1 and 2 as v1.0.0 and v2.0.0, and answers 404 where there is no schema (API Request)', async () => {
		const served = runtime.version.startsWith('1.') ? 404 : 200;
		expect((await fetchSchema('customer', 'get', '1')).status).toBe(served);
		expect((await fetchSchema('customer', 'get', '2')).status).toBe(served);
		expect((await fetchSchema('customer', 'get', '3')).status).toBe(404);
		expect((await fetchSchema('apiRequest', 'send')).status).toBe(404);
		expect((await fetchSchema('customer', 'noSuchOperation')).status).toBe(404);
	});
});
