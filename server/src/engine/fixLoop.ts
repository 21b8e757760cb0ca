/**
 * The one fix loop shared by `memlint --fix`, "Fix all" and `source.fixAll.memlint`:
 * pick non-overlapping fixes, apply them, re-lint, repeat until nothing changes (at
 * most `maxRounds` times). A fix is applied whole or not at all.
 */
import type { LintOptions, Project } from './project';
import { applyTextEdits } from './text/edits';
import type { FileEdit, FileId, Finding, Fix } from './types';

export interface FixOptions extends LintOptions {
  /** Apply unsafe fixes too. */
  unsafe?: boolean;
  /** Only fix findings in these files (and only edit them). */
  onlyFiles?: ReadonlySet<FileId>;
  /** Only fix findings of these codes. */
  onlyCodes?: ReadonlySet<string>;
  maxRounds?: number;
}

export interface FixResult {
  /** New text of every file that changed. */
  changed: Map<FileId, string>;
  /** Fixes applied, over all rounds. */
  applied: number;
  rounds: number;
  /** Findings left after the last round. */
  remaining: Finding[];
}

/** The fix a finding contributes to an automatic run: its first applicable one. */
export function autoFix(f: Finding, unsafe: boolean): Fix | undefined {
  return f.fixes.find((x) => x.applicability === 'safe') ?? (unsafe ? f.fixes.find((x) => x.applicability === 'unsafe') : undefined);
}

function overlaps(a: FileEdit, b: FileEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.range.start === b.range.start && a.range.end === b.range.end && a.newText === b.newText) return false; // same edit twice
  if (a.range.start === a.range.end && b.range.start === b.range.end) return a.range.start === b.range.start;
  return a.range.start < b.range.end && b.range.start < a.range.end || (a.range.start === a.range.end && a.range.start > b.range.start && a.range.start < b.range.end) || (b.range.start === b.range.end && b.range.start > a.range.start && b.range.start < a.range.end);
}

/** Chooses fixes whose edits do not overlap any already chosen. */
export function selectFixes(fixes: Fix[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: FileEdit[] = [];
  const changes = new Set<string>();
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    const change = fix.sameChange !== undefined && fix.edits.length ? `${fix.edits[0].file}\n${fix.sameChange}` : undefined;
    if (change !== undefined && changes.has(change)) continue;
    if (change !== undefined) changes.add(change);
    chosen.push(fix);
    taken.push(...fix.edits);
  }
  return chosen;
}

export function runFixLoop(project: Project, options: FixOptions = {}): FixResult {
  const maxRounds = options.maxRounds ?? 10;
  const originals = new Map<FileId, string>();
  let applied = 0;
  let rounds = 0;
  let findings = project.lint(options);
  while (rounds < maxRounds) {
    const candidates: Fix[] = [];
    const entries: { fix: Fix; finding: Finding }[] = [];
    for (const f of findings) {
      if (options.onlyFiles && !options.onlyFiles.has(f.file)) continue;
      if (options.onlyCodes && !options.onlyCodes.has(f.code)) continue;
      const fix = autoFix(f, options.unsafe ?? false);
      if (!fix) continue;
      if (options.onlyFiles && fix.edits.some((e) => !options.onlyFiles!.has(e.file))) continue;
      if (fix.edits.some((e) => !project.has(e.file))) continue;
      candidates.push(fix);
      entries.push({ fix, finding: f });
    }
    const chosen = selectFixes(candidates);
    const chosenSet = new Set(chosen);
    // findings whose fix makes the same change as a chosen one: fixed by it when the re-lint no longer reports them
    const changeOf = (x: Fix) => `${x.edits[0]?.file}\n${x.sameChange}`;
    const chosenChanges = new Set(chosen.filter((x) => x.sameChange !== undefined).map(changeOf));
    const riders = entries.filter((e) => !chosenSet.has(e.fix) && e.fix.sameChange !== undefined && chosenChanges.has(changeOf(e.fix))).map((e) => e.finding);
    // a fix several findings share fixes each of them
    const fixedNow = entries.filter((e) => chosenSet.has(e.fix)).length;
    if (!chosen.length) break;
    const byFile = new Map<FileId, FileEdit[]>();
    for (const fix of chosen) for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    let changedThisRound = false;
    for (const [file, edits] of byFile) {
      const text = project.text(file)!;
      const result = applyTextEdits(text, edits.map((e) => ({ start: e.range.start, end: e.range.end, newText: e.newText })));
      if (result.text === text) continue;
      if (!originals.has(file)) originals.set(file, text);
      project.setFile(file, result.text);
      changedThisRound = true;
    }
    rounds++;
    if (!changedThisRound) break;
    applied += fixedNow;
    findings = project.lint(options);
    if (riders.length) {
      const left = new Set(findings.map((f) => `${f.code}\n${f.file}\n${f.message}`));
      applied += riders.filter((f) => !left.has(`${f.code}\n${f.file}\n${f.message}`)).length;
    }
  }
  const changed = new Map<FileId, string>();
  for (const [file, original] of originals) {
    const now = project.text(file)!;
    if (now !== original) changed.set(file, now);
  }
  return { changed, applied, rounds, remaining: findings };
}
