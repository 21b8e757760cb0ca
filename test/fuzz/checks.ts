/**
 * The properties every input must have, as plain functions that throw an AssertionError:
 * shared by the property tests (short seeded runs) and `npm run fuzz` (the long run).
 */
import * as assert from 'assert';
import { Finding, LineIndex, Project, applyTextEdits, autoFix, readerFaults, runFixLoop, selectFixes } from '../../server/src/engine';
import { readConfig } from '../../server/src/engine/config/config';
import { readPowerShell } from '../../server/src/engine/hyperv/powershell';
import { readHyperVXml } from '../../server/src/engine/hyperv/xml';
import { readVmYaml } from '../../server/src/engine/hyperv/yaml';
import { readSqlScript } from '../../server/src/engine/model/sqlScript';
import { lex } from '../../server/src/engine/tsql/lexer';
import type { Case, WorkspaceCase } from './corpus';
import { budgetHtml, budgetMarkdown, hoverMarkdown, renderContext } from '../../server/src/report/render';

export const DIR = '/p';

export function fileId(c: Case): string {
  return `${DIR}/${c.file}`;
}

export function assertFindingsInside(text: string, findings: Finding[], file: string, texts?: ReadonlyMap<string, string>): void {
  for (const f of findings) {
    const own = f.file === file ? text : texts?.get(f.file);
    assert.ok(own !== undefined, `finding ${f.code} in unknown file ${f.file}`);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= own.length, `${f.code} range ${f.range.start}-${f.range.end} outside 0-${own.length}`);
    assert.ok(Number.isInteger(f.range.start) && Number.isInteger(f.range.end), `${f.code} range is not integral`);
    assert.ok(f.message.length > 0 && !/undefined|NaN|\[object /.test(f.message), `${f.code} message: ${f.message}`);
    for (const x of f.fixes) {
      for (const e of x.edits) {
        const et = e.file === file ? text : texts?.get(e.file);
        assert.ok(et !== undefined, `${f.code} fix edits unknown file ${e.file}`);
        assert.ok(e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= et.length, `${f.code} fix edit ${e.range.start}-${e.range.end} outside 0-${et.length}`);
      }
    }
    for (const r of f.related) {
      const rt = r.file === file ? text : texts?.get(r.file);
      if (rt !== undefined) assert.ok(r.range.start >= 0 && r.range.start <= r.range.end && r.range.end <= rt.length, `${f.code} related range outside its file`);
    }
  }
}

