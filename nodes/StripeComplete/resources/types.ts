import type { Overlay } from '../generated';
import type { Operation } from '../operation';

export interface Resource {
	name: string;
	value: string;
	operations: Operation[];
}

/** What a person adds to the generated operations of one SDK resource. */
export interface ResourceOverlay {
	/** The SDK resource, e.g. `customers` or `checkout.sessions`. */
	sdk: string;
	/** Overlays on generated operations, keyed by SDK method (`create`, `list`). */
	overlays?: Record<string, Overlay>;
	/** Operations of its own: one calling several SDK methods, or a second form for one; each names the SDK methods it calls. */
	operations?: Operation[];
	/** SDK methods (`retrieve`) whose generated operation an operation of its own replaces. */
	replaces?: string[];
}
