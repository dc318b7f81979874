#!/usr/bin/env node
/**
 * n8n's community package scan on this checkout, offline. n8n's scanner (@n8n/scan-community-package
 * 0.32.0, `analyzePackageByName`) downloads the published tarball and the source its npm provenance
 * names, then lints both with ESLint: the source's package.json, nodes/ and credentials/, and the
 * tarball's .js files and package.json. Here the source is this repository and the tarball is one from
 * `npm pack`; the ESLint config is the scanner's `buildScanConfig`, inline eslint-disable comments
 * ignored as there. The plugins are this repository's versions: the scanner's own
 * eslint-plugin-n8n-nodes-base (1.16) has a pnpm-only install script, so npm installs 1.15.
 *
 * Usage: node scripts/n8n/scan.mjs [package.tgz] [--json]
 * Without a tarball it packs the current build (run `npm run build` first).
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { fileURLToPath } from 'url';

// eslint-plugin-n8n-nodes-base takes every file for a node file when NODE_ENV is "test" (its own tests
// run so), as it is under Jest; it reads NODE_ENV once, when loaded.
delete process.env.NODE_ENV;
const { n8nCommunityNodesPlugin } = await import('@n8n/eslint-plugin-community-nodes');
const { default: tsParser } = await import('@typescript-eslint/parser');
const { ESLint } = await import('eslint');
const { default: n8nNodesBase } = await import('eslint-plugin-n8n-nodes-base');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The scanner's config, rule for rule. */
const config = [
	n8nCommunityNodesPlugin.configs.recommended,
	{ rules: { 'no-console': 'error' } },
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['**/credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['**/nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser } },
];

/** The files each part of the scan lints (the scanner's globs, as paths from the folder scanned). */
const LEGS = {
	source: /^(package\.json|(nodes|credentials)\/.+\.(js|ts|json))$/,
	package: /^(package\.json|.+\.js)$/,
};

/** Every file under `dir` matching `pattern`, skipping dot files and node_modules as the scanner's glob does. */
function filesIn(dir, pattern, prefix = '') {
	return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
		const file = prefix + entry.name;
		if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
		if (entry.isDirectory()) return filesIn(dir, pattern, `${file}/`);
		return pattern.test(file) ? [file] : [];
	});
}

/** The findings of one part of the scan: `{ leg, file, line, severity, rule, message }`. */
async function lint(leg, dir) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: config,
	});
	const results = await eslint.lintFiles(filesIn(dir, LEGS[leg]).map((f) => path.join(dir, f)));
	return results.flatMap((result) =>
		result.messages.map((m) => ({
			leg,
			file: path.relative(dir, result.filePath),
			line: m.line,
			severity: m.severity === 2 ? 'error' : 'warning',
			rule: m.ruleId,
			message: m.message,
		})),
	);
}

/** The scan of this repository's source and of `tarball` (packed from the current build when not given). */
export async function scan(tarball) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-'));
	try {
		if (!tarball) {
			if (!fs.existsSync(path.join(ROOT, 'dist')))
				throw new Error('There is no build to pack: run npm run build first');
			const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
				cwd: ROOT,
				encoding: 'utf8',
			});
			tarball = path.join(work, name.trim().split('\n').pop());
		}
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		return [...(await lint('source', ROOT)), ...(await lint('package', unpacked))];
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const findings = await scan(args.find((a) => !a.startsWith('--')));
	if (args.includes('--json')) console.log(JSON.stringify(findings, null, '\t'));
	else {
		for (const f of findings)
			console.log(`${f.leg} ${f.file}:${f.line} ${f.severity} ${f.message} (${f.rule})`);
		const errors = findings.filter((f) => f.severity === 'error').length;
		console.log(`${errors} errors, ${findings.length - errors} warnings`);
	}
}
