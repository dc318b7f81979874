'use strict';
/**
 * `npm run dev`: the n8n editor with this package installed, the local Stripe, Shopify and OpenAI stand-ins
 * running, every example imported and ready to run from the editor (scripts/demo/dev-setup.js). The editor
 * takes N8N_PORT, else 5678 when it is free, else any free port; the Stripe stand-in STAND_IN_PORT, else
 * 12111 when free, else any; both are printed. Lines typed here cause the events the triggers wait for:
 * "refund" (a Stripe refund) and "shopify" (a Shopify refund).
 */
const readline = require('readline');
const n8n = require('../n8n');
const { startDev } = require('./dev-setup');

const port = (variable, preferred) =>
	process.env[variable] ? Number(process.env[variable]) : n8n.preferredPort(preferred);

let dev;
let stopping = false;

/** Stops n8n (one still starting too) and the stand-ins, then exits; later calls change nothing. */
async function stop(code) {
	if (stopping) return;
	stopping = true;
	await n8n.stopAll();
	await dev?.stop();
	process.exit(code);
}

// Listening from the start, so a signal during start-up also stops what has started by then.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/** What a line typed in the terminal does. */
const COMMANDS = {
	async refund() {
		const refund = await dev.actions.refund();
		return `Stripe refund ${refund.id}: ${refund.amount} ${refund.currency} of ${refund.payment_intent}`;
	},
	async shopify() {
		const [delivery] = await dev.actions.shopifyRefund();
		return `Shopify sent refunds/create to ${delivery.address}: ${delivery.status} (HTTP ${delivery.responses.join(', ')})`;
	},
};

async function main() {
	const started = Date.now();
	dev = await startDev({
		editorPort: await port('N8N_PORT', 5678),
		standInPort: await port('STAND_IN_PORT', 12111),
	});
	console.log(`\nReady in ${Math.round((Date.now() - started) / 1000)} s.\n`);
	for (const line of dev.hints) console.log(line);
	console.log(
		'\nType "refund" or "shopify" + Enter to cause those events; Ctrl+C stops everything.',
	);
	readline.createInterface({ input: process.stdin }).on('line', async (line) => {
		const command = COMMANDS[line.trim()];
		if (!line.trim()) return;
		if (!command) return console.log(`Type one of: ${Object.keys(COMMANDS).join(', ')}`);
		try {
			console.log(await command());
		} catch (error) {
			console.log(`${line.trim()} failed: ${error.message}`);
		}
	});
}

main().catch((error) => {
	// A step cut short by a signal fails too; stop() is already ending everything.
	if (stopping) return;
	console.error(`dev failed: ${error.message}`);
	stop(1);
});
