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

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

class OpenAiError extends Error {
	constructor(status, message, param = null, code = null, type = 'invalid_request_error') {
		super(message);
		Object.assign(this, { status, param, code, type });
	}
}

const invalid = (message, param = null, code = null) => new OpenAiError(400, message, param, code);
const emptyArray = (param) =>
	invalid(
		`Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
		param,
		'empty_array',
	);
const text = (content) =>
	typeof content === 'string' ? content : (content ?? []).map((part) => part.text ?? '').join('');
const parsed = (content) => {
	try {
		return JSON.parse(content);
	} catch {
		return undefined;
	}
};

/**
 * A tool result in a conversation: the call's arguments as the model sent them (`issued`) and as the
 * client sent them back (`replayed`), and the result as text and parsed.
 */
const result = (issued, callId, name, replayed, content) => ({
	callId,
	name,
	arguments: issued.get(callId),
	replayed: parsed(replayed),
	content,
	json: parsed(content),
});
function checkModel(body, input) {
	if (!body || typeof body !== 'object' || Array.isArray(body))
		throw invalid('The request body must be a JSON object.');
	if (typeof body.model !== 'string' || !body.model)
		throw invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
	if (body[input] === undefined)
		throw invalid(`Missing required parameter: '${input}'.`, input, 'missing_required_parameter');
}

/** Each function tool's name; `named(tool)` is where an API keeps it. */
function toolNames(body, param, named) {
	return (body.tools ?? []).map((tool, i) => {
		if (tool?.type !== 'function')
			throw invalid(
				`The stand-in serves function tools only, got '${tool?.type}'.`,
				`tools[${i}].type`,
			);
		const name = named(tool);
		if (typeof name !== 'string' || !TOOL_NAME.test(name))
			throw invalid(
				`Invalid '${param(i)}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
				param(i),
				'invalid_value',
			);
		return name;
	});
}

/** A Chat Completions request as a conversation: its tools, model turns and tool results, checked. */
function chatConversation(body, issued) {
	checkModel(body, 'messages');
	if (!Array.isArray(body.messages))
		throw invalid("Invalid type for 'messages': expected an array.", 'messages');
	if (!body.messages.length) throw emptyArray('messages');
	const tools = toolNames(
		body,
		(i) => `tools[${i}].function.name`,
		(t) => t.function?.name,
	);
	const calls = new Map();
	const results = [];
	let awaited = [];
	let turns = 0;
	body.messages.forEach((message, i) => {
		if (!ROLES.has(message?.role))
			throw invalid(
				`Invalid value: '${message?.role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
				`messages[${i}].role`,
				'invalid_value',
			);
		if (Array.isArray(message.content) && !message.content.length)
			throw emptyArray(`messages[${i}].content`);
		if (message.role === 'tool') {
			if (!issued.has(message.tool_call_id) || !awaited.includes(message.tool_call_id))
				throw invalid(
					"Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
					`messages.[${i}].role`,
				);
			awaited = awaited.filter((id) => id !== message.tool_call_id);
			const call = calls.get(message.tool_call_id);
			const content = text(message.content);
			results.push(result(issued, message.tool_call_id, call.name, call.arguments, content));
			return;
		}
		if (awaited.length)
			throw invalid(
				`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${awaited.join(', ')}`,
				'messages',
			);
		if (message.role !== 'assistant') return;
		turns++;
		if (Array.isArray(message.tool_calls) && !message.tool_calls.length)
			throw emptyArray(`messages[${i}].tool_calls`);
		for (const call of message.tool_calls ?? []) calls.set(call.id, call.function);
		awaited = (message.tool_calls ?? []).map((c) => c.id);
	});
	if (awaited.length)
		throw invalid(
			`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${awaited.join(', ')}`,
			'messages',
		);
	const user = body.messages.filter((m) => m.role === 'user').map((m) => text(m.content));
	return { tools, turns, results, user: user.join('\n') };
}

/** A Responses request as a conversation; function calls and their outputs are matched by call_id. */
function responsesConversation(body, issued) {
	checkModel(body, 'input');
	if (body.previous_response_id)
		throw invalid(
			`Previous response with id '${body.previous_response_id}' not found.`,
			'previous_response_id',
		);
	const items =
		typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
	if (!Array.isArray(items))
		throw invalid("Invalid type for 'input': expected a string or an array.", 'input');
	if (!items.length) throw emptyArray('input');
	const tools = toolNames(
		body,
		(i) => `tools[${i}].name`,
		(t) => t.name,
	);
	const calls = new Map();
	const results = [];
	const answered = new Set();
	let turns = 0;
	let modelTurn = false;
	items.forEach((item, i) => {
		const type = item.type ?? 'message';
		const fromModel = type === 'function_call' || (type === 'message' && item.role === 'assistant');
		if (fromModel && !modelTurn) turns++;
		modelTurn = fromModel;
		if (type === 'message') {
			if (!ROLES.has(item.role) || item.role === 'tool')
				throw invalid(
					`Invalid value: '${item.role}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`,
					`input[${i}].role`,
					'invalid_value',
				);
			if (Array.isArray(item.content) && !item.content.length)
				throw emptyArray(`input[${i}].content`);
		} else if (type === 'function_call') {
			if (!issued.has(item.call_id) || (item.id && !issued.has(item.id)))
				throw invalid(`Item with id '${item.id ?? item.call_id}' not found.`, 'input');
			calls.set(item.call_id, item);
		} else if (type === 'function_call_output') {
			const call = calls.get(item.call_id);
			if (!call)
				throw invalid(
					`No tool call found for function call output with call_id ${item.call_id}.`,
					'input',
				);
			answered.add(item.call_id);
			const content = text(item.output);
			results.push(result(issued, item.call_id, call.name, call.arguments, content));
		} else
			throw invalid(`The stand-in takes no input items of type '${type}'.`, `input[${i}].type`);
	});
	for (const id of calls.keys())
		if (!answered.has(id)) throw invalid(`No tool output found for function call ${id}.`, 'input');
	const user = items.filter((m) => (m.type ?? 'message') === 'message' && m.role === 'user');
	return { tools, turns, results, user: user.map((m) => text(m.content)).join('\n') };
}

