import * as assert from 'assert';
import { GB_MB, osReserveMb, poolBudgetMb, requiredPoolPercent, requiredVmGb, sqlTargetMb, waterfall, xtpShare } from '../../server/src/engine/model/memory';

const GB = GB_MB;
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} != ${b}`);

describe('memory arithmetic (product.md "The memory engine")', () => {
  it('R(V) matches the examples and is continuous at its tiers', () => {
    close(osReserveMb(8 * GB), 2 * GB, 'R(8 GB)');
    close(osReserveMb(16 * GB), 4 * GB, 'R(16 GB)');
    close(osReserveMb(48 * GB), 8 * GB, 'R(48 GB)');
    close(osReserveMb(128 * GB), 18 * GB, 'R(128 GB)');
    close(osReserveMb(1 * GB), 0.5 * GB, 'R(1 GB) = V / 2 below 2 GB');
    close(osReserveMb(2 * GB), 1 * GB, 'R(2 GB)');
    close(osReserveMb(4 * GB), 1 * GB, 'R(4 GB)');
    close(osReserveMb(2 * GB - 1), (2 * GB - 1) / 2, 'just below 2 GB');
    close(osReserveMb(64 * GB, 6 * GB), 6 * GB, 'sizing.osReserve replaces the formula');
  });

  it('T(V) is capped by max server memory', () => {
    close(sqlTargetMb(16 * GB, 112 * GB), 12 * GB, 'T(16 GB)');
    close(sqlTargetMb(64 * GB, 20 * GB), 20 * GB, 'capped');
    close(sqlTargetMb(64 * GB), 64 * GB - osReserveMb(64 * GB), 'unset max server memory');
  });

  it('f(T) steps at 8, 16, 32 and 96 GB (inclusive)', () => {
    const cases: [number, number][] = [
      [1 * GB, 0.7], [8 * GB, 0.7], [8 * GB + 1, 0.75], [16 * GB, 0.75], [16 * GB + 1, 0.8],
      [32 * GB, 0.8], [32 * GB + 1, 0.85], [96 * GB, 0.85], [96 * GB + 1, 0.9], [1024 * GB, 0.9],
    ];
    for (const [t, f] of cases) assert.strictEqual(xtpShare(t), f, `f(${t} MB)`);
  });

  it('reproduces the worked example: 16 GB startup cannot recover 24 GB, 43 GB is the smallest whole GB that can', () => {
    const inputs = { poolPercent: 80, maxServerMemoryMb: 112 * GB };
    const w = waterfall(16 * GB, inputs);
    close(w.osReserveMb, 4 * GB, 'R');
    close(w.sqlTargetMb, 12 * GB, 'T');
    assert.strictEqual(w.xtpShare, 0.75);
    close(w.budgetMb, 7372.8, 'B');
    assert.strictEqual(requiredVmGb(24 * GB, inputs), 43);
    const w43 = waterfall(43 * GB, inputs);
    close(w43.osReserveMb, 7.375 * GB, 'R(43 GB)');
    close(w43.sqlTargetMb, 36480, 'T(43 GB)');
    assert.strictEqual(w43.xtpShare, 0.85);
    close(w43.budgetMb, 24806.4, 'B(43 GB)');
    close(Math.round(poolBudgetMb(42 * GB, inputs) * 10) / 10, 24197.1, 'B(42 GB)');
  });

  it('finds no VM size when max server memory caps the budget below the need', () => {
    assert.strictEqual(requiredVmGb(8 * GB, { poolPercent: 100, maxServerMemoryMb: 8 * GB }), undefined);
    assert.strictEqual(requiredVmGb(0, { poolPercent: 50 }), 1);
  });

  it('B(V) never decreases as V grows (so the search is sound)', () => {
    for (const inputs of [{ poolPercent: 80, maxServerMemoryMb: 112 * GB }, { poolPercent: 35 }, { poolPercent: 100, fixedReserveMb: 4 * GB }]) {
      let prev = -1;
      for (let gb = 1; gb <= 400; gb++) {
        const b = poolBudgetMb(gb * GB, inputs);
        assert.ok(b >= prev, `B(${gb} GB) < B(${gb - 1} GB)`);
        prev = b;
      }
    }
  });

  it('computes the required pool percent like Microsoft\'s examples (domain.md §2.2)', () => {
    assert.strictEqual(requiredPoolPercent(16 * GB, 32 * GB), 63); // 16 / (32 x 0.80) = 62.5 -> 63
    assert.strictEqual(requiredPoolPercent(60 * GB, 100 * GB), 67); // 60 / (100 x 0.90) = 66.67 -> 67
    assert.strictEqual(requiredPoolPercent(2 * 24 * GB, 12 * GB), 534); // more than 100: no percent is enough
    assert.strictEqual(requiredPoolPercent(1, 0), Infinity);
  });
});
