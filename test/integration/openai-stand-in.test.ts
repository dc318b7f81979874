/**
 * The OpenAI stand-in refuses what OpenAI refuses, answers from its script in both APIs' shapes, plain and
 * streamed, so that n8n's AI Agent meets a model API as strict as the real one in the examples' e2e run.
 */
import { createOpenAiStandIn } from '../../stand-ins/openai';

type Json = Record<string, any>;
const KEY = 'sk-test-key';
const stand = createOpenAiStandIn({
	apiKey: KEY,
	script: [
		(_body: Json, context: Json) => ({
			toolCalls: [{ name: context.tool(/customer/), arguments: { email: 'a@example.com' } }],
		}),
		(_body: Json, context: Json) => ({
			content: `found ${context.results[0].json[0].id} for ${context.user}`,
		}),
	],
});
let base: string;

beforeAll(async () => {
	base = await stand.listen();
});
afterAll(() => stand.close());

const call = async (path: string, body?: unknown, key = KEY, method = 'POST') => {
	const res = await fetch(`${base}${path}`, {
		method,
		headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, text, json: text.startsWith('{') ? (JSON.parse(text) as Json) : {} };
};
const tools = [{ type: 'function', function: { name: 'Find_customer', parameters: {} } }];
const user = { role: 'user', content: 'find a@example.com' };
const chat = (messages: Json[], extra: Json = {}) =>
	call('/chat/completions', { model: 'gpt-x', messages, tools, ...extra });

describe('the OpenAI stand-in', () => {
	it("refuses what OpenAI's API refuses, in OpenAI's error shape", async () => {
		expect((await call('/models', undefined, 'wrong', 'GET')).json.error).toMatchObject({
			code: 'invalid_api_key',
		});
		expect((await call('/models', undefined, KEY, 'GET')).json.data[0].object).toBe('model');
		expect((await call('/completions', {})).json.error).toEqual({
			message: 'Invalid URL (POST /v1/completions)',
			type: 'invalid_request_error',
			param: null,
			code: null,
		});
		expect((await call('/chat/completions', { messages: [user] })).json.error.param).toBe('model');
		expect((await call('/chat/completions', { model: 'gpt-x' })).json.error.param).toBe('messages');
		expect((await call('/responses', { model: 'gpt-x' })).json.error.param).toBe('input');
		const badName = await call('/chat/completions', {
			model: 'gpt-x',
			messages: [user],
			tools: [{ type: 'function', function: { name: 'Find customer' } }],
		});
		expect([badName.status, badName.json.error.param]).toEqual([400, 'tools[0].function.name']);
		const unissued = await chat([
			user,
			{ role: 'assistant', content: null, tool_calls: [toolCall('call_made_up')] },
			{ role: 'tool', tool_call_id: 'call_made_up', content: '[]' },
		]);
		expect(unissued.status).toBe(400);
		expect(unissued.json.error.message).toMatch(/must be a response to a preceeding message/);
		const responsesUnissued = await call('/responses', {
			model: 'gpt-x',
			input: [user, { type: 'function_call_output', call_id: 'call_made_up', output: '[]' }],
		});
		expect(responsesUnissued.json.error.message).toBe(
			'No tool call found for function call output with call_id call_made_up.',
		);
	});

	it('answers from its script in Chat Completions, each tool result tied to the call the model made', async () => {
		const first = await chat([user]);
		const [toolCallMade] = first.json.choices[0].message.tool_calls;
		expect(first.json.choices[0].finish_reason).toBe('tool_calls');
		expect(toolCallMade.function).toEqual({
			name: 'Find_customer',
			arguments: '{"email":"a@example.com"}',
		});
		const assistant = { role: 'assistant', content: null, tool_calls: [toolCallMade] };
		const result = { role: 'tool', tool_call_id: toolCallMade.id, content: '[{"id":"cus_1"}]' };
		// OpenAI refuses an empty content array, and a call left without its result.
		expect((await chat([user, { ...assistant, content: [] }, result])).json.error.code).toBe(
			'empty_array',
		);
		expect((await chat([user, assistant, user])).status).toBe(400);
		const second = await chat([user, assistant, result]);
		expect(second.json.choices[0].message).toMatchObject({
			role: 'assistant',
			content: 'found cus_1 for find a@example.com',
		});
		expect(stand.answered().at(-1)!.conversation.results).toEqual([
			{
				callId: toolCallMade.id,
				name: 'Find_customer',
				arguments: { email: 'a@example.com' },
				replayed: { email: 'a@example.com' },
				content: '[{"id":"cus_1"}]',
				json: [{ id: 'cus_1' }],
			},
		]);
	});

	it('streams as OpenAI does: Chat Completions chunks ending in [DONE], Responses events ending in response.completed', async () => {
		const streamed = await chat([user], { stream: true });
		const data = streamed.text
			.trim()
			.split('\n\n')
			.map((e) => e.replace(/^data: /, ''));
		expect(data.at(-1)).toBe('[DONE]');
		const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
		expect(chunks.map((c) => c.choices[0].finish_reason)).toEqual([null, null, null, 'tool_calls']);
		expect(chunks.map((c) => c.choices[0].delta.tool_calls?.[0].function.arguments ?? '')).toEqual([
			'',
			'',
			'{"email":"a@example.com"}',
			'',
		]);

		const responsesTools = [{ type: 'function', name: 'Find_customer', parameters: {} }];
		const response = await call('/responses', {
			model: 'gpt-x',
			input: [user],
			tools: responsesTools,
			stream: true,
		});
		const events = response.text
			.trim()
			.split('\n\n')
			.map((e) => e.split('\n'));
		expect(
			events.every(([event, line]) => event.startsWith('event: ') && line.startsWith('data: ')),
		).toBe(true);
		const types = events.map(([event]) => event.slice('event: '.length));
		expect(types).toEqual([
			'response.created',
			'response.in_progress',
			'response.output_item.added',
			'response.function_call_arguments.delta',
			'response.function_call_arguments.done',
			'response.output_item.done',
			'response.completed',
		]);
		const completed = JSON.parse(events.at(-1)![1].slice('data: '.length)).response;
		const [fc] = completed.output;
		expect(fc).toMatchObject({ type: 'function_call', name: 'Find_customer' });
		const followUp = await call('/responses', {
			model: 'gpt-x',
			input: [
				user,
				fc,
				{ type: 'function_call_output', call_id: fc.call_id, output: '[{"id":"cus_2"}]' },
			],
			tools: responsesTools,
		});
		expect(followUp.json.output[0].content[0]).toMatchObject({
			type: 'output_text',
			text: 'found cus_2 for find a@example.com',
		});
	});
});

function toolCall(id: string) {
	return { id, type: 'function', function: { name: 'Find_customer', arguments: '{}' } };
}
