'use strict';
/** Releases the ports that hold-default-ports.js held. */
module.exports = async () => {
	await Promise.all(
		(globalThis.heldDefaultPorts ?? []).map(
			(server) => new Promise((resolve) => server.close(resolve)),
		),
	);
};
