import { showSize } from '../hyperv/limits';
import type { SizeValue } from '../hyperv/facts';
import { VM_SIZE_FIELDS, type VmField } from '../model/model';
import type { Rule } from './rule';

const FIELD_LABELS: Record<VmField, string> = {
  dynamic: 'Dynamic Memory',
  startup: 'Startup RAM',
  minimum: 'Minimum RAM',
  maximum: 'Maximum RAM',
  buffer: 'Memory buffer',
  priority: 'Memory priority',
  weight: 'Memory weight',
  generation: 'Generation',
};

/** Two paths from the deepest folder they share, with forward slashes. */
function fromCommonDir(a: string, b: string): [string, string] {
  const sa = a.replace(/\\/g, '/').split('/');
  const sb = b.replace(/\\/g, '/').split('/');
  let i = 0;
  while (i < sa.length - 1 && i < sb.length - 1 && sa[i] === sb[i]) i++;
  return [sa.slice(i).join('/'), sb.slice(i).join('/')];
}

/** CFG903 conflicting-vm-sources: two files give the same VM different memory settings; memlint does not pick one. */
export const CFG903: Rule = {
  code: 'CFG903',
  name: 'conflicting-vm-sources',
  meta: {
    description: 'Two files give the same VM different memory settings; the memory rules skip the VM rather than pick one.',
    severity: 'warning',
    fixable: 'none',
    scope: 'workspace',
  },
  check(ctx) {
    for (const vm of ctx.model.vms) {
      for (const c of vm.conflicts) {
        // name each file by its path from the memlint.yaml both sit under (or from the folder
        // they share): two vm.ps1 in different folders must not read the same
        const config = ctx.model.configOf(c.a.vmFile.file);
        const [pathA, pathB] = config ? [ctx.model.relativeTo(config, c.a.vmFile.file), ctx.model.relativeTo(config, c.b.vmFile.file)] : fromCommonDir(c.a.vmFile.file, c.b.vmFile.file);
        const va = c.a.facts[c.field]!;
        const vb = c.b.facts[c.field]!;
        const show = (v: typeof va): string => {
          if ('bytes' in v) return showSize((v as SizeValue).bytes!);
          const value = (v as { value?: unknown }).value;
          if (c.field === 'dynamic') return value ? 'on' : 'off';
          return c.field === 'buffer' ? `${value} %` : String(value);
        };
        const field = FIELD_LABELS[c.field];
        // the memory arithmetic (MEM501-MEM503, SRV304, SRV306) skips a VM whose sizes disagree
        const sized = VM_SIZE_FIELDS.includes(c.field);
        const msg = (mine: string, theirs: string, other: string) =>
          `${field} of VM ${vm.name} is ${mine} here but ${theirs} in ${other}; memlint can't tell which is deployed${sized ? ' and skips the memory checks of this VM' : ''}. Make the files agree.`;
        ctx.report({ file: c.b.vmFile.file, range: vb.range, message: msg(show(vb), show(va), pathA), related: [{ file: c.a.vmFile.file, range: va.range, message: `${field} of ${vm.name} in ${pathA}` }] });
        ctx.report({ file: c.a.vmFile.file, range: va.range, message: msg(show(va), show(vb), pathB), related: [{ file: c.b.vmFile.file, range: vb.range, message: `${field} of ${vm.name} in ${pathB}` }] });
      }
    }
  },
};
