import http from 'http';
import { checkRequest, type StripeRefusal } from '../../stand-ins/stripe/rules';

export interface Answer {
	status: number;
	body: string;
	headers?: Record<string, string>;
}

export interface Recorded {
	method: string;
	/** The path with its query string, as sent. */
	path: string;
	body: string;
	idempotencyKey?: string;
	contentType?: string;
	/** In a strict server: Stripe's refusal, answered instead of the scripted answer. */
	refused?: StripeRefusal['error'];
}

export interface ScriptedOptions {
	/**
	 * Answers a request that breaks Stripe's rules of parameters (stand-ins/stripe/rules) with Stripe's 400,
	 * as Stripe would, instead of the next scripted answer (which the next valid request gets).
	 */
	strict?: boolean;
}

/**
 * A server on 127.0.0.1 that gives canned answers in turn (the last one again once they run out),
 * for answers no real Stripe gives: HTML from a proxy, malformed lists, secrets echoed in errors.
 */
export async function scriptedServer(initial: Answer[], options: ScriptedOptions = {}) {
	let answers = initial;
	let answered = 0;
	const requests: Recorded[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const bytes = Buffer.concat(chunks);
			const recorded: Recorded = {
				method: req.method!,
				path: req.url!,
				body: bytes.toString(),
				idempotencyKey: req.headers['idempotency-key'] as string | undefined,
				contentType: req.headers['content-type'],
			};
			requests.push(recorded);
			const refusal = options.strict
				? checkRequest({
						method: recorded.method,
						path: recorded.path,
						body: bytes,
						contentType: recorded.contentType,
					})
				: undefined;
			if (refusal) {
				recorded.refused = refusal.error;
				res.writeHead(refusal.status, {
					'Content-Type': 'application/json',
					'Request-Id': `req_scripted${requests.length}`,
				});
				res.end(JSON.stringify({ error: refusal.error }));
				return;
			}
			const answer = answers[Math.min(answered++, answers.length - 1)];
			res.writeHead(answer.status, {
				'Content-Type': 'application/json',
				'Request-Id': `req_scripted${requests.length}`,
				...answer.headers,
			});
			res.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		/** Forgets the requests so far and gives these answers from now on. */
		rearm(next: Answer[]) {
			requests.length = 0;
			answered = 0;
			answers = next;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export const json = (status: number, body: unknown): Answer => ({
	status,
	body: JSON.stringify(body),
});

/**
 * Plausible answers to a call of an SDK method: an object, or two pages of a list, a search or a v2
 * list, so that paging is followed to its end.
 */
export function answersFor(m: { kind?: 'list' | 'search'; path: string }): Answer[] {
	const page = (id: string, more: boolean) => ({
		object: m.kind === 'search' ? 'search_result' : 'list',
		data: [{ id }],
		has_more: more,
	});
	if (m.kind === 'search')
		return [
			json(200, { ...page('obj_1', true), next_page: 'page_2' }),
			json(200, { ...page('obj_2', false), next_page: null }),
		];
	if (m.kind === 'list' && m.path.startsWith('/v2/'))
		return [
			json(200, { data: [{ id: 'obj_1' }], next_page_url: `${m.path}?page=page_2` }),
			json(200, { data: [{ id: 'obj_2' }], next_page_url: null }),
		];
	if (m.kind === 'list') return [json(200, page('obj_1', true)), json(200, page('obj_2', false))];
	return [json(200, { id: 'obj_1', object: 'thing' })];
}
