/**
 * n8n's community package scan (scripts/n8n/scan.mjs) of the source and the packed package finds only
 * the package's use of the `stripe` SDK, which is deliberate: every operation is a call of the SDK, so
 * the package imports it and depends on it. n8n Cloud's verified list takes no package with a runtime
 * dependency; self-hosted n8n installs it as any other. Bundling the SDK would not pass either: the
 * SDK's own code requires http, https, fs, os, path and events and uses process, timers and console,
 * which the scanner refuses in a package's files. Any other finding fails here.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as n8n from '../../scripts/n8n';

const SCAN = path.join(n8n.ROOT, 'scripts', 'n8n', 'scan.mjs');

const DEPENDENCY =
	'package.json: The "dependencies" field must be empty or absent in community node packages. Runtime dependencies get bundled into the n8n instance and can conflict with other nodes or the n8n runtime itself. Move shared libraries to "peerDependencies" or bundle them into your build artifact.';
const stripe = (use: 'Import' | 'Require') =>
	`: ${use} of 'stripe' is not allowed. n8n Cloud does not allow community nodes with dependencies.`;

/** The sources that import the SDK at run time; the others use only its types, which the build drops. */
const RUNTIME_IMPORTS = [
	'nodes/StripeComplete/operations/files',
	'nodes/shared/client',
	'nodes/shared/events/endpoint',
	'nodes/shared/events/verify',
	'nodes/shared/sync/sync',
];
const TYPE_IMPORTS = [
	'nodes/StripeComplete/fields/field',
	'nodes/StripeComplete/methods/listSearch',
	'nodes/StripeComplete/operations/existing',
	'nodes/StripeComplete/operations/fromTable',
	'nodes/StripeComplete/operations/money',
	'nodes/StripeComplete/operations/operation',
	'nodes/StripeComplete/resources/account',
	'nodes/StripeComplete/resources/file',
	'nodes/StripeComplete/resources/price',
	'nodes/StripeComplete/runner/index',
	'nodes/shared/events/event',
	'nodes/shared/events/poll',
];

/**
 * What eslint-plugin-n8n-nodes-base 1.15 (the version npm installs) reports and the scanner's 1.16 does
 * not: a default among generated options it cannot read, and a versioned node's file name.
 */
const OLDER_RULES_ONLY = [
	'source nodes/StripeComplete/form/groups.ts: Set an empty string as default [autofixable]',
	'source nodes/StripeComplete/form/groups.ts: Set an empty string as default [autofixable]',
	'source nodes/StripeComplete/form/panel.ts: Set an empty string as default [autofixable]',
	'source nodes/StripeCompleteTrigger/v1/StripeCompleteTriggerV1.node.ts: Rename file to StripeCompleteTrigger.node.ts [non-autofixable]',
	'source nodes/StripeCompleteTrigger/v2/StripeCompleteTriggerV2.node.ts: Rename file to StripeCompleteTrigger.node.ts [non-autofixable]',
];

describe("n8n's community package scan", () => {
	it('finds only the stripe SDK, imported and depended on, in the source and in the packed package', () => {
		const findings: Array<{ leg: string; file: string; severity: string; message: string }> =
			JSON.parse(
				execFileSync(process.execPath, [SCAN, n8n.pack(), '--json'], {
					cwd: n8n.ROOT,
					encoding: 'utf8',
				}),
			);
		expect(findings.every((f) => f.severity === 'error')).toBe(true);
		expect(findings.map((f) => `${f.leg} ${f.file}: ${f.message}`).sort()).toEqual(
			[
				`source ${DEPENDENCY}`,
				`package ${DEPENDENCY}`,
				...[...RUNTIME_IMPORTS, ...TYPE_IMPORTS].map((f) => `source ${f}.ts${stripe('Import')}`),
				...RUNTIME_IMPORTS.map((f) => `package dist/${f}.js${stripe('Require')}`),
				...OLDER_RULES_ONLY,
			].sort(),
		);
	});
});
