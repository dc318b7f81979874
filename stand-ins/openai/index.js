'use strict';
/**
 * An OpenAI stand-in with a scripted model: the Responses API (`POST /v1/responses`, what n8n's OpenAI Chat
 * Model uses by default from version 1.3), Chat Completions (`POST /v1/chat/completions`), each plain or
 * streamed as OpenAI streams it (SSE), and the model list (`GET /v1/models`, the credential test and the
 * model picker). It refuses what OpenAI refuses where a client could get it wrong, in OpenAI's error
 * shape: no or a wrong API key (401), an unknown route (404), no `model`, no `messages` / `input`, a tool
 * name OpenAI would refuse, a tool result for a call that was not made, a call without its result, an
 * empty content array (400).
 *
 * The script is a list of steps; a conversation's step is the number of model turns it holds, so a retried
 * request gets the same answer. A step is a function of the request body and a context (`tool(pattern)`:
 * the one tool whose name matches, as the client named it; `results`: the tool results so far, oldest
 * first, each `{ name, arguments, content, json }`; `user`: the user's text) returning either
 * `{ toolCalls: [{ name, arguments }] }` or `{ content }`. Every request is recorded.
 */
const http = require('http');
const { listen } = require('../common');
const {
	OpenAiError,
	invalid,
	parsed,
	chatConversation,
	responsesConversation,
} = require('./conversations');
const { sse, completionChunks, responseEvents } = require('./streams');

/**
 * @param {{ apiKey?: string, model?: string, script?: Array<(body: any, context: any) => any> }} options
 */
