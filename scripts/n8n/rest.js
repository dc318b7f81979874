'use strict';
/**
 * A running n8n's REST API as the editor calls it, signed in as the owner: workflows activated and
 * deactivated, Data Tables made and read, executions listed and read.
 */
const path = require('path');
const { nodeOutputs } = require('./cli');
const { poll } = require('./waits');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Stripe-Complete-1',
};

/** Signs in to a running n8n as its owner (set up on first use); resolves to the session cookie. */
async function signIn(baseUrl) {
	const post = (route, body) =>
		fetch(`${baseUrl}${route}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
	let res;
	// n8n 1.x reports ready a moment before its REST routes are mounted.
	await poll(async () => (res = await post('/rest/owner/setup', OWNER)).status !== 404, 30000, 500);
	if (!res.ok)
		res = await post('/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	if (!res.ok) throw new Error(`Could not sign in to n8n: ${res.status} ${await res.text()}`);
	return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

/** A caller of a running n8n's REST API as the signed-in owner; resolves to the answer's `data`. */
function restClient(baseUrl, cookie) {
	return async (method, route, body) => {
		const res = await fetch(`${baseUrl}/rest${route}`, {
			method,
			headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${method} /rest${route} answered ${res.status}: ${text}`);
		return JSON.parse(text).data;
	};
}

/**
 * Activates (publishes, in n8n 2.x words) a workflow in a running n8n, as the editor's toggle does: its
 * trigger nodes are registered (webhook endpoints created, pollers started) before this resolves.
 */
async function activateWorkflow(rest, workflowId) {
	const { versionId } = await rest('GET', `/workflows/${workflowId}`);
	return rest('POST', `/workflows/${workflowId}/activate`, { versionId });
}

/** Deactivates a workflow in a running n8n: its webhooks' delete methods run before this resolves. */
const deactivateWorkflow = (rest, workflowId) =>
	rest('POST', `/workflows/${workflowId}/deactivate`, {});

/** Has an active polling workflow poll now: n8n polls a trigger as it activates it. */
async function pollNow(rest, workflowId) {
	await deactivateWorkflow(rest, workflowId);
	await activateWorkflow(rest, workflowId);
}

/** Creates an n8n Data Table (text columns) in the owner's project: { id, projectId }. */
async function createDataTable(rest, name, columns) {
	const { id: projectId } = await rest('GET', '/projects/personal');
	const table = await rest('POST', `/projects/${projectId}/data-tables`, {
		name,
		columns: columns.map((column) => ({ name: column, type: 'string' })),
	});
	return { id: table.id, projectId };
}

/** The owner's Data Table named `name`, if there is one: { id, projectId }. */
async function findDataTable(rest, name) {
	const { id: projectId } = await rest('GET', '/projects/personal');
	const filter = encodeURIComponent(JSON.stringify({ name }));
	const { data } = await rest(
		'GET',
		`/projects/${projectId}/data-tables?filter=${filter}&take=100`,
	);
	const table = data.find((t) => t.name === name);
	return table && { id: table.id, projectId };
}

/** Every row of a Data Table made by createDataTable. */
async function dataTableRows(rest, { id, projectId }) {
	const rows = [];
	for (;;) {
		const { data, count } = await rest(
			'GET',
			`/projects/${projectId}/data-tables/${id}/rows?skip=${rows.length}&take=1000`,
		);
		rows.push(...data);
		if (!data.length || rows.length >= count) return rows;
	}
}

/** JSON with keys sorted, so two copies of an object (a Data Table row's and Stripe's) compare by content. */
const canonical = (value) =>
	JSON.stringify(value, (_, v) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(
					Object.keys(v)
						.sort()
						.map((k) => [k, v[k]]),
				)
			: v,
	);

/** A workflow's executions, newest first: [{ id, status, mode }]. */
async function listExecutions(rest, workflowId) {
	// n8n answers at most 100 a page, newest first; the next page starts below the last ID.
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const all = [];
	for (let lastId; ;) {
		const { results } = await rest(
			'GET',
			`/executions?filter=${filter}&limit=100${lastId ? `&lastId=${lastId}` : ''}`,
		);
		all.push(...results);
		if (results.length < 100) break;
		lastId = results[results.length - 1].id;
	}
	return all.map(({ id, status, mode }) => ({ id: String(id), status, mode }));
}

/** One execution's output items by node name (the REST API sends run data in n8n's flatted form). */
async function executionOutput(n8n, rest, executionId) {
	const { parse } = require(path.resolve(path.dirname(n8n.bin), '..', '..', 'flatted'));
	const execution = await rest('GET', `/executions/${executionId}`);
	const run = parse(execution.data);
	return {
		status: execution.status,
		mode: execution.mode,
		error: run.resultData?.error?.message,
		nodes: nodeOutputs(run.resultData),
	};
}

module.exports = {
	OWNER,
	signIn,
	restClient,
	activateWorkflow,
	deactivateWorkflow,
	pollNow,
	createDataTable,
	findDataTable,
	dataTableRows,
	canonical,
	listExecutions,
	executionOutput,
};
