import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const community = n8nCommunityNodesPlugin.rules;

/** One of n8n's community-package rules, less its reports about the `stripe` SDK. */
const exceptStripe = (rule, isAboutStripe) => ({
	...rule,
	create: (context) =>
		rule.create(
			Object.create(context, {
				report: { value: (problem) => isAboutStripe(problem) || context.report(problem) },
			}),
		),
});

/**
 * The one exception to n8n's rules: every operation is a call of the official `stripe` SDK, so the
 * package imports it and depends on it. n8n Cloud's verified list takes no package with a dependency;
 * self-hosted n8n installs it as any other. Bundling the SDK would not pass either: the scanner also
 * lints the published files, and the SDK's own code uses http, https, fs, os, process and timers.
 * Every other import and dependency is still checked.
 */
const stripeException = {
	rules: {
		'no-restricted-imports': exceptStripe(
			community['no-restricted-imports'],
			(problem) => problem.data?.modulePath === 'stripe',
		),
		'no-runtime-dependencies': exceptStripe(community['no-runtime-dependencies'], (problem) =>
			problem.node.value.properties.every((dependency) => dependency.key.value === 'stripe'),
		),
	},
};

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', '**/*.js', 'eslint.config.mjs'] },
	// The rules n8n's community-package scanner runs (@n8n/scan-community-package), as it configures them.
	n8nCommunityNodesPlugin.configs.recommended,
	{
		plugins: { 'n8n-nodes-base': n8nNodesBase, 'stripe-complete': stripeException },
		rules: {
			'no-console': 'error',
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			'stripe-complete/no-restricted-imports': 'error',
			'stripe-complete/no-runtime-dependencies': 'error',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		rules: {
			...n8nNodesBase.configs.community.rules,
			// The rule looks for the starter template's name, which this package has long since replaced.
			'n8n-nodes-base/community-package-json-name-still-default': 'off',
		},
	},
	{
		files: ['**/*.ts'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { project: ['./tsconfig.json'], sourceType: 'module' },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Main-repository rule: a community credential links to external docs by full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two want the string 'main'; @n8n/community-nodes/node-connection-type-literal wants NodeConnectionTypes.Main.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		// A versioned node's files (StripeCompleteTriggerV2.node.ts) carry a version suffix. The scanner's
		// eslint-plugin-n8n-nodes-base (1.16) disregards it; 1.15, the last that installs with npm (1.16 has
		// a pnpm-only preinstall script), does not.
		files: ['nodes/**/*V[0-9]*.node.ts'],
		rules: { 'n8n-nodes-base/node-filename-against-convention': 'off' },
	},
];
