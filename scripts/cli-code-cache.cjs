// Makes dist/cli-main.js.cache, the V8 code cache dist/cli.js runs the CLI bundle with
// (server/src/cli/boot.ts): compiles the bundle exactly as boot.ts does, lints the
// examples with it (so that the functions a lint runs are compiled), then writes the
// cache of the compiled code, after a SHA-256 of the bundle and one of the cache data
// (boot.ts uses the data only when both match). Run by scripts/build.mjs as
// `node scripts/cli-code-cache.cjs`, from the repository's root, with its output ignored.
'use strict';
const { createHash } = require('crypto');
const fs = require('fs');
const { createRequire, wrap } = require('module');
const path = require('path');
const vm = require('vm');

const file = path.resolve('dist/cli-main.js');
const bytes = fs.readFileSync(file);
const script = new vm.Script(wrap(bytes.toString('utf8')), { filename: file });
process.argv = [process.argv[0], path.resolve('dist/cli.js'), 'examples', '--format', 'json'];
process.on('exit', () => {
  const data = script.createCachedData();
  const sha256 = (b) => createHash('sha256').update(b).digest();
  fs.writeFileSync(`${file}.cache`, Buffer.concat([sha256(bytes), sha256(data), data]));
});
const main = { exports: {} };
script.runInThisContext().call(main.exports, main.exports, createRequire(file), main, file, path.dirname(file));
