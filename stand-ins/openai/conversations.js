'use strict';
/** The conversation a request holds, checked as OpenAI checks it: its tools, model turns and tool results. */

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

class OpenAiError extends Error {
	/**
	 * @param {number} status
	 * @param {string} message
	 * @param {string | null} [param]
	 * @param {string | null} [code]
	 */
	constructor(status, message, param = null, code = null, type = 'invalid_request_error') {
		super(message);
		this.status = status;
		this.param = param;
		this.code = code;
		this.type = type;
	}
}

/** @param {string} message @param {string | null} [param] @param {string | null} [code] */
const invalid = (message, param = null, code = null) => new OpenAiError(400, message, param, code);
const emptyArray = (param) =>
	invalid(
		`Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`,
		param,
		'empty_array',
	);
/** Tool calls of an assistant message that no tool message answered. */
const unanswered = (awaited) =>
	invalid(
		`An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${awaited.join(', ')}`,
		'messages',
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
		if (awaited.length) throw unanswered(awaited);
		if (message.role !== 'assistant') return;
		turns++;
		if (Array.isArray(message.tool_calls) && !message.tool_calls.length)
			throw emptyArray(`messages[${i}].tool_calls`);
		for (const call of message.tool_calls ?? []) calls.set(call.id, call.function);
		awaited = (message.tool_calls ?? []).map((c) => c.id);
	});
	if (awaited.length) throw unanswered(awaited);
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

module.exports = { OpenAiError, invalid, parsed, chatConversation, responsesConversation };
