'use strict';
/**
 * The pinned n8n and this package on this machine: n8n and its Node installed once into a cache outside the
 * repo (install.sh), the package packed and installed into an n8n user folder as a user installs it.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.demo');
const PACKAGE = require('../../package.json').name;
const NODE_TYPE = `${PACKAGE}.stripeComplete`;

/** The n8n that `npm run demo` and the tests use unless N8N_VERSION names another (see install.sh). */
const PINNED_VERSION = /N8N_VERSION:-([\d.]+)/.exec(
	fs.readFileSync(path.join(__dirname, 'install.sh'), 'utf8'),
)[1];

const t0 = Date.now();
const log = (message) =>
	console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

/** Installs (first run only) and locates the pinned n8n and Node 24. */
function ensureN8n() {
	log('Checking the cached n8n install (the first run installs it; later runs reuse it)');
	const out = execFileSync('bash', [path.join(__dirname, 'install.sh')], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
	});
	const env = Object.fromEntries(
		out
			.trim()
			.split('\n')
			.map((line) => line.split(/=(.*)/s).slice(0, 2)),
	);
	// n8n 1.x's default expression engine runs on isolated-vm 6, built for Node 22 only: on Node 20 n8n
	// 1.x runs with its legacy engine (the one n8n 1.x used before), as a user on Node 20 must.
	const legacyEngine = env.N8N_VERSION.startsWith('1.') && Number(env.N8N_NODE_MAJOR) < 22;
	return {
		node: env.N8N_NODE,
		bin: env.N8N_BIN,
		version: env.N8N_VERSION,
		env: legacyEngine ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {},
	};
}

/** Packs the package (`npm pack`) into WORK; resolves to the tarball's path. */
function pack() {
	fs.mkdirSync(WORK, { recursive: true });
	log('Packing the package (npm pack)');
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', WORK], {
		cwd: ROOT,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop();
	return path.join(WORK, tarball);
}

/**
 * Installs the packed package (`tarball`, packed now when not given) as a community node of the n8n
 * user folder `home`, replacing any earlier one, with a plain `npm install` as a user would:
 * n8n-workflow, an optional peer that n8n itself provides, is not installed.
 */
function installPackage(home, tarball = pack()) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	fs.rmSync(nodesDir, { recursive: true, force: true });
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }),
	);
	log(`Installing ${path.basename(tarball)} into ${nodesDir}`);
	execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

module.exports = {
	ROOT,
	WORK,
	PACKAGE,
	NODE_TYPE,
	PINNED_VERSION,
	log,
	ensureN8n,
	pack,
	installPackage,
};
