import { isRgChange, reconfigureChange } from '../fixes/reconfigure';
import { fixWith, insertBefore, keywordCase } from '../fixes/sql';
import { PoolStatement, Statement, alwaysRunsWith } from '../tsql/ast';
import type { Fix } from '../types';
import type { Rule } from './rule';
import { kindSet, pool, positionsOfKind, statementsOfKind, where } from './util';

const KINDS_CREATE_POOL = kindSet('createPool');
/** Every statement that changes or reconfigures the Resource Governor, and binds. */
const KINDS_RG_BIND = kindSet('alterResourceGovernor', 'createPool', 'alterPool', 'dropPool', 'createGroup', 'alterGroup', 'dropGroup', 'bind');

/** XTP203 bind-before-reconfigure: binding to a pool the script created before RECONFIGURE ran fails with error 41370 (domain.md §2.1). */
export const XTP203: Rule = {
  code: 'XTP203',
  name: 'bind-before-reconfigure',
  meta: {
    description: 'A database is bound to a pool that this script creates, before ALTER RESOURCE GOVERNOR RECONFIGURE has run (or before the pool is created at all): the bind fails with error 41370.',
    severity: 'error',
    fixable: 'safe',
    scope: 'file',
    unit: 'script',
  },
  check(ctx) {
    for (const script of ctx.model.scripts) {
      const stmts = script.parse.statements;
      /** The latest CREATE of each pool, with its position. */
      const latestCreate = new Map<string, { index: number; stmt: PoolStatement }>();
      /** Positions of every ALTER RESOURCE GOVERNOR RECONFIGURE so far. */
      const reconfigures: { index: number; stmt: Statement }[] = [];
      const created = new Set<string>();
      /** For each pool, the first unconditional CREATE in the script (a bind before it is too early). */
      const firstCreate = new Map<string, { index: number; stmt: PoolStatement }>();
      const createPositions = positionsOfKind(stmts, KINDS_CREATE_POOL);
      statementsOfKind(stmts, KINDS_CREATE_POOL).forEach((t, k) => {
        if (t.name.known && !t.conditional && !firstCreate.has(t.name.value.toLowerCase())) firstCreate.set(t.name.value.toLowerCase(), { index: createPositions[k], stmt: t });
      });
      /** The last Resource Governor change so far: where a RECONFIGURE added before a bind goes after. */
      let lastChange: Statement | undefined;
      const positions = positionsOfKind(stmts, KINDS_RG_BIND);
      statementsOfKind(stmts, KINDS_RG_BIND).forEach((s, k) => {
        const i = positions[k];
        if (isRgChange(s)) lastChange = s;
        if (s.kind === 'alterResourceGovernor' && s.action === 'reconfigure') {
          reconfigures.push({ index: i, stmt: s });
          return;
        }
        if (s.kind === 'createPool' && s.name.known) {
          latestCreate.set(s.name.value.toLowerCase(), { index: i, stmt: s });
          created.add(s.name.value.toLowerCase());
          return;
        }
        if (s.kind !== 'bind' || !s.pool?.known || s.pool.text === undefined) return;
        const key = s.pool.text.toLowerCase();
        const name = pool(s.pool.text);
        const create = latestCreate.get(key);
        // The bind works when a RECONFIGURE after the CREATE runs whenever the bind runs
        // (one in another IF branch does not help).
        let reconfigured = false;
        for (let r = reconfigures.length - 1; r >= 0 && create && reconfigures[r].index > create.index; r--) {
          if (alwaysRunsWith(reconfigures[r].stmt, s)) {
            reconfigured = true;
            break;
          }
        }
        const pending = create && !reconfigured ? create.stmt : undefined;
        if (pending) {
          const fixes: Fix[] = [];
          if (s.transactionDepth === 0) {
            const k = keywordCase(script, s.anchor);
            // the same change as RG105's fix, or another bind's, after the same change: fix-all adds one RECONFIGURE there, not one per rule or bind
            fixes.push(...fixWith('Add ALTER RESOURCE GOVERNOR RECONFIGURE before the binding', 'safe', insertBefore(script, s, [`${k('ALTER RESOURCE GOVERNOR RECONFIGURE')};`])).map((f) => ({ ...f, sameChange: reconfigureChange(lastChange) })));
          }
          ctx.report({
            file: script.file,
            range: s.pool.range,
            message: `Pool ${name} is created at ${where(script, pending.name.range, script)} but ALTER RESOURCE GOVERNOR RECONFIGURE has not run since, so it does not exist yet for In-Memory OLTP: this bind fails with error 41370. Run ALTER RESOURCE GOVERNOR RECONFIGURE; before binding${s.transactionDepth > 0 ? ', outside the transaction (it cannot run inside one)' : ''}.`,
            related: [{ file: script.file, range: pending.name.range, message: `${name} created here` }],
            fixes,
          });
          return;
        }
        if (created.has(key)) return;
        const first = firstCreate.get(key);
        const later = first && first.index > i ? first.stmt : undefined;
        if (later) {
          ctx.report({
            file: script.file,
            range: s.pool.range,
            message: `Pool ${name} is only created later, at ${where(script, later.name.range, script)}: when this bind runs the pool does not exist, and it fails with error 41370. Create the pool and run ALTER RESOURCE GOVERNOR RECONFIGURE before binding.`,
            related: [{ file: script.file, range: later.name.range, message: `${name} created here` }],
          });
        }
      });
    }
  },
};
