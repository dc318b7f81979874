import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { registry, resourceOverlays } from '../../nodes/StripeComplete/resources/registry';

/**
 * The layout the README describes, kept true for the whole repository: each folder imports only what
 * it may, nothing imports test/, no import circles, small hand-written files, one shared core for the
 * nodes. STRUCTURE_ROOT checks another checkout (an older tree, to see these rules fail on it).
 */
const ROOT = path.resolve(process.env.STRUCTURE_ROOT ?? path.join(__dirname, '../..'));

/** A repository as the rules see it: its code files, what each imports, how long each is. */
interface House {
	files: string[];
	imports: Map<string, string[]>;
	lines: Map<string, number>;
}

const CODE = /\.(ts|js|mjs|cjs)$/;
/** Files written by a generator (marked as such), never by hand. */
const isGenerated = (file: string) => /(^|\/)generated\//.test(file);

function readHouse(root: string): House {
	const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
		.split('\n')
		.filter((file) => file && fs.existsSync(path.join(root, file)));
	const files = tracked.filter((file) => CODE.test(file) && !file.endsWith('.d.ts'));
	const known = new Set(tracked);
	const imports = new Map<string, string[]>();
	const lines = new Map<string, number>();
	for (const file of files) {
		const text = fs.readFileSync(path.join(root, file), 'utf8');
		lines.set(file, text.split('\n').length);
		imports.set(file, importsIn(file, text, known));
	}
	return { files, imports, lines };
}

/**
 * The repository files a file's text imports, as paths from the root: `import ... from`, `export ... from`,
 * `require()`, `import()` and `jest.mock()` of a relative path. A path into dist/ (the build) is kept as
 * written, built or not.
 */
function importsIn(file: string, text: string, known: Set<string>): string[] {
	const specifiers = [
		...text.matchAll(
			/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*|\bjest\.mock\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g,
		),
	].map((m) => m[1]);
	return specifiers.map((specifier) => {
		const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
		if (base.startsWith('dist/')) return base;
		const candidates = ['', '.ts', '.js', '.json', '/index.ts', '/index.js'].map(
			(end) => base + end,
		);
		return candidates.find((candidate) => known.has(candidate)) ?? `${base} (not found)`;
	});
}

