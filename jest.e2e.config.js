/** End-to-end tests: the packed package in a real n8n (installed once into a cache outside the repo). */
module.exports = {
	...require('./jest.config'),
	roots: ['<rootDir>/test/e2e'],
	testPathIgnorePatterns: ['/node_modules/'],
	testMatch: ['**/*.e2e.test.ts'],
	globalSetup: '<rootDir>/test/e2e/setup/hold-default-ports.js',
	globalTeardown: '<rootDir>/test/e2e/setup/release-default-ports.js',
	// The first run installs n8n (several minutes); later runs reuse the cache.
	testTimeout: 20 * 60 * 1000,
};
