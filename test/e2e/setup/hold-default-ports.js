'use strict';
/**
 * Holds n8n's default ports (5678 editor, 5679 task broker) for the whole end-to-end run when they are
 * free, as an n8n already running on the machine would: a test or script that still assumed them fails
 * here, not only on a machine where another n8n runs.
 */
const net = require('net');

module.exports = async () => {
	globalThis.heldDefaultPorts = [];
	for (const port of [5678, 5679]) {
		const server = net.createServer((socket) => socket.destroy());
		const held = await new Promise((resolve) => {
			server.once('error', () => resolve(false));
			server.listen(port, '127.0.0.1', () => resolve(true));
		});
		if (held) globalThis.heldDefaultPorts.push(server);
	}
};
