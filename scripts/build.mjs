// Bundles the shipped programs with esbuild: the extension (client, with the language client
// library as a second file it loads lazily), the language server and the CLI. One file
// each, so the .vsix holds only what runs, except for the CLI: dist/cli.js is a small
// launcher (server/src/cli/launch.ts) that runs dist/cli-main.js with a V8 code cache made
// here (dist/cli-main.cache), and the CLI's third-party packages are files of their own
// that it loads when a file needs them (below).
import { build } from 'esbuild';
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, chmodSync, mkdirSync, rmSync } from 'fs';
import { fileURLToPath } from 'url';
import { createRequire } from 'module';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { MEMLINT_VERSION: JSON.stringify(pkg.version) },
};

/**
 * The packages the CLI loads only when it needs them: YAML (memlint.yaml, policies,
 * .vm.yaml), the JSON-schema validator (memlint.yaml), the XML tokenizer (Hyper-V .xml) and
 * the glob matcher (memlint.yaml targets and ignores). Linting a lone .sql script needs none
 * of them, and loading them all took about half of the CLI's start-up. Each is bundled into
 * dist/cli-<name>.js; in dist/cli.js an import of it becomes a module whose exports are
 * getters that require that file on first use (the engine's imports stay as they are).
 */
const CLI_LAZY_PACKAGES = ['yaml', 'ajv', 'htmlparser2', 'picomatch'];
const require = createRequire(import.meta.url);
const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    const filter = new RegExp(`^(${CLI_LAZY_PACKAGES.join('|')})$`);
    b.onResolve({ filter }, (a) => ({ path: a.path, namespace: 'lazy-package' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (a) => {
      const real = require(a.path);
      // the names it exports, read from the package itself; `default` is the whole module
      // unless it is a compiled ES module with its own
      const names = Object.keys(real).filter((k) => k !== 'default');
      const contents = [
        `let m;`,
        `const load = () => m ?? (m = require(${JSON.stringify(`./cli-${a.path}.js`)}));`,
        `Object.defineProperty(exports, '__esModule', { value: true });`,
        `Object.defineProperty(exports, 'default', { enumerable: true, get: () => ${real.__esModule ? 'load().default' : 'load()'} });`,
        `for (const k of ${JSON.stringify(names)}) Object.defineProperty(exports, k, { enumerable: true, get: () => load()[k] });`,
      ].join('\n');
      return { contents, loader: 'js', resolveDir: '.' };
    });
    // the stub's own require of dist/cli-<name>.js stays a require at run time
    b.onResolve({ filter: /^\.\/cli-[\w-]+\.js$/ }, (a) => ({ path: a.path, external: true }));
  },
};
const lazyPackageBundle = (name) =>
  build({ ...common, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.', sourcefile: `cli-${name}.js` }, outfile: `dist/cli-${name}.js` });

mkdirSync('dist', { recursive: true });
// never a cache of an older bundle, even when making the new one fails
rmSync('dist/cli-main.cache', { force: true });
await Promise.all([
  // the language client library is its own bundle, required by the extension after activation starts
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './languageClient'] }),
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [lazyPackages] }),
  ...CLI_LAZY_PACKAGES.map(lazyPackageBundle),
]);
chmodSync('dist/cli.js', 0o755);

/**
 * dist/cli-main.cache: V8's code cache of dist/cli-main.js after the CLI has linted
 * examples/ (SQL, PowerShell, Hyper-V XML, memlint.yaml), so it holds the bytecode of the
 * functions a run compiles. It is made by the node that builds, in a process of its own with
 * no node options (V8 rejects a cache made with other flags or by another V8 version; the
 * launcher then compiles the bundle as usual). Its first line ties it to the bundle's
 * bytes (launch.ts).
 */
const makeCache = `
const fs = require('fs');
const launch = require(${JSON.stringify(fileURLToPath(new URL('../dist/cli.js', import.meta.url)))});
const main = launch.compileMain(false);
process.argv.splice(2, Infinity, 'examples', '--format', 'json');
main.run();
const data = main.script.createCachedData();
fs.writeFileSync(launch.CACHE, Buffer.concat([Buffer.from(launch.cacheHeader(fs.readFileSync(launch.MAIN), data), 'latin1'), data]));
`;
const env = { ...process.env };
delete env.NODE_OPTIONS;
const made = spawnSync(process.execPath, ['-e', makeCache], { cwd: fileURLToPath(new URL('..', import.meta.url)), env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
// exit 1: examples/ has errors, as it should
if ((made.status !== 0 && made.status !== 1) || !existsSync('dist/cli-main.cache')) {
  // the CLI runs without the cache, only slower to start: say so, but the build stands
  console.warn(`build: no code cache for the CLI (dist/cli-main.cache): ${made.stderr.trim() || `exit ${made.status}`}`);
  rmSync('dist/cli-main.cache', { force: true });
}
