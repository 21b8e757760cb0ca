/**
 * The effective configuration of one file and where each value comes from, for
 * `memlint --print-config FILE` and the editor's "Show Effective Configuration": every
 * rule's severity with its layer (default / policy / memlint.yaml / editor setting /
 * --rule) and any policy minimum, and the sizing and host values the engine uses.
 */
import type { Model } from '../model/model';
import { RULES } from '../rules/registry';
import type { FileId, Range, Severity, SeverityOrOff } from '../types';
import type { ConfigFile, Located } from './config';
import { atLeast, severityRank } from './policy';

export type ConfigSource = 'default' | 'policy' | 'memlint.yaml' | 'setting' | 'cli';

export interface SourcePlace {
  source: ConfigSource;
  /** The file the value is written in (memlint.yaml or a policy). */
  file?: FileId;
  range?: Range;
}

export interface EffectiveRule extends SourcePlace {
  code: string;
  name: string;
  severity: SeverityOrOff;
  /** A policy's pin, when there is one. */
  minimum?: { value: Severity; file?: FileId; range?: Range };
  /** What a layer asked for when a policy minimum overruled it. */
  overruled?: { severity: SeverityOrOff; source: ConfigSource; file?: FileId };
}

export interface EffectiveValue extends SourcePlace {
  key: string;
  value: string;
}

export interface EffectiveConfig {
  file: FileId;
  /** The memlint.yaml that governs the file. */
  config?: FileId;
  /** The policies under it, lowest first, with how each is applied. */
  policies: { file: FileId; name?: string; via: 'default' | 'extends' }[];
  rules: EffectiveRule[];
  values: EffectiveValue[];
}

export interface EffectiveOptions {
  /** CLI --rule */
  rules?: Record<string, SeverityOrOff>;
  /** Editor settings (memlint.rules.customizations) */
  severityFor?: (code: string, file: FileId) => SeverityOrOff | undefined;
}

function place(config: ConfigFile | undefined, loc: { file?: FileId; range: Range } | undefined): SourcePlace {
  if (!loc) return { source: 'default' };
  if (loc.file) return { source: 'policy', file: loc.file, range: loc.range };
  return { source: config?.kind === 'policy' ? 'policy' : 'memlint.yaml', file: config?.file, range: loc.range };
}

export function effectiveConfig(model: Model, file: FileId, options: EffectiveOptions = {}): EffectiveConfig {
  const settings = model.ruleSettingsOf(file);
  const config = settings.config;
  const policies: EffectiveConfig['policies'] = [];
  for (const p of config?.policyLayers ?? (model.defaultPolicy ? [model.defaultPolicy] : [])) {
    policies.push({ file: p.file, name: p.policyName?.value, via: p === model.defaultPolicy ? 'default' : 'extends' });
  }
  const rules: EffectiveRule[] = RULES.map((rule) => {
    const cli = options.rules?.[rule.code];
    const editor = cli === undefined ? options.severityFor?.(rule.code, file) : undefined;
    const written = settings.rules.get(rule.code);
    let asked: SeverityOrOff = rule.meta.severity;
    let at: SourcePlace = { source: 'default' };
    if (cli !== undefined) [asked, at] = [cli, { source: 'cli' }];
    else if (editor !== undefined) [asked, at] = [editor, { source: 'setting' }];
    else if (written) [asked, at] = [written.severity, place(config ?? model.defaultPolicy, written.file ? { file: written.file, range: written.range } : written)];
    if (written && !written.file && !config) at = { source: 'policy', file: model.defaultPolicy?.file, range: written.range };
    const pin = settings.minimums.get(rule.code);
    const severity = atLeast(asked, pin?.value);
    const out: EffectiveRule = { code: rule.code, name: rule.name, severity, ...at };
    if (pin) out.minimum = { value: pin.value, file: pin.file ?? config?.file, range: pin.range };
    if (severityRank(severity) !== severityRank(asked)) {
      out.overruled = { severity: asked, source: at.source, file: at.file };
      Object.assign(out, { source: 'policy', file: out.minimum?.file, range: out.minimum?.range });
    }
    return out;
  });
  const values: EffectiveValue[] = [];
  const value = (key: string, loc: Located<number | string> | undefined, show: (v: number | string) => string, fallback: string) =>
    values.push(loc ? { key, value: show(loc.value), ...place(config, loc) } : { key, value: fallback, source: 'default' });
  value('sizing.xtpHeadroom', config?.xtpHeadroom, (v) => `${v}`, '2 (Microsoft: twice the data)');
  value('sizing.osReserve', config?.osReserveMb, (v) => `${v} MB`, "memlint's tiered formula");
  for (const h of config?.hosts.values() ?? []) {
    value(`hosts.${h.name}.memory`, h.memoryMb, (v) => `${v} MB`, 'not set');
    value(`hosts.${h.name}.reserve`, h.reserveMb, (v) => `${v} MB`, 'not set (0)');
    value(`hosts.${h.name}.version`, h.version, (v) => `${v}`, 'not set');
  }
  return { file, config: config?.file, policies, rules, values };
}
