import { isConfigFile } from '../config/config';
import type { Rule } from './rule';
import { someOf } from './util';

/** CFG902 unknown-reference: a reference to an instance, VM or database that is defined nowhere. */
export const CFG902: Rule = {
  code: 'CFG902',
  name: 'unknown-reference',
  meta: {
    description: 'memlint.yaml or a `-- memlint: instance=` comment refers to an instance, VM, database, host or policy file that is defined nowhere.',
    severity: 'warning',
    fixable: 'none',
    scope: 'workspace',
  },
  check(ctx) {
    const m = ctx.model;
    for (const c of m.configs) {
      const names = [...c.instances.values()].map((i) => i.name);
      const list = names.length ? ` (instances: ${someOf(names, 'instance')})` : ' (memlint.yaml declares no instances)';
      for (const i of c.instances.values()) {
        if (i.vm && !m.vm(c, i.vm.value)) {
          ctx.report({ file: c.file, range: i.vm.range, message: `VM ${i.vm.value} of instance ${i.name} is described nowhere: no PowerShell script, Hyper-V XML export or vms: entry governed by this memlint.yaml names it, so its memory can't be checked.` });
        }
      }
      for (const h of c.hosts.values()) {
        for (const v of h.vms) {
          if (!m.vm(c, v.value)) ctx.report({ file: c.file, range: v.range, message: `VM ${v.value} on host ${h.name} is described nowhere: no PowerShell script, Hyper-V XML export or vms: entry governed by this memlint.yaml names it.` });
        }
      }
      // after a YAML syntax error instances: and hosts: may be misread: one CFG901, not a
      // CFG902 for each reference to what the error hid (references to VMs, which other files
      // describe, are still checked)
      if (c.syntaxError) continue;
      for (const d of c.databases.values()) {
        if (d.instance && !c.instances.has(d.instance.value.toLowerCase())) {
          ctx.report({ file: c.file, range: d.instance.range, message: `Database ${d.name} is on instance ${d.instance.value}, which is not under instances:${list}.` });
        }
      }
      for (const t of c.targets) {
        if (!c.instances.has(t.instance.value.toLowerCase())) {
          ctx.report({ file: c.file, range: t.instance.range, message: `Scripts matching ${t.glob.value} deploy to instance ${t.instance.value}, which is not under instances:${list}.` });
        }
      }
      for (const { vm, host } of c.unknownVmHosts ?? []) {
        const hosts = [...c.hosts.values()].map((h) => h.name);
        ctx.report({ file: c.file, range: host.range, message: `VM ${vm} is placed on host ${host.value}, which is not under hosts:${hosts.length ? ` (hosts: ${someOf(hosts, 'host')})` : ''}.` });
      }
    }
    for (const { config, target } of m.missingExtends) {
      const name = target.split(/[\\/]/).pop();
      // a memlint.yaml (this one, or one memlint reads as a workspace's) is never read as a policy
      const what = isConfigFile(target)
        ? `names a memlint.yaml, which is never read as a team policy: extends: takes a policy file such as team.memlint-policy.yaml`
        : `names no policy file memlint could read (${name} is not there, is not a file, or is larger than memlint.maxFileSize)`;
      ctx.report({ file: config.file, range: config.extends!.range, message: `extends: ${config.extends!.value} ${what}; this memlint.yaml's team policy does not apply.` });
    }
    for (const s of m.scripts) {
      if (!s.instance) continue;
      const c = m.configOf(s.file);
      if (!c || c.syntaxError || !c.instances.size || c.instances.has(s.instance.name.toLowerCase())) continue;
      ctx.report({ file: s.file, range: s.instance.range, message: `Instance ${s.instance.name} is not under instances: in ${c.file.split(/[\\/]/).pop()} (instances: ${someOf([...c.instances.values()].map((i) => i.name), 'instance')}).` });
    }
  },
};
