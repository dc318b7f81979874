import type { Operation } from './operation';

// What an operation does to the account, for people choosing it and for agents using it as a tool.

export type Effect = 'reads' | 'writes' | 'moves money' | 'destructive';

/** Methods that delete, end or undo something: cancel, void, reject, close, expire, detach, reverse... */
const DESTRUCTIVE =
	/^(del|delete\w*|cancel\w*|void\w*|reject\w*|close\w*|expire\w*|markUncollectible|detach\w*|reverse\w*|deactivate\w*|archive\w*|uninstall|invalidate\w*|revoke\w*|deleteWhere|release)$/;
/** Methods that move money whatever their resource: captures, confirmations, payments, refunds of fees... */
const MONEY_METHODS =
	/^(capture\w*|confirm\w*|pay|incrementAuthorization|createRefund|createReversal|fundCashBalance|finalizeInvoice)$/;
/** Resources whose creation moves money, or can (a payment intent created confirmed, a subscription's first invoice). */
const MONEY_CREATES = new Set([
	'refunds',
	'payouts',
	'transfers',
	'charges',
	'topups',
	'paymentIntents',
	'subscriptions',
	'creditNotes',
	'treasury.outboundPayments',
	'treasury.outboundTransfers',
	'treasury.inboundTransfers',
]);

/**
 * An operation's effect, from what it calls: GETs read; deletes and methods that end or undo something
 * are destructive; payments, refunds, payouts, transfers and captures move money; other writes write.
 * API Request calls any endpoint, so it is classed by what it can do at worst: destructive.
 */
export function effectOf(operation: Pick<Operation, 'kind' | 'sdk'>): Effect {
	if (operation.kind === 'read' || operation.kind === 'list' || operation.kind === 'search')
		return 'reads';
	if (!operation.sdk?.length || operation.kind === 'remove') return 'destructive';
	const methods = operation.sdk.map((s) => ({
		resource: s.slice(0, s.lastIndexOf('.')),
		method: s.slice(s.lastIndexOf('.') + 1),
	}));
	if (methods.some((m) => DESTRUCTIVE.test(m.method))) return 'destructive';
	if (
		methods.some(
			(m) =>
				MONEY_METHODS.test(m.method) ||
				(m.method === 'create' && MONEY_CREATES.has(m.resource)) ||
				MONEY_CREATES.has(`${m.resource}.${m.method}`),
		)
	)
		return 'moves money';
	return 'writes';
}

/** The effect as the Operation list says it, before the operation's own description. */
export const EFFECT_LABEL: Record<Effect, string> = {
	reads: 'Reads only.',
	writes: 'Writes: creates or changes data.',
	'moves money': 'Moves money.',
	destructive: 'Destructive: deletes, ends or undoes; cannot be reversed.',
};
