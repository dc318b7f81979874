'use strict';
/**
 * The PostgreSQL server the sync-to-Postgres example writes to, for `npm run dev`: the one libpq's
 * variables name (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), else 127.0.0.1:5432 as postgres. When it
 * answers, the example's table is made there (the SQL of the example's note); either way the example gets a
 * credential with these settings, and the caller says which.
 */
const path = require('path');
const n8n = require('../n8n');

const EXAMPLE = 'stripe-sync-to-postgres.json';
const CREDENTIAL = { id: 'postgresSync', name: 'Postgres account' };

/** Where the server is looked for: libpq's variables, else its defaults over TCP. */
function settings(env = process.env) {
	const user = env.PGUSER || 'postgres';
	return {
		host: env.PGHOST || '127.0.0.1',
		port: Number(env.PGPORT || 5432),
		user,
		password: env.PGPASSWORD || '',
		database: env.PGDATABASE || user,
	};
}

/** The CREATE TABLE of the example's note, the one place it is written. */
function createTableSql() {
	const note = n8n
		.readExample(EXAMPLE)
		.nodes.find((node) => node.type === 'n8n-nodes-base.stickyNote');
	return /```sql\n([\s\S]*?)```/.exec(note.parameters.content)[1];
}

/**
 * The server as `settings` finds it, through the pg client of the n8n in use (no dependency of ours):
 * { reachable, table, where, credential, error }. Refused or silent within 3 s: not reachable.
 */
async function preparePostgres(runtime, env = process.env) {
	const found = settings(env);
	const where = `${found.user}@${found.host}:${found.port}/${found.database}`;
	const credential = {
		...CREDENTIAL,
		type: 'postgres',
		data: { ...found, ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 10 },
	};
	const { Client } = require(require.resolve('pg', { paths: [path.dirname(runtime.bin)] }));
	const client = new Client({ ...found, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		// Made only when missing: dev keeps what an earlier start synced.
		await client.query(createTableSql().replace(/^CREATE TABLE /, 'CREATE TABLE IF NOT EXISTS '));
		return { reachable: true, table: 'stripe_objects', where, credential };
	} catch (error) {
		return { reachable: false, where, credential, error: error.message || error.code };
	} finally {
		await client.end().catch(() => {});
	}
}

module.exports = { EXAMPLE, settings, createTableSql, preparePostgres };
