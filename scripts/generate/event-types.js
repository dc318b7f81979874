'use strict';
/**
 * The event types of the installed stripe SDK, read from its own type definitions: every member of its
 * `Event` union, with the type string and the SDK's description.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const DEFINITIONS = path.join(
	path.dirname(require.resolve('stripe', { paths: [ROOT] })),
	'resources',
	'Events.d.ts',
);

/** The SDK's event types, sorted by type: [{ value, description }]. */
function eventTypes(definitions = fs.readFileSync(DEFINITIONS, 'utf8')) {
	const union = /export type Event = ([^;]+);/.exec(definitions);
	if (!union) throw new Error(`No "export type Event = ..." union in ${DEFINITIONS}`);
	const members = union[1].split('|').map((name) => name.trim());
	const interfaces = new Map();
	const declaration =
		/\/\*\*\n((?:[ \t]*\*.*\n)*?)[ \t]*\*\/\nexport interface (\w+) extends EventBase \{\n\s*type: '([^']+)';/g;
	for (const [, comment, name, type] of definitions.matchAll(declaration)) {
		const description = comment
			.split('\n')
			.map((line) => line.replace(/^\s*\*\s?/, '').trim())
			.filter(Boolean)
			.join(' ');
		interfaces.set(name, { value: type, description });
	}
	const types = members.map((name) => {
		const found = interfaces.get(name);
		if (!found)
			throw new Error(
				`The Event union names ${name}, but no "interface ${name} extends EventBase" with a type was found`,
			);
		return found;
	});
	return types.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The file's text; `generated` says where it comes from. */
const render = (types, generated) => `${JSON.stringify({ generated, types }, null, '\t')}\n`;

module.exports = { eventTypes, render, DEFINITIONS };
