/**
 * The README's scripts as a user meets them: `npm run demo` says what is wrong with a key it refuses, and
 * `npm run dev` starts beside another n8n (this suite holds 5678 and 5679, see setup/), on ports it
 * picks and prints, and stops everything it started when its own process is sent SIGTERM.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as n8n from '../../scripts/n8n';

const DEMO = [process.execPath, path.join(n8n.ROOT, 'scripts', 'demo', 'demo.js')];
// Through npm, as a user runs it: its shell must hand signals on to scripts/demo/dev.js.
const DEV = ['npm', 'run', 'dev'];

/** Runs a command with `env` added; resolves once `done(output)` is true or it exits, with its output. */
function runScript(
	[command, ...args]: string[],
	env: Record<string, string>,
	done: (output: string) => boolean = () => false,
) {
	const child = spawn(command, args, {
		cwd: n8n.ROOT,
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

/** The processes descended from `pid` now: n8n and its task runner under `npm run dev`. */
function descendants(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
		.trim()
		.split('\n')) {
		const [child, parent] = line.trim().split(/\s+/).map(Number);
		children.set(parent, [...(children.get(parent) ?? []), child]);
	}
	const found: number[] = [];
	const queue = [pid];
	while (queue.length) {
		const next = children.get(queue.shift()!) ?? [];
		found.push(...next);
		queue.push(...next);
	}
	return found;
}

/** Whether a process runs; an exited one nobody has reaped yet (a zombie) does not. */
function running(pid: number) {
	try {
		return !/^\d+ \(.*\) Z /s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return false;
	}
}

const refused = (port: number) =>
	fetch(`http://127.0.0.1:${port}/`).then(
		() => false,
		() => true,
	);

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
	const ready =
		/n8n editor: http:\/\/127\.0\.0\.1:(\d+)[\s\S]*Stripe stand-in: http:\/\/127\.0\.0\.1:(\d+)/;
	let dev: ReturnType<typeof runScript>;
	let started: { output: string; code: number | null };
	let spawned: number[] = [];

	beforeAll(async () => {
		dev = runScript(DEV, { N8N_PORT: '', STAND_IN_PORT: '' }, (output) => ready.test(output));
		started = await dev.result;
	});

	afterAll(async () => {
		const { child } = dev;
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
		// Whatever a failed stop left behind, so the next run starts clean.
		for (const pid of spawned.filter(running)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// exited meanwhile
			}
		}
	});

	it('starts the editor and the stand-in on free ports and prints them', async () => {
		const { output, code } = started;
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
		// A catalog to pick from on first use: the Price picker lists the prices of two products, and the
		// monthly price of the sync example's subscription.
		const prices = (await (
			await fetch(`http://127.0.0.1:${standInPort}/v1/prices`, {
				headers: { authorization: 'Bearer sk_test_standin_dev' },
			})
		).json()) as { data: Array<{ unit_amount: number }> };
		expect(prices.data.map((p) => p.unit_amount).sort((a, b) => a - b)).toEqual([
			1500, 1500, 9900, 15000,
		]);
		expect(output).toMatch(/task broker on 127\.0\.0\.1:(?!5679)\d+/);
	});

	it('stops n8n, its task runner and the stand-in when its own process gets SIGTERM', async () => {
		const { child } = dev;
		expect(started.code).toBeNull();
		const [, editorPort, standInPort] = ready.exec(started.output)!.map(Number);
		spawned = descendants(child.pid!);
		expect(spawned.length).toBeGreaterThan(0);
		const exited = new Promise((resolve) => child.once('exit', resolve));
		process.kill(child.pid!, 'SIGTERM');
		const code = await exited;
		// A task runner may outlive n8n by a moment; anything still running after the wait is left behind.
		for (let tries = 0; tries < 60 && spawned.some(running); tries++)
			await new Promise((r) => setTimeout(r, 500));
		expect(spawned.filter(running)).toEqual([]);
		expect(await refused(editorPort)).toBe(true);
		expect(await refused(standInPort)).toBe(true);
		expect(code).toBe(0);
	});
});
