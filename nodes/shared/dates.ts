import { FieldError } from './errors';
import { isObject, shown } from './values';

// Dates as n8n gives them (its date picker, Luxon, ISO text, Unix time) as the Unix seconds Stripe takes.

/** How far `timeZone` is ahead of UTC at the instant `utcMs`, in ms. */
function zoneOffset(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return (
		Date.UTC(
			part('year'),
			part('month') - 1,
			part('day'),
			part('hour'),
			part('minute'),
			part('second'),
		) -
		Math.floor(utcMs / 1000) * 1000
	);
}

/** ISO 8601 as n8n's date picker, Luxon and JavaScript write it: a date, optionally a time, optionally a zone. */
const ISO_DATE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** Stripe's timestamps run from the epoch to the end of year 9999. */
const LATEST = 253402300799;

function parseIsoDate(text: string, field: string, timeZone?: string): number {
	const m = ISO_DATE.exec(text);
	const invalid = () =>
		new FieldError(
			field,
			`is not a valid date: ${shown(text)}; use a date such as 2026-01-31 or 2026-01-31T12:00:00Z`,
		);
	if (!m) throw invalid();
	const [year, month, day, hour = 0, minute = 0, second = 0] = m
		.slice(1, 7)
		.map((part) => (part === undefined ? undefined : Number(part))) as number[];
	const ms = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(ms);
	// Date.UTC rolls 2024-02-30 over to March 1; a real calendar date and time comes back unchanged.
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day ||
		hour > 23 ||
		minute > 59 ||
		second > 59
	)
		throw invalid();
	const zone = m[8];
	if (zone) {
		if (zone.toUpperCase() === 'Z') return Math.floor(ms / 1000);
		const [, sign, hh, mm = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
		if (Number(hh) > 23 || Number(mm) > 59) throw invalid();
		return Math.floor(
			(ms - (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60000) / 1000,
		);
	}
	if (!timeZone) return Math.floor(ms / 1000);
	return Math.floor((ms - zoneOffset(ms - zoneOffset(ms, timeZone), timeZone)) / 1000);
}

/**
 * Dates from the n8n date picker or expressions (ISO text, Luxon, Date, unix s or ms) as unix seconds.
 * The picker gives local times without a zone: those are read in the workflow's time zone, as n8n means them.
 */
export function toUnixSeconds(value: unknown, field: string, timeZone?: string): number {
	let seconds: number;
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
		const n = Number(value);
		if (!Number.isFinite(n) || n < 0)
			throw new FieldError(field, `is not a valid date: ${shown(value)}`);
		seconds = Math.floor(n > 1e11 ? n / 1000 : n);
	} else if (value instanceof Date) {
		if (Number.isNaN(value.getTime()))
			throw new FieldError(field, 'is not a valid date: an invalid Date');
		seconds = Math.floor(value.getTime() / 1000);
	} else if (isObject(value) && typeof value.toISO === 'function') {
		// A Luxon DateTime, as $now and date expressions give; an invalid one has no ISO form.
		const iso = (value as unknown as { toISO(): string | null }).toISO();
		if (!iso) throw new FieldError(field, 'is not a valid date: an invalid date-time');
		seconds = parseIsoDate(iso, field);
	} else if (typeof value === 'string') seconds = parseIsoDate(value.trim(), field, timeZone);
	else throw new FieldError(field, `must be a date, got ${shown(value)}`);
	if (seconds < 0 || seconds > LATEST)
		throw new FieldError(field, `is out of range: ${shown(value)}`);
	return seconds;
}
