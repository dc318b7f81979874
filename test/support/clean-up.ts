/** Runs a suite's clean-ups, last first; one that fails is reported and the others still run. */
export async function cleanUp(cleanups: Array<() => unknown>) {
	while (cleanups.length) {
		try {
			await cleanups.pop()!();
		} catch (error) {
			console.error(`clean-up: ${(error as Error).message}`);
		}
	}
}
