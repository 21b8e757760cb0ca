/**
 * In-process engine measures for `npm run bench` (never used by tests):
 * - issue 3: a 5,000-VM PowerShell provisioning script, read + lint (<= 300 ms; the
 *   reader is hand-written TypeScript, so there is no wasm start-up to report apart);
 * - issue 4: a 1,000-file workspace indexed and linted cold in one process (<= 1.5 s),
 *   and the re-lint after an edit of one file (<= 30 ms).
 */
import { Project } from '../../server/src/engine';

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * A provisioning script for `vms` VMs in the shapes teams write: New-VM with a size
 * literal, Set-VMMemory with named parameters, a variable, splatting, arithmetic and
 * backtick continuations, in turn.
 */
export function generatePowerShellVms(vms: number): string {
  const out: string[] = ['# generated: Hyper-V provisioning of the SQL Server estate', '$ErrorActionPreference = "Stop"', ''];
  for (let i = 0; i < vms; i++) {
    const name = `SQLVM${String(i).padStart(5, '0')}`;
    const startupGb = 8 * (1 + (i % 8));
    switch (i % 4) {
      case 0:
        out.push(`New-VM -Name ${name} -MemoryStartupBytes ${startupGb}GB -Generation 2 -SwitchName 'Prod'`);
        out.push(`Set-VMMemory -VMName ${name} -DynamicMemoryEnabled $false -StartupBytes ${startupGb}GB`);
        break;
      case 1:
        out.push(`$startup${i} = ${startupGb}GB`);
        out.push(`New-VM -Name '${name}' -MemoryStartupBytes $startup${i} -Generation 2`);
        out.push(`Set-VMMemory -VMName '${name}' -DynamicMemoryEnabled $true -MinimumBytes ${startupGb / 2}GB -StartupBytes $startup${i} -MaximumBytes (${startupGb} * 4GB) -Buffer 20 -Priority 80`);
        break;
      case 2:
        out.push(`$params${i} = @{ VMName = '${name}'; StartupBytes = ${startupGb * 1024}MB; DynamicMemoryEnabled = $false }`);
        out.push(`New-VM -Name ${name} -MemoryStartupBytes ${startupGb}GB`);
        out.push(`Set-VMMemory @params${i}`);
        break;
      default:
        out.push(`New-VM -Name ${name} \``);
        out.push(`    -MemoryStartupBytes ${startupGb}gb \``);
        out.push(`    -Generation 2`);
        out.push(`Get-VM ${name} | Set-VMMemory -DynamicMemoryEnabled $true -MinimumBytes 2049MB -MaximumBytes ${startupGb * 2}GB`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Read + lint of one PowerShell script in a fresh project, in ms (median of `runs`, after warm-up). */
export function powerShellLint(text: string, runs: number): { medianMs: number; findings: number; lines: number } {
  let findings = 0;
  const once = () => {
    const t0 = now();
    const p = new Project();
    p.setFile('/bench/provision.ps1', text);
    findings = p.lint().length;
    return now() - t0;
  };
  for (let i = 0; i < 3; i++) once();
  const times = Array.from({ length: runs }, once);
  return { medianMs: median(times), findings, lines: text.split('\n').length };
}

/**
 * A workspace in one process: every file set and linted in a fresh project (cold: the
 * readers and the model run for all of it), then `edits` edits of one SQL file, each
 * re-linted (what the language server does after a keystroke, without the protocol).
 */
export function workspaceInProcess(files: Record<string, string>, runs: number, edits: number): { coldMs: number; findings: number; editMedianMs: number; editMaxMs: number } {
  const root = '/bench/ws';
  let findings = 0;
  let project = new Project();
  const cold = () => {
    const t0 = now();
    project = new Project();
    for (const [name, text] of Object.entries(files)) project.setFile(`${root}/${name}`, text);
    findings = project.lint().length;
    return now() - t0;
  };
  cold(); // warm-up: the JIT, not the cache (each run is a fresh project)
  const coldMs = median(Array.from({ length: runs }, cold));
  const sql = Object.keys(files).find((f) => f.endsWith('.sql'));
  const times: number[] = [];
  if (sql) {
    const original = files[sql];
    for (let i = 0; i < edits; i++) {
      project.setFile(`${root}/${sql}`, i % 2 ? original : original.replace('\n', `\n-- edit ${i}\n`));
      const t0 = now();
      project.lint();
      times.push(now() - t0);
    }
  }
  return { coldMs, findings, editMedianMs: times.length ? median(times) : NaN, editMaxMs: times.length ? Math.max(...times) : NaN };
}
