'use strict';
/**
 * The AI agent example as it runs in the demo: n8n's AI Agent with three Stripe Complete tools, its OpenAI
 * Chat Model pointed at a local OpenAI stand-in (stand-ins/openai.js) whose model follows a
 * script: it looks the customer up by email, lists their charges, refunds 12.50 USD of the newest, asks for
 * the same refund once more (as a confused agent would), then answers. The Stripe side is the same as the
 * other examples': the stand-in, or Stripe test mode.
 */
const fs = require('fs');
const path = require('path');
const { createOpenAiStandIn } = require('../../stand-ins/openai');
const n8n = require('../n8n');

const EXAMPLE = 'stripe-ai-agent-refund.json';
/** The customer's email in the example's request text; the demo puts its own customer's there. */
const EXAMPLE_EMAIL = 'jenny.rosen@example.com';
const REFUND = '12.50 USD';
/** The Chat Trigger `npm run dev` adds to the example. */
const CHAT_TRIGGER = 'When chat message received';
/** The payments the customer made, oldest first (USD cents); the agent refunds part of the newest. */
const PAYMENTS = [4000, 2500];

const objects = (result) => [result?.json ?? []].flat();
const last = (context, pattern) => context.results.filter((r) => pattern.test(r.name)).pop();

/** What the model answers a request it cannot act on, e.g. one typed into the editor's chat. */
const HINT = `I am a scripted stand-in model: ask me to "refund ${REFUND} of the most recent payment of ${EXAMPLE_EMAIL}" (or of another customer's email).`;

/**
 * The model's steps; each finds its tool by name as n8n sent it, and IDs in the tool results so far. A
 * request without an email, an unknown customer or one without charges gets a plain answer, not an error.
 */
function modelScript() {
	const refund = (body, context) => {
		const [newest] = objects(last(context, /charge/i));
		if (!newest) return { content: `That customer has no charges to refund. ${HINT}` };
		return {
			toolCalls: [
				{
					name: context.tool(/refund/i),
					arguments: { payment: newest.payment_intent ?? newest.id, amount: REFUND },
				},
			],
		};
	};
	return [
		(body, context) => {
			const email = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(context.user)?.[0];
			if (!email) return { content: HINT };
			return { toolCalls: [{ name: context.tool(/customer/i), arguments: { email } }] };
		},
		(body, context) => {
			const [customer] = objects(last(context, /customer/i));
			if (!customer) return { content: `No customer has that email. ${HINT}` };
			return {
				toolCalls: [{ name: context.tool(/charge/i), arguments: { customer: customer.id } }],
			};
		},
		refund,
		refund,
		(body, context) => {
			const [made] = objects(last(context, /refund/i));
			return {
				content: `Refunded ${REFUND} of ${made.payment_intent}: refund ${made.id}, ${made.status}.`,
			};
		},
	];
}

/** The model, listening, and the n8n credential that points n8n's OpenAI Chat Model at it. */
async function startModel() {
	const model = createOpenAiStandIn({ script: modelScript() });
	const url = await model.listen();
	return {
		model,
		url,
		credential: {
			id: 'openAiDemo',
			name: 'OpenAI account',
			type: 'openAiApi',
			data: { apiKey: model.apiKey, url },
		},
	};
}

/** The customer the agent refunds: Jenny Rosen with `email` and two card payments (PAYMENTS). */
async function seedCustomer(stripe, email) {
	const customer = await stripe.customers.create({ name: 'Jenny Rosen', email });
	const payments = [];
	for (const amount of PAYMENTS)
		payments.push(
			await stripe.paymentIntents.create({
				amount,
				currency: 'usd',
				customer: customer.id,
				confirm: true,
				payment_method: 'pm_card_visa',
				automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
			}),
		);
	return { customer, payments };
}

/**
 * The example with n8n's Chat Trigger beside its Manual Trigger, for `npm run dev`: a message typed into
 * the editor's chat is the request; Execute workflow still sends the example's own.
 */
