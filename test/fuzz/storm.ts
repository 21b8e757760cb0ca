/**
 * The LSP storm (issue 7.2): the built server (dist/server.js over stdio, through
 * TestClient) gets a seeded random sequence of didOpen / didChange (incremental edits
 * and whole-text replacements) / didClose / didChangeConfiguration events on a handful
 * of documents of every kind, sent as fast as the pipe takes them. At checkpoints and at
 * the end the server must settle on diagnostics equal to a fresh `Project` lint of the
 * same texts with the same settings; at the end they must also equal a fresh CLI run
 * (`memlint --format json`) on the same texts written to disk. The server must never
 * crash or log a failed lint. At each checkpoint its code actions are checked too:
 * "Disable CODE for this line" must suppress what it is offered for, and fix-all must give
 * what the engine's fix loop gives.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, Diagnostic, HoverRequest, DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { DEFAULT_MAX_FILE_SIZE_BYTES, LineIndex, Project, RULES, runFixLoop } from '../../server/src/engine';
import { customizedSeverity } from '../../server/src/shared/settings';
import { cliAsync } from '../helpers/cli';
import { TestClient } from '../helpers/lspClient';
import { tempDir } from '../helpers/tmp';
import { ReaderName, inputs } from './corpus';
import { prng } from '../helpers/prng';

interface Doc {
  name: string;
  languageId: string;
  reader: ReaderName;
}

const DOCS: Doc[] = [
  { name: 'a.sql', languageId: 'sql', reader: 'tsql' },
  { name: 'b.sql', languageId: 'sql', reader: 'tsql' },
  { name: 'vm.ps1', languageId: 'powershell', reader: 'powershell' },
  { name: 'vms.psd1', languageId: 'powershell', reader: 'powershell' },
  { name: 'vm.xml', languageId: 'xml', reader: 'xml' },
  { name: 'b.vm.yaml', languageId: 'yaml', reader: 'yaml' },
  { name: 'memlint.yaml', languageId: 'yaml', reader: 'yaml' },
];

type Severity = 'error' | 'warning' | 'info' | 'hint' | 'off' | 'default';
interface Settings {
  lintDelayMs: number;
  maxFileSize: number;
  rules: { customizations: { rule: string; severity: Severity }[] };
}

export interface StormResult {
  ok: boolean;
  events: number;
  checkpoints: number;
  /** "Disable CODE for this line" actions applied, fix-alls that changed a text, and hovers with a budget, at the checkpoints. */
  actions?: { disabled: number; fixAlls: number; hovers: number };
  /** Open documents compared at the checkpoints and at the end. */
  documents: number;
  /** Documents the final CLI run compared (texts that survive a round trip through UTF-8). */
  cliDocuments: number;
  problem?: string;
}


interface Comparable {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  code: string;
  severity: number;
  message: string;
}

const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;

function key(d: Comparable): string {
  return `${d.line}:${d.character}-${d.endLine}:${d.endCharacter} ${d.code} ${d.severity} ${d.message}`;
}

function fromLsp(list: Diagnostic[]): string[] {
  return list.map((d) => key({ line: d.range.start.line, character: d.range.start.character, endLine: d.range.end.line, endCharacter: d.range.end.character, code: String(d.code), severity: d.severity ?? 0, message: typeof d.message === 'string' ? d.message : d.message.value })).sort();
}

/** What a fresh Project says about the open documents under these settings, by file path. */
function expected(dir: string, open: Map<string, string>, settings: Settings): Map<string, string[]> {
  const p = new Project();
  p.maxFileSizeBytes = settings.maxFileSize;
  for (const [name, text] of open) p.setFile(path.join(dir, name), text, DOCS.find((d) => d.name === name)!.languageId);
  const list = settings.rules.customizations;
  const findings = p.lint({ severityFor: (code) => (list.length ? customizedSeverity(list, code) : undefined) });
  const out = new Map<string, string[]>([...open.keys()].map((n) => [n, [] as string[]]));
  for (const f of findings) {
    const name = path.basename(f.file);
    const lines = p.lines(f.file);
    if (!out.has(name) || !lines) continue;
    const s = lines.positionAt(f.range.start);
    const e = lines.positionAt(f.range.end);
    out.get(name)!.push(key({ line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, code: f.code, severity: SEVERITY[f.severity], message: f.message }));
  }
  for (const l of out.values()) l.sort();
  return out;
}

