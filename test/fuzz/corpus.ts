/**
 * What the property tests and `npm run fuzz` feed the readers: for each reader, the
 * file names it reads, a seed corpus (the rule fixtures and examples written for it),
 * tokens of its syntax, and fast-check arbitraries for random text, token soup and
 * mutated seeds. Shared by test/property/*.test.ts (short seeded runs) and
 * test/fuzz/run.ts (the long run).
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { readText } from '../helpers/fixtures';
import { FIXTURES, ROOT } from '../helpers/paths';

export type ReaderName = 'tsql' | 'powershell' | 'xml' | 'yaml';

export interface ReaderSpec {
  name: ReaderName;
  /** File names the reader is used for (a case is linted under one of them). */
  files: string[];
  tokens: string[];
}

const COMMON = ['\n', '\r\n', '\r', ' ', '\t', '\u0000', '\ufffd', '\ud83d', '\ude00', '\ufeff', 'é', '"', "'", '(', ')', ',', ';', '=', 'memlint'];

export const READERS: ReaderSpec[] = [
  {
    name: 'tsql',
    files: ['a.sql'],
    tokens: [
      'CREATE', 'ALTER', 'DROP', 'RESOURCE', 'POOL', 'GOVERNOR', 'RECONFIGURE', 'WORKLOAD', 'GROUP', 'USING', 'WITH', '(', ')', ',', ';', '=',
      'MIN_MEMORY_PERCENT', 'MAX_MEMORY_PERCENT', 'CAP_CPU_PERCENT', 'AFFINITY', 'SCHEDULER', 'AUTO', 'TO', '40', '-1', '150', '40.5', '0x1F', '1e9',
      'EXEC', 'EXECUTE', 'sp_configure', 'sys.sp_xtp_bind_db_resource_pool', 'sp_executesql', "'max server memory'", "'min server memory (MB)'", "N'SalesDB'", "N'P'",
      "'it''s'", "'", "N'", '[P', '[P]]x]', '"default"', 'default', '@sql', '@@TRANCOUNT', '$(Var)', '<p, sysname, P>', '<', '>',
      'IF', 'ELSE', 'BEGIN', 'END', 'TRAN', 'COMMIT', 'ROLLBACK', 'CASE', 'WHEN', 'THEN', 'WHILE', 'GO', 'GO 2', '\nGO\n', 'TRY', 'CATCH',
      '--', '-- memlint-disable-next-line RG101\n', '-- memlint-disable RG101\n', '-- memlint-enable\n', '-- memlint: rows=10\n', '-- memlint: instance=X\n', '/*', '*/', '/* /* */',
      'USE', 'DATABASE', 'SET', 'OFFLINE', 'ONLINE', 'RESTORE', 'NORECOVERY', 'TABLE', 'TYPE', 'AS', 'INDEX', 'HASH', 'BUCKET_COUNT',
      'MEMORY_OPTIMIZED', 'ON', 'OFF', 'PRIMARY', 'KEY', 'NONCLUSTERED', 'INT', 'NVARCHAR(MAX)', 'DECLARE', 'PROCEDURE', ':setvar x 1\n', ':r x.sql\n',
      "DECLARE @s NVARCHAR(MAX) = N'CREATE RESOURCE POOL P; ';\n", 'SET @s = @s + @s;\n', "SET @s += N'x';\n", 'EXEC (@s);\n', 'EXEC sp_executesql @s;\n',
      'FILEGROUP', 'CONTAINS', 'MEMORY_OPTIMIZED_DATA', 'DURABILITY', 'SCHEMA_ONLY', 'ADD', 'FILE', 'NAME', 'FILENAME',
      ...COMMON,
    ],
  },
  {
    name: 'powershell',
    files: ['a.ps1', 'a.psd1'],
    tokens: [
      'New-VM', 'Set-VM', 'Set-VMMemory', 'Get-VM', 'Stop-VM', 'Start-VM', 'Where-Object', 'ForEach-Object', '%', '-Name', '-VMName', '-MemoryStartupBytes', '-StartupBytes',
      '-MinimumBytes', '-MaximumBytes', '-MemoryMinimumBytes', '-MemoryMaximumBytes', '-DynamicMemoryEnabled', '-DynamicMemory', '-StaticMemory', '-Buffer', '-Priority',
      '-Generation', '-Passthru', '-Minimum', '–Name', '-StartupBytes:', '$true', '$false', '$null', '8GB', '512MB', '1TB', '4kb', '0x10', '1e3', '1.5GB', '2GB + 512MB',
      '$x', '$x =', '$x +=', '$vm', '$params', '@params', '$script:x', '$using:x', '$env:X', '${a b}', '$_', '$(', '@(', '@{', '}', '{', ')', '(', '[', ']',
      '[int]', '[long]', '[string]', '[ordered]', '"', "'", '"$x"', '"$($x)"', "@'\n", "\n'@", '@"\n', '\n"@', '`', '`\n', '`"', '#', '<#', '#>',
      '# memlint-disable-next-line HV401\n', '|', ';', ',', '+', '-', '*', '/', '..', '1..3', '-f', '-eq', '-and', '!', '::', '.',
      'foreach ($s in $servers)', 'if', 'elseif', 'else', 'switch', 'while', 'for', 'do', 'until', 'function f', 'param(', 'return', 'try', 'catch', 'finally',
      '$s = "$s$s"\n', '$a = @($a; $a)\n', '$a = $a, $a\n', '$h = @{a=$h; b=$h}\n', "$x = 'a' * 100000000\n", '$x = 1..2000000000\n',
      'class', 'enum', 'data', 'SQLVM01', '"SQLVM02"', 'MemoryStartupBytes = 4GB', 'MemoryMinimumBytes = 1GB', 'MemoryMaximumBytes = 8GB', 'DynamicMemoryEnabled = $true', 'VMName = "A"', 'Name = \'B\'',
      ...COMMON,
    ],
  },
  {
    name: 'xml',
    files: ['a.xml'],
    tokens: [
      '<configuration>', '</configuration>', '<properties>', '</properties>', '<name type="string">', 'SQLVM01', '</name>', '<subtype type="integer">', '1', '</subtype>',
      '<settings>', '</settings>', '<memory>', '</memory>', '<bank>', '</bank>', '<dynamic_memory_enabled type="bool">', 'True', 'False', '</dynamic_memory_enabled>',
      '<size type="integer">', '4096', '-1', '99999999999999999999', '</size>', '<reservation type="integer">', '</reservation>', '<limit type="integer">', '</limit>',
      '<target_memory_buffer type="integer">', '20', '</target_memory_buffer>', '<priority type="integer">', '</priority>', '<weight>', '</weight>', '<bank/>', '<size/>',
      '<![CDATA[', ']]>', '<!--', '-->', '<!-- memlint-disable HV401 -->', '<!-- memlint-disable-next-line HV402 -->', '&amp;', '&#x34;', '&#52;', '&#xFFFFFFFF;', '&lt;', '&bogus;', '&',
      '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>', '<!DOCTYPE x [', ']>', '<', '>', '/>', '</', '=', 'type', 'x="y"', 'CONFIGURATION', '<Bank>',
      ...COMMON,
    ],
  },
  {
    name: 'yaml',
    files: ['a.vm.yaml', 'memlint.yaml'],
    tokens: [
      'vms:', 'SQLVM01:', 'memory:', 'startup:', 'minimum:', 'maximum:', 'dynamic:', 'buffer:', 'priority:', 'generation:', 'host:', 'version:', 'guestOs:',
      '16GB', '4096', '1.5GB', '"16GB"', "'8gb'", '0', '-5', '1e400', '0x10', 'true', 'no', 'on', '~', 'null', '"2019"', 'Windows Server 2019',
      'rules:', 'XTP201: error', 'RG101: off', 'HV4*: warning', 'ignore:', '- "**/*.sql"', 'instances:', 'PROD:', 'vm: SQLVM01', 'edition: enterprise', 'databases:', 'SalesDB:',
      'instance: PROD', 'inMemoryData: 10GB', 'targets:', 'hosts:', 'reserve: 2GB', 'vms: [SQLVM01]', 'extends: ./p.yaml', 'sizing:', 'xtpHeadroom: 2', 'osReserve: 4GB', 'severity:',
      '{', '}', '[', ']', ',', '- ', '? ', ': ', ':', '&a', '*a', '<<: *a', '&a {memory: {startup: 1GB}}', '!!str', '!!map', '!tag', '|', '|-', '>', '#', '# memlint-disable-next-line HV401',
      '# memlint-disable', '---', '...', '%YAML 1.2', '%TAG ! tag:x,2000:', '  ', '    ', '\n  ', '\n    ', '\n      ',
      ...COMMON,
    ],
  },
];

