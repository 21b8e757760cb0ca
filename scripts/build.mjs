// Bundles the shipped programs with esbuild: the extension (client, with the language client
// library as a second file it loads lazily), the language server and the CLI. One file
// each, so the .vsix holds only what runs.
import { build } from 'esbuild';
import { readFileSync, chmodSync, mkdirSync } from 'fs';

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

mkdirSync('dist', { recursive: true });
await Promise.all([
  // the language client library is its own bundle, required by the extension after activation starts
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './languageClient'] }),
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' }),
]);
chmodSync('dist/cli.js', 0o755);