/** A fresh Project holding the open documents under these settings, and its lint options. */
function freshProject(dir: string, open: Map<string, string>, settings: Settings): { p: Project; severityFor: (code: string) => ReturnType<typeof customizedSeverity> | undefined } {
  const p = new Project();
  p.maxFileSizeBytes = settings.maxFileSize;
  for (const [name, text] of open) p.setFile(path.join(dir, name), text, DOCS.find((d) => d.name === name)!.languageId);
  const list = settings.rules.customizations;
  return { p, severityFor: (code) => (list.length ? customizedSeverity(list, code) : undefined) };
}

/** The edits a code action makes in one document, as offsets into its text. */
function editsIn(action: CodeAction, uri: string, lines: LineIndex): { start: number; end: number; newText: string }[] {
  const changes = [...((action.edit?.documentChanges ?? []) as TextDocumentEdit[]).filter((c) => c.textDocument.uri === uri).flatMap((c) => c.edits as TextEdit[]), ...(action.edit?.changes?.[uri] ?? [])];
  return changes.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }));
}

function applied(text: string, edits: { start: number; end: number; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * Code actions on the settled documents: "Disable CODE for this line" for the first
 * diagnostics of each must suppress the one it is offered for, and "Fix all" must give the
 * text the engine's fix loop gives on the same texts and settings. Returns a problem, if any.
 */
async function checkCodeActions(client: TestClient, uriOf: (n: string) => string, dir: string, open: Map<string, string>, settings: Settings, count: { disabled: number; fixAlls: number; hovers: number }): Promise<string | undefined> {
  for (const [name, text] of open) {
    const uri = uriOf(name);
    const lines = new LineIndex(text);
    const file = path.join(dir, name);
    for (const d of client.lastDiagnostics(uri).slice(0, 2)) {
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const disable = actions.find((a) => a.title === `Disable ${String(d.code)} for this line`);
      if (!disable) continue;
      const after = applied(text, editsIn(disable, uri, lines));
      const edited = new Map(open).set(name, after);
      const { p, severityFor } = freshProject(dir, edited, settings);
      const line = lines.positionAt(lines.offsetAt(d.range.start)).line + 1; // the comment went above it
      const left = p.lint({ severityFor }).filter((f) => f.file === file && f.code === d.code && f.message === d.message && p.lines(file)!.positionAt(f.range.start).line === line);
      if (left.length) return `${name}: "Disable ${String(d.code)} for this line" did not suppress it (${JSON.stringify(text.slice(0, 200))})`;
      count.disabled++;
    }
    // a hover anywhere answers (a budget or nothing), never an error
    for (const at of [0, text.length >> 1, text.length]) {
      const h = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: lines.positionAt(at) })) as { contents?: { value?: string } } | null;
      if (h && typeof h.contents?.value !== 'string') return `${name}: a hover without Markdown at offset ${at}`;
      if (h) count.hovers++;
    }
    const fixAll = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    const { p, severityFor } = freshProject(dir, open, settings);
    const want = runFixLoop(p, { severityFor, onlyFiles: new Set([file]) }).changed.get(file) ?? text;
    const got = fixAll.length ? applied(text, editsIn(fixAll[0], uri, lines)) : text;
    if (got !== want) return `${name}: fix-all gave ${JSON.stringify(got.slice(0, 300))}, the engine's fix loop ${JSON.stringify(want.slice(0, 300))}`;
    if (got !== text) count.fixAlls++;
  }
  return undefined;
}

/** Waits (polling, with a deadline) until the server's diagnostics of every document match; returns a description of the difference on timeout. */
async function settle(client: TestClient, uriOf: (n: string) => string, want: Map<string, string[]>, closed: string[], deadlineMs: number): Promise<string | undefined> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    let diff: string | undefined;
    for (const [name, keys] of want) {
      const got = fromLsp(client.lastDiagnostics(uriOf(name)));
      if (JSON.stringify(got) !== JSON.stringify(keys)) {
        diff = `${name}: server ${JSON.stringify(got.slice(0, 5))} (${got.length}) vs fresh lint ${JSON.stringify(keys.slice(0, 5))} (${keys.length})`;
        break;
      }
    }
    if (!diff) for (const name of closed) if (client.lastDiagnostics(uriOf(name)).length) diff = `${name} is closed but keeps ${client.lastDiagnostics(uriOf(name)).length} diagnostics`;
    if (!diff) return undefined;
    if (Date.now() > deadline) return diff;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A random edit of `text`, as an LSP range (never inside a CRLF pair) and the new text. */
