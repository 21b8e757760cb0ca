import * as assert from 'assert';
import { readConfig } from '../../server/src/engine/config/config';
import { parseSizeBytes } from '../../server/src/engine/config/size';
import { MB, UNIT_BYTES } from '../../server/src/engine/hyperv/facts';
import { showSize } from '../../server/src/engine/hyperv/limits';
import { readVmYaml } from '../../server/src/engine/hyperv/yaml';
import { vmSizes } from '../../server/src/engine/model/budget';
import type { VmModel } from '../../server/src/engine/model/model';

const GB = UNIT_BYTES.GB;
const TB = UNIT_BYTES.TB;

describe('sizes (memlint.yaml, VM specs, messages)', () => {
  // the same forms are sizes for the schema (CFG901), memlint.yaml's reader and the VM spec reader
  const cases: [string, number | undefined][] = [
    ['4.5GB', 4.5 * GB],
    ['1.5 GB', 1.5 * GB],
    ['0.5TB', 0.5 * TB],
    ['1.5tb', 1.5 * TB],
    ['"2.25 GB"', 2.25 * GB],
    ['1536.5', 1536.5 * MB],
    ['24576', 24576 * MB],
    ['16G', undefined],
    ['2 GiB', undefined],
    ['"1,5GB"', undefined],
  ];
  it('a size beyond exact integers is no size, for both readers', () => {
    assert.strictEqual(parseSizeBytes('99999999999TB'), undefined);
    assert.strictEqual(parseSizeBytes(1e300), undefined);
    assert.strictEqual(readVmYaml('/w/a.vm.yaml', 'vms:\n  V: { memory: { startup: 99999999999TB } }\n').vms[0].startup?.bytes, undefined);
  });
  for (const [written, bytes] of cases) {
    it(`${written} is ${bytes === undefined ? 'not a size' : `${bytes} bytes`} everywhere`, () => {
      const text = `databases:\n  D1: { inMemoryData: ${written} }\nvms:\n  VM1:\n    memory: { dynamic: false, startup: ${written} }\n`;
      const cfg = readConfig('/w/memlint.yaml', text);
      assert.strictEqual(cfg.errors.length, bytes === undefined ? 2 : 0, JSON.stringify(cfg.errors));
      const mb = cfg.databases.get('d1')!.inMemoryDataMb?.value;
      assert.strictEqual(mb === undefined ? undefined : mb * MB, bytes);
      assert.strictEqual(readVmYaml('/w/memlint.yaml', text).vms[0].startup?.bytes, bytes);
      const unquoted = written.replace(/^"|"$/g, '');
      assert.strictEqual(parseSizeBytes(/^[\d.]+$/.test(unquoted) ? Number(unquoted) : unquoted), bytes);
    });
  }

  it('shows sizes without float noise, in GB/TB only when they are whole quarters', () => {
    assert.strictEqual(showSize(40960 * MB), '40 GB');
    assert.strictEqual(showSize(4.5 * GB), '4.5 GB');
    assert.strictEqual(showSize(0.5 * TB), '512 GB');
    assert.strictEqual(showSize(1.5 * TB), '1.5 TB');
    assert.strictEqual(showSize(2049 * MB), '2049 MB');
    assert.strictEqual(showSize(512 * MB), '512 MB');
    // a size that went through MB arithmetic (bytes / MB * MB) is not shown with noise
    const b = Math.round(4.3 * GB);
    assert.strictEqual(showSize((b / MB) * MB), '4403.2 MB');
    assert.strictEqual(showSize(4.5 * GB * (1 + 1e-15)), '4.5 GB');
    assert.strictEqual(showSize(4097.5 * MB), '4097.5 MB');
    // two decimals of MB would hide the difference: bytes
    assert.strictEqual(showSize(4096 * MB + 1024), `${4096 * MB + 1024} bytes`);
  });

  it('V_max of a Dynamic Memory VM is its Maximum RAM, unknown when no file sets it (not Startup RAM)', () => {
    const vmOf = (memory: string): VmModel => {
      const facts = readVmYaml('/w/a.vm.yaml', `vms:\n  V:\n    memory: ${memory}\n`).vms[0];
      return { key: 'v', name: 'V', sources: [], facts, conflicts: [] } as unknown as VmModel;
    };
    const mbOf = (x: { mb: number } | undefined) => x?.mb;
    const dyn = vmSizes(vmOf('{ dynamic: true, startup: 8GB, minimum: 4GB }'));
    assert.deepStrictEqual([dyn.dynamic, mbOf(dyn.recovery), mbOf(dyn.steady), mbOf(dyn.floor)], [true, 8192, undefined, 4096]);
    const full = vmSizes(vmOf('{ dynamic: true, startup: 8GB, maximum: 64GB }'));
    assert.deepStrictEqual([mbOf(full.steady), mbOf(full.floor)], [65536, undefined]);
    const fixed = vmSizes(vmOf('{ dynamic: false, startup: 4.5GB, maximum: 64GB }'));
    assert.deepStrictEqual([fixed.dynamic, mbOf(fixed.recovery), mbOf(fixed.steady), mbOf(fixed.floor)], [false, 4608, 4608, undefined]);
  });
});
