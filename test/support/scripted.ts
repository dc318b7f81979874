import http from 'http';

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
}

/**
 * A server on 127.0.0.1 that gives canned answers in turn (the last one again once they run out),
 * for answers no real Stripe gives: HTML from a proxy, malformed lists, secrets echoed in errors.
 */
export async function scriptedServer(initial: Answer[]) {
	let answers = initial;
	const requests: Recorded[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			requests.push({
				method: req.method!,
				path: req.url!,
				body: Buffer.concat(chunks).toString(),
				idempotencyKey: req.headers['idempotency-key'] as string | undefined,
				contentType: req.headers['content-type'],
			});
			const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
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
			answers = next;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export const json = (status: number, body: unknown): Answer => ({
	status,
	body: JSON.stringify(body),
});
