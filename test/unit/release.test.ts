import { spawnSync } from 'child_process';
import path from 'path';
import { version } from '../../package.json';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { tagProblem } = require('../../scripts/release/check-tag.js');

const SCRIPT = path.join(__dirname, '../../scripts/release/check-tag.js');
const CHANGELOG =
	'# Changelog\n\n## [Unreleased]\n\n## [1.2.0] - 2026-12-01\n\n### Added\n\n- a thing\n';

describe('the release tag check', () => {
	it('lets a tag through that is v and the version, with its CHANGELOG section', () => {
		expect(tagProblem('v1.2.0', '1.2.0', CHANGELOG)).toBeNull();
	});

	it('refuses a tag that differs from the version, naming both', () => {
		expect(tagProblem('v1.2.1', '1.2.0', CHANGELOG)).toBe(
			"Tag v1.2.1 does not match package.json's version 1.2.0: tag v1.2.0 or change the version",
		);
		expect(tagProblem('1.2.0', '1.2.0', CHANGELOG)).toMatch(
			/^Tag 1\.2\.0 does not match .* 1\.2\.0/,
		);
		expect(tagProblem('v1.2.0-rc.1', '1.2.0', CHANGELOG)).toMatch(/^Tag v1\.2\.0-rc\.1 /);
		expect(tagProblem(undefined, '1.2.0', CHANGELOG)).toMatch(/^Tag \(none\) does not match/);
	});

	it('refuses a version without its dated CHANGELOG section', () => {
		for (const changelog of [
			'## [Unreleased]\n\n## [1.1.0] - 2026-11-01\n',
			'## [1.2.0]\n',
			'## [1.2.0-rc.1] - 2026-12-01\n',
		])
			expect(tagProblem('v1.2.0', '1.2.0', changelog)).toBe(
				'CHANGELOG.md has no section "## [1.2.0] - <date>" for tag v1.2.0',
			);
	});

	it("passes this repository's own version and exits non-zero on another tag", () => {
		const run = (tag: string) => spawnSync('node', [SCRIPT, tag], { encoding: 'utf8' });
		const right = run(`v${version}`);
		expect([right.status, right.stderr]).toEqual([0, '']);
		const wrong = run('v0.0.0-not-this');
		expect(wrong.status).toBe(1);
		expect(wrong.stderr).toContain(
			`Tag v0.0.0-not-this does not match package.json's version ${version}`,
		);
	});
});
