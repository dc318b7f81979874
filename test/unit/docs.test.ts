import { readFileSync } from 'fs';
import { effectOf } from '../../nodes/StripeComplete/operations/effects';
import { methods } from '../../nodes/StripeComplete/operations/table';
import { resources } from '../../nodes/StripeComplete/resources/registry';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const {
	renderDoc,
	renderSummary,
	withSummary,
	DOC,
	README,
} = require('../../scripts/generate/docs.js');

describe('operations documentation', () => {
	it('docs/operations.md lists every operation as the registry has it (npm run generate)', () => {
		expect(readFileSync(DOC, 'utf8')).toBe(`${renderDoc(resources, methods, effectOf)}\n`);
	});

	it("the README's summary is current, with the coverage against the SDK's method count", () => {
		const readme = readFileSync(README, 'utf8');
		expect(withSummary(readme, renderSummary(resources, methods))).toBe(readme);
		expect(readme).toMatch(/\d{3} of the pinned SDK's \d{3} API methods are operations/);
	});
});
