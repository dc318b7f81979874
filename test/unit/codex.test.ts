/**
 * What n8n's node panel makes of this package's nodes: the entries it shows, what each entry says, and
 * which searches find them. The panel's rules, replicated from n8n's editor (n8n-io/n8n, as in n8n 2.40):
 * - search: packages/frontend/editor-ui/src/features/shared/nodeCreator/nodeCreator.utils.ts (searchNodes,
 *   removeTrailingTrigger) calls packages/@n8n/utils/src/search/sublimeSearch.ts, which looks at
 *   `displayName` and `codex.alias` only (DEFAULT_KEYS) and keeps a node when the typed letters appear in
 *   that order in one of them (fuzzyMatchSimple); actions are not searched from the panel's root;
 * - entries: .../nodeCreator/composables/useActionsGeneration.ts (generateMergedNodesAndActions) folds a
 *   trigger whose `name` minus "Trigger" is an app node with actions into that app's entry, which keeps
 *   the app's displayName and codex but shows the trigger's description;
 * - actions: the same file (resourceCategories) lists, for each option of the Resource properties whose
 *   show['@version'], if any, holds the node's default version, the options of the first
 *   Operation property whose displayOptions.show.resource names it and whose show['@version'], if any,
 *   holds the node's default version, labelled by their `action`; a
 *   community node's list opens in a view without a search box (nodeCreator.utils.ts,
 *   prepareCommunityNodeDetailsViewStack: hasSearch false), so typed words reach an action only through
 *   the codex aliases that find the node;
 * - codex: n8n-core's DirectoryLoader.getCodex reads categories, subcategories, alias and resources from
 *   the <node>.node.json next to the node file.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type {
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { COMMON_RESOURCES } from '../../nodes/StripeComplete/form/groups';
import { resources } from '../../nodes/StripeComplete/resources/registry';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

interface Codex {
	node: string;
	categories?: string[];
	subcategories?: Record<string, string[]>;
	alias?: string[];
	resources?: {
		primaryDocumentation?: Array<{ url: string }>;
		credentialDocumentation?: Array<{ url: string }>;
	};
}

/** Each node the package declares, as n8n loads it: its latest description, named with the package, and its codex. */
const nodes = (pkg.n8n.nodes as string[]).map((built) => {
	const source = path.join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, ''));
	const exported = Object.values(require(source) as Record<string, new () => INodeType>)[0];
	const instance = new exported() as INodeType & {
		nodeVersions?: Record<number, INodeType>;
		currentVersion?: number;
	};
	const latest: INodeTypeDescription = instance.nodeVersions
		? instance.nodeVersions[instance.currentVersion!].description
		: instance.description;
	const codexFile = `${source}.json`;
	return {
		file: path.relative(ROOT, codexFile),
		name: `${pkg.name}.${instance.description.name}`,
		description: latest,
		codex: (existsSync(codexFile) ? JSON.parse(readFileSync(codexFile, 'utf8')) : undefined) as
			Codex | undefined,
	};
});

interface Entry {
	name: string;
	displayName: string;
	description: string;
	alias: string[];
}

/** The panel's entries for these nodes (generateMergedNodesAndActions); every node of ours is an app with actions or a trigger. */
function panelEntries(): Entry[] {
	const entries: Entry[] = [];
	for (const node of nodes.filter((n) => !n.description.group.includes('trigger')))
		entries.push({
			name: node.name,
			displayName: node.description.displayName,
			description: node.description.description,
			alias: node.codex?.alias ?? [],
		});
	for (const trigger of nodes.filter((n) => n.description.group.includes('trigger'))) {
		const app = entries.find((e) => e.name === trigger.name.replace('Trigger', ''));
		if (app) app.description = trigger.description.description;
		else
			entries.push({
				name: trigger.name,
				displayName: trigger.description.displayName,
				description: trigger.description.description,
				alias: trigger.codex?.alias ?? [],
			});
	}
	return entries;
}

/** removeTrailingTrigger: "stripe trig" searches for "stripe". */
const withoutTrigger = (typed: string) => {
	const parts = typed.split(' ');
	return parts.length > 1 && 'trigger'.startsWith(parts[parts.length - 1].toLowerCase())
		? parts.slice(0, -1).filter(Boolean).join(' ').trimEnd()
		: typed;
};

/** fuzzyMatchSimple: the letters typed, in order, anywhere in the text, ignoring case. */
const inOrder = (typed: string, text: string) => {
	let i = 0;
	for (const char of text.toLowerCase()) if (char === typed[i]) i++;
	return typed.length > 0 && text.length > 0 && i === typed.length;
};