/** Runs `fn` and fails if a reader caught an exception of its own (a bug the user would never see). */
export function withoutReaderFaults<T>(what: string, fn: () => T): T {
  const before = readerFaults.count;
  const out = fn();
  if (readerFaults.count !== before) {
    const e = readerFaults.last;
    throw new assert.AssertionError({ message: `a reader caught its own exception on ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
  }
  return out;
}

/**
 * Lints one case alone: no throw, no reader fault, every range inside the text. And
 * "Disable CODE for this line", where it is offered for the first findings: the file with
 * that edit no longer has the finding, and changes nothing but whitespace outside comments
 * (the comment goes on a line of its own, never inside a string or a comment).
 */
export function lintCase(c: Case): Finding[] {
  const p = new Project();
  const file = fileId(c);
  p.setFile(file, c.text);
  const findings = withoutReaderFaults(c.file, () => p.lint());
  assertFindingsInside(c.text, findings, file);
  for (const f of findings.slice(0, 2)) {
    const e = p.disableLineEdit(file, f.range.start, f.code);
    if (!e) continue;
    const text = c.text.slice(0, e.start) + e.newText + c.text.slice(e.end);
    const q = new Project();
    q.setFile(file, text);
    const at = f.range.start < e.start ? f.range.start : f.range.start + e.newText.length - (e.end - e.start);
    const left = withoutReaderFaults(c.file, () => q.lint()).filter((x) => x.code === f.code && x.range.start === at && x.message === f.message);
    assert.deepStrictEqual(left.map((x) => x.code), [], `"Disable ${f.code} for this line" (${JSON.stringify(e)}) did not suppress it`);
  }
  return findings;
}

/** The lines a range covers (a range that ends at the start of a line, taking its line break, does not cover that line). */
function lineSpan(lines: LineIndex, start: number, end: number): [number, number] {
  const a = lines.positionAt(start).line;
  const e = lines.positionAt(end);
  return [a, end > start && e.character === 0 && e.line > a ? e.line - 1 : e.line];
}

/**
 * Insertions may go where the statement needs them (XTP201 adds MIN_MEMORY_PERCENT after
 * the last option, RG105 a RECONFIGURE after the last statement): they change no text.
 */
function inserts(e: { range: { start: number; end: number } }): boolean {
  return e.range.start === e.range.end;
}

/**
 * Applying all safe fixes: every round changes only the lines its edits touch, and each
 * edit that replaces or deletes text lies on the lines of a fixed finding or of its
 * related locations (a fix does not wander off); the fixes reach a fixpoint within the rounds
 * fix-all allows; at the end no finding with a safe fix is left, and running the fixes again
 * on the result changes nothing (idempotent).
 */
export function checkSafeFixes(c: Case, maxRounds = 10): { rounds: number; applied: number } {
  const file = fileId(c);
  const p = new Project();
  p.setFile(file, c.text);
  let text = c.text;
  let rounds = 0;
  let applied = 0;
  for (; rounds < maxRounds; rounds++) {
    const findings = withoutReaderFaults(c.file, () => p.lint());
    assertFindingsInside(text, findings, file);
    const lines = new LineIndex(text);
    const candidates = [];
    // a safe fix edits the lines of the findings being fixed (or of their related locations)
    const allowed: [number, number][] = [];
    for (const f of findings) {
      if (!autoFix(f, false)) continue;
      allowed.push(lineSpan(lines, f.range.start, f.range.end));
      for (const r of f.related) if (r.file === file) allowed.push(lineSpan(lines, r.range.start, r.range.end));
    }
    for (const f of findings) {
      const fix = autoFix(f, false);
      if (!fix) continue;
      for (const e of fix.edits) {
        assert.strictEqual(e.file, file, `${f.code}'s safe fix edits another file`);
        if (inserts(e)) continue;
        const [a, b] = lineSpan(lines, e.range.start, e.range.end);
        assert.ok(
          allowed.some(([s, t]) => a >= s && b <= t),
          `${f.code}'s safe fix "${fix.title}" edits lines ${a + 1}-${b + 1}, away from the fixed findings (lines ${allowed.map(([s, t]) => `${s + 1}-${t + 1}`).join(', ')})`,
        );
      }
      candidates.push(fix);
    }
    const chosen = selectFixes(candidates);
    if (!chosen.length) break;
    const edits = chosen.flatMap((x) => x.edits).map((e) => ({ start: e.range.start, end: e.range.end, newText: e.newText }));
    const result = applyTextEdits(text, edits);
    if (result.text === text) break;
    assertOnlyTouchedLinesChanged(text, result.text, result.applied);
    applied += chosen.length;
    text = result.text;
    p.setFile(file, text);
  }
  // fix-all stops after maxRounds: a case that needs them all would leave fixable findings
  assert.ok(rounds < maxRounds, `safe fixes still change the text after ${maxRounds} rounds`);
  {
    const left = withoutReaderFaults(c.file, () => p.lint()).filter((f) => autoFix(f, false) && applyTextEdits(text, autoFix(f, false)!.edits.map((e) => ({ start: e.range.start, end: e.range.end, newText: e.newText }))).text !== text);
    assert.deepStrictEqual(left.map((f) => f.code), [], 'findings with a safe fix are left after fixing to a fixpoint');
    // idempotent: a fresh project on the fixed text has nothing left to fix
    const q = new Project();
    q.setFile(file, text);
    const again = q.lint().filter((f) => autoFix(f, false));
    for (const f of again) {
      const r = applyTextEdits(text, autoFix(f, false)!.edits.map((e) => ({ start: e.range.start, end: e.range.end, newText: e.newText })));
      assert.strictEqual(r.text, text, `fixing again changes the text (${f.code})`);
    }
  }
  // the engine's own loop (what --fix and fix-all run) reaches the same text, also for a
  // script known by the editor's language id rather than its name (an untitled editor)
  const languageId = LANGUAGE_IDS[c.file.slice(c.file.lastIndexOf('.') + 1).toLowerCase()];
  for (const [id, lang] of languageId ? [[file, undefined], ['untitled:Untitled-1', languageId]] : [[file, undefined]]) {
    const q = new Project();
    q.setFile(id!, c.text, lang);
    const r = runFixLoop(q, { maxRounds });
    assert.strictEqual(r.changed.get(id!) ?? c.text, text, `runFixLoop on ${id} gives another text than applying the safe fixes round by round`);
  }
  return { rounds, applied };
}

/** Extensions of the cases whose kind an editor's language id can give too. */
const LANGUAGE_IDS: Record<string, string | undefined> = { sql: 'sql', ps1: 'powershell', xml: 'xml' };

/** Lines outside the applied edits are unchanged, in order. */
function assertOnlyTouchedLinesChanged(before: string, after: string, edits: readonly { start: number; end: number; newText: string }[]): void {
  const lines = new LineIndex(before);
  const touched = new Set<number>();
  for (const e of edits) {
    const [a, b] = lineSpan(lines, e.start, e.end);
    for (let l = a; l <= b; l++) touched.add(l);
  }
  const old = before.split(/\r\n|\r|\n/);
  const kept = old.filter((_, i) => !touched.has(i));
  const now = after.split(/\r\n|\r|\n/);
  // every untouched old line is still there, in order (a subsequence of the new lines)
  let j = 0;
  for (const line of now) if (j < kept.length && line === kept[j]) j++;
  assert.strictEqual(j, kept.length, `a fix changed a line it does not touch: ${JSON.stringify(kept[j])}`);
}

