/** Facts about sp_xtp_bind_db_resource_pool calls that several rules and the model share (domain.md §2.1). */
import type { BindStatement } from '../tsql/ast';

/** System databases cannot be bound (error 41371). */
export const SYSTEM_DATABASES: readonly string[] = ['master', 'model', 'msdb', 'tempdb'];
/** Databases cannot be bound explicitly to the predefined pools (error 41373). */
export const RESERVED_POOLS: readonly string[] = ['internal', 'default'];

/**
 * True when SQL Server rejects the call, so it changes no binding: a system database
 * (41371), or a bind to internal/default (41373).
 */
export function bindingUnchanged(s: BindStatement): boolean {
  const db = s.database?.known ? s.database.text?.toLowerCase() : undefined;
  if (db !== undefined && SYSTEM_DATABASES.includes(db)) return true;
  const pool = s.kind === 'bind' && s.pool?.known ? s.pool.text?.toLowerCase() : undefined;
  return pool !== undefined && RESERVED_POOLS.includes(pool);
}
