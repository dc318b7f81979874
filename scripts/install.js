'use strict';
/**
 * Runs before `npm test`, `npm run demo` and `npm run dev`: installs the dependencies with `npm ci` unless
 * every package package-lock.json names is already installed at its version, so a fresh clone needs no
 * separate install step and the second command does not install again.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

/** The packages package-lock.json names that node_modules lacks or holds at another version. */
function missingPackages(root = ROOT) {
	const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
	let installed;
	try {
		// npm writes this after every install: what node_modules holds.
		installed = JSON.parse(
			fs.readFileSync(path.join(root, 'node_modules', '.package-lock.json'), 'utf8'),
		).packages;
	} catch {
		return ['node_modules'];
	}
	return Object.entries(lock.packages)
		.filter(([location]) => location !== '')
		.filter(([location, wanted]) => {
			const have = installed[location];
			// npm skips optional packages for other platforms (fsevents off macOS).
			if (!have) return !wanted.optional;
			return have.version !== wanted.version;
		})
		.map(([location]) => location);
}

if (require.main === module) {
	const missing = missingPackages();
	if (missing.length > 0) {
		console.log(
			`Installing the dependencies (npm ci): ${missing.length === 1 ? missing[0] : `${missing.length} packages`} missing or out of date`,
		);
		execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
	}
}

module.exports = { missingPackages };
