/**
 * The statements of each kind in a script, or in an instance's scripts, found in one pass
 * and shared by the rules and the model's views (most look at a few kinds of statement; a
 * pass over all of a large script's statements each cost more than their own work).
 */
import type { Instance, ScriptStatement } from './model';
import type { Statement } from '../tsql/ast';

export type Kind = Statement['kind'];
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
const listIndexes = new WeakMap<readonly ScriptStatement[], KindIndex>();

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
      // indexed loops: for-of makes an iterator and a result per element until the
      // optimizing compiler removes them, and these lists are long in large scripts
      const all: number[] = [];
      for (let j = 0; j < kinds.length; j++) {
        const ps = index.positions.get(kinds[j]) ?? NO_POSITIONS;
        for (let i = 0; i < ps.length; i++) all.push(ps[i]);
      }
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

/**
 * The index of a list of statements of several scripts (an instance's): when the list is
 * its scripts' statements one after the other, as `Instance.statements` is, the index is
 * theirs shifted, without looking at every statement again (a script's index outlives the
 * lint while the script is not read again); otherwise one pass.
 */
function listIndex(list: readonly ScriptStatement[]): KindIndex {
  let index = listIndexes.get(list);
  if (index) return index;
  const segments: { stmts: readonly Statement[]; offset: number }[] = [];
  for (let offset = 0; offset < list.length; ) {
    const stmts = list[offset].script.parse.statements;
    const n = stmts.length;
    if (!n || offset + n > list.length || list[offset].stmt !== stmts[0] || list[offset + n - 1].stmt !== stmts[n - 1]) {
      segments.length = 0;
      break;
    }
    segments.push({ stmts, offset });
    offset += n;
  }
  if (segments.length || !list.length) {
    const positions = new Map<string, number[]>();
    for (const { stmts, offset } of segments) {
      for (const [k, ps] of scriptIndex(stmts).positions) {
        let out = positions.get(k);
        if (!out) positions.set(k, (out = []));
        for (let i = 0; i < ps.length; i++) out.push(ps[i] + offset);
      }
    }
    index = { positions, selections: [] };
  } else index = kindIndex(list.length, (i) => list[i].stmt.kind);
  listIndexes.set(list, index);
  return index;
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
  return selected(listIndex(inst.statements), inst.statements, set).items as readonly ScriptStatement<OfKind<K>>[];
}

/** Where in `inst.statements` the statements of `instanceStatementsOfKind(inst, set)` are. */
export function instancePositionsOfKind(inst: Instance, set: KindSet<Kind>): readonly number[] {
  return selected(listIndex(inst.statements), inst.statements, set).positions;
}

/** Where in a list of statements of several scripts (in script order) the statements of the given kinds are. */
export function listPositionsOfKind(list: readonly ScriptStatement[], set: KindSet<Kind>): readonly number[] {
  return selected(listIndex(list), list, set).positions;
}

