/** The PowerShell reader under random and mutated input (see test/fuzz/suite.ts). */
import * as assert from 'assert';
import { readPs } from '../../server/src/engine/hyperv/ps/reader';
import { readerProperties } from '../fuzz/suite';

describe('property: powershell reader', () => {
  readerProperties('powershell', { lint: 300, fixes: 100 });

  describe('regressions found by hostile input', () => {
    it('a string doubled by interpolation stays known while short and becomes unknown past the cap (it threw at 2^29 characters)', () => {
      const short = readPs('$s = "x"\n' + '$s = "$s$s"\n'.repeat(3) + 'New-VM -Name $s -MemoryStartupBytes 1GB\n', 'powershell');
      assert.deepStrictEqual(short.vms.map((v) => v.name), ['xxxxxxxx']);
      const long = readPs('$s = "x"\n' + '$s = "$s$s"\n'.repeat(40) + 'New-VM -Name $s -MemoryStartupBytes 1GB\n', 'powershell');
      assert.strictEqual(long.vms.length, 1);
      assert.strictEqual(long.vms[0].name, undefined);
      assert.strictEqual(long.vms[0].startup?.bytes, 1024 ** 3);
    });

    it('an array doubled by @($a; $a) is flattened up to the item cap, then unknown (it made V8 abort the process)', () => {
      const small = readPs('$a = @(1)\n' + '$a = @($a; $a)\n'.repeat(2) + 'foreach ($x in $a) { New-VM -Name "V$x" -MemoryStartupBytes 1GB }\n', 'powershell');
      assert.deepStrictEqual(small.vms.map((v) => v.name), ['V1']);
      const big = readPs('$a = @(1)\n' + '$a = @($a; $a)\n'.repeat(40) + 'foreach ($x in $a) { New-VM -Name "V$x" -MemoryStartupBytes 1GB }\n', 'powershell');
      assert.ok(big.vms.every((v) => v.name === undefined || v.name === 'V1'));
    });
  });
});
