import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { vmLabel } from '../fixes/size';
import { isCodeGap, keywordCase } from '../fixes/sql';
import { vmSizes } from '../model/budget';
import { osReserveMb } from '../model/memory';
import { vmSizeConflicts } from '../model/model';
import type { SqlScript } from '../model/sqlScript';
import { Tok } from '../tsql/lexer';
import type { FileEdit } from '../types';
import type { Rule } from './rule';
import { int } from './util';

/** The smallest max server memory SQL Server accepts (domain.md §2.3). */
const MIN_MAX_SERVER_MEMORY_MB = 128;

/**
 * Appends the sp_configure calls to the end of a script, in a batch of their own (text
 * added to an unfinished batch could end up inside a CREATE PROCEDURE body). None when the
 * end of the file is not code (an unterminated comment or string).
 */
function appendEdit(script: SqlScript, limitMb: number): FileEdit | undefined {
  const text = script.text;
  const at = text.length;
  if (!isCodeGap(script, at)) return undefined;
  const stmts = script.parse.statements;
  const lastStmt = stmts[stmts.length - 1];
  const lx = script.parse.lex;
  const lastTok = lx.count - 1;
  // a GO before the new lines when the last batch has code after its GO line (or no GO at all)
  const needsGo = lastTok >= 0 && lx.kind[lastTok] !== Tok.Go;
  const k = keywordCase(script, lastStmt?.range ?? { start: 0, end: 0 });
  const eol = script.lines.eol();
  const lead = at > 0 && !/[\r\n]$/.test(text) ? eol : '';
  const lines = [
    ...(needsGo ? [k('GO')] : []),
    `${k('EXEC')} sp_configure 'show advanced options', 1;`,
    `${k('RECONFIGURE')};`,
    `${k('EXEC')} sp_configure 'max server memory (MB)', ${limitMb};`,
    `${k('RECONFIGURE')};`,
    k('GO'),
  ];
  return { file: script.file, range: { start: at, end: at }, newText: lead + lines.map((l) => l + eol).join('') };
}

/** SRV305 max-server-memory-unset: an instance on a VM whose scripts never set max server memory. */
export const SRV305: Rule = {
  code: 'SRV305',
  name: 'max-server-memory-unset',
  meta: {
    description: 'An instance placed on a VM has no max server memory anywhere in its scripts, so SQL Server may take memory the guest OS needs.',
    severity: 'info',
    fixable: 'unsafe',
    scope: 'workspace',
    unit: 'instance',
  },
  check(ctx) {
    for (const inst of ctx.model.instances) {
      const vm = inst.vm;
      if (!vm || !inst.decl || !inst.config) continue;
      // any sp_configure of the option, even with a value memlint can't know, counts
      if (inst.statements.some(({ stmt }) => stmt.kind === 'configure' && stmt.option === 'max server memory (MB)' && stmt.value)) continue;
      const sizes = vmSizes(vm);
      const steady = sizes.steady;
      const base = `${inst.label} runs on ${vmLabel(vm.facts)}`;
      const why = `none of its scripts sets max server memory: SQL Server's default lets it take memory the guest OS needs.`;
      if (!steady) {
        // a Dynamic Memory VM whose Maximum RAM no file sets: the setting is still missing, but no value can be suggested
        if (sizes.dynamic && sizes.recovery) ctx.report({ file: inst.config.file, range: inst.decl.nameRange, message: `${base} (Dynamic Memory, Maximum RAM not set in its files) but ${why} Set it below the VM's Maximum RAM less an OS reserve.` });
        continue;
      }
      // files that disagree on the VM's size (CFG903): the setting is still missing, but no value can be suggested
      if (vmSizeConflicts(vm)) {
        ctx.report({ file: inst.config.file, range: inst.decl.nameRange, message: `${base} but ${why} Set it below the VM's memory less an OS reserve once the VM's files agree on its size.` });
        continue;
      }
      const fixedReserve = inst.config.osReserveMb?.value;
      const reserve = osReserveMb(steady.mb, fixedReserve);
      const limit = Math.floor(steady.mb - reserve);
      const vmSize = `${sizes.dynamic ? 'Maximum RAM ' : ''}${showSize(steady.mb * MB)}`;
      const reserveText = `${int(reserve)} MB${fixedReserve !== undefined ? ' from sizing.osReserve' : ''}`;
      // the last script that does not end inside a transaction (BEGIN TRAN with no COMMIT after
      // it): sp_configure and RECONFIGURE cannot run in one
      const last = [...inst.scripts].reverse().find((s) => !s.parse.openTransaction);
      const edit = last && limit >= MIN_MAX_SERVER_MEMORY_MB ? appendEdit(last, limit) : undefined;
      ctx.report({
        file: inst.config.file,
        range: inst.decl.nameRange,
        message:
          limit >= MIN_MAX_SERVER_MEMORY_MB
            ? `${base} (${vmSize}) but ${why} Set it to about ${int(limit)} MB (the VM less an OS reserve of ${reserveText}).`
            : `${base} (${vmSize}) but ${why} The VM less its OS reserve of ${reserveText} leaves SQL Server less than the ${MIN_MAX_SERVER_MEMORY_MB} MB max server memory needs at least: give the VM more memory${fixedReserve !== undefined ? ', or lower sizing.osReserve' : ''}.`,
        fixes: edit && last ? [{ title: `Set max server memory to ${int(limit)} MB at the end of ${last.file.split(/[\\/]/).pop()}`, applicability: 'unsafe', edits: [edit] }] : [],
      });
    }
  },
};