/** Server-sent events: `data:` lines (Chat Completions), or `event:` and `data:` (Responses). */
function sse(res, events) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	for (const event of events)
		res.write(
			`${event.type && event.sequence_number !== undefined ? `event: ${event.type}\n` : ''}data: ${JSON.stringify(event)}\n\n`,
		);
}

/** A Chat Completion as OpenAI streams it: the role, the content or each tool call, the finish. */
function completionChunks(completion, includeUsage) {
	const { message, finish_reason } = completion.choices[0];
	const chunk = (delta, finish = null) => ({
		id: completion.id,
		object: 'chat.completion.chunk',
		created: completion.created,
		model: completion.model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	const out = [chunk({ role: 'assistant', content: message.content === null ? null : '' })];
	if (message.content) out.push(chunk({ content: message.content }));
	(message.tool_calls ?? []).forEach((call, index) => {
		out.push(
			chunk({
				tool_calls: [{ index, ...call, function: { name: call.function.name, arguments: '' } }],
			}),
		);
		out.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }));
	});
	out.push(chunk({}, finish_reason));
	if (includeUsage) out.push({ ...chunk({}), choices: [], usage: completion.usage });
	return out;
}

/** A Response as OpenAI streams it: created, each output item with its deltas, completed. */
function responseEvents(response) {
	const events = [];
	const add = (type, fields) => events.push({ type, sequence_number: events.length, ...fields });
	const pending = { ...response, status: 'in_progress', output: [], usage: null };
	add('response.created', { response: pending });
	add('response.in_progress', { response: pending });
	response.output.forEach((item, output_index) => {
		const item_id = item.id;
		if (item.type === 'function_call') {
			add('response.output_item.added', {
				output_index,
				item: { ...item, arguments: '', status: 'in_progress' },
			});
			add('response.function_call_arguments.delta', {
				item_id,
				output_index,
				delta: item.arguments,
			});
			add('response.function_call_arguments.done', {
				item_id,
				output_index,
				arguments: item.arguments,
			});
		} else {
			const [part] = item.content;
			add('response.output_item.added', {
				output_index,
				item: { ...item, content: [], status: 'in_progress' },
			});
			add('response.content_part.added', {
				item_id,
				output_index,
				content_index: 0,
				part: { ...part, text: '' },
			});
			add('response.output_text.delta', {
				item_id,
				output_index,
				content_index: 0,
				delta: part.text,
				logprobs: [],
			});
			add('response.output_text.done', {
				item_id,
				output_index,
				content_index: 0,
				text: part.text,
				logprobs: [],
			});
			add('response.content_part.done', { item_id, output_index, content_index: 0, part });
		}
		add('response.output_item.done', { output_index, item });
	});
	add('response.completed', { response });
	return events;
}

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
			const known = error instanceof OpenAiError;
			record.error = error.message;
			send(known ? error.status : 500, {
				error: {
					message: known ? error.message : `Stand-in script failure: ${error.message}`,
					type: known ? error.type : 'server_error',
					param: known ? error.param : null,
					code: known ? error.code : null,
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
			await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
			return `http://127.0.0.1:${server.address().port}/v1`;
		},
		close() {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(resolve));
		},
	};
}

module.exports = { createOpenAiStandIn };
