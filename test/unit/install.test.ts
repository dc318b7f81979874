import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { missingPackages } = require('../../scripts/install.js');

describe('the install before npm test, demo and dev', () => {
	let root: string;
	const lock = {
		packages: {
			'': { name: 'n8n-nodes-stripe-complete' },
			'node_modules/stripe': { version: '23.1.0' },
			'node_modules/jest': { version: '29.7.0', dev: true },
			'node_modules/fsevents': { version: '2.3.3', dev: true, optional: true },
		},
	};
	const write = (file: string, value: unknown) =>
		writeFileSync(join(root, file), JSON.stringify(value));
	const installed = (packages: Record<string, { version: string }>) => {
		mkdirSync(join(root, 'node_modules'), { recursive: true });
		write('node_modules/.package-lock.json', { packages });
	};

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'install-'));
		write('package-lock.json', lock);
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('installs on a fresh clone, which has no node_modules', () => {
		expect(missingPackages(root)).toEqual(['node_modules']);
	});

	it('installs nothing when every locked package is there at its version, optional ones for other platforms aside', () => {
		installed({
			'node_modules/stripe': { version: '23.1.0' },
			'node_modules/jest': { version: '29.7.0' },
		});
		expect(missingPackages(root)).toEqual([]);
	});

	it('installs when a package is missing or at another version than the lockfile says', () => {
		installed({ 'node_modules/stripe': { version: '22.0.0' } });
		expect(missingPackages(root)).toEqual(['node_modules/stripe', 'node_modules/jest']);
	});

	it("this checkout's node_modules is what its lockfile names", () => {
		expect(missingPackages()).toEqual([]);
	});
});
