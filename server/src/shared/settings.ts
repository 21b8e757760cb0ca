/**
 * memlint's editor settings (`memlint.*` in VS Code), shared by the extension and the
 * server. The server pulls them per document with workspace/configuration and cleans
 * them with `settingsFrom`, so a wrong type in settings.json falls back to the default
 * (and, for rule customizations, is reported to the user instead of silently ignored).
 */

export type SettingSeverity = 'error' | 'warning' | 'info' | 'hint' | 'off' | 'default';
export const SETTING_SEVERITIES: readonly SettingSeverity[] = ['error', 'warning', 'info', 'hint', 'off', 'default'];

/**
 * One entry of `memlint.rules.customizations`, like ESLint's `eslint.rules.customizations`:
 * `rule` is a code (`XTP201`) or a glob over codes (`HV4*`, `*`); a `!` in front matches
 * every code the rest does not. Later entries win; `default` hands the rule back to
 * memlint.yaml (and then the rule's own default).
 */
export interface RuleCustomization {
  rule: string;
  severity: SettingSeverity;
}

export interface MemlintSettings {
  /** Lint files with memlint. */
  enable: boolean;
  /** While typing, lint at most once per this many milliseconds (an edit after a quiet period is linted at once). */
  lintDelayMs: number;
  /** Publish diagnostics for files of the workspace that are not open in an editor. */
  lintWorkspace: boolean;
  /** Files larger than this many bytes are not read (one info finding says so). */
  maxFileSize: number;
  /** Severity overrides, above memlint.yaml's `rules:`. */
  customizations: RuleCustomization[];
  /** What was wrong in the settings as written, for the user (an entry's index and why). */
  problems: string[];
}

export const DEFAULT_MAX_FILE_SIZE_BYTES = 5 * 1024 * 1024;

export const DEFAULT_SETTINGS: Readonly<MemlintSettings> = Object.freeze({
  enable: true,
  lintDelayMs: 100,
  lintWorkspace: true,
  maxFileSize: DEFAULT_MAX_FILE_SIZE_BYTES,
  customizations: [],
  problems: [],
});

/** A rule pattern as a predicate over codes: `*` matches any run of characters, case is ignored. */
export function rulePatternMatcher(pattern: string): (code: string) => boolean {
  const negated = pattern.startsWith('!');
  // `**` is `*`: a run of them would make the expression backtrack through every way of
  // splitting a code between them (40 took 0.7 s per code, more would hang the server)
  const body = (negated ? pattern.slice(1) : pattern).trim().toUpperCase().replace(/\*+/g, '*');
  // only `*` is special; everything else is literal (codes are letters and digits)
  const re = new RegExp(`^${body.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (code) => re.test(code) !== negated;
}

/**
 * Cleans `memlint.rules.customizations`. `knownCodes` (the server passes the registry)
 * lets a pattern that matches no rule be reported: a typo there would otherwise silently
 * leave the rule at its old severity.
 */
export function customizationsFrom(raw: unknown, knownCodes?: readonly string[]): { customizations: RuleCustomization[]; problems: string[] } {
  const customizations: RuleCustomization[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { customizations, problems };
  if (!Array.isArray(raw)) {
    problems.push('memlint.rules.customizations must be a list of { "rule": "CODE", "severity": "..." } entries.');
    return { customizations, problems };
  }
  raw.forEach((entry, i) => {
    const where = `memlint.rules.customizations[${i}]`;
    const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const rule = typeof e.rule === 'string' ? e.rule.trim() : '';
    const severity = typeof e.severity === 'string' ? e.severity.trim().toLowerCase() : '';
    if (!rule) {
      problems.push(`${where} has no "rule": give a rule code such as "XTP201" or a pattern such as "HV4*".`);
      return;
    }
    if (!(SETTING_SEVERITIES as readonly string[]).includes(severity)) {
      problems.push(`${where} ("${rule}"): severity must be one of ${SETTING_SEVERITIES.join(', ')}, not "${String(e.severity ?? '')}".`);
      return;
    }
    if (knownCodes && !knownCodes.some(rulePatternMatcher(rule))) {
      problems.push(`${where}: memlint has no rule matching "${rule}" (codes look like RG101, XTP201, HV4*).`);
      return;
    }
    customizations.push({ rule, severity: severity as SettingSeverity });
  });
  return { customizations, problems };
}

/** The severity the customizations give `code`: the last matching entry wins; undefined = not customized. */
export function customizedSeverity(customizations: readonly RuleCustomization[], code: string): Exclude<SettingSeverity, 'default'> | undefined {
  for (let i = customizations.length - 1; i >= 0; i--) {
    const c = customizations[i];
    if (rulePatternMatcher(c.rule)(code)) return c.severity === 'default' ? undefined : c.severity;
  }
  return undefined;
}

export function settingsFrom(raw: unknown, knownCodes?: readonly string[]): MemlintSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const delay = r.lintDelayMs;
  const size = r.maxFileSize;
  const rules = (r.rules && typeof r.rules === 'object' ? r.rules : {}) as Record<string, unknown>;
  const { customizations, problems } = customizationsFrom(rules.customizations, knownCodes);
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    lintDelayMs: typeof delay === 'number' && Number.isFinite(delay) ? Math.min(5000, Math.max(0, delay)) : DEFAULT_SETTINGS.lintDelayMs,
    lintWorkspace: typeof r.lintWorkspace === 'boolean' ? r.lintWorkspace : DEFAULT_SETTINGS.lintWorkspace,
    maxFileSize: typeof size === 'number' && Number.isFinite(size) && size > 0 ? Math.floor(size) : DEFAULT_SETTINGS.maxFileSize,
    customizations,
    problems,
  };
}
