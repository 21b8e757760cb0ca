/**
 * T-SQL statement reader for the subset memlint checks (Resource Governor, In-Memory
 * OLTP binding, server memory options, databases and memory-optimized tables).
 *
 * Design, so that it never throws, never hangs and stays linear:
 * - it walks the token array once and never moves backwards; a statement it can't read
 *   is reported (CFG905 when it looks like one memlint checks) and skipped to the next
 *   statement boundary;
 * - control flow (IF/ELSE/WHILE bodies, BEGIN...END, TRY/CATCH) is tracked with an
 *   explicit frame stack, not recursion, so deep nesting cannot overflow the stack;
 * - dynamic SQL literals are decoded and read by a nested parser, at most
 *   MAX_DYNAMIC_DEPTH levels deep, with ranges mapped back into the file.
 */
import type { Range } from '../types';
import {
  FLAG_UNTERMINATED,
  LexResult,
  Tok,
  TokenArrays,
  identValue,
  lexTokens,
  stringValue,
  tokenIs,
  tokenText,
} from './lexer';
import type {
  AlterDatabaseStatement,
  BindStatement,
  ColumnDef,
  ConfigureStatement,
  CreateTableStatement,
  DatabaseSetOption,
  IndexDef,
  Name,
  OptionList,
  PoolOption,
  PoolOptionName,
  ResourceGovernorAction,
  ServerMemoryOption,
  SqlBatch,
  Statement,
  StatementBase,
  Unreadable,
  Value,
  ValueKind,
} from './ast';
import { MappedText, concatMapped, decodeLiteral, mapRange } from './mapped';

const MAX_DYNAMIC_DEPTH = 4;
/**
 * Token arrays of dynamic SQL, one set per depth, lent to the lexer again and again: the
 * tokens of one EXEC are dropped before the next EXEC at the same depth is lexed.
 */
const dynamicTokens: (TokenArrays | undefined)[] = [];

/** Words that always start a statement, even inside unbalanced parentheses. */
const STRONG_STARTS = new Set([
  'CREATE', 'ALTER', 'DROP', 'EXEC', 'EXECUTE', 'RECONFIGURE', 'RESTORE', 'USE', 'DECLARE', 'BEGIN', 'COMMIT', 'ROLLBACK',
]);
/** Words that start a statement when outside parentheses. */
const WEAK_STARTS = new Set([
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'SET', 'PRINT', 'RAISERROR', 'RETURN', 'THROW', 'GOTO', 'WAITFOR',
  'TRUNCATE', 'GRANT', 'DENY', 'REVOKE', 'BACKUP', 'DBCC', 'CHECKPOINT', 'SAVE', 'BREAK', 'CONTINUE', 'OPEN', 'CLOSE',
  'FETCH', 'DEALLOCATE', 'KILL', 'SHUTDOWN', 'BULK', 'ENABLE', 'DISABLE', 'REVERT', 'WHILE', 'IF',
]);
function MODULE_KINDS_LIST(): string[] {
  return ['PROCEDURE', 'PROC', 'FUNCTION', 'TRIGGER', 'VIEW'];
}
function POOL_OPTION_LIST(): string[] {
  return ['MIN_CPU_PERCENT', 'MAX_CPU_PERCENT', 'CAP_CPU_PERCENT', 'MIN_MEMORY_PERCENT', 'MAX_MEMORY_PERCENT', 'MIN_IOPS_PER_VOLUME', 'MAX_IOPS_PER_VOLUME', 'AFFINITY'];
}

/** How a token can start a statement: 0 not at all, 1 always, 2 outside parentheses, 3 END/ELSE outside CASE. */
const enum StartClass {
  None = 0,
  Strong = 1,
  Weak = 2,
  EndElse = 3,
}
/** Hash of a word's upper-cased ASCII letters, computed over [s, e) of text without allocating. */
function upperHash(text: string, s: number, e: number): number {
  let h = e - s;
  for (let i = s; i < e; i++) {
    let c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    h = (Math.imul(h, 31) + c) | 0;
  }
  return h;
}
/**
 * Statement-start words by hash: every token the reader skips is classified, so this
 * lookup must not allocate (an upper-cased copy per token measured 17 % of parse time).
 */
const START_BY_HASH = new Map<number, { word: string; cls: StartClass }[]>();
for (const [words, cls] of [
  [STRONG_STARTS, StartClass.Strong],
  [WEAK_STARTS, StartClass.Weak],
  [new Set(['END', 'ELSE']), StartClass.EndElse],
] as const) {
  for (const word of words) {
    const h = upperHash(word, 0, word.length);
    START_BY_HASH.set(h, [...(START_BY_HASH.get(h) ?? []), { word, cls }]);
  }
}
/** Words the reader compares kw() with, found by hash (kw() is '' for any other word). */
const KEYWORD_BY_HASH = new Map<number, string[]>();
for (const word of new Set([
  ...STRONG_STARTS, ...WEAK_STARTS, 'END', 'ELSE', ...MODULE_KINDS_LIST(), ...POOL_OPTION_LIST(),
  'RESOURCE', 'WORKLOAD', 'DATABASE', 'TABLE', 'TYPE', 'TRAN', 'TRANSACTION', 'DISTRIBUTED', 'DIALOG', 'CONVERSATION',
  'TRY', 'CATCH', 'ATOMIC', 'LOG', 'OFFLINE', 'ONLINE', 'READ_ONLY', 'READ_WRITE', 'READ_COMMITTED_SNAPSHOT',
  'SCHEMA_ONLY', 'SCHEMA_AND_DATA', 'INDEX', 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'PERIOD', 'CHECK', 'FOREIGN',
])) {
  const h = upperHash(word, 0, word.length);
  KEYWORD_BY_HASH.set(h, [...(KEYWORD_BY_HASH.get(h) ?? []), word]);
}
const LONGEST_START_WORD = Math.max(...[...STRONG_STARTS, ...WEAK_STARTS].map((w) => w.length));
/**
 * For each letter a-z, the lengths (as bits) of the words in a table that start with it:
 * most identifiers a reader looks at (column names, types, NOT, NULL) are ruled out by
 * their first letter and length before any hashing.
 */
function lengthMasks(words: Iterable<string>): Uint32Array {
  const masks = new Uint32Array(26);
  for (const w of words) masks[w.charCodeAt(0) - 65] |= 1 << w.length;
  return masks;
}
const START_MASKS = lengthMasks([...STRONG_STARTS, ...WEAK_STARTS, 'END', 'ELSE']);
const KEYWORD_MASKS = lengthMasks([...KEYWORD_BY_HASH.values()].flat());
/** Whether the word at [s, e) of text could be in the table of `masks`. */
function mayBeWord(masks: Uint32Array, text: string, s: number, e: number): boolean {
  const len = e - s;
  if (len > 31) return false;
  const c = text.charCodeAt(s) | 32;
  return c >= 97 && c <= 122 && (masks[c - 97] & (1 << len)) !== 0;
}

/** Lower-case words by upperHash, shared by all reads (see Parser.lower). */
const LOWER_BY_HASH = new Map<number, string>();

/** CREATE/ALTER of these runs to the end of the batch, and its body does not run at deploy time. */
const MODULE_KINDS = new Set(MODULE_KINDS_LIST());

const POOL_OPTIONS = new Set<string>(POOL_OPTION_LIST());

const SYSTEM_PROCS = new Set(['sp_configure', 'sp_xtp_bind_db_resource_pool', 'sp_xtp_unbind_db_resource_pool', 'sp_executesql']);
const SYSTEM_PROC_LIST = [...SYSTEM_PROCS];

/**
 * Every sp_configure option name, so that a shortened name (sp_configure accepts any
 * unique part of a name, e.g. 'max server memory') is resolved only when it is unambiguous.
 */
const CONFIG_OPTION_NAMES = [
  'access check cache bucket count', 'access check cache quota', 'ad hoc distributed queries', 'adr cleaner retry timeout (min)',
  'adr cleaner thread count', 'adr preallocation factor', 'affinity i/o mask', 'affinity mask', 'affinity64 i/o mask',
  'affinity64 mask', 'agent xps', 'allow filesystem enumeration', 'allow polybase export', 'allow updates',
  'automatic soft-numa disabled', 'availability group commit time (ms)', 'backup checksum default',
  'backup compression algorithm', 'backup compression default', 'blocked process threshold (s)', 'c2 audit mode',
  'clr enabled', 'clr strict security', 'column encryption enclave type', 'common criteria compliance enabled',
  'contained database authentication', 'cost threshold for parallelism', 'cross db ownership chaining', 'cursor threshold',
  'database mail xps', 'default full-text language', 'default language', 'default trace enabled',
  'disallow results from triggers', 'ekm provider enabled', 'external scripts enabled', 'filestream access level',
  'fill factor (%)', 'ft crawl bandwidth (max)', 'ft crawl bandwidth (min)', 'ft notify bandwidth (max)',
  'ft notify bandwidth (min)', 'hadoop connectivity', 'hardware offload config', 'hardware offload enabled',
  'hardware offload mode', 'index create memory (kb)', 'in-doubt xact resolution', 'lightweight pooling', 'locks',
  'max degree of parallelism', 'max full-text crawl range', 'max server memory (mb)', 'max text repl size (b)',
  'max worker threads', 'media retention', 'min memory per query (kb)', 'min server memory (mb)', 'nested triggers',
  'network packet size (b)', 'ole automation procedures', 'open objects', 'optimize for ad hoc workloads',
  'ph timeout (s)', 'polybase enabled', 'polybase network encryption', 'precompute rank', 'priority boost',
  'query governor cost limit', 'query wait (s)', 'recovery interval (min)', 'remote access', 'remote admin connections',
  'remote data archive', 'remote login timeout (s)', 'remote proc trans', 'remote query timeout (s)', 'replication xps',
  'scan for startup procs', 'server trigger recursion', 'set working set size', 'show advanced options',
  'smo and dmo xps', 'suppress recovery model errors', 'tempdb metadata memory-optimized', 'transform noise words',
  'two digit year cutoff', 'user connections', 'user options', 'xp_cmdshell',
];
const TRACKED_CONFIG: Record<string, ServerMemoryOption> = {
  'max server memory (mb)': 'max server memory (MB)',
  'min server memory (mb)': 'min server memory (MB)',
  'show advanced options': 'show advanced options',
};

/** Resolves an sp_configure option name the way sp_configure does: exact, else a unique part of one name. */
const resolvedConfigNames = new Map<string, ServerMemoryOption | undefined>();
export function resolveConfigOption(name: string): ServerMemoryOption | undefined {
  // scripts repeat the same few names: remember the answers (bounded)
  if (resolvedConfigNames.has(name)) return resolvedConfigNames.get(name);
  const r = resolveUncached(name);
  if (resolvedConfigNames.size < 1000) resolvedConfigNames.set(name, r);
  return r;
}
function resolveUncached(name: string): ServerMemoryOption | undefined {
  const norm = name.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!norm) return undefined;
  if (TRACKED_CONFIG[norm]) return TRACKED_CONFIG[norm];
  // sp_configure accepts "any unique string that is part of the configuration name"
  const matches = CONFIG_OPTION_NAMES.filter((o) => o.includes(norm));
  return matches.length === 1 ? TRACKED_CONFIG[matches[0]] : undefined;
}

/** A `-- memlint: rows=N` directive waiting for its CREATE TABLE. */
export interface RowsDirective {
  count: number;
  range: Range;
}

