'use strict';
/**
 * `npm run dev`: the n8n editor on http://127.0.0.1:5678 with this package installed and the local
 * Stripe stand-in running, the credential and example workflows ready to click through.
 */
const path = require('path');
const { createStandIn } = require('../test/support/stand-in');
const { prepareExamples } = require('./demo');
const n8n = require('./n8n');

const HOME = path.join(n8n.WORK, 'dev-home');
const PORT = Number(process.env.N8N_PORT || 5678);
const STAND_IN_PORT = Number(process.env.STAND_IN_PORT || 12111);

async function main() {
	const runtime = n8n.ensureN8n();
	n8n.installPackage(HOME);
	const standIn = createStandIn();
	const baseUrl = await standIn.listen(STAND_IN_PORT);
	n8n.log(`Stripe stand-in on ${baseUrl}`);
	await prepareExamples(runtime, HOME, { secretKey: 'sk_test_standin_dev', baseUrl });
	const server = await n8n.startServer(runtime, HOME, PORT);
	await n8n.signIn(`http://127.0.0.1:${PORT}`);
	console.log(`\nn8n editor: http://127.0.0.1:${PORT}  (sign in as ${n8n.OWNER.email} / ${n8n.OWNER.password})`);
	console.log('The example workflows and the "Stripe Complete account" credential (pointing at the stand-in) are imported.');
	console.log('Press Ctrl+C to stop n8n and the stand-in.');
	const stop = async () => {
		await server.stop();
		await standIn.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(`dev failed: ${error.message}`);
	process.exit(1);
});
