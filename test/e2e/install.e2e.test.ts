/**
 * The two ways users install the package, each into a fresh real n8n user folder, both fetching the
 * package by name from a local npm registry that publishes the packed tarball (everything else passes
 * through to the npm registry): n8n's own community-package installer (Settings > Community Nodes >
 * Install, through the same REST call the editor makes) and a manual `npm install` in ~/.n8n/nodes.
 * Either way only the package and the `stripe` SDK are installed, never n8n-workflow, and n8n loads
 * every node and the credential.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import * as n8n from '../../scripts/n8n';
import { createRegistry } from '../../stand-ins/npm-registry';

type Item = Record<string, any>;
const run = promisify(execFile);

const PACKAGE = n8n.PACKAGE;
/** The node types the package declares, by its built node classes, and the Tool variant n8n adds for AI agents. */
const declaredTypes = (): string[] =>
	(require('../../package.json').n8n.nodes as string[]).flatMap((file) => {
		const exported = require(path.join(n8n.ROOT, file));
		const NodeClass = Object.values(exported)[0] as new () => {
			description: { name: string; usableAsTool?: boolean };
		};
		const { name, usableAsTool } = new NodeClass().description;
		return usableAsTool ? [`${PACKAGE}.${name}`, `${PACKAGE}.${name}Tool`] : [`${PACKAGE}.${name}`];
	});
const packageNodes = () => declaredTypes().filter((type) => !type.endsWith('Tool'));

/** Every package folder under node_modules, nested ones too: "stripe", "@scope/name". */
function installedPackages(nodeModules: string): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
			if (entry.startsWith('.')) continue;
			const names = entry.startsWith('@')
				? fs.readdirSync(path.join(dir, entry)).map((n) => `${entry}/${n}`)
				: [entry];
			for (const name of names) {
				found.push(name);
				walk(path.join(dir, name, 'node_modules'));
			}
		}
	};
	walk(nodeModules);
	return found.sort();
}

let runtime: ReturnType<typeof n8n.ensureN8n>;
let registry: ReturnType<typeof createRegistry>;
let registryUrl: string;

beforeAll(async () => {
	runtime = n8n.ensureN8n();
	registry = createRegistry(n8n.pack());
	registryUrl = await registry.listen();
});

afterAll(() => registry?.close());

/** n8n's node and credential types of this package, as the editor loads them. */
async function loadedTypes(server: { url: string }, cookie: string) {
	// n8n rewrites these files after installing a package: a read during the rewrite is cut short, so it
	// is read again (bounded) until it is whole.
	const get = async (route: string): Promise<Item[]> => {
		for (let tries = 1; ; tries++) {
			const text = await (await fetch(`${server.url}${route}`, { headers: { cookie } })).text();
			try {
				return JSON.parse(text) as Item[];
			} catch (error) {
				if (tries >= 20) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	};
	const nodes = (await get('/types/nodes.json'))
		.filter((t) => t.name.startsWith(`${PACKAGE}.`))
		.map((t) => t.name);
	const credentials = (await get('/types/credentials.json'))
		.filter((t) => t.name === 'stripeCompleteApi')
		.map((t) => t.name);
	return { nodes: [...new Set(nodes)].sort(), credentials };
}

describe('installing the package', () => {
	it('by hand: `npm install n8n-nodes-stripe-complete` in ~/.n8n/nodes installs the package and the SDK only, and n8n loads it', async () => {
		const home = path.join(n8n.WORK, 'install-npm-home');
		const nodesDir = path.join(home, '.n8n', 'nodes');
		fs.rmSync(home, { recursive: true, force: true });
		fs.mkdirSync(nodesDir, { recursive: true });
		// As n8n's docs have it: npm would otherwise install into the nearest folder above that has one.
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }),
		);
		await run(
			'npm',
			[
				'install',
				PACKAGE,
				`--registry=${registryUrl}`,
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
			],
			{ cwd: nodesDir },
		);

		expect(installedPackages(path.join(nodesDir, 'node_modules'))).toEqual([PACKAGE, 'stripe']);
		const server = await n8n.startServer(runtime, home);
		try {
			expect(await loadedTypes(server, await n8n.signIn(server.url))).toEqual({
				nodes: declaredTypes().sort(),
				credentials: ['stripeCompleteApi'],
			});
		} finally {
			await server.stop();
		}
	});

	it("through n8n's community-package installer: Settings > Community Nodes > Install", async () => {
		const home = path.join(n8n.WORK, 'install-ui-home');
		fs.rmSync(home, { recursive: true, force: true });
		// n8n reads packages from the public registry only, unless a licence allows another: n8n's own test
		// mode (E2E_TESTS) lets this test grant that one feature, and nothing else differs.
		const server = await n8n.startServer(runtime, home, undefined, {
			E2E_TESTS: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registryUrl,
		});
		try {
			const cookie = await n8n.signIn(server.url);
			const feature = await fetch(`${server.url}/rest/e2e/feature`, {
				method: 'PATCH',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ feature: 'feat:communityNodes:customRegistry', enabled: true }),
			});
			expect(feature.status).toBe(200);
			const installed = await n8n.restClient(server.url, cookie)('POST', '/community-packages', {
				name: PACKAGE,
			});

			expect(installed).toMatchObject({
				packageName: PACKAGE,
				installedVersion: registry.manifest.version,
			});
			expect(installed.installedNodes.map((node: Item) => node.type).sort()).toEqual(
				packageNodes().sort(),
			);
			expect(registry.requests).toContain(
				`GET /${PACKAGE}/-/${PACKAGE}-${registry.manifest.version}.tgz`,
			);
			expect(installedPackages(path.join(home, '.n8n', 'nodes', 'node_modules'))).toEqual([
				PACKAGE,
				'stripe',
			]);
			expect(await loadedTypes(server, cookie)).toEqual({
				nodes: declaredTypes().sort(),
				credentials: ['stripeCompleteApi'],
			});
		} finally {
			await server.stop();
		}
	});
});
