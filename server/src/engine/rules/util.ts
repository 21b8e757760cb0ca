/** Small helpers shared by rule messages, and an index of statements by kind that rules share. */
import type { Instance, ScriptStatement } from '../model/model';
import type { SqlScript } from '../model/sqlScript';
import type { Statement } from '../tsql/ast';
import type { Range } from '../types';

type Kind = Statement['kind'];
/** The statements of some kinds. */
export type OfKind<K extends Kind> = Statement extends infer S ? (S extends Statement ? ([Extract<S['kind'], K>] extends [never] ? never : S & { kind: Extract<S['kind'], K> }) : never) : never;

/** Kinds of statement a rule asks for together: made once, at module load, with `kindSet`. */
export interface KindSet<K extends Kind> {
  readonly id: number;
  readonly kinds: readonly K[];
}

let kindSets = 0;

/** A set of statement kinds to ask `statementsOfKind` and friends for. Make it once (a module constant), not per call. */
export function kindSet<K extends Kind>(...kinds: K[]): KindSet<K> {
  return { id: kindSets++, kinds };
}

/**
 * Where each kind of statement is in one list, found in one pass and shared by every rule:
 * most rules look at a few kinds of statement, and a pass over all of a large script's
 * statements per rule cost more than the rules' own work. The selections rules asked for
 * (by KindSet id) are kept too.
 */
interface KindIndex {
  positions: Map<string, number[]>;
  selections: ({ positions: readonly number[]; items: readonly unknown[] } | undefined)[];
}

const NO_POSITIONS: readonly number[] = [];
const NO_ITEMS: readonly unknown[] = [];
const NOTHING = { positions: NO_POSITIONS, items: NO_ITEMS };
const scriptIndexes = new WeakMap<readonly Statement[], KindIndex>();
const instanceIndexes = new WeakMap<readonly ScriptStatement[], KindIndex>();

function kindIndex(n: number, kindAt: (i: number) => string): KindIndex {
  const positions = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = kindAt(i);
    const list = positions.get(k);
    if (list) list.push(i);
    else positions.set(k, [i]);
  }
  return { positions, selections: [] };
}

function selected<T>(index: KindIndex, list: readonly T[], set: KindSet<Kind>): { positions: readonly number[]; items: readonly T[] } {
  let m = index.selections[set.id];
  if (!m) {
    const kinds = set.kinds;
    let positions: readonly number[] = NO_POSITIONS;
    if (kinds.length === 1) positions = index.positions.get(kinds[0]) ?? NO_POSITIONS;
    else {
      const all: number[] = [];
      for (const k of kinds) for (const i of index.positions.get(k) ?? NO_POSITIONS) all.push(i);
      if (all.length) positions = all.sort((a, b) => a - b);
    }
    m = positions.length ? { positions, items: positions.map((i) => list[i]) } : NOTHING;
    index.selections[set.id] = m;
  }
  return m as { positions: readonly number[]; items: readonly T[] };
}

function scriptIndex(stmts: readonly Statement[]): KindIndex {
  let index = scriptIndexes.get(stmts);
  if (!index) scriptIndexes.set(stmts, (index = kindIndex(stmts.length, (i) => stmts[i].kind)));
  return index;
}

function instanceSelection(inst: Instance, set: KindSet<Kind>) {
  const list = inst.statements;
  let index = instanceIndexes.get(list);
  if (!index) {
    // an instance's statements are its scripts' statements one after the other: its index
    // is theirs shifted, without looking at every statement again
    let total = 0;
    for (const script of inst.scripts) total += script.parse.statements.length;
    if (total === list.length) {
      const positions = new Map<string, number[]>();
      let offset = 0;
      for (const script of inst.scripts) {
        for (const [k, ps] of scriptIndex(script.parse.statements).positions) {
          let out = positions.get(k);
          if (!out) positions.set(k, (out = []));
          for (const p of ps) out.push(p + offset);
        }
        offset += script.parse.statements.length;
      }
      index = { positions, selections: [] };
    } else index = kindIndex(list.length, (i) => list[i].stmt.kind);
    instanceIndexes.set(list, index);
  }
  return selected(index, list, set);
}

/**
 * The statements of a script (`script.parse.statements`) of the given kinds, in order. The
 * list is shared: don't change it. (A parse's statements never change once read.)
 */
export function statementsOfKind<K extends Kind>(stmts: readonly Statement[], set: KindSet<K>): readonly OfKind<K>[] {
  return selected(scriptIndex(stmts), stmts, set).items as readonly OfKind<K>[];
}

/** Where in `stmts` the statements of `statementsOfKind(stmts, set)` are, in the same order. */
export function positionsOfKind(stmts: readonly Statement[], set: KindSet<Kind>): readonly number[] {
  return selected(scriptIndex(stmts), stmts, set).positions;
}

/** The statements of an instance (`inst.statements`) of the given kinds, in order; shared, as above. */
export function instanceStatementsOfKind<K extends Kind>(inst: Instance, set: KindSet<K>): readonly ScriptStatement<OfKind<K>>[] {
  return instanceSelection(inst, set).items as readonly ScriptStatement<OfKind<K>>[];
}

/** Where in `inst.statements` the statements of `instanceStatementsOfKind(inst, set)` are. */
export function instancePositionsOfKind(inst: Instance, set: KindSet<Kind>): readonly number[] {
  return instanceSelection(inst, set).positions;
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