function withChat(workflow) {
	const agent = workflow.nodes.find((node) => node.name === 'AI Agent');
	agent.parameters.text = '={{ $json.chatInput ?? $json.request }}';
	const chat = {
		id: 'chat-trigger',
		name: CHAT_TRIGGER,
		type: '@n8n/n8n-nodes-langchain.chatTrigger',
		typeVersion: 1.1,
		// Below the Manual Trigger, clear of the note above it and the tools to the right.
		position: [agent.position[0] - 460, agent.position[1] + 220],
		webhookId: 'stripe-agent-chat',
		parameters: { options: {} },
	};
	workflow.nodes.push(chat);
	workflow.connections[CHAT_TRIGGER] = { main: [[{ node: agent.name, type: 'main', index: 0 }]] };
	return workflow;
}

/**
 * A customer with two payments, the example imported with the request naming that customer, and executed.
 * Resolves to its run: the model's requests, the refunds Stripe holds for both payments, the answer.
 */
async function runAgent(runtime, home, stripe, model, output) {
	const runId = Date.now().toString(36);
	const { customer, payments } = await seedCustomer(stripe, `agent-${runId}@example.com`);
	const [workflow] = await n8n.importWorkflows(runtime, home, [EXAMPLE], {
		[EXAMPLE_EMAIL]: customer.email,
	});
	const run = await n8n.executeWorkflow(runtime, home, workflow);
	const file = path.join(output, 'agent.json');
	fs.writeFileSync(file, JSON.stringify({ run: run.raw, model: model.requests }, null, 2));
	const refundsInStripe = [];
	for (const payment of payments)
		refundsInStripe.push(
			...(await stripe.refunds.list({ payment_intent: payment.id, limit: 100 })).data,
		);
	const turns = model.answered();
	return {
		key: 'agent',
		workflow,
		ok: run.ok,
		error: run.error,
		nodes: run.nodes,
		file: path.relative(n8n.ROOT, file),
		customer,
		payments,
		requests: model.requests,
		// The last request holds the whole conversation: every tool call and what the model got back.
		calls: turns.at(-1)?.conversation.results ?? [],
		answer: turns.at(-1)?.content,
		refundsInStripe,
	};
}

/**
 * The agent's run beside what it should leave: one refund of 12.50 USD on the newest payment, the second
 * call answered with the same refund, none on the other payment, and the model's answer as the output.
 */
function agentCompared(run) {
	if (!run) return undefined;
	const differences = [];
	const refunds = run.calls.filter((c) => /refund/i.test(c.name)).map((c) => objects(c)[0]?.id);
	if (refunds.length !== 2 || refunds[0] !== refunds[1])
		differences.push(`the two refund calls returned ${refunds.join(' and ')}`);
	const [made, ...more] = run.refundsInStripe;
	if (more.length || !made) differences.push(`Stripe holds ${run.refundsInStripe.length} refunds`);
	else if (made.amount !== 1250 || made.payment_intent !== run.payments[1].id)
		differences.push(`refund ${made.id}: ${made.amount} of ${made.payment_intent}`);
	const output = run.nodes['AI Agent']?.[0]?.output;
	if (!run.answer || output !== run.answer)
		differences.push(`the workflow's output "${output}" is not the model's answer`);
	return { refunds: run.refundsInStripe.length, equal: !differences.length, differences };
}

/** What the agent did, for the demo's summary. */
function describeAgent(run) {
	const lines = [`model: a scripted local OpenAI stand-in (${run.requests.length} requests)`];
	run.calls.forEach((call, i) => {
		const got = objects(call)
			.map((o) => [o.id, o.amount, o.currency, o.status].filter((v) => v !== undefined).join(' '))
			.join('; ');
		lines.push(`${i + 1}. ${call.name}(${JSON.stringify(call.arguments)}) -> ${got}`);
	});
	lines.push(`answer: ${run.answer}`);
	return lines;
}

module.exports = {
	EXAMPLE,
	EXAMPLE_EMAIL,
	REFUND,
	CHAT_TRIGGER,
	HINT,
	startModel,
	seedCustomer,
	withChat,
	runAgent,
	agentCompared,
	describeAgent,
};
