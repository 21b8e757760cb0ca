/**
 * Running the built CLI (dist/cli.js) as a real process, and reading back what its
 * formats print: SARIF validated against the SARIF 2.1.0 JSON schema, JUnit parsed with
 * a conforming XML parser, GitHub workflow commands parsed and unescaped.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { SaxesParser } from 'saxes';
import { DIST, ROOT } from './paths';

export interface CliResult {
  code: number | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

export interface CliCall {
  args: string[];
  cwd?: string;
  /** Bytes or text for standard input (otherwise stdin is empty). */
  input?: string | Uint8Array;
}

const env = { ...process.env, NO_COLOR: '1' };

export function cli(args: string[], cwd = ROOT, input?: string | Uint8Array): CliResult {
  const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], { cwd, env, input: input ?? '' });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stdoutBytes: r.stdout, stderr: r.stderr.toString('utf8') };
}

export function cliAsync(call: CliCall): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(DIST, 'cli.js'), ...call.args], { cwd: call.cwd ?? ROOT, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit before reading stdin
    child.stdin.end(call.input ?? '');
  });
}

/** Runs many CLI calls, a few processes at a time (the machine has few cores). */
export async function cliAll(calls: CliCall[], parallel = 4): Promise<CliResult[]> {
  const results: CliResult[] = new Array(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const i = next++;
      results[i] = await cliAsync(calls[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, calls.length) }, worker));
  return results;
}

// --- SARIF -------------------------------------------------------------------

let sarifValidator: ReturnType<Ajv['compile']> | undefined;

/** Validates a SARIF log against the SARIF 2.1.0 JSON schema (draft-04), formats included. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!sarifValidator) {
    // the schema's "language" pattern is not valid with the u flag
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    sarifValidator = ajv.compile(schema);
  }
  if (sarifValidator(log)) return [];
  return (sarifValidator.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

// --- XML (JUnit) ---------------------------------------------------------------

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses XML with saxes (a conforming, non-validating XML 1.0 parser): throws on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}

// --- GitHub workflow commands -------------------------------------------------

export interface GithubAnnotation {
  command: string;
  properties: Record<string, string>;
  message: string;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * Parses `::command key=value,key=value::message` lines the way the Actions runner does
 * (split on the first "::" after the properties, then on ","), and unescapes them.
 * Throws on a line that is not a workflow command.
 */
export function parseGithub(out: string): GithubAnnotation[] {
  if (out === '') return [];
  assertEndsWithNewline(out);
  return out
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const m = /^::([a-z]+) ([^:]*)::(.*)$/s.exec(line);
      if (!m) throw new Error(`not a workflow command: ${JSON.stringify(line)}`);
      const properties: Record<string, string> = {};
      for (const kv of m[2].split(',')) {
        const eq = kv.indexOf('=');
        if (eq < 1) throw new Error(`bad property ${JSON.stringify(kv)} in ${JSON.stringify(line)}`);
        properties[kv.slice(0, eq)] = unescapeProperty(kv.slice(eq + 1));
      }
      return { command: m[1], properties, message: unescapeData(m[3]) };
    });
}

function assertEndsWithNewline(s: string): void {
  if (!s.endsWith('\n')) throw new Error('output does not end with a newline');
}
