/**
 * `npm run dev` as a newcomer meets it: its setup (scripts/demo/dev-setup.js) started in this process on
 * free ports, every example opened in the real editor (headless Chromium) and run the editor's way: the
 * Execute workflow button; for a trigger that waits, Execute then the event dev's terminal causes; the AI
 * agent through the editor's chat too; the Shopify example published (Shopify takes https webhook addresses
 * only, which dev gives published workflows); the MCP server, published by dev, through the MCP client.
 * Each run's outcome is read back from n8n's executions and from Stripe. The Postgres example writes to
 * Debian's PostgreSQL, started here as the queue-mode suite starts it; without a server, dev says so.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import * as n8n from '../../scripts/n8n';
import * as editor from '../../scripts/demo/editor';
import { cleanUp } from '../support/clean-up';
import { ensureDebianPackages, startPostgres } from '../../scripts/n8n/services';
import { startDev, TERMINAL_REFUND } from '../../scripts/demo/dev-setup';
import { preparePostgres } from '../../scripts/demo/postgres';
import { CHAT_TRIGGER, EXAMPLE_EMAIL } from '../../scripts/demo/agent';
import { PICKERS } from '../../nodes/StripeComplete/fields/pickers';

type Item = Record<string, any>;

let dev: Awaited<ReturnType<typeof startDev>>;
let postgres: Awaited<ReturnType<typeof startPostgres>>;
let page: any;
let dir: string;
const cleanups: Array<() => Promise<unknown>> = [];

/** Waits (bounded) for what n8n does after a click; a timeout shows the end of n8n's log. */
const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60000) =>
	n8n.until(what, probe, timeoutMs) as Promise<T>;

const finished = (e: { status: string }) => !['new', 'running', 'waiting'].includes(e.status);

/**
 * Opens the example `key` in the editor, does `act` (a click, a message), then waits for the execution it
 * starts (started by `cause` too, for a trigger waiting for an event) and resolves to its outcome.
 */
async function runInEditor(
	key: string,
	act: () => Promise<unknown>,
	cause: () => Promise<unknown> = async () => {},
) {
	const workflow = dev.workflows[key as keyof typeof dev.workflows] as Item;
	await editor.openWorkflow(page, dev.url, workflow.id, workflow.nodes[0].name);
	const before = (await n8n.listExecutions(dev.rest, workflow.id)).length;
	await act();
	await cause();
	const execution = await until(`an execution of "${workflow.name}"`, async () => {
		const executions = await n8n.listExecutions(dev.rest, workflow.id);
		return executions.length > before && finished(executions[0]) && executions[0];
	});
	return n8n.executionOutput(dev.runtime, dev.rest, execution.id);
}

const executeWorkflow = () => page.click('[data-test-id="execute-workflow-button"]');

/** The refunds Stripe holds, newest first. */
const refunds = async () => (await dev.stripe.refunds.list({ limit: 100 })).data;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-complete-dev-e2e-'));
	// PostgreSQL runs as the postgres user, which must reach its folder inside.
	fs.chmodSync(dir, 0o755);
	cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
	ensureDebianPackages((message) => n8n.log(message));
	postgres = await startPostgres(path.join(dir, 'postgres'));
	cleanups.push(() => postgres.stop());
	const playwright = editor.ensureBrowser();
	// dev keeps its n8n folder from one start to the next; this run starts from none.
	const home = path.join(n8n.WORK, 'dev-e2e-home');
	fs.rmSync(home, { recursive: true, force: true });
	dev = await startDev({
		home,
		env: {
			PGHOST: '127.0.0.1',
			PGPORT: String(postgres.port),
			PGUSER: postgres.user,
			PGDATABASE: postgres.database,
		},
	});
	cleanups.push(() => dev.stop());
	const browser = await editor.launchBrowser(playwright);
	cleanups.push(browser.close);
	page = browser.context.pages()[0] ?? (await browser.context.newPage());
	await editor.signInEditor(page, dev.url);
});

afterAll(() => cleanUp(cleanups));

