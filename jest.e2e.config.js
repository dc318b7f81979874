/** End-to-end tests: the packed package in a real n8n (installed once into a cache outside the repo). */
module.exports = {
	...require('./jest.config'),
	roots: ['<rootDir>/test/e2e'],
	// On n8n 1.x (test:e2e:n8n1), what does not depend on n8n's version is left out: the community package
	// scan, and `npm run dev`'s browser test (dev runs the pinned n8n).
	testPathIgnorePatterns: [
		'/node_modules/',
		...(process.env.N8N_VERSION?.startsWith('1.') ? ['/scanner\\.e2e', '/dev\\.e2e'] : []),
	],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/test/e2e/setup/hold-default-ports.js',
	globalTeardown: '<rootDir>/test/e2e/setup/release-default-ports.js',
	// The first run installs n8n (several minutes); later runs reuse the cache.
	testTimeout: 20 * 60 * 1000,
};
