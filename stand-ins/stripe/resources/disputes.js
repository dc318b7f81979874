'use strict';
/** Disputes: evidence that names uploaded files, submitted for review. */
const { expectStatus, invalid } = require('../errors');
const { visible } = require('../store');

/** @typedef {import('../context').Context} Context */
/** @typedef {import('../context').StripeObject} StripeObject */

/** Dispute evidence fields that name an uploaded file. */
const EVIDENCE_FILES = new Set([
	'cancellation_policy',
	'customer_communication',
	'customer_signature',
	'duplicate_charge_documentation',
	'receipt',
	'refund_policy',
	'service_documentation',
	'shipping_documentation',
	'uncategorized_file',
]);

/**
 * Evidence on a dispute: its file fields must name files of the account; submitted unless `submit` is
 * false. Returns the update's other parameters.
 * @param {Context} ctx
 * @param {StripeObject} dispute
 * @param {Record<string, any>} params
 */
function disputeEvidence(ctx, dispute, params) {
	const { evidence, submit, ...rest } = params;
	if (evidence && typeof evidence === 'object') {
		for (const [key, value] of Object.entries(evidence)) {
			if (!EVIDENCE_FILES.has(key) || !value) continue;
			const file = ctx.store.get(value);
			if (!file || file.object !== 'file' || !visible(file, dispute._account))
				throw invalid(`No such file upload: '${value}'`, `evidence[${key}]`, 'resource_missing');
		}
		dispute.evidence = { ...dispute.evidence, ...evidence };
		dispute.evidence_details = { ...dispute.evidence_details, has_evidence: true };
	}
	if (submit !== false && (evidence || submit === true)) {
		expectStatus(dispute, 'dispute', 'submitted', ['needs_response', 'warning_needs_response']);
		dispute.status =
			dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
		dispute.evidence_details = {
			...dispute.evidence_details,
			submission_count: (dispute.evidence_details?.submission_count ?? 0) + 1,
		};
	}
	return rest;
}

/** What an update of a dispute takes before its other parameters are set. */
const updates = { dispute: disputeEvidence };

module.exports = { updates };
