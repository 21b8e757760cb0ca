/**
 * A reader for the part of PowerShell that provisioning scripts use to size Hyper-V VMs.
 * It tokenizes and parses in one forward pass (argument mode for command arguments,
 * expression mode elsewhere, as PowerShell does) and evaluates what can be known
 * statically as it goes: literals, arithmetic, variables assigned earlier in the file,
 * hashtables, and the VM objects cmdlets return. Commands of interest are bound the way
 * PowerShell binds them (named, prefixed, positional, splatted, piped) and reported to
 * a VM store.
 *
 * Total: never throws on any text, every loop makes progress, and nesting deeper than
 * MAX_DEPTH is skipped by an iterative scanner, so no input can exhaust the stack.
 * Linear: each character is read a bounded number of times (string subexpressions are
 * re-read at most MAX_STRING_DEPTH times; loop unrolling re-reads at most twice the
 * file; values built with `+` are followed to MAX_ITEMS items).
 *
 * What it does not do (the value is then unknown, or the command not followed):
 * - Control flow is static. Commands count where they are written: in both branches of
 *   an `if`, in a function body whether or not it is called. A variable assigned in a
 *   conditional block or a loop is unknown after it; a function's locals stay inside.
 * - Loops over known arrays (`foreach ($s in $servers)`, `1..3 | % { }`) run once per
 *   item, up to MAX_UNROLL items and within the budget; other loop variables are unknown.
 * - Binding errors are not modelled: an ambiguous or unknown parameter is skipped with
 *   the argument after it, where PowerShell would refuse the whole command.
 * - Wildcard names (`Get-VM SQL*`) and `Get-VM` without a name designate unnamed VMs;
 *   `Where-Object` passes VMs through unfiltered; `Rename-VM` is not followed.
 * - New-VM's defaults (512 MB, static memory) are not recorded: only what is written.
 * - Nothing from other files: dot-sourcing, `Import-PowerShellDataFile`, `$using:` (read
 *   as the local variable), environment variables.
 * - Class and enum bodies are skipped; DSC resources (VMHyperV StartupMemory …) are not read.
 */
import type { BoolValue, NumberValue, SizeValue, VmFacts } from '../facts';
import type { Range } from '../../types';
import { endsBareWord, isBlank, isDash, isDigit, isDoubleQuote, isIdentChar, isIdentStart, isNewline, isSingleQuote } from './chars';
import { CmdletDef, DATA_KEYS, DATA_TRIGGERS, FactKey, ParamDef, findCmdlet, resolveParam } from './cmdlets';
import { scanNumber, parseNumberText } from './numbers';
import { HashVal, Val, VmRef, asText, roundHalfEven, switchState, toBool, toNumber, toSize, unknown } from './values';

/** Nesting deeper than this ((((…, {{{…, @{ @{ …) is skipped, not read. */
const MAX_DEPTH = 48;
/** Values built by `+` are followed up to this many items (arrays, hashtables) or characters (strings). */
const MAX_ITEMS = 1000;
const MAX_TEXT = 100_000;
/** A loop over a known array runs its body once per item, for up to this many items. */
const MAX_UNROLL = 64;
/** Subexpressions inside strings inside subexpressions … are evaluated this deep. */
const MAX_STRING_DEPTH = 3;

export interface CommentSpan {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
}

export interface ReadResult {
  vms: VmFacts[];
  comments: CommentSpan[];
}

type FrameKind = 'script' | 'block' | 'try' | 'function';

/** A variable scope: the script, a block, a function body. */
class Frame {
  readonly vars = new Map<string, Val>();
  /** Variables assigned in this frame (they may not have been assigned when the frame is conditional). */
  readonly assigned = new Set<string>();
  /** Hashtable entries changed in this frame. */
  readonly mutated: { h: HashVal; key: string }[] = [];
  /** `$script:x = …` inside a function. */
  readonly scoped = new Set<string>();
  constructor(
    readonly kind: FrameKind,
    readonly parent: Frame | undefined,
  ) {}
}

type LValue = { kind: 'var'; name: string; scoped: boolean; range: Range } | { kind: 'entry'; h: HashVal; key: string; keyRange: Range };

interface ParamElem {
  kind: 'param';
  /** The name as typed, without the dash. */
  name: string;
  /** The dash and the name (no colon). */
  range: Range;
  colonValue?: Val;
}
interface ArgElem {
  kind: 'arg';
  val: Val;
  /** Where the argument is written (its value's range may be where a variable got it). */
  range: Range;
  /** A bare word (`+`, `SQL01`): set for the "2GB + 512MB in argument mode" check. */
  bare?: string;
}
interface SplatElem {
  kind: 'splat';
  val: Val;
  range: Range;
}
type Elem = ParamElem | ArgElem | SplatElem;

interface Bound {
  def: ParamDef;
  val?: Val;
  /** Switch parameters: on, off (`:$false`), or unknown (`:$x`). */
  on?: boolean;
  range: Range;
}

/** A string literal as lexed: its value when known, and the range of the whole token. */
interface StrTok {
  end: number;
  val: Val;
}

/** Collects the VMs the file configures, merged by name (case-insensitive) or by identity. */
class VmStore {
  private readonly byKey = new Map<string, VmFacts>();
  readonly order: VmFacts[] = [];
  private anon = 0;
  get(ref: VmRef): VmFacts {
    const key = ref.name !== undefined ? 'n:' + ref.name.toLowerCase() : ref.id !== undefined ? 'u:' + ref.id : 'a:' + this.anon++;
    let f = this.byKey.get(key);
    if (!f) {
      f = { nameRange: ref.range };
      if (ref.name !== undefined) f.name = ref.name;
      this.byKey.set(key, f);
      this.order.push(f);
    }
    return f;
  }
}

const WORD_KEYWORDS = new Set([
  'if', 'elseif', 'else', 'switch', 'foreach', 'for', 'while', 'do', 'until', 'function', 'filter', 'workflow', 'param', 'try', 'catch', 'finally',
  'trap', 'return', 'throw', 'exit', 'break', 'continue', 'class', 'enum', 'using', 'data', 'begin', 'process', 'end', 'dynamicparam', 'clean',
]);

/** Statements that output nothing. */
const SILENT_KEYWORDS = new Set(['function', 'filter', 'workflow', 'param', 'class', 'enum', 'using', 'break', 'continue', 'trap', 'data']);

const BINARY_LEVELS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['and', 'or', 'xor']),
  new Set(['band', 'bor', 'bxor']),
  new Set([
    'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch', 'contains', 'notcontains', 'in', 'notin', 'replace', 'split', 'join', 'is', 'isnot', 'as',
    'ieq', 'ine', 'igt', 'ige', 'ilt', 'ile', 'ilike', 'inotlike', 'imatch', 'inotmatch', 'icontains', 'inotcontains', 'iin', 'inotin', 'ireplace', 'isplit',
    'ceq', 'cne', 'cgt', 'cge', 'clt', 'cle', 'clike', 'cnotlike', 'cmatch', 'cnotmatch', 'ccontains', 'cnotcontains', 'cin', 'cnotin', 'creplace', 'csplit',
  ]),
  new Set(['shl', 'shr']),
  new Set(['+', '-']),
  new Set(['*', '/', '%']),
  new Set(['f']),
  new Set(['..']),
];

export class PsReader {
  private i = 0;
  /** The end of what is being read (a string's subexpression reads up to its `)`). */
  private n: number;
  private depth = 0;
  private stringDepth = 0;
  private frame = new Frame('script', undefined);
  private readonly comments: CommentSpan[] = [];
  private lastComment = -1;
  private readonly store = new VmStore();
  /** Every hashtable literal, in order of its `@{` (a .psd1 describes VMs with them). */
  private readonly hashes: HashVal[] = [];
  /** Characters loop unrolling may read again (twice the file): keeps the read linear. */
  private unrollBudget: number;
  private readonly paramCache = new Map<CmdletDef, Map<string, ParamDef | 'ambiguous' | undefined>>();

  constructor(
    private readonly t: string,
    private readonly kind: 'powershell' | 'psd1',
  ) {
    this.n = t.length;
    this.unrollBudget = Math.max(2 * t.length, 100_000);
  }

  read(): ReadResult {
    this.statementList(-1);
    if (this.kind === 'psd1') for (const h of this.hashes) this.dataVm(h);
    return { vms: this.store.order, comments: this.comments };
  }

  // ------------------------------------------------------------------ characters

  private at(i: number): number {
    return i < this.n ? this.t.charCodeAt(i) : -1;
  }

  private addComment(start: number, end: number, bodyStart: number, bodyEnd: number): void {
    if (start <= this.lastComment) return;
    this.lastComment = start;
    this.comments.push({ start, end, bodyStart, bodyEnd });
  }

  /** Where the token boundaries are not known (skipping): `#` starts a comment unless it is inside a word. */
  private commentCanStart(i: number): boolean {
    if (i === 0) return true;
    const p = this.t.charCodeAt(i - 1);
    return !isIdentChar(p) && p !== 96;
  }

  /** Skips a line comment at `i` (a `#`) and returns where the line ends. */
  private lineComment(i: number): number {
    let j = i + 1;
    while (j < this.n && !isNewline(this.t.charCodeAt(j))) j++;
    this.addComment(i, j, i + 1, j);
    return j;
  }

  /** Skips a block comment at `i` (`<#`) and returns where it ends. */
  private blockComment(i: number): number {
    const close = this.t.indexOf('#>', i + 2);
    const end = close < 0 || close + 2 > this.n ? this.n : close + 2;
    this.addComment(i, end, i + 2, close < 0 || close + 2 > this.n ? this.n : close);
    return end;
  }

  /** Skips blanks, comments and backtick line continuations; stops at a newline. */
  private ws(): void {
    for (;;) {
      const c = this.at(this.i);
      if (c < 0) return;
      if (isBlank(c)) this.i++;
      else if (c === 96 && isNewline(this.at(this.i + 1))) this.i += this.at(this.i + 1) === 13 && this.at(this.i + 2) === 10 ? 3 : 2;
      else if (c === 35) this.i = this.lineComment(this.i);
      else if (c === 60 && this.at(this.i + 1) === 35) this.i = this.blockComment(this.i);
      else return;
    }
  }

  /** Skips blanks, comments and newlines. */
  private wsNl(): void {
    for (;;) {
      this.ws();
      if (isNewline(this.at(this.i))) this.i++;
      else return;
    }
  }

  /** Skips blanks, comments, newlines and `;`. */
  private wsNlSemi(): void {
    for (;;) {
      this.wsNl();
      if (this.at(this.i) === 59) this.i++;
      else return;
    }
  }

