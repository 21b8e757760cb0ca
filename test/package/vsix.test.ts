/**
 * The packaged extension: `vsce package` (what `npm run package` runs) produces a .vsix that
 * holds only what runs, stays small and carries a manifest VS Code accepts. The archive is
 * read with a small zip directory reader (names and sizes only), so no unzip tool is needed.
 */
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { inflateRawSync } from 'zlib';
import { RULES } from '../../server/src/engine';
import { ROOT } from '../helpers/paths';

interface ZipEntry {
  name: string;
  compressedBytes: number;
  bytes: number;
  method: number;
  offset: number;
}

/** The central directory of a zip file (no zip64: a .vsix of a few MB never needs it). */
function readZipDirectory(zip: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.strictEqual(zip.readUInt32LE(p), 0x02014b50, 'bad central directory entry');
    const method = zip.readUInt16LE(p + 10);
    const compressedBytes = zip.readUInt32LE(p + 20);
    const bytes = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const offset = zip.readUInt32LE(p + 42);
    out.push({ name: zip.toString('utf8', p + 46, p + 46 + nameLen), compressedBytes, bytes, method, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function readZipEntry(zip: Buffer, e: ZipEntry): Buffer {
  const nameLen = zip.readUInt16LE(e.offset + 26);
  const extraLen = zip.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const data = zip.subarray(start, start + e.compressedBytes);
  return e.method === 0 ? Buffer.from(data) : inflateRawSync(data);
}

describe('packaged .vsix', function () {
  this.timeout(120_000); // a production build and vsce: a few seconds, more on a busy machine
  let zip: Buffer;
  let entries: ZipEntry[];
  const vsix = path.join(ROOT, '.tmp', 'package-test', 'memlint.vsix');

  before(() => {
    fs.rmSync(path.dirname(vsix), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(vsix), { recursive: true });
    // what `npm run package` runs, writing into the temporary folder
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
    zip = fs.readFileSync(vsix);
    entries = readZipDirectory(zip);
  });

  after(() => {
    // vscode:prepublish left a production (minified, map-less) build in dist/: put the
    // development build back for the tests that run after this one
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  });

  it('is at most 2 MB', () => {
    assert.ok(zip.length <= 2 * 1024 * 1024, `${zip.length} bytes`);
  });

  it('holds only what runs: the bundles, grammars, schema, rule pages, README, LICENSE, CHANGELOG, manifest and icon', () => {
    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/package\.json$/,
      /^extension\/readme\.md$/,
      /^extension\/changelog\.md$/,
      /^extension\/LICENSE\.txt$/,
      /^extension\/dist\/(extension|languageClient|server|cli|cli-(main|yaml|ajv|htmlparser2|picomatch))\.js$/,
      /^extension\/dist\/cli-main\.js\.cache$/,
      /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/,
      /^extension\/schemas\/memlint(-policy)?\.schema\.json$/,
      /^extension\/docs\/rules\/[A-Z]{2,3}\d{3}\.md$/,
      /^extension\/images\/icon\.png$/,
    ];
    const unexpected = entries.map((e) => e.name).filter((n) => !allowed.some((re) => re.test(n)));
    assert.deepStrictEqual(unexpected, []);
    // the CLI's lazily loaded packages (scripts/build.mjs) ship with it
    for (const must of ['extension/dist/extension.js', 'extension/dist/languageClient.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/cli-main.js.cache', 'extension/dist/cli-yaml.js', 'extension/dist/cli-ajv.js', 'extension/dist/cli-htmlparser2.js', 'extension/dist/cli-picomatch.js', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/changelog.md', 'extension/images/icon.png']) {
      assert.ok(entries.some((e) => e.name === must), `missing ${must}`);
    }
    // no source maps, no node_modules, no TypeScript
    assert.ok(!entries.some((e) => /\.map$|node_modules|\.ts$/.test(e.name)));
  });

  it('ships every rule page and one grammar per contributed grammar', () => {
    const pages = entries.filter((e) => e.name.startsWith('extension/docs/rules/')).map((e) => path.basename(e.name, '.md'));
    assert.deepStrictEqual(pages.sort(), RULES.map((r) => r.code).sort());
    const pkg = JSON.parse(readZipEntry(zip, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
    for (const g of pkg.contributes.grammars as { path: string }[]) {
      assert.ok(entries.some((e) => e.name === path.posix.join('extension', g.path)), `grammar ${g.path} not packaged`);
    }
  });

  it('carries a manifest VS Code accepts: entry point, bin, engine, icon, capabilities', () => {
    const pkg = JSON.parse(readZipEntry(zip, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
    assert.strictEqual(pkg.main, './dist/extension.js');
    assert.strictEqual(pkg.bin.memlint, 'dist/cli.js');
    assert.strictEqual(pkg.icon, 'images/icon.png');
    // the language client's own engine requirement is what the extension can promise
    const lc = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/vscode-languageclient/package.json'), 'utf8'));
    assert.strictEqual(pkg.engines.vscode, lc.engines.vscode);
    assert.deepStrictEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
    assert.strictEqual(pkg.capabilities.virtualWorkspaces.supported, false);
    // the bundles are the production build: minified, without a source map reference
    const server = readZipEntry(zip, entries.find((e) => e.name === 'extension/dist/server.js')!).toString('utf8');
    assert.ok(!/sourceMappingURL/.test(server));
    const icon = readZipEntry(zip, entries.find((e) => e.name === 'extension/images/icon.png')!);
    assert.strictEqual(icon.subarray(1, 4).toString('ascii'), 'PNG');
    assert.strictEqual(icon.readUInt32BE(16), 128); // width: the Marketplace wants at least 128 px
  });

  it('documents every setting and command it contributes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const [key, p] of Object.entries(pkg.contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string }>)) {
      assert.ok((p.description ?? p.markdownDescription ?? '').length > 20, `${key} has no description`);
    }
    const titles = (pkg.contributes.commands as { command: string; title: string }[]).map((c) => c.command);
    for (const c of ['memlint.fixAllInWorkspace', 'memlint.lintWorkspace', 'memlint.showMemoryBudget', 'memlint.openRuleDocumentation']) assert.ok(titles.includes(c), c);
  });
});

describe('team build: npm run package -- --policy FILE --name NAME', function () {
  this.timeout(180_000);
  const work = path.join(ROOT, '.tmp', 'package-team-test');
  const POLICY = 'name: acme\nrules:\n  XTP201: { minimumSeverity: error }\n  HV410: off\nsizing: { xtpHeadroom: 2.5 }\n';
  const pack = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), ...args], { cwd: ROOT, encoding: 'utf8' });
  let zip: Buffer;
  let entries: ZipEntry[];
  let pkg: Record<string, unknown>;

  before(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'memlint-policy.yaml'), POLICY);
    const r = pack('--policy', path.join(work, 'memlint-policy.yaml'), '--name', 'acme-memlint', '--publisher', 'acme', '--out', path.join(work, 'acme.vsix'));
    assert.strictEqual(r.status, 0, r.stderr);
    zip = fs.readFileSync(path.join(work, 'acme.vsix'));
    entries = readZipDirectory(zip);
    pkg = JSON.parse(readZipEntry(zip, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
  });

  after(() => {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  });

  it("carries the team's identifier and display name, and the policy as its default", () => {
    assert.strictEqual(pkg.name, 'acme-memlint');
    assert.strictEqual(pkg.publisher, 'acme');
    assert.match(String(pkg.displayName), /acme-memlint.*acme policy/);
    assert.strictEqual(pkg.memlintPolicy, 'policy/memlint-policy.yaml');
    assert.strictEqual(readZipEntry(zip, entries.find((e) => e.name === 'extension/policy/memlint-policy.yaml')!).toString('utf8'), POLICY);
    // the same extension otherwise: entry point, contributions, no scripts or dev dependencies
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepStrictEqual(pkg.contributes, own.contributes);
    assert.strictEqual(pkg.main, own.main);
    assert.strictEqual(pkg.scripts, undefined);
    assert.strictEqual(pkg.devDependencies, undefined);
    const readme = readZipEntry(zip, entries.find((e) => e.name === 'extension/readme.md')!).toString('utf8');
    assert.match(readme.split('\n')[0], /team build of memlint/);
  });

  it('holds what the plain build holds, plus the policy', () => {
    const names = entries.map((e) => e.name);
    for (const must of ['extension/dist/extension.js', 'extension/dist/languageClient.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/cli-main.js.cache', 'extension/dist/cli-yaml.js', 'extension/dist/cli-ajv.js', 'extension/dist/cli-htmlparser2.js', 'extension/dist/cli-picomatch.js', 'extension/schemas/memlint-policy.schema.json', 'extension/images/icon.png']) assert.ok(names.includes(must), must);
    assert.ok(!names.some((n) => /\.map$|node_modules|\.ts$|\.tmp/.test(n)), names.join('\n'));
    assert.strictEqual(names.filter((n) => n.startsWith('extension/docs/rules/')).length, RULES.length);
  });

  it("the package's own CLI, run from the unpacked .vsix with its bundled policy, applies the team's severities", () => {
    const unpacked = path.join(work, 'unpacked');
    for (const e of entries.filter((x) => x.name.startsWith('extension/'))) {
      const to = path.join(unpacked, e.name);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, readZipEntry(zip, e));
    }
    const ws = path.join(work, 'ws');
    fs.mkdirSync(ws, { recursive: true });
    // XTP201 (MIN_MEMORY_PERCENT not equal to MAX) is a warning by default; the policy pins it to error
    fs.writeFileSync(path.join(ws, 'pool.sql'), "CREATE RESOURCE POOL Pool_X WITH (MIN_MEMORY_PERCENT = 10, MAX_MEMORY_PERCENT = 50);\nGO\nALTER RESOURCE GOVERNOR RECONFIGURE;\nGO\nEXEC sys.sp_xtp_bind_db_resource_pool N'Db', N'Pool_X';\n");
    const ext = path.join(unpacked, 'extension');
    const lint = (...extra: string[]) => spawnSync(process.execPath, [path.join(ext, String(pkg.bin && (pkg.bin as Record<string, string>).memlint)), ...extra, '--format', 'json', 'pool.sql'], { cwd: ws, encoding: 'utf8' });
    const severityOf = (r: ReturnType<typeof lint>) => (JSON.parse(r.stdout).findings as { code: string; severity: string }[]).find((f) => f.code === 'XTP201')?.severity;
    const plain = lint();
    const team = lint('--policy', path.join(ext, String(pkg.memlintPolicy)));
    assert.strictEqual(severityOf(plain), 'warning', plain.stdout + plain.stderr);
    assert.strictEqual(severityOf(team), 'error', team.stdout + team.stderr);
    assert.strictEqual(team.status, 1);
  });

  it('refuses a policy with errors, a missing policy, a bad name, or team options without --policy (exit 2, nothing packaged)', () => {
    fs.writeFileSync(path.join(work, 'bad-policy.yaml'), 'rules:\n  XTP201: { minimumSeverity: loud }\n');
    const out = path.join(work, 'bad.vsix');
    const cases: [string[], RegExp][] = [
      [['--policy', path.join(work, 'bad-policy.yaml'), '--name', 'acme-memlint', '--out', out], /policy has problems[\s\S]*minimumSeverity/],
      [['--policy', path.join(work, 'none.yaml'), '--name', 'acme-memlint', '--out', out], /no such file/],
      [['--policy', path.join(work, 'memlint-policy.yaml'), '--name', 'Acme Memlint', '--out', out], /lower-case letters/],
      [['--policy', path.join(work, 'memlint-policy.yaml'), '--out', out], /needs --name/],
      [['--name', 'acme-memlint', '--out', out], /give --policy too/],
    ];
    for (const [args, message] of cases) {
      const r = pack(...args);
      assert.strictEqual(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!fs.existsSync(out), `${args.join(' ')} packaged something`);
    }
  });
});
