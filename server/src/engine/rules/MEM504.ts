import { MB } from '../hyperv/facts';
import { showSize } from '../hyperv/limits';
import { vmConflicts } from '../model/model';
import type { Rule } from './rule';

/** MEM504 host-overcommit: the Startup RAM of the VMs placed on a host exceeds what the host can give them. */
export const MEM504: Rule = {
  code: 'MEM504',
  name: 'host-overcommit',
  meta: {
    description: "The Startup RAM of the VMs placed on one host (memlint.yaml hosts) adds up to more than the host's memory minus its reserve.",
    severity: 'warning',
    fixable: 'none',
    scope: 'workspace',
  },
  check(ctx) {
    for (const config of ctx.model.configs) {
      for (const host of config.hosts.values()) {
        if (!host.memoryMb) continue;
        const reserveMb = host.reserveMb?.value ?? 0;
        // a VM whose files disagree on Startup RAM (CFG903) is left out rather than counted with a guess
        const vms = host.vms.map((v) => ({ v, vm: ctx.model.vm(config, v.value) })).filter((x) => x.vm?.facts.startup?.bytes !== undefined && !vmConflicts(x.vm, 'startup'));
        const totalMb = vms.reduce((s, x) => s + x.vm!.facts.startup!.bytes! / MB, 0);
        const availableMb = host.memoryMb.value - reserveMb;
        if (totalMb <= availableMb) continue;
        // a host's memory from the team policy: the finding stays on the workspace's host entry
        const fromPolicy = host.memoryMb.file !== undefined;
        ctx.report({
          file: config.file,
          range: fromPolicy ? host.nameRange : host.memoryMb.range,
          message: `The VMs on host ${host.name} start with ${showSize(totalMb * MB)} of Startup RAM in all (${vms.map((x) => `${x.vm!.name} ${showSize(x.vm!.facts.startup!.bytes!)}`).join(', ')}), more than the ${showSize(availableMb * MB)} the host can give them (${showSize(host.memoryMb.value * MB)} memory${reserveMb ? ` - ${showSize(reserveMb * MB)} reserve` : ''}): when they all restart at once, some will not start or will run on Smart Paging.`,
          related: [
            ...(fromPolicy ? [{ file: host.memoryMb.file!, range: host.memoryMb.range, message: `memory of host ${host.name} (team policy)` }] : []),
            ...vms.map((x) => {
              const s = x.vm!.sources.find((src) => src.facts.startup) ?? x.vm!.sources[0];
              return { file: s.vmFile.file, range: s.facts.startup!.range, message: `Startup RAM of ${x.vm!.name}` };
            }),
          ],
        });
      }
    }
  },
};
