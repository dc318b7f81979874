'use strict';
/**
 * Places the output schema of every operation of the action node where n8n looks for it:
 * `<node folder>/__schema__/v<major.minor.patch>/<resource>/<operation>.json`, served to the editor at
 * `/schemas/<node type>/<version>/<resource>/<operation>.json` to show the output's fields before a run.
 * Resource and Operation are the node's values; each operation's schema is that of the SDK methods it
 * calls, from nodes/StripeComplete/generated/schemas.json (`npm run generate`).
 * `node scripts/build/schema-files.js` writes them into dist/ after tsc (part of `npm run build`).
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '../..');
const GENERATED = path.join(ROOT, 'nodes/StripeComplete/generated');
const DIST_NODE = path.join(ROOT, 'dist/nodes/StripeComplete');

/** n8n's folder of a node version: 1 is v1.0.0, 1.1 is v1.1.0 (n8n-core pads the version so). */
const versionFolder = (version) =>
	`v${String(version).split('.').concat(['0', '0']).slice(0, 3).join('.')}`;

/** The file n8n reads for one operation of the node in `nodeDir` (the folder of its .node.js). */
const schemaPath = (nodeDir, version, resource, operation) =>
	path.join(nodeDir, '__schema__', versionFolder(version), resource, `${operation}.json`);

/** The generated schemas and table: each SDK method's schema, and which methods download a file. */
function readGenerated(folder = GENERATED) {
	const read = (file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8'));
	const { returnedBy, schemas } = read('schemas.json');
	const methods = Object.fromEntries(
		Object.entries(returnedBy).flatMap(([name, sdks]) => sdks.map((sdk) => [sdk, name])),
	);
	const downloads = new Set(
		read('operations.json')
			.operations.filter((m) => m.download)
			.map((m) => `${m.sdk}.${m.method}`),
	);
	return { methods, schemas, downloads };
}

/**
 * The schema of an operation's output item: that of the SDK methods it calls, a file download aside
 * (Download PDF gives the quote it retrieves, with the PDF as binary data). Undefined where there is
 * none: API Request calls any path, and a method whose answer has no fields gives nothing to show.
 */
function operationSchema(operation, generated) {
	const calls = (operation.sdk ?? []).filter((sdk) => !generated.downloads.has(sdk));
	const names = [...new Set(calls.map((sdk) => generated.methods[sdk]))];
	if (names.length > 1)
		throw new Error(
			`${operation.value} calls ${calls.join(', ')}, whose answers differ (${names.join(', ')}): which one is its output?`,
		);
	return names[0] === undefined ? undefined : generated.schemas[names[0]];
}

/** Every schema file of the node: its path under `nodeDir`, and the schema; with the operations that have none. */
function schemaFiles(resources, versions, nodeDir, generated = readGenerated()) {
	const files = [];
	const without = [];
	for (const resource of resources)
		for (const operation of resource.operations) {
			const schema = operationSchema(operation, generated);
			if (!schema) {
				without.push(`${resource.value}.${operation.value}`);
				continue;
			}
			for (const version of versions)
				files.push({
					path: schemaPath(nodeDir, version, resource.value, operation.value),
					schema,
				});
		}
	return { files, without };
}

/** Writes the node's schema files (minified) under `nodeDir`, replacing any there. */
function writeSchemaFiles(resources, versions, nodeDir, generated = readGenerated()) {
	const { files, without } = schemaFiles(resources, versions, nodeDir, generated);
	fs.rmSync(path.join(nodeDir, '__schema__'), { recursive: true, force: true });
	let bytes = 0;
	for (const file of files) {
		const text = JSON.stringify(file.schema);
		fs.mkdirSync(path.dirname(file.path), { recursive: true });
		fs.writeFileSync(file.path, text);
		bytes += text.length;
	}
	return { count: files.length, bytes, without };
}

/** The compiled node's operations and versions, as n8n loads them. */
function compiledNode(nodeDir = DIST_NODE) {
	const { resources } = require(path.join(nodeDir, 'resources/registry.js'));
	const { StripeComplete } = require(path.join(nodeDir, 'StripeComplete.node.js'));
	return { resources, versions: [new StripeComplete().description.version].flat() };
}

module.exports = {
	versionFolder,
	schemaPath,
	readGenerated,
	operationSchema,
	schemaFiles,
	writeSchemaFiles,
};

if (require.main === module) {
	const { resources, versions } = compiledNode();
	const { count, bytes, without } = writeSchemaFiles(resources, versions, DIST_NODE);
	console.log(
		`Wrote ${count} output schemas (${(bytes / 1024).toFixed(0)} KB) to ${path.relative(ROOT, DIST_NODE)}/__schema__; none for ${without.join(', ')}`,
	);
}
