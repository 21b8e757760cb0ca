/**
 * Facts the T-SQL reader extracts from a script: the statements memlint checks, with
 * exact source ranges, in script order. Statements found inside dynamic SQL literals are
 * listed where the EXEC runs, with ranges mapped back into the file.
 */
import type { Range } from '../types';

/** How a name or value was written. Anything but a literal is unknown at lint time. */
export type ValueKind = 'ident' | 'quoted' | 'string' | 'number' | 'variable' | 'sqlcmd' | 'placeholder' | 'expression' | 'keyword';

/** A name: a pool, a group, a database, a table. */
export interface Name {
  /** The name with brackets/quotes removed; for unknown names the source text. */
  value: string;
  range: Range;
  kind: ValueKind;
  /** False for variables, SQLCMD variables, template placeholders and expressions. */
  known: boolean;
}

/** A literal argument or option value. */
export interface Value {
  /** Source text of the value (a negative number includes its sign). */
  raw: string;
  range: Range;
  kind: ValueKind;
  /** The number when the value is a numeric literal (or a string holding one). */
  number?: number;
  /** The text when the value is a string literal or a plain identifier. */
  text?: string;
  /** False for variables, SQLCMD variables, template placeholders and expressions. */
  known: boolean;
}

/** Context every statement carries. */
export interface StatementBase {
  /** The statement's own range, from its first keyword to its end (the `;` included). */
  range: Range;
  /**
   * The outermost statement that must stay whole when memlint inserts text next to this
   * one: the EXEC around dynamic SQL, or an IF/ELSE/WHILE whose body is this statement
   * without BEGIN...END.
   */
  anchor: Range;
  /** Zero-based batch number in the file. */
  batch: number;
  /** Open explicit transactions when this statement runs. */
  transactionDepth: number;
  /** Where the innermost open transaction began, when transactionDepth > 0. */
  transactionStart?: Range;
  /** Under an IF or ELSE (it may not run). */
  conditional: boolean;
  /**
   * Which branches the statement sits in: '' at top level, then one segment per enclosing
   * IF / ELSE / WHILE body, e.g. '/0t/3e'. A statement always runs when another runs if its
   * path is a prefix of the other's (see alwaysRunsWith).
   */
  branch: string;
  /** Nesting of dynamic SQL around this statement: 0 at top level. */
  dynamicDepth: number;
  /** The database `USE` made current before this statement, when known. */
  currentDatabase?: string;
}

/**
 * True when `a` runs whenever `b` runs (as far as IF/ELSE/WHILE go): `a` is at top level,
 * or in the same branch as `b`, or in a branch that encloses `b`'s.
 */
export function alwaysRunsWith(a: { branch: string }, b: { branch: string }): boolean {
  return a.branch === '' || b.branch === a.branch || b.branch.startsWith(a.branch + '/');
}

export type PoolOptionName =
  | 'MIN_CPU_PERCENT'
  | 'MAX_CPU_PERCENT'
  | 'CAP_CPU_PERCENT'
  | 'MIN_MEMORY_PERCENT'
  | 'MAX_MEMORY_PERCENT'
  | 'MIN_IOPS_PER_VOLUME'
  | 'MAX_IOPS_PER_VOLUME'
  | 'AFFINITY';

export const POOL_NUMERIC_OPTIONS: readonly PoolOptionName[] = [
  'MIN_CPU_PERCENT',
  'MAX_CPU_PERCENT',
  'CAP_CPU_PERCENT',
  'MIN_MEMORY_PERCENT',
  'MAX_MEMORY_PERCENT',
  'MIN_IOPS_PER_VOLUME',
  'MAX_IOPS_PER_VOLUME',
];

export interface PoolOption {
  name: PoolOptionName;
  nameRange: Range;
  /** The whole `NAME = value` text. */
  range: Range;
  /** Absent for AFFINITY, whose value is a scheduler or NUMA-node list. */
  value?: Value;
}

/** The `WITH ( ... )` list of a pool statement, for fixes that edit it. */
export interface OptionList {
  /** Offset just after `(`. */
  openEnd: number;
  /** Offset of `)` (or of the statement end when the list is unclosed). */
  close: number;
  /** Whether the list separates options with commas (they are optional in T-SQL). */
  commas: boolean;
}

export interface PoolStatement extends StatementBase {
  kind: 'createPool' | 'alterPool';
  name: Name;
  options: PoolOption[];
  /** Absent when the statement has no WITH clause. */
  optionList?: OptionList;
}

export interface DropPoolStatement extends StatementBase {
  kind: 'dropPool';
  name: Name;
}

export interface WorkloadGroupStatement extends StatementBase {
  kind: 'createGroup' | 'alterGroup' | 'dropGroup';
  name: Name;
  /** The pool after USING. */
  pool?: Name;
}

export type ResourceGovernorAction = 'reconfigure' | 'disable' | 'reset' | 'classifier' | 'maxOutstandingIo';

