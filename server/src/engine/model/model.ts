/**
 * The memory model: every file's facts, grouped by the SQL Server instance they deploy
 * to. Derived views (pool timeline, bindings) are computed once per model, on first use.
 */
import type { BindStatement, Statement } from '../tsql/ast';
import { bindingUnchanged } from './bindings';
import { PoolTimeline, computePoolTimeline } from './pools';
import type { SqlScript } from './sqlScript';

export interface ScriptStatement<S extends Statement = Statement> {
  script: SqlScript;
  stmt: S;
}

export interface Binding {
  /** The database name as written. */
  database: string;
  databaseKey: string;
  pool: string;
  poolKey: string;
  script: SqlScript;
  stmt: BindStatement;
}

export interface Bindings {
  /** Every bind call with a known database and pool, in order. */
  binds: Binding[];
  /** The binding in effect for each database after all scripts ran (unbinds applied). */
  byDatabase: Map<string, Binding>;
}

export class Instance {
  private statementsCache?: ScriptStatement[];
  private poolsCache?: PoolTimeline;
  private bindingsCache?: Bindings;

  constructor(
    /** Lower-case instance name, or `file:<id>` for a script that names no instance. */
    readonly key: string,
    /** The instance name as first written; undefined for an anonymous (one-file) instance. */
    readonly name: string | undefined,
    /** Scripts in file order: the order the engine applies them in. */
    readonly scripts: SqlScript[],
  ) {}

  /** A name for messages. */
  get label(): string {
    return this.name ?? 'this script';
  }

  /** All statements of all scripts, in the order they apply. */
  get statements(): ScriptStatement[] {
    if (!this.statementsCache) {
      this.statementsCache = [];
      for (const script of this.scripts) for (const stmt of script.parse.statements) this.statementsCache.push({ script, stmt });
    }
    return this.statementsCache;
  }

  get pools(): PoolTimeline {
    return (this.poolsCache ??= computePoolTimeline(this.statements));
  }

  get bindings(): Bindings {
    if (!this.bindingsCache) {
      const binds: Binding[] = [];
      const byDatabase = new Map<string, Binding>();
      for (const { script, stmt } of this.statements) {
        if (stmt.kind !== 'bind' && stmt.kind !== 'unbind') continue;
        // a call SQL Server rejects (system database, internal/default pool) binds nothing
        if (bindingUnchanged(stmt)) continue;
        const db = stmt.database;
        if (!db || !db.known || db.text === undefined) {
          // an unbind of a database memlint can't name ($(Db), @db) may be any of them:
          // assume no binding made so far is still known to be in effect
          if (stmt.kind === 'unbind') byDatabase.clear();
          continue;
        }
        const databaseKey = db.text.toLowerCase();
        if (stmt.kind === 'unbind') {
          byDatabase.delete(databaseKey);
          continue;
        }
        const pool = stmt.pool;
        if (!pool || !pool.known || pool.text === undefined) continue;
        const b: Binding = { database: db.text, databaseKey, pool: pool.text, poolKey: pool.text.toLowerCase(), script, stmt };
        binds.push(b);
        byDatabase.set(databaseKey, b);
      }
      this.bindingsCache = { binds, byDatabase };
    }
    return this.bindingsCache;
  }
}

export class Model {
  readonly instances: Instance[];
  private readonly instanceByScript = new Map<SqlScript, Instance>();

  constructor(readonly scripts: SqlScript[]) {
    const groups = new Map<string, { name?: string; scripts: SqlScript[] }>();
    const sorted = [...scripts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const script of sorted) {
      const key = script.instance ? script.instance.name.toLowerCase() : `file:${script.file}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { name: script.instance?.name, scripts: [] }));
      g.scripts.push(script);
    }
    this.instances = [...groups].map(([key, g]) => new Instance(key, g.name, g.scripts));
    for (const inst of this.instances) for (const s of inst.scripts) this.instanceByScript.set(s, inst);
  }

  instanceOf(script: SqlScript): Instance {
    return this.instanceByScript.get(script)!;
  }
}
