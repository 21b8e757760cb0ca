// npm run package [-- --out FILE]
//   packages the extension with @vscode/vsce: memlint-<version>.vsix
// npm run package -- --policy team/memlint-policy.yaml --name acme-memlint [--display-name "ACME memlint"] [--publisher acme] [--out FILE]
//   a team build: the same extension under the team's name and identifier, with the team's
//   policy bundled as every workspace's default policy (package.json "memlintPolicy").
//   The policy is checked with memlint's own CLI first: a policy with errors is not shipped.
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { parseArgs } from 'util';
import { fileURLToPath } from 'url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    args: process.argv.slice(2),
    options: { policy: { type: 'string' }, name: { type: 'string' }, 'display-name': { type: 'string' }, publisher: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  }).values;
} catch (e) {
  fail(`${e.message.split('\n')[0]}\nusage: npm run package [-- --policy FILE --name NAME [--display-name TEXT] [--publisher ID]] [--out FILE]`);
}

function run(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!args.policy) {
  if (args.name || args['display-name'] || args.publisher) fail('--name, --display-name and --publisher make a team build: give --policy too');
  run(process.execPath, [vsce, 'package', '--no-dependencies', ...(args.out ? ['--out', resolve(args.out)] : [])], root);
  process.exit(0);
}

// ---------------------------------------------------------------- team build
const name = args.name ?? fail('a team build needs --name (e.g. --name acme-memlint)');
if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) fail(`--name ${name}: use lower-case letters, digits and dashes (it becomes the extension's identifier)`);
const publisher = args.publisher ?? 'memlint';
if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(publisher)) fail(`--publisher ${publisher}: use letters, digits and dashes`);
const policyFile = resolve(args.policy);
if (!existsSync(policyFile)) fail(`--policy ${args.policy}: no such file`);

// build once, then let memlint itself check the policy (exit 2 and the problems when it has errors)
run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], root);
const check = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--policy', policyFile, '--print-config', policyFile, '--format', 'json'], { cwd: root, encoding: 'utf8' });
if (check.status !== 0) fail(`the policy has problems, nothing was packaged:\n${check.stderr.trim()}`);
const policyName = JSON.parse(check.stdout).policies?.[0]?.name;

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stage = join(root, '.tmp', 'team-build', name);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
// the CLI's bundle and packages loaded on first use (dist/cli-<name>.js) go with it, and
// the bundle's code cache
const cliParts = readdirSync(join(root, 'dist')).filter((f) => /^cli-.*\.js(\.cache)?$/.test(f)).map((f) => `dist/${f}`);
for (const f of ['dist/extension.js', 'dist/languageClient.js', 'dist/server.js', 'dist/cli.js', ...cliParts, 'README.md', 'LICENSE', 'CHANGELOG.md', 'images/icon.png']) {
  mkdirSync(dirname(join(stage, f)), { recursive: true });
  cpSync(join(root, f), join(stage, f));
}
for (const dir of ['syntaxes', 'schemas', 'docs/rules']) {
  mkdirSync(join(stage, dir), { recursive: true });
  for (const f of readdirSync(join(root, dir))) if (/\.(json|md)$/.test(f) && f !== 'README.md') cpSync(join(root, dir, f), join(stage, dir, f));
}
mkdirSync(join(stage, 'policy'), { recursive: true });
cpSync(policyFile, join(stage, 'policy', 'memlint-policy.yaml'));
writeFileSync(join(stage, '.vscodeignore'), readFileSync(join(root, '.vscodeignore'), 'utf8') + '!policy/memlint-policy.yaml\n');

const displayName = args['display-name'] ?? `${name} (memlint with the ${policyName ?? name} policy)`;
const team = {
  ...pkg,
  name,
  publisher,
  displayName,
  description: `${pkg.description} This build applies the ${policyName ?? name} team policy to every workspace.`,
  memlintPolicy: 'policy/memlint-policy.yaml',
};
delete team.scripts; // built above; vsce must not run the repository's prepublish in the stage
delete team.devDependencies;
writeFileSync(join(stage, 'package.json'), JSON.stringify(team, null, 2) + '\n');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
writeFileSync(
  join(stage, 'README.md'),
  `> **${displayName}**: a team build of memlint. Every workspace starts from the bundled policy` +
    ` (policy/memlint-policy.yaml): its severities and minimums, sizing and host capacities;` +
    ` see "Team policies" below. Run **memlint: Show Effective Configuration** to see what applies to a file.\n\n${readme}`,
);

const out = resolve(args.out ?? `${name}-${pkg.version}.vsix`);
run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], stage);
console.log(`package: team build ${publisher}.${name} with policy ${args.policy} -> ${out}`);
