'use strict';
/**
 * `npm run dev`: the n8n editor with this package installed and the local Stripe stand-in running, the
 * credential and example workflows ready to click through. The editor takes N8N_PORT, else 5678 when it is
 * free, else any free port; the stand-in STAND_IN_PORT, else 12111 when free, else any; both are printed.
 */
const path = require('path');
const { createStandIn } = require('../test/support/stand-in');
const { prepareExamples } = require('./demo');
const n8n = require('./n8n');

const HOME = path.join(n8n.WORK, 'dev-home');
const port = (variable, preferred) =>
	process.env[variable] ? Number(process.env[variable]) : n8n.preferredPort(preferred);

async function main() {
	const runtime = n8n.ensureN8n();
	n8n.installPackage(HOME);
	const standIn = createStandIn();
	const baseUrl = await standIn.listen(await port('STAND_IN_PORT', 12111));
	n8n.log(`Stripe stand-in on ${baseUrl}`);
	await prepareExamples(runtime, HOME, { secretKey: 'sk_test_standin_dev', baseUrl });
	const server = await n8n.startServer(runtime, HOME, await port('N8N_PORT', 5678));
	await n8n.signIn(server.url);
	console.log(
		`\nn8n editor: ${server.url}  (sign in as ${n8n.OWNER.email} / ${n8n.OWNER.password})`,
	);
	console.log(`Stripe stand-in: ${baseUrl}`);
	console.log(
		'The example workflows and the "Stripe Complete account" credential (pointing at the stand-in) are imported.',
	);
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