/** Where each folder may import from; a folder not named here is not code. */
const MAY_IMPORT: Array<[RegExp, RegExp]> = [
	// The package: what it ships.
	[/^(nodes|credentials)\//, /^(nodes|credentials)\//],
	// The local services: themselves, and the SDK's declarations as `npm run generate` extracted them.
	[/^stand-ins\//, /^(stand-ins\/|nodes\/[\w/]*generated\/[\w-]+\.json$)/],
	// Generators, the build step, the n8n harness, the demos: the stand-ins and the built package.
	[/^scripts\//, /^(scripts|stand-ins|dist)\/|^package\.json$/],
	[/^bench\//, /^(bench|scripts|stand-ins|dist)\//],
	[/^test\//, /^(test|nodes|credentials|scripts|stand-ins|dist)\/|^package\.json$/],
	[/^[\w.-]+$/, /^[\w.-]+$/],
];

/** Every import that breaks a rule, as "file -> imported". */
function forbiddenImports(house: House): string[] {
	return house.files.flatMap((file) => {
		const rule = MAY_IMPORT.find(([from]) => from.test(file));
		return house.imports
			.get(file)!
			.filter((imported) => !rule || !rule[1].test(imported))
			.map((imported) => `${file} -> ${imported}`);
	});
}

/** Every file outside test/ that imports test/. */
const importsOfTest = (house: House) =>
	house.files.flatMap((file) =>
		file.startsWith('test/')
			? []
			: house.imports
					.get(file)!
					.filter((imported) => imported.startsWith('test/'))
					.map((imported) => `${file} -> ${imported}`),
	);

/** Hand-written files over their size: 600 lines in test/, 400 elsewhere. */
const tooLong = (house: House) =>
	house.files
		.filter((file) => !isGenerated(file))
		.map((file) => [file, house.lines.get(file)!, file.startsWith('test/') ? 600 : 400] as const)
		.filter(([, lines, most]) => lines > most)
		.map(([file, lines, most]) => `${file}: ${lines} lines (at most ${most})`);

/** Every import circle, each as the files along it. */
function circles(house: House): string[][] {
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
		for (const next of house.imports.get(file) ?? []) visit(next);
		trail.pop();
		state.set(file, 'done');
	};
	for (const file of house.files) visit(file);
	return found;
}

const house = readHouse(ROOT);
const importsOf = (file: string) => house.imports.get(file) ?? [];

describe('the structure of the repository', () => {
	it('reads the imports it checks, in every folder', () => {
		// The rules below mean something only if imports are found where they are known to be.
		expect(importsOf('nodes/StripeComplete/StripeComplete.node.ts')).toContain(
			'nodes/StripeComplete/runner/index.ts',
		);
		expect(importsOf('test/support/harness.ts')).toContain('stand-ins/stripe/index.js');
		expect(importsOf('scripts/demo/dev-setup.js')).toContain('stand-ins/stripe/index.js');
		expect(importsOf('bench/refunds.js')).toContain('stand-ins/fault-proxy.js');
		for (const folder of ['nodes/', 'stand-ins/', 'scripts/', 'test/', 'bench/'])
			expect(house.files.filter((file) => file.startsWith(folder)).length).toBeGreaterThan(4);
	});

	it('finds what each rule forbids in a made-up house', () => {
		const made: House = {
			files: ['stand-ins/a.js', 'scripts/b.js', 'test/c.ts', 'bench/d.js', 'nodes/e.ts'],
			imports: new Map([
				['stand-ins/a.js', ['scripts/b.js']],
				['scripts/b.js', ['test/c.ts']],
				['test/c.ts', ['stand-ins/a.js']],
				['bench/d.js', ['dist/nodes/x.js']],
				['nodes/e.ts', ['stand-ins/a.js']],
			]),
			lines: new Map([
				['stand-ins/a.js', 401],
				['scripts/b.js', 10],
				['test/c.ts', 600],
				['bench/d.js', 10],
				['nodes/e.ts', 10],
			]),
		};
		expect(forbiddenImports(made)).toEqual([
			'stand-ins/a.js -> scripts/b.js',
			'scripts/b.js -> test/c.ts',
			'nodes/e.ts -> stand-ins/a.js',
		]);
		expect(importsOfTest(made)).toEqual(['scripts/b.js -> test/c.ts']);
		expect(tooLong(made)).toEqual(['stand-ins/a.js: 401 lines (at most 400)']);
		expect(circles(made)).toEqual([
			['stand-ins/a.js', 'scripts/b.js', 'test/c.ts', 'stand-ins/a.js'],
		]);
	});

	it('imports only what each folder may: stand-ins nothing of ours, scripts only stand-ins and dist/', () => {
		expect(forbiddenImports(house)).toEqual([]);
	});

	it('has nothing outside test/ importing test/', () => {
		expect(importsOfTest(house)).toEqual([]);
	});

	it('keeps in test/support only the TypeScript harnesses that tests import', () => {
		const support = house.files.filter((file) => file.startsWith('test/support/'));
		const imported = new Set(house.files.flatMap(importsOf));
		expect(support.filter((file) => !file.endsWith('.ts') || !imported.has(file))).toEqual([]);
	});

	it('has no import circles', () => {
		expect(circles(house)).toEqual([]);
	});

	it('keeps every hand-written file at most 400 lines, 600 in test/', () => {
		expect(tooLong(house)).toEqual([]);
	});

	it('types the stand-ins where they are written, with no hand-kept declarations beside them', () => {
		const declarations = fs
			.readdirSync(path.join(ROOT, 'stand-ins'), { recursive: true, encoding: 'utf8' })
			.filter((file) => file.endsWith('.d.ts'));
		expect(declarations).toEqual([]);
	});

	it('gives the triggers what they share from nodes/shared, never from the action node', () => {
		const triggers = house.files.filter((file) => /^nodes\/StripeComplete\w*Trigger\//.test(file));
		expect(triggers.length).toBeGreaterThan(3);
		for (const file of triggers)
			for (const imported of importsOf(file))
				expect([file, imported]).toEqual([
					file,
					expect.stringMatching(/^nodes\/(shared\/|StripeComplete\w*Trigger\/)/),
				]);
	});

	it('keeps nodes/shared free of the nodes that use it', () => {
		for (const file of house.files.filter((f) => f.startsWith('nodes/shared/')))
			for (const imported of importsOf(file))
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