  /** A here-string opener at `i` (`@'` or `@"` then only blanks to the end of the line): the offset after its newline, or -1. */
  private hereOpen(i: number): number {
    if (this.at(i) !== 64) return -1;
    const q = this.at(i + 1);
    if (!isSingleQuote(q) && !isDoubleQuote(q)) return -1;
    let j = i + 2;
    while (isBlank(this.at(j))) j++;
    const c = this.at(j);
    if (c === 13) return this.at(j + 1) === 10 ? j + 2 : j + 1;
    if (c === 10) return j + 1;
    return -1;
  }

  /** Where a here-string's body that starts at `from` ends: the offset of the newline before the closer, and after the closer. */
  private hereClose(from: number, single: boolean): { bodyEnd: number; end: number; closed: boolean } {
    let lineStart = from;
    for (;;) {
      const c = this.at(lineStart);
      if ((single ? isSingleQuote(c) : isDoubleQuote(c)) && this.at(lineStart + 1) === 64) {
        // the body ends before the newline that precedes the closer
        let bodyEnd = lineStart;
        if (bodyEnd > from && this.at(bodyEnd - 1) === 10) bodyEnd--;
        if (bodyEnd > from && this.at(bodyEnd - 1) === 13) bodyEnd--;
        return { bodyEnd, end: lineStart + 2, closed: true };
      }
      let j = lineStart;
      while (j < this.n && !isNewline(this.t.charCodeAt(j))) j++;
      if (j >= this.n) return { bodyEnd: this.n, end: this.n, closed: false };
      j += this.t.charCodeAt(j) === 13 && this.at(j + 1) === 10 ? 2 : 1;
      lineStart = j;
    }
  }

  /** Skips a single-quoted string at `i`; returns the offset after it. */
  private skipSingle(i: number): number {
    let j = i + 1;
    while (j < this.n) {
      if (isSingleQuote(this.t.charCodeAt(j))) {
        if (isSingleQuote(this.at(j + 1))) j += 2;
        else return j + 1;
      } else j++;
    }
    return this.n;
  }

  /**
   * Skips code up to and including the `closer` that balances a construct whose opener
   * is just before `i`, with any nesting of brackets, strings, here-strings,
   * subexpressions and comments (an explicit stack, not recursion). Returns `n` when
   * the construct is never closed.
   */
  private skipCode(i: number, closer: number, stop = this.n): number {
    const DQ = -1;
    const HDQ = -2;
    const stack: number[] = [closer];
    const t = this.t;
    stop = Math.min(stop, this.n);
    while (i < stop) {
      const top = stack[stack.length - 1];
      const c = t.charCodeAt(i);
      if (top === DQ || top === HDQ) {
        if (c === 96) i += 2;
        else if (top === DQ && isDoubleQuote(c)) {
          if (isDoubleQuote(this.at(i + 1))) i += 2;
          else {
            stack.pop();
            i++;
          }
        } else if (top === HDQ && isNewline(c)) {
          const j = c === 13 && this.at(i + 1) === 10 ? i + 2 : i + 1;
          if (isDoubleQuote(this.at(j)) && this.at(j + 1) === 64) {
            stack.pop();
            i = j + 2;
          } else i = j;
        } else if (c === 36 && this.at(i + 1) === 40) {
          stack.push(41);
          i += 2;
        } else i++;
        continue;
      }
      switch (c) {
        case 96:
          i += 2;
          continue;
        case 35:
          if (this.commentCanStart(i)) i = this.lineComment(i);
          else i++;
          continue;
        case 60:
          if (this.at(i + 1) === 35) i = this.blockComment(i);
          else i++;
          continue;
        case 64: {
          const body = this.hereOpen(i);
          if (body < 0) i++;
          else if (isSingleQuote(this.at(i + 1))) i = this.hereClose(body, true).end;
          else {
            stack.push(HDQ);
            i = body;
            // an empty here-string closes on its first line
            if (isDoubleQuote(this.at(i)) && this.at(i + 1) === 64) {
              stack.pop();
              i += 2;
            }
          }
          continue;
        }
        case 40:
          stack.push(41);
          i++;
          continue;
        case 123:
          stack.push(125);
          i++;
          continue;
        case 91:
          stack.push(93);
          i++;
          continue;
        case 41:
        case 125:
        case 93:
          i++;
          if (c === top) {
            stack.pop();
            if (stack.length === 0) return i;
          }
          continue;
      }
      if (isSingleQuote(c)) i = this.skipSingle(i);
      else if (isDoubleQuote(c)) {
        stack.push(DQ);
        i++;
      } else i++;
    }
    return stop < this.n ? -1 : this.n;
  }

  /** Skips a construct opened at `this.i` (opener length `open`) that is too deep to read; returns an unknown value. */
  private skipTooDeep(open: number, closer: number): Val {
    const start = this.i;
    this.i = this.skipCode(this.i + open, closer);
    return unknown({ start, end: this.i });
  }

  // ------------------------------------------------------------------ scopes

  private push(kind: FrameKind): void {
    this.frame = new Frame(kind, this.frame);
  }

  /** Leaves a frame: a conditional block leaves what it assigned unknown, a try block leaves it set, a function leaves it alone. */
  private pop(end: number): void {
    const f = this.frame;
    const parent = f.parent;
    if (!parent) return;
    this.frame = parent;
    if (f.kind === 'try') {
      for (const name of f.assigned) {
        const v = f.vars.get(name);
        if (v) this.setVar(name, v);
      }
    } else if (f.kind === 'block') {
      for (const name of f.assigned) this.setVar(name, unknown(f.vars.get(name)?.range ?? { start: end, end }, `j${end}:${name}`));
    } else {
      for (const name of f.scoped) {
        let root: Frame = parent;
        while (root.parent) root = root.parent;
        root.vars.set(name, unknown({ start: end, end }, `j${end}:${name}`));
      }
    }
    if (f.kind !== 'try') {
      for (const m of f.mutated) {
        const e = m.h.entries.get(m.key);
        if (e) m.h.entries.set(m.key, { ...e, val: unknown(e.val.range, `j${end}:${m.key}`) });
      }
    }
    if (f.kind !== 'function') for (const m of f.mutated) parent.mutated.push(m);
  }

  private setVar(name: string, v: Val): void {
    this.frame.vars.set(name, v);
    this.frame.assigned.add(name);
  }

