// Bundles the shipped programs with esbuild: the extension (client, with the language client
// library as a second file it loads lazily), the language server and the CLI. One file
// each, so the .vsix holds only what runs; the CLI's third-party packages are files of
// their own that it loads when a file needs them (below).
import { build } from 'esbuild';
import { readFileSync, chmodSync, mkdirSync } from 'fs';
import { spawnSync } from 'child_process';
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
await Promise.all([
  // the language client library is its own bundle, required by the extension after activation starts
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './languageClient'] }),
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  // dist/cli.js only loads dist/cli-main.js, the CLI, with a V8 code cache (server/src/cli/boot.ts)
  build({ ...common, entryPoints: ['server/src/cli/boot.ts'], outfile: 'dist/cli.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [lazyPackages] }),
  ...CLI_LAZY_PACKAGES.map(lazyPackageBundle),
]);
chmodSync('dist/cli.js', 0o755);
// the code cache of dist/cli-main.js: a lint of the examples with it, then its compiled code
const cache = spawnSync(process.execPath, ['scripts/cli-code-cache.cjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
// exit code 1: the examples have findings
if (cache.error || (cache.status !== 0 && cache.status !== 1)) throw cache.error ?? new Error(`scripts/cli-code-cache.cjs failed (${cache.signal ?? cache.status})`);
