'use strict';
/**
 * What Stripe refuses in a request, at the node's API version, for the stand-in and scripted servers:
 * unknown parameters, missing required ones, values of the wrong type, outside their list of values,
 * longer than allowed or below a minimum, each answered with Stripe's 400.
 *
 * The rules come first from Stripe's OpenAPI spec (spec3, from npm). It is older than the node's API
 * version, so operations and parameters it does not know are taken from the SDK's declarations as
 * nodes/StripeComplete/generated/operations.json describes them; where both know a parameter the spec
 * decides, except that the SDK adds newer enum values and may relax a type, an emptiness or a
 * requirement it now declares differently, and a parameter it no longer declares is gone.
 *
 * checkRequest() takes a request as it arrives (raw query and body text) and judges what was sent,
 * before any decoding of 'true' or numbers. The spec (6 MB) is read once, on first use.
 */
const { checkRequest } = require('./check');
/** @typedef {import('./check').StripeRefusal} StripeRefusal */
/** @typedef {import('./check').RequestToCheck} RequestToCheck */
/** @typedef {import('./operations').OperationRules} OperationRules */
const { operations, operationFor, rulesSummary } = require('./operations');
const { exampleFor } = require('./examples');

module.exports = { checkRequest, rulesSummary, operations, operationFor, exampleFor };
