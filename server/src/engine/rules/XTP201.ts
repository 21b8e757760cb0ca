import { setPoolOption } from '../fixes/sql';
import type { Binding } from '../model/model';
import { PoolState, PoolStatementRef, sumOfMinimums } from '../model/pools';
import type { Rule } from './rule';
import { pool, someOf } from './util';
import { bindingUnchanged } from '../model/bindings';

/**
 * XTP201 pool-min-not-max: a pool holding In-Memory OLTP data must have
 * MIN_MEMORY_PERCENT = MAX_MEMORY_PERCENT so its memory is guaranteed (domain.md §2.2).
 */
export const XTP201: Rule = {
  code: 'XTP201',
  name: 'pool-min-not-max',
  meta: {
    description: 'A pool bound to a database with memory-optimized data has MIN_MEMORY_PERCENT below MAX_MEMORY_PERCENT, so the memory the data needs is not guaranteed.',
    severity: 'warning',
    fixable: 'safe',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const byPool = new Map<string, Binding[]>();
      for (const b of inst.bindings.byDatabase.values()) {
        if (bindingUnchanged(b.stmt)) continue; // a system database: the bind fails (XTP204)
        const list = byPool.get(b.poolKey) ?? [];
        list.push(b);
        byPool.set(b.poolKey, list);
      }
      const candidates: { poolKey: string; binds: Binding[]; state: PoolState; min: number; max: number }[] = [];
      for (const [poolKey, binds] of byPool) {
        const state = inst.pools.pools.get(poolKey);
        if (!state || state.predefined) continue;
        const min = state.values.MIN_MEMORY_PERCENT;
        const max = state.values.MAX_MEMORY_PERCENT;
        if (min === undefined || max === undefined || min >= max) continue; // MIN > MAX is RG102's
        candidates.push({ poolKey, binds, state, min, max });
      }
      // Fix-all applies every XTP201 fix in one go: judge safety on the minimums after all of them.
      const raised = new Map(candidates.map((c) => [c.poolKey, c.max]));
      let sumAll = 0;
      for (const p of inst.pools.pools.values()) if (p.key !== 'internal') sumAll += raised.get(p.key) ?? p.values.MIN_MEMORY_PERCENT ?? 0;
      for (const { poolKey, binds, state, min, max } of candidates) {
        const minSrc = state.setBy.MIN_MEMORY_PERCENT;
        const maxSrc = state.setBy.MAX_MEMORY_PERCENT;
        // Edit the latest statement that set MIN or MAX, so no earlier statement ends up with MIN > MAX.
        const order = (r?: PoolStatementRef) => (r ? r.seq : -1);
        const target = order(minSrc) >= order(maxSrc) ? minSrc ?? state.create : maxSrc;
        const at = minSrc ? { script: minSrc.script, range: minSrc.option.value?.range ?? minSrc.option.range } : state.create ? { script: state.create.script, range: state.create.stmt.name.range } : undefined;
        if (!at || !target) continue;
        const name = pool(state.name);
        const dbs = binds.map((b) => b.database);
        const sumAfter = sumOfMinimums(inst.pools.pools, 'MIN_MEMORY_PERCENT', poolKey) + max;
        const over = sumAll > 100;
        const overText =
          sumAfter > 100
            ? ` That would make the minimums of all pools add up to ${sumAfter} %, above 100: lower other pools' MIN_MEMORY_PERCENT too.`
            : over
              ? ` Together with the same change to ${someOf(
                  candidates.filter((c) => c.poolKey !== poolKey).map((c) => pool(c.state.name)),
                  'pool',
                )}, the minimums of all pools would add up to ${sumAll} %, above 100: lower some pools' MAX_MEMORY_PERCENT (or other pools' MIN_MEMORY_PERCENT) too.`
              : '';
        ctx.report({
          file: at.script.file,
          range: at.range,
          message: `Pool ${name} is bound to In-Memory OLTP database${dbs.length > 1 ? 's' : ''} ${dbs.join(', ')} but MIN_MEMORY_PERCENT (${min}) ≠ MAX_MEMORY_PERCENT (${max}); set both to ${max} so the memory is guaranteed.${overText}`,
          related: binds.map((b) => ({ file: b.script.file, range: b.stmt.pool?.range ?? b.stmt.range, message: `${b.database} is bound to ${name} here` })),
          fixes: [
            {
              title: `Set MIN_MEMORY_PERCENT of ${name} to ${max} (= MAX_MEMORY_PERCENT)`,
              applicability: over ? 'unsafe' : 'safe',
              edits: [setPoolOption(target.script, target.stmt, 'MIN_MEMORY_PERCENT', max)],
            },
          ],
        });
      }
    }
  },
};
