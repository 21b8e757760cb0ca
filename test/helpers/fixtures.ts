/**
 * Rule fixtures as data. A fixture marks each expected finding on the line below the
 * code it points at, in the file's own comment syntax:
 *
 *   CREATE RESOURCE POOL p WITH (MAX_MEMORY_PERCENT = 150);
 *   --                                                ^^^ RG101 (error) out of range
 *
 * The carets give the exact columns on the nearest line above that is not a marker;
 * after the code come an optional (severity) and an optional fragment of the message.
 * A finding that ends on another line adds `@end=LINE:COL` (1-based). Where carets
 * can't be placed (a range at column 1), `--! CODE @LINE:COL-LINE:COL ...` gives the
 * whole range explicitly.
 *
 * Top-level files of test/fixtures/<CODE>/ are linted alone; each subfolder is a small
 * workspace whose files are linted together. `name.fixed.ext` is the expected text after
 * applying every fix (safe and unsafe) of the fixture's findings. A workspace folder may
 * hold `fixture.json` with options a host would set: `{ "maxFileSizeBytes": 200 }`,
 * `{ "defaultPolicy": "acme.policy.yaml" }` (a team build's or `--policy`'s policy file).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, LineIndex, Project, decodeText } from '../../server/src/engine';

export interface Expected {
  file: string;
  code: string;
  /** 0-based */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  severity?: string;
  fragment?: string;
  markerLine: number;
}

export interface Actual {
  file: string;
  code: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  severity: string;
  message: string;
  finding: Finding;
}

const COMMENT_PREFIXES = ['--', '#', '<!--', '//'];

function markerBody(line: string): { prefixEnd: number; body: string } | undefined {
  const trimmed = line.trimStart();
  for (const p of COMMENT_PREFIXES) {
    if (trimmed.startsWith(p)) {
      const prefixEnd = line.length - trimmed.length + p.length;
      return { prefixEnd, body: line.slice(prefixEnd) };
    }
  }
  return undefined;
}

export function isFixedTwin(file: string): boolean {
  return /\.fixed\.[^.]+$/.test(file) || /\.fixed\.vm\.yaml$/.test(file);
}

export function twinOf(file: string): string {
  const ext = /\.vm\.yaml$/.test(file) ? '.vm.yaml' : path.extname(file);
  return file.slice(0, file.length - ext.length) + '.fixed' + ext;
}

/** Reads the expected findings marked in a fixture's text. */
export function parseMarkers(file: string, text: string): Expected[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Expected[] = [];
  let codeLine = -1;
  lines.forEach((line, i) => {
    const m = markerBody(line);
    if (m) {
      const explicit = /^!\s*([A-Z]{2,3}\d{3})\s+@(\d+):(\d+)-(\d+):(\d+)(?:\s+\((error|warning|info|hint)\))?\s*(.*?)\s*(-->)?$/.exec(m.body);
      if (explicit) {
        out.push({
          file,
          code: explicit[1],
          line: Number(explicit[2]) - 1,
          character: Number(explicit[3]) - 1,
          endLine: Number(explicit[4]) - 1,
          endCharacter: Number(explicit[5]) - 1,
          severity: explicit[6],
          fragment: explicit[7] || undefined,
          markerLine: i,
        });
        return;
      }
      const caret = /^(\s*)(\^+)\s+([A-Z]{2,3}\d{3})(?:\s+\((error|warning|info|hint)\))?(?:\s+@end=(\d+):(\d+))?\s*(.*?)\s*(-->)?$/.exec(m.body);
      if (caret) {
        const start = m.prefixEnd + caret[1].length;
        const hasEnd = caret[5] !== undefined;
        out.push({
          file,
          code: caret[3],
          line: codeLine,
          character: start,
          endLine: hasEnd ? Number(caret[5]) - 1 : codeLine,
          endCharacter: hasEnd ? Number(caret[6]) - 1 : start + caret[2].length,
          severity: caret[4],
          fragment: caret[7] || undefined,
          markerLine: i,
        });
        return;
      }
    }
    codeLine = i;
  });
  return out;
}

export function toActual(f: Finding, lines: LineIndex): Actual {
  const s = lines.positionAt(f.range.start);
  const e = lines.positionAt(f.range.end);
  return { file: f.file, code: f.code, line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, severity: f.severity, message: f.message, finding: f };
}

export function matches(e: Expected, a: Actual): boolean {
  return (
    e.file === a.file &&
    e.code === a.code &&
    e.line === a.line &&
    e.character === a.character &&
    e.endLine === a.endLine &&
    e.endCharacter === a.endCharacter &&
    (e.severity === undefined || e.severity === a.severity) &&
    (e.fragment === undefined || a.message.includes(e.fragment))
  );
}

/** Renders a finding the way a marker would write it, for failure messages. */
export function describe(x: { file: string; code: string; line: number; character: number; endLine: number; endCharacter: number; severity?: string; message?: string }): string {
  return `${path.basename(x.file)}:${x.line + 1}:${x.character + 1}-${x.endLine + 1}:${x.endCharacter + 1} ${x.code}${x.severity ? ` (${x.severity})` : ''}${x.message ? ` "${x.message}"` : ''}`;
}

export interface FixtureCase {
  /** A name for the test title. */
  name: string;
  /** The rule folder's code. */
  code: string;
  /** Files linted together. */
  files: string[];
}

/** Every fixture case under test/fixtures. */
export function fixtureCases(root: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  if (!fs.existsSync(root)) return cases;
  for (const code of fs.readdirSync(root).sort()) {
    const dir = path.join(root, code);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const entry of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (fs.statSync(full).isDirectory()) {
        const files = walk(full).filter((f) => !isFixedTwin(f));
        cases.push({ name: `${code}/${entry}/`, code, files });
      } else if (!isFixedTwin(full)) cases.push({ name: `${code}/${entry}`, code, files: [full] });
    }
  }
  return cases;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, e);
    if (fs.statSync(full).isDirectory()) out.push(...walk(full));
    else out.push(full);
  }
  return out;
}

/** What a workspace fixture's fixture.json may set. */
export interface FixtureOptions {
  maxFileSizeBytes?: number;
  /** A file of the fixture folder that is the project's default policy. */
  defaultPolicy?: string;
  /** Where fixture.json is (set when read). */
  dir?: string;
}

/** The options in fixture.json of the folder holding all `files`, if any. */
export function fixtureOptions(files: string[]): FixtureOptions {
  if (!files.length) return {};
  let dir = path.dirname(files[0]);
  while (!files.every((f) => f.startsWith(dir + path.sep))) dir = path.dirname(dir);
  const file = path.join(dir, 'fixture.json');
  return fs.existsSync(file) ? { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as FixtureOptions), dir } : {};
}

/** A project with a fixture's options applied. */
export function fixtureProject(files: string[]): Project {
  const project = new Project();
  const options = fixtureOptions(files);
  if (options.maxFileSizeBytes !== undefined) project.maxFileSizeBytes = options.maxFileSizeBytes;
  if (options.defaultPolicy !== undefined && options.dir) {
    const file = path.join(options.dir, options.defaultPolicy);
    project.setDefaultPolicy(file, readText(file));
  }
  return project;
}

/** Reads fixture files into a project, the way the CLI would. */
export function loadProject(files: string[]): Project {
  const project = fixtureProject(files);
  for (const f of files) project.setFile(f, readText(f));
  return project;
}

/** Decodes a fixture the way the CLI does (UTF-16 exports included). */
export function readText(file: string): string {
  return decodeText(fs.readFileSync(file)).text;
}
