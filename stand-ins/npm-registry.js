'use strict';
/**
 * A local npm registry on 127.0.0.1 that publishes one packed tarball (this package, not on the public
 * registry) and passes every other request through to the npm registry this machine uses, so that `npm
 * install <name>` and n8n's community-package installer fetch the package exactly as from npmjs.org.
 */
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const zlib = require('zlib');
const { closeServer, listen } = require('./common');

/** package.json from a .tgz made by `npm pack` (a gzipped tar whose entries sit under package/). */
function manifestOf(tarball) {
	const tar = zlib.gunzipSync(tarball);
	for (let at = 0; at + 512 <= tar.length;) {
		const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
		const size = parseInt(
			tar
				.toString('utf8', at + 124, at + 136)
				.replace(/\0.*$/s, '')
				.trim() || '0',
			8,
		);
		if (!name) break;
		if (name === 'package/package.json')
			return JSON.parse(tar.toString('utf8', at + 512, at + 512 + size));
		at += 512 + Math.ceil(size / 512) * 512;
	}
	throw new Error('No package/package.json in the tarball');
}

function upstreamRegistry() {
	try {
		return execFileSync('npm', ['config', 'get', 'registry'], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		})
			.trim()
			.replace(/\/+$/, '');
	} catch {
		return 'https://registry.npmjs.org';
	}
}

/** Serves `tarballPath` as its package's only version; `requests` records what was asked ("GET /name"). */
function createRegistry(tarballPath) {
	const tarball = fs.readFileSync(tarballPath);
	const manifest = manifestOf(tarball);
	const upstream = upstreamRegistry();
	const file = `${manifest.name.split('/').pop()}-${manifest.version}.tgz`;
	const requests = [];
	let base;
	const version = () => ({
		...manifest,
		_id: `${manifest.name}@${manifest.version}`,
		dist: {
			tarball: `${base}/${manifest.name}/-/${file}`,
			shasum: crypto.createHash('sha1').update(tarball).digest('hex'),
			integrity: `sha512-${crypto.createHash('sha512').update(tarball).digest('base64')}`,
		},
	});
	const server = http.createServer(async (req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://registry').pathname).replace(
			/\/+$/,
			'',
		);
		requests.push(`${req.method} ${path}`);
		const json = (body) =>
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		if (path === `/${manifest.name}`)
			return json({
				name: manifest.name,
				'dist-tags': { latest: manifest.version },
				versions: { [manifest.version]: version() },
			});
		if (path === `/${manifest.name}/${manifest.version}` || path === `/${manifest.name}/latest`)
			return json(version());
		if (path === `/${manifest.name}/-/${file}`)
			return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
		if (path.startsWith(`/${manifest.name}/`))
			return res
				.writeHead(404, { 'content-type': 'application/json' })
				.end('{"error":"Not found"}');
		try {
			// Metadata of everything else (the SDK, its dependencies) comes from the real registry; tarball
			// URLs in it point there too.
			const answer = await fetch(`${upstream}${req.url}`, {
				headers: { accept: req.headers.accept ?? 'application/json' },
			});
			return res
				.writeHead(answer.status, {
					'content-type': answer.headers.get('content-type') ?? 'application/json',
				})
				.end(Buffer.from(await answer.arrayBuffer()));
		} catch (error) {
			return res
				.writeHead(502, { 'content-type': 'application/json' })
				.end(JSON.stringify({ error: String(error) }));
		}
	});
	return {
		manifest,
		requests,
		async listen() {
			base = await listen(server);
			return base;
		},
		close: () => closeServer(server),
	};
}

module.exports = { createRegistry, manifestOf };
