import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { checkConnectedAccount, onAccount, stripeClient } from '../client';
import { FieldError, toNodeError } from '../errors';
import { settleSeconds } from '../settle';
import { plain } from '../transport/pages';
import { sender } from '../transport/send';
import { isEmpty, toInteger } from '../values';
import { DEFAULT_MAX_ITEMS } from './description';
import { syncObject, type SyncObject } from './objects';
import { pollSync, resourceOf, type SyncOptions } from './sync';
import { sequenceFloor, type SyncState } from './state';

/** The sync's fields, checked as the node's own fields are. */
function syncOptions(context: IPollFunctions): SyncOptions {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const chosen = context.getNodeParameter('objects', []) as string[];
	if (!Array.isArray(chosen) || !chosen.length)
		throw new FieldError('Objects to Sync', 'choose at least one kind of object');
	return {
		objects: chosen.map((value) => {
			const object = syncObject(value);
			if (!object)
				throw new FieldError('Objects to Sync', `"${value}" is not an object it can sync`);
			return object;
		}),
		start: context.getNodeParameter('start', 'all') === 'new' ? 'new' : 'all',
		maxItems: isEmpty(options.maxItems)
			? DEFAULT_MAX_ITEMS
			: toInteger(options.maxItems, 'Max Items per Poll', 1),
		stripeAccount: checkConnectedAccount(options.stripeAccount),
		settleSeconds: settleSeconds(options),
	};
}

/** A manual run (Fetch Test Event): the newest object of the first kind chosen, leaving the sync's state as it is. */
async function sample(context: IPollFunctions, options: SyncOptions, object: SyncObject) {
	const stripe = await stripeClient(context);
	const page = await sender()(() =>
		resourceOf(stripe, object).list({ limit: 1 }, onAccount(options.stripeAccount)),
	);
	const found = page.data[0];
	if (!found) return null;
	const json = plain(found);
	return {
		json: {
			...json,
			sync: {
				change: 'created',
				object: object.value,
				event_id: null,
				event_created: json.created,
				// Below any item of a poll from now on: a table written by sequence takes the sample, and
				// any later poll's copy of the object replaces it.
				sequence: sequenceFloor(Math.floor(Date.now() / 1000)),
			},
		},
	} as INodeExecutionData;
}

/** n8n's poll: what changed since the last poll; in a manual run, one sample. */
export async function pollStripeSync(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	try {
		const options = syncOptions(this);
		if (this.getMode() === 'manual') {
			const item = await sample(this, options, options.objects[0]);
			if (!item)
				throw new FieldError(
					'Objects to Sync',
					`there are no ${options.objects[0].name.toLowerCase()} in Stripe yet to show`,
				);
			return [[item]];
		}
		const stripe = await stripeClient(this);
		const items = await pollSync(stripe, this.getWorkflowStaticData('node') as SyncState, options);
		return items.length ? [items] : null;
	} catch (error) {
		throw toNodeError(this.getNode(), error, 0);
	}
}