export const READER_BY_NAME = new Map(READERS.map((r) => [r.name, r]));

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out.sort();
}

export function readerOfFile(file: string): ReaderName | undefined {
  const f = file.toLowerCase();
  if (f.endsWith('.sql')) return 'tsql';
  if (f.endsWith('.ps1') || f.endsWith('.psm1') || f.endsWith('.psd1')) return 'powershell';
  if (f.endsWith('.xml')) return 'xml';
  if (f.endsWith('.yaml') || f.endsWith('.yml')) return 'yaml';
  return undefined;
}

export interface Seed {
  /** The name to lint it under (a.sql, a.psd1, memlint.yaml, ...). */
  file: string;
  text: string;
}

let seedCache: Map<ReaderName, Seed[]> | undefined;

/** The seed corpus of each reader: every fixture and example file it reads. */
export function seeds(reader: ReaderName): Seed[] {
  if (!seedCache) {
    seedCache = new Map(READERS.map((r) => [r.name, [] as Seed[]]));
    const files = [...walk(FIXTURES), ...walk(path.join(ROOT, 'examples')), ...walk(path.join(ROOT, 'test', 'fixtures-readers'))];
    for (const full of files) {
      const r = readerOfFile(full);
      if (!r) continue;
      const base = path.basename(full).toLowerCase();
      const file =
        r === 'yaml' ? (base === 'memlint.yaml' || base.includes('memlint-policy') || !base.includes('.vm.') ? 'memlint.yaml' : 'a.vm.yaml') : r === 'powershell' ? (base.endsWith('.psd1') ? 'a.psd1' : 'a.ps1') : READER_BY_NAME.get(r)!.files[0];
      seedCache.get(r)!.push({ file, text: readText(full) });
    }
  }
  return seedCache.get(reader)!;
}

