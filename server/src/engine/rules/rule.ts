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
}

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
