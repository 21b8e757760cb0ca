import { fixWith, insertAfter, keywordCase, quoteName } from '../fixes/sql';
import type { RestoreStatement, Statement } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { lineOf, pool } from './util';
import { bindingUnchanged } from '../model/bindings';

/** A body of IF / ELSE / WHILE written without BEGIN...END: its anchor is the whole IF statement. */
const CONTROL_FLOW_START = /^(IF|WHILE)\b/i;

/**
 * For each database, the index of the latest statement that starts a restart after it:
 * ALTER DATABASE ... SET OFFLINE followed later by SET ONLINE, or RESTORE ... WITH
 * RECOVERY. A database memlint can't name ($(Db), <db, sysname, x>) may be any of them,
 * so its statements count for every database (`any`). One backward pass: linear.
 */
function latestRestartStarts(stmts: Statement[]): { byKey: Map<string, number>; any: number } {
  const byKey = new Map<string, number>();
  let any = -1;
  const onlineKnown = new Set<string>();
  let onlineUnknown = false;
  const mark = (key: string, j: number) => {
    if (!byKey.has(key)) byKey.set(key, j);
  };
  for (let j = stmts.length - 1; j >= 0; j--) {
    const t = stmts[j];
    if (t.kind === 'restore' && t.recovery) {
      if (t.name.known) mark(t.name.value.toLowerCase(), j);
      else if (any < 0) any = j;
    } else if (t.kind === 'alterDatabase') {
      const key = t.name.known ? t.name.value.toLowerCase() : undefined;
      // options of one statement apply left to right
      for (let k = t.set.length - 1; k >= 0; k--) {
        const o = t.set[k].option;
        if (o === 'ONLINE') {
          if (key === undefined) onlineUnknown = true;
          else onlineKnown.add(key);
        } else if (o === 'OFFLINE') {
          if (key !== undefined) {
            if (onlineUnknown || onlineKnown.has(key)) mark(key, j);
          } else if (onlineUnknown) {
            if (any < 0) any = j;
          } else for (const other of onlineKnown) mark(other, j);
        }
      }
    }
  }
  return { byKey, any };
}

/** XTP202 bind-needs-restart: a bind/unbind takes effect only when the database next comes online (domain.md §2.1). */
export const XTP202: Rule = {
  code: 'XTP202',
  name: 'bind-needs-restart',
  meta: {
    description: 'sp_xtp_bind_db_resource_pool or sp_xtp_unbind_db_resource_pool is not followed by taking the database offline and online again (or RESTORE ... WITH RECOVERY), so the binding does not take effect.',
    severity: 'warning',
    fixable: 'unsafe',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      const stmts = script.parse.statements;
      const restarts = latestRestartStarts(stmts);
      /** Databases restored WITH NORECOVERY / STANDBY and not recovered since, as the statements go by. */
      const restoring = new Map<string, RestoreStatement>();
      // dynamic SQL held in a variable and run by several EXECs reads as one call per EXEC,
      // all at the same place in the file: only the last run is judged (a restart must follow
      // it), so the call is reported once and the fix goes after the last EXEC
      const lastRun = new Map<number, number>();
      stmts.forEach((s, i) => {
        if ((s.kind === 'bind' || s.kind === 'unbind') && s.database) lastRun.set(s.database.range.start, i);
      });
      stmts.forEach((s, i) => {
        if (s.kind === 'restore' && s.name.known) {
          const key = s.name.value.toLowerCase();
          if (s.recovery) restoring.delete(key);
          else restoring.set(key, s);
          return;
        }
        if ((s.kind !== 'bind' && s.kind !== 'unbind') || !s.database?.known || s.database.text === undefined) return;
        // A rejected bind (XTP204) binds nothing: there is nothing to take effect, and system
        // databases must not be taken offline on memlint's advice.
        if (bindingUnchanged(s)) return;
        const db = s.database.text;
        const key = db.toLowerCase();
        // restarted when a restart of this database (or of one memlint can't name) begins after the call
        if (Math.max(restarts.byKey.get(key) ?? -1, restarts.any) > i) return;
        if (lastRun.get(s.database.range.start) !== i) return;
        const what = s.kind === 'bind' ? `Binding ${db} to pool ${pool(s.pool?.text ?? s.pool?.raw ?? '?')}` : `Unbinding ${db}`;
        // Restored WITH NORECOVERY / STANDBY earlier and not recovered since: the database is restoring,
        // and the documented way to bring it online bound is RESTORE ... WITH RECOVERY.
        const restoringNow = restoring.get(key);
        if (restoringNow) {
          ctx.report({
            file: script.file,
            range: s.database.range,
            message: `${what} takes effect only when the database comes online, and ${db} is not recovered: the RESTORE at line ${lineOf(script, restoringNow.range)} leaves it restoring (WITH NORECOVERY or STANDBY) and nothing later in this script recovers it. Finish with RESTORE DATABASE ${quoteName(db)} WITH RECOVERY; after the call.`,
            related: [{ file: script.file, range: restoringNow.range, message: `${db} restored without recovery here` }],
          });
          return;
        }
        const fixes: Fix[] = [];
        // ALTER DATABASE is not allowed inside a user transaction. And after an IF/ELSE/WHILE
        // body without BEGIN...END the inserted lines would land outside the condition and
        // restart the database even when the call did not run.
        const unwrappedBody = s.conditional && CONTROL_FLOW_START.test(script.text.slice(s.anchor.start, s.anchor.start + 6));
        if (s.transactionDepth === 0 && !unwrappedBody) {
          const k = keywordCase(script, s.anchor);
          fixes.push(
            ...fixWith(`Take ${db} offline and online after the ${s.kind === 'bind' ? 'binding' : 'unbinding'} (disconnects its users)`, 'unsafe', [
              insertAfter(script, s.anchor, [
                `${k('ALTER DATABASE')} ${quoteName(db)} ${k('SET OFFLINE WITH ROLLBACK IMMEDIATE')};`,
                `${k('ALTER DATABASE')} ${quoteName(db)} ${k('SET ONLINE')};`,
              ]),
            ]),
          );
        }
        const note =
          s.transactionDepth > 0
            ? ' ALTER DATABASE cannot run inside a transaction: put them after the COMMIT.'
            : unwrappedBody
              ? ' Keep them under the same condition as the call: wrap the call and the two ALTER DATABASE statements in BEGIN...END.'
              : '';
        ctx.report({
          file: script.file,
          range: s.database.range,
          message: `${what} takes effect only when the database next comes online, and this script does not restart it. Add ALTER DATABASE ${quoteName(db)} SET OFFLINE WITH ROLLBACK IMMEDIATE; ALTER DATABASE ${quoteName(db)} SET ONLINE; after the call (this disconnects its users), or restore it WITH RECOVERY.${note}`,
          fixes,
        });
      });
    }
  },
};
