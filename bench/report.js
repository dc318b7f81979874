'use strict';
/** What the benchmarks share to report: figures, a Markdown table and their own section of docs/benchmarks.md. */
const fs = require('fs');
const path = require('path');

const FILE = path.join(__dirname, '..', 'docs', 'benchmarks.md');

/** A number with `digits` decimals; none: a dash. */
const fixed = (n, digits = 1) => (n === undefined ? '—' : n.toFixed(digits));

function table(header, rows) {
	const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
	const line = (cells) =>
		`| ${cells.map((cell, c) => String(cell).padEnd(widths[c])).join(' | ')} |`;
	return [
		line(header),
		`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
		...rows.map(line),
	].join('\n');
}

/**
 * Replaces the section that `text` starts with (its "## " heading up to the next one), or appends it at the end;
 * every other section stays as it is. Resolves to the file's path from the repository root.
 */
function writeSection(text) {
	const heading = text.slice(0, text.indexOf('\n'));
	const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n';
	const start = current.indexOf(`\n${heading}\n`);
	const before = start >= 0 ? current.slice(0, start) : current;
	const next = start >= 0 ? current.indexOf('\n## ', start + 1) : -1;
	const after = next >= 0 ? current.slice(next + 1) : '';
	fs.mkdirSync(path.dirname(FILE), { recursive: true });
	fs.writeFileSync(FILE, `${before.trimEnd()}\n\n${text.trimEnd()}\n${after ? `\n${after}` : ''}`);
	return path.relative(path.join(__dirname, '..'), FILE);
}

module.exports = { table, fixed, writeSection };