/** State shared by a script's parser and the parsers of its dynamic SQL. */
interface Session {
  statements: Statement[];
  unreadable: Unreadable[];
  transactionDepth: number;
  transactionStarts: Range[];
  savepoints: Set<string>;
  batches: SqlBatch[];
  rows: RowsDirective[];
  rowsNext: number;
  /**
   * Characters that variable values and dynamic SQL may still build or read again. Values
   * built from values (`SET @s = @s + @s` doubles per line) and a long value run many
   * times (`EXEC (@s)` on every line) would otherwise grow without bound: past this budget
   * (twice the file, at least 100,000) a value is unknown and dynamic SQL is not read.
   */
  textBudget: number;
  /** Set when the budget ran out once (a re-read then starts afresh). */
  budgetFailed: boolean;
  /** Set on the top-level parse: the state at each batch start, for re-reading. */
  entries?: BatchEntry[];
  /** The savepoint names as of the last entry (a new array only when one was added). */
  savepointList: readonly string[];
  /** Set when a re-read took the end of the script over from the previous read. */
  openTransactionDone?: boolean;
  openTransaction?: Range;
  /** Budget the batches taken over from the previous read spent there. */
  reusedSpent?: number;
}

/**
 * The parser's state where a batch starts (after the GO line of the one before): all that
 * a batch's reading depends on besides its own text. Batches are read again only from
 * an edit on, and taken over from the previous read once this state is the same again.
 */
interface BatchEntry {
  /** First token of the batch. */
  tok: number;
  /** Statements and unreadable statements before the batch. */
  statements: number;
  unreadable: number;
  currentDb: string | undefined;
  transactionDepth: number;
  transactionStarts: Range[];
  savepoints: readonly string[];
  /** Rows directives taken by CREATE TABLEs before the batch. */
  rowsNext: number;
  /** Text budget spent before the batch. */
  spent: number;
  /** The next IF/WHILE/dynamic SQL number of the top-level parser. */
  nextBranchId: number;
}

/** What a read keeps for re-reading it after an edit (not part of its result). */
interface ReadState {
  entries: BatchEntry[];
  rows: RowsDirective[];
  initialBudget: number;
  /** Budget spent by the whole read. */
  spent: number;
  budgetFailed: boolean;
}
const readStates = new WeakMap<ParseResult, ReadState>();
const NO_RANGES: Range[] = [];
const NO_NAMES: readonly string[] = [];

/**
 * How a re-read continues a previous read (see reparseScript): batches before `fromBatch`
 * are kept, and from the GO token `syncNewTok` of the new tokens on (token `syncPrevTok`
 * of the previous ones) the text is the previous text shifted by `delta`.
 */
export interface ParseResume {
  prev: ParseResult;
  fromBatch: number;
  syncPrevTok: number;
  syncNewTok: number;
  delta: number;
}

/** The batch at which a re-read of `prev` can start when its text changed from `offset` on, or -1 when it can't be re-read. */
export function resumableBatch(prev: ParseResult, offset: number): number {
  const st = readStates.get(prev);
  if (!st || st.budgetFailed) return -1;
  // the last batch whose GO line (up to its line break) lies before the edit
  const b = prev.batches;
  const text = prev.lex.text;
  let k = 0;
  for (let j = 0; j + 1 < b.length; j++) {
    const go = b[j].go;
    if (!go) break;
    let e = go.end;
    while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
    if (e >= offset) break;
    k = j + 1;
  }
  return k;
}

/** Where batch `k` of `prev` starts: its first token and offset. */
export function batchStartOf(prev: ParseResult, k: number): { tok: number; offset: number } {
  const st = readStates.get(prev)!;
  return { tok: st.entries[k].tok, offset: k > 0 ? prev.batches[k - 1].range.end : 0 };
}

/** Whether a re-read of `prev` can afford the text budget of a text `newLength` long. */
export function budgetAllows(prev: ParseResult, newLength: number): boolean {
  const st = readStates.get(prev);
  return !!st && !st.budgetFailed && initialBudget(newLength) >= st.spent;
}

function initialBudget(length: number): number {
  return Math.max(2 * length, 100_000);
}

/** A control-flow frame: a BEGIN...END block, or an IF/ELSE/WHILE waiting for its body. */
type Frame =
  | { type: 'block'; conditional: boolean; bodyOf?: PendingFrame; branch: string }
  | PendingFrame;
interface PendingFrame {
  type: 'pending';
  /** The branch path of statements in this body (see StatementBase.branch). */
  branch: string;
  /** The IF's number, shared by its ELSE. */
  id: string;
  /** The branch path around the IF/ELSE/WHILE itself. */
  outerBranch: string;
  kind: 'if' | 'else' | 'while';
  conditional: boolean;
  anchorStart: number;
  members: StatementBase[];
}

export interface ParseResult {
  statements: Statement[];
  unreadable: Unreadable[];
  batches: SqlBatch[];
  lex: LexResult;
  /** Where the outermost transaction still open at the end of the script began (BEGIN TRAN with no COMMIT after it). */
  openTransaction?: Range;
}

/**
 * Reads a whole script from its tokens. `rows` are the `memlint: rows=N` directives, in
 * file order. With `resume`, `lx` is the previous tokens re-lexed after an edit (see
 * lex), and the batches the edit can't have changed are taken from the previous read.
 */
export function parseScript(lx: LexResult, rows: RowsDirective[] = [], resume?: ParseResume): ParseResult {
  const prevState = resume ? readStates.get(resume.prev) : undefined;
  const entry = resume && prevState ? prevState.entries[resume.fromBatch] : undefined;
  const budget = initialBudget(lx.text.length);
  const session: Session = {
    statements: entry ? resume!.prev.statements.slice(0, entry.statements) : [],
    unreadable: entry ? resume!.prev.unreadable.slice(0, entry.unreadable) : [],
    transactionDepth: entry ? entry.transactionDepth : 0,
    transactionStarts: entry ? entry.transactionStarts.slice() : [],
    savepoints: new Set(entry ? entry.savepoints : NO_NAMES),
    batches: entry ? resume!.prev.batches.slice(0, resume!.fromBatch) : [],
    rows,
    rowsNext: entry ? entry.rowsNext : 0,
    textBudget: budget - (entry ? entry.spent : 0),
    budgetFailed: false,
    entries: entry ? prevState!.entries.slice(0, resume!.fromBatch) : [],
    savepointList: entry ? entry.savepoints : NO_NAMES,
  };
  const p = new Parser(lx, session, undefined, 0, undefined, entry?.currentDb, resume && entry ? resume.fromBatch : 0);
  if (resume && entry && prevState) p.resumeAt(resume, prevState, entry);
  p.recordEntry();
  p.run();
  const result: ParseResult = { statements: session.statements, unreadable: session.unreadable, batches: session.batches, lex: lx };
  if (session.openTransactionDone) {
    if (session.openTransaction) result.openTransaction = session.openTransaction;
  } else if (session.transactionDepth > 0 && session.transactionStarts.length) result.openTransaction = session.transactionStarts[0];
  readStates.set(result, {
    entries: session.entries!,
    rows,
    initialBudget: budget,
    spent: budget - session.textBudget + (session.reusedSpent ?? 0),
    budgetFailed: session.budgetFailed,
  });
  return result;
}

/**
 * A copy of a statement taken over by a re-read, its offsets moved by `d` (its anchor and
 * transaction start through `moved`, which keeps shared ranges shared).
 *
 * Each kind is copied by an object literal with the same keys, in the same order, as the
 * parser's own (and optional keys added the same way): V8 then gives the copy the same
 * hidden class as a statement read afresh. A spread copy got another one, so after the
 * first edit every rule saw two shapes of each kind, and its code was deoptimized and
 * slower. The re-read property test checks the keys and their order. Parts without
 * offsets (lists of names, type arguments) are shared: nothing changes a read statement.
 */
