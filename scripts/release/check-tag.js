#!/usr/bin/env node
'use strict';
/**
 * Refuses to publish a tag that is not the package's version: `node scripts/release/check-tag.js v1.2.3`
 * (the publish workflow gives it the pushed tag, GITHUB_REF_NAME). npm would publish package.json's
 * version whatever the tag says, so a mistyped tag would release something else than it names.
 * The version must also have its section in CHANGELOG.md, which the package ships.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '../..');

/** Why `tag` cannot publish `version`, given CHANGELOG.md's text; null when it can. */
function tagProblem(tag, version, changelog) {
	if (tag !== `v${version}`)
		return `Tag ${tag || '(none)'} does not match package.json's version ${version}: tag v${version} or change the version`;
	if (!changelog.split('\n').some((line) => line.startsWith(`## [${version}] - `)))
		return `CHANGELOG.md has no section "## [${version}] - <date>" for tag ${tag}`;
	return null;
}

if (require.main === module) {
	const tag = process.argv[2] ?? process.env.GITHUB_REF_NAME;
	const { version } = require('../../package.json');
	const problem = tagProblem(
		tag,
		version,
		fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'),
	);
	if (problem) {
		console.error(problem);
		process.exit(1);
	}
	console.log(`Tag ${tag} is package.json's version, with its CHANGELOG.md section`);
}

module.exports = { tagProblem };
