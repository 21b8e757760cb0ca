/**
 * What the reader knows about a PowerShell value while it reads a script: a number, a
 * string, a Boolean, VM objects, a hashtable, an array, or "unknown". Every known value
 * keeps the range where it is written (a variable holding `8GB` points back at `8GB`), so
 * a fix edits the literal itself. Unknown values keep an identity when they come from one
 * place (the same parameter `$VMName`, the same `Read-Host`), so two commands naming the
 * same unknown VM still describe one VM.
 */
import type { BoolValue, NumberValue, SizeStyle, SizeValue } from '../facts';
import type { Range } from '../../types';
import { parseNumberText } from './numbers';

/** One VM a value designates: by name, or unknown (with an identity when it has one). */
export interface VmRef {
  name?: string;
  range: Range;
  id?: string;
}

export interface HashEntry {
  key: string;
  keyRange: Range;
  val: Val;
}

export interface HashVal {
  /** The `@{` of the literal. */
  open: Range;
  entries: Map<string, HashEntry>;
}

export type Val =
  | { k: 'num'; n: number; style: SizeStyle; range: Range }
  /** `quote` is set for a string literal written in quotes; `literal` when nothing was expanded into it. */
  | { k: 'str'; s: string; quote?: string; literal: boolean; range: Range }
  | { k: 'bool'; b: boolean; range: Range }
  | { k: 'null'; range: Range }
  /** VM objects (`Get-VM X`), or with `memory` their memory settings (`Get-VMMemory X`). */
  | { k: 'vm'; vms: VmRef[]; memory?: boolean; range: Range }
  | { k: 'hash'; h: HashVal; range: Range }
  | { k: 'arr'; items: Val[]; range: Range }
  | { k: 'unknown'; range: Range; id?: string };

export function unknown(range: Range, id?: string): Val {
  // `$x.a.a.a…` builds ever longer identities: past a point, none
  return id === undefined || id.length > 200 ? { k: 'unknown', range } : { k: 'unknown', range, id };
}

/** Rounds the way .NET converts a double to an integer (to even on .5). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The text a value converts to, or undefined when unknown or not a scalar. */
export function asText(v: Val): string | undefined {
  switch (v.k) {
    case 'str':
      return v.s;
    case 'num':
      return String(v.n);
    case 'bool':
      return v.b ? 'True' : 'False';
    case 'null':
      return '';
  }
  return undefined;
}

/** A size parameter's value (Int64 bytes). */
export function toSize(v: Val): SizeValue {
  if (v.k === 'num') {
    const bytes = roundHalfEven(v.n);
    if (Number.isSafeInteger(bytes)) return { bytes, range: v.range, style: v.style };
  } else if (v.k === 'str') {
    const lit = parseNumberText(v.s);
    if (lit) {
      const bytes = roundHalfEven(lit.value);
      if (Number.isSafeInteger(bytes)) {
        let style: SizeStyle = { kind: 'expression' };
        if (v.literal && (lit.style.kind === 'suffix' || lit.style.kind === 'bytes') && /^\s*\d/.test(v.s) && v.s === v.s.trim()) {
          style = v.quote ? { ...lit.style, quote: v.quote } : lit.style;
        }
        return { bytes, range: v.range, style };
      }
    }
  }
  return { range: v.range, style: { kind: 'expression' } };
}

/** An integer parameter's value (Buffer, Priority, Generation). */
export function toNumber(v: Val): NumberValue {
  let n: number | undefined;
  if (v.k === 'num') n = v.n;
  else if (v.k === 'str') n = parseNumberText(v.s)?.value;
  if (n !== undefined) {
    const r = roundHalfEven(n);
    if (Number.isSafeInteger(r)) return { value: r, range: v.range };
  }
  return { range: v.range };
}

/** A [bool] parameter's value: PowerShell takes Booleans and numbers (0 is false), nothing else. */
export function toBool(v: Val): BoolValue {
  if (v.k === 'bool') return { value: v.b, range: v.range };
  if (v.k === 'num') return { value: v.n !== 0, range: v.range };
  return { range: v.range };
}

/** A switch parameter's value after a colon (`-DynamicMemory:$false`): true, false, or undefined when unknown. */
export function switchState(v: Val): boolean | undefined {
  if (v.k === 'bool') return v.b;
  if (v.k === 'num') return v.n !== 0;
  if (v.k === 'null') return false;
  return undefined;
}