  private lookup(name: string): Val | undefined {
    for (let f: Frame | undefined = this.frame; f; f = f.parent) {
      const v = f.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** The value of `$name` used at `range`. */
  private readVar(rawName: string, range: Range): Val {
    let name = rawName.toLowerCase();
    if (name === 'true') return { k: 'bool', b: true, range };
    if (name === 'false') return { k: 'bool', b: false, range };
    if (name === 'null') return { k: 'null', range };
    const colon = name.indexOf(':');
    if (colon > 0) {
      const drive = name.slice(0, colon);
      if (drive === 'script' || drive === 'global' || drive === 'local' || drive === 'private' || drive === 'using' || drive === 'variable') name = name.slice(colon + 1);
      else return unknown(range, 'drive:' + name);
    }
    const v = this.lookup(name);
    if (!v) return unknown(range, 'free:' + name);
    if (v.k === 'unknown') return unknown(range, v.id);
    return v;
  }

  private assign(lv: LValue, v: Val): void {
    if (lv.kind === 'var') {
      const val = v.k === 'unknown' && v.id === undefined ? unknown(v.range, `v${lv.range.start}`) : v;
      this.setVar(lv.name, val);
      if (lv.scoped) this.frame.scoped.add(lv.name);
    } else {
      lv.h.entries.set(lv.key.toLowerCase(), { key: lv.key, keyRange: lv.keyRange, val: v });
      this.frame.mutated.push({ h: lv.h, key: lv.key.toLowerCase() });
    }
  }

  /** Declares a variable whose value comes from outside (a parameter, a loop variable). */
  private declare(name: string, range: Range, id: string): void {
    this.setVar(name.toLowerCase(), unknown(range, id));
  }

  // ------------------------------------------------------------------ statements

  /** Reads statements up to the `closer` (consumed), a closer that is not ours (left), or the end. Returns the values statements output. */
  private statementList(closer: number): Val[] {
    const out: Val[] = [];
    for (;;) {
      this.wsNlSemi();
      const c = this.at(this.i);
      if (c < 0) return out;
      if (c === closer) {
        this.i++;
        return out;
      }
      if (c === 41 || c === 125 || c === 93) {
        if (closer !== -1) return out;
        this.i++; // a stray closer at the top level
        continue;
      }
      const before = this.i;
      const v = this.statement();
      if (v) out.push(v);
      if (this.i === before) this.i++;
    }
  }

  /** One statement; its output value, or undefined when it outputs nothing known to matter (an assignment). */
  private statement(): Val | undefined {
    this.ws();
    const start = this.i;
    const c = this.at(this.i);
    if (c === 58 && isIdentStart(this.at(this.i + 1))) {
      // a loop label `:outer`
      this.i++;
      while (isIdentChar(this.at(this.i))) this.i++;
      this.ws();
    }
    const kw = this.keywordAt(this.i);
    if (kw) return this.keywordStatement(kw, start);
    return this.pipeline();
  }

  /** The lower-case keyword that starts a statement at `i`, if any. */
  private keywordAt(i: number): string | undefined {
    let j = i;
    while (j < this.n && j - i < 13) {
      const c = this.t.charCodeAt(j);
      if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
      j++;
    }
    if (j === i || j - i > 12) return undefined;
    const c = this.at(j);
    if (!(c < 0 || isBlank(c) || isNewline(c) || c === 40 || c === 123 || c === 59 || c === 125 || c === 41)) return undefined;
    const w = this.t.slice(i, j).toLowerCase();
    if (!WORD_KEYWORDS.has(w)) return undefined;
    if (w === 'begin' || w === 'process' || w === 'end' || w === 'dynamicparam' || w === 'clean' || w === 'data') {
      // only before a block; otherwise a command of that name
      let k = j;
      while (isBlank(this.at(k)) || isNewline(this.at(k))) k++;
      if (this.at(k) !== 123 && !(w === 'data' && isIdentStart(this.at(k)))) return undefined;
    }
    return w;
  }

  private word(): void {
    while (isIdentChar(this.at(this.i))) this.i++;
  }

  /** `( … )` after a keyword: reads the pipeline inside. */
  private parenCondition(): void {
    this.ws();
    if (this.at(this.i) !== 40) return;
    this.paren();
  }

  /** A `{ … }` block of a statement, read in a frame of `kind`. */
  private block(kind: FrameKind, setup?: () => void): void {
    this.wsNl();
    if (this.at(this.i) !== 123) return;
    if (this.depth >= MAX_DEPTH) {
      this.skipTooDeep(1, 125);
      return;
    }
    this.depth++;
    this.i++;
    this.push(kind);
    setup?.();
    this.statementList(125);
    this.pop(this.i);
    this.depth--;
  }

  /** After `}`: is the next word (past newlines) `word`? Consumes it when it is. */
  private nextWordIs(words: string[]): string | undefined {
    const save = this.i;
    this.wsNl();
    const kw = this.keywordAt(this.i);
    if (kw && words.includes(kw)) {
      this.i += kw.length;
      return kw;
    }
    this.i = save;
    return undefined;
  }

  private keywordStatement(kw: string, start: number): Val | undefined {
    this.i += kw.length;
    switch (kw) {
      case 'if':
      case 'elseif':
        this.parenCondition();
        this.block('block');
        for (;;) {
          const next = this.nextWordIs(['elseif', 'else']);
          if (!next) break;
          if (next === 'elseif') this.parenCondition();
          this.block('block');
          if (next === 'else') break;
        }
        break;
      case 'else':
      case 'finally':
        this.block(kw === 'finally' ? 'try' : 'block');
        break;
      case 'while':
      case 'until':
        this.parenCondition();
        this.block('block');
        break;
      case 'for':
        this.push('block');
        this.parenCondition();
        this.block('block');
        this.pop(this.i);
        break;
      case 'foreach':
        this.foreachStatement();
        break;
      case 'do':
        this.block('block');
        if (this.nextWordIs(['while', 'until'])) this.parenCondition();
        break;
      case 'switch':
        this.switchStatement();
        break;
      case 'try':
        this.block('try');
        for (;;) {
          const next = this.nextWordIs(['catch', 'finally']);
          if (!next) break;
          if (next === 'catch') {
            // catch [T1], [T2] { }
            for (;;) {
              this.ws();
              if (this.at(this.i) === 91) this.i = this.skipCode(this.i + 1, 93);
              this.ws();
              if (this.at(this.i) !== 44) break;
              this.i++;
              this.wsNl();
            }
            this.block('block');
          } else {
            this.block('try');
            break;
          }
        }
        break;
      case 'catch':
      case 'trap':
        this.ws();
        if (this.at(this.i) === 91) this.i = this.skipCode(this.i + 1, 93);
        this.block('block');
        break;
      case 'function':
      case 'filter':
      case 'workflow':
        this.functionStatement();
        break;
      case 'param':
        this.paramBlock();
        break;
      case 'begin':
      case 'process':
      case 'end':
      case 'dynamicparam':
      case 'clean':
        this.block('block', () => this.declare('_', { start, end: start }, `in${start}`));
        break;
      case 'data':
        this.ws();
        this.word();
        this.block('block');
        break;
      case 'class':
      case 'enum':
        // members are not statements: skip the body
        while (this.i < this.n && this.at(this.i) !== 123 && !isNewline(this.at(this.i))) this.i++;
        this.wsNl();
        if (this.at(this.i) === 123) this.i = this.skipCode(this.i + 1, 125);
        break;
      case 'using':
        while (this.i < this.n && !isNewline(this.at(this.i))) this.i++;
        break;
      case 'return':
      case 'throw':
      case 'exit': {
        this.ws();
        const c = this.at(this.i);
        if (c >= 0 && !isNewline(c) && c !== 59 && c !== 125 && c !== 41) return this.pipeline();
        break;
      }
      case 'break':
      case 'continue':
        this.ws();
        if (isIdentStart(this.at(this.i))) this.word();
        break;
    }
    return SILENT_KEYWORDS.has(kw) ? undefined : unknown({ start, end: this.i });
  }

  private foreachStatement(): void {
    this.ws();
    // `foreach -parallel (…)` in workflows
    while (isDash(this.at(this.i))) {
      this.i++;
      this.word();
      this.ws();
    }
    if (this.at(this.i) !== 40) return;
    this.i++;
    this.ws();
    let loopVar: { name: string; range: Range } | undefined;
    if (this.at(this.i) === 36) {
      const s = this.i;
      const name = this.varName();
      if (name !== undefined) loopVar = { name, range: { start: s, end: this.i } };
    }
    this.ws();
    let collection: Val | undefined;
    if (this.keywordIn()) {
      this.wsNl();
      if (this.depth < MAX_DEPTH) {
        this.depth++;
        collection = this.pipeline();
        this.depth--;
      }
    }
    this.wsNl();
    if (this.at(this.i) === 41) this.i++;
    else this.i = this.skipCode(this.i, 41);
    this.wsNl();
    this.runLoop(this.loopItems(collection), (item) => {
      if (!loopVar) return;
      const name = this.plainVarName(loopVar.name);
      if (item) this.setVar(name, item);
      else this.declare(name, loopVar.range, `l${loopVar.range.start}`);
    }, (setup) => this.block('block', setup));
  }

  /** The items a loop over `v` runs for, when they are known. */
  private loopItems(v: Val | undefined): Val[] | undefined {
    if (!v) return undefined;
    if (v.k === 'arr') return v.items.length > 0 ? v.items : undefined;
    if (v.k === 'vm') return v.vms.map((r) => ({ k: 'vm', vms: [r], memory: v.memory, range: v.range }) as Val);
    if (v.k === 'unknown' || v.k === 'null') return undefined;
    return [v];
  }

  /**
   * Runs a loop body (at its `{`) once per known item when there are a few and the
   * unroll budget allows (the budget keeps the whole read linear), else once with the
   * item unknown. `setupItem` binds the loop variable in the body's frame.
   */
  private runLoop(items: Val[] | undefined, setupItem: (item: Val | undefined) => void, body: (setup: () => void) => void): void {
    const open = this.i;
    if (items && items.length > 1 && items.length <= MAX_UNROLL && this.at(open) === 123 && this.depth < MAX_DEPTH) {
      // size the body, reading no further than the budget could pay for
      const close = this.skipCode(open + 1, 125, open + 1 + Math.floor(this.unrollBudget / (items.length - 1)));
      const cost = (items.length - 1) * (close - open);
      if (close > 0 && cost <= this.unrollBudget) {
        this.unrollBudget -= cost;
        for (const item of items) {
          this.i = open;
          body(() => setupItem(item));
        }
        return;
      }
    }
    body(() => setupItem(items?.length === 1 ? items[0] : undefined));
  }

  private keywordIn(): boolean {
    if ((this.at(this.i) | 32) === 105 && (this.at(this.i + 1) | 32) === 110 && !isIdentChar(this.at(this.i + 2))) {
      this.i += 2;
      return true;
    }
    return false;
  }

  private switchStatement(): void {
    const start = this.i;
    // options: -Regex -Wildcard -Exact -CaseSensitive -Parallel -File <path>
    for (;;) {
      this.ws();
      if (!isDash(this.at(this.i))) break;
      this.i++;
      const s = this.i;
      this.word();
      if (this.t.slice(s, this.i).toLowerCase() === 'file') {
        this.ws();
        this.argPrimary();
      }
    }
    this.ws();
    if (this.at(this.i) === 40) this.paren();
    else if (this.at(this.i) !== 123 && this.at(this.i) >= 0 && !isNewline(this.at(this.i))) this.argPrimary();
    this.block('block', () => this.declare('_', { start, end: start }, `sw${start}`));
  }

  private functionStatement(): void {
    this.ws();
    const nameStart = this.i;
    while (this.i < this.n && !endsBareWord(this.at(this.i))) this.i++;
    if (this.i === nameStart) return;
    this.ws();
    const params: { name: string; range: Range }[] = [];
    if (this.at(this.i) === 40) {
      // function F($a, [long]$b = 4GB) { }
      this.push('function');
      this.paramList(params);
      this.pop(this.i);
    }
    this.block('function', () => {
      for (const p of params) this.declare(p.name, p.range, `p${p.range.start}`);
    });
  }

  /** `param( … )`: every parameter is a value from outside. */
  private paramBlock(): void {
    this.ws();
    if (this.at(this.i) !== 40) return;
    const params: { name: string; range: Range }[] = [];
    this.paramList(params);
    for (const p of params) this.declare(p.name, p.range, `p${p.range.start}`);
  }

  /** Reads `( [attr][type]$a = default, … )` at `(`, collecting the parameter names. */
  private paramList(params: { name: string; range: Range }[]): void {
    if (this.depth >= MAX_DEPTH) {
      this.skipTooDeep(1, 41);
      return;
    }
    this.depth++;
    this.i++;
    for (;;) {
      this.wsNlSemi();
      const c = this.at(this.i);
      if (c < 0) break;
      if (c === 41) {
        this.i++;
        break;
      }
      if (c === 125) break;
      const before = this.i;
      const { lv } = this.expressionLv(true);
      if (lv?.kind === 'var') params.push({ name: lv.name, range: lv.range });
      this.ws();
      if (this.at(this.i) === 61) {
        this.i++;
        this.wsNl();
        this.expression(true);
      }
      this.wsNl();
      if (this.at(this.i) === 44) this.i++;
      if (this.i === before) this.i++;
    }
    this.depth--;
  }

  // ------------------------------------------------------------------ pipelines and commands

  /** Does a command (rather than an expression) start at `i`? */
  private commandStarts(i: number): boolean {
    const c = this.at(i);
    if (c < 0) return false;
    // `4GB` is a number, `7zip` a command
    if (isDigit(c)) return scanNumber(this.t, i, this.n) === undefined;
    if (c === 36 || c === 64 || c === 40 || c === 91 || c === 123 || c === 33 || c === 43 || c === 44 || isSingleQuote(c) || isDoubleQuote(c) || isDash(c)) return false;
    if (c === 46) return !isDigit(this.at(i + 1));
    if (c === 38) return this.at(i + 1) !== 38;
    // `%` and `?`: ForEach-Object and Where-Object
    if (c === 37 || c === 63) return isBlank(this.at(i + 1)) || this.at(i + 1) === 123;
    return !(isNewline(c) || c === 59 || c === 41 || c === 125 || c === 93 || c === 124 || c === 61 || c === 42 || c === 47 || c === 62 || c === 60);
  }


  /** A pipeline (or a chain of them with `&&`/`||`), or an assignment. Returns what it outputs. */
  private pipeline(): Val | undefined {
    const start = this.i;
    let out: Val | undefined;
    if (this.commandStarts(this.i)) out = this.command(undefined);
    else {
      const { v, lv } = this.expressionLv();
      this.ws();
      const op = this.assignOp();
      if (op) {
        this.wsNl();
        let rhs: Val;
        if (this.depth >= MAX_DEPTH) {
          const s = this.i;
          while (this.i < this.n && !isNewline(this.at(this.i))) this.i++;
          rhs = unknown({ start: s, end: this.i });
        } else {
          this.depth++;
          const s = this.i;
          rhs = this.statement() ?? unknown({ start: s, end: this.i });
          this.depth--;
        }
        if (lv) {
          let value = rhs;
          if (op !== '=') value = this.binary(op.slice(0, -1), op === '??=' ? unknown(v.range) : v, rhs, { start, end: this.i });
          this.assign(lv, value);
        }
        return undefined;
      }
      const c = this.at(this.i);
      const d = this.at(this.i + 1);
      if ((c === 43 && d === 43) || (isDash(c) && isDash(d))) {
        // $x++ / $x--
        this.i += 2;
        if (lv) this.assign(lv, unknown({ start, end: this.i }));
        return undefined;
      }
      out = v;
    }
    for (;;) {
      this.ws();
      this.redirections();
      const c = this.at(this.i);
      const d = this.at(this.i + 1);
      if ((c === 124 && d !== 124) || (c === 38 && d === 38) || (c === 124 && d === 124)) {
        const piped = c === 124 && d !== 124;
        this.i += piped ? 1 : 2;
        this.wsNl();
        if (this.commandStarts(this.i)) out = this.command(piped ? out : undefined);
        else {
          const s = this.i;
          const v = this.expression();
          out = piped ? unknown({ start: s, end: this.i }) : v;
        }
        continue;
      }
      if (isNewline(c)) {
        // PowerShell 7: a line that starts with `|` continues the pipeline
        const save = this.i;
        this.wsNl();
        if (this.at(this.i) === 124 && this.at(this.i + 1) !== 124) continue;
        this.i = save;
      }
      return out;
    }
  }

  private assignOp(): string | undefined {
    const c = this.at(this.i);
    const d = this.at(this.i + 1);
    if (c === 61) {
      if (d === 61) return undefined;
      this.i++;
      return '=';
    }
    if ((c === 43 || isDash(c) || c === 42 || c === 47 || c === 37) && d === 61) {
      this.i += 2;
      return (isDash(c) ? '-' : String.fromCharCode(c)) + '=';
    }
    if (c === 63 && d === 63 && this.at(this.i + 2) === 61) {
      this.i += 3;
      return '??=';
    }
    return undefined;
  }

  /** Redirections after a command or expression: `> file`, `2>&1`, `*>> log`. */
  private redirections(): boolean {
    let any = false;
    for (;;) {
      const c = this.at(this.i);
      let j = this.i;
      if ((c >= 49 && c <= 54) || c === 42) j++;
      if (this.at(j) !== 62) return any;
      j++;
      if (this.at(j) === 62) j++;
      any = true;
      if (this.at(j) === 38 && (this.at(j + 1) === 49 || this.at(j + 1) === 50)) {
        this.i = j + 2;
      } else {
        this.i = j;
        this.ws();
        const t = this.at(this.i);
        if (t >= 0 && !isNewline(t) && t !== 59 && t !== 124 && t !== 41 && t !== 125) this.argPrimary();
      }
      this.ws();
    }
  }

  /** A command and its arguments; `input` is what the pipeline feeds it. Returns its output. */
  private command(input: Val | undefined): Val {
    const start = this.i;
    let name: string | undefined;
    let nameRange: Range = { start, end: start };
    const c = this.at(this.i);
    if ((c === 38 || c === 46) && !isDigit(this.at(this.i + 1)) && (this.at(this.i + 1) < 0 || isBlank(this.at(this.i + 1)) || this.at(this.i + 1) === 36 || this.at(this.i + 1) === 123 || this.at(this.i + 1) === 40 || isSingleQuote(this.at(this.i + 1)) || isDoubleQuote(this.at(this.i + 1)))) {
      // `& name`, `& $cmd`, `& { }`, `. .\lib.ps1`
      this.i++;
      this.ws();
      const s = this.i;
      const v = this.argPrimary();
      nameRange = { start: s, end: this.i };
      if (v.k === 'str') name = v.s;
    } else {
      const w = this.bareWord();
      name = w.text;
      nameRange = { start: w.start, end: w.end };
    }
    const def = name === undefined ? undefined : findCmdlet(name);
    const lname = name?.toLowerCase();
    const itemBlock = lname === 'foreach-object' || lname === '%' || lname === 'foreach' || lname === 'where-object' || lname === '?' || lname === 'where' ? input : undefined;
    const elems: Elem[] = [];
    for (;;) {
      this.ws();
      if (this.redirections()) continue;
      const d = this.at(this.i);
      if (d < 0 || isNewline(d) || d === 59 || d === 41 || d === 125 || d === 124) break;
      if (d === 38) {
        if (this.at(this.i + 1) !== 38) this.i++; // `&` at the end: run as a job
        break;
      }
      if (isDash(d) && isDash(this.at(this.i + 1)) && this.at(this.i + 2) === 37) {
        // --% : the rest of the line goes to the program as it is
        while (this.i < this.n && !isNewline(this.at(this.i))) this.i++;
        break;
      }
      const before = this.i;
      const p = this.paramToken();
      if (p) elems.push(p);
      else if (d === 64 && isIdentStart(this.at(this.i + 1))) {
        const s = this.i;
        this.i++;
        this.word();
        const vn = this.t.slice(s + 1, this.i);
        elems.push({ kind: 'splat', val: this.readVar(vn, { start: s, end: this.i }), range: { start: s, end: this.i } });
      } else {
        const s = this.i;
        const v = this.arg(itemBlock);
        const bare = this.bareText(s, this.i);
        const range = { start: s, end: this.i };
        elems.push(bare === undefined ? { kind: 'arg', val: v, range } : { kind: 'arg', val: v, range, bare });
      }
      if (this.i === before) this.i++;
    }
    const end = this.i;
    if (def) return this.bind(def, elems, input, nameRange, { start, end });
    if (lname === 'where-object' || lname === '?' || lname === 'where' || lname === 'sort-object' || lname === 'sort' || lname === 'tee-object') return input ?? unknown({ start, end });
    return unknown({ start, end });
  }

  /** The source text of a one-character argument that is an arithmetic operator (`+` in `2GB + 512MB`). */
  private bareText(s: number, e: number): string | undefined {
    if (e - s !== 1) return undefined;
    const c = this.t.charCodeAt(s);
    return c === 43 || c === 42 || c === 47 || c === 37 || isDash(c) ? this.t[s] : undefined;
  }

  /** A `-Name` / `-Name:` parameter token at `i`, or undefined when none starts there. */
  private paramToken(): ParamElem | undefined {
    const s = this.i;
    if (!isDash(this.at(s))) return undefined;
    const c = this.at(s + 1);
    if (!(isIdentStart(c) || c === 63)) return undefined;
    let j = s + 1;
    while (j < this.n && (isIdentChar(this.t.charCodeAt(j)) || this.t.charCodeAt(j) === 63)) j++;
    const name = this.t.slice(s + 1, j);
    const range = { start: s, end: j };
    if (this.at(j) === 58) {
      this.i = j + 1;
      this.ws();
      const d = this.at(this.i);
      const colonValue = d < 0 || isNewline(d) || d === 59 || d === 124 || d === 41 || d === 125 ? unknown({ start: j, end: j + 1 }) : this.arg(undefined);
      return { kind: 'param', name, range, colonValue };
    }
    if (j < this.n && !endsBareWord(this.t.charCodeAt(j))) {
      // `-Name=x`, `-a.b`: not a parameter PowerShell binds; read as one unknown word
      this.i = s;
      const w = this.bareWord();
      return { kind: 'param', name: this.t.slice(s + 1, w.end), range: { start: s, end: w.end } };
    }
    this.i = j;
    return { kind: 'param', name, range };
  }

  /** One argument, with `,` arrays (`-VMName A, B`); a newline may follow a comma. */
  private arg(itemBlock: Val | undefined): Val {
    const s = this.i;
    const first = this.argPrimary(itemBlock);
    let end = this.i;
    this.ws();
    if (this.at(this.i) !== 44) {
      this.i = end;
      return first;
    }
    const items = [first];
    for (;;) {
      this.i++; // the comma
      this.wsNl();
      const c = this.at(this.i);
      if (c < 0 || c === 59 || c === 124 || c === 41 || c === 125 || c === 44) break;
      const before = this.i;
      items.push(this.argPrimary(itemBlock));
      if (this.i === before) break;
      end = this.i;
      this.ws();
      if (this.at(this.i) !== 44) {
        this.i = end;
        break;
      }
    }
    return { k: 'arr', items, range: { start: s, end } };
  }

  /** One argument-mode value: a word, a number, a string, a variable, `( )`, `$( )`, `@( )`, `@{ }`, `{ }`. */
  private argPrimary(itemBlock?: Val): Val {
    const s = this.i;
    const c = this.at(this.i);
    let v: Val;
    if (isSingleQuote(c) || isDoubleQuote(c) || (c === 64 && this.hereOpen(this.i) >= 0)) {
      const tok = this.stringToken();
      this.i = tok.end;
      v = tok.val;
    } else if (c === 36 && (this.at(this.i + 1) === 40 || this.varStarts(this.i))) {
      v = this.postfix(this.primary()).v;
    } else if (c === 40 || (c === 64 && (this.at(this.i + 1) === 40 || this.at(this.i + 1) === 123))) {
      v = this.postfix(this.primary()).v;
    } else if (c === 123) {
      v = this.scriptBlock(itemBlock);
    } else {
      const w = this.bareWord();
      if (w.text === undefined) return unknown({ start: w.start, end: w.end });
      const lit = w.simple ? parseNumberText(w.text) : undefined;
      if (lit) return { k: 'num', n: lit.value, style: lit.style, range: { start: w.start, end: w.end } };
      return { k: 'str', s: w.text, literal: w.simple, range: { start: w.start, end: w.end } };
    }
    if (this.i < this.n && !endsBareWord(this.at(this.i))) {
      // `'a'b`, `$x-y`: one expandable word
      this.bareWord();
      return unknown({ start: s, end: this.i });
    }
    return v;
  }

  /**
   * A bare word in argument mode, up to blank space or `; , | & ( ) { } >`. Backtick
   * escapes, quoted parts and `$variables` inside are expanded when known; `text` is
   * undefined when something in it is not. `simple` when the word is exactly its source.
   */
  private bareWord(): { start: number; end: number; text?: string; simple: boolean } {
    const start = this.i;
    const t = this.t;
    let i = this.i;
    while (i < this.n) {
      const c = t.charCodeAt(i);
      if (endsBareWord(c) || c === 96 || c === 36 || isSingleQuote(c) || isDoubleQuote(c)) break;
      i++;
    }
    const c = this.at(i);
    if (c < 0 || endsBareWord(c) || (c === 96 && isNewline(this.at(i + 1)))) {
      this.i = i;
      return { start, end: i, text: t.slice(start, i), simple: true };
    }
    // the slow way: escapes, quotes, variables
    let text: string | undefined = t.slice(start, i);
    while (i < this.n) {
      const d = t.charCodeAt(i);
      if (endsBareWord(d)) break;
      if (d === 96) {
        const e = this.at(i + 1);
        if (e < 0 || isNewline(e)) break;
        const esc = escapeChar(t, i + 1);
        if (text !== undefined) text += esc.ch;
        i = Math.min(i + 1 + esc.len, this.n);
      } else if (isSingleQuote(d) || isDoubleQuote(d)) {
        this.i = i;
        const tok = this.stringToken();
        i = tok.end;
        const s = asText(tok.val);
        text = text !== undefined && s !== undefined ? text + s : undefined;
      } else if (d === 36 && (this.at(i + 1) === 40 || this.varStarts(i))) {
        this.i = i;
        const v = this.at(i + 1) === 40 ? this.subExpression() : this.variable();
        i = this.i;
        const s = asText(v);
        text = text !== undefined && s !== undefined ? text + s : undefined;
      } else {
        if (text !== undefined) text += t[i];
        i++;
      }
    }
    this.i = i;
    return text === undefined ? { start, end: i, simple: false } : { start, end: i, text, simple: false };
  }

  /** A `{ … }` script block: its statements are read (commands in it count); its value is unknown. */
  private scriptBlock(input?: Val): Val {
    const start = this.i;
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep(1, 125);
    const items = input ? this.loopItems(input) : undefined;
    this.runLoop(
      input ? items : undefined,
      (item) => {
        if (!input) return;
        const v = item ?? unknown({ start, end: start }, `in${start}`);
        this.frame.vars.set('_', v);
        this.frame.vars.set('psitem', v);
      },
      (setup) => {
        this.depth++;
        this.i++;
        this.push('block');
        setup();
        this.statementList(125);
        this.pop(this.i);
        this.depth--;
      },
    );
    return unknown({ start, end: this.i });
  }

  // ------------------------------------------------------------------ binding

  private resolve(def: CmdletDef, typed: string): ParamDef | 'ambiguous' | undefined {
    let cache = this.paramCache.get(def);
    if (!cache) this.paramCache.set(def, (cache = new Map()));
    const hit = cache.get(typed);
    if (hit !== undefined || cache.has(typed)) return hit;
    const r = resolveParam(def, typed);
    if (cache.size < 1000) cache.set(typed, r);
    return r;
  }

  /** Binds a Hyper-V cmdlet's arguments the way PowerShell does and records what it sets. */
  private bind(def: CmdletDef, elems: Elem[], input: Val | undefined, nameRange: Range, range: Range): Val {
    const bound = new Map<ParamDef, Bound>();
    const positionals: Val[] = [];
    let unknownSplat: Range | undefined;
    for (let e = 0; e < elems.length; e++) {
      const el = elems[e];
      if (el.kind === 'param') {
        const p = this.resolve(def, el.name);
        const pd = typeof p === 'object' ? p : undefined;
        if (pd?.switch) {
          bound.set(pd, { def: pd, on: el.colonValue ? switchState(el.colonValue) : true, range: el.range });
          continue;
        }
        let val = el.colonValue;
        if (!val) {
          // a parameter that takes a value takes the next argument (an unknown or ambiguous one is assumed to)
          const next = elems[e + 1];
          if (next?.kind === 'arg') {
            val = next.val;
            e++;
            // `-StartupBytes 2GB + 512MB`: argument mode splits it into three arguments
            const op = elems[e + 1];
            const operand = elems[e + 2];
            if (op?.kind === 'arg' && op.bare !== undefined && /^[-+*/%\u2013\u2014\u2015]$/.test(op.bare) && operand?.kind === 'arg') {
              // the three as written: their values' ranges may be where variables got them
              val = unknown({ start: next.range.start, end: operand.range.end });
              e += 2;
            }
          }
        }
        if (pd && val) bound.set(pd, { def: pd, val, range: el.range });
      } else if (el.kind === 'splat') {
        const v = el.val;
        if (v.k === 'hash') {
          for (const entry of v.h.entries.values()) {
            const p = this.resolve(def, entry.key);
            if (typeof p !== 'object') continue;
            if (p.switch) bound.set(p, { def: p, on: switchState(entry.val), range: entry.keyRange });
            else bound.set(p, { def: p, val: entry.val, range: entry.keyRange });
          }
        } else if (v.k === 'arr') for (const item of v.items) positionals.push(item);
        else unknownSplat = el.range;
      } else positionals.push(el.val);
    }
    // positional arguments fill the lowest positions whose parameters are not bound by name
    let position = 0;
    for (const v of positionals) {
      let params = def.positions[position];
      while (params && params.some((p) => bound.has(p))) params = def.positions[++position];
      if (!params) break;
      let p = params[0];
      if (params.length > 1) {
        const role = v.k === 'vm' ? (v.memory ? 'memory' : 'vm') : 'name';
        p = params.find((q) => q.role === role) ?? params.find((q) => q.role === 'vm') ?? params[0];
      }
      bound.set(p, { def: p, val: v, range: v.range });
      position++;
    }
    // which VMs
    const targets: VmRef[] = [];
    for (const b of bound.values()) {
      if ((b.def.role === 'name' || b.def.role === 'vm' || b.def.role === 'memory') && b.val) this.vmRefs(b.val, def.kind === 'get-vm', targets);
    }
    if (targets.length === 0 && input) this.vmRefs(input, false, targets);
    if (targets.length === 0) targets.push(unknownSplat ? { range: unknownSplat, id: `splat${unknownSplat.start}` } : { range: nameRange, id: `cmd${nameRange.start}` });
    let passthru = false;
    let whatIf: boolean | undefined = false;
    for (const b of bound.values()) {
      if (b.def.role === 'passthru' && b.on !== false) passthru = true;
      if (b.def.name === 'WhatIf') whatIf = b.on;
    }
    const isMemoryCmdlet = def.kind === 'new-vm' || def.kind === 'set-vm' || def.kind === 'set-vmmemory';
    // -WhatIf: nothing changes; -WhatIf:$unknown: maybe nothing changes
    if (isMemoryCmdlet && whatIf !== true) {
      for (const ref of targets) {
        const vm = this.store.get(ref);
        for (const b of bound.values()) {
          if (!b.def.fact) continue;
          applyFact(vm, b.def.fact, whatIf === undefined ? { def: b.def, val: b.val && unknown(b.val.range), on: undefined, range: b.range } : b);
        }
        if (unknownSplat) {
          // anything the splatted value holds may have been set
          const named = new Set<FactKey | undefined>();
          for (const p of bound.keys()) named.add(p.fact);
          for (const p of def.params) if (p.fact && !named.has(p.fact)) applyFact(vm, p.fact, { def: p, val: unknown(unknownSplat), on: undefined, range: unknownSplat });
        }
      }
    }
    switch (def.kind) {
      case 'new-vm':
      case 'get-vm':
        return { k: 'vm', vms: targets, range };
      case 'get-vmmemory':
        return { k: 'vm', vms: targets, memory: true, range };
      case 'set-vmmemory':
        return passthru ? { k: 'vm', vms: targets, memory: true, range } : { k: 'null', range };
      default:
        return passthru ? { k: 'vm', vms: targets, range } : { k: 'null', range };
    }
  }

  /** Adds the VMs a name, VM object or pipeline value designates to `out`. */
  private vmRefs(v: Val, wildcards: boolean, out: VmRef[]): VmRef[] {
    switch (v.k) {
      case 'str':
        if (v.s.trim() === '') out.push({ range: v.range });
        // a wildcard names any number of VMs
        else if ((wildcards && /[*?[]/.test(v.s)) || /[*?]/.test(v.s)) out.push({ range: v.range, id: `w${v.range.start}` });
        else out.push({ name: v.s, range: v.range });
        break;
      case 'num':
        out.push({ name: String(v.n), range: v.range });
        break;
      case 'vm':
        for (const r of v.vms) out.push(r);
        break;
      case 'arr':
        // arrays hold scalars here (arrays are never nested by the reader)
        for (const item of v.items) if (item.k !== 'arr') this.vmRefs(item, wildcards, out);
        break;
      case 'unknown':
        out.push(v.id === undefined ? { range: v.range } : { range: v.range, id: v.id });
        break;
      default:
        out.push({ range: v.range });
    }
    return out;
  }

  /** A .psd1 hashtable with memory keys is one VM. */
  private dataVm(h: HashVal): void {
    let trigger = false;
    for (const e of h.entries.values()) {
      const f = DATA_KEYS.get(e.key.toLowerCase());
      if (f && DATA_TRIGGERS.has(f)) trigger = true;
    }
    if (!trigger) return;
    let ref: VmRef = { range: h.open };
    for (const e of h.entries.values()) {
      if (DATA_KEYS.get(e.key.toLowerCase()) === 'name') ref = this.vmRefs(e.val, false, [])[0] ?? ref;
    }
    const vm = this.store.get(ref);
    for (const e of h.entries.values()) {
      const f = DATA_KEYS.get(e.key.toLowerCase());
      if (!f || f === 'name') continue;
      const on = switchState(e.val);
      applyFact(vm, f, { def: { name: e.key }, val: e.val, on, range: e.keyRange });
    }
  }

  // ------------------------------------------------------------------ expressions

  /** An expression; assignment targets are not kept. */
  private expression(noComma = false): Val {
    return this.binaryExpr(0, noComma).v;
  }

  /** An expression, keeping the assignment target when it is a variable or a hashtable entry. */
  private expressionLv(noComma = false): { v: Val; lv?: LValue } {
    return this.binaryExpr(0, noComma);
  }

  /**
   * Binary operators by precedence climbing: the recursion is as deep as the number of
   * precedence levels, never as deep as the input (`1 + 1 + … + 1` is a loop).
   */
  private binaryExpr(minLevel: number, noComma: boolean): { v: Val; lv?: LValue } {
    const start = this.i;
    let left = this.comma(noComma);
    for (;;) {
      const save = this.i;
      this.ws();
      const op = this.binaryOp();
      if (!op || op.level < minLevel) {
        this.i = save;
        return left;
      }
      this.i += op.len;
      this.wsNl();
      if (op.op === '?') {
        // the ternary `c ? a : b`
        this.binaryExpr(1, noComma);
        this.ws();
        if (this.at(this.i) === 58) {
          this.i++;
          this.wsNl();
        }
        this.binaryExpr(1, noComma);
        left = { v: unknown({ start, end: this.i }) };
        continue;
      }
      const right = this.binaryExpr(op.level + 1, noComma).v;
      left = { v: this.binary(op.op, left.v, right, { start, end: right.range.end > start ? Math.max(right.range.end, this.i) : this.i }) };
    }
  }

  /** The binary operator at `i` (not consumed): its name, precedence level and length. */
  private binaryOp(): { op: string; level: number; len: number } | undefined {
    const c = this.at(this.i);
    const d = this.at(this.i + 1);
    if (c === 43 || isDash(c)) {
      if (d === 61 || (c === 43 && d === 43) || (isDash(c) && isDash(d))) return undefined;
      if (isDash(c) && isIdentStart(d)) {
        let j = this.i + 1;
        while (isIdentChar(this.at(j))) j++;
        const w = this.t.slice(this.i + 1, j).toLowerCase();
        for (let level = 0; level < BINARY_LEVELS.length; level++) if (BINARY_LEVELS[level].has(w)) return { op: w, level, len: j - this.i };
        return undefined;
      }
      return { op: c === 43 ? '+' : '-', level: 4, len: 1 };
    }
    if (c === 42 || c === 47 || c === 37) return d === 61 ? undefined : { op: String.fromCharCode(c), level: 5, len: 1 };
    if (c === 46 && d === 46) return { op: '..', level: 7, len: 2 };
    if (c === 63 && d === 63) return this.at(this.i + 2) === 61 ? undefined : { op: '??', level: 0, len: 2 };
    if (c === 63 && (isBlank(d) || isNewline(d))) return { op: '?', level: 0, len: 1 };
    return undefined;
  }

  /** Evaluates a binary operator where PowerShell's result is plain arithmetic or concatenation. */
  private binary(op: string, a: Val, b: Val, range: Range): Val {
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
      let x: number | undefined;
      let y: number | undefined;
      if (a.k === 'num') {
        x = a.n;
        if (b.k === 'num') y = b.n;
        else if (b.k === 'str') y = parseNumberText(b.s)?.value;
        else if (b.k === 'null') y = 0;
      }
      if (x !== undefined && y !== undefined) {
        let n: number | undefined;
        if (op === '+') n = x + y;
        else if (op === '-') n = x - y;
        else if (op === '*') n = x * y;
        else if (y !== 0) n = op === '/' ? x / y : x % y;
        if (n !== undefined && Number.isFinite(n)) return { k: 'num', n, style: { kind: 'expression' }, range };
        return unknown(range);
      }
      if (op === '+' && a.k === 'str') {
        const s = asText(b);
        if (s !== undefined && a.s.length + s.length <= MAX_TEXT) return { k: 'str', s: a.s + s, literal: false, range };
      }
      // (bounded, so that `$a += …` repeated stays linear)
      if (op === '+' && a.k === 'hash' && b.k === 'hash' && a.h.entries.size + b.h.entries.size <= MAX_ITEMS) {
        const h: HashVal = { open: a.h.open, entries: new Map([...a.h.entries, ...b.h.entries]) };
        return { k: 'hash', h, range };
      }
      if (op === '+' && a.k === 'arr' && a.items.length + (b.k === 'arr' ? b.items.length : 1) <= MAX_ITEMS) {
        return { k: 'arr', items: b.k === 'arr' ? [...a.items, ...b.items] : [...a.items, b], range };
      }
    }
    if (op === '..' && a.k === 'num' && b.k === 'num' && Number.isInteger(a.n) && Number.isInteger(b.n) && Math.abs(b.n - a.n) < MAX_ITEMS) {
      const items: Val[] = [];
      const step = b.n >= a.n ? 1 : -1;
      for (let x = a.n; ; x += step) {
        items.push({ k: 'num', n: x, style: { kind: 'expression' }, range });
        if (x === b.n) break;
      }
      return { k: 'arr', items, range };
    }
    return unknown(range);
  }

  /** `a, b, c` (binds tighter than the binary operators). */
  private comma(noComma: boolean): { v: Val; lv?: LValue } {
    const start = this.i;
    const first = this.unary();
    if (noComma) return first;
    let itemsEnd = this.i;
    const save = this.i;
    this.ws();
    if (this.at(this.i) !== 44) {
      this.i = save;
      return first;
    }
    const items = [first.v];
    while (this.at(this.i) === 44) {
      this.i++;
      this.wsNl();
      const c = this.at(this.i);
      if (c < 0 || c === 41 || c === 125 || c === 59) break;
      const before = this.i;
      items.push(this.unary().v);
      if (this.i === before) break;
      itemsEnd = this.i;
      const s2 = this.i;
      this.ws();
      if (this.at(this.i) !== 44) {
        this.i = s2;
        break;
      }
    }
    return { v: { k: 'arr', items, range: { start, end: itemsEnd } } };
  }

  /** Prefix operators and casts, read in a loop (any number of them), then the operand. */
  private unary(): { v: Val; lv?: LValue } {
    const ops: { op: string; start: number }[] = [];
    for (;;) {
      this.ws();
      const c = this.at(this.i);
      const d = this.at(this.i + 1);
      const s = this.i;
      if ((c === 43 && d === 43) || (isDash(c) && isDash(d) && !isDash(this.at(this.i + 2)))) {
        this.i += 2;
        ops.push({ op: 'incdec', start: s });
      } else if (c === 33) {
        this.i++;
        ops.push({ op: 'not', start: s });
      } else if (c === 43 && d !== 61) {
        this.i++;
        ops.push({ op: '+', start: s });
      } else if (isDash(c) && isIdentStart(d)) {
        let j = this.i + 1;
        while (isIdentChar(this.at(j))) j++;
        const w = this.t.slice(this.i + 1, j).toLowerCase();
        if (w !== 'not' && w !== 'bnot' && w !== 'split' && w !== 'join' && w !== 'isplit' && w !== 'csplit') break;
        this.i = j;
        ops.push({ op: 'not', start: s });
      } else if (isDash(c) && d !== 61) {
        this.i++;
        ops.push({ op: '-', start: s });
      } else if (c === 91) {
        const end = this.skipCode(this.i + 1, 93);
        const type = this.t
          .slice(this.i + 1, end - 1)
          .replace(/\s+/g, '')
          .toLowerCase();
        this.i = end;
        if (this.at(this.i) === 58 && this.at(this.i + 1) === 58) {
          // [Type]::Member
          this.i = s;
          break;
        }
        // a cast applies to what follows on the same line; a lone type literal is a value
        const save = this.i;
        this.ws();
        const e = this.at(this.i);
        if (e < 0 || isNewline(e) || e === 59 || e === 41 || e === 125 || e === 124 || e === 44 || e === 61 || (isDash(e) && isIdentStart(this.at(this.i + 1)) && !this.isUnaryWordAt(this.i))) {
          this.i = save;
          ops.push({ op: 'type', start: s });
          return this.applyUnary(ops, { v: unknown({ start: s, end: save }) });
        }
        ops.push({ op: 'cast:' + type, start: s });
      } else break;
    }
    const operand = this.postfix(this.primary());
    return this.applyUnary(ops, operand);
  }

  private isUnaryWordAt(i: number): boolean {
    let j = i + 1;
    while (isIdentChar(this.at(j))) j++;
    const w = this.t.slice(i + 1, j).toLowerCase();
    return w === 'not' || w === 'bnot' || w === 'split' || w === 'join';
  }

  private applyUnary(ops: { op: string; start: number }[], operand: { v: Val; lv?: LValue }): { v: Val; lv?: LValue } {
    let { v, lv } = operand;
    if (ops.length === 0) return operand;
    const end = this.i;
    for (let k = ops.length - 1; k >= 0; k--) {
      const { op, start } = ops[k];
      const range = { start, end };
      if (op === '-' && v.k === 'num') v = { k: 'num', n: -v.n, style: v.style, range };
      else if (op === '-' && v.k === 'str' && parseNumberText(v.s)) v = { k: 'num', n: -parseNumberText(v.s)!.value, style: { kind: 'expression' }, range };
      else if (op === '+' && (v.k === 'num' || v.k === 'str')) {
        const n = v.k === 'num' ? v.n : parseNumberText(v.s)?.value;
        v = n === undefined ? unknown(range) : { k: 'num', n, style: v.k === 'num' ? v.style : { kind: 'expression' }, range };
      } else if (op.startsWith('cast:')) {
        v = cast(op.slice(5), v);
        continue; // a cast keeps the assignment target: [long]$x = 4GB
      } else if (op === 'incdec' && lv) {
        this.assign(lv, unknown(range));
        v = unknown(range);
      } else v = unknown(range);
      lv = undefined;
    }
    return lv ? { v, lv } : { v };
  }

  /** Member access, indexing, method calls and `++`/`--` right after a value. */
  private postfix(base: Val): { v: Val; lv?: LValue } {
    let v = base;
    let lv: LValue | undefined = this.pendingLv;
    this.pendingLv = undefined;
    const start = base.range.start;
    for (;;) {
      const c = this.at(this.i);
      if ((c === 46 && this.at(this.i + 1) !== 46) || (c === 58 && this.at(this.i + 1) === 58) || (c === 63 && this.at(this.i + 1) === 46)) {
        // .Member ::Member ?.Member
        const j = this.i + (c === 46 ? 1 : 2);
        const m = this.at(j);
        if (!(isIdentStart(m) || isSingleQuote(m) || isDoubleQuote(m) || m === 36 || m === 40)) break;
        this.i = j;
        const keyStart = this.i;
        let key: string | undefined;
        if (isIdentStart(m)) {
          this.word();
          key = this.t.slice(keyStart, this.i);
        } else {
          const kv = isSingleQuote(m) || isDoubleQuote(m) ? this.stringValue() : m === 36 ? this.variable() : this.primary();
          key = asText(kv);
        }
        const keyRange = { start: keyStart, end: this.i };
        if (this.at(this.i) === 40) {
          // a method call
          const args = this.callArgs();
          v = this.method(v, key, args, { start, end: this.i });
          lv = undefined;
          continue;
        }
        lv = v.k === 'hash' && key !== undefined ? { kind: 'entry', h: v.h, key, keyRange } : undefined;
        v = this.member(v, key, { start, end: this.i });
        continue;
      }
      if (c === 91) {
        if (this.depth >= MAX_DEPTH) {
          this.skipTooDeep(1, 93);
          v = unknown({ start, end: this.i });
          lv = undefined;
          continue;
        }
        this.depth++;
        this.i++;
        this.wsNl();
        const keyStart = this.i;
        const idx = this.expression();
        const keyRange = { start: keyStart, end: this.i };
        this.wsNl();
        if (this.at(this.i) === 93) this.i++;
        else this.i = this.skipCode(this.i, 93);
        this.depth--;
        const key = asText(idx);
        if (v.k === 'hash') {
          lv = key !== undefined ? { kind: 'entry', h: v.h, key, keyRange } : undefined;
          v = this.member(v, key, { start, end: this.i });
        } else if (v.k === 'arr' && idx.k === 'num' && Number.isInteger(idx.n)) {
          const item = v.items[idx.n < 0 ? v.items.length + idx.n : idx.n];
          v = item ?? { k: 'null', range: { start, end: this.i } };
          lv = undefined;
        } else {
          v = unknown({ start, end: this.i }, v.k === 'unknown' && v.id !== undefined && key !== undefined ? `${v.id}[${key.toLowerCase()}]` : undefined);
          lv = undefined;
        }
        continue;
      }
      break;
    }
    return lv ? { v, lv } : { v };
  }

  /** The assignment target of the variable `primary` just read (consumed by `postfix`). */
  private pendingLv: LValue | undefined;

  private member(v: Val, key: string | undefined, range: Range): Val {
    if (key === undefined) return unknown(range);
    const k = key.toLowerCase();
    if (v.k === 'hash') {
      const e = v.h.entries.get(k);
      if (!e) return { k: 'null', range };
      return e.val;
    }
    if (v.k === 'vm' && !v.memory && (k === 'name' || k === 'vmname') && v.vms.length === 1) {
      const ref = v.vms[0];
      return ref.name !== undefined ? { k: 'str', s: ref.name, literal: false, range: ref.range } : unknown(range, ref.id);
    }
    if (v.k === 'unknown' && v.id !== undefined) return unknown(range, `${v.id}.${k}`);
    return unknown(range);
  }

  private method(v: Val, name: string | undefined, args: Val[], range: Range): Val {
    const m = name?.toLowerCase();
    if (v.k === 'hash' && m === 'add' && args.length === 2) {
      const key = asText(args[0]);
      if (key !== undefined) this.assign({ kind: 'entry', h: v.h, key, keyRange: args[0].range }, args[1]);
    } else if (v.k === 'hash' && m === 'remove' && args.length === 1) {
      const key = asText(args[0]);
      if (key !== undefined) v.h.entries.delete(key.toLowerCase());
    }
    return unknown(range);
  }

  /** `( a, b )` after a method name. */
  private callArgs(): Val[] {
    if (this.depth >= MAX_DEPTH) {
      this.skipTooDeep(1, 41);
      return [];
    }
    this.depth++;
    this.i++;
    const args: Val[] = [];
    for (;;) {
      this.wsNl();
      const c = this.at(this.i);
      if (c < 0 || c === 125) break;
      if (c === 41) {
        this.i++;
        break;
      }
      const before = this.i;
      args.push(this.binaryExpr(0, true).v);
      this.wsNl();
      if (this.at(this.i) === 44) this.i++;
      if (this.i === before) this.i++;
    }
    this.depth--;
    return args;
  }

  /** A primary value; after a variable, `pendingLv` holds it as an assignment target for `postfix`. */
  private primary(): Val {
    this.pendingLv = undefined;
    const s = this.i;
    if (this.at(s) === 36 && this.at(s + 1) !== 40 && this.varStarts(s)) {
      const name = this.varName();
      const range = { start: s, end: this.i };
      if (name === undefined) return unknown(range);
      const lower = name.toLowerCase();
      const v = this.readVar(name, range);
      this.pendingLv = { kind: 'var', name: this.plainVarName(name), scoped: lower.startsWith('script:') || lower.startsWith('global:'), range };
      return v;
    }
    const v = this.primaryValue();
    this.pendingLv = undefined; // what was read inside ( ) or $( ) is no target
    return v;
  }

  private primaryValue(): Val {
    const s = this.i;
    const c = this.at(this.i);
    if (c < 0) return unknown({ start: s, end: s });
    if (isDigit(c) || (c === 46 && isDigit(this.at(this.i + 1)))) {
      const r = scanNumber(this.t, this.i, this.n);
      if (r) {
        this.i = r.end;
        return { k: 'num', n: r.lit.value, style: r.lit.style, range: { start: s, end: r.end } };
      }
      while (isIdentChar(this.at(this.i)) || this.at(this.i) === 46) this.i++;
      return unknown({ start: s, end: this.i });
    }
    if (isSingleQuote(c) || isDoubleQuote(c)) return this.stringValue();
    if (c === 36) {
      if (this.at(this.i + 1) === 40) return this.subExpression();
      this.i++;
      return unknown({ start: s, end: this.i });
    }
    if (c === 64) {
      const d = this.at(this.i + 1);
      if (d === 40) return this.arraySubExpression();
      if (d === 123) return this.hashLiteral();
      if (this.hereOpen(this.i) >= 0) return this.stringValue();
      if (isIdentStart(d)) {
        this.i++;
        this.word();
        return unknown({ start: s, end: this.i });
      }
      this.i++;
      return unknown({ start: s, end: this.i });
    }
    if (c === 40) return this.paren();
    if (c === 123) return this.scriptBlock();
    if (c === 91) {
      this.i = this.skipCode(this.i + 1, 93);
      return unknown({ start: s, end: this.i });
    }
    if (isIdentStart(c) || isDash(c)) {
      // a bare word inside an expression (an error in PowerShell, or a keyword statement)
      this.i++;
      while (isIdentChar(this.at(this.i)) || this.at(this.i) === 45) this.i++;
      return unknown({ start: s, end: this.i });
    }
    if (isNewline(c) || c === 59 || c === 41 || c === 125 || c === 93 || c === 124 || c === 44) return unknown({ start: s, end: s });
    this.i++;
    return unknown({ start: s, end: this.i });
  }

  private varStarts(i: number): boolean {
    const d = this.at(i + 1);
    return isIdentStart(d) || isDigit(d) || d === 123 || d === 36 || d === 63 || d === 94;
  }

  /** Reads `$name`, `${any name}`, `$script:name`, `$$`, `$?`, `$^` at `$`; returns the name (undefined when malformed). */
  private varName(): string | undefined {
    const s = this.i;
    this.i++;
    const c = this.at(this.i);
    if (c === 123) {
      let name = '';
      let j = this.i + 1;
      while (j < this.n && this.t.charCodeAt(j) !== 125) {
        if (this.t.charCodeAt(j) === 96 && j + 1 < this.n) {
          name += this.t[j + 1];
          j += 2;
        } else name += this.t[j++];
      }
      this.i = j < this.n ? j + 1 : this.n;
      return name;
    }
    if (c === 36 || c === 63 || c === 94) {
      this.i++;
      return String.fromCharCode(c);
    }
    while (isIdentChar(this.at(this.i))) this.i++;
    if (this.at(this.i) === 58 && this.at(this.i + 1) !== 58 && isIdentChar(this.at(this.i + 1))) {
      this.i++;
      while (isIdentChar(this.at(this.i))) this.i++;
    }
    if (this.i === s + 1) return undefined;
    return this.t.slice(s + 1, this.i);
  }

  /** The variable a name assigns: `script:x` -> `x`; `env:x` and other drives keep their prefix (and are read as unknown). */
  private plainVarName(name: string): string {
    const lower = name.toLowerCase();
    const colon = lower.indexOf(':');
    if (colon < 0) return lower;
    const drive = lower.slice(0, colon);
    if (drive === 'script' || drive === 'global' || drive === 'local' || drive === 'private' || drive === 'variable') return lower.slice(colon + 1);
    return lower;
  }

  private variable(): Val {
    const s = this.i;
    const name = this.varName();
    const range = { start: s, end: this.i };
    return name === undefined ? unknown(range) : this.readVar(name, range);
  }

  /** `( pipeline )`. */
  private paren(): Val {
    const s = this.i;
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep(1, 41);
    this.depth++;
    this.i++;
    const out = this.statementList(41);
    this.depth--;
    if (out.length === 1) return out[0];
    return unknown({ start: s, end: this.i });
  }

  /** `$( statements )`. */
  private subExpression(): Val {
    const s = this.i;
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep(2, 41);
    this.depth++;
    this.i += 2;
    const out = this.statementList(41);
    this.depth--;
    if (out.length === 1) return out[0];
    if (out.length === 0) return { k: 'null', range: { start: s, end: this.i } };
    return unknown({ start: s, end: this.i });
  }

  /** `@( statements )`. */
  private arraySubExpression(): Val {
    const s = this.i;
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep(2, 41);
    this.depth++;
    this.i += 2;
    const out = this.statementList(41);
    this.depth--;
    // flattened up to MAX_ITEMS items, as `+` is: `$a = @($a; $a)` doubles an array per line
    // (uncapped, 30 such lines made V8 abort the whole process on an array too large)
    const items: Val[] = [];
    let count = 0;
    for (const v of out) count += v.k === 'arr' ? v.items.length : 1;
    if (count > MAX_ITEMS) return unknown({ start: s, end: this.i });
    for (const v of out) {
      if (v.k === 'arr') for (const item of v.items) items.push(item);
      else items.push(v);
    }
    return { k: 'arr', items, range: { start: s, end: this.i } };
  }

  /** `@{ key = value; … }`. */
  private hashLiteral(): Val {
    const s = this.i;
    if (this.depth >= MAX_DEPTH) return this.skipTooDeep(2, 125);
    this.depth++;
    this.i += 2;
    const h: HashVal = { open: { start: s, end: s + 2 }, entries: new Map() };
    this.hashes.push(h);
    for (;;) {
      this.wsNlSemi();
      const c = this.at(this.i);
      if (c < 0) break;
      if (c === 125) {
        this.i++;
        break;
      }
      if (c === 41 || c === 93) break;
      const before = this.i;
      const keyStart = this.i;
      let key: string | undefined;
      if (isIdentStart(c)) {
        while (isIdentChar(this.at(this.i)) || this.at(this.i) === 45) this.i++;
        key = this.t.slice(keyStart, this.i);
      } else {
        key = asText(this.unary().v);
      }
      const keyRange = { start: keyStart, end: this.i };
      this.ws();
      if (this.at(this.i) === 61 && this.at(this.i + 1) !== 61) {
        this.i++;
        this.wsNl();
        const vs = this.i;
        const val = this.statement() ?? unknown({ start: vs, end: this.i });
        if (key !== undefined) h.entries.set(key.toLowerCase(), { key, keyRange, val });
      } else {
        // not `key = value`: skip to the next entry
        while (this.i < this.n) {
          const d = this.at(this.i);
          if (isNewline(d) || d === 59 || d === 125) break;
          if (d === 123 || d === 40 || d === 91) this.i = this.skipCode(this.i + 1, d === 123 ? 125 : d === 40 ? 41 : 93);
          else if (isSingleQuote(d) || isDoubleQuote(d)) this.i = this.stringToken().end;
          else this.i++;
        }
      }
      if (this.i === before) this.i++;
    }
    this.depth--;
    return { k: 'hash', h, range: { start: s, end: this.i } };
  }

  // ------------------------------------------------------------------ strings

  /** A string literal at `i`, consumed. */
  private stringValue(): Val {
    const tok = this.stringToken();
    this.i = tok.end;
    return tok.val;
  }

  /**
   * Lexes the string literal at `this.i` ('…', "…", @'…'@, @"…"@) without moving, and
   * evaluates it: `''`, `""` and backtick escapes, `$var`, `${var}` and `$( )` inside
   * double quotes (known when every part is).
   */
  private stringToken(): StrTok {
    const s = this.i;
    const c = this.at(s);
    const t = this.t;
    if (c === 64) {
      const body = this.hereOpen(s);
      const single = isSingleQuote(this.at(s + 1));
      const close = this.hereClose(body, single);
      const range = { start: s, end: close.end };
      if (!close.closed) return { end: close.end, val: unknown(range) };
      if (single) return { end: close.end, val: { k: 'str', s: t.slice(body, close.bodyEnd), literal: true, range } };
      return { end: close.end, val: this.expandable(body, close.bodyEnd, range, undefined, true) };
    }
    if (isSingleQuote(c)) {
      let j = s + 1;
      let text = '';
      let from = j;
      while (j < this.n) {
        const d = t.charCodeAt(j);
        if (isSingleQuote(d)) {
          if (isSingleQuote(this.at(j + 1))) {
            text += t.slice(from, j) + "'";
            j += 2;
            from = j;
            continue;
          }
          text += t.slice(from, j);
          const range = { start: s, end: j + 1 };
          return { end: j + 1, val: { k: 'str', s: text, quote: "'", literal: true, range } };
        }
        j++;
      }
      return { end: this.n, val: unknown({ start: s, end: this.n }) };
    }
    // double quotes: find the end first (subexpressions may hold anything)
    let j = s + 1;
    while (j < this.n) {
      const d = t.charCodeAt(j);
      if (d === 96) j += 2;
      else if (isDoubleQuote(d)) {
        if (isDoubleQuote(this.at(j + 1))) j += 2;
        else break;
      } else if (d === 36 && this.at(j + 1) === 40) j = this.skipCode(j + 2, 41);
      else j++;
    }
    if (j >= this.n) return { end: this.n, val: unknown({ start: s, end: this.n }) };
    const range = { start: s, end: j + 1 };
    return { end: j + 1, val: this.expandable(s + 1, j, range, '"', false) };
  }

  /** Evaluates the body [from, to) of an expandable string. */
  private expandable(from: number, to: number, range: Range, quote: string | undefined, here: boolean): Val {
    const t = this.t;
    let text = '';
    let known = true;
    let literal = true;
    let only: Val | undefined;
    let parts = 0;
    let i = from;
    let litFrom = i;
    // "$s$s" doubles a known string per line: past MAX_TEXT characters the value is unknown
    // (without the cap, 30 such lines built a 2^30-character string and threw)
    let tooLong = false;
    const append = (x: string): void => {
      if (tooLong || text.length + x.length > MAX_TEXT) tooLong = true;
      else text += x;
    };
    const flush = (upTo: number): void => {
      if (upTo > litFrom) {
        append(t.slice(litFrom, upTo));
        parts++;
      }
    };
    while (i < to) {
      const c = t.charCodeAt(i);
      if (c === 96 && i + 1 < to) {
        flush(i);
        const esc = escapeChar(t, i + 1);
        append(esc.ch);
        parts++;
        literal = false;
        i = Math.min(i + 1 + esc.len, to);
        litFrom = i;
      } else if (!here && isDoubleQuote(c) && i + 1 < to && isDoubleQuote(t.charCodeAt(i + 1))) {
        flush(i);
        append('"');
        parts++;
        i += 2;
        litFrom = i;
      } else if (c === 36 && i + 1 < to && t.charCodeAt(i + 1) === 40) {
        flush(i);
        const end = Math.min(this.skipCode(i + 2, 41), to);
        const v = this.evalRegion(i + 2, end - 1, { start: i, end });
        parts++;
        only = v;
        const s = asText(v);
        if (s === undefined) known = false;
        else append(s);
        literal = false;
        i = end;
        litFrom = i;
      } else if (c === 36 && i + 1 < to && this.varStarts(i)) {
        flush(i);
        const save = this.i;
        const saveN = this.n;
        this.i = i;
        this.n = to;
        const v = this.variable();
        i = this.i;
        this.i = save;
        this.n = saveN;
        parts++;
        only = v;
        const s = asText(v);
        if (s === undefined) known = false;
        else append(s);
        literal = false;
        litFrom = i;
      } else i++;
    }
    flush(to);
    if (tooLong) return unknown(range);
    if (!known) {
      // "$VMName" alone keeps the identity of $VMName
      if (parts === 1 && only?.k === 'unknown') return unknown(range, only.id);
      return unknown(range);
    }
    return quote === undefined ? { k: 'str', s: text, literal, range } : { k: 'str', s: text, quote, literal, range };
  }

  /** Evaluates statements in [from, to) (a subexpression inside a string). */
  private evalRegion(from: number, to: number, range: Range): Val {
    if (this.stringDepth >= MAX_STRING_DEPTH || this.depth >= MAX_DEPTH || to < from) return unknown(range);
    const saveI = this.i;
    const saveN = this.n;
    this.stringDepth++;
    this.depth++;
    this.i = from;
    this.n = to;
    const out = this.statementList(-1);
    this.i = saveI;
    this.n = saveN;
    this.stringDepth--;
    this.depth--;
    return out.length === 1 ? out[0] : unknown(range);
  }
}

/** What a backtick escape stands for: `i` is the character after the backtick; `len` how many characters the escape takes after the backtick. */
function escapeChar(t: string, i: number): { ch: string; len: number } {
  switch (t.charCodeAt(i)) {
    case 48:
      return { ch: '\0', len: 1 };
    case 97:
      return { ch: '\x07', len: 1 };
    case 98:
      return { ch: '\b', len: 1 };
    case 101:
      return { ch: '\x1b', len: 1 };
    case 102:
      return { ch: '\f', len: 1 };
    case 110:
      return { ch: '\n', len: 1 };
    case 114:
      return { ch: '\r', len: 1 };
    case 116:
      return { ch: '\t', len: 1 };
    case 118:
      return { ch: '\v', len: 1 };
    case 117:
      if (t.charCodeAt(i + 1) === 123) {
        const close = t.indexOf('}', i);
        const cp = close > 0 && close - i < 9 ? parseInt(t.slice(i + 2, close), 16) : NaN;
        if (Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff) return { ch: String.fromCodePoint(cp), len: close - i + 1 };
      }
      return { ch: 'u', len: 1 };
  }
  return { ch: t[i] ?? '', len: 1 };
}

/** A cast: numbers to integer types, hashtables through [ordered]/[pscustomobject], strings to [string]. */
function cast(type: string, v: Val): Val {
  switch (type) {
    case 'int':
    case 'int32':
    case 'long':
    case 'int64':
    case 'uint32':
    case 'uint':
    case 'uint64':
    case 'ulong':
    case 'int16':
    case 'short':
    case 'system.int64':
    case 'system.int32':
    case 'system.uint64': {
      if (v.k === 'num') return { ...v, n: roundHalfEven(v.n) };
      if (v.k === 'str') {
        const lit = parseNumberText(v.s);
        return lit ? { k: 'num', n: roundHalfEven(lit.value), style: { kind: 'expression' }, range: v.range } : unknown(v.range);
      }
      return v.k === 'unknown' ? v : unknown(v.range);
    }
    case 'double':
    case 'decimal':
    case 'single':
    case 'float':
      if (v.k === 'num') return v;
      return v.k === 'unknown' ? v : unknown(v.range);
    case 'ordered':
    case 'pscustomobject':
    case 'hashtable':
    case 'psobject':
    case 'system.collections.hashtable':
    case 'system.management.automation.pscustomobject':
      return v;
    case 'string':
    case 'system.string': {
      const s = asText(v);
      return s === undefined ? (v.k === 'unknown' ? v : unknown(v.range)) : { k: 'str', s, literal: false, range: v.range };
    }
    case 'bool':
    case 'boolean':
    case 'switch':
      if (v.k === 'bool') return v;
      if (v.k === 'num') return { k: 'bool', b: v.n !== 0, range: v.range };
      if (v.k === 'str') return { k: 'bool', b: v.s.length > 0, range: v.range };
      return v.k === 'unknown' ? v : unknown(v.range);
    case 'array':
    case 'object[]':
    case 'string[]':
      return v;
  }
  return v.k === 'unknown' ? v : unknown(v.range);
}

/** Records one parameter's setting on a VM; the last one in file order wins. */
function applyFact(vm: VmFacts, fact: FactKey, b: Bound): void {
  switch (fact) {
    case 'startup':
    case 'minimum':
    case 'maximum': {
      if (!b.val) return;
      const size: SizeValue = toSize(b.val);
      vm[fact] = size;
      return;
    }
    case 'buffer':
    case 'priority':
    case 'generation': {
      if (!b.val) return;
      const num: NumberValue = toNumber(b.val);
      vm[fact] = num;
      return;
    }
    case 'dynamicBool': {
      if (!b.val) return;
      const bool: BoolValue = toBool(b.val);
      vm.dynamic = bool;
      return;
    }
    case 'dynamicSwitch':
    case 'staticSwitch': {
      if (b.on === false) return;
      const value = b.on === undefined ? undefined : fact === 'dynamicSwitch';
      vm.dynamic = value === undefined ? { range: b.range } : { value, range: b.range };
      return;
    }
  }
}

/** Reads a PowerShell script or data file into VM facts and comment spans. Throws only on a bug (callers catch). */
export function readPs(text: string, kind: 'powershell' | 'psd1'): ReadResult {
  return new PsReader(text, kind).read();
}
