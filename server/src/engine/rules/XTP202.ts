import { fixWith, insertAfter, keywordCase, quoteName } from '../fixes/sql';
import type { Statement } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { pool } from './util';

/**
 * For each database, the index of the latest statement that starts a restart: an
 * ALTER DATABASE ... SET OFFLINE followed later by SET ONLINE, or a RESTORE ... WITH
 * RECOVERY. One backward pass, so a script with many binds stays linear.
 */
function latestRestartStarts(stmts: Statement[]): Map<string, number> {
  const result = new Map<string, number>();
  const onlineLater = new Set<string>();
  for (let j = stmts.length - 1; j >= 0; j--) {
    const t = stmts[j];
    if (t.kind === 'restore' && t.recovery && t.name.known) {
      const key = t.name.value.toLowerCase();
      if (!result.has(key)) result.set(key, j);
    } else if (t.kind === 'alterDatabase' && t.name.known) {
      const key = t.name.value.toLowerCase();
      // options of one statement apply left to right
      for (let k = t.set.length - 1; k >= 0; k--) {
        const o = t.set[k].option;
        if (o === 'ONLINE') onlineLater.add(key);
        else if (o === 'OFFLINE' && onlineLater.has(key) && !result.has(key)) result.set(key, j);
      }
    }
  }
  return result;
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
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      const stmts = script.parse.statements;
      const restartsFrom = latestRestartStarts(stmts);
      stmts.forEach((s, i) => {
        if ((s.kind !== 'bind' && s.kind !== 'unbind') || !s.database?.known || s.database.text === undefined) return;
        const db = s.database.text;
        const key = db.toLowerCase();
        // restarted when a restart of this database begins after the call
        if ((restartsFrom.get(key) ?? -1) > i) return;
        const fixes: Fix[] = [];
        // ALTER DATABASE ... SET OFFLINE is not allowed inside a user transaction.
        if (s.transactionDepth === 0) {
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
        const what = s.kind === 'bind' ? `Binding ${db} to pool ${pool(s.pool?.text ?? s.pool?.raw ?? '?')}` : `Unbinding ${db}`;
        ctx.report({
          file: script.file,
          range: s.database.range,
          message: `${what} takes effect only when the database next comes online, and this script does not restart it. Add ALTER DATABASE ${quoteName(db)} SET OFFLINE WITH ROLLBACK IMMEDIATE; ALTER DATABASE ${quoteName(db)} SET ONLINE; after the call (this disconnects its users), or restore it WITH RECOVERY.`,
          fixes,
        });
      });
    }
  },
};
