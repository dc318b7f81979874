import { sleep } from 'n8n-workflow';

/** Requests in flight at once unless the node's Concurrency says otherwise. */
export const DEFAULT_CONCURRENCY = 10;

const keepLastSecond = (times: number[], t: number) => {
	while (times.length && times[0] < t - 1000) times.shift();
	return times;
};

/**
 * Shared by every request of one node run. Bounds the requests in flight, and paces them all once
 * Stripe answers 429: the pace becomes the rate Stripe just accepted, then creeps up again while no
 * 429 comes, so a bulk run stays close to the account's limit without hammering it.
 */
export class Throttle {
	/** Requests per second; unbounded until the first 429. */
	rate = Infinity;

	private active = 0;
	private waiting: Array<() => void> = [];
	private nextSlot = 0;
	private pausedUntil = 0;
	private lastLimited = 0;
	private lastRaised = 0;
	/** Send times and 429 times over the last second, for the rate Stripe accepted. */
	private sent: number[] = [];
	private limited: number[] = [];
	private firstSent?: number;

	constructor(
		readonly concurrency: number,
		private readonly now = () => Date.now(),
	) {}

	/**
	 * Waits for a free slot and for the pace, and returns the send time; every acquire() is followed
	 * by one release(). The pace slot is taken after the wait, so a pace lowered (or a Retry-After
	 * received) meanwhile applies to requests already waiting, not only to later ones.
	 */
	async acquire(): Promise<number> {
		if (this.active >= this.concurrency)
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		for (let wait; (wait = Math.max(this.nextSlot, this.pausedUntil) - this.now()) > 0;)
			await sleep(wait);
		const t = this.now();
		if (Number.isFinite(this.rate)) this.nextSlot = t + 1000 / this.rate;
		this.firstSent ??= t;
		keepLastSecond(this.sent, t).push(t);
		return t;
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.active--;
	}

	/**
	 * An answer that was not a 429: the pace grows by max(1, 5% of it) requests per second of answers, the
	 * same for every run under 20 req/s while a 429 lowers each in proportion, so runs sharing one account's
	 * limit (two executions on two workers) converge on equal shares of it; after a second without a 429
	 * it also grows by 10%, to take up a share another run left.
	 */
	succeeded(): void {
		if (!Number.isFinite(this.rate)) return;
		this.rate += Math.max(1, this.rate * 0.05) / this.rate;
		const t = this.now();
		if (t - this.lastLimited > 1000 && t - this.lastRaised > 1000) {
			this.rate *= 1.1;
			this.lastRaised = t;
		}
	}

	/**
	 * A 429 for a request sent at `sentAt`: pace at the rate Stripe accepted, and pause everyone for
	 * Retry-After. The accepted rate is what was sent minus what was refused, per second of the window
	 * actually observed (a run younger than a second has no full second to count). A 429 for a request
	 * sent before the pace was last lowered says nothing about the new pace and is not counted again.
	 */
	rateLimited(retryAfterMs?: number, sentAt = this.now()): void {
		const t = this.now();
		if (retryAfterMs) this.pausedUntil = Math.max(this.pausedUntil, t + retryAfterMs);
		keepLastSecond(this.limited, t).push(t);
		if (sentAt < this.lastLimited) return;
		this.lastLimited = t;
		const window = Math.max(1, Math.min(1000, t - (this.firstSent ?? t)));
		const inWindow = (times: number[]) => times.filter((s) => s >= t - window).length;
		const accepted = ((inWindow(this.sent) - inWindow(this.limited)) * 1000) / window;
		// Near the limit one second's count is too coarse (5 ± 1 at 5 req/s): ease off by 10% at most. Far
		// from it, at most halve: a run that another run crowded out for a moment would otherwise starve.
		const paced = Number.isFinite(this.rate);
		const near = paced && accepted > this.rate / 2;
		this.rate = Math.max(
			1,
			near
				? Math.max(Math.min(accepted, this.rate), this.rate * 0.9)
				: paced
					? Math.max(accepted, this.rate / 2)
					: accepted > 0
						? accepted
						: this.concurrency,
		);
		this.nextSlot = Math.max(this.nextSlot, t + 1000 / this.rate);
	}
}
