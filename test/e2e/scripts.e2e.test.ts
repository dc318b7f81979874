/**
 * The README's scripts as a user meets them: `npm run demo` says what is wrong with a key it refuses, and
 * `npm run dev` starts beside another n8n (this suite holds 5678 and 5679, see setup/), on ports it
 * picks and prints.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import * as n8n from '../../scripts/n8n';

const DEMO = path.join(n8n.ROOT, 'scripts', 'demo.js');
const DEV = path.join(n8n.ROOT, 'scripts', 'dev.js');

/** Runs a script with `env` added; resolves once `done(output)` is true or it exits, with its output. */
function runScript(
	script: string,
	env: Record<string, string>,
	done: (output: string) => boolean = () => false,
) {
	const child = spawn(process.execPath, [script], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const result = new Promise<{ output: string; code: number | null }>((resolve) => {
		const check = (chunk: Buffer) => {
			output += chunk;
			if (done(output)) resolve({ output, code: null });
		};
		child.stdout.on('data', check);
		child.stderr.on('data', check);
		child.on('exit', (code) => resolve({ output, code }));
	});
	return { child, result };
}

describe('npm run demo refuses a key it cannot use, saying why', () => {
	it.each([
		['garbage', /STRIPE_API_KEY is not a Stripe secret key/],
		['sk_live_0123456789abcdef', /STRIPE_API_KEY is a live-mode key/],
		['rk_live_0123456789abcdef', /STRIPE_API_KEY is a live-mode key/],
	])('STRIPE_API_KEY=%s', async (key, message) => {
		const { output, code } = await runScript(DEMO, { STRIPE_API_KEY: key }).result;
		expect(code).toBe(1);
		expect(output).toMatch(message);
		if (key === 'garbage') expect(output).not.toMatch(/live/i);
		expect(output).not.toContain(key);
	});
});

describe('npm run dev beside another n8n', () => {
	it('starts the editor and the stand-in on free ports and prints them', async () => {
		const ready =
			/n8n editor: http:\/\/127\.0\.0\.1:(\d+)[\s\S]*Stripe stand-in: http:\/\/127\.0\.0\.1:(\d+)/;
		const { child, result } = runScript(DEV, { N8N_PORT: '', STAND_IN_PORT: '' }, (output) =>
			ready.test(output),
		);
		try {
			const { output, code } = await result;
			expect(code).toBeNull();
			const [, editorPort, standInPort] = ready.exec(output)!.map(Number);
			expect(editorPort).not.toBe(5678);
			expect((await fetch(`http://127.0.0.1:${editorPort}/healthz/readiness`)).status).toBe(200);
			expect(
				(
					await fetch(`http://127.0.0.1:${standInPort}/v1/customers`, {
						headers: { authorization: 'Bearer sk_test_standin_dev' },
					})
				).status,
			).toBe(200);
			expect(output).toMatch(/task broker on 127\.0\.0\.1:(?!5679)\d+/);
		} finally {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
		}
	});
});
