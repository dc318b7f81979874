'use strict';
/**
 * A Shopify stand-in: one shop's Admin API as n8n's Shopify Trigger uses it to register, find and delete
 * its webhook (`/admin/api/<version>/webhooks.json`), refusing what Shopify refuses (no or a wrong
 * access token, an unknown topic, a blank or non-https address, the same address twice for a topic, an
 * unknown webhook), and deliveries signed as Shopify signs them: `X-Shopify-Hmac-Sha256` (base64
 * HMAC-SHA256 of the raw body with the app's secret), `X-Shopify-Topic`, `X-Shopify-Shop-Domain`,
 * `X-Shopify-Api-Version`, `X-Shopify-Webhook-Id`, `X-Shopify-Triggered-At`. A delivery answered with
 * anything but 2xx is sent again, as Shopify retries; a delivery can be sent twice with the same webhook
 * id, as Shopify sometimes does. Webhook addresses are https, as Shopify requires: `resolve` maps their
 * hosts to local http origins (the stand-in's DNS).
 * Reached as https://<shop>.myshopify.com through tls-front.js.
 */
const crypto = require('crypto');
const http = require('http');
const { closeServer, listen, postWebhook } = require('./common');

const API_VERSION = '2024-07';
const TOPICS = new Set([
	'refunds/create',
	'orders/create',
	'orders/updated',
	'orders/paid',
	'orders/cancelled',
	'order_transactions/create',
]);
/** The waits before each retry of a delivery (Shopify waits longer; the order is what matters here). */
const RETRY_DELAYS_MS = [200, 500, 1000];

const json = (res, status, body) => {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify(body));
};

/**
 * @param {{ shop?: string, accessToken: string, secret: string, resolve?: Record<string, string> }} options
 */
function createShopifyStandIn({ shop = 'n8n-demo', accessToken, secret, resolve = {} }) {
	const domain = `${shop}.myshopify.com`;
	const webhooks = new Map();
	const requests = [];
	const deliveries = [];
	const underway = new Set();
	let nextId = 1_000_000;
	let closing = false;

	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', `https://${domain}`);
			// Shopify reads `/admin/api/2024-07//webhooks` (n8n's Shopify Trigger sends it) as one slash.
			const pathname = url.pathname.replace(/\/{2,}/g, '/');
			requests.push({
				method: req.method,
				path: pathname,
				query: Object.fromEntries(url.searchParams),
			});
			if (req.headers['x-shopify-access-token'] !== accessToken)
				return json(res, 401, {
					errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
				});
			const match = /^\/admin\/api\/([\d-]+)\/webhooks(?:\/(\d+))?(?:\.json)?$/.exec(pathname);
			if (!match) return json(res, 404, { errors: 'Not Found' });
			const [, , id] = match;
			if (req.method === 'GET' && !id) {
				const topic = url.searchParams.get('topic');
				return json(res, 200, {
					webhooks: [...webhooks.values()].filter((w) => !topic || w.topic === topic),
				});
			}
			if (req.method === 'POST' && !id) {
				let body;
				try {
					body = JSON.parse(raw || '{}');
				} catch {
					return json(res, 400, { errors: { webhook: 'Required parameter missing or invalid' } });
				}
				const { topic, address, format = 'json' } = body.webhook ?? {};
				const errors = {};
				if (!topic) errors.topic = ["can't be blank"];
				else if (!TOPICS.has(topic))
					errors.topic = [
						'Invalid topic specified. Consult the API documentation for a list of valid topics.',
					];
				if (!address) errors.address = ["can't be blank"];
				else if (!/^https:\/\//.test(address))
					errors.address = ['protocol http:// is not supported'];
				else if ([...webhooks.values()].some((w) => w.topic === topic && w.address === address))
					errors.address = ['for this topic has already been taken'];
				if (Object.keys(errors).length) return json(res, 422, { errors });
				const webhook = {
					id: nextId++,
					address,
					topic,
					created_at: new Date().toISOString(),
					updated_at: new Date().toISOString(),
					format,
					fields: [],
					metafield_namespaces: [],
					api_version: API_VERSION,
				};
				webhooks.set(webhook.id, webhook);
				return json(res, 201, { webhook });
			}
			if (req.method === 'DELETE' && id) {
				if (!webhooks.delete(Number(id))) return json(res, 404, { errors: 'Not Found' });
				return json(res, 200, {});
			}
			return json(res, 406, { errors: 'Not Acceptable' });
		});
	});

	/** One POST of a delivery to its webhook's address (mapped by `resolve`); the answer's status or null. */
	function post(delivery) {
		const address = new URL(delivery.address);
		const origin = resolve[address.host];
		if (!origin) return Promise.resolve(null);
		const target = new URL(address.pathname + address.search, origin);
		return postWebhook(target, delivery.headers, delivery.body, { timeoutMs: 10000 });
	}

	async function send(delivery) {
		for (let attempt = 0; ; attempt++) {
			const status = await post(delivery);
			delivery.attempts++;
			delivery.responses.push(status);
			if (status !== null && status >= 200 && status < 300) {
				delivery.status = 'delivered';
				return delivery;
			}
			if (attempt >= RETRY_DELAYS_MS.length || closing) {
				delivery.status = 'failed';
				return delivery;
			}
			await new Promise((resolveWait) => setTimeout(resolveWait, RETRY_DELAYS_MS[attempt]));
		}
	}

	return {
		domain,
		secret,
		webhooks,
		requests,
		deliveries,
		/**
		 * Sends `payload` for `topic` to every webhook of that topic. `times`: sent more than once with the
		 * same X-Shopify-Webhook-Id; `forged`: signed with another secret. Resolves once each is delivered
		 * or has failed every retry.
		 */
		async deliver(topic, payload, { times = 1, forged = false } = {}) {
			const body = JSON.stringify(payload);
			const hmac = crypto
				.createHmac('sha256', forged ? `${secret}-forged` : secret)
				.update(body)
				.digest('base64');
			const webhookId = crypto.randomUUID();
			const sent = [];
			for (const webhook of [...webhooks.values()].filter((w) => w.topic === topic))
				for (let i = 0; i < times; i++) {
					const delivery = {
						webhookId,
						topic,
						address: webhook.address,
						body,
						headers: {
							'content-type': 'application/json',
							'x-shopify-topic': topic,
							'x-shopify-hmac-sha256': hmac,
							'x-shopify-shop-domain': domain,
							'x-shopify-api-version': API_VERSION,
							'x-shopify-webhook-id': webhookId,
							'x-shopify-triggered-at': new Date().toISOString(),
						},
						status: 'pending',
						attempts: 0,
						responses: [],
					};
					deliveries.push(delivery);
					const underwaySend = send(delivery);
					underway.add(underwaySend);
					sent.push(await underwaySend.finally(() => underway.delete(underwaySend)));
				}
			return sent;
		},
		listen: (port = 0) => listen(server, port),
		async close() {
			closing = true;
			await Promise.allSettled([...underway]);
			await closeServer(server);
		},
	};
}

module.exports = { createShopifyStandIn, API_VERSION };