function randomEdit(text: string, r: () => number, insert: string): { start: number; end: number; newText: string } {
  const fix = (o: number) => (o > 0 && o < text.length && text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o);
  const start = fix(Math.floor(r() * (text.length + 1)));
  const end = fix(Math.min(text.length, start + Math.floor(r() * r() * 40)));
  return { start, end: Math.max(start, end), newText: insert };
}

function randomSettings(r: () => number): Settings {
  const sev: Severity[] = ['error', 'warning', 'info', 'hint', 'off', 'default'];
  const customizations: Settings['rules']['customizations'] = [];
  const count = Math.floor(r() * 4);
  for (let i = 0; i < count; i++) {
    const pick = r();
    const rule = pick < 0.7 ? RULES[Math.floor(r() * RULES.length)].code : pick < 0.85 ? ['RG*', 'HV4*', 'XTP*', 'CFG9*'][Math.floor(r() * 4)] : pick < 0.95 ? '*' : '!MEM*';
    customizations.push({ rule, severity: sev[Math.floor(r() * sev.length)] });
  }
  return { lintDelayMs: r() < 0.5 ? 0 : 20, maxFileSize: r() < 0.2 ? 1500 : DEFAULT_MAX_FILE_SIZE_BYTES, rules: { customizations } };
}

/** Exact-code customizations only: those the CLI's --rule can say. */
function cliRules(settings: Settings): string[] | undefined {
  const args: string[] = [];
  for (const c of settings.rules.customizations) {
    if (!/^[A-Z]{2,3}\d{3}$/.test(c.rule)) return undefined;
    if (c.severity === 'default') return undefined;
    args.push('--rule', `${c.rule}=${c.severity}`);
  }
  return args;
}

