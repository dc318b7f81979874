import fs from 'fs';
import path from 'path';
import { registry, resourceOverlays } from '../../nodes/StripeComplete/resources/registry';

/** The layout the README describes, kept true: no import circles, small files, one shared core. */
const ROOT = path.resolve(__dirname, '../..');
const sources = (dir: string): string[] =>
	fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const at = path.join(dir, entry.name);
		if (entry.isDirectory()) return sources(at);
		return entry.name.endsWith('.ts') ? [at] : [];
	});
const files = [...sources('nodes'), ...sources('credentials')];

/** The product files a file imports, as paths from the repository root. */
function importsOf(file: string): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const specifiers = [...text.matchAll(/(?:^|\n)(?:import|export)[^;]*?from '(\.[^']+)'/g)].map(
		(m) => m[1],
	);
	return specifiers.flatMap((specifier) => {
		const base = path.join(path.dirname(file), specifier);
		const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) =>
			files.includes(candidate),
		);
		return found ? [found] : [];
	});
}
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Every import circle, each as the files along it. */
function circles(): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const trail: string[] = [];
	const visit = (file: string) => {
		if (state.get(file) === 'done') return;
		if (state.get(file) === 'open') {
			found.push([...trail.slice(trail.indexOf(file)), file]);
			return;
		}
		state.set(file, 'open');
		trail.push(file);
		for (const next of graph.get(file) ?? []) visit(next);
		trail.pop();
		state.set(file, 'done');
	};
	for (const file of files) visit(file);
	return found;
}

describe('the structure of the package', () => {
	it('reads the imports it checks', () => {
		// The checks below mean something only if imports are found: the node imports its runner.
		expect(graph.get('nodes/StripeComplete/StripeComplete.node.ts')).toContain(
			'nodes/StripeComplete/runner/index.ts',
		);
		expect(files.length).toBeGreaterThan(50);
	});

	it('has no import circles', () => {
		expect(circles()).toEqual([]);
	});

	it('keeps every hand-written file under 400 lines', () => {
		const long = files
			.map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length])
			.filter(([, lines]) => (lines as number) > 400);
		expect(long).toEqual([]);
	});

	it('gives the triggers what they share from nodes/shared, never from the action node', () => {
		const triggers = files.filter((file) => /^nodes\/StripeComplete\w*Trigger\//.test(file));
		expect(triggers.length).toBeGreaterThan(3);
		for (const file of triggers)
			for (const imported of graph.get(file)!)
				expect([file, imported]).toEqual([
					file,
					expect.stringMatching(/^nodes\/(shared\/|StripeComplete\w*Trigger\/)/),
				]);
	});

	it('keeps nodes/shared free of the nodes that use it', () => {
		for (const file of files.filter((f) => f.startsWith('nodes/shared/')))
			for (const imported of graph.get(file)!)
				expect([file, imported]).toEqual([file, expect.stringMatching(/^nodes\/shared\//)]);
	});

	it('registers every overlay file, each named by the resource it overlays', () => {
		const dir = 'nodes/StripeComplete/resources';
		const overlayFiles = fs
			.readdirSync(path.join(ROOT, dir))
			.filter((name) => /^\w+\.ts$/.test(name))
			.map((name) => name.replace(/\.ts$/, ''))
			// The registry and its types; API Request is a resource of its own, not an overlay.
			.filter((name) => !['registry', 'types', 'apiRequest'].includes(name));
		expect(resourceOverlays.map((overlay) => overlay.resource).sort()).toEqual(overlayFiles.sort());
	});
});

describe('overlays', () => {
	it('refuses an overlay or a replacement for an operation the table does not give', () => {
		expect(() =>
			registry([{ resource: 'product', overlays: { del: { name: 'Remove' } } }]),
		).toThrow('Overlays for operations the table does not give: product.del');
		expect(() => registry([{ resource: 'quote', replaces: ['downloadPdf'] }])).toThrow(
			'quote.downloadPdf',
		);
		expect(() => registry([{ resource: 'customers', overlays: { create: {} } }])).toThrow(
			'customers.create',
		);
	});

	it('applies an overlay by the operation value users see', () => {
		const product = registry([
			{ resource: 'product', overlays: { delete: { name: 'Remove' } } },
		]).find((r) => r.value === 'product')!;
		expect(product.operations.find((o) => o.value === 'delete')!.name).toBe('Remove');
	});
});
