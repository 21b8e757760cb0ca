/** What a rule is: a code, a name, its metadata and a check over the model. */
import type { SuppressionDirective } from '../directives';
import type { Model } from '../model/model';
import type { SuppressionUse } from '../suppress';
import type { LineIndex } from '../text/lineIndex';
import type { FileId, Report, Severity } from '../types';

export type Fixable = 'safe' | 'unsafe' | 'none';

export interface RuleMeta {
  /** One sentence: what the rule reports. */
  description: string;
  /** Default severity; memlint.yaml and settings may override it. */
  severity: Severity;
  /** safe: emits safe fixes (and maybe unsafe ones); unsafe: only unsafe fixes; none: no fixes. */
  fixable: Fixable;
  /** file: one file is enough; workspace: needs facts from several files or memlint.yaml. */
  scope: 'file' | 'workspace';
  /** 'after-suppressions': runs once the other rules' findings were filtered by memlint-disable comments. */
  phase?: 'after-suppressions';
  /**
   * Set when the check walks one kind of item and looks at nothing else of the model:
   * `ctx.model.instances`, `ctx.model.scripts` or `ctx.model.vmFiles`, one at a time, with
   * no state carried from one item to the next. The engine then runs it on a model narrowed
   * to a single item and keeps that item's reports until the item's inputs change, so a lint
   * after an edit re-checks only what the edit touched (project.ts, `UnitMemo`). A test
   * (test/unit/ruleUnits.test.ts) checks that the narrowed runs add up to the full run.
   */
  unit?: RuleUnit;
}

export type RuleUnit = 'instance' | 'script' | 'vmFile';

/** A file's memlint-disable comments and what they suppressed (for rules of the second phase). */
export interface FileSuppressions {
  file: FileId;
  text: string;
  lines: LineIndex;
  directives: SuppressionDirective[];
  used: SuppressionUse;
}

export interface RuleContext {
  readonly model: Model;
  report(r: Report): void;
  /** Given to 'after-suppressions' rules only. */
  readonly suppressions?: FileSuppressions[];
}

export interface Rule {
  code: string;
  name: string;
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
