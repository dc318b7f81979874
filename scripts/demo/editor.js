'use strict';
/**
 * The real n8n editor in a browser: Debian's Chromium driven by playwright-core, both installed on first
 * use (never a downloaded browser), n8n on free ports, the owner signed in. Shared by `npm run bench:editor`
 * and the editor end-to-end test.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const n8n = require('../n8n');

const CACHE =
	process.env.STRIPE_COMPLETE_CACHE ||
	path.join(
		process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
		'n8n-nodes-stripe-complete',
	);
const PLAYWRIGHT_CORE = '1.65.1';
// Debian's Chromium, or the Chromium or Chrome that CHROMIUM_PATH names (a CI image's own).
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Debian's Chromium (installed with apt when missing, unless CHROMIUM_PATH names another) and playwright-core cached outside the repo; never a downloaded browser. */
function ensureBrowser() {
	if (!fs.existsSync(CHROMIUM)) {
		if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH names no file: ${CHROMIUM}`);
		n8n.log("Installing Debian's Chromium (apt-get install -y chromium)");
		const apt = (...args) =>
			process.getuid?.() === 0
				? execFileSync('apt-get', args, {
						stdio: ['ignore', 'ignore', 'inherit'],
						env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
					})
				: execFileSync('sudo', ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], {
						stdio: ['ignore', 'ignore', 'inherit'],
					});
		apt('update');
		apt('install', '-y', 'chromium');
	}
	const dir = path.join(CACHE, `playwright-core-${PLAYWRIGHT_CORE}`);
	if (!fs.existsSync(path.join(dir, '.installed'))) {
		n8n.log(`Installing playwright-core ${PLAYWRIGHT_CORE} into ${dir}`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: 'editor-bench-driver', private: true }),
		);
		execFileSync(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`playwright-core@${PLAYWRIGHT_CORE}`,
			],
			{
				cwd: dir,
				stdio: ['ignore', 'ignore', 'inherit'],
				env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
			},
		);
		fs.writeFileSync(path.join(dir, '.installed'), '');
	}
	return require(path.join(dir, 'node_modules', 'playwright-core'));
}

/** An editor port and a task broker port, both free and distinct. */
async function freePorts() {
	const editor = await n8n.freePort();
	let broker = await n8n.freePort();
	while (broker === editor) broker = await n8n.freePort();
	return { editor, broker };
}

/** n8n serving the editor on free ports, signed in as the owner: `stop()` stops it. */
async function startEditor(runtime, home, label) {
	const ports = await freePorts();
	n8n.log(
		`Starting the n8n editor ${label} on http://127.0.0.1:${ports.editor} (task broker on 127.0.0.1:${ports.broker})`,
	);
	const server = await n8n.startServer(runtime, home, ports.editor, {
		N8N_RUNNERS_BROKER_PORT: String(ports.broker),
	});
	const baseUrl = `http://127.0.0.1:${ports.editor}`;
	try {
		const cookie = await n8n.signIn(baseUrl);
		return {
			baseUrl,
			cookie,
			rest: n8n.restClient(baseUrl, cookie),
			output: server.output,
			stop: () => server.stop(),
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/**
 * Headless Chromium with a throw-away profile: `close()` closes it and removes the profile. `options` are
 * playwright's context options (e.g. deviceScaleFactor).
 */
async function launchBrowser(playwright, options = {}) {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-complete-editor-'));
	let context;
	try {
		context = await playwright.chromium.launchPersistentContext(userDataDir, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1600, height: 1000 },
			...options,
			// The caller decides when the browser stops, also on Ctrl+C.
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
		});
	} catch (error) {
		fs.rmSync(userDataDir, { recursive: true, force: true });
		throw error;
	}
	const close = async () => {
		await context.close();
		fs.rmSync(userDataDir, { recursive: true, force: true });
	};
	return { context, close };
}

async function signInEditor(page, baseUrl) {
	// n8n instances on 127.0.0.1 share cookies whatever the port.
	await page.context().clearCookies();
	await page.goto(`${baseUrl}/signin`);
	await page.fill('[data-test-id="emailOrLdapLoginId"] input', n8n.OWNER.email);
	await page.fill('[data-test-id="password"] input', n8n.OWNER.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/**
 * A workflow of a Manual Trigger and one node of `type` named `name`; `node` adds to that node (parameters,
 * credentials, a name of its own), `after` are nodes that follow it in a row. Without `type`, the trigger alone.
 */
function createWorkflow(rest, name, type, node = {}, after = []) {
	const nodes = [n8n.MANUAL_TRIGGER];
	if (type)
		nodes.push(
			{ id: 'node', name, type, typeVersion: 1, position: [300, 0], parameters: {}, ...node },
			...after,
		);
	return rest('POST', '/workflows', {
		name,
		nodes,
		connections: Object.fromEntries(
			nodes
				.slice(1)
				.map((next, i) => [
					nodes[i].name,
					{ main: [[{ node: next.name, type: 'main', index: 0 }]] },
				]),
		),
		settings: {},
		// n8n 1.x requires it; 2.x derives it.
		active: false,
	});
}

/** Opens a workflow in the editor; resolves to its node `nodeName` on the canvas. */
async function openWorkflow(page, baseUrl, workflowId, nodeName) {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
	await node.waitFor();
	// n8n keeps a workflow's edit lock with the tab that last edited it, e.g. one of an earlier run.
	const editHere = page.getByRole('button', { name: 'Edit here' });
	if (await editHere.isVisible()) await editHere.click();
	return node;
}

/** Presses Escape until nothing matching `selector` is visible (a dropdown, the node panel). */
async function closeAll(page, selector) {
	for (let i = 0; i < 5 && (await page.locator(`${selector}:visible`).count()) > 0; i++) {
		await page.keyboard.press('Escape');
		await page.waitForTimeout(200);
	}
}

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Opens the dropdown of the node panel's parameter `parameter`; resolves to its option named `name`, visible. */
async function dropdownOption(page, parameter, name) {
	await page.click(`[data-test-id="parameter-input-${parameter}"] .el-select`);
	const list = await page.getAttribute(
		`[data-test-id="parameter-input-${parameter}"] input`,
		'aria-controls',
	);
	const option = page
		.locator(`[id="${list}"] .el-select-dropdown__item`)
		.filter({ has: page.locator('.option-headline', { hasText: exactly(name) }) });
	await option.waitFor({ state: 'visible' });
	return option;
}

module.exports = {
	PLAYWRIGHT_CORE,
	ensureBrowser,
	freePorts,
	startEditor,
	launchBrowser,
	signInEditor,
	createWorkflow,
	openWorkflow,
	closeAll,
	exactly,
	dropdownOption,
};
