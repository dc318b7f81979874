const path = require('path');
const { task, src, dest } = require('gulp');

// tsc only emits JavaScript; n8n also needs the icons and the node codex (*.node.json) next to it.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest(path.resolve('dist'))),
);
