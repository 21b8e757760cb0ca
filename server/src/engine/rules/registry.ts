/**
 * The explicit list of rules, in catalogue order. A rule is registered here and nowhere
 * else; the meta-test checks that each has a doc page and a fixture.
 */
import { CFG901 } from './CFG901';
import { CFG902 } from './CFG902';
import { CFG903 } from './CFG903';
import { CFG904 } from './CFG904';
import { CFG905 } from './CFG905';
import { CFG906 } from './CFG906';
import { CFG907 } from './CFG907';
import { HV401 } from './HV401';
import { HV402 } from './HV402';
import { HV403 } from './HV403';
import { HV404 } from './HV404';
import { HV405 } from './HV405';
import { HV406 } from './HV406';
import { HV407 } from './HV407';
import { HV408 } from './HV408';
import { HV409 } from './HV409';
import { HV410 } from './HV410';
import { MEM501 } from './MEM501';
import { MEM502 } from './MEM502';
import { MEM503 } from './MEM503';
import { MEM504 } from './MEM504';
import { RG101 } from './RG101';
import { RG102 } from './RG102';
import { RG103 } from './RG103';
import { RG104 } from './RG104';
import { RG105 } from './RG105';
import { RG106 } from './RG106';
import { RG107 } from './RG107';
import { RG108 } from './RG108';
import { RG109 } from './RG109';
import { RG110 } from './RG110';
import { SRV301 } from './SRV301';
import { SRV302 } from './SRV302';
import { SRV303 } from './SRV303';
import { SRV304 } from './SRV304';
import { SRV305 } from './SRV305';
import { SRV306 } from './SRV306';
import { XTP201 } from './XTP201';
import { XTP202 } from './XTP202';
import { XTP203 } from './XTP203';
import { XTP204 } from './XTP204';
import { XTP205 } from './XTP205';
import { XTP206 } from './XTP206';
import { XTP207 } from './XTP207';
import { XTP208 } from './XTP208';
import { XTP209 } from './XTP209';
import { XTP210 } from './XTP210';
import { XTP211 } from './XTP211';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [
  RG101, RG102, RG103, RG104, RG105, RG106, RG107, RG108, RG109, RG110,
  XTP201, XTP202, XTP203, XTP204, XTP205, XTP206, XTP207, XTP208, XTP209, XTP210, XTP211,
  SRV301, SRV302, SRV303, SRV304, SRV305, SRV306,
  HV401, HV402, HV403, HV404, HV405, HV406, HV407, HV408, HV409, HV410,
  MEM501, MEM502, MEM503, MEM504,
  CFG901, CFG902, CFG903, CFG904, CFG905, CFG906, CFG907,
];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.code, r]));

/** Where each rule's documentation page is published. */
export const DOCS_BASE_URL = 'https://github.com/memlint/memlint/blob/main/docs/rules/';

export function ruleDocsUrl(code: string): string {
  return `${DOCS_BASE_URL}${code}.md`;
}
