import * as assert from 'assert';
import * as fc from 'fast-check';
import type { Range } from '../../server/src/engine';
import { BoolValue, NumberValue, SizeValue, VmFacts, VmFile, formatSize } from '../../server/src/engine/hyperv/facts';
import { readPowerShell } from '../../server/src/engine/hyperv/powershell';
import { readPs } from '../../server/src/engine/hyperv/ps/reader';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

function read(text: string, kind: 'powershell' | 'psd1' = 'powershell'): VmFile {
  return readPowerShell('/w/deploy.ps1', text, kind);
}
/** The source text a range covers. */
function src(text: string, r: Range | undefined): string | undefined {
  return r ? text.slice(r.start, r.end) : undefined;
}
/** The one VM of a file. */
function only(f: VmFile): VmFacts {
  assert.strictEqual(f.vms.length, 1, `expected one VM, got ${f.vms.map((v) => v.name).join(', ')}`);
  return f.vms[0];
}
function named(f: VmFile, name: string): VmFacts {
  const vm = f.vms.find((v) => v.name?.toLowerCase() === name.toLowerCase());
  assert.ok(vm, `no VM ${name} in ${f.vms.map((v) => v.name).join(', ')}`);
  return vm;
}
/** [bytes, source text] of a size. */
function size(text: string, v: SizeValue | undefined): [number | undefined, string | undefined] {
  assert.ok(v, 'size not set');
  return [v.bytes, src(text, v.range)];
}
function num(text: string, v: NumberValue | BoolValue | undefined): [number | boolean | undefined, string | undefined] {
  assert.ok(v, 'value not set');
  return [v.value, src(text, v.range)];
}

