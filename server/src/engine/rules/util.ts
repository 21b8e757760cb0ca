/** Small helpers shared by rule messages, and (from ../model/kinds) the statements of each kind that rules share. */
import { instanceStatementsOfKind, kindSet } from '../model/kinds';
import type { Instance } from '../model/model';
import type { SqlScript } from '../model/sqlScript';
import type { Range } from '../types';

export { kindSet, statementsOfKind, positionsOfKind, instanceStatementsOfKind, instancePositionsOfKind } from '../model/kinds';
export type { KindSet, OfKind } from '../model/kinds';

const KINDS_CREATE_POOL = kindSet('createPool');

/**
 * The pools an instance's scripts create (lower-case names); undefined when a CREATE
 * RESOURCE POOL names its pool in a way memlint can't read ($(Pool), a template parameter):
 * that one may create any pool, so then no pool is known to be created nowhere.
 */
export function poolsCreatedIn(inst: Instance): Set<string> | undefined {
  const created = new Set<string>();
  for (const { stmt } of instanceStatementsOfKind(inst, KINDS_CREATE_POOL)) {
    if (!stmt.name.known) return undefined;
    created.add(stmt.name.value.toLowerCase());
  }
  return created;
}

/** How many names a message lists before "and N more": see someOf. */
export const MAX_NAMED = 5;

/**
 * The first `max` of `names`, then "and N more <noun>s". A message that names all the
 * others grows with the file, and a file that has it once per entry then gets findings
 * that grow with the square of its size (4,000 databases on unknown instances, each
 * message listing the 4,000 declared ones: 140 MB of messages for a 400 KB file).
 */
export function someOf(names: readonly string[], noun: string, max = MAX_NAMED): string {
  if (names.length <= max) return names.join(', ');
  const rest = names.length - max;
  return `${names.slice(0, max).join(', ')} and ${int(rest)} more ${noun}${rest === 1 ? '' : 's'}`;
}

/** `[Pool]`: pool names appear bracketed in messages, as in T-SQL. */
export function pool(name: string): string {
  return `[${name}]`;
}

/** 1048576 -> "1,048,576". */
export function int(n: number): string {
  const s = String(Math.abs(Math.round(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? ',' : '') + s[i];
  return n < 0 ? `-${out}` : out;
}

/** One-based line of an offset, for "at line N" in messages. */
export function lineOf(script: SqlScript, range: Range): number {
  return script.lines.lineOf(range.start) + 1;
}

/** "line 12" when the other place is in the same file, else "file.sql line 12". */
export function where(script: SqlScript, range: Range, from: SqlScript): string {
  const line = `line ${lineOf(script, range)}`;
  if (script === from) return line;
  const base = script.file.split(/[\\/]/).pop();
  return `${base} ${line}`;
}

/** Bytes as "64 MB" / "1.5 GB" (binary units). */
export function bytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const s = u === 0 ? String(v) : Number.isInteger(v) ? String(v) : v.toFixed(1);
  return `${s} ${units[u]}`;
}
