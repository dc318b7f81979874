'use strict';
/**
 * Redis and PostgreSQL from Debian's packages, for n8n's queue mode: installed with apt-get when
 * missing, started on free 127.0.0.1 ports with their data in a folder of the caller's, stopped by
 * their own process ids. Each can be stopped and started again on the same port over the same data.
 */
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { freePort } = require('./waits');
const { stopChild } = require('./server');

/** The folder of Debian's PostgreSQL programs (/usr/lib/postgresql/<version>/bin), the newest when several. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		: [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	return newest && path.join(root, newest, 'bin');
}

const onPath = (program) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

/**
 * Installs redis-server and postgresql from Debian's packages when they are not there. Debian would
 * start each as a system service on its default port; a policy-rc.d that refuses (kept if the machine
 * has one, else put in place for the install only) means nothing is started but what this file starts.
 */
function ensureDebianPackages(log = console.log) {
	const missing = [
		!onPath('redis-server') && 'redis-server',
		!postgresBin() && 'postgresql',
	].filter(Boolean);
	if (!missing.length) return;
	if (process.getuid() !== 0)
		throw new Error(
			`Queue mode needs ${missing.join(' and ')}: apt-get install ${missing.join(' ')} (as root), then run again`,
		);
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
	try {
		log(`Installing ${missing.join(' and ')} from Debian's packages`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		execFileSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
		execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
			env,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
}

/** Starts `program` and resolves once a line of its output matches `ready`; rejects if it exits first. */
function startUntil(program, args, options, ready, name) {
	const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`${name} did not start within 60 s\n${output}`)),
			60000,
		);
		const seen = (chunk) => {
			output += chunk;
			if (ready.test(output)) {
				clearTimeout(timer);
				resolve({ child, output: () => output });
			}
		};
		child.stdout.on('data', seen);
		child.stderr.on('data', seen);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited with ${code}\n${output}`));
		});
	});
}

/** A Redis server on 127.0.0.1 keeping its data (append-only file) in `dir`. */
async function startRedis(dir, port) {
	port = port ?? (await freePort());
	fs.mkdirSync(dir, { recursive: true });
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--appendonly',
		'yes',
		'--save',
		'',
		'--daemonize',
		'no',
	];
	const { child } = await startUntil(
		'redis-server',
		args,
		{},
		/Ready to accept connections/,
		'redis-server',
	);
	return { port, pid: child.pid, stop: () => stopChild(child) };
}

/**
 * A PostgreSQL server on 127.0.0.1 with its cluster in `dir` and a database `database` owned by
 * `user` (trust authentication: it listens on loopback only, for this run). As root, PostgreSQL runs
 * as the postgres user the package made, since it refuses to run as root.
 * @param {string} dir
 * @param {{ port?: number, user?: string, database?: string }} [options]
 */
async function startPostgres(dir, { port, user = 'n8n', database = 'n8n' } = {}) {
	const bin = postgresBin();
	const listenPort = port ?? (await freePort());
	const data = path.join(dir, 'data');
	const owner =
		process.getuid() === 0
			? {
					uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
					gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
				}
			: {};
	const created = !fs.existsSync(path.join(data, 'PG_VERSION'));
	if (created) {
		fs.mkdirSync(dir, { recursive: true });
		if (owner.uid !== undefined) fs.chownSync(dir, owner.uid, owner.gid);
		execFileSync(
			path.join(bin, 'initdb'),
			['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync'],
			{ ...owner, cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
	}
	// The socket goes in `dir` too, and fsync is off: a test cluster, thrown away after the run.
	const args = [
		'-D',
		data,
		'-p',
		String(listenPort),
		'-h',
		'127.0.0.1',
		'-k',
		dir,
		'-c',
		'fsync=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
	];
	const { child } = await startUntil(
		path.join(bin, 'postgres'),
		args,
		{ ...owner, cwd: dir },
		/database system is ready to accept connections/,
		'postgres',
	);
	if (created)
		execFileSync(
			path.join(bin, 'createdb'),
			['-h', '127.0.0.1', '-p', String(listenPort), '-U', user, database],
			{ ...owner, cwd: dir },
		);
	const psql = (sql) =>
		execFileSync(
			path.join(bin, 'psql'),
			['-h', '127.0.0.1', '-p', String(listenPort), '-U', user, '-d', database, '-At', '-c', sql],
			{ ...owner, cwd: dir, encoding: 'utf8' },
		).trim();
	// SIGINT is PostgreSQL's fast shutdown: it does not wait for n8n's pooled connections to close.
	return {
		port: listenPort,
		user,
		database,
		pid: child.pid,
		psql,
		stop: () => stopChild(child, 'SIGINT'),
	};
}

module.exports = { ensureDebianPackages, startRedis, startPostgres, postgresBin };