describe('npm run dev: what it starts and prints', () => {
	it('prints the editor and its sign-in, one line per example with how to run it, the MCP URL and token, the Postgres server', () => {
		const text = dev.hints.join('\n');
		expect(text).toContain(`n8n editor: ${dev.url}  (sign in as ${n8n.OWNER.email} / `);
		for (const workflow of Object.values(dev.workflows) as Item[])
			expect(
				dev.hints.filter((line) => line.startsWith(`- ${workflow.name}: ${dev.url}/workflow/`)),
			).toHaveLength(1);
		expect(text).toContain(`${dev.url}/mcp/stripe with the header "Authorization: Bearer `);
		expect(text).toContain(
			`into stripe_objects at ${postgres.user}@127.0.0.1:${postgres.port}/${postgres.database}`,
		);
	});

	it('without a PostgreSQL server it says so plainly, naming the variables to set', async () => {
		const closed = await n8n.freePort();
		const found = await preparePostgres(dev.runtime, { PGHOST: '127.0.0.1', PGPORT: `${closed}` });
		expect(found).toMatchObject({
			reachable: false,
			where: `postgres@127.0.0.1:${closed}/postgres`,
		});
		expect(found.error).toMatch(/ECONNREFUSED/);
	});

	it('every picker of the Common resources has something to list', async () => {
		const empty: string[] = [];
		for (const [object, picker] of Object.entries(PICKERS)) {
			const resource = picker.sdk.split('.').reduce((r: any, key) => r[key], dev.stripe);
			const listed = await resource.list({ limit: 1 }).then(
				(page: { data: unknown[] }) => page.data.length,
				() => 0,
			);
			if (!listed) empty.push(object);
		}
		expect(empty).toEqual([]);
	});
});

describe('the pickers on first use', () => {
	it('Refund > Create: the Payment picker lists the payments and the charge made without a payment intent', async () => {
		const name = 'Refund a payment';
		const workflow = await editor.createWorkflow(dev.rest, name, n8n.NODE_TYPE, {
			typeVersion: 2,
			parameters: { resource: 'refund', operation: 'create' },
			credentials: {
				stripeCompleteApi: { id: n8n.CREDENTIAL_ID, name: 'Stripe Complete account' },
			},
		});
		await (await editor.openWorkflow(page, dev.url, workflow.id, name)).dblclick();
		await page
			.locator(
				'[data-test-id="ndv"] [data-test-id="resource-locator-chargeOrPaymentIntent"] [data-test-id="rlc-input"]',
			)
			.click();
		// Every payment intent, and the one charge made without one (the only 20.00 USD payment).
		const intents = (await dev.stripe.paymentIntents.list({ limit: 100 })).data;
		let shown: string[] = [];
		await n8n.poll(
			async () =>
				(shown = await page.locator('[data-test-id="rlc-item"]').allInnerTexts()).length ===
				intents.length + 1,
			30000,
		);
		expect(shown).toHaveLength(intents.length + 1);
		expect(shown).toContain('20.00 USD · succeeded · Charge made without a payment intent');
		await editor.closeAll(page, '[data-test-id="ndv"]');
	});
});