const found = (typed: string, entry: Pick<Entry, 'displayName' | 'alias'>) => {
	const filter = withoutTrigger(typed).toLowerCase();
	return [entry.displayName, ...entry.alias].some((text) => inOrder(filter, text));
};

/** What people type in the node panel to reach Stripe. */
const SEARCHES = ['refund', 'invoice', 'subscription', 'payment'];

/** Action words people type, and the action of Stripe Complete's list they mean. */
const ACTION_WORDS: Array<[string, string]> = [
	['create refund', 'refund.create'],
	['invoice pdf', 'invoice.downloadPdf'],
	['download pdf', 'invoice.downloadPdf'],
	['capture payment', 'paymentIntent.capture'],
];

const WEBHOOK_AND_POLLING = ['stripeComplete', 'stripeCompletePollingTrigger'];
const SYNC = ['stripeCompleteSyncTrigger'];
/** What people type to start a workflow from Stripe, and the entries it must find, no more. */
const TRIGGER_WORDS: Array<[string, string, string[]]> = [
	['the sync', 'sync customers', SYNC],
	['the sync', 'stripe to postgres', SYNC],
	['the webhook and polling triggers', 'charge refunded', WEBHOOK_AND_POLLING],
	['the webhook and polling triggers', 'new payment', WEBHOOK_AND_POLLING],
];

/** Searches for other nodes, which the aliases must not answer with a Stripe entry. */
const OTHER_NODES = [
	'http request',
	'google sheets',
	'slack',
	'gmail',
	'schedule',
	'webhook',
	'send email',
	'openai',
	'shopify',
	'execute workflow',
	'split out',
	'html',
	'markdown',
	'paypal',
	'quickbooks',
];

/** Stripe Complete's actions in the panel (resourceCategories): `resource.operation` and its label. */
function panelActions(description: INodeTypeDescription) {
	const version = description.defaultVersion ?? description.version;
	const ofVersion = (p: INodeProperties) =>
		(p.displayOptions?.show?.['@version'] as unknown[] | undefined)?.includes(version) ?? true;
	const first = (resource: string) =>
		description.properties.find(
			(p) =>
				p.name === 'operation' &&
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource) &&
				ofVersion(p),
		);
	return description.properties
		.filter((p) => p.name === 'resource' && ofVersion(p))
		.flatMap((p) => p.options as INodePropertyOptions[])
		.flatMap((resource) =>
			((first(resource.value as string)?.options ?? []) as INodePropertyOptions[]).map((o) => ({
				id: `${resource.value}.${o.value}`,
				label: o.action ?? `${resource.name} ${o.name}`,
			})),
		);
}

const app = nodes.find((n) => n.name === `${pkg.name}.stripeComplete`)!;