export interface ResourceGovernorStatement extends StatementBase {
  kind: 'alterResourceGovernor';
  action: ResourceGovernorAction;
  /** The action word(s): RECONFIGURE, DISABLE, RESET STATISTICS, CLASSIFIER_FUNCTION... */
  actionRange: Range;
}

/** sp_xtp_bind_db_resource_pool / sp_xtp_unbind_db_resource_pool. */
export interface BindStatement extends StatementBase {
  kind: 'bind' | 'unbind';
  /** The procedure name as written (with any schema). */
  procedure: Range;
  /** Written with EXEC/EXECUTE; a bare call is only valid as the first statement of its batch. */
  exec: boolean;
  database?: Value;
  pool?: Value;
  /** The parameter name used for the pool when passed by name (`@resource_pool_name` or `@pool_name`). */
  poolParameter?: string;
}

export type ServerMemoryOption = 'max server memory (MB)' | 'min server memory (MB)' | 'show advanced options';

export interface ConfigureStatement extends StatementBase {
  kind: 'configure';
  procedure: Range;
  /** Written with EXEC/EXECUTE; a bare call is only valid as the first statement of its batch. */
  exec: boolean;
  /** The option name argument as written. */
  optionArg?: Value;
  /** The full option name when the argument names one memlint tracks (sp_configure accepts unique prefixes). */
  option?: ServerMemoryOption;
  /** The new value; absent when sp_configure only reports an option. */
  value?: Value;
}

/** The server-level RECONFIGURE (not ALTER RESOURCE GOVERNOR RECONFIGURE). */
export interface ReconfigureStatement extends StatementBase {
  kind: 'reconfigure';
}

export interface CreateDatabaseStatement extends StatementBase {
  kind: 'createDatabase';
  name: Name;
  /** The `CONTAINS MEMORY_OPTIMIZED_DATA` words, when a filegroup has them. */
  memoryOptimizedFilegroup?: Range;
}

export type DatabaseSetOption = 'OFFLINE' | 'ONLINE' | 'READ_ONLY' | 'READ_WRITE' | 'READ_COMMITTED_SNAPSHOT' | 'OTHER';

export interface AlterDatabaseStatement extends StatementBase {
  kind: 'alterDatabase';
  /** The database; `CURRENT` resolves through the last USE when known. */
  name: Name;
  memoryOptimizedFilegroup?: Range;
  /** Options after SET, in order. */
  set: { option: DatabaseSetOption; range: Range }[];
}

export interface RestoreStatement extends StatementBase {
  kind: 'restore';
  name: Name;
  /** RECOVERY is the default when neither is written. */
  recovery: boolean;
  /** RESTORE DATABASE d WITH RECOVERY without FROM: only brings a restoring database online. */
  recoveryOnly: boolean;
}

export interface UseStatement extends StatementBase {
  kind: 'use';
  name: Name;
}

export interface ColumnDef {
  name: Name;
  /** Lower-case base type name: int, nvarchar, decimal... */
  type: string;
  /** Type arguments: (50), (18,2); -1 stands for MAX. */
  typeArgs: number[];
  range: Range;
}

export interface IndexDef {
  /** Index or constraint name, when written. */
  name?: Name;
  hash: boolean;
  /** Key columns (names as written). */
  columns: string[];
  bucketCount?: Value;
  range: Range;
}

export interface CreateTableStatement extends StatementBase {
  kind: 'createTable';
  /** CREATE TYPE ... AS TABLE instead of CREATE TABLE. */
  isType: boolean;
  name: Name;
  memoryOptimized: boolean;
  /** SCHEMA_AND_DATA (default) or SCHEMA_ONLY. */
  durability?: 'SCHEMA_AND_DATA' | 'SCHEMA_ONLY';
  columns: ColumnDef[];
  indexes: IndexDef[];
  /** From a `-- memlint: rows=N` comment on or just above the statement. */
  rows?: { count: number; range: Range };
}

export type Statement =
  | PoolStatement
  | DropPoolStatement
  | WorkloadGroupStatement
  | ResourceGovernorStatement
  | BindStatement
  | ConfigureStatement
  | ReconfigureStatement
  | CreateDatabaseStatement
  | AlterDatabaseStatement
  | RestoreStatement
  | UseStatement
  | CreateTableStatement;

/** A statement that starts like one memlint checks but could not be read (CFG905). */
export interface Unreadable {
  range: Range;
  /** What memlint expected, e.g. "a name after CREATE RESOURCE POOL"; or else: */
  expected?: string;
  /** What is wrong with what is written, e.g. "DEFAULT is a reserved word: ...". */
  problem?: string;
}

export interface SqlBatch {
  /** From the first character after the previous GO line to the end of this batch's GO line. */
  range: Range;
  /** `GO n` runs the batch n times. */
  repeat: number;
  /** The GO token ending the batch, when there is one. */
  go?: Range;
  /**
   * The batch ends inside a BEGIN block, or an IF/ELSE/WHILE without its body, that was never
   * closed (a script cut short or broken): text added at its end would land inside it.
   */
  unclosed: boolean;
}
