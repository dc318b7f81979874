#!/usr/bin/env node
'use strict';
/**
 * `npm run generate` writes every file the node reads from the pinned `stripe` SDK: the operations table
 * and the output schemas (nodes/StripeComplete/generated) and the event types (nodes/shared/generated).
 * `--check` exits 1 when a committed file differs from what the SDK gives; `--out <folder>` writes or
 * checks the files in another folder. docs.js then writes the docs from the built package.
 */
const fs = require('fs');
const path = require('path');
const { generate, schemasText, SDK_VERSION } = require('./operations');
const { eventTypes, render } = require('./event-types');

const ROOT = path.join(__dirname, '../..');
const out = process.argv.includes('--out')
	? path.resolve(process.argv[process.argv.indexOf('--out') + 1])
	: undefined;
const folder = (place) => out ?? path.join(ROOT, place);
const generated = `by scripts/generate from stripe ${SDK_VERSION} (npm run generate); do not edit by hand`;

const { table, schemas } = generate(generated);
const types = eventTypes();
const files = [
	[
		path.join(folder('nodes/StripeComplete/generated'), 'operations.json'),
		`${JSON.stringify(table, null, '\t')}\n`,
	],
	[path.join(folder('nodes/StripeComplete/generated'), 'schemas.json'), schemasText(schemas)],
	[path.join(folder('nodes/shared/generated'), 'event-types.json'), render(types, generated)],
];
const named = (file) => path.relative(ROOT, file);

if (process.argv.includes('--check')) {
	const stale = files.filter(
		([file, text]) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '') !== text,
	);
	for (const [file] of stale)
		console.error(
			`${named(file)} differs from what stripe ${SDK_VERSION} generates: run npm run generate and review the diff`,
		);
	if (stale.length) process.exit(1);
	console.log(`${files.map(([file]) => named(file)).join(', ')} match stripe ${SDK_VERSION}`);
} else {
	for (const [file, text] of files) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, text);
	}
	const size = (text) => `${(text.length / 1024).toFixed(0)} KB`;
	console.log(
		`Wrote ${table.operations.length} operations (${size(files[0][1])}) to ${named(files[0][0])}`,
	);
	console.log(
		`Wrote the output schemas of ${Object.values(schemas.returnedBy).flat().length} methods (${Object.keys(schemas.schemas).length} objects, ${size(files[1][1])}) to ${named(files[1][0])}`,
	);
	console.log(`Wrote ${types.length} event types to ${named(files[2][0])}`);
}
