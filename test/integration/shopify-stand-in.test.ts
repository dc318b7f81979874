/**
 * The Shopify stand-in refuses what Shopify refuses, and signs its deliveries as Shopify does, so that
 * n8n's Shopify Trigger meets a shop as strict as the real one in the examples' e2e run.
 */
import * as crypto from 'crypto';
import * as http from 'http';
import { createShopifyStandIn } from '../../stand-ins/shopify';

const TOKEN = 'shpat_test';
const SECRET = 'app-secret';
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
let answer = 200;
const n8n = http.createServer((req, res) => {
	let body = '';
	req.on('data', (c) => (body += c));
	req.on('end', () => {
		received.push({ headers: req.headers, body });
		res.writeHead(answer);
		res.end();
	});
});
const resolve: Record<string, string> = {};
const shop = createShopifyStandIn({ accessToken: TOKEN, secret: SECRET, resolve });
let base: string;

beforeAll(async () => {
	await new Promise<void>((done) => n8n.listen(0, '127.0.0.1', done));
	resolve['n8n.test'] = `http://127.0.0.1:${(n8n.address() as { port: number }).port}`;
	base = await shop.listen();
});
afterAll(async () => {
	await shop.close();
	await new Promise((done) => n8n.close(done));
});

const api = async (method: string, path: string, body?: unknown, token = TOKEN) => {
	const res = await fetch(`${base}/admin/api/2024-07${path}`, {
		method,
		headers: { 'x-shopify-access-token': token, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Record<string, any> };
};
const create = (webhook: Record<string, unknown>) => api('POST', '/webhooks.json', { webhook });

describe('the Shopify stand-in', () => {
	it("refuses what Shopify's Admin API refuses", async () => {
		expect((await api('GET', '/webhooks.json', undefined, 'wrong')).status).toBe(401);
		expect((await create({ topic: 'refunds/create' })).json.errors).toEqual({
			address: ["can't be blank"],
		});
		expect((await create({ topic: 'refunds/nope', address: 'https://n8n.test/x' })).status).toBe(
			422,
		);
		expect((await create({ topic: 'refunds/create', address: 'http://n8n.test/x' })).json).toEqual({
			errors: { address: ['protocol http:// is not supported'] },
		});
		expect((await api('DELETE', '/webhooks/42.json')).status).toBe(404);
	});

	it('registers, lists (also by the double-slash path n8n sends), refuses a second copy, and deletes a webhook', async () => {
		const { status, json } = await create({
			topic: 'refunds/create',
			address: 'https://n8n.test/hook',
		});
		expect(status).toBe(201);
		expect(
			(await create({ topic: 'refunds/create', address: 'https://n8n.test/hook' })).status,
		).toBe(422);
		expect((await api('GET', '//webhooks?topic=refunds/create')).json.webhooks).toEqual([
			json.webhook,
		]);
		expect((await api('DELETE', `/webhooks/${json.webhook.id}.json`)).status).toBe(200);
		expect((await api('GET', '/webhooks.json')).json.webhooks).toEqual([]);
	});

	it('signs deliveries as Shopify does, sends a duplicate with the same webhook id, retries a non-2xx answer, and can forge', async () => {
		await create({ topic: 'refunds/create', address: 'https://n8n.test/hook' });
		received.length = 0;
		const payload = { id: 1, transactions: [{ amount: '12.50', currency: 'USD' }] };
		const twice = await shop.deliver('refunds/create', payload, { times: 2 });
		expect(twice.map((d) => d.status)).toEqual(['delivered', 'delivered']);
		const [first, second] = received;
		const hmac = crypto.createHmac('sha256', SECRET).update(first.body).digest('base64');
		expect(first.headers).toMatchObject({
			'x-shopify-topic': 'refunds/create',
			'x-shopify-hmac-sha256': hmac,
			'x-shopify-shop-domain': 'n8n-demo.myshopify.com',
			'x-shopify-api-version': '2024-07',
		});
		expect(second.headers['x-shopify-webhook-id']).toBe(first.headers['x-shopify-webhook-id']);
		answer = 500;
		const [failed] = await shop.deliver('refunds/create', payload);
		expect(failed).toMatchObject({
			status: 'failed',
			attempts: 4,
			responses: [500, 500, 500, 500],
		});
		answer = 200;
		received.length = 0;
		await shop.deliver('refunds/create', payload, { forged: true });
		expect(received[0].headers['x-shopify-hmac-sha256']).not.toBe(hmac);
	});
});
