/** Invalid input, reported as a NodeOperationError naming the field before any request is sent. */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		/** Where the field is: the node's form, or the credential. */
		readonly where: 'node' | 'credential' = 'node',
	) {
		super(`${field}: ${problem}`);
	}
}

/** An answer from Stripe (or whatever answers at the Base URL) that is not what the request promises. */
export class MalformedResponse extends Error {
	constructor(problem: string) {
		super(`Stripe's answer could not be read: ${problem}`);
	}
}
