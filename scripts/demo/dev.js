'use strict';
/**
 * `npm run dev`: the n8n editor with this package installed and the local Stripe stand-in running, the
 * credential and example workflows ready to click through. The editor takes N8N_PORT, else 5678 when it is
 * free, else any free port; the stand-in STAND_IN_PORT, else 12111 when free, else any; both are printed.
 */
const path = require('path');
const { createStandIn } = require('../../stand-ins/stripe');
const { prepareExamples } = require('./examples');
const n8n = require('../n8n');

const HOME = path.join(n8n.WORK, 'dev-home');
const port = (variable, preferred) =>
	process.env[variable] ? Number(process.env[variable]) : n8n.preferredPort(preferred);

/** A small catalog, so the Price and Product pickers have something to list on first use. */
function seedCatalog(stripe) {
	const product = (name) => stripe.seed('products', { name }).id;
	const team = product('Team plan');
	for (const [unit_amount, interval] of [
		[1500, 'month'],
		[15000, 'year'],
	])
		stripe.seed('prices', { product: team, unit_amount, currency: 'usd', recurring: { interval } });
	stripe.seed('prices', { product: product('Setup fee'), unit_amount: 9900, currency: 'usd' });
}

let standIn;
let stopping = false;

/** Stops n8n (one still starting too) and the stand-in, then exits; later calls change nothing. */
async function stop(code) {
	if (stopping) return;
	stopping = true;
	await n8n.stopAll();
	await standIn?.close();
	process.exit(code);
}

// Listening from the start, so a signal during start-up also stops what has started by then.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
	const runtime = n8n.ensureN8n();
	n8n.installPackage(HOME);
	standIn = createStandIn();
	const baseUrl = await standIn.listen(await port('STAND_IN_PORT', 12111));
	n8n.log(`Stripe stand-in on ${baseUrl}`);
	await prepareExamples(runtime, HOME, { secretKey: 'sk_test_standin_dev', baseUrl });
	seedCatalog(standIn);
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
}

main().catch((error) => {
	// A step cut short by a signal fails too; stop() is already ending everything.
	if (stopping) return;
	console.error(`dev failed: ${error.message}`);
	stop(1);
});
