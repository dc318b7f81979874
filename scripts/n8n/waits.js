'use strict';
/** Waiting, bounded: polls, sleeps, the next second, and free ports on 127.0.0.1. */
const net = require('net');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` every `intervalMs` until it gives a truthy value or `timeoutMs` has passed; resolves to
 * that value, or to its last falsy one, for a caller that goes on after a wait that may fall short.
 */
async function poll(probe, timeoutMs, intervalMs = 250) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value || Date.now() > deadline) return value;
		await sleep(intervalMs);
	}
}

/**
 * Polls `probe` every 250 ms (`intervalMs`) until it gives a truthy value, and resolves to it; bounded by
 * `timeoutMs`, after which the error ends with what `context` gives (a server's last output, say).
 */
async function until(what, probe, timeoutMs = 90000, context = () => '', intervalMs = 250) {
	const value = await poll(probe, timeoutMs, intervalMs);
	if (value) return value;
	throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`.trimEnd());
}

/**
 * Waits for the next second of this machine's clock: a Stripe Complete Sync backfill ends at the second
 * before its first poll (that second's objects come with their events, at the next poll), so a first
 * poll that must backfill every write so far, against a stand-in on this clock, starts in a later second.
 */
async function nextSecond() {
	const second = Math.floor(Date.now() / 1000);
	while (Math.floor(Date.now() / 1000) === second) await sleep(20);
}

/**
 * Waits (bounded) until a production webhook URL is registered, i.e. answers anything but 404: n8n 2.x
 * publishes an activated workflow's webhooks after the activation call has returned. `init` is the
 * probe's fetch options (POST by default); resolves to the first answer that is not 404.
 */
const webhookRegistered = (url, init = {}) =>
	until(`${url} to be registered`, async () => {
		const res = await fetch(url, { method: 'POST', ...init });
		if (res.status !== 404) return res;
		await res.body?.cancel();
	});

/** A TCP port free on 127.0.0.1 now, for a second n8n beside one that may hold 5678 and 5679. */
function freePort() {
	return listenOn(0);
}

/** `preferred` when it is free on 127.0.0.1, otherwise any free port: a fixed URL when possible, never a clash. */
function preferredPort(preferred) {
	return listenOn(preferred).catch(() => listenOn(0));
}

function listenOn(port) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const { port: bound } = server.address();
			server.close(() => resolve(bound));
		});
	});
}

module.exports = { sleep, poll, until, nextSecond, webhookRegistered, freePort, preferredPort };
