/**
 * Stripe Complete as the tools of n8n's MCP Server Trigger, used by an outside agent: the packed package
 * installed into a real n8n, examples/stripe-mcp-server.json imported and activated, the official MCP
 * client connecting over Streamable HTTP with the trigger's bearer token, Stripe played by the stand-in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import * as n8n from '../../scripts/n8n';
import { MCP_EXAMPLE, mcpCredential } from '../../scripts/demo/examples';
import { toolDescription } from '../../nodes/StripeComplete/form/tool';
import { resources } from '../../nodes/StripeComplete/resources/registry';
import { EFFECT_LABEL, effectOf } from '../../nodes/StripeComplete/operations/effects';
import { createStandIn, type StandIn } from '../../stand-ins/stripe';

type Item = Record<string, any>;

const HOME = path.join(n8n.WORK, 'mcp-home');
const TOKEN = 'mcp-e2e-bearer-token';

let standIn: StandIn;
let runtime: ReturnType<typeof n8n.ensureN8n>;
let server: Awaited<ReturnType<typeof n8n.startServer>>;
let rest: (method: string, route: string, body?: unknown) => Promise<any>;
let workflow: Item;
let mcpUrl: string;
let client: Client;
let transport: StreamableHTTPClientTransport;
let listed: Item[];

const operation = (resource: string, value: string) =>
	resources.find((r) => r.value === resource)!.operations.find((o) => o.value === value)!;
const CREATE = operation('customer', 'create');
const FIND = operation('customer', 'getAll');
/** A tool result's items: n8n sends the node's output items as one JSON text. */
const items = (result: Item): Item[] => {
	expect(result.isError).toBeUndefined();
	return JSON.parse(result.content.map((c: Item) => c.text).join(''));
};
const customersWith = (email: string) =>
	[...standIn.store.values()].filter((o) => o.object === 'customer' && o.email === email);
const posts = () => standIn.requests.filter((r) => r.method === 'POST');
const probe = (authorization?: string) =>
	n8n.webhookRegistered(mcpUrl, {
		headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
		body: '{}',
	});

beforeAll(async () => {
	standIn = createStandIn();
	const baseUrl = await standIn.listen();
	runtime = n8n.ensureN8n();
	fs.rmSync(HOME, { recursive: true, force: true });
	n8n.installPackage(HOME);
	await n8n.importCredential(runtime, HOME, { secretKey: 'sk_test_standin_mcp_e2e', baseUrl }, [
		mcpCredential(TOKEN),
	]);
	[workflow] = await n8n.importWorkflows(runtime, HOME, [MCP_EXAMPLE]);
	server = await n8n.startServer(runtime, HOME);
	rest = n8n.restClient(server.url, await n8n.signIn(server.url));
	mcpUrl = `${server.url}/mcp/stripe`;
});

afterAll(async () => {
	await client?.close();
	await server?.stop();
	await standIn?.close();
});

