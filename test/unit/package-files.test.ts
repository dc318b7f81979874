import { execFileSync } from 'child_process';
import path from 'path';

/**
 * What npm publishes, as `npm pack` lists it: the build and the four files users read. dist/ exists only
 * after `npm run build`, so the rules hold with or without it: nothing outside the allowed set, and no
 * sources, source maps or tests inside the build when there is one.
 */
const ROOT = path.join(__dirname, '../..');
const ALWAYS = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
	return pack.files.map((file) => file.path);
}

describe('the published package', () => {
	const files = packedFiles();

	it('ships package.json, README.md, LICENSE and CHANGELOG.md', () => {
		expect(ALWAYS.filter((file) => !files.includes(file))).toEqual([]);
	});

	it('ships nothing but those and dist/', () => {
		expect(files.filter((file) => !ALWAYS.includes(file) && !file.startsWith('dist/'))).toEqual([]);
	});

	it('ships no TypeScript sources, source maps or tests from dist/', () => {
		const leaks = files.filter(
			(file) =>
				file.startsWith('dist/') &&
				(/\.(ts|map|tsbuildinfo)$/.test(file) || /(^|\/)(test|__tests__)\/|\.test\./.test(file)),
		);
		expect(leaks).toEqual([]);
	});
});
