/**
 * Team policies: the layer between memlint's built-in defaults and a workspace's
 * memlint.yaml. A policy is read like a memlint.yaml (config.ts, kind 'policy') and comes
 * from a team build of the extension or `memlint --policy` (the project's default policy)
 * and from memlint.yaml's `extends:`. Layers, lowest first:
 *
 *   rule defaults < default policy < extended policy < memlint.yaml < editor settings / --rule
 *
 * except that a policy's `minimumSeverity` pins a rule: a later layer may raise it, never
 * lower it or turn it off (CFG907 reports a memlint.yaml that tries).
 */
import type { FileId, Severity, SeverityOrOff } from '../types';
import type { ConfigFile, HostDecl, Located, RuleSetting } from './config';

/** error > warning > info > hint > off */
const RANK: Record<SeverityOrOff, number> = { off: 0, hint: 1, info: 2, warning: 3, error: 4 };

export function severityRank(s: SeverityOrOff): number {
  return RANK[s];
}

/** A severity raised to a minimum (a pinned rule can't go below it, nor off). */
export function atLeast(severity: SeverityOrOff, minimum: Severity | undefined): SeverityOrOff {
  return minimum && RANK[severity] < RANK[minimum] ? minimum : severity;
}

/** `extends: ./team/policy.yaml` next to `/w/memlint.yaml` -> `/w/team/policy.yaml` (separators as the config's). */
export function resolveExtends(configFile: FileId, relative: string): FileId {
  const sep = configFile.includes('\\') && !configFile.includes('/') ? '\\' : '/';
  const parts = configFile.split(/[\\/]/);
  parts.pop();
  for (const seg of relative.split(/[\\/]/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 1 || (parts.length === 1 && parts[0] !== '')) parts.pop();
    } else parts.push(seg);
  }
  return parts.join(sep);
}

/** A key to compare file ids written with either separator (and any case: Windows paths). */
export function fileKey(file: FileId): string {
  return file.replace(/\\/g, '/').toLowerCase();
}

/**
 * The memlint.yaml `config` as the engine sees it with its policy layers (lowest first)
 * under it: values it does not set come from the nearest policy that does, each keeping
 * the file it is written in. The config read from disk is not changed.
 */
export function withPolicies(config: ConfigFile, layers: readonly ConfigFile[]): ConfigFile {
  if (!layers.length) return config;
  const rules = new Map<string, RuleSetting>();
  const minimums = new Map<string, Located<Severity>>();
  let xtpHeadroom = config.xtpHeadroom;
  let osReserveMb = config.osReserveMb;
  for (const p of layers) {
    for (const [code, r] of p.rules) rules.set(code, { ...r, file: p.file });
    for (const [code, m] of p.minimumSeverities) {
      const prev = minimums.get(code);
      if (!prev || RANK[m.value] > RANK[prev.value]) minimums.set(code, { ...m, file: p.file });
    }
  }
  for (const [code, r] of config.rules) rules.set(code, r);
  for (let i = layers.length - 1; i >= 0; i--) {
    const p = layers[i];
    if (!xtpHeadroom && p.xtpHeadroom) xtpHeadroom = { ...p.xtpHeadroom, file: p.file };
    if (!osReserveMb && p.osReserveMb) osReserveMb = { ...p.osReserveMb, file: p.file };
  }
  const hosts = new Map<string, HostDecl>();
  for (const [key, h] of config.hosts) {
    const filled: HostDecl = { ...h };
    for (let i = layers.length - 1; i >= 0; i--) {
      const ph = layers[i].hosts.get(key);
      if (!ph) continue;
      const file = layers[i].file;
      if (!filled.memoryMb && ph.memoryMb) filled.memoryMb = { ...ph.memoryMb, file };
      if (!filled.reserveMb && ph.reserveMb) filled.reserveMb = { ...ph.reserveMb, file };
      if (!filled.version && ph.version) filled.version = { ...ph.version, file };
    }
    hosts.set(key, filled);
  }
  return { ...config, rules, minimumSeverities: minimums, xtpHeadroom, osReserveMb, hosts, policyLayers: layers, own: config };
}
