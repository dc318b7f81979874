/** Stripe's 400 answer to a request it refuses. */
export interface StripeRefusal {
	status: 400;
	error: {
		type: 'invalid_request_error';
		message: string;
		param?: string;
		code?: string;
		doc_url?: string;
	};
}

export interface RequestToCheck {
	method: string;
	/** The path, with its query string or without. */
	path: string;
	/** The raw query string (without `?`), or values as the SDK would send them. */
	query?: string | Record<string, unknown>;
	/** The raw body, or values as the SDK would send them (a form on /v1, JSON on /v2). */
	body?: string | Buffer | Record<string, unknown>;
	contentType?: string;
}

/** Stripe's answer to a request it refuses, or undefined for one it takes or whose path no rule knows. */
export function checkRequest(request: RequestToCheck): StripeRefusal | undefined;

/** One line: how many operations each source gives rules for. */
export function rulesSummary(): string;

export interface OperationRules {
	method: string;
	template: string;
	/** `spec`: Stripe's OpenAPI spec (with the SDK's newer parameters); `sdk`: the SDK's declarations only. */
	source: 'spec' | 'sdk';
	/** Whether the SDK has the operation. */
	inSdk: boolean;
	/** Parameters the SDK's declarations added to the spec's. */
	added: string[];
	/** Parameters of the spec the SDK no longer declares, removed from the API by its version. */
	removed: string[];
	/** Rules of the spec the SDK's declarations relaxed. */
	relaxed: string[];
	/** How many enum values the SDK's declarations added. */
	values: number;
}

export function operations(): OperationRules[];

/** The operation whose rules a request gets (its path template and their source), or undefined. */
export function operationFor(
	method: string,
	path: string,
): Pick<OperationRules, 'method' | 'template' | 'source'> | undefined;

/**
 * A valid value for one parameter of an operation (`business_profile.annual_revenue` or
 * `business_profile[annual_revenue]`), from the rules checkRequest() holds requests to: required
 * properties only, first enum values, text within its limit; `kind` picks among alternatives.
 * Undefined where the rules know no such
 * operation or parameter.
 */
export function exampleFor(
	method: string,
	path: string,
	param: string,
	kind?: 'object' | 'array' | 'string' | 'number' | 'boolean',
): unknown;
