#!/usr/bin/env node
'use strict';
/**
 * `npm run upgrade:stripe -- <version>`: installs that `stripe` exactly (npm install --save-exact),
 * regenerates the table, the output schemas and the docs (`npm run generate`), and prints what changed
 * for users as CHANGELOG.md lines (table-changes.js). Progress goes to stderr, the changelog to stdout.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { changelogText, operationNames } = require('./table-changes');

const ROOT = path.join(__dirname, '../..');
const TABLE = path.join(ROOT, 'nodes/StripeComplete/generated/operations.json');
const DOC = path.join(ROOT, 'docs/operations.md');

function fail(message) {
	console.error(message);
	process.exit(1);
}

/** The one version `spec` names on the npm registry (a version or a tag such as `latest`). */
function resolveVersion(spec) {
	const view = spawnSync('npm', ['view', `stripe@${spec}`, 'version', '--json'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (view.status !== 0) {
		const code = /npm error code (\w+)/.exec(view.stderr)?.[1];
		if (code === 'E404' || code === 'ETARGET')
			fail(`stripe ${spec} is not on the npm registry: \`npm view stripe versions\` lists them.`);
		fail(`Could not ask the npm registry about stripe ${spec}:\n${view.stderr.trim()}`);
	}
	const found = view.stdout.trim() ? JSON.parse(view.stdout) : undefined;
	if (found === undefined)
		fail(`stripe ${spec} is not on the npm registry: \`npm view stripe versions\` lists them.`);
	if (Array.isArray(found))
		fail(`${spec} names ${found.length} versions of stripe (${found.join(', ')}): give one.`);
	return found;
}

/** What the changelog is computed from: the generated table and the node's operation names. */
const snapshot = () => ({
	table: JSON.parse(fs.readFileSync(TABLE, 'utf8')),
	names: operationNames(fs.readFileSync(DOC, 'utf8')),
});

/** Runs `npm args`, its output on stderr; fails with `hint` when it does. */
function npm(args, hint) {
	const run = spawnSync('npm', args, { cwd: ROOT, stdio: ['ignore', 2, 2] });
	if (run.status !== 0) fail(`npm ${args.join(' ')} failed. ${hint}`);
}

function main() {
	const spec = process.argv[2];
	if (!spec || spec.startsWith('-'))
		fail('Give the stripe version to upgrade to, e.g. npm run upgrade:stripe -- 23.2.0');
	const version = resolveVersion(spec);
	const before = snapshot();
	if (version === before.table.sdkVersion)
		return console.error(`stripe ${version} is the version already pinned; nothing to upgrade.`);
	const undo =
		'To go back: git checkout package.json package-lock.json nodes docs README.md && npm ci';
	console.error(`Installing stripe ${version} (was ${before.table.sdkVersion})`);
	npm(['install', '--save-exact', '--no-audit', '--no-fund', `stripe@${version}`], undo);
	console.error('Regenerating the table, the output schemas and the docs (npm run generate)');
	npm(['run', 'generate'], `The new SDK needs a change in the generator or the node. ${undo}`);
	const after = snapshot();
	console.log(
		changelogText(before.table, after.table, { before: before.names, after: after.names }),
	);
}

main();