/** Every `{ start, end }` reachable from a reader's result lies inside the text (an iterative walk over plain data). */
export function assertRangesInside(result: unknown, textLength: number, what: string): void {
  const seen = new Set<object>();
  const todo: unknown[] = [result];
  while (todo.length) {
    const v = todo.pop();
    if (!v || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') todo.push(x);
      continue;
    }
    if (v instanceof Map) {
      for (const x of v.values()) todo.push(x);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') {
      assert.ok(o.start >= 0 && o.start <= o.end && o.end <= textLength, `${what}: range ${o.start}-${o.end} outside 0-${textLength}`);
    }
    for (const k of Object.keys(o)) {
      if (k === 'lines' || k === 'text') continue; // lazy line index; the text itself
      const x = o[k];
      if (x && typeof x === 'object') todo.push(x);
    }
  }
}

/** Reads one case with its reader alone (no rules): cheap enough for a million cases. */
export function readCase(c: Case): void {
  const file = fileId(c);
  const t = c.text;
  withoutReaderFaults(c.file, () => {
    if (c.file.endsWith('.sql')) {
      const lx = lex(t);
      for (let i = 0; i < lx.count; i++) assert.ok(lx.start[i] < lx.end[i] && lx.end[i] <= t.length, `token ${i} outside the text`);
      const s = readSqlScript(file, t);
      assertRangesInside(s.parse.statements, t.length, 'T-SQL statement');
      assertRangesInside(s.suppressions, t.length, 'T-SQL suppression');
    } else if (c.file.endsWith('.ps1') || c.file.endsWith('.psd1')) {
      const v = readPowerShell(file, t, c.file.endsWith('.psd1') ? 'psd1' : 'powershell');
      assertRangesInside([v.vms, v.suppressions], t.length, 'PowerShell');
    } else if (c.file.endsWith('.xml')) {
      const v = readHyperVXml(file, t);
      if (v) assertRangesInside([v.vms, v.suppressions], t.length, 'XML');
    } else if (c.file === 'memlint.yaml') {
      const cfg = readConfig(file, t);
      assertRangesInside([cfg.errors, cfg.rules, cfg.instances, cfg.databases, cfg.hosts, cfg.targets, cfg.ignore, cfg.vmFile.vms, cfg.vmFile.suppressions], t.length, 'memlint.yaml');
    } else {
      const v = readVmYaml(file, t);
      assertRangesInside([v.vms, v.suppressions], t.length, 'VM YAML');
    }
  });
}

/**
 * A workspace linted together (cross-file checks): no throw, no reader fault, every range
 * inside its file; its safe fixes reach a fixpoint within fix-all's rounds, and change
 * nothing a second time.
 */
export function checkWorkspace(w: WorkspaceCase): void {
  const texts = new Map(w.files.map((f) => [`${DIR}/${f.name}`, f.text]));
  const p = new Project();
  for (const [file, text] of texts) p.setFile(file, text);
  const findings = withoutReaderFaults('a workspace', () => p.lint());
  checkBudgetTexts(p, texts);
  for (const f of findings) assert.ok(texts.has(f.file), `finding in a file not in the workspace: ${f.file}`);
  assertFindingsInside('', findings, '', texts);
  const fixed = withoutReaderFaults('a workspace', () => runFixLoop(p, {}));
  // fix-all stops after ten rounds: one that needs them all would leave fixable findings
  assert.ok(fixed.rounds < 10, `safe fixes of the workspace still change it after ${fixed.rounds} rounds`);
  const q = new Project();
  for (const file of texts.keys()) q.setFile(file, fixed.changed.get(file) ?? texts.get(file)!);
  const again = runFixLoop(q, {});
  assert.deepStrictEqual([...again.changed.keys()], [], 'fixing the fixed workspace changes it again');
}

/** What a budget text must never show: a number that is no number, or a value that is missing. */
const NOT_A_VALUE = /NaN|undefined|Infinity|\[object /;

/**
 * The memory budget as people see it, for a workspace: the Markdown report, the HTML page
 * (its text, not its script) and hovers at a few places of every file: no throw, and no
 * NaN, undefined or Infinity where a number or a name belongs.
 */
function checkBudgetTexts(p: Project, texts: ReadonlyMap<string, string>): void {
  const model = p.model();
  const ctx = renderContext((file, offset) => p.lines(file)?.positionAt(offset).line, DIR);
  const shown: [string, string][] = [
    ['the Markdown report', budgetMarkdown(model, ctx)],
    ['the HTML page', budgetHtml(model, ctx, 'n0nce').html.replace(/<script[\s\S]*?<\/script>/g, '')],
  ];
  for (const [file, text] of texts) {
    for (const offset of [0, text.length >> 2, text.length >> 1, text.length]) {
      const h = hoverMarkdown(model, file, offset, ctx);
      if (h) shown.push([`a hover in ${file}`, h.markdown]);
    }
  }
  for (const [what, text] of shown) {
    const m = NOT_A_VALUE.exec(text);
    if (m) assert.fail(`${what} shows ${JSON.stringify(text.slice(Math.max(0, m.index - 80), m.index + 40))}`);
  }
}
