import type { Overlay } from '../operations/fromTable';
import type { Operation } from '../operations/operation';

export interface Resource {
	name: string;
	value: string;
	operations: Operation[];
}

/** What a person adds to the generated operations of one resource. */
export interface ResourceOverlay {
	/** The resource's value, e.g. `customer` or `checkoutSession`; also the name of its file. */
	resource: string;
	/** Overlays on generated operations, keyed by operation value (`create`, `getAll`, `delete`). */
	overlays?: Record<string, Overlay>;
	/** Operations of its own: one calling several SDK methods, or a second form for one; each names the SDK methods it calls. */
	operations?: Operation[];
	/** Operations (`get`) whose generated form an operation of its own replaces. */
	replaces?: string[];
}
