import { readFileSync } from 'fs';
import { join } from 'path';
import Stripe from 'stripe';
import type { INodeTypeDescription } from 'n8n-workflow';
import { StripeCompleteApi } from '../../credentials/StripeCompleteApi.credentials';
import { StripeComplete } from '../../nodes/StripeComplete/StripeComplete.node';
import { StripeCompleteTrigger } from '../../nodes/StripeCompleteTrigger/StripeCompleteTrigger.node';
import { StripeCompletePollingTrigger } from '../../nodes/StripeCompletePollingTrigger/StripeCompletePollingTrigger.node';
import { StripeCompleteSyncTrigger } from '../../nodes/StripeCompleteSyncTrigger/StripeCompleteSyncTrigger.node';
import { COMMON_RESOURCES } from '../../nodes/StripeComplete/form/groups';
import { methods } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';

const ROOT = join(__dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

/** Every match of `pattern` in the README, failing when there is none: a statement the test cannot find is a statement it cannot check. */
function stated(pattern: RegExp): RegExpMatchArray[] {
	const matches = [...readme.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))];
	expect({ pattern: pattern.source, found: matches.length > 0 }).toEqual({
		pattern: pattern.source,
		found: true,
	});
	return matches;
}
const count = (text: string) => Number(text.replace(/,/g, ''));

describe('the README says what the code does', () => {
	const action = new StripeComplete().description;
	const webhook = new StripeCompleteTrigger().description as INodeTypeDescription;
	const nodes = [
		action,
		webhook,
		new StripeCompletePollingTrigger().description,
		new StripeCompleteSyncTrigger().description,
	];

	it('names the credential and each node as n8n does, and counts the nodes the package lists', () => {
		const [[, credential, howMany]] = stated(/a credential, \*\*(.+?)\*\*, and (\w+) nodes/);
		expect(credential).toBe(new StripeCompleteApi().displayName);
		expect(NUMBERS.indexOf(howMany)).toBe(pkg.n8n.nodes.length);
		expect(pkg.n8n.nodes).toHaveLength(nodes.length);
		for (const { displayName } of nodes) expect(readme).toContain(`**${displayName}**`);
	});

	it('counts the operations, resources and SDK methods the registry has', () => {
		const operations = resources.reduce((sum, resource) => sum + resource.operations.length, 0);
		for (const [, ops, res] of stated(/([\d,]+) operations on (\d+) resources/))
			expect([count(ops), count(res)]).toEqual([operations, resources.length]);
		for (const [, all] of stated(/\(all ([\d,]+), as [\d,]+ operations/))
			expect(count(all)).toBe(methods.length);
		for (const [, common] of stated(/\*\*Common\*\* \(the default: the (\d+) resources/))
			expect(count(common)).toBe(COMMON_RESOURCES.length);
		const panel = resources.filter((resource) => COMMON_RESOURCES.includes(resource.value));
		const actions = panel.reduce((sum, resource) => sum + resource.operations.length, 0);
		for (const [, listed, inPanel] of stated(
			/lists the (\d+) resources of the Common group \(([\d,]+) actions\)/,
		))
			expect([count(listed), count(inPanel)]).toEqual([COMMON_RESOURCES.length, actions]);
	});

	it("gives the action node's versions and default version as it declares them", () => {
		const [[, versions, defaultVersion]] = stated(
			/declares its versions as `\[([\d, ]+)\]`\s+with a default version, (\d+)/,
		);
		expect(versions.split(',').map(Number)).toEqual(action.version);
		expect(Number(defaultVersion)).toBe(action.defaultVersion);
	});

	it('gives the pinned SDK, its API version, the n8n versions tested and the Node the package needs', () => {
		const [[, sdk, apiVersion]] = stated(/pinned `stripe` SDK \(([\d.]+), API version ([\d-]+)\)/);
		expect(sdk).toBe(pkg.dependencies.stripe);
		expect(Stripe.API_VERSION.startsWith(`${apiVersion}.`)).toBe(true);

		const install = readFileSync(join(ROOT, 'scripts/n8n/install.sh'), 'utf8');
		const pinned = /N8N_VERSION:-([\d.]+)/.exec(install)![1];
		const oneX = /N8N_VERSION=([\d.]+)/.exec(pkg.scripts['test:e2e:n8n1'])![1];
		const [[, tested2, tested1]] = stated(
			/Tested with n8n \*\*([\d.]+)\*\* \(Node 24\) and \*\*([\d.]+)\*\*/,
		);
		expect([tested2, tested1]).toEqual([pinned, oneX]);
		for (const [, version] of stated(/installs n8n ([\d.]+)/)) expect(version).toBe(pinned);

		const [[, node]] = stated(/Node\.js ([\d.]+) or newer/);
		expect(pkg.engines.node).toBe(`>=${node}`);
	});

	it('shows the two commands as the package defines them, each installing first', () => {
		const quickstart = readme.slice(readme.indexOf('## Quickstart'), readme.indexOf('### What'));
		const commands = [...quickstart.matchAll(/^(npm [^#\n]+?)\s+#/gm)].map(
			([, command]) => command,
		);
		expect(commands).toEqual(['npm run demo', 'npm test']);
		expect(pkg.scripts.predemo).toBe('node scripts/install.js');
		expect(pkg.scripts.pretest).toBe('node scripts/install.js');
	});
});
