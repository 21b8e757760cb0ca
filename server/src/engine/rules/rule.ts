/** What a rule is: a code, a name, its metadata and a check over the model. */
import type { Model } from '../model/model';
import type { Report, Severity } from '../types';

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
}

export interface RuleContext {
  readonly model: Model;
  report(r: Report): void;
}

export interface Rule {
  code: string;
  name: string;
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
