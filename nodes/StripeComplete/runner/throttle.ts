const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
	private recent: number[] = [];

	constructor(
		readonly concurrency: number,
		private readonly now = () => Date.now(),
	) {}

	/** Waits for a free slot and for the pace; every acquire() is followed by one release(). */
	async acquire(): Promise<void> {
		if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.active++;
		const start = Math.max(this.now(), this.nextSlot, this.pausedUntil);
		if (Number.isFinite(this.rate)) this.nextSlot = start + 1000 / this.rate;
		const wait = start - this.now();
		if (wait > 0) await sleep(wait);
	}

	release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.active--;
	}

	succeeded(): void {
		const t = this.now();
		this.recent.push(t);
		while (this.recent.length && this.recent[0] < t - 1000) this.recent.shift();
		if (Number.isFinite(this.rate) && t - this.lastLimited > 1000 && t - this.lastRaised > 1000) {
			this.rate *= 1.1;
			this.lastRaised = t;
		}
	}

	/** A 429: pace at what Stripe accepted over the last second, and pause everyone for Retry-After. */
	rateLimited(retryAfterMs?: number): void {
		const t = this.now();
		if (retryAfterMs) this.pausedUntil = Math.max(this.pausedUntil, t + retryAfterMs);
		if (t - this.lastLimited < 1000) return; // one 429 burst lowers the pace once
		this.lastLimited = t;
		const accepted = this.recent.filter((s) => s >= t - 1000).length;
		this.rate = Math.max(1, Math.min(this.rate, accepted || (Number.isFinite(this.rate) ? this.rate / 2 : this.concurrency)));
		this.nextSlot = Math.max(this.nextSlot, t + 1000 / this.rate);
	}
}