describe('each example, run in the editor', () => {
	it('Catalog: Execute workflow creates the product, its price and a payment link', async () => {
		const run = await runInEditor('catalog', executeWorkflow);
		expect(run.status).toBe('success');
		const [link] = run.nodes['Create payment link'];
		expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\//);
		const [price] = run.nodes['Create monthly price'];
		expect(price).toMatchObject({ unit_amount: 1500, recurring: { interval: 'month' } });
	});

	it("AI agent: Execute workflow refunds 12.50 USD of the customer's newest payment, once", async () => {
		const run = await runInEditor('agent', executeWorkflow);
		expect(run.status).toBe('success');
		const [newest] = await refunds();
		expect(newest).toMatchObject({ amount: 1250, status: 'succeeded' });
		expect(run.nodes['AI Agent'][0].output).toBe(
			`Refunded 12.50 USD of ${newest.payment_intent}: refund ${newest.id}, succeeded.`,
		);
	});

	it('AI agent: a request typed into the chat gets the same refund back; a message without an email gets the hint', async () => {
		const before = await refunds();
		const say = (text: string) => async () => {
			if (!(await page.locator('[data-test-id="canvas-chat"] textarea').isVisible()))
				await page.click('[data-test-id="workflow-chat-button"]');
			await page.fill('[data-test-id="canvas-chat"] textarea', text);
			await page.keyboard.press('Enter');
		};
		const request = `Please refund 12.50 USD of the most recent payment of ${EXAMPLE_EMAIL}`;
		const run = await runInEditor('agent', say(request));
		expect(run.status).toBe('success');
		expect(run.nodes[CHAT_TRIGGER][0].chatInput).toBe(request);
		expect(run.nodes['AI Agent'][0].output).toBe(
			`Refunded 12.50 USD of ${before[0].payment_intent}: refund ${before[0].id}, succeeded.`,
		);
		expect((await refunds()).map((r) => r.id)).toEqual(before.map((r) => r.id));
		// The answer shows in the chat panel.
		await page
			.locator('[data-test-id="canvas-chat"]', { hasText: `refund ${before[0].id}` })
			.waitFor();

		const hello = await runInEditor('agent', say('Hello'));
		expect(hello.nodes['AI Agent'][0].output).toMatch(/^I am a scripted stand-in model: ask me/);
	});

	it('Refund alerts (webhook): Execute workflow, then a refund from the terminal: its alert', async () => {
		const webhookTest = () =>
			[...dev.standIn.store.values()].some(
				(o: Item) => o.object === 'webhook_endpoint' && /\/webhook-test\//.test(o.url),
			);
		let made: Item = {};
		const run = await runInEditor('alertsByWebhook', executeWorkflow, async () => {
			await until('the test webhook in Stripe', async () => webhookTest());
			made = await dev.actions.refund();
		});
		expect(run.status).toBe('success');
		expect(run.nodes['Refund alert']).toEqual([
			expect.objectContaining({
				payment_intent: dev.order.id,
				amount_refunded: 2 * TERMINAL_REFUND,
				currency: 'usd',
			}),
		]);
		expect(made.payment_intent).toBe(dev.order.id);
	});

	it('Refund alerts (polling): Execute workflow shows the newest charge.refunded event', async () => {
		const run = await runInEditor('alertsByPolling', executeWorkflow);
		expect(run.status).toBe('success');
		const [newest] = await refunds();
		expect(run.nodes['Refund alert']).toEqual([
			expect.objectContaining({ charge: newest.charge, payment_intent: newest.payment_intent }),
		]);
	});

	it('Sync -> Data Table: Execute workflow upserts the sample customer into "Stripe sync"', async () => {
		const run = await runInEditor('sync', executeWorkflow);
		expect(run.status).toBe('success');
		const [sample] = run.nodes['Stripe customers and subscriptions'];
		expect(sample.object).toBe('customer');
		const rows = await n8n.dataTableRows(dev.rest, dev.table);
		expect(rows.map((row: Item) => [row.stripe_id, row.object])).toEqual([[sample.id, 'customer']]);
	});

	it('Sync -> PostgreSQL: Execute workflow inserts the sample customer into stripe_objects', async () => {
		const run = await runInEditor('postgres', executeWorkflow);
		expect([run.status, run.error]).toEqual(['success', undefined]);
		const [sample] = run.nodes['Stripe customers and subscriptions'];
		expect(postgres.psql('SELECT id, object, deleted FROM stripe_objects')).toBe(
			`${sample.id}|customer|f`,
		);
	});

	it('Shopify refund: published in the editor, a Shopify refund from the terminal becomes a Stripe refund', async () => {
		const publish = async () => {
			// n8n 1.x has an Active toggle rather than Publish: there it is activated as the toggle does.
			if (dev.runtime.version.startsWith('1.'))
				await n8n.activateWorkflow(dev.rest, (dev.workflows.shopify as Item).id);
			else {
				await page.click('[data-test-id="workflow-open-publish-modal-button"]');
				await page.click('[data-test-id="workflow-publish-button"]');
			}
			await until('the Shopify webhook', async () => dev.shop.shopify.webhooks.size > 0);
		};
		const run = await runInEditor('shopify', publish, () => dev.actions.shopifyRefund());
		expect(run).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(run.nodes['Refund in Stripe']).toEqual([
			expect.objectContaining({
				object: 'refund',
				amount: 500,
				currency: 'usd',
				status: 'succeeded',
			}),
		]);
		await n8n.deactivateWorkflow(dev.rest, (dev.workflows.shopify as Item).id);
	});

	it('MCP server: published by dev, an MCP client with the printed token finds the customer', async () => {
		const client = new Client({ name: 'stripe-complete-dev-e2e', version: '1.0.0' });
		await client.connect(
			new StreamableHTTPClientTransport(new URL(dev.mcp.url), {
				requestInit: { headers: { authorization: `Bearer ${dev.mcp.token}` } },
			}),
		);
		try {
			const result: Item = await client.callTool({
				name: 'Find_customers_by_email',
				arguments: { email: EXAMPLE_EMAIL },
			});
			expect(result.isError).toBeUndefined();
			const found = JSON.parse(result.content.map((c: Item) => c.text).join(''));
			expect(found.map((c: Item) => c.email)).toEqual([EXAMPLE_EMAIL]);
		} finally {
			await client.close();
		}
	});
});
