/** Secret-looking values: secret and restricted keys, and webhook signing secrets. */
const SECRET = /\b(sk_(?:test|live)|rk_(?:test|live)|whsec)_(?!\.\.\.)[^\s"'`<>(){}[\],;&|\\]+/g;

/** Hides secret keys and signing secrets, and the configured key whatever its shape, in a text. */
export function redact(text: string, secretKey?: string): string {
	const known = secretKey?.trim();
	const hidden =
		known && known.length >= 8
			? text.split(known).join(`${/^\w{2}_\w{4}/.exec(known)?.[0] ?? 'key'}_[redacted]`)
			: text;
	return hidden.replace(SECRET, '$1_[redacted]');
}

/** `redact` on every string in a value, however deep. */
export function redactAll<T>(value: T, secretKey?: string): T {
	if (typeof value === 'string') return redact(value, secretKey) as T;
	if (Array.isArray(value)) return value.map((v) => redactAll(v, secretKey)) as T;
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, redactAll(v, secretKey)]),
		) as T;
	return value;
}
