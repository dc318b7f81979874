'use strict';
/** Streamed answers as OpenAI streams them: server-sent events of Chat Completions and of Responses. */

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

module.exports = { sse, completionChunks, responseEvents };
