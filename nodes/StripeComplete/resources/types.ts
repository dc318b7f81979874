import type { Operation } from '../operation';

export interface Resource {
	name: string;
	value: string;
	operations: Operation[];
}
