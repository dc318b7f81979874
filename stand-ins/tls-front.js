'use strict';
/**
 * A local forward proxy that lets a process which hard-codes https hosts (https://api.stripe.com, a shop's
 * https://<shop>.myshopify.com) reach local stand-ins: it answers `CONNECT <host>:443` for the hosts it
 * routes by terminating TLS itself, with a certificate for them signed by a CA made for this run only
 * (trusted by the client through NODE_EXTRA_CA_CERTS), and relays each decrypted request to that host's
 * target over plain HTTP. Every other CONNECT target and every plain proxied request is refused, so nothing
 * sent through it leaves the machine. The client gets it as HTTPS_PROXY.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const tls = require('tls');
const { closeServer, listen, openSockets } = require('./common');

/** A throw-away CA and a certificate for `hosts` signed by it, made with Debian's `openssl` in `dir`. */
function makeCertificates(dir, hosts) {
	const openssl = (...args) =>
		execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	openssl(
		'req',
		'-x509',
		...ec,
		'-keyout',
		'ca.key',
		'-out',
		'ca.pem',
		'-days',
		'1',
		'-subj',
		'/CN=n8n-nodes-stripe-complete test CA (throw-away)',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign',
	);
	openssl('req', ...ec, '-keyout', 'host.key', '-out', 'host.csr', '-subj', `/CN=${hosts[0]}`);
	fs.writeFileSync(
		path.join(dir, 'host.ext'),
		`subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}\nextendedKeyUsage=serverAuth\n`,
	);
	openssl(
		'x509',
		'-req',
		'-in',
		'host.csr',
		'-CA',
		'ca.pem',
		'-CAkey',
		'ca.key',
		'-set_serial',
		'1',
		'-days',
		'1',
		'-extfile',
		'host.ext',
		'-out',
		'host.pem',
	);
	// The CA's key signs nothing more: only its certificate stays, for the client to trust.
	fs.rmSync(path.join(dir, 'ca.key'));
	return {
		caFile: path.join(dir, 'ca.pem'),
		key: fs.readFileSync(path.join(dir, 'host.key')),
		cert: fs.readFileSync(path.join(dir, 'host.pem')),
	};
}

/** @param {Record<string, string>} routes host -> the local http URL its requests go to */
function createTlsFront(routes) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-complete-tls-front-'));
	const { caFile, key, cert } = makeCertificates(dir, Object.keys(routes));
	const agent = new http.Agent({ keepAlive: true });
	const zero = () => ({ tunnels: 0, handshakeMs: 0, requests: 0, refused: 0 });
	const counts = zero();
	const refusedTargets = new Set();

	const relay = (req, res) => {
		counts.requests++;
		const upstream = new URL(routes[req.socket.servername] ?? Object.values(routes)[0]);
		const out = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				agent,
				headers: { ...req.headers, host: upstream.host },
			},
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		out.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					error: { type: 'api_error', message: `TLS proxy relay failed: ${error.message}` },
				}),
			);
		});
		req.pipe(out);
	};
	const secureContext = tls.createSecureContext({ key, cert });
	// Not listening: each accepted tunnel, once decrypted, is handed to it as a new connection.
	const relayServer = http.createServer(relay);

	const refuse = (what, socket) => {
		counts.refused++;
		refusedTargets.add(what);
		socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
	};
	const server = http.createServer((req, res) => {
		refuse(`${req.method} ${req.url}`, res.socket);
	});
	server.on('connect', (req, socket, head) => {
		const [host, port] = (req.url ?? '').split(':');
		if (port !== '443' || !routes[host]) return refuse(`CONNECT ${req.url}`, socket);
		counts.tunnels++;
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		const began = performance.now();
		const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
		// The host the tunnel was opened for, as the relay's route (SNI may be absent).
		Object.defineProperty(secure, 'servername', { value: host });
		secure.once('secure', () => (counts.handshakeMs += performance.now() - began));
		secure.on('error', () => socket.destroy());
		relayServer.emit('connection', secure);
	});
	const sockets = openSockets(server);

	return {
		caFile,
		counts,
		refusedTargets,
		reset() {
			Object.assign(counts, zero());
			refusedTargets.clear();
		},
		listen: () => listen(server),
		async close() {
			for (const socket of sockets) socket.destroy();
			await closeServer(server);
			agent.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { createTlsFront };
