import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { vmSizes } from '../model/budget';
import { osReserveMb } from '../model/memory';
import type { FileEdit } from '../types';
import type { Rule } from './rule';
import { int } from './util';

/** SRV305 max-server-memory-unset: an instance on a VM whose scripts never set max server memory. */
export const SRV305: Rule = {
  code: 'SRV305',
  name: 'max-server-memory-unset',
  meta: {
    description: 'An instance placed on a VM has no max server memory anywhere in its scripts, so SQL Server may take memory the guest OS needs.',
    severity: 'info',
    fixable: 'unsafe',
    scope: 'workspace',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      if (!vm || !inst.decl || !inst.config) continue;
      // any sp_configure of the option, even with a value memlint can't know, counts
      if (inst.statements.some(({ stmt }) => stmt.kind === 'configure' && stmt.option === 'max server memory (MB)' && stmt.value)) continue;
      const steady = vmSizes(vm).steady;
      if (!steady) continue;
      const limit = Math.floor(steady.mb - osReserveMb(steady.mb, inst.config.osReserveMb?.value));
      const edits: FileEdit[] = [];
      const last = inst.scripts[inst.scripts.length - 1];
      if (last) {
        const eol = last.lines.eol();
        const at = last.text.length;
        const lead = at > 0 && !/[\r\n]$/.test(last.text) ? eol : '';
        edits.push({
          file: last.file,
          range: { start: at, end: at },
          newText: `${lead}EXEC sp_configure 'show advanced options', 1;${eol}RECONFIGURE;${eol}EXEC sp_configure 'max server memory (MB)', ${limit};${eol}RECONFIGURE;${eol}`,
        });
      }
      ctx.report({
        file: inst.config.file,
        range: inst.decl.nameRange,
        message: `${inst.label} runs on ${vmLabel(vm.facts)} (${showSize(steady.mb * MB)}) but none of its scripts sets max server memory: SQL Server's default lets it take memory the guest OS needs. Set it to about ${int(limit)} MB.`,
        fixes: edits.length ? [{ title: `Set max server memory to ${int(limit)} MB at the end of ${last.file.split(/[\\/]/).pop()}`, applicability: 'unsafe', edits }] : [],
      });
    }
  },
};