describe('PowerShell reader', () => {
  describe('cmdlets and parameters', () => {
    it('reads New-VM with named parameters, exact ranges and the size style', () => {
      const text = "New-VM -Name 'SQLVM01' -MemoryStartupBytes 16GB -Generation 2 -NewVHDPath d:\\vhd\\base.vhdx -NewVHDSizeBytes 40GB";
      const f = read(text);
      const vm = only(f);
      assert.strictEqual(vm.name, 'SQLVM01');
      assert.strictEqual(src(text, vm.nameRange), "'SQLVM01'");
      assert.deepStrictEqual(size(text, vm.startup), [16 * GB, '16GB']);
      assert.deepStrictEqual(vm.startup!.style, { kind: 'suffix', unit: 'GB', unitText: 'GB' });
      assert.deepStrictEqual(num(text, vm.generation), [2, '2']);
      assert.strictEqual(vm.maximum, undefined); // -NewVHDSizeBytes is a disk, not memory
      assert.strictEqual(f.kind, 'powershell');
      assert.strictEqual(f.commentPrefix, '#');
      assert.strictEqual(f.file, '/w/deploy.ps1');
      assert.strictEqual(f.lines.lineCount, 1);
    });

    it('binds New-VM positional parameters: Name 0, MemoryStartupBytes 1, Generation 2', () => {
      const text = 'New-VM SQLVM01 4GB 2';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'SQLVM01');
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(num(text, vm.generation), [2, '2']);
      // a named -Name leaves position 0 taken: the first positional argument is the memory
      const t2 = 'New-VM -Name SQLVM02 8GB';
      assert.deepStrictEqual(size(t2, only(read(t2)).startup), [8 * GB, '8GB']);
    });

    it('binds Set-VM and Set-VMMemory position 0 to the VM name', () => {
      const text = 'Set-VMMemory TestVM -DynamicMemoryEnabled $true -MinimumBytes 64MB -StartupBytes 256MB -MaximumBytes 2GB -Priority 80 -Buffer 25\nSet-VM TestVM2 -MemoryStartupBytes 1GB';
      const f = read(text);
      const vm = named(f, 'TestVM');
      assert.strictEqual(src(text, vm.nameRange), 'TestVM');
      assert.deepStrictEqual(size(text, vm.minimum), [64 * MB, '64MB']);
      assert.deepStrictEqual(size(text, vm.startup), [256 * MB, '256MB']);
      assert.deepStrictEqual(size(text, vm.maximum), [2 * GB, '2GB']);
      assert.deepStrictEqual(num(text, vm.priority), [80, '80']);
      assert.deepStrictEqual(num(text, vm.buffer), [25, '25']);
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '$true']);
      assert.deepStrictEqual(size(text, named(f, 'TestVM2').startup), [GB, '1GB']);
    });

    it('maps Set-VM memory parameters and switches to facts', () => {
      const text = 'Set-VM -Name A -DynamicMemory -MemoryMinimumBytes 1GB -MemoryMaximumBytes 8GB -MemoryStartupBytes 2GB';
      const vm = only(read(text));
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '-DynamicMemory']);
      assert.deepStrictEqual(size(text, vm.minimum), [GB, '1GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [8 * GB, '8GB']);
      assert.deepStrictEqual(size(text, vm.startup), [2 * GB, '2GB']);
      const t2 = 'Set-VM -Name A -StaticMemory -MemoryStartupBytes 4GB';
      assert.deepStrictEqual(num(t2, only(read(t2)).dynamic), [false, '-StaticMemory']);
    });

    it('reads -DynamicMemoryEnabled as $true/$false/1/0, and a switch after a colon', () => {
      for (const [arg, want] of [['$true', true], ['$false', false], ['$True', true], ['1', true], ['0', false]] as const) {
        const text = `Set-VMMemory A -DynamicMemoryEnabled ${arg}`;
        assert.deepStrictEqual(num(text, only(read(text)).dynamic), [want, arg]);
      }
      const strText = "Set-VMMemory A -DynamicMemoryEnabled 'yes'";
      assert.deepStrictEqual(num(strText, only(read(strText)).dynamic), [undefined, "'yes'"]); // [bool] parameters refuse strings
      const off = 'Set-VM A -DynamicMemory:$false -MemoryStartupBytes 1GB';
      assert.strictEqual(only(read(off)).dynamic, undefined); // -Switch:$false is not given
      const on = 'Set-VM A -DynamicMemory:$true';
      assert.deepStrictEqual(num(on, only(read(on)).dynamic), [true, '-DynamicMemory']);
      const unknownSwitch = 'Set-VM A -DynamicMemory:$flag';
      assert.deepStrictEqual(num(unknownSwitch, only(read(unknownSwitch)).dynamic), [undefined, '-DynamicMemory']);
    });

    it('reads -Param:value and -Param: value', () => {
      const text = 'Set-VMMemory -VMName:A -StartupBytes:8GB -MaximumBytes: 16GB -DynamicMemoryEnabled:$true';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'A');
      assert.deepStrictEqual(size(text, vm.startup), [8 * GB, '8GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [16 * GB, '16GB']);
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '$true']);
    });

    it('matches cmdlet and parameter names in any case, with the module prefix', () => {
      const text = 'set-vmmemory -vmname A -STARTUPBYTES 4gb\nHyper-V\\Set-VMMemory -VMNAME a -maximumbytes 8GB';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'A');
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4gb']);
      assert.deepStrictEqual(size(text, vm.maximum), [8 * GB, '8GB']);
    });

    it('resolves unambiguous parameter prefixes as PowerShell does', () => {
      const text = 'Set-VMMemory A -MinimumByte 1GB -Startup 2GB -MaximumB 8GB -Buf 30 -Pri 70 -Dyn $true';
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.minimum), [GB, '1GB']);
      assert.deepStrictEqual(size(text, vm.startup), [2 * GB, '2GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [8 * GB, '8GB']);
      assert.deepStrictEqual(num(text, vm.buffer), [30, '30']);
      assert.deepStrictEqual(num(text, vm.priority), [70, '70']);
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '$true']);
      // -D: DynamicMemoryEnabled and the common -Debug; the cmdlet's own parameter wins
      const d = 'Set-VMMemory A -D 0';
      assert.deepStrictEqual(num(d, only(read(d)).dynamic), [false, '0']);
      // Set-VM: -MemoryS is MemoryStartupBytes, -MemoryMi MemoryMinimumBytes, -Dyn the switch
      const s = 'Set-VM A -MemoryS 4GB -MemoryMi 2GB -Dyn';
      const vs = only(read(s));
      assert.deepStrictEqual(size(s, vs.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(size(s, vs.minimum), [2 * GB, '2GB']);
      assert.deepStrictEqual(num(s, vs.dynamic), [true, '-Dyn']);
    });

    it('ignores ambiguous prefixes and unknown parameters, with their arguments', () => {
      // -Max: MaximumBytes or MaximumAmountPerNumaNodeBytes; -P: Priority or Passthru; -Memory: three Set-VM parameters
      const text = 'Set-VMMemory A -Max 8GB -P 5 -StartupBytes 2GB -NoSuchThing 3GB\nSet-VM A -Memory 1GB -MemoryM 2GB';
      const vm = only(read(text));
      assert.strictEqual(vm.maximum, undefined);
      assert.strictEqual(vm.priority, undefined);
      assert.strictEqual(vm.minimum, undefined);
      assert.deepStrictEqual(size(text, vm.startup), [2 * GB, '2GB']);
    });

    it('accepts en dash, em dash and horizontal bar as the parameter dash', () => {
      const text = 'New-VM –Name SQLVM01 —MemoryStartupBytes 4GB ―Generation 2';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'SQLVM01');
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(num(text, vm.generation), [2, '2']);
    });

    it('names several VMs at once (-VMName A, B)', () => {
      const text = 'Set-VMMemory -VMName A, "B" -StartupBytes 2GB';
      const f = read(text);
      assert.deepStrictEqual(f.vms.map((v) => [v.name, src(text, v.nameRange)]), [['A', 'A'], ['B', '"B"']]);
      for (const vm of f.vms) assert.deepStrictEqual(size(text, vm.startup), [2 * GB, '2GB']);
    });
  });

  describe('pipelines', () => {
    it('takes the VM from Get-VM X | …', () => {
      const text = 'Get-VM MyVM | Set-VMMemory -DynamicMemoryEnabled $True -MaximumBytes 2GB -MinimumBytes 256MB -StartupBytes 512MB';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'MyVM');
      assert.strictEqual(src(text, vm.nameRange), 'MyVM');
      assert.deepStrictEqual(size(text, vm.startup), [512 * MB, '512MB']);
      assert.deepStrictEqual(size(text, vm.minimum), [256 * MB, '256MB']);
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '$True']);
    });

    it('takes the VM from New-VM … | and from Stop-VM -Passthru |, through Set-VM -Passthru', () => {
      const text = 'New-VM -Name A -MemoryStartupBytes 1GB | Set-VMMemory -DynamicMemoryEnabled $true -MaximumBytes 4GB';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'A');
      assert.deepStrictEqual(size(text, vm.startup), [GB, '1GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [4 * GB, '4GB']);
      const t2 = 'Stop-VM -Name TestVM -Passthru | Set-VM -ProcessorCount 2 -DynamicMemory -MemoryMaximumBytes 2GB -Passthru | Set-VMMemory -Buffer 30 -Passthru | Start-VM';
      const v2 = only(read(t2));
      assert.strictEqual(v2.name, 'TestVM');
      assert.deepStrictEqual(size(t2, v2.maximum), [2 * GB, '2GB']);
      assert.deepStrictEqual(num(t2, v2.dynamic), [true, '-DynamicMemory']);
      assert.deepStrictEqual(num(t2, v2.buffer), [30, '30']);
      // without -Passthru, Stop-VM outputs nothing that names a VM
      const t3 = 'Stop-VM -Name TestVM | Set-VM -MemoryStartupBytes 1GB';
      assert.strictEqual(only(read(t3)).name, undefined);
    });

    it('follows VM objects held in variables, -VM, $_ in ForEach-Object, strings piped in, and a pipe at the start of a line', () => {
      const text = [
        '$vm = New-VM -Name SQL01 -MemoryStartupBytes 2GB',
        '$vm | Set-VMMemory -DynamicMemoryEnabled $true',
        'Set-VMMemory -VM $vm -MaximumBytes 8GB',
        'Get-VM SQL01 | ForEach-Object { Set-VMMemory -VM $_ -MinimumBytes 1GB }',
        "'sql01' | Set-VM -MemoryStartupBytes 4GB",
        'Get-VM SQL01',
        '  | Set-VMMemory -Priority 60',
      ].join('\n');
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'SQL01');
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [8 * GB, '8GB']);
      assert.deepStrictEqual(size(text, vm.minimum), [GB, '1GB']);
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '$true']);
      assert.deepStrictEqual(num(text, vm.priority), [60, '60']);
    });

    it('does not name VMs from Get-VM without a name or with a wildcard', () => {
      const text = 'Get-VM | Set-VMMemory -StartupBytes 1GB\nGet-VM SQL* | Set-VMMemory -StartupBytes 2GB';
      const f = read(text);
      assert.deepStrictEqual(f.vms.map((v) => [v.name, src(text, v.nameRange)]), [[undefined, 'Get-VM'], [undefined, 'SQL*']]);
    });
  });

  describe('splatting, variables and expressions', () => {
    it('splats a hashtable literal assigned in the file', () => {
      const text = "$params = @{ Name = 'X'; MemoryStartupBytes = 4GB; Generation = 2 }\nNew-VM @params -SwitchName 'LAN'";
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'X');
      assert.strictEqual(src(text, vm.nameRange), "'X'");
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(num(text, vm.generation), [2, '2']);
    });

    it('splats [ordered] hashtables built over several lines and changed before use', () => {
      const text = [
        '$p = [ordered]@{',
        "    VMName   = 'SQL01'",
        '    StartupBytes = 2GB',
        '    DynamicMemoryEnabled = $false',
        '}',
        '$p.StartupBytes = 16GB',
        "$p['MaximumBytes'] = 32GB",
        "$p.Add('MinimumBytes', 8GB)",
        'Set-VMMemory @p',
      ].join('\n');
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'SQL01');
      assert.deepStrictEqual(size(text, vm.startup), [16 * GB, '16GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [32 * GB, '32GB']);
      assert.deepStrictEqual(size(text, vm.minimum), [8 * GB, '8GB']);
      assert.deepStrictEqual(num(text, vm.dynamic), [false, '$false']);
    });

    it('uses the last assignment before the use; values point at the literal that wrote them', () => {
      const text = '$mem = 8GB\n$mem = 16GB\nNew-VM -Name A -MemoryStartupBytes $mem\n$mem = 32GB\nSet-VM -Name B -MemoryStartupBytes $mem';
      const f = read(text);
      const a = named(f, 'A');
      assert.deepStrictEqual(size(text, a.startup), [16 * GB, '16GB']);
      assert.strictEqual(a.startup!.range.start, text.indexOf('16GB'));
      assert.deepStrictEqual(size(text, named(f, 'B').startup), [32 * GB, '32GB']);
    });

    it('names VMs through variables, members and strings with variables inside', () => {
      const text = [
        "$prefix = 'SQL'",
        "$cfg = @{ VMName = 'SQLVM01'; Startup = 4GB }",
        'New-VM -Name $cfg.VMName -MemoryStartupBytes $cfg.Startup',
        'New-VM -Name "$prefix-02" -MemoryStartupBytes 2GB',
        'New-VM -Name "$($prefix)-03" 3GB',
      ].join('\n');
      const f = read(text);
      assert.deepStrictEqual(f.vms.map((v) => [v.name, src(text, v.nameRange)]), [
        ['SQLVM01', "'SQLVM01'"],
        ['SQL-02', '"$prefix-02"'],
        ['SQL-03', '"$($prefix)-03"'],
      ]);
      assert.deepStrictEqual(size(text, f.vms[0].startup), [4 * GB, '4GB']);
    });

    it('evaluates arithmetic: 4 * 1GB, $x * 1MB, (4 * 1GB), 2GB + 512MB', () => {
      const text = [
        '$x = 4096',
        '$m = 2GB + 512MB',
        'New-VM -Name A -MemoryStartupBytes (4 * 1GB)',
        'Set-VM -Name A -MemoryMinimumBytes ($x * 1MB) -MemoryMaximumBytes $m',
        '$b = 4 * 1GB',
        'Set-VMMemory B -StartupBytes $b -MaximumBytes $(2 * $b) -MinimumBytes ((1GB + 1GB) / 2)',
      ].join('\n');
      const f = read(text);
      const a = named(f, 'A');
      assert.deepStrictEqual(size(text, a.startup), [4 * GB, '4 * 1GB']);
      assert.deepStrictEqual(a.startup!.style, { kind: 'expression' });
      assert.deepStrictEqual(size(text, a.minimum), [4 * GB, '$x * 1MB']);
      assert.deepStrictEqual(size(text, a.maximum), [2.5 * GB, '2GB + 512MB']);
      const b = named(f, 'B');
      assert.deepStrictEqual(size(text, b.startup), [4 * GB, '4 * 1GB']);
      assert.deepStrictEqual(size(text, b.maximum), [8 * GB, '2 * $b']);
      assert.deepStrictEqual(size(text, b.minimum), [GB, '(1GB + 1GB) / 2']);
    });

    it('reads 2GB + 512MB as an argument as PowerShell does: three arguments, so unknown', () => {
      const text = 'Set-VMMemory A -StartupBytes 2GB + 512MB -MinimumBytes 1GB';
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.startup), [undefined, '2GB + 512MB']);
      assert.deepStrictEqual(size(text, vm.minimum), [GB, '1GB']);
    });

    it('points such a value at the arguments as written when they are variables (not from where one was set to where the other was)', () => {
      // found by fuzzing: the range ran from `16GB` back to the end of `'B'`, start after end
      const text = "$name = 'B'\n$startup = 16GB\nSet-VMMemory A -StartupBytes $startup - $name";
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.startup), [undefined, '$startup - $name']);
    });

    it('leaves a variable assigned in a conditional block unknown after it, and keeps a try block', () => {
      const text = [
        '$mem = 8GB',
        'if ($prod) { $mem = 64GB; New-VM -Name A -MemoryStartupBytes $mem } else { $mem = 16GB }',
        'Set-VM -Name B -MemoryStartupBytes $mem',
        'try { $t = 2GB } catch { }',
        'Set-VM -Name C -MemoryStartupBytes $t',
        'function Set-It { param($t) $t = 1GB }',
        'Set-VM -Name D -MemoryStartupBytes $t',
      ].join('\n');
      const f = read(text);
      assert.deepStrictEqual(size(text, named(f, 'A').startup), [64 * GB, '64GB']);
      assert.deepStrictEqual(size(text, named(f, 'B').startup), [undefined, '$mem']);
      assert.deepStrictEqual(size(text, named(f, 'C').startup), [2 * GB, '2GB']);
      assert.deepStrictEqual(size(text, named(f, 'D').startup), [2 * GB, '2GB']); // a function's locals stay inside
    });
  });

  describe('sizes', () => {
    it('reads size literals in any case, plain bytes, KB to TB, reals, hex and exponents', () => {
      const text = 'Set-VMMemory A -StartupBytes 512MB -MinimumBytes 40Gb -MaximumBytes 1tb\nSet-VMMemory B -StartupBytes 1KB -MinimumBytes 2147483648 -MaximumBytes 1.5gB\nSet-VMMemory C -StartupBytes 0x40000000 -MinimumBytes 1e9 -MaximumBytes 100Lmb';
      const f = read(text);
      const a = named(f, 'A');
      assert.deepStrictEqual(size(text, a.startup), [512 * MB, '512MB']);
      assert.deepStrictEqual(size(text, a.minimum), [40 * GB, '40Gb']);
      assert.deepStrictEqual(a.minimum!.style, { kind: 'suffix', unit: 'GB', unitText: 'Gb' });
      assert.deepStrictEqual(size(text, a.maximum), [1024 * GB, '1tb']);
      assert.deepStrictEqual(a.maximum!.style, { kind: 'suffix', unit: 'TB', unitText: 'tb' });
      const b = named(f, 'B');
      assert.deepStrictEqual(size(text, b.startup), [1024, '1KB']);
      assert.deepStrictEqual(size(text, b.minimum), [2 * GB, '2147483648']);
      assert.deepStrictEqual(b.minimum!.style, { kind: 'bytes' });
      assert.deepStrictEqual(size(text, b.maximum), [1.5 * GB, '1.5gB']);
      const c = named(f, 'C');
      assert.deepStrictEqual(size(text, c.startup), [GB, '0x40000000']);
      assert.deepStrictEqual(c.startup!.style, { kind: 'expression' });
      assert.deepStrictEqual(size(text, c.minimum), [1e9, '1e9']);
      assert.deepStrictEqual(size(text, c.maximum), [100 * MB, '100Lmb']);
    });

    it('converts quoted sizes and keeps the quote for fixes', () => {
      const text = `Set-VMMemory A -StartupBytes '4GB' -MaximumBytes "8192MB" -MinimumBytes '1073741824'`;
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, "'4GB'"]);
      assert.deepStrictEqual(vm.startup!.style, { kind: 'suffix', unit: 'GB', unitText: 'GB', quote: "'" });
      assert.strictEqual(formatSize(6 * GB, vm.startup!.style), "'6GB'");
      assert.deepStrictEqual(size(text, vm.maximum), [8 * GB, '"8192MB"']);
      assert.deepStrictEqual(vm.maximum!.style, { kind: 'suffix', unit: 'MB', unitText: 'MB', quote: '"' });
      assert.deepStrictEqual(vm.minimum!.style, { kind: 'bytes', quote: "'" });
      // curly quotes are quotes to PowerShell; a fix writes straight ones
      const curly = 'Set-VMMemory ‘A’ -StartupBytes “2GB”';
      const vc = only(read(curly));
      assert.strictEqual(vc.name, 'A');
      assert.deepStrictEqual(size(curly, vc.startup), [2 * GB, '“2GB”']);
      assert.strictEqual(formatSize(4 * GB, vc.startup!.style), '"4GB"');
    });

    it('leaves strings that are not numbers unknown', () => {
      const text = "Set-VMMemory A -StartupBytes '4 GB' -MaximumBytes 2GB+512MB -MinimumBytes 4GiB";
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.startup), [undefined, "'4 GB'"]);
      assert.deepStrictEqual(size(text, vm.maximum), [undefined, '2GB+512MB']);
      assert.deepStrictEqual(size(text, vm.minimum), [undefined, '4GiB']);
    });
  });

  describe('lexical forms', () => {
    it('joins backtick line continuations (and not a backtick followed by a space)', () => {
      const text = 'New-VM -Name SQLVM01 `\r\n  -MemoryStartupBytes 4GB `\n  -Generation 2\nNew-VM -Name B ` \n  -MemoryStartupBytes 8GB';
      const f = read(text);
      const a = named(f, 'SQLVM01');
      assert.deepStrictEqual(size(text, a.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(num(text, a.generation), [2, '2']);
      // "` " escapes the space (an argument PowerShell cannot convert to bytes); the next line is another statement
      assert.deepStrictEqual(size(text, named(f, 'B').startup), [undefined, '` ']);
    });

    it('skips # and <# #> comments', () => {
      const text = '<# New-VM -Name Fake 1GB\n#>\nNew-VM -Name SQL01 <# inline #> 2GB # Set-VMMemory SQL01 -StartupBytes 1GB\n# Set-VMMemory SQL01 -StartupBytes 1GB\nSet-VMMemory SQL01#x -StartupBytes 3GB';
      const f = read(text);
      assert.deepStrictEqual(f.vms.map((v) => v.name), ['SQL01', 'SQL01#x']);
      assert.deepStrictEqual(size(text, named(f, 'SQL01').startup), [2 * GB, '2GB']);
    });

    it("reads strings with '' and backtick escapes, and here-strings without reading commands in them", () => {
      const text = [
        "New-VM -Name 'it''s' 1GB",
        'New-VM -Name "a`"b""c`tz" 2GB',
        "$notes = @'",
        'New-VM -Name Fake1 1GB',
        "'@",
        '$more = @"',
        'Set-VMMemory Fake2 -StartupBytes 1GB $(Get-Date) "quoted"',
        '"@',
        'New-VM -Name SQL01 3GB',
      ].join('\n');
      const f = read(text);
      assert.deepStrictEqual(f.vms.map((v) => [v.name, src(text, v.nameRange)]), [
        ["it's", "'it''s'"],
        ['a"b"c\tz', '"a`"b""c`tz"'],
        ['SQL01', 'SQL01'],
      ]);
    });

    it('evaluates $( ) subexpressions in arguments and strings', () => {
      const text = '$n = 2\nNew-VM -Name "SQL$(1 + $n)" -MemoryStartupBytes $(4GB) -Generation $(1 + 1)';
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'SQL3');
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(num(text, vm.generation), [2, '1 + 1']);
    });

    it('reads commands inside blocks, functions and script blocks; skips class bodies', () => {
      const text = [
        '[CmdletBinding()]',
        'param()',
        'function New-SqlVm {',
        '  if (-not (Get-VM SQL01 -ErrorAction SilentlyContinue)) {',
        '    New-VM -Name SQL01 -MemoryStartupBytes 8GB',
        '  }',
        '  foreach ($i in 1..2) { Set-VMMemory SQL01 -Buffer 25 }',
        '  switch ($env) { "prod" { Set-VMMemory SQL01 -Priority 90 } }',
        '}',
        'Invoke-Command -ComputerName host1 -ScriptBlock { Set-VMMemory -VMName SQL01 -MaximumBytes 32GB }',
        'class Plan { [void] Run() { Set-VMMemory SQL01 -MinimumBytes 1GB } }',
      ].join('\n');
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.startup), [8 * GB, '8GB']);
      assert.deepStrictEqual(num(text, vm.buffer), [25, '25']);
      assert.deepStrictEqual(num(text, vm.priority), [90, '90']);
      assert.deepStrictEqual(size(text, vm.maximum), [32 * GB, '32GB']);
      assert.strictEqual(vm.minimum, undefined);
    });
    it('runs loops over known arrays once per item: foreach, ForEach-Object, ranges', () => {
      const text = [
        '$Servers = @(',
        '    @{ Name = "SRV-DC-01"; RAM = 4GB },',
        '    @{ Name = "SRV-SQL-01"; RAM = 32GB }',
        ')',
        'foreach ($Server in $Servers) {',
        '    New-VM -Name $Server.Name -MemoryStartupBytes $Server.RAM',
        '    Set-VMMemory -VMName $Server.Name -DynamicMemoryEnabled $false',
        '}',
        '1..2 | ForEach-Object { New-VM -Name "WEB0$_" -MemoryStartupBytes 2GB }',
      ].join('\n');
      const f = read(text);
      assert.deepStrictEqual(f.vms.map((v) => [v.name, src(text, v.nameRange)]), [
        ['SRV-DC-01', '"SRV-DC-01"'],
        ['SRV-SQL-01', '"SRV-SQL-01"'],
        ['WEB01', '"WEB0$_"'],
        ['WEB02', '"WEB0$_"'],
      ]);
      assert.deepStrictEqual(size(text, named(f, 'SRV-DC-01').startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(size(text, named(f, 'SRV-SQL-01').startup), [32 * GB, '32GB']);
      assert.strictEqual(named(f, 'SRV-SQL-01').startup!.range.start, text.indexOf('32GB'));
      assert.deepStrictEqual(num(text, named(f, 'SRV-SQL-01').dynamic), [false, '$false']);
    });

    it('records nothing for -WhatIf, and unknown values for -WhatIf:$unknown', () => {
      const text = 'Set-VMMemory A -StartupBytes 1GB\nSet-VMMemory A -StartupBytes 2GB -WhatIf\nSet-VMMemory A -MaximumBytes 4GB -WhatIf:$dryRun\nNew-VM B 1GB -WhatIf';
      const f = read(text);
      const vm = only(f);
      assert.deepStrictEqual(size(text, vm.startup), [GB, '1GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [undefined, '4GB']);
    });
  });

  describe('unknown values', () => {
    it('leaves parameters, Read-Host and unknown variables unknown, never guessed', () => {
      const text = [
        'param([string]$VMName, [long]$StartupBytes = 4GB)',
        'New-VM -Name $VMName -MemoryStartupBytes $StartupBytes',
        'Set-VMMemory -VMName $VMName -MinimumBytes 1GB',
        '$n = Read-Host "VM name"',
        'Set-VMMemory $n -StartupBytes (Read-Host "bytes") -MaximumBytes $env:MAXMEM',
        'Set-VMMemory $other -StartupBytes $alsoUnknown',
      ].join('\n');
      const f = read(text);
      assert.strictEqual(f.vms.length, 3); // one per unknown name: $VMName twice is one VM
      const [a, b, c] = f.vms;
      assert.strictEqual(a.name, undefined);
      assert.strictEqual(src(text, a.nameRange), '$VMName');
      assert.deepStrictEqual(size(text, a.startup), [undefined, '$StartupBytes']);
      assert.deepStrictEqual(size(text, a.minimum), [GB, '1GB']);
      assert.deepStrictEqual(a.startup!.style, { kind: 'expression' });
      assert.strictEqual(src(text, b.nameRange), '$n');
      assert.deepStrictEqual(size(text, b.startup), [undefined, 'Read-Host "bytes"']);
      assert.deepStrictEqual(size(text, b.maximum), [undefined, '$env:MAXMEM']);
      assert.strictEqual(src(text, c.nameRange), '$other');
      assert.deepStrictEqual(size(text, c.startup), [undefined, '$alsoUnknown']);
    });

    it('treats a splat it cannot see into as possibly setting everything', () => {
      const text = 'Set-VMMemory -VMName SQL01 -StartupBytes 4GB @PSBoundParameters';
      const vm = only(read(text));
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '4GB']);
      assert.deepStrictEqual(size(text, vm.maximum), [undefined, '@PSBoundParameters']);
      assert.deepStrictEqual(num(text, vm.dynamic), [undefined, '@PSBoundParameters']);
    });

    it('reads the loop variable of foreach as one unknown VM', () => {
      const text = "$n = 'A'\nforeach ($n in $list) { Set-VMMemory -VMName $n -StartupBytes 1GB; Set-VMMemory $n -MaximumBytes 2GB }";
      const vm = only(read(text));
      assert.strictEqual(vm.name, undefined);
      assert.deepStrictEqual(size(text, vm.maximum), [2 * GB, '2GB']);
    });
  });

  describe('the last setting wins', () => {
    it('keeps the last value of each setting in file order, matching names case-insensitively', () => {
      const text = [
        'New-VM -Name SQLVM01 -MemoryStartupBytes 4GB',
        'Set-VMMemory -VMName sqlvm01 -StartupBytes 8GB -MaximumBytes 16GB',
        'Set-VMMemory SQLVM01 -StartupBytes 12GB',
        'Set-VM -Name SQLVM01 -DynamicMemory',
        'Set-VMMemory SQLVM01 -DynamicMemoryEnabled $false',
      ].join('\n');
      const vm = only(read(text));
      assert.strictEqual(vm.name, 'SQLVM01');
      assert.strictEqual(vm.nameRange.start, text.indexOf('SQLVM01')); // where it is first named
      assert.deepStrictEqual(size(text, vm.startup), [12 * GB, '12GB']);
      assert.strictEqual(vm.startup!.range.start, text.indexOf('12GB'));
      assert.deepStrictEqual(size(text, vm.maximum), [16 * GB, '16GB']);
      assert.deepStrictEqual(num(text, vm.dynamic), [false, '$false']);
    });

    it('lets a later unknown value replace a known one', () => {
      const text = 'Set-VMMemory A -StartupBytes 2GB\nSet-VMMemory A -StartupBytes $fromOutside';
      assert.deepStrictEqual(size(text, only(read(text)).startup), [undefined, '$fromOutside']);
    });

    it('outputs one VmFacts per VM, in order of first mention', () => {
      const text = 'New-VM B 1GB\nNew-VM A 2GB\nSet-VMMemory b -MaximumBytes 4GB\nNew-VM C';
      assert.deepStrictEqual(read(text).vms.map((v) => v.name), ['B', 'A', 'C']);
    });
  });

  describe('.psd1 data files', () => {
    it('reads memory keys of a data file with quoted sizes', () => {
      const text = [
        '@{',
        '    # Memory configuration',
        "    VMName               = 'SQLVM01'",
        '    MemoryStartupBytes   = "4GB"',
        "    MemoryMinimumBytes   = '1GB'",
        '    MemoryMaximumBytes   = 16GB',
        '    DynamicMemoryEnabled = $true',
        '    Generation           = 2',
        '    DataDiskSize         = 256GB      # not memory',
        '}',
      ].join('\n');
      const f = read(text, 'psd1');
      assert.strictEqual(f.kind, 'psd1');
      const vm = only(f);
      assert.strictEqual(vm.name, 'SQLVM01');
      assert.strictEqual(src(text, vm.nameRange), "'SQLVM01'");
      assert.deepStrictEqual(size(text, vm.startup), [4 * GB, '"4GB"']);
      assert.deepStrictEqual(vm.startup!.style, { kind: 'suffix', unit: 'GB', unitText: 'GB', quote: '"' });
      assert.deepStrictEqual(size(text, vm.minimum), [GB, "'1GB'"]);
      assert.deepStrictEqual(size(text, vm.maximum), [16 * GB, '16GB']);
      assert.deepStrictEqual(num(text, vm.dynamic), [true, '$true']);
      assert.deepStrictEqual(num(text, vm.generation), [2, '2']);
    });

    it('reads a data file without a VM name, and nested VM tables named by VMName or Name', () => {
      const anon = '@{\n  MemoryStartupBytes = "1GB"\n  MemoryMaximumBytes = "16GB"\n}';
      const a = only(read(anon, 'psd1'));
      assert.strictEqual(a.name, undefined);
      assert.strictEqual(src(anon, a.nameRange), '@{');
      const text = [
        '@{ AllNodes = @(',
        "  @{ NodeName = 'h1'; VMName = 'SQL01'; MemoryStartupBytes = 4GB; DynamicMemoryEnabled = $false }",
        "  @{ NodeName = 'h2'; Name = 'SQL02'; MemoryMaximumBytes = '64gb'; Buffer = 25 }",
        "  @{ NodeName = 'h3'; VMName = 'sql01'; MemoryMinimumBytes = 2GB }",
        ') }',
      ].join('\n');
      const f = read(text, 'psd1');
      assert.deepStrictEqual(f.vms.map((v) => v.name), ['SQL01', 'SQL02']);
      assert.deepStrictEqual(size(text, named(f, 'SQL01').minimum), [2 * GB, '2GB']);
      assert.deepStrictEqual(size(text, named(f, 'SQL02').maximum), [64 * GB, "'64gb'"]);
      assert.deepStrictEqual(num(text, named(f, 'SQL02').buffer), [25, '25']);
    });

    it('does not treat hashtables in scripts as VMs unless splatted', () => {
      assert.strictEqual(read("$x = @{ VMName = 'A'; MemoryStartupBytes = 4GB }").vms.length, 0);
    });
  });

  describe('suppression comments', () => {
    it('reads memlint directives from # and <# #> comments only', () => {
      const text = [
        '# memlint-disable-next-line HV404, hv405 -- sized by the DBA',
        'Set-VMMemory A -StartupBytes 1GB',
        '<# memlint-disable HV401 #>',
        "Set-VMMemory A -MaximumBytes 8GB # memlint-enable HV401",
        "$s = '# memlint-disable-file HV402'",
        '<#',
        '  memlint-disable-file HV403',
        '#>',
      ].join('\n');
      const f = read(text);
      assert.deepStrictEqual(
        f.suppressions.map((s) => [s.mode, s.codes.map((c) => c.code), src(text, s.comment), s.codes.map((c) => src(text, c.range))]),
        [
          ['next-line', ['HV404', 'HV405'], '# memlint-disable-next-line HV404, hv405 -- sized by the DBA', ['HV404', 'hv405']],
          ['disable', ['HV401'], '<# memlint-disable HV401 #>', ['HV401']],
          ['enable', ['HV401'], '# memlint-enable HV401', ['HV401']],
          ['file', ['HV403'], '<#\n  memlint-disable-file HV403\n#>', ['HV403']],
        ],
      );
    });

    it('reads directives in .psd1 files', () => {
      const text = '@{\n  # memlint-disable-next-line HV404\n  MemoryStartupBytes = 1GB\n}';
      assert.deepStrictEqual(read(text, 'psd1').suppressions.map((s) => s.mode), ['next-line']);
    });
  });

  describe('total and linear', () => {
    const SEED = 20261124;
    const TOKENS = [
      'New-VM', 'Set-VM', 'Set-VMMemory', 'Get-VM', 'Stop-VM', '-Name', '-VMName', '-MemoryStartupBytes', '-StartupBytes', '-MinimumBytes', '-Max', '-DynamicMemory',
      '-StaticMemory', '-DynamicMemoryEnabled', '-Passthru', '–Name', '-Buffer:', '$true', '$false', '$x', '$x =', '${a b}', '$env:X', '@p', '@{', '@(', '$(', '(', ')', '{', '}',
      '[', ']', '[int]', '[ordered]', '::', '.', '..', ',', ';', '|', '||', '&&', '&', '=', '+=', '+', '-', '*', '/', '%', '!', '?', '??', '4GB', '512mb', '1.5GB', '0x10',
      '1e3', '2GB+1', "'", "''", '"', '""', '`', '`\n', '`"', "'4GB'", '"SQL$x"', "@'\n", "\n'@", '@"\n', '\n"@', '#', '<#', '#>', '# memlint-disable HV401\n', '\n',
      '\r\n', ' ', '\t', 'if', 'else', 'foreach', 'in', 'function', 'param', 'switch', 'try', 'catch', 'class', '--%', '2>&1', '>', '%', 'ForEach-Object', '$_',
      '\u0000', '\ufffd', '\ud83d', '\ude00', '\u2013', '\u201c', '\u2018',
    ];
    const psish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((parts) => parts.join(' '));
    const psishTight = fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }).map((parts) => parts.join(''));
    const anyText = fc.string({ unit: 'binary', maxLength: 400 });

    function assertInside(text: string, kind: 'powershell' | 'psd1'): void {
      const r = readPs(text, kind); // the reader itself, without the safety net
      const inside = (x: Range | undefined, what: string) => {
        if (!x) return;
        assert.ok(Number.isInteger(x.start) && Number.isInteger(x.end) && x.start >= 0 && x.start <= x.end && x.end <= text.length, `${what} ${x.start}-${x.end} outside 0-${text.length}`);
      };
      for (const vm of r.vms) {
        inside(vm.nameRange, 'nameRange');
        for (const k of ['startup', 'minimum', 'maximum', 'buffer', 'priority', 'generation', 'dynamic'] as const) inside(vm[k]?.range, k);
        for (const s of [vm.startup, vm.minimum, vm.maximum]) if (s?.bytes !== undefined) assert.ok(Number.isSafeInteger(s.bytes));
      }
      let last = -1;
      for (const c of r.comments) {
        assert.ok(c.start > last && c.start <= c.bodyStart && c.bodyStart <= c.bodyEnd && c.bodyEnd <= c.end && c.end <= text.length, 'comment span');
        last = c.start;
      }
      const f = read(text, kind);
      for (const s of f.suppressions) {
        inside(s.comment, 'comment');
        for (const c of s.codes) inside(c.range, 'code');
      }
    }

    it('reads any text without throwing, every range inside it', () => {
      fc.assert(
        fc.property(fc.oneof(anyText, psish, psishTight), fc.boolean(), (text, psd1) => assertInside(text, psd1 ? 'psd1' : 'powershell')),
        { seed: SEED, numRuns: 1500 },
      );
    });

    it('reads every truncation and random mutation of realistic scripts', () => {
      const scripts = [
        "param([string]$VMName = 'SQL01')\n$p = @{ Name = $VMName; MemoryStartupBytes = 4GB; Generation = 2 }\nNew-VM @p | Set-VMMemory -DynamicMemoryEnabled $true -MinimumBytes (2 * 1GB) `\n  -MaximumBytes 16GB -Buffer 20 # memlint-disable-line HV401\n",
        "<# setup #>\nforeach ($n in 'A','B') {\n  if ($n -eq 'A') { Set-VM –Name $n -StaticMemory -MemoryStartupBytes:\"8GB\" }\n  else { Get-VM $n | Stop-VM -Passthru | Set-VM -DynamicMemory }\n}\n$h = @\"\nNotes $($n) `\"x`\"\n\"@\n",
        "@{\n  VMName = 'SQLVM01'   # the VM\n  MemoryStartupBytes = '4GB'\n  MemoryMaximumBytes = 16GB\n  DynamicMemoryEnabled = $false\n}\n",
      ];
      for (const s of scripts) for (let cut = 0; cut <= s.length; cut++) assertInside(s.slice(0, cut), cut % 2 ? 'psd1' : 'powershell');
      const mutation = fc.record({
        source: fc.integer({ min: 0, max: scripts.length - 1 }),
        edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), ins: fc.constantFrom(...TOKENS) }), { maxLength: 6 }),
      });
      fc.assert(
        fc.property(mutation, ({ source, edits }) => {
          let text = scripts[source];
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          }
          assertInside(text, 'powershell');
          assertInside(text, 'psd1');
        }),
        { seed: SEED, numRuns: 500 },
      );
    });

    it('stays shallow and fast on hostile shapes', () => {
      const cases = [
        'New-VM X ' + '('.repeat(100_000),
        '$x = ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000),
        '{'.repeat(100_000) + '}'.repeat(100_000),
        '$h = ' + '@{a='.repeat(100_000),
        '"$('.repeat(50_000),
        '"$('.repeat(20_000) + ')"'.repeat(20_000),
        'Set-VMMemory X -StartupBytes 1GB ' + 'a'.repeat(1 << 20),
        '$x = ' + '- '.repeat(200_000) + '5',
        '$x = ' + '1+'.repeat(200_000) + '1',
        '$x = ' + '[int]'.repeat(100_000) + '5',
        'New-VM ' + 'a,'.repeat(200_000),
        '$a=' .repeat(200_000) + '1',
        'a ' + '&& a '.repeat(100_000),
        '$x' + '.a'.repeat(200_000) + '[0]'.repeat(100_000),
        'if ($x) {'.repeat(50_000),
        '$a = @()\n' + '$a += 1\n'.repeat(50_000),
        '$a = 1\n' + '$a = $a, 1\n'.repeat(50_000),
        "'".repeat(1 << 20),
        '`'.repeat(1 << 20),
        '<#'.repeat(1 << 19),
        'foreach ($a in 1..64) { '.repeat(40) + 'New-VM X 1GB ' + 'x'.repeat(200_000) + '}'.repeat(40),
        '1..64 | % { 1..64 | % { New-VM "X$_" 1GB } }\n'.repeat(5_000),
      ];
      for (const text of cases) {
        const t0 = Date.now();
        assertInside(text, 'powershell');
        assert.ok(Date.now() - t0 < 5000, `too slow on ${JSON.stringify(text.slice(0, 20))}…`);
      }
    });

    it('reads a 25,000-line script in linear time', () => {
      let text = '';
      for (let i = 0; i < 25_000; i++) text += `Set-VMMemory -VMName "SQLVM${i % 50}" -DynamicMemoryEnabled $true -MinimumBytes ${(i % 7) + 1}GB -StartupBytes 16GB -MaximumBytes 64GB\n`;
      const t0 = Date.now();
      const f = read(text);
      assert.ok(Date.now() - t0 < 3000);
      assert.strictEqual(f.vms.length, 50);
      assert.deepStrictEqual(size(text, named(f, 'SQLVM49').minimum), [(((24_999 % 7) + 1) * GB), `${(24_999 % 7) + 1}GB`]);
    });
  });
});
