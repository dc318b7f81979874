'use strict';
/**
 * Runs this package inside a real n8n, the way a user installs it: the packed tarball in
 * $N8N_USER_FOLDER/.n8n/nodes, the credential and example workflows imported, each executed with
 * `n8n execute` or triggered in a running server. Shared by `npm run demo`, `npm run dev`, the
 * benchmarks and the end-to-end tests; each subject has its module here, all of them answer here.
 */
module.exports = {
	...require('./install'),
	...require('./waits'),
	...require('./server'),
	...require('./cli'),
	...require('./rest'),
};
