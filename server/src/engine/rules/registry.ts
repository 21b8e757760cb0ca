/**
 * The explicit list of rules, in catalogue order. A rule is registered here and nowhere
 * else; the meta-test checks that each has a doc page and a fixture.
 */
import { CFG905 } from './CFG905';
import { RG101 } from './RG101';
import { RG102 } from './RG102';
import { RG103 } from './RG103';
import { RG104 } from './RG104';
import { RG105 } from './RG105';
import { RG106 } from './RG106';
import { RG108 } from './RG108';
import type { Rule } from './rule';
import { SRV301 } from './SRV301';
import { SRV302 } from './SRV302';
import { SRV303 } from './SRV303';
import { XTP201 } from './XTP201';
import { XTP202 } from './XTP202';
import { XTP203 } from './XTP203';
import { XTP204 } from './XTP204';
import { XTP205 } from './XTP205';
import { XTP208 } from './XTP208';

export const RULES: readonly Rule[] = [
  RG101, RG102, RG103, RG104, RG105, RG106, RG108,
  XTP201, XTP202, XTP203, XTP204, XTP205, XTP208,
  SRV301, SRV302, SRV303,
  CFG905,
];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.code, r]));

/** Where each rule's documentation page is published. */
export const DOCS_BASE_URL = 'https://github.com/memlint/memlint/blob/main/docs/rules/';

export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}
