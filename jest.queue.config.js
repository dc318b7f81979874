/** The queue-mode suite: n8n main, a webhook processor and two workers over Redis and PostgreSQL. */
module.exports = {
	...require('./jest.e2e.config'),
	testMatch: ['**/*.queue.test.ts'],
};
