'use strict';
/**
 * What an SDK upgrade changes for users, from the generated operations table before and after
 * (nodes/StripeComplete/generated/operations.json): operations added or removed, and in each operation
 * kept its fields added, removed or changed (type, required, options), as CHANGELOG.md lines under
 * Keep a Changelog's headings. Operations are named as the node shows them (docs/operations.md).
 */

/** Each SDK method's operations as docs/operations.md names them: `customers.create` => ['Customer > Create']. */
function operationNames(markdown) {
	const names = new Map();
	let resource;
	for (const line of markdown.split('\n')) {
		const heading = /^## (.+)$/.exec(line);
		if (heading) resource = heading[1];
		const row = /^\| ([^|]+) \|.*\| ([^|]*`[^|]*) \|$/.exec(line);
		if (!row || !resource) continue;
		for (const [, sdk] of row[2].matchAll(/`([^`]+)`/g))
			names.set(sdk, [...(names.get(sdk) ?? []), `${resource} > ${row[1].trim()}`]);
	}
	return names;
}

const key = (operation) => `${operation.sdk}.${operation.method}`;

/** A field's type as the form takes it: `enum`, `array of string`, `json`. */
const typeOf = (field) =>
	field.type === 'array' ? `array of ${field.of ? typeOf(field.of) : 'any'}` : field.type;

/** An operation's fields by path (`address.city` for a field of an object), in the table's order. */
function fieldsOf(operation) {
	const fields = new Map();
	const walk = (params, prefix) => {
		for (const param of params ?? []) {
			const path = prefix + param.name;
			fields.set(path, {
				type: typeOf(param),
				shape: param.shape ?? param.of?.shape,
				required: Boolean(param.required),
				options: param.values ?? param.of?.values ?? [],
			});
			walk(param.fields, `${path}.`);
		}
	};
	walk(operation.params, '');
	return fields;
}

const listed = (values) => values.map((v) => `\`${v}\``).join(', ');

/** How one field changed, in words; empty when it did not. */
function fieldChange(before, after) {
	const changes = [];
	const typed = (field) => (field.shape ? `${field.type} ${field.shape}` : field.type);
	if (before.type !== after.type) changes.push(`type ${typed(before)} → ${typed(after)}`);
	// What a JSON field takes is its shape: a new shape is a changed field.
	else if (before.shape !== after.shape) changes.push(`shape ${before.shape} → ${after.shape}`);
	if (before.required !== after.required)
		changes.push(after.required ? 'now required' : 'no longer required');
	const added = after.options.filter((v) => !before.options.includes(v));
	const removed = before.options.filter((v) => !after.options.includes(v));
	if (added.length) changes.push(`options added: ${listed(added)}`);
	if (removed.length) changes.push(`options removed: ${listed(removed)}`);
	return changes.join(', ');
}

/** How an operation itself changed (its endpoint, its deprecation), in words. */
function operationChange(before, after) {
	const changes = [];
	if (`${before.http} ${before.path}` !== `${after.http} ${after.path}`)
		changes.push(`calls ${after.http} ${after.path} (was ${before.http} ${before.path})`);
	if (Boolean(before.deprecated) !== Boolean(after.deprecated))
		changes.push(after.deprecated ? 'deprecated by Stripe' : 'no longer deprecated');
	return changes;
}

/**
 * The changes between two tables: `{ added, removed, changed }`, each a list of
 * `{ operation, fields?, changes? }` in the table's order. An operation is an SDK method; a kept one is
 * listed when a field or the operation itself changed.
 */
function tableChanges(before, after) {
	const old = new Map(before.operations.map((o) => [key(o), o]));
	const now = new Map(after.operations.map((o) => [key(o), o]));
	const added = after.operations.filter((o) => !old.has(key(o))).map((o) => ({ operation: o }));
	const removed = before.operations.filter((o) => !now.has(key(o))).map((o) => ({ operation: o }));
	const changed = [];
	for (const operation of after.operations.filter((o) => old.has(key(o)))) {
		const was = fieldsOf(old.get(key(operation)));
		const is = fieldsOf(operation);
		const fields = {
			added: [...is].filter(([path]) => !was.has(path)),
			removed: [...was].filter(([path]) => !is.has(path)),
			changed: [...is]
				.filter(([path]) => was.has(path))
				.map(([path, field]) => [path, fieldChange(was.get(path), field)])
				.filter(([, change]) => change),
		};
		const changes = operationChange(old.get(key(operation)), operation);
		if (changes.length || Object.values(fields).some((list) => list.length))
			changed.push({ operation, fields, changes });
	}
	return { added, removed, changed };
}

/** A field as a changelog line shows it: `` `tax.validate_location` (enum: `deferred`, `immediately`) ``. */
const fieldText = ([path, field]) =>
	`\`${path}\` (${field.type}${field.options.length ? `: ${listed(field.options)}` : ''}${field.required ? ', required' : ''})`;

/**
 * The CHANGELOG.md section of an upgrade: the SDK and API versions, then `### Added`, `### Changed`,
 * `### Removed` (only those with entries). `names` before and after are operationNames() of each docs.
 */
function changelogText(before, after, names = { before: new Map(), after: new Map() }) {
	const { added, removed, changed } = tableChanges(before, after);
	const label = (operation, known) => {
		const shown = known.get(key(operation));
		return shown ? `${shown.join(', ')} (\`${key(operation)}\`)` : `\`${key(operation)}\``;
	};
	const sections = { Added: [], Changed: [], Removed: [] };
	for (const { operation } of added)
		sections.Added.push(`- Operation ${label(operation, names.after)}`);
	for (const { operation, fields, changes } of changed) {
		const name = label(operation, names.after);
		if (fields.added.length)
			sections.Added.push(`- ${name}: ${fields.added.map(fieldText).join(', ')}`);
		const lines = [...changes, ...fields.changed.map(([path, change]) => `\`${path}\` ${change}`)];
		if (lines.length) sections.Changed.push(`- ${name}: ${lines.join('; ')}`);
		if (fields.removed.length)
			sections.Removed.push(
				`- ${name}: ${fields.removed.map(([path]) => `\`${path}\``).join(', ')}`,
			);
	}
	for (const { operation } of removed)
		sections.Removed.push(`- Operation ${label(operation, names.before)}`);
	sections.Changed.unshift(
		`- The \`stripe\` SDK is ${after.sdkVersion} (was ${before.sdkVersion}), Stripe API version ${after.apiVersion}` +
			(after.apiVersion === before.apiVersion ? '' : ` (was ${before.apiVersion})`),
	);
	return Object.entries(sections)
		.filter(([, lines]) => lines.length)
		.map(([heading, lines]) => `### ${heading}\n\n${lines.join('\n')}\n`)
		.join('\n');
}

module.exports = { operationNames, tableChanges, changelogText };