export interface Case {
  file: string;
  text: string;
}

/** Random text of any UTF-16 units (lone surrogates and NUL included). */
function randomText(reader: ReaderSpec, maxLength: number): fc.Arbitrary<Case> {
  return fc.tuple(fc.constantFrom(...reader.files), fc.string({ unit: 'binary', maxLength })).map(([file, text]) => ({ file, text }));
}

/** Tokens of the reader's syntax glued at random. */
function tokenSoup(reader: ReaderSpec, maxTokens: number): fc.Arbitrary<Case> {
  const sep = fc.constantFrom('', ' ', ' ', '\n', '\n  ');
  return fc
    .tuple(fc.constantFrom(...reader.files), fc.array(fc.tuple(fc.constantFrom(...reader.tokens), sep), { maxLength: maxTokens }))
    .map(([file, parts]) => ({ file, text: parts.map(([t, s]) => t + s).join('') }));
}

/** A seed with a few edits: deletions, insertions of the reader's tokens or random text, duplicated and truncated slices. */
function mutatedSeed(reader: ReaderSpec): fc.Arbitrary<Case> {
  const list = seeds(reader.name);
  const edit = fc.record({
    at: fc.nat(),
    del: fc.oneof(fc.nat({ max: 8 }), fc.nat({ max: 200 })),
    ins: fc.oneof(fc.constantFrom(...reader.tokens), fc.string({ unit: 'binary', maxLength: 6 }), fc.constant('')),
    dup: fc.boolean(),
  });
  return fc.tuple(fc.nat({ max: list.length - 1 }), fc.array(edit, { maxLength: 8 }), fc.option(fc.nat(), { freq: 6 })).map(([i, edits, cut]) => {
    let text = list[i].text;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      const ins = e.dup ? text.slice(at, at + e.del) + e.ins : e.ins;
      text = text.slice(0, at) + ins + text.slice(e.dup ? at : at + e.del);
    }
    if (cut !== null) text = text.slice(0, cut % (text.length + 1));
    return { file: list[i].file, text };
  });
}