function createOpenAiStandIn({
	apiKey = 'sk-openai-stand-in',
	model = 'gpt-stand-in',
	script = [],
} = {}) {
	/**
	 * Every request: method, path, body, the status answered, and the answer with the conversation it
	 * answered and its text (null for tool calls), or the error.
	 */
	const requests = [];
	/** The tool calls the model made, by call ID (and function call item ID): their arguments. */
	const issued = new Map();
	let answers = 0;

	/** The script's answer for a conversation: `[{ callId, itemId, name, arguments }]` or text. */
	function scripted(body, conversation) {
		if (conversation.turns >= script.length)
			throw new Error(
				`the script has ${script.length} steps; step ${conversation.turns + 1} was asked for`,
			);
		const context = {
			results: conversation.results,
			user: conversation.user,
			tool(pattern) {
				const found = conversation.tools.filter((name) => pattern.test(name));
				if (found.length !== 1)
					throw new Error(
						`${found.length} tools match ${pattern} among ${conversation.tools.join(', ')}`,
					);
				return found[0];
			},
		};
		const answer = script[conversation.turns](body, context);
		const n = ++answers;
		const toolCalls = (answer.toolCalls ?? []).map((call, i) => {
			if (!conversation.tools.includes(call.name))
				throw new Error(`the script calls ${call.name}, not a tool sent`);
			const ids = { callId: `call_standin${n}_${i}`, itemId: `fc_standin${n}_${i}` };
			issued.set(ids.callId, call.arguments).set(ids.itemId, call.arguments);
			return { ...ids, name: call.name, arguments: JSON.stringify(call.arguments) };
		});
		return {
			n,
			toolCalls,
			content: toolCalls.length ? null : String(answer.content),
			conversation,
		};
	}

	function chatCompletion(body) {
		const { n, toolCalls, content, conversation } = scripted(body, chatConversation(body, issued));
		const message = { role: 'assistant', content, refusal: null };
		if (toolCalls.length)
			message.tool_calls = toolCalls.map((c) => ({
				id: c.callId,
				type: 'function',
				function: { name: c.name, arguments: c.arguments },
			}));
		const completion = {
			id: `chatcmpl-standin${n}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
			choices: [
				{
					index: 0,
					message,
					logprobs: null,
					finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
				},
			],
			usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
		};
		return {
			answer: completion,
			events: () => completionChunks(completion, body.stream_options?.include_usage),
			done: 'data: [DONE]\n\n',
			conversation,
			content,
		};
	}

	function response(body) {
		const { n, toolCalls, content, conversation } = scripted(
			body,
			responsesConversation(body, issued),
		);
		const output = toolCalls.length
			? toolCalls.map((c) => ({
					type: 'function_call',
					id: c.itemId,
					call_id: c.callId,
					name: c.name,
					arguments: c.arguments,
					status: 'completed',
				}))
			: [
					{
						type: 'message',
						id: `msg_standin${n}`,
						status: 'completed',
						role: 'assistant',
						content: [{ type: 'output_text', text: content, annotations: [], logprobs: [] }],
					},
				];
		const answer = {
			id: `resp_standin${n}`,
			object: 'response',
			created_at: Math.floor(Date.now() / 1000),
			status: 'completed',
			error: null,
			incomplete_details: null,
			instructions: body.instructions ?? null,
			model: body.model,
			output,
			parallel_tool_calls: body.parallel_tool_calls ?? true,
			tool_choice: body.tool_choice ?? 'auto',
			tools: body.tools ?? [],
			text: body.text ?? { format: { type: 'text' } },
			store: body.store ?? true,
			metadata: body.metadata ?? {},
			usage: {
				input_tokens: 10,
				input_tokens_details: { cached_tokens: 0 },
				output_tokens: 10,
				output_tokens_details: { reasoning_tokens: 0 },
				total_tokens: 20,
			},
		};
		return { answer, events: () => responseEvents(answer), done: '', conversation, content };
	}

	const ROUTES = { 'POST /v1/chat/completions': chatCompletion, 'POST /v1/responses': response };

	async function handle(req, res) {
		const url = new URL(req.url, 'http://stand-in');
		const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
		let raw = '';
		for await (const chunk of req) raw += chunk;
		/** @type {{ method?: string, path: string, body: any, status: number, answer?: unknown, conversation?: unknown, content?: string | null, error?: string }} */
		const record = { method: req.method, path: url.pathname, body: undefined, status: 200 };
		requests.push(record);
		const send = (status, body) => {
			record.status = status;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		try {
			if (req.headers.authorization !== `Bearer ${apiKey}`)
				throw new OpenAiError(
					401,
					req.headers.authorization
						? 'Incorrect API key provided.'
						: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
					null,
					req.headers.authorization ? 'invalid_api_key' : null,
				);
			if (route === 'GET /v1/models')
				return send(200, {
					object: 'list',
					data: [{ id: model, object: 'model', created: 1700000000, owned_by: 'stand-in' }],
				});
			if (!ROUTES[route]) throw new OpenAiError(404, `Invalid URL (${req.method} ${url.pathname})`);
			record.body = parsed(raw);
			if (record.body === undefined)
				throw invalid(
					"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
				);
			const { answer, events, done, conversation, content } = ROUTES[route](record.body);
			Object.assign(record, { answer, conversation, content });
			if (!record.body.stream) return send(200, answer);
			sse(res, events());
			res.end(done);
		} catch (error) {
			const known = error instanceof OpenAiError ? error : undefined;
			const message = error instanceof Error ? error.message : String(error);
			record.error = message;
			send(known ? known.status : 500, {
				error: {
					message: known ? message : `Stand-in script failure: ${message}`,
					type: known ? known.type : 'server_error',
					param: known ? known.param : null,
					code: known ? known.code : null,
				},
			});
		}
	}

	const server = http.createServer((req, res) => void handle(req, res));
	return {
		apiKey,
		model,
		requests,
		/** The model requests answered, in order. */
		answered: () => requests.filter((r) => r.answer),
		/** Resolves to the API's base URL, as n8n's OpenAI credential takes it: http://127.0.0.1:<port>/v1. */
		async listen(port = 0) {
			return `${await listen(server, port)}/v1`;
		},
		close() {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { createOpenAiStandIn };