export async function runStorm(opts: { events: number; seed: number; checkpointEvery?: number; deadlineMs?: number }): Promise<StormResult> {
  const r = prng(opts.seed);
  const dir = tempDir('storm');
  const docsDir = path.join(dir, 'docs');
  fs.mkdirSync(docsDir);
  const uriOf = (name: string) => pathToFileURL(path.join(docsDir, name)).href;
  // texts drawn from the same generators as the property tests
  const pool = new Map<ReaderName, string[]>();
  for (const reader of ['tsql', 'powershell', 'xml', 'yaml'] as ReaderName[]) pool.set(reader, fc.sample(inputs(reader), { seed: opts.seed, numRuns: 200 }).map((c) => c.text));
  const insertions = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\n', '\r\n', 'GO\n', '(', ')', "'", '"', '<', '>', '{', '}', '[', ']', '-- ', '# ', '16GB', '150', ' MAX_MEMORY_PERCENT = ', '-StartupBytes ', '<size>', 'memory:\n  ')), { seed: opts.seed, numRuns: 500 });
  let settings = randomSettings(r);
  settings.maxFileSize = DEFAULT_MAX_FILE_SIZE_BYTES;
  const client = await TestClient.start({ settings: settings as unknown as Record<string, unknown> });
  const open = new Map<string, string>();
  const versions = new Map<string, number>();
  const closed = new Set<string>();
  let compared = 0;
  let checkpoints = 0;
  const actions = { disabled: 0, fixAlls: 0, hovers: 0 };
  let crashed: string | undefined;
  client.child.once('exit', (code, signal) => void (crashed = `server exited (code ${code}, signal ${signal})`));
  const every = opts.checkpointEvery ?? 1000;
  const deadlineMs = opts.deadlineMs ?? 30_000;
  const failed = (problem: string, events: number): StormResult => ({ ok: false, events, checkpoints, documents: compared, cliDocuments: 0, problem });
  try {
    for (let ev = 1; ev <= opts.events; ev++) {
      if (crashed) return failed(crashed, ev);
      const doc = DOCS[Math.floor(r() * DOCS.length)];
      const uri = uriOf(doc.name);
      const x = r();
      if (!open.has(doc.name)) {
        if (x < 0.1) {
          settings = randomSettings(r);
          client.settings = settings as unknown as Record<string, unknown>;
          void client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
        } else {
          const texts = pool.get(doc.reader)!;
          const text = texts[Math.floor(r() * texts.length)];
          const version = (versions.get(doc.name) ?? 0) + 1;
          versions.set(doc.name, version);
          open.set(doc.name, text);
          closed.delete(doc.name);
          void client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: doc.languageId, version, text } });
        }
      } else if (x < 0.06) {
        open.delete(doc.name);
        closed.add(doc.name);
        void client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      } else if (x < 0.1) {
        settings = randomSettings(r);
        client.settings = settings as unknown as Record<string, unknown>;
        void client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      } else {
        const text = open.get(doc.name)!;
        const version = versions.get(doc.name)! + 1;
        versions.set(doc.name, version);
        if (x < 0.14) {
          const texts = pool.get(doc.reader)!;
          const next = texts[Math.floor(r() * texts.length)];
          open.set(doc.name, next);
          void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text: next }] });
        } else {
          // one to three incremental edits, each against the text the previous one left
          const changes = [];
          let t = text;
          const k = 1 + Math.floor(r() * 3);
          for (let i = 0; i < k; i++) {
            const e = randomEdit(t, r, insertions[Math.floor(r() * insertions.length)]);
            const li = new LineIndex(t);
            changes.push({ range: { start: li.positionAt(e.start), end: li.positionAt(e.end) }, text: e.newText });
            t = t.slice(0, e.start) + e.newText + t.slice(e.end);
          }
          open.set(doc.name, t);
          void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
        }
      }
      if (ev % every === 0 || ev === opts.events) {
        checkpoints++;
        const diff = await settle(client, uriOf, expected(docsDir, open, settings), [...closed], deadlineMs);
        if (crashed) return failed(crashed, ev);
        if (diff) return failed(`after event ${ev} (seed ${opts.seed}): ${diff}`, ev);
        const actionProblem = await checkCodeActions(client, uriOf, docsDir, open, settings, actions);
        if (actionProblem) return failed(`after event ${ev} (seed ${opts.seed}): ${actionProblem}`, ev);
        compared += open.size;
      }
    }
    const failedLints = client.logs.filter((l) => /lint failed|Error:|exception/i.test(l));
    if (failedLints.length) return failed(`the server logged: ${failedLints[0].slice(0, 500)}`, opts.events);
    // the same texts and settings through a fresh CLI process: first settle on settings the CLI can say
    // and on texts that survive the trip to disk and back (no NUL, no lone surrogate)
    for (const [name, text] of open) {
      const clean = text.replace(/\0/g, '?').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?');
      if (clean === text) continue;
      const version = versions.get(name)! + 1;
      versions.set(name, version);
      open.set(name, clean);
      void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(name), version }, contentChanges: [{ text: clean }] });
    }
    settings = { ...settings, rules: { customizations: settings.rules.customizations.filter((c) => /^[A-Z]{2,3}\d{3}$/.test(c.rule) && c.severity !== 'default') } };
    client.settings = settings as unknown as Record<string, unknown>;
    void client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const diff = await settle(client, uriOf, expected(docsDir, open, settings), [...closed], deadlineMs);
    if (crashed) return failed(crashed, opts.events);
    if (diff) return failed(`after the last settings change (seed ${opts.seed}): ${diff}`, opts.events);
    let cliDocuments = 0;
    const rules = cliRules(settings);
    const clean = [...open].filter(([, t]) => !t.includes('\0') && Buffer.from(t, 'utf8').toString('utf8') === t);
    if (rules && clean.length === open.size && open.size) {
      const cliDir = path.join(dir, 'cli');
      fs.mkdirSync(cliDir);
      for (const [name, text] of open) fs.writeFileSync(path.join(cliDir, name), text);
      const res = await cliAsync({ args: [cliDir, '--format', 'json', '--max-file-size', String(settings.maxFileSize), ...rules], cwd: dir });
      if (res.code === null || res.code > 2 || !res.stdout.trim().startsWith('{')) return failed(`the CLI failed (exit ${res.code}): ${res.stderr.slice(0, 500)}`, opts.events);
      const report = JSON.parse(res.stdout) as { findings: { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: keyof typeof SEVERITY; message: string }[] };
      for (const name of open.keys()) {
        const fromCli = report.findings
          .filter((f) => path.basename(f.file) === name)
          .map((f) => key({ line: f.line - 1, character: f.column - 1, endLine: f.endLine - 1, endCharacter: f.endColumn - 1, code: f.code, severity: SEVERITY[f.severity], message: f.message }))
          .sort();
        const fromServer = fromLsp(client.lastDiagnostics(uriOf(name)));
        if (JSON.stringify(fromCli) !== JSON.stringify(fromServer)) return failed(`${name}: server ${JSON.stringify(fromServer.slice(0, 5))} vs CLI ${JSON.stringify(fromCli.slice(0, 5))}`, opts.events);
        cliDocuments++;
      }
    }
    return { ok: true, events: opts.events, checkpoints, documents: compared, cliDocuments, actions };
  } finally {
    if (!crashed) await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
