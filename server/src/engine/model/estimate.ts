/**
 * Estimated size of memory-optimized data from the CREATE TABLE statements memlint reads
 * (product.md, domain.md §2.4 [S20][S22]):
 *
 *   row size      = row header (24 + 8 x indexes) + column sizes
 *   table data    = rows x row size
 *   hash index    = 8 bytes x BUCKET_COUNT rounded up to a power of two
 *   range index   = (8 + key size) x rows
 *
 * Rows come from `-- memlint: rows=N`, else from the largest hash BUCKET_COUNT (the table
 * is sized for about that many keys). A table with neither can't be estimated. Every
 * number built on an estimate is marked as such in messages.
 */
import type { ColumnDef, CreateTableStatement } from '../tsql/ast';

const ROW_HEADER_BYTES = 24;
const INDEX_POINTER_BYTES = 8;
const BUCKET_BYTES = 8;
/** An in-row column can't exceed the 8,060-byte row; a (max) column counts as that much. */
const MAX_IN_ROW_BYTES = 8060;

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Bytes a column takes in a row (declared maximum for variable-length types). */
export function columnBytes(c: ColumnDef): number {
  const [a] = c.typeArgs;
  const len = (chars: number | undefined, perChar: number, dflt: number) => (chars === undefined ? dflt : chars < 0 ? MAX_IN_ROW_BYTES : Math.min(MAX_IN_ROW_BYTES, chars * perChar));
  switch (c.type) {
    case 'bit':
    case 'tinyint':
      return 1;
    case 'smallint':
      return 2;
    case 'int':
    case 'real':
    case 'smallmoney':
    case 'smalldatetime':
      return 4;
    case 'bigint':
    case 'money':
    case 'datetime':
      return 8;
    case 'float':
      return a !== undefined && a <= 24 ? 4 : 8;
    case 'date':
      return 3;
    case 'time':
      return a === undefined || a > 4 ? 5 : a > 2 ? 4 : 3;
    case 'datetime2':
      return a === undefined || a > 4 ? 8 : a > 2 ? 7 : 6;
    case 'datetimeoffset':
      return a === undefined || a > 4 ? 10 : a > 2 ? 9 : 8;
    case 'decimal':
    case 'numeric': {
      const p = a ?? 18;
      return p <= 9 ? 5 : p <= 19 ? 9 : p <= 28 ? 13 : 17;
    }
    case 'uniqueidentifier':
      return 16;
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return len(a, 1, 1);
    case 'nchar':
    case 'nvarchar':
      return len(a, 2, 2);
    case 'sysname':
      return 256;
    default:
      return 8; // user-defined or unknown types: counted as 8 bytes
  }
}

export interface TableEstimate {
  table: CreateTableStatement;
  rows: number;
  /** Where the row count came from. */
  rowsFrom: 'directive' | 'bucket count';
  rowBytes: number;
  bytes: number;
}

/** The estimate for one memory-optimized table, or undefined when rows can't be known. */
export function estimateTable(t: CreateTableStatement): TableEstimate | undefined {
  if (!t.memoryOptimized || t.isType) return undefined;
  let rows: number | undefined;
  let rowsFrom: TableEstimate['rowsFrom'] = 'directive';
  if (t.rows) rows = t.rows.count;
  else {
    for (const i of t.indexes) if (i.hash && i.bucketCount?.number !== undefined && i.bucketCount.known) rows = Math.max(rows ?? 0, i.bucketCount.number);
    rowsFrom = 'bucket count';
  }
  if (rows === undefined) return undefined;
  // columns by lower-case name, for the keys of range indexes (built only when there is one)
  let byName: Map<string, ColumnDef> | undefined;
  const rowBytes = ROW_HEADER_BYTES + INDEX_POINTER_BYTES * t.indexes.length + t.columns.reduce((s, c) => s + columnBytes(c), 0);
  let bytes = rows * rowBytes;
  for (const i of t.indexes) {
    if (i.hash) {
      const bc = i.bucketCount?.known && i.bucketCount.number !== undefined ? i.bucketCount.number : rows;
      bytes += BUCKET_BYTES * nextPow2(Math.max(1, bc));
    } else {
      byName ??= new Map(t.columns.map((c) => [c.name.value.toLowerCase(), c]));
      let keyBytes = 0;
      for (const name of i.columns) {
        const c = byName.get(name.toLowerCase());
        keyBytes += c ? columnBytes(c) : 8;
      }
      bytes += (INDEX_POINTER_BYTES + keyBytes) * rows;
    }
  }
  return { table: t, rows, rowsFrom, rowBytes, bytes };
}