describe("the nodes in n8n's node panel", () => {
	it('replicates the search it relies on', () => {
		expect(found('stripe', { displayName: 'Stripe Complete', alias: [] })).toBe(true);
		expect(found('scom', { displayName: 'Stripe Complete', alias: [] })).toBe(true);
		expect(found('refund trig', { displayName: 'Stripe', alias: ['Refund'] })).toBe(true);
		expect(found('refund', { displayName: 'Stripe Complete', alias: [] })).toBe(false);
	});

	it('gives every node a codex n8n reads: its own name, the categories of n8n’s Stripe nodes, no subcategories', () => {
		expect(nodes.map((n) => n.name)).toEqual(
			expect.arrayContaining([`${pkg.name}.stripeComplete`, `${pkg.name}.stripeCompleteTrigger`]),
		);
		for (const { file, name, codex } of nodes) {
			expect({ file, node: codex?.node, categories: codex?.categories }).toEqual({
				file,
				node: name,
				categories: ['Finance & Accounting', 'Sales'],
			});
			// n8n reads subcategories only under Core Nodes, AI and Human in the Loop; an app keeps to "App Nodes".
			expect({ file, subcategories: codex!.subcategories }).toEqual({
				file,
				subcategories: undefined,
			});
			expect(codex!.resources?.primaryDocumentation?.[0].url).toMatch(/^https:\/\//);
		}
	});

	it.each(SEARCHES)(
		'finds every entry of the package when "%s" is typed, by its aliases',
		(typed) => {
			const entries = panelEntries();
			expect(entries.length).toBeGreaterThan(0);
			for (const entry of entries) {
				expect({ entry: entry.displayName, found: found(typed, entry) }).toEqual({
					entry: entry.displayName,
					found: true,
				});
				// The name alone would not do: the codex aliases are what the panel finds.
				expect({ entry: entry.displayName, byName: found(typed, { ...entry, alias: [] }) }).toEqual(
					{ entry: entry.displayName, byName: false },
				);
			}
		},
	);

	it('shows Stripe Complete and its webhook trigger as one entry, the polling trigger and the sync as their own', () => {
		expect(panelEntries().map((e) => e.name)).toEqual([
			`${pkg.name}.stripeComplete`,
			`${pkg.name}.stripeCompletePollingTrigger`,
			`${pkg.name}.stripeCompleteSyncTrigger`,
		]);
	});

	it('finds the sync by "sync", by its name alone', () => {
		const sync = panelEntries().find((e) => e.name === `${pkg.name}.stripeCompleteSyncTrigger`)!;
		expect(found('sync', { ...sync, alias: [] })).toBe(true);
		expect(found('stripe sync', { ...sync, alias: [] })).toBe(true);
	});

	it('has each entry say what it holds, in words of its own', () => {
		const [merged, polling] = panelEntries();
		// The merged entry keeps the action node's name, in the trigger panel too, and n8n shows the
		// trigger's text for it: that text is the action node's own, then the webhook's.
		expect(merged.displayName).toBe('Stripe Complete');
		expect(merged.description.startsWith(`${app.description.description}; `)).toBe(true);
		expect(merged.description).toMatch(/\bStripe events, by webhook$/);
		expect(polling.description).toMatch(/poll/i);
		const descriptions = nodes.map((n) => n.description.description);
		expect(new Set(descriptions).size).toBe(descriptions.length);
	});

	it("lists the panel's resources, every operation of each, and no others", () => {
		const listed = panelActions(app.description).map((a) => a.id);
		const expected = resources
			.filter((r) => COMMON_RESOURCES.includes(r.value))
			.flatMap((r) => r.operations.map((o) => `${r.value}.${o.value}`));
		expect([...listed].sort()).toEqual([...expected].sort());
		// n8n adds 5 entries a frame, resource labels included: some 250 entries show within a second.
		expect(listed.length + COMMON_RESOURCES.length).toBeLessThanOrEqual(260);
		expect(COMMON_RESOURCES.every((r) => resources.some((x) => x.value === r))).toBe(true);
	});

	it('names every node and tool after its action, the resources the panel leaves out too', () => {
		// n8n's own functions: the name a new node gets, the description a tool gets.
		for (const resource of resources)
			for (const operation of resource.operations) {
				const parameters = { resource: resource.value, operation: operation.value };
				expect(NodeHelpers.makeNodeName(parameters, app.description)).toBe(operation.action);
				expect(NodeHelpers.makeDescription(parameters, app.description)).toBe(
					`${operation.action} in Stripe Complete`,
				);
			}
	});

	it('keeps the panel-only Operation list out of the form', () => {
		const hidden = app.description.properties.filter(
			(p): p is INodeProperties => p.name === 'operation' && !!p.displayOptions?.hide,
		);
		expect(hidden).toHaveLength(1);
		expect(hidden[0].displayOptions!.hide!.resource).toEqual(
			hidden[0].displayOptions!.show!.resource,
		);
		expect(hidden[0].options).toEqual([]);
	});

	it.each(TRIGGER_WORDS)(
		'finds exactly %s when "%s" is typed, in either panel',
		(_, typed, names) => {
			// Both panels search every entry (the actions panel lists the triggers under "Results in other
			// categories"); the webhook trigger is found through Stripe Complete's entry.
			const shown = panelEntries()
				.filter((entry) => found(typed, entry))
				.map((entry) => entry.name);
			expect(shown).toEqual(names.map((name) => `${pkg.name}.${name}`));
		},
	);

	it.each(OTHER_NODES)('finds none of the entries when "%s" is typed', (typed) => {
		expect(panelEntries().filter((entry) => found(typed, entry))).toEqual([]);
	});

	it.each(ACTION_WORDS)('finds Stripe Complete for "%s", whose list offers %s', (typed, id) => {
		const merged = panelEntries().find((e) => e.name === app.name)!;
		expect(found(typed, merged)).toBe(true);
		expect(panelActions(app.description).map((a) => a.id)).toContain(id);
	});

	it('names an action of the list with every alias made of action words', () => {
		const words = (text: string) => text.toLowerCase().split(/\s+/);
		const labels = panelActions(app.description).map((a) => words(a.label));
		// Action words: a verb an action starts with ("Create", "Capture"), or a file it gives.
		const verbs = new Set([...labels.map((label) => label[0]), 'pdf']);
		const actionWords = app.codex!.alias!.filter((alias) => words(alias).some((w) => verbs.has(w)));
		expect(actionWords.length).toBeGreaterThan(10);
		for (const alias of actionWords) {
			const named = labels.some((label) =>
				words(alias).every((w) => label.some((l) => l === w || l === `${w}s` || `${l}s` === w)),
			);
			expect({ alias, named }).toEqual({ alias, named: true });
		}
	});
});