/** Any input for one reader: random text, token soup, or a mutated seed. */
export function inputs(reader: ReaderName, size: 'small' | 'large' = 'small'): fc.Arbitrary<Case> {
  const spec = READER_BY_NAME.get(reader)!;
  const scale = size === 'small' ? 1 : 4;
  return fc.oneof(
    { arbitrary: randomText(spec, 300 * scale), weight: 2 },
    { arbitrary: tokenSoup(spec, 80 * scale), weight: 4 },
    { arbitrary: mutatedSeed(spec), weight: 4 },
  );
}

/** Mutated seeds only (for the fix properties, which need findings with fixes to bite). */
export function mutatedSeeds(reader: ReaderName): fc.Arbitrary<Case> {
  return mutatedSeed(READER_BY_NAME.get(reader)!);
}

/** Several files linted together (a workspace): names relative to the project root. */
export interface WorkspaceCase {
  files: { name: string; text: string }[];
}

let workspaceCache: { name: string; text: string }[][] | undefined;

/** The rule fixtures' workspace folders (cross-file checks), as relative names and texts. */
export function workspaceSeeds(): { name: string; text: string }[][] {
  if (!workspaceCache) {
    workspaceCache = [];
    for (const code of fs.readdirSync(FIXTURES).sort()) {
      const dir = path.join(FIXTURES, code);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const entry of fs.readdirSync(dir).sort()) {
        const full = path.join(dir, entry);
        if (!fs.statSync(full).isDirectory()) continue;
        const files = walk(full)
          .filter((f) => readerOfFile(f) && !/\.fixed\./.test(f))
          .map((f) => ({ name: path.relative(full, f).replace(/\\/g, '/'), text: readText(f) }));
        if (files.length) workspaceCache.push(files);
      }
    }
  }
  return workspaceCache;
}

/** A fixture workspace with some of its files mutated (edits in the files' own syntax) or swapped for random input. */
export function workspaces(): fc.Arbitrary<WorkspaceCase> {
  const list = workspaceSeeds();
  const edit = fc.record({ file: fc.nat(), at: fc.nat(), del: fc.nat({ max: 40 }), ins: fc.nat(), random: fc.string({ unit: 'binary', maxLength: 6 }), useRandom: fc.boolean() });
  return fc.tuple(fc.nat({ max: list.length - 1 }), fc.array(edit, { maxLength: 10 })).map(([i, edits]) => {
    const files = list[i].map((f) => ({ ...f }));
    for (const e of edits) {
      const f = files[e.file % files.length];
      const tokens = READER_BY_NAME.get(readerOfFile(f.name)!)!.tokens;
      const at = e.at % (f.text.length + 1);
      f.text = f.text.slice(0, at) + (e.useRandom ? e.random : tokens[e.ins % tokens.length]) + f.text.slice(at + e.del);
    }
    return { files };
  });
}