function movedStatement(o: Statement, d: number, batchDelta: number, moved: (r: Range) => Range): Statement {
  // a statement's range is its own (the parser makes one per statement); its anchor is often
  // the same object, or one shared with other statements, which `moved` keeps shared
  const range = d === 0 ? o.range : movedRange(o.range, d);
  const anchor = o.anchor === o.range ? range : moved(o.anchor);
  const batch = o.batch + batchDelta;
  const transactionStart = o.transactionStart ? moved(o.transactionStart) : undefined;
  const { transactionDepth, conditional, branch, dynamicDepth, currentDatabase } = o;
  switch (o.kind) {
    case 'reconfigure':
      return { kind: o.kind, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    case 'dropPool':
      return { kind: o.kind, name: movedName(o.name, d), range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    case 'createPool':
    case 'alterPool': {
      const optionList = o.optionList && { openEnd: o.optionList.openEnd + d, close: o.optionList.close + d, commas: o.optionList.commas };
      const options = o.options.map((op) => movedOption(op, d));
      return { kind: o.kind, name: movedName(o.name, d), options, optionList, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    }
    case 'createGroup':
    case 'alterGroup':
    case 'dropGroup': {
      const pool = o.pool && movedName(o.pool, d);
      return { kind: o.kind, name: movedName(o.name, d), pool, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    }
    case 'alterResourceGovernor':
      return { kind: o.kind, action: o.action, actionRange: movedRange(o.actionRange, d), range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    case 'createDatabase': {
      const memoryOptimizedFilegroup = o.memoryOptimizedFilegroup && movedRange(o.memoryOptimizedFilegroup, d);
      return { kind: o.kind, name: movedName(o.name, d), memoryOptimizedFilegroup, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    }
    case 'alterDatabase': {
      const memoryOptimizedFilegroup = o.memoryOptimizedFilegroup && movedRange(o.memoryOptimizedFilegroup, d);
      const set = o.set.map((e) => ({ option: e.option, range: movedRange(e.range, d) }));
      return { kind: o.kind, name: movedName(o.name, d), memoryOptimizedFilegroup, set, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase } as AlterDatabaseStatement;
    }
    case 'restore':
      return { kind: o.kind, name: movedName(o.name, d), recovery: o.recovery, recoveryOnly: o.recoveryOnly, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    case 'use':
      return { kind: o.kind, name: movedName(o.name, d), range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
    case 'createTable': {
      const columns = o.columns.map((col) => ({ name: movedName(col.name, d), type: col.type, typeArgs: col.typeArgs, range: movedRange(col.range, d) }));
      const indexes = o.indexes.map((ix) => movedIndex(ix, d));
      const c: CreateTableStatement = { kind: o.kind, isType: o.isType, name: movedName(o.name, d), memoryOptimized: o.memoryOptimized, durability: o.durability, columns, indexes, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
      if (o.rows) c.rows = { count: o.rows.count, range: movedRange(o.rows.range, d) };
      return c;
    }
    case 'configure': {
      const optionArg = o.optionArg && movedValue(o.optionArg, d);
      const value = o.value && movedValue(o.value, d);
      const c: ConfigureStatement = { kind: o.kind, procedure: movedRange(o.procedure, d), exec: o.exec, optionArg, value, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
      if ('option' in o) c.option = o.option;
      return c;
    }
    case 'bind':
    case 'unbind': {
      const database = o.database && movedValue(o.database, d);
      const c: BindStatement = { kind: o.kind, procedure: movedRange(o.procedure, d), exec: o.exec, database, range, anchor, batch, transactionDepth, conditional, branch, dynamicDepth, transactionStart, currentDatabase };
      if (o.pool) {
        c.pool = movedValue(o.pool, d);
        if ('poolParameter' in o) c.poolParameter = o.poolParameter;
      }
      return c;
    }
  }
}

function movedRange(r: Range, d: number): Range {
  return { start: r.start + d, end: r.end + d };
}

function movedName(n: Name, d: number): Name {
  return { value: n.value, range: movedRange(n.range, d), kind: n.kind, known: n.known };
}

/** Values have `number` and `text` only when they are known: the copy has the same keys, made the way value() makes them. */
function movedValue(v: Value, d: number): Value {
  const range = movedRange(v.range, d);
  if (!('text' in v)) return 'number' in v ? { raw: v.raw, range, kind: v.kind, number: v.number, known: v.known } : { raw: v.raw, range, kind: v.kind, known: v.known };
  const c: Value = { raw: v.raw, range, kind: v.kind, text: v.text, known: v.known };
  if ('number' in v) c.number = v.number; // a string that reads as a number
  return c;
}

function movedOption(op: PoolOption, d: number): PoolOption {
  return op.value
    ? { name: op.name, nameRange: movedRange(op.nameRange, d), range: movedRange(op.range, d), value: movedValue(op.value, d) }
    : { ...op, nameRange: movedRange(op.nameRange, d), range: movedRange(op.range, d) };
}

function movedIndex(ix: IndexDef, d: number): IndexDef {
  return { name: ix.name ? movedName(ix.name, d) : ix.name, hash: ix.hash, columns: ix.columns, bucketCount: ix.bucketCount ? movedValue(ix.bucketCount, d) : ix.bucketCount, range: movedRange(ix.range, d) };
}

/** A copy of a statement (or any part of one) with its offsets moved by `d`. */
function shifted<T>(v: T, d: number): T {
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = shifted(v[i], d);
    return out as T;
  }
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in o) {
    const x = o[key];
    if (typeof x === 'number') out[key] = key === 'start' || key === 'end' || key === 'openEnd' || key === 'close' ? x + d : x;
    else if (x !== null && typeof x === 'object') out[key] = shifted(x, d);
    else out[key] = x;
  }
  return out as T;
}

/** No statements (shared, never added to: see joined). */
const NO_MEMBERS: StatementBase[] = [];

/**
 * The statements of two frames in one list: the shorter added to the longer, which is
 * changed and returned (both belong to frames that are done), so that handing statements
 * down a chain of frames costs O(n log n) at most.
 */
function joined(a: StatementBase[], b: StatementBase[]): StatementBase[] {
  if (!b.length) return a;
  if (!a.length) return b;
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  for (let i = 0; i < short.length; i++) long.push(short[i]);
  return long;
}

class Parser {
  private p = 0;
  private readonly n: number;
  private readonly frames: Frame[] = [];
  private conditionalDepth = 0;
  private batch = 0;
  private batchStart = 0;
  /** True once a statement has started in the current batch (a call without EXEC must come first). */
  private batchHasStatement = false;
  private vars = new Map<string, MappedText | null>();
  private readonly text: string;
  /** lx's token arrays, one property load nearer (the reader reads them for every token). */
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    private readonly lx: LexResult,
    private readonly session: Session,
    private readonly map: MappedText | undefined,
    private readonly depth: number,
    private readonly anchorOverride: Range | undefined,
    private currentDb: string | undefined,
    batch = 0,
  ) {
    this.n = lx.count;
    this.text = lx.text;
    this.kinds = lx.kind;
    this.starts = lx.start;
    this.ends = lx.end;
    this.batch = batch;
  }

  // ---------------------------------------------------------------- re-reading

  private resume: ParseResume | undefined;
  private prevState: ReadState | undefined;

  /** Starts at batch `resume.fromBatch` in the state the previous read had there. */
  resumeAt(resume: ParseResume, prevState: ReadState, entry: BatchEntry): void {
    this.resume = resume;
    this.prevState = prevState;
    this.p = entry.tok;
    this.batchStart = resume.fromBatch > 0 ? resume.prev.batches[resume.fromBatch - 1].range.end : 0;
    this.nextBranchId = entry.nextBranchId;
  }

  /** Notes the state at the start of the batch at this.p (top level only). */
  recordEntry(): void {
    const s = this.session;
    if (this.depth > 0 || !s.entries) return;
    if (s.savepoints.size !== s.savepointList.length) s.savepointList = [...s.savepoints];
    s.entries.push({
      tok: this.p,
      statements: s.statements.length,
      unreadable: s.unreadable.length,
      currentDb: this.currentDb,
      transactionDepth: s.transactionDepth,
      transactionStarts: s.transactionStarts.length ? s.transactionStarts.slice() : NO_RANGES,
      savepoints: s.savepointList,
      rowsNext: s.rowsNext,
      spent: initialBudget(this.text.length) - s.textBudget,
      nextBranchId: this.nextBranchId,
    });
  }

  /**
   * At the start of a batch after the edit, where the text is the previous one shifted: when
   * the state is the one the previous read had here, the rest of the script reads as it did
   * there. Takes the rest over (shifted) and returns true.
   */
  private takeOver(goTok: number): boolean {
    const resume = this.resume!;
    const st = this.prevState!;
    const prev = resume.prev;
    const s = this.session;
    const prevGo = goTok - resume.syncNewTok + resume.syncPrevTok;
    // the previous read's batch starting after that GO
    let lo = 0;
    let hi = st.entries.length - 1;
    let j = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = st.entries[mid].tok;
      if (t === prevGo + 1) {
        j = mid;
        break;
      }
      if (t < prevGo + 1) lo = mid + 1;
      else hi = mid - 1;
    }
    if (j < 0) return false;
    const e = st.entries[j];
    if (e.currentDb !== this.currentDb || e.transactionDepth !== s.transactionDepth || e.transactionStarts.length !== s.transactionStarts.length) return false;
    if (e.nextBranchId !== this.nextBranchId) return false;
    if (e.savepoints.length !== s.savepoints.size) return false;
    for (const name of e.savepoints) if (!s.savepoints.has(name)) return false;
    // rows directives not yet taken: the same ones, all after this GO
    if (st.rows.length - e.rowsNext !== s.rows.length - s.rowsNext) return false;
    if (s.rowsNext < s.rows.length && (s.rows[s.rowsNext].range.start < this.lx.start[goTok] || st.rows[e.rowsNext].range.start < prev.lex.start[prevGo])) return false;
    // the budget the rest spent before must be there
    const restSpent = st.spent - e.spent;
    if (s.textBudget < restSpent || s.budgetFailed) return false;

    const d = resume.delta;
    const batchDelta = this.batch - j;
    // open transactions are where this read has them; later ones move with the text
    const memo = new Map<object, Range>();
    let same = d === 0 && batchDelta === 0;
    for (let i = 0; i < e.transactionStarts.length; i++) {
      memo.set(e.transactionStarts[i], s.transactionStarts[i]);
      if (e.transactionStarts[i] !== s.transactionStarts[i]) same = false;
    }
    const moved = (r: Range): Range => {
      if (d === 0) return memo.get(r) ?? r;
      let m = memo.get(r);
      if (!m) memo.set(r, (m = { start: r.start + d, end: r.end + d }));
      return m;
    };
    for (let i = e.statements; i < prev.statements.length; i++) {
      const old = prev.statements[i];
      s.statements.push(same ? old : movedStatement(old, d, batchDelta, moved));
    }
    for (let i = e.unreadable; i < prev.unreadable.length; i++) s.unreadable.push(same ? prev.unreadable[i] : shifted(prev.unreadable[i], d));
    for (let i = j; i < prev.batches.length; i++) {
      const b = prev.batches[i];
      s.batches.push(d === 0 ? b : { range: { start: b.range.start + d, end: b.range.end + d }, repeat: b.repeat, go: b.go ? { start: b.go.start + d, end: b.go.end + d } : undefined, unclosed: b.unclosed });
    }
    s.openTransactionDone = true;
    if (prev.openTransaction) s.openTransaction = same ? prev.openTransaction : moved(prev.openTransaction);
    // the previous read's entries from here on, moved
    const tokDelta = goTok - prevGo;
    const stmtDelta = s.statements.length - prev.statements.length;
    const unreadDelta = s.unreadable.length - prev.unreadable.length;
    const rowsDelta = s.rowsNext - e.rowsNext;
    const spentHere = initialBudget(this.text.length) - s.textBudget;
    for (let i = j; i < st.entries.length; i++) {
      const x = st.entries[i];
      s.entries!.push({
        tok: x.tok + tokDelta,
        statements: x.statements + stmtDelta,
        unreadable: x.unreadable + unreadDelta,
        currentDb: x.currentDb,
        transactionDepth: x.transactionDepth,
        transactionStarts: x.transactionStarts.length ? x.transactionStarts.map(moved) : NO_RANGES,
        savepoints: x.savepoints,
        rowsNext: x.rowsNext + rowsDelta,
        spent: spentHere + (x.spent - e.spent),
        nextBranchId: x.nextBranchId,
      });
    }
    s.reusedSpent = restSpent;
    this.p = this.n;
    return true;
  }

  // ---------------------------------------------------------------- positions

  private R(s: number, e: number): Range {
    return this.map ? mapRange(this.map, s, e) : { start: s, end: e };
  }
  private tokRange(t: number): Range {
    return this.R(this.starts[t], this.ends[t]);
  }
  private span(a: number, b: number): Range {
    if (b < a) b = a;
    return this.R(this.starts[a], this.ends[Math.min(b, this.n - 1)]);
  }

  // ---------------------------------------------------------------- token tests

  private kind(t: number): number {
    return t < this.n ? this.kinds[t] : 0;
  }
  private is(t: number, word: string): boolean {
    return tokenIs(this.lx, t, word);
  }
  private punct(t: number, ch: string): boolean {
    return t < this.n && this.kinds[t] === Tok.Punct && this.text.charCodeAt(this.starts[t]) === ch.charCodeAt(0);
  }
  /**
   * Upper-case text of an identifier token when it is one of the words the reader compares
   * kw() with (KEYWORD_BY_HASH), else ''. Found by hash, without allocating.
   */
  private kw(t: number): string {
    if (t >= this.n || this.kinds[t] !== Tok.Ident) return '';
    const s = this.starts[t];
    const e = this.ends[t];
    if (!mayBeWord(KEYWORD_MASKS, this.text, s, e)) return '';
    const candidates = KEYWORD_BY_HASH.get(upperHash(this.text, s, e));
    // indexed, not for-of: an iterator per call until the optimizing compiler removes it
    if (candidates) for (let i = 0; i < candidates.length; i++) if (tokenIs(this.lx, t, candidates[i])) return candidates[i];
    return '';
  }
  private atEnd(t = this.p): boolean {
    return t >= this.n || this.kinds[t] === Tok.Go;
  }
  /** Classifies an identifier token as a statement start. */
  private startClass(t: number): StartClass {
    if (t >= this.n || this.kinds[t] !== Tok.Ident) return StartClass.None;
    const s = this.starts[t];
    const e = this.ends[t];
    if (e - s > LONGEST_START_WORD || !mayBeWord(START_MASKS, this.text, s, e)) return StartClass.None;
    const candidates = START_BY_HASH.get(upperHash(this.text, s, e));
    if (candidates) for (let i = 0; i < candidates.length; i++) if (tokenIs(this.lx, t, candidates[i].word)) return candidates[i].cls;
    return StartClass.None;
  }
  private isStrong(t: number): boolean {
    return this.startClass(t) === StartClass.Strong;
  }
  private isStatementStart(t: number, parenDepth: number, caseDepth: number): boolean {
    if (t >= this.n) return true;
    const k = this.kinds[t];
    if (k === Tok.Go) return true;
    if (k !== Tok.Ident) return false;
    const cls = this.startClass(t);
    if (cls === StartClass.Strong) return true;
    if (cls === StartClass.EndElse) return caseDepth === 0;
    return cls === StartClass.Weak && parenDepth === 0;
  }

  // ---------------------------------------------------------------- main loop

  run(): void {
    while (this.p < this.n) {
      const k = this.kinds[this.p];
      if (k === Tok.Go) {
        this.endBatch(this.p);
        this.p++;
        if (this.depth === 0) {
          if (this.resume && this.p - 1 >= this.resume.syncNewTok && this.resume.syncNewTok >= 0 && this.takeOver(this.p - 1)) return;
          this.recordEntry();
        }
        continue;
      }
      if (this.punct(this.p, ';')) {
        this.p++;
        continue;
      }
      this.statement();
    }
    if (this.depth === 0) this.endBatch(-1);
  }

  private endBatch(goTok: number): void {
    if (this.depth > 0) return;
    const end = goTok >= 0 ? this.ends[goTok] : this.text.length;
    this.session.batches.push({
      range: { start: this.batchStart, end },
      repeat: goTok >= 0 ? this.lx.goCount.get(goTok) ?? 1 : 1,
      go: goTok >= 0 ? this.tokRange(goTok) : undefined,
      unclosed: this.frames.length > 0,
    });
    this.batchStart = end;
    this.batch++;
    // A batch ends every block and variable; transactions survive GO.
    this.frames.length = 0;
    this.conditionalDepth = 0;
    this.vars.clear();
    this.batchHasStatement = false;
  }

  /** Reads one statement at this.p (always advances). */
  private statement(): void {
    const first = this.p;
    const before = this.session.statements.length;
    const firstInBatch = !this.batchHasStatement;
    this.batchHasStatement = true;
    const w = this.kw(first);
    switch (w) {
      case 'IF':
      case 'WHILE':
        this.p++;
        this.skipCondition();
        this.pushPending(w === 'IF' ? 'if' : 'while', first);
        return;
      case 'ELSE':
        // An ELSE not taken by a finished IF body: read its body as conditional code.
        this.p++;
        this.pushPending('else', first);
        return;
      case 'BEGIN':
        if (this.beginStatement()) return;
        break;
      case 'END':
        this.endStatement();
        return;
      case 'CREATE':
        this.createStatement();
        break;
      case 'ALTER':
        this.alterStatement();
        break;
      case 'DROP':
        this.dropStatement();
        break;
      case 'EXEC':
      case 'EXECUTE':
        this.execStatement();
        break;
      case 'RECONFIGURE':
        this.p++;
        if (this.is(this.p, 'WITH') && this.is(this.p + 1, 'OVERRIDE')) this.p += 2;
        this.endOf();
        this.add({ kind: 'reconfigure', range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
        break;
      case 'RESTORE':
        this.restoreStatement();
        break;
      case 'USE':
        this.useStatement();
        break;
      case 'COMMIT':
        this.p++;
        this.skipTransactionName();
        this.session.transactionDepth = Math.max(0, this.session.transactionDepth - 1);
        this.session.transactionStarts.pop();
        break;
      case 'ROLLBACK': {
        this.p++;
        const name = this.skipTransactionName();
        if (!(name && this.session.savepoints.has(name))) {
          this.session.transactionDepth = 0;
          this.session.transactionStarts.length = 0;
        }
        break;
      }
      case 'SAVE': {
        this.p++;
        const name = this.skipTransactionName();
        if (name) this.session.savepoints.add(name);
        break;
      }
      case 'DECLARE':
        this.declareStatement();
        break;
      case 'SET':
        this.setStatement();
        break;
      case 'GRANT':
      case 'DENY':
      case 'REVOKE':
        this.permissionStatement();
        break;
      default:
        if (this.isBareProcedure(first)) {
          if (!firstInBatch) {
            this.unreadableBecause(first, `a procedure call without EXEC is only valid as the first statement of its batch, so SQL Server rejects this batch: write EXEC ${tokenText(this.lx, first)} ...`);
            break;
          }
          this.procedureCall(first, first);
          break;
        }
        this.skipStatement(true);
    }
    if (this.p === first) this.p++; // always advance
    this.statementDone(before, this.ends[Math.min(this.p, this.n) - 1]);
  }

  /** Call after every statement: completes the IF/ELSE/WHILE waiting for a body. */
  private statementDone(firstNew: number, endOffset: number): void {
    const top = this.frames[this.frames.length - 1];
    if (!top || top.type !== 'pending') return;
    for (let i = firstNew; i < this.session.statements.length; i++) top.members.push(this.session.statements[i]);
    this.completeBody(endOffset);
  }

  /**
   * The statement (or block) that was the body of the top pending frame has ended at
   * endOffset. The pending frames right under it may end with it: an IF whose body was
   * that WHILE, an ELSE whose body was that IF. All of them share one anchor (a pending
   * frame takes the anchor start of the pending frame around it, and they end here), so
   * their statements are handed down to the outermost and given it once: given it at every
   * level, an ELSE IF chain of n IFs took n² steps when it ended.
   */
  private completeBody(endOffset: number): void {
    /** The statements of the frames completed so far in this call. */
    let carried: StatementBase[] = NO_MEMBERS;
    for (;;) {
      const top = this.frames[this.frames.length - 1];
      if (!top || top.type !== 'pending') return;
      this.frames.pop();
      if (top.conditional) this.conditionalDepth--;
      if (top.kind === 'if' && this.is(this.p, 'ELSE')) {
        // The ELSE belongs to this IF: its body extends the same anchor. The statements of
        // the frames inside that ended here keep this end until the ELSE's body ends too.
        if (carried.length) this.giveAnchor(carried, top.anchorStart, endOffset);
        this.p++;
        const f: PendingFrame = { type: 'pending', kind: 'else', conditional: true, anchorStart: top.anchorStart, members: joined(top.members, carried), id: top.id, outerBranch: top.outerBranch, branch: `${top.outerBranch}/${top.id}e` };
        this.frames.push(f);
        this.conditionalDepth++;
        return;
      }
      carried = joined(top.members, carried);
      // This IF/WHILE statement was itself the body of an outer frame?
      const outer = this.frames[this.frames.length - 1];
      if (outer && outer.type === 'pending') continue;
      this.giveAnchor(carried, top.anchorStart, endOffset);
      return;
    }
  }

  private giveAnchor(members: StatementBase[], anchorStart: number, endOffset: number): void {
    if (this.anchorOverride) return;
    const anchor = this.R(anchorStart, endOffset);
    for (let i = 0; i < members.length; i++) members[i].anchor = anchor;
  }

  private pushPending(kind: 'if' | 'else' | 'while', firstTok: number): void {
    const top = this.frames[this.frames.length - 1];
    const anchorStart = top && top.type === 'pending' ? top.anchorStart : this.starts[firstTok];
    const outerBranch = this.branch();
    const id = `${this.branchIdPrefix}${this.nextBranchId++}`;
    this.frames.push({ type: 'pending', kind, conditional: true, anchorStart, members: [], id, outerBranch, branch: `${outerBranch}/${id}${kind === 'if' ? 't' : kind === 'else' ? 'e' : 'w'}` });
    this.conditionalDepth++;
  }

  /** BEGIN: a block, a transaction, TRY/CATCH, or BEGIN DIALOG (a plain statement). Returns true when handled. */
  private beginStatement(): boolean {
    const first = this.p;
    const next = this.kw(first + 1);
    if (next === 'TRAN' || next === 'TRANSACTION' || (next === 'DISTRIBUTED' && (this.is(first + 2, 'TRAN') || this.is(first + 2, 'TRANSACTION')))) {
      this.p += next === 'DISTRIBUTED' ? 3 : 2;
      this.skipTransactionName();
      if (this.is(this.p, 'WITH') && this.is(this.p + 1, 'MARK')) {
        this.p += 2;
        if (this.kind(this.p) === Tok.String) this.p++;
      }
      this.session.transactionDepth++;
      this.session.transactionStarts.push(this.span(first, this.p - 1));
      return false;
    }
    if (next === 'DIALOG' || next === 'CONVERSATION') {
      this.p++;
      this.skipStatement();
      return false;
    }
    // A block. BEGIN TRY / BEGIN CATCH / BEGIN ATOMIC WITH (...) are blocks too.
    this.p++;
    if (next === 'TRY' || next === 'CATCH') this.p++;
    else if (next === 'ATOMIC') {
      this.p++;
      if (this.is(this.p, 'WITH') && this.punct(this.p + 1, '(')) {
        this.p++;
        this.skipParens();
      }
    }
    const top = this.frames[this.frames.length - 1];
    const bodyOf = top && top.type === 'pending' ? top : undefined;
    if (bodyOf) this.frames.pop(); // the block replaces the pending frame; its conditional flag carries over
    this.frames.push({ type: 'block', conditional: bodyOf !== undefined, bodyOf, branch: bodyOf ? bodyOf.branch : this.branch() });
    return true;
  }

  private endStatement(): void {
    const first = this.p;
    this.p++;
    const next = this.kw(this.p);
    if (next === 'CONVERSATION') {
      this.skipStatement();
      this.statementDone(this.session.statements.length, this.ends[this.p - 1]);
      return;
    }
    if (next === 'TRY' || next === 'CATCH') this.p++;
    // Pop to the innermost block; pending frames left open inside it are abandoned.
    let i = this.frames.length - 1;
    while (i >= 0 && this.frames[i].type !== 'block') i--;
    if (i < 0) return; // stray END
    while (this.frames.length > i + 1) {
      const f = this.frames.pop()!;
      if (f.conditional) this.conditionalDepth--;
    }
    const block = this.frames.pop() as { type: 'block'; conditional: boolean; bodyOf?: PendingFrame; branch: string };
    if (block.bodyOf) {
      // The block was an IF/ELSE/WHILE body: that statement is now complete.
      this.frames.push(block.bodyOf);
      this.completeBody(this.ends[this.p - 1]);
    } else {
      this.statementDone(this.session.statements.length, this.ends[first]);
    }
  }

  // ---------------------------------------------------------------- skipping

  /**
   * Skips an unknown statement: to `;` (consumed), GO, or the next statement start.
   * With `consumeFirst`, the token at this.p is part of the statement and is skipped too.
   */
  private skipStatement(consumeFirst = false): void {
    let depth = 0;
    let caseDepth = 0;
    const first = this.p;
    const n = this.n;
    const kinds = this.kinds;
    let t = first;
    for (; t < n; t++) {
      const k = kinds[t];
      if (k === Tok.Ident) {
        if (t > first || !consumeFirst) {
          // isStatementStart
          const cls = this.startClass(t);
          if (cls === StartClass.Strong || (cls === StartClass.EndElse && caseDepth === 0) || (cls === StartClass.Weak && depth === 0)) break;
        }
        const len = this.ends[t] - this.starts[t];
        if (len === 4 && tokenIs(this.lx, t, 'CASE')) caseDepth++;
        else if (caseDepth > 0 && len === 3 && tokenIs(this.lx, t, 'END')) caseDepth--;
      } else if (k === Tok.Punct) {
        const c = this.text.charCodeAt(this.starts[t]);
        if (c === 59 && depth === 0) {
          t++;
          break;
        }
        if (c === 40) depth++;
        else if (c === 41 && depth > 0) depth--;
      } else if (k === Tok.Go) break;
    }
    this.p = t;
  }

  /** Skips an IF/WHILE condition: up to the first statement start outside parentheses. */
  private skipCondition(): void {
    let depth = 0;
    let caseDepth = 0;
    const n = this.n;
    const kinds = this.kinds;
    let t = this.p;
    for (; t < n; t++) {
      const k = kinds[t];
      if (k === Tok.Ident) {
        const cls = this.startClass(t);
        if (cls === StartClass.Strong) break;
        if (depth === 0 && caseDepth === 0 && cls !== StartClass.None) break;
        const len = this.ends[t] - this.starts[t];
        if (len === 4 && tokenIs(this.lx, t, 'CASE')) caseDepth++;
        else if (caseDepth > 0 && len === 3 && tokenIs(this.lx, t, 'END')) caseDepth--;
      } else if (k === Tok.Punct) {
        const c = this.text.charCodeAt(this.starts[t]);
        if (c === 59 && depth === 0) break;
        if (c === 40) depth++;
        else if (c === 41 && depth > 0) depth--;
      } else if (k === Tok.Go) break;
    }
    this.p = t;
  }

  /** With this.p on `(`, skips to just after the matching `)` (or the statement's end). */
  private skipParens(): void {
    const t = this.stopOutsideParens(this.p + 1, false);
    this.p = this.punct(t, ')') ? t + 1 : t;
  }

  /**
   * The first token from `t` on that is outside any parentheses opened after `t` and is a
   * `)` (with `commaStops`, a `,` too), a GO or a word that always starts a statement;
   * this.n when there is none. One kind test per token: this runs over every token of a
   * table's definition and of every skipped parenthesis.
   */
  private stopOutsideParens(t: number, commaStops: boolean): number {
    let depth = 0;
    const n = this.n;
    const kinds = this.kinds;
    for (; t < n; t++) {
      const k = kinds[t];
      if (k === Tok.Go) break;
      if (k === Tok.Punct) {
        const c = this.text.charCodeAt(this.starts[t]);
        if (c === 40) depth++;
        else if (c === 41) {
          if (depth === 0) break;
          depth--;
        } else if (c === 44 && commaStops && depth === 0) break;
      } else if (k === Tok.Ident && this.startClass(t) === StartClass.Strong) break;
    }
    return t;
  }

  /** Skips to the end of the batch: the body of a procedure, function, trigger or view. */
  private skipToBatchEnd(): void {
    while (this.p < this.n && this.kinds[this.p] !== Tok.Go) this.p++;
  }

  /** TRAN/TRANSACTION/WORK and an optional name after BEGIN/COMMIT/ROLLBACK/SAVE. Returns the lower-case name. */
  private skipTransactionName(): string | undefined {
    if (this.is(this.p, 'TRAN') || this.is(this.p, 'TRANSACTION') || this.is(this.p, 'WORK')) this.p++;
    const k = this.kind(this.p);
    if ((k === Tok.Ident && !this.isStatementStart(this.p, 0, 0) && !this.is(this.p, 'WITH')) || k === Tok.Variable || k === Tok.QuotedIdent) {
      const name = identValue(this.lx, this.p).toLowerCase();
      this.p++;
      if (this.is(this.p, 'WITH') && this.punct(this.p + 1, '(')) {
        this.p++;
        this.skipParens();
      }
      return name;
    }
    if (this.is(this.p, 'WITH') && this.punct(this.p + 1, '(')) {
      this.p++;
      this.skipParens();
    }
    return undefined;
  }

  /** GRANT/DENY/REVOKE: permission names (CREATE TABLE, ALTER ANY ...) are not statements. */
  private permissionStatement(): void {
    this.p++;
    let depth = 0;
    while (this.p < this.n && this.kinds[this.p] !== Tok.Go) {
      if (this.punct(this.p, ';') && depth === 0) {
        this.p++;
        return;
      }
      if (this.punct(this.p, '(')) depth++;
      else if (this.punct(this.p, ')') && depth > 0) depth--;
      else if (depth === 0 && (this.is(this.p, 'TO') || this.is(this.p, 'FROM'))) {
        this.p++;
        // principals, then WITH GRANT OPTION / CASCADE / AS principal
        while (this.p < this.n && (this.kind(this.p) === Tok.Ident || this.kind(this.p) === Tok.QuotedIdent || this.punct(this.p, ',')) && !this.isStatementStart(this.p, 0, 0)) {
          if (this.is(this.p, 'WITH') && this.is(this.p + 1, 'GRANT') && this.is(this.p + 2, 'OPTION')) this.p += 3;
          else this.p++;
        }
        if (this.punct(this.p, ';')) this.p++;
        return;
      }
      this.p++;
    }
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The range of a statement from token `first` to the one before this.p, also kept in
   * `marked` for the anchor. Statements are written as one object literal with all the
   * StatementBase fields (one allocation, fields in the object itself).
   */
  private mark(first: number): Range {
    return (this.marked = this.span(first, this.p - 1));
  }
  private marked: Range = { start: 0, end: 0 };
  private openTransactionStart(): Range | undefined {
    const s = this.session;
    return s.transactionDepth > 0 ? s.transactionStarts[s.transactionStarts.length - 1] : undefined;
  }
  /** Set by the outer parser when dynamic SQL runs under IF/ELSE. */
  outerConditional = false;
  /** Set by the outer parser: the branch path of the EXEC running this dynamic SQL. */
  outerBranch = '';
  /** Set by the outer parser: keeps the IF numbers of dynamic SQL apart from the file's. */
  branchIdPrefix = '';
  private nextBranchId = 0;

  /** The branch path of the statement being read: the innermost frame's, else the EXEC's. */
  private branch(): string {
    const top = this.frames[this.frames.length - 1];
    return top ? top.branch : this.outerBranch;
  }

  private add(s: Statement): void {
    this.session.statements.push(s);
  }

  /** Consumes a trailing `;`. */
  private endOf(): void {
    if (this.punct(this.p, ';')) this.p++;
  }

  /** CFG905: memlint expected something else here. */
  private unreadable(first: number, expected: string): void {
    this.skipStatement();
    this.session.unreadable.push({ range: this.span(first, Math.max(first, this.p - 1)), expected });
  }

  /** CFG905: what is written is wrong, and memlint says why. */
  private unreadableBecause(first: number, problem: string): void {
    this.skipStatement();
    this.session.unreadable.push({ range: this.span(first, Math.max(first, this.p - 1)), problem });
  }

  /** A name: identifier, [quoted], "quoted", placeholder or SQLCMD variable. */
  private name(t: number, range?: Range): Name | undefined {
    const k = this.kind(t);
    if (k === Tok.Ident) return { value: tokenText(this.lx, t), range: range ?? this.tokRange(t), kind: 'ident', known: true };
    if (k === Tok.QuotedIdent) {
      const value = identValue(this.lx, t);
      return { value, range: range ?? this.tokRange(t), kind: 'quoted', known: (this.lx.flags[t] & FLAG_UNTERMINATED) === 0 && !hasSqlcmdVariable(value) };
    }
    if (k === Tok.Placeholder) return { value: tokenText(this.lx, t), range: range ?? this.tokRange(t), kind: 'placeholder', known: false };
    if (k === Tok.SqlcmdVar) return { value: tokenText(this.lx, t), range: range ?? this.tokRange(t), kind: 'sqlcmd', known: false };
    if (k === Tok.Variable) return { value: tokenText(this.lx, t), range: range ?? this.tokRange(t), kind: 'variable', known: false };
    return undefined;
  }

  /**
   * identValue(t) in lower case. Scripts repeat the same few type and parameter names:
   * the lower-case strings are kept by hash and reused when the token matches.
   */
  private lower(t: number): string {
    if (this.kinds[t] === Tok.QuotedIdent) return identValue(this.lx, t).toLowerCase();
    const s = this.starts[t];
    const e = this.ends[t];
    if (e - s > 40) return this.text.slice(s, e).toLowerCase();
    const h = upperHash(this.text, s, e);
    const cached = LOWER_BY_HASH.get(h);
    if (cached !== undefined && cached.length === e - s) {
      let k = 0;
      for (; k < cached.length; k++) {
        let c = this.text.charCodeAt(s + k);
        if (c >= 65 && c <= 90) c += 32;
        if (c !== cached.charCodeAt(k)) break;
      }
      if (k === cached.length) return cached;
    }
    const v = this.text.slice(s, e).toLowerCase();
    if (cached === undefined && LOWER_BY_HASH.size < 4096) LOWER_BY_HASH.set(h, v);
    return v;
  }

  /** Whether name(t) reads a name there. */
  private isName(t: number): boolean {
    const k = this.kind(t);
    return k === Tok.Ident || k === Tok.QuotedIdent || k === Tok.Placeholder || k === Tok.SqlcmdVar || k === Tok.Variable;
  }

  /** A possibly schema-qualified name (`dbo.T`, `[db].[dbo].[T]`); returns the last part, ranged over all parts. */
  private qualifiedName(): Name | undefined {
    const first = this.p;
    if (!this.isName(this.p)) return undefined;
    let last = this.p;
    this.p++;
    while (this.punct(this.p, '.')) {
      while (this.punct(this.p, '.')) this.p++;
      if (!this.isName(this.p)) break;
      last = this.p;
      this.p++;
    }
    return this.name(last, this.span(first, this.p - 1));
  }

  /** A literal argument or option value: number (with sign), string, identifier, variable... */
  private value(): Value | undefined {
    const t = this.p;
    const k = this.kind(t);
    if (this.punct(t, '-') || this.punct(t, '+')) {
      if (this.kind(t + 1) !== Tok.Number) return undefined;
      const raw = this.text.slice(this.starts[t], this.ends[t + 1]);
      const num = parseNumber(tokenText(this.lx, t + 1));
      this.p += 2;
      return { raw, range: this.span(t, t + 1), kind: 'number', number: this.punct(t, '-') ? -num : num, known: true };
    }
    this.p++;
    const raw = tokenText(this.lx, t);
    const range = this.tokRange(t);
    switch (k) {
      case Tok.Number:
        return { raw, range, kind: 'number', number: parseNumber(raw), known: true };
      case Tok.String: {
        const text = stringValue(this.lx, t);
        // sqlcmd replaces $(var) inside strings too: N'$(PoolName)' names a pool memlint can't know
        const v: Value = { raw, range, kind: 'string', text, known: (this.lx.flags[t] & FLAG_UNTERMINATED) === 0 && !hasSqlcmdVariable(text) };
        if (/^\s*[+-]?\d+(\.\d+)?\s*$/.test(text)) v.number = Number(text);
        return v;
      }
      case Tok.Ident:
        // DEFAULT means "the parameter's default" and NULL no value: neither names anything
        if (this.is(t, 'DEFAULT') || this.is(t, 'NULL')) return { raw, range, kind: 'keyword', known: false };
        return { raw, range, kind: 'ident', text: raw, known: true };
      case Tok.QuotedIdent:
        return { raw, range, kind: 'quoted', text: identValue(this.lx, t), known: (this.lx.flags[t] & FLAG_UNTERMINATED) === 0 && !hasSqlcmdVariable(identValue(this.lx, t)) };
      case Tok.Variable:
      case Tok.SqlcmdVar:
      case Tok.Placeholder:
        return { raw, range, kind: kindOf(k), known: false };
      default:
        this.p--;
        return undefined;
    }
  }

  // ---------------------------------------------------------------- CREATE / ALTER / DROP

  private createStatement(): void {
    const first = this.p;
    let t = first + 1;
    if (this.is(t, 'OR') && this.is(t + 1, 'ALTER')) t += 2;
    const what = this.kw(t);
    if (MODULE_KINDS.has(what)) {
      this.p = t;
      this.skipToBatchEnd();
      return;
    }
    if (what === 'RESOURCE' && this.is(t + 1, 'POOL')) {
      this.p = t + 2;
      this.poolStatement(first, 'createPool');
    } else if (what === 'WORKLOAD' && this.is(t + 1, 'GROUP')) {
      this.p = t + 2;
      this.groupStatement(first, 'createGroup');
    } else if (what === 'DATABASE') {
      this.p = t + 1;
      this.createDatabase(first);
    } else if (what === 'TABLE') {
      this.p = t + 1;
      this.createTable(first, false);
    } else if (what === 'TYPE') {
      this.p = t + 1;
      this.createTable(first, true);
    } else {
      this.skipStatement(true);
    }
  }

  private alterStatement(): void {
    const first = this.p;
    const what = this.kw(first + 1);
    if (MODULE_KINDS.has(what)) {
      this.p = first + 1;
      this.skipToBatchEnd();
      return;
    }
    if (what === 'RESOURCE' && this.is(first + 2, 'POOL')) {
      this.p = first + 3;
      this.poolStatement(first, 'alterPool');
    } else if (what === 'RESOURCE' && this.is(first + 2, 'GOVERNOR')) {
      this.p = first + 3;
      this.resourceGovernor(first);
    } else if (what === 'WORKLOAD' && this.is(first + 2, 'GROUP')) {
      this.p = first + 3;
      this.groupStatement(first, 'alterGroup');
    } else if (what === 'DATABASE') {
      this.p = first + 2;
      this.alterDatabase(first);
    } else {
      this.skipStatement(true);
    }
  }

  private dropStatement(): void {
    const first = this.p;
    const what = this.kw(first + 1);
    if (what === 'RESOURCE' && this.is(first + 2, 'POOL')) {
      this.p = first + 3;
      const name = this.poolName(first, 'DROP RESOURCE POOL');
      if (!name) return;
      this.endOf();
      this.add({ kind: 'dropPool', name, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
    } else if (what === 'WORKLOAD' && this.is(first + 2, 'GROUP')) {
      this.p = first + 3;
      this.groupStatement(first, 'dropGroup');
    } else {
      this.skipStatement(true);
    }
  }

  /** The pool or group name after the statement's keywords; reports CFG905 when missing. */
  private poolName(first: number, words: string): Name | undefined {
    if (this.atEnd() || this.punct(this.p, ';')) {
      this.unreadable(first, `a name after ${words}`);
      return undefined;
    }
    if (this.is(this.p, 'DEFAULT')) {
      this.p++;
      this.unreadableBecause(
        first,
        words.startsWith('ALTER')
          ? `DEFAULT is a reserved word: write ${words} [default] or ${words} "default"`
          : `DEFAULT is a reserved word, and the predefined default ${words.includes('POOL') ? 'pool' : 'group'} can't be ${words.startsWith('CREATE') ? 'created' : 'dropped'} anyway`,
      );
      return undefined;
    }
    if (this.is(this.p, 'WITH') && this.punct(this.p + 1, '(')) {
      this.unreadable(first, `a name after ${words}`);
      return undefined;
    }
    const n = this.name(this.p);
    if (!n || n.kind === 'variable') {
      this.unreadable(first, `a name after ${words}`);
      return undefined;
    }
    if (this.kinds[this.p] === Tok.QuotedIdent && (this.lx.flags[this.p] & FLAG_UNTERMINATED) !== 0) {
      this.unreadableBecause(first, `the name after ${words} opens with ${this.text[this.starts[this.p]]} but is never closed`);
      return undefined;
    }
    this.p++;
    return n;
  }

  private poolStatement(first: number, kind: 'createPool' | 'alterPool'): void {
    const words = kind === 'createPool' ? 'CREATE RESOURCE POOL' : 'ALTER RESOURCE POOL';
    const name = this.poolName(first, words);
    if (!name) return;
    const options: PoolOption[] = [];
    let optionList: OptionList | undefined;
    if (this.is(this.p, 'WITH')) {
      this.p++;
      if (!this.punct(this.p, '(')) return this.unreadable(first, `"(" after ${words} ${name.value} WITH`);
      const open = this.p++;
      let commas = false;
      for (;;) {
        if (this.punct(this.p, ')')) {
          optionList = { openEnd: this.tokRange(open).end, close: this.tokRange(this.p).start, commas };
          this.p++;
          break;
        }
        if (this.punct(this.p, ',')) {
          commas = true;
          this.p++;
          continue;
        }
        if (this.atEnd() || this.punct(this.p, ';') || this.kind(this.p) !== Tok.Ident) {
          return this.unreadable(first, this.atEnd() || this.punct(this.p, ';') ? `")" to close the options of ${words} ${name.value}` : `a pool option in ${words} ${name.value}, found "${tokenText(this.lx, this.p)}"`);
        }
        const optTok = this.p;
        const optName = this.kw(optTok);
        if (!POOL_OPTIONS.has(optName)) {
          return this.unreadable(first, `a pool option in ${words} ${name.value}: "${tokenText(this.lx, optTok)}" is not one (MIN/MAX_CPU_PERCENT, CAP_CPU_PERCENT, MIN/MAX_MEMORY_PERCENT, MIN/MAX_IOPS_PER_VOLUME, AFFINITY)`);
        }
        this.p++;
        if (optName === 'AFFINITY') {
          if (!this.affinity()) return this.unreadable(first, `SCHEDULER = AUTO | (...) or NUMANODE = (...) after AFFINITY in ${words} ${name.value}`);
          options.push({ name: 'AFFINITY', nameRange: this.tokRange(optTok), range: this.span(optTok, this.p - 1) });
          continue;
        }
        if (!this.punct(this.p, '=')) return this.unreadable(first, `"=" after ${optName} in ${words} ${name.value}`);
        this.p++;
        const v = this.value();
        if (!v) return this.unreadable(first, `a value for ${optName} in ${words} ${name.value}`);
        options.push({ name: optName as PoolOptionName, nameRange: this.tokRange(optTok), range: this.span(optTok, this.p - 1), value: v });
      }
    }
    if (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) {
      return this.unreadable(first, `the end of ${words} ${name.value}, found "${tokenText(this.lx, this.p)}"`);
    }
    this.endOf();
    this.add({ kind, name, options, optionList, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
  }

  /** AFFINITY SCHEDULER = AUTO | ( ranges ) | NUMANODE = ( ranges ). */
  private affinity(): boolean {
    if (!(this.is(this.p, 'SCHEDULER') || this.is(this.p, 'NUMANODE'))) return false;
    this.p++;
    if (!this.punct(this.p, '=')) return false;
    this.p++;
    if (this.is(this.p, 'AUTO')) {
      this.p++;
      return true;
    }
    // ( id [TO id] [, id [TO id]] ... )
    if (!this.punct(this.p, '(')) return false;
    this.p++;
    for (;;) {
      if (this.kind(this.p) !== Tok.Number) return false;
      this.p++;
      if (this.is(this.p, 'TO')) {
        this.p++;
        if (this.kind(this.p) !== Tok.Number) return false;
        this.p++;
      }
      if (this.punct(this.p, ')')) {
        this.p++;
        return true;
      }
      if (!this.punct(this.p, ',')) return false;
      this.p++;
    }
  }

  private groupStatement(first: number, kind: 'createGroup' | 'alterGroup' | 'dropGroup'): void {
    const words = kind === 'createGroup' ? 'CREATE WORKLOAD GROUP' : kind === 'alterGroup' ? 'ALTER WORKLOAD GROUP' : 'DROP WORKLOAD GROUP';
    const name = this.poolName(first, words);
    if (!name) return;
    let pool: Name | undefined;
    if (kind !== 'dropGroup') {
      if (this.is(this.p, 'WITH')) {
        this.p++;
        if (!this.punct(this.p, '(')) return this.unreadable(first, `"(" after ${words} ${name.value} WITH`);
        this.skipParens();
      }
      if (this.is(this.p, 'USING')) {
        this.p++;
        if (this.is(this.p, 'DEFAULT')) {
          this.p++;
          return this.unreadableBecause(first, `DEFAULT is a reserved word: write USING [default] or USING "default"`);
        }
        if (!this.is(this.p, 'EXTERNAL')) {
          const n = this.name(this.p);
          if (!n || n.kind === 'variable') return this.unreadable(first, `a pool name after USING in ${words} ${name.value}`);
          pool = n;
          this.p++;
        }
        if (this.punct(this.p, ',')) this.p++;
        if (this.is(this.p, 'EXTERNAL')) {
          this.p++;
          if (this.name(this.p)) this.p++;
        }
      }
    }
    if (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) {
      return this.unreadable(first, `the end of ${words} ${name.value}, found "${tokenText(this.lx, this.p)}"`);
    }
    this.endOf();
    this.add({ kind, name, pool, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
  }

  private resourceGovernor(first: number): void {
    const t = this.p;
    let action: ResourceGovernorAction | undefined;
    let actionRange: Range | undefined;
    if (this.is(t, 'RECONFIGURE') || this.is(t, 'DISABLE')) {
      action = this.is(t, 'RECONFIGURE') ? 'reconfigure' : 'disable';
      actionRange = this.tokRange(t);
      this.p++;
    } else if (this.is(t, 'RESET') && this.is(t + 1, 'STATISTICS')) {
      action = 'reset';
      actionRange = this.span(t, t + 1);
      this.p += 2;
    } else if (this.is(t, 'WITH') && this.punct(t + 1, '(')) {
      const opt = t + 2;
      if (this.is(opt, 'CLASSIFIER_FUNCTION')) action = 'classifier';
      else if (this.is(opt, 'MAX_OUTSTANDING_IO_PER_VOLUME')) action = 'maxOutstandingIo';
      if (action) {
        this.p = t + 1;
        this.skipParens();
        actionRange = this.tokRange(opt);
      }
    }
    if (!action || !actionRange) {
      return this.unreadable(first, 'RECONFIGURE, DISABLE, RESET STATISTICS or WITH (CLASSIFIER_FUNCTION = ...) after ALTER RESOURCE GOVERNOR');
    }
    this.endOf();
    this.add({ kind: 'alterResourceGovernor', action, actionRange, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
  }

  // ---------------------------------------------------------------- databases

  private createDatabase(first: number): void {
    const name = this.name(this.p);
    if (!name || name.kind === 'variable') {
      this.skipStatement();
      return;
    }
    this.p++;
    let memoryOptimizedFilegroup: Range | undefined;
    let depth = 0;
    while (!this.atEnd()) {
      if (depth === 0 && this.punct(this.p, ';')) {
        this.p++;
        break;
      }
      if (depth === 0 && this.isStatementStart(this.p, 0, 0)) break;
      if (this.punct(this.p, '(')) depth++;
      else if (this.punct(this.p, ')') && depth > 0) depth--;
      else if (this.is(this.p, 'CONTAINS') && this.is(this.p + 1, 'MEMORY_OPTIMIZED_DATA')) {
        memoryOptimizedFilegroup = this.span(this.p, this.p + 1);
        this.p++;
      } else if (this.isStrong(this.p)) break;
      this.p++;
    }
    this.add({ kind: 'createDatabase', name, memoryOptimizedFilegroup, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
  }

  private databaseName(): Name | undefined {
    if (this.is(this.p, 'CURRENT')) {
      const r = this.tokRange(this.p);
      this.p++;
      return this.currentDb !== undefined
        ? { value: this.currentDb, range: r, kind: 'keyword', known: true }
        : { value: 'CURRENT', range: r, kind: 'keyword', known: false };
    }
    const n = this.name(this.p);
    if (n) this.p++;
    return n;
  }

  private alterDatabase(first: number): void {
    const name = this.databaseName();
    if (!name) {
      this.skipStatement();
      return;
    }
    let memoryOptimizedFilegroup: Range | undefined;
    const set: { option: DatabaseSetOption; range: Range }[] = [];
    if (this.is(this.p, 'ADD') && this.is(this.p + 1, 'FILEGROUP')) {
      this.p += 2;
      if (this.name(this.p)) this.p++;
      if (this.is(this.p, 'CONTAINS') && this.is(this.p + 1, 'MEMORY_OPTIMIZED_DATA')) {
        memoryOptimizedFilegroup = this.span(this.p, this.p + 1);
        this.p += 2;
      }
      this.skipRestOfStatement();
    } else if (this.is(this.p, 'SET')) {
      this.p++;
      // SET option [= value | ON | OFF] [, ...] [WITH ROLLBACK ...]
      while (!this.atEnd() && this.kind(this.p) === Tok.Ident && !this.is(this.p, 'WITH')) {
        const optTok = this.p;
        const w = this.kw(optTok);
        const option: DatabaseSetOption =
          w === 'OFFLINE' || w === 'ONLINE' || w === 'READ_ONLY' || w === 'READ_WRITE' || w === 'READ_COMMITTED_SNAPSHOT' ? w : 'OTHER';
        this.p++;
        if (this.punct(this.p, '=')) this.p++;
        if (this.punct(this.p, '(')) this.skipParens();
        else if (!this.atEnd() && !this.punct(this.p, ',') && !this.punct(this.p, ';') && !this.is(this.p, 'WITH') && !this.isStatementStart(this.p, 0, 0)) {
          this.p++; // ON / OFF / a value
          if (this.punct(this.p, '(')) this.skipParens();
        }
        set.push({ option, range: this.span(optTok, this.p - 1) });
        if (this.punct(this.p, ',')) this.p++;
        else break;
      }
      if (this.is(this.p, 'WITH')) {
        this.p++;
        if (this.is(this.p, 'ROLLBACK')) {
          this.p++;
          if (this.is(this.p, 'IMMEDIATE')) this.p++;
          else if (this.is(this.p, 'AFTER')) {
            this.p++;
            if (this.kind(this.p) === Tok.Number) this.p++;
            if (this.is(this.p, 'SECONDS')) this.p++;
          }
        } else if (this.is(this.p, 'NO_WAIT')) this.p++;
      }
      this.endOf();
    } else {
      this.skipRestOfStatement();
    }
    this.add({ kind: 'alterDatabase', name, memoryOptimizedFilegroup, set, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb } as AlterDatabaseStatement);
  }

  /** Skips what is left of a statement memlint has already recognised. */
  private skipRestOfStatement(): void {
    if (this.atEnd() || this.isStatementStart(this.p, 0, 0)) {
      this.endOf();
      return;
    }
    this.skipStatement();
  }

  private restoreStatement(): void {
    const first = this.p;
    const what = this.kw(first + 1);
    if (what !== 'DATABASE' && what !== 'LOG') {
      this.p++;
      this.skipStatement();
      return;
    }
    this.p = first + 2;
    const name = this.name(this.p);
    if (!name) {
      this.skipStatement();
      return;
    }
    this.p++;
    let recovery = true;
    let sawFrom = false;
    let depth = 0;
    while (!this.atEnd()) {
      if (depth === 0 && this.punct(this.p, ';')) {
        this.p++;
        break;
      }
      if (depth === 0 && this.isStatementStart(this.p, 0, 0)) break;
      if (this.punct(this.p, '(')) depth++;
      else if (this.punct(this.p, ')') && depth > 0) depth--;
      else if (this.is(this.p, 'FROM')) sawFrom = true;
      else if (this.is(this.p, 'NORECOVERY') || this.is(this.p, 'STANDBY')) recovery = false;
      else if (this.is(this.p, 'RECOVERY')) recovery = true;
      this.p++;
    }
    this.add({ kind: 'restore', name, recovery, recoveryOnly: !sawFrom, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
  }

  private useStatement(): void {
    const first = this.p;
    this.p++;
    const name = this.name(this.p);
    if (!name) {
      this.skipStatement();
      return;
    }
    this.p++;
    this.endOf();
    this.currentDb = name.known ? name.value : undefined;
    this.add({ kind: 'use', name, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb });
  }

  // ---------------------------------------------------------------- tables

  private createTable(first: number, isType: boolean): void {
    const name = this.qualifiedName();
    if (!name) {
      this.skipStatement();
      return;
    }
    if (isType) {
      if (!(this.is(this.p, 'AS') && this.is(this.p + 1, 'TABLE'))) {
        this.skipStatement(); // CREATE TYPE ... FROM base_type, or EXTERNAL NAME
        return;
      }
      this.p += 2;
    } else if (this.is(this.p, 'AS') && (this.is(this.p + 1, 'NODE') || this.is(this.p + 1, 'EDGE') || this.is(this.p + 1, 'FILETABLE'))) {
      this.p += 2;
    }
    if (!this.punct(this.p, '(')) {
      this.skipStatement();
      return;
    }
    const columns: ColumnDef[] = [];
    const indexes: IndexDef[] = [];
    this.p++;
    // Elements are split at commas outside nested parentheses.
    while (!this.atEnd()) {
      const elemStart = this.p;
      this.p = this.stopOutsideParens(this.p, true);
      if (this.p > elemStart) this.tableElement(elemStart, this.p, columns, indexes);
      if (this.punct(this.p, ',')) {
        this.p++;
        continue;
      }
      break;
    }
    if (!this.punct(this.p, ')')) {
      this.skipStatement();
      return;
    }
    this.p++;
    let memoryOptimized = false;
    let durability: 'SCHEMA_AND_DATA' | 'SCHEMA_ONLY' | undefined;
    // ON filegroup / TEXTIMAGE_ON / FILESTREAM_ON, then WITH ( options )
    while (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) {
      if (this.is(this.p, 'WITH') && this.punct(this.p + 1, '(')) {
        this.p += 2;
        let depth = 0;
        while (!this.atEnd()) {
          if (this.punct(this.p, '(')) depth++;
          else if (this.punct(this.p, ')')) {
            if (depth === 0) {
              this.p++;
              break;
            }
            depth--;
          } else if (depth === 0 && this.is(this.p, 'MEMORY_OPTIMIZED') && this.punct(this.p + 1, '=')) {
            memoryOptimized = this.is(this.p + 2, 'ON');
          } else if (depth === 0 && this.is(this.p, 'DURABILITY') && this.punct(this.p + 1, '=')) {
            const d = this.kw(this.p + 2);
            if (d === 'SCHEMA_ONLY' || d === 'SCHEMA_AND_DATA') durability = d;
          } else if (this.isStrong(this.p)) break;
          this.p++;
        }
        continue;
      }
      this.p++;
    }
    this.endOf();
    const stmt: Statement = { kind: 'createTable', isType, name, memoryOptimized, durability, columns, indexes, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb };
    const rows = this.takeRowsDirective(stmt.range);
    if (rows) stmt.rows = rows;
    this.add(stmt);
  }

  /** The `memlint: rows=N` comment on the statement's first line or above it (after the previous statement). */
  private takeRowsDirective(range: Range): { count: number; range: Range } | undefined {
    if (this.depth > 0) return undefined;
    const s = this.session;
    const prevEnd = s.statements.length ? s.statements[s.statements.length - 1].range.end : -1;
    const lineEnd = this.lineEndAfter(range.start);
    let found: RowsDirective | undefined;
    while (s.rowsNext < s.rows.length && s.rows[s.rowsNext].range.start < lineEnd) {
      const d = s.rows[s.rowsNext++];
      if (d.range.start > prevEnd) found = d;
    }
    return found;
  }

  /** End of the line holding `offset` (scans that line only). */
  private lineEndAfter(offset: number): number {
    let i = offset;
    const n = this.text.length;
    while (i < n) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      i++;
    }
    return i;
  }

  /** One column, index or constraint of CREATE TABLE, tokens [a, b). */
  private tableElement(a: number, b: number, columns: ColumnDef[], indexes: IndexDef[]): void {
    const w = this.kw(a);
    if (w === 'INDEX') {
      const idx = this.indexAt(a + 1, b, this.name(a + 1));
      if (idx) indexes.push(idx);
      return;
    }
    if (w === 'CONSTRAINT' || w === 'PRIMARY' || w === 'UNIQUE') {
      const nameTok = w === 'CONSTRAINT' ? a + 1 : -1;
      const k = w === 'CONSTRAINT' ? a + 2 : a;
      if (this.is(k, 'PRIMARY') || this.is(k, 'UNIQUE')) {
        const idx = this.indexAt(this.is(k, 'PRIMARY') ? k + 2 : k + 1, b, nameTok >= 0 ? this.name(nameTok) : undefined, a);
        if (idx) indexes.push(idx);
      }
      return;
    }
    if (w === 'PERIOD' || w === 'CHECK' || w === 'FOREIGN') return;
    // A column: name type [(args)] [column constraints and inline indexes]
    const colName = this.name(a);
    if (!colName || a + 1 >= b) return;
    let t = a + 1;
    if (this.is(t, 'AS')) return; // computed column: no storage of its own
    const typeStart = t;
    // type name, possibly schema-qualified
    let typeTok = t;
    t++;
    while (t + 1 < b && this.punct(t, '.')) {
      typeTok = t + 1;
      t += 2;
    }
    const type = this.lower(typeTok);
    const typeArgs: number[] = [];
    if (t < b && this.punct(t, '(')) {
      t++;
      while (t < b && !this.punct(t, ')')) {
        if (this.kind(t) === Tok.Number) typeArgs.push(parseNumber(tokenText(this.lx, t)));
        else if (this.is(t, 'MAX')) typeArgs.push(-1);
        t++;
      }
      t++;
    }
    columns.push({ name: colName, type, typeArgs, range: this.span(a, Math.max(typeStart, t - 1)) });
    // inline PRIMARY KEY / UNIQUE / INDEX on this column
    for (; t < b; t++) {
      if (this.is(t, 'PRIMARY') && this.is(t + 1, 'KEY')) {
        const idx = this.indexAt(t + 2, b, undefined, t, colName.value);
        if (idx) indexes.push(idx);
        return;
      }
      if (this.is(t, 'UNIQUE')) {
        const idx = this.indexAt(t + 1, b, undefined, t, colName.value);
        if (idx) indexes.push(idx);
        return;
      }
      if (this.is(t, 'INDEX')) {
        const idx = this.indexAt(t + 1, b, this.name(t + 1), t, colName.value);
        if (idx) indexes.push(idx);
        return;
      }
    }
  }

  /**
   * Reads `[name] [CLUSTERED|NONCLUSTERED] [HASH] [(cols)] [WITH (BUCKET_COUNT = n)]` in
   * tokens [t, b). `startTok` is where the index definition starts (for its range).
   */
  private indexAt(t: number, b: number, name: Name | undefined, startTok = t - 1, inlineColumn?: string): IndexDef | undefined {
    if (name && this.kind(t) !== Tok.Punct && !this.is(t, 'NONCLUSTERED') && !this.is(t, 'CLUSTERED') && !this.is(t, 'HASH')) t++;
    let hash = false;
    let columnstore = false;
    const columns: string[] = inlineColumn ? [inlineColumn] : [];
    let bucketCount: Value | undefined;
    for (; t < b; t++) {
      if (this.is(t, 'HASH')) hash = true;
      else if (this.is(t, 'COLUMNSTORE')) columnstore = true;
      else if (this.punct(t, '(') && !this.is(t - 1, 'WITH')) {
        t++;
        columns.length = 0;
        while (t < b && !this.punct(t, ')')) {
          const n = this.name(t);
          if (n && !this.is(t, 'ASC') && !this.is(t, 'DESC')) columns.push(n.value);
          t++;
        }
      } else if (this.is(t, 'BUCKET_COUNT') && this.punct(t + 1, '=')) {
        const save = this.p;
        this.p = t + 2;
        bucketCount = this.value();
        t = this.p - 1;
        this.p = save;
      }
    }
    if (columnstore) return undefined; // clustered columnstore: not a row index
    return { name, hash, columns, bucketCount, range: this.span(startTok, b - 1) };
  }

  // ---------------------------------------------------------------- EXEC and procedures

  private isBareProcedure(t: number): boolean {
    const k = this.kind(t);
    if (k !== Tok.Ident && k !== Tok.QuotedIdent) return false;
    // sp_configure ..., sys.sp_configure ..., master..sp_configure ...
    let last = t;
    let i = t + 1;
    while (this.punct(i, '.')) {
      while (this.punct(i, '.')) i++;
      if (this.kind(i) !== Tok.Ident && this.kind(i) !== Tok.QuotedIdent) return false;
      last = i;
      i++;
    }
    const proc = this.systemProc(last);
    return proc !== undefined && proc !== 'sp_executesql';
  }

  /** The procedure memlint reads that an identifier token names (lower case), compared without allocating. */
  private systemProc(t: number): string | undefined {
    if (this.kinds[t] !== Tok.Ident) {
      const v = identValue(this.lx, t).toLowerCase();
      return SYSTEM_PROCS.has(v) ? v : undefined;
    }
    const s = this.starts[t];
    const len = this.ends[t] - s;
    next: for (let i = 0; i < SYSTEM_PROC_LIST.length; i++) {
      const w = SYSTEM_PROC_LIST[i];
      if (w.length !== len) continue;
      for (let k = 0; k < len; k++) {
        let c = this.text.charCodeAt(s + k);
        if (c >= 65 && c <= 90) c += 32;
        if (c !== w.charCodeAt(k)) continue next;
      }
      return w;
    }
    return undefined;
  }

  private execStatement(): void {
    const first = this.p;
    this.p++;
    if (this.is(this.p, 'AS')) {
      // EXECUTE AS USER/LOGIN = '...': a context switch, not a call
      this.skipStatement();
      return;
    }
    if (this.punct(this.p, '(')) {
      this.p++;
      const parts = this.stringExpression();
      if (!this.punct(this.p, ')')) {
        this.skipStatement();
        return;
      }
      this.p++;
      // EXEC (...) AS LOGIN|USER = '...'
      if (this.is(this.p, 'AS') && (this.is(this.p + 1, 'LOGIN') || this.is(this.p + 1, 'USER')) && this.punct(this.p + 2, '=') && this.kind(this.p + 3) === Tok.String) this.p += 4;
      if (this.is(this.p, 'AT')) {
        // EXEC (...) AT linked_server: runs on another server, nothing memlint can place
        this.skipStatement();
        return;
      }
      this.endOf();
      if (parts) this.dynamic(parts, this.span(first, this.p - 1));
      return;
    }
    // EXEC @rc = proc ...
    if (this.kind(this.p) === Tok.Variable && this.punct(this.p + 1, '=')) this.p += 2;
    this.procedureCall(first, this.p);
  }

  /**
   * A call of a procedure named at `nameTok`: sp_configure, sp_xtp_(un)bind_db_resource_pool
   * or sp_executesql are read; anything else is skipped.
   */
  private procedureCall(first: number, nameTok: number): void {
    this.p = nameTok;
    const k = this.kind(this.p);
    if (k !== Tok.Ident && k !== Tok.QuotedIdent) {
      this.skipStatement();
      return;
    }
    let last = this.p;
    this.p++;
    while (this.punct(this.p, '.')) {
      while (this.punct(this.p, '.')) this.p++;
      if (this.kind(this.p) !== Tok.Ident && this.kind(this.p) !== Tok.QuotedIdent) break;
      last = this.p;
      this.p++;
    }
    const proc = this.systemProc(last);
    if (proc === undefined) {
      this.skipStatement();
      return;
    }
    const procRange = this.span(nameTok, this.p - 1);
    // arguments: [@name =] value [OUTPUT], comma-separated
    const args: { name?: string; value?: Value; parts?: MappedText[] | null }[] = [];
    if (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) {
      for (;;) {
        let pname: string | undefined;
        if (this.kind(this.p) === Tok.Variable && this.punct(this.p + 1, '=')) {
          pname = this.lower(this.p);
          this.p += 2;
        }
        if (proc === 'sp_executesql' && args.length === 0) {
          const parts = this.stringExpression();
          args.push({ name: pname, parts });
        } else {
          const v = this.value();
          if (!v) break;
          args.push({ name: pname, value: v });
        }
        if (this.is(this.p, 'OUTPUT') || this.is(this.p, 'OUT')) this.p++;
        if (!this.punct(this.p, ',')) break;
        this.p++;
      }
    }
    // EXEC ... WITH RECOMPILE | RESULT SETS (...): options of the call, nothing memlint reads
    if (this.is(this.p, 'WITH') && (this.is(this.p + 1, 'RECOMPILE') || this.is(this.p + 1, 'RESULT'))) this.skipStatement(true);
    if (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) {
      if (proc === 'sp_executesql') {
        this.skipStatement();
        return;
      }
      return this.unreadable(first, `a comma between the arguments of ${identValue(this.lx, last)}, found "${tokenText(this.lx, this.p)}"`);
    }
    this.endOf();
    const arg = (pos: number, name1: string, name2?: string) => findArg(args, pos, name1, name2);
    if (proc === 'sp_executesql') {
      const stmt = arg(0, '@stmt', '@statement');
      if (stmt && stmt.parts) this.dynamic(stmt.parts, this.span(first, this.p - 1));
      return;
    }
    if (proc === 'sp_configure') {
      const opt = arg(0, '@configname')?.value;
      const val = arg(1, '@configvalue')?.value;
      const s: ConfigureStatement = { kind: 'configure', procedure: procRange, exec: first !== nameTok, optionArg: opt, value: val, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb };
      if (opt && opt.known && opt.text !== undefined) s.option = resolveConfigOption(opt.text);
      this.add(s);
      return;
    }
    const bind = proc === 'sp_xtp_bind_db_resource_pool';
    const db = arg(0, '@database_name')?.value;
    const poolArg = bind ? arg(1, '@resource_pool_name', '@pool_name') : undefined;
    if (!db || (bind && !poolArg?.value)) {
      this.session.unreadable.push({
        range: this.span(first, this.p - 1),
        expected: bind
          ? `${identValue(this.lx, last)} with a database and a pool ('database_name', 'resource_pool_name')`
          : `${identValue(this.lx, last)} with a database ('database_name')`,
      });
      return;
    }
    const s: BindStatement = { kind: bind ? 'bind' : 'unbind', procedure: procRange, exec: first !== nameTok, database: db, range: this.mark(first), anchor: this.anchorOverride ?? this.marked, batch: this.batch, transactionDepth: this.session.transactionDepth, conditional: this.conditionalDepth > 0 || this.outerConditional, branch: this.branch(), dynamicDepth: this.depth, transactionStart: this.openTransactionStart(), currentDatabase: this.currentDb };
    if (poolArg?.value) {
      s.pool = poolArg.value;
      if (poolArg.name) s.poolParameter = poolArg.name;
    }
    this.add(s);
  }

  /**
   * A string expression for dynamic SQL: literals and tracked @variables joined with +.
   * Returns the pieces, or null when some part is not known at lint time.
   */
  private stringExpression(): MappedText[] | null {
    const parts: MappedText[] = [];
    let known = true;
    for (;;) {
      const t = this.p;
      const k = this.kind(t);
      if (k === Tok.String) {
        parts.push(decodeLiteral(tokenText(this.lx, t), this.starts[t], (this.lx.flags[t] & FLAG_UNTERMINATED) !== 0, this.map));
        this.p++;
      } else if (k === Tok.Variable) {
        const v = this.vars.get(this.lower(t));
        if (v) parts.push(v);
        else known = false;
        this.p++;
      } else if (this.punct(t, '(')) {
        // CAST(... AS nvarchar(max)), CONCAT(...), functions: not followed
        known = false;
        this.skipParens();
      } else if (k === Tok.Ident && !this.isStatementStart(t, 0, 0)) {
        known = false;
        this.p++;
        if (this.punct(this.p, '(')) this.skipParens();
      } else {
        return known && parts.length ? parts : null;
      }
      if (this.punct(this.p, '+')) {
        this.p++;
        continue;
      }
      return known && parts.length ? parts : null;
    }
  }

  /** Reads dynamic SQL text as statements running where the EXEC is. */
  private dynamic(parts: MappedText[], execRange: Range): void {
    if (this.depth >= MAX_DYNAMIC_DEPTH || !this.spend(parts)) return;
    const mapped = concatMapped(parts);
    // the tokens of dynamic SQL are dropped once read: each depth reuses its arrays
    const depth = this.depth + 1;
    const lx = lexTokens(mapped.text, undefined, dynamicTokens[depth]);
    if (lx.kind.length <= 4096 && lx.kind !== dynamicTokens[depth]?.kind) dynamicTokens[depth] = { kind: lx.kind, start: lx.start, end: lx.end, flags: lx.flags };
    const inner = new Parser(lx, this.session, mapped, depth, this.anchorOverride ?? execRange, this.currentDb, this.batch);
    inner.outerConditional = this.conditionalDepth > 0 || this.outerConditional;
    inner.outerBranch = this.branch();
    inner.branchIdPrefix = `${this.branchIdPrefix}x${this.nextBranchId++}.`;
    inner.run();
  }

  // ---------------------------------------------------------------- variables

  private declareStatement(): void {
    this.p++;
    // DECLARE @a type [= expr] [, @b type [= expr]] ...
    while (this.kind(this.p) === Tok.Variable) {
      const name = this.lower(this.p);
      this.p++;
      if (this.is(this.p, 'AS')) this.p++;
      if (this.is(this.p, 'TABLE') || this.is(this.p, 'CURSOR')) {
        this.skipStatement();
        return;
      }
      // the type, possibly with (n) / (max)
      if (this.kind(this.p) === Tok.Ident || this.kind(this.p) === Tok.QuotedIdent) {
        this.p++;
        while (this.punct(this.p, '.') && (this.kind(this.p + 1) === Tok.Ident || this.kind(this.p + 1) === Tok.QuotedIdent)) this.p += 2;
        if (this.punct(this.p, '(')) this.skipParens();
      }
      if (this.punct(this.p, '=')) {
        this.p++;
        this.vars.set(name, this.assignedText());
      } else this.vars.set(name, null);
      if (!this.punct(this.p, ',')) break;
      this.p++;
    }
    if (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) this.skipStatement();
    else this.endOf();
  }

  private setStatement(): void {
    this.p++;
    if (this.kind(this.p) !== Tok.Variable) {
      this.skipStatement();
      return;
    }
    const name = this.lower(this.p);
    this.p++;
    if (this.punct(this.p, '+') && this.punct(this.p + 1, '=')) {
      this.p += 2;
      const prev = this.vars.get(name);
      const more = this.assignedText();
      this.vars.set(name, prev && more && this.spend([prev, more]) ? concatMapped([prev, more]) : null);
    } else if (this.punct(this.p, '=')) {
      this.p++;
      this.vars.set(name, this.assignedText());
    } else {
      this.vars.set(name, null);
      this.skipStatement();
      return;
    }
    if (!this.atEnd() && !this.punct(this.p, ';') && !this.isStatementStart(this.p, 0, 0)) {
      this.vars.set(name, null);
      this.skipStatement();
    } else this.endOf();
  }

  private assignedText(): MappedText | null {
    const parts = this.stringExpression();
    return parts && this.spend(parts) ? concatMapped(parts) : null;
  }

  /** Takes the length of text about to be built or read again from the session's budget; false when it is spent. */
  private spend(parts: MappedText[]): boolean {
    let total = 0;
    for (const p of parts) total += p.text.length;
    if (total > this.session.textBudget) {
      this.session.textBudget = 0;
      this.session.budgetFailed = true;
      return false;
    }
    this.session.textBudget -= total;
    return true;
  }
}

/** A procedure argument passed by one of the names, else the one at position `pos` when it is not passed by name. */
function findArg<A extends { name?: string }>(args: A[], pos: number, name1: string, name2: string | undefined): A | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.name !== undefined && (a.name === name1 || a.name === name2)) return a;
  }
  const positional = args[pos];
  return positional && positional.name === undefined ? positional : undefined;
}

function parseNumber(raw: string): number {
  if (/^0x/i.test(raw)) return parseInt(raw.slice(2) || '0', 16);
  const s = raw.startsWith('$') ? raw.slice(1) : raw;
  const v = Number(s);
  return Number.isFinite(v) ? v : NaN;
}

function kindOf(k: number): ValueKind {
  return k === Tok.Variable ? 'variable' : k === Tok.SqlcmdVar ? 'sqlcmd' : k === Tok.Placeholder ? 'placeholder' : 'expression';
}

/** Whether text holds a SQLCMD variable, `$(name)`, which sqlcmd replaces wherever it is written (strings and [names] too). */
function hasSqlcmdVariable(text: string): boolean {
  return text.includes('$(') && /\$\([A-Za-z_][\w.-]*\)/.test(text);
}
