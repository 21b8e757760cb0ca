import { insertAfter, keywordCase, quoteName } from '../fixes/sql';
import type { RestoreStatement } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { lineOf, pool } from './util';
import { bindingUnchanged } from './XTP204';

/** A body of IF / ELSE / WHILE written without BEGIN...END: its anchor is the whole IF statement. */
const CONTROL_FLOW_START = /^(IF|WHILE)\b/i;

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
      stmts.forEach((s, i) => {
        if ((s.kind !== 'bind' && s.kind !== 'unbind') || !s.database?.known || s.database.text === undefined) return;
        // A rejected bind (XTP204) binds nothing: there is nothing to take effect, and system
        // databases must not be taken offline on memlint's advice.
        if (bindingUnchanged(s)) return;
        const db = s.database.text;
        const key = db.toLowerCase();
        // A database memlint can't name ($(Db), <db, sysname, x>) may be this one: never guess it is not.
        const same = (n: { known: boolean; value: string }) => !n.known || n.value.toLowerCase() === key;
        let offline = false;
        let restarted = false;
        for (let j = i + 1; j < stmts.length && !restarted; j++) {
          const t = stmts[j];
          if (t.kind === 'alterDatabase' && same(t.name)) {
            for (const o of t.set) {
              if (o.option === 'OFFLINE') offline = true;
              else if (o.option === 'ONLINE' && offline) restarted = true;
            }
          } else if (t.kind === 'restore' && t.recovery && same(t.name)) restarted = true;
        }
        if (restarted) return;
        // Restored WITH NORECOVERY / STANDBY earlier and not recovered since: the database is restoring,
        // and the documented way to bring it online bound is RESTORE ... WITH RECOVERY.
        let restoring: RestoreStatement | undefined;
        for (let j = 0; j < i; j++) {
          const t = stmts[j];
          if (t.kind === 'restore' && t.name.known && t.name.value.toLowerCase() === key) restoring = t.recovery ? undefined : t;
        }
        const what = s.kind === 'bind' ? `Binding ${db} to pool ${pool(s.pool?.text ?? s.pool?.raw ?? '?')}` : `Unbinding ${db}`;
        if (restoring) {
          ctx.report({
            file: script.file,
            range: s.database.range,
            message: `${what} takes effect only when the database comes online, and ${db} is not recovered: the RESTORE at line ${lineOf(script, restoring.range)} leaves it restoring (WITH NORECOVERY or STANDBY) and nothing later in this script recovers it. Finish with RESTORE DATABASE ${quoteName(db)} WITH RECOVERY; after the call.`,
            related: [{ file: script.file, range: restoring.range, message: `${db} restored without recovery here` }],
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
          fixes.push({
            title: `Take ${db} offline and online after the ${s.kind === 'bind' ? 'binding' : 'unbinding'} (disconnects its users)`,
            applicability: 'unsafe',
            edits: [
              insertAfter(script, s.anchor, [
                `${k('ALTER DATABASE')} ${quoteName(db)} ${k('SET OFFLINE WITH ROLLBACK IMMEDIATE')};`,
                `${k('ALTER DATABASE')} ${quoteName(db)} ${k('SET ONLINE')};`,
              ]),
            ],
          });
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