describe('Stripe Complete over MCP, through n8n MCP Server Trigger (examples/stripe-mcp-server.json)', () => {
	it('once the workflow is active, /mcp/stripe refuses a request without the bearer token or with a wrong one (403)', async () => {
		await n8n.activateWorkflow(rest, workflow.id);
		const refusals = [await probe(), await probe('Bearer not-the-token')];
		expect(await Promise.all(refusals.map(async (r) => [r.status, await r.text()]))).toEqual([
			[403, 'Authorization data is wrong!'],
			[403, 'Authorization data is wrong!'],
		]);
	});

	it('an MCP client with the token lists exactly the two tools, named after their nodes, described by action and effect, taking exactly the $fromAI keys; n8n sends no annotations', async () => {
		client = new Client({ name: 'stripe-complete-e2e', version: '1.0.0' });
		transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
			requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
		});
		await client.connect(transport);
		const { tools } = await client.listTools();
		listed = tools;
		console.log(`n8n lists: ${JSON.stringify(tools, null, 2)}`);

		const input = (properties: Item) => ({
			// n8n 1.x converts the tool's schema to JSON Schema draft 7, n8n 2.x to draft 2020-12.
			$schema: runtime.version.startsWith('1.')
				? 'http://json-schema.org/draft-07/schema#'
				: 'https://json-schema.org/draft/2020-12/schema',
			type: 'object',
			properties,
			required: Object.keys(properties),
			// n8n lets a tool call carry more than the schema names.
			additionalProperties: true,
		});
		const email = { type: 'string', description: "The customer's email address" };
		expect(tools).toEqual([
			{
				name: 'Create_customer',
				description: expect.any(String),
				inputSchema: input({
					email,
					name: { type: 'string', description: "The customer's full name" },
				}),
			},
			{
				name: 'Find_customers_by_email',
				description: expect.any(String),
				inputSchema: input({ email }),
			},
		]);
		// n8n builds each entry from the tool's name, description and schema only (McpServer toolDescriptors).
		expect(tools.map((t) => Object.keys(t).sort())).toEqual([
			['description', 'inputSchema', 'name'],
			['description', 'inputSchema', 'name'],
		]);

		expect([effectOf(CREATE), effectOf(FIND)]).toEqual(['writes', 'reads']);
		const [create, find] = tools.map((t) => t.description!);
		expect(create.startsWith(CREATE.action)).toBe(true);
		expect(find.startsWith(FIND.action)).toBe(true);
		// The whole text the node describes each operation with.
		const customer = resources.find((r) => r.value === 'customer')!;
		expect([create, find]).toEqual([
			toolDescription(customer, CREATE),
			toolDescription(customer, FIND),
		]);
		expect(create).toContain(EFFECT_LABEL.writes);
		expect(find).toContain(EFFECT_LABEL.reads);
	});

	it('over SSE, the other transport n8n serves (a GET on the same URL), a client lists the same tools', async () => {
		const sse = new Client({ name: 'stripe-complete-e2e-sse', version: '1.0.0' });
		await sse.connect(
			new SSEClientTransport(new URL(mcpUrl), {
				requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
			}),
		);
		try {
			expect((await sse.listTools()).tools).toEqual(listed);
		} finally {
			await sse.close();
		}
	});

	it('the read tool finds the customer with the given email through Stripe, and only that one', async () => {
		const ada = standIn.seed('customers', { email: 'ada@example.com', name: 'Ada Lovelace' });
		standIn.seed('customers', { email: 'grace@example.com', name: 'Grace Hopper' });
		standIn.requests.length = 0;
		const found = items(
			await client.callTool({
				name: 'Find_customers_by_email',
				arguments: { email: 'ada@example.com' },
			}),
		);
		expect(found.map((c) => [c.id, c.email, c.name])).toEqual([
			[ada.id, 'ada@example.com', 'Ada Lovelace'],
		]);
		expect(standIn.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/v1/customers', { email: 'ada@example.com', limit: 10 }],
		]);
	});

	it('the write tool creates one customer; the same call again sends the same Idempotency-Key, so Stripe replays the first; other arguments create another', async () => {
		const args = { email: 'new@example.com', name: 'New Customer' };
		const call = (values: Item) => client.callTool({ name: 'Create_customer', arguments: values });
		standIn.requests.length = 0;

		const [created] = items(await call(args));
		expect(created).toMatchObject({ object: 'customer', ...args });
		expect(customersWith(args.email).map((c) => c.id)).toEqual([created.id]);

		// A tool runs before n8n numbers its execution: its automatic key is the node's and the request's.
		const [again] = items(await call(args));
		expect(again.id).toBe(created.id);
		expect(customersWith(args.email)).toHaveLength(1);
		const [first, second] = posts();
		expect([second.body, second.idempotencyKey]).toEqual([first.body, first.idempotencyKey]);
		expect(first.idempotencyKey).toMatch(/^n8n-tool-call-0-0-[0-9a-f]{64}$/);

		const [other] = items(await call({ ...args, name: 'New Customer Ltd' }));
		expect(customersWith(args.email).map((c) => [c.id, c.name])).toEqual([
			[created.id, 'New Customer'],
			[other.id, 'New Customer Ltd'],
		]);
		expect(posts().map((r) => [r.path, r.body])).toEqual([
			['/v1/customers', args],
			['/v1/customers', args],
			['/v1/customers', { ...args, name: 'New Customer Ltd' }],
		]);
		expect(new Set(posts().map((r) => r.idempotencyKey)).size).toBe(2);
	});

	it('each tool call is an execution of its own, in webhook mode; listing tools is none', async () => {
		const done: Item[] = await n8n.until('the four tool calls to finish', async () => {
			const list = await n8n.listExecutions(rest, workflow.id);
			return (
				list.length >= 4 && list.every((e: Item) => !['new', 'running'].includes(e.status)) && list
			);
		});
		expect(done.map((e) => [e.status, e.mode])).toEqual(Array(4).fill(['success', 'webhook']));
	});

	it('the client ends its session; deactivating the workflow takes the endpoint down (404)', async () => {
		await transport.terminateSession();
		await client.close();
		await n8n.deactivateWorkflow(rest, workflow.id);
		// n8n 2.x takes the endpoint down after the deactivation call returns, as it publishes it after activation.
		await n8n.until('the MCP endpoint to answer 404', async () => {
			const res = await fetch(mcpUrl, {
				method: 'POST',
				headers: { authorization: `Bearer ${TOKEN}` },
			});
			return res.status === 404;
		});
	});
});
