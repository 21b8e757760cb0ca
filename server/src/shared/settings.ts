/**
 * memlint's editor settings (`memlint.*` in VS Code), shared by the extension and the
 * server. The server pulls them per document with workspace/configuration and cleans
 * them with `settingsFrom`, so a wrong type in settings.json falls back to the default.
 */

export interface MemlintSettings {
  /** Lint files with memlint. */
  enable: boolean;
  /** While typing, lint at most once per this many milliseconds (an edit after a quiet period is linted at once). */
  lintDelayMs: number;
  /** Publish diagnostics for files of the workspace that are not open in an editor. */
  lintWorkspace: boolean;
}

export const DEFAULT_SETTINGS: Readonly<MemlintSettings> = Object.freeze({
  enable: true,
  lintDelayMs: 100,
  lintWorkspace: true,
});

export function settingsFrom(raw: unknown): MemlintSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const delay = r.lintDelayMs;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : DEFAULT_SETTINGS.enable,
    lintDelayMs: typeof delay === 'number' && Number.isFinite(delay) ? Math.min(5000, Math.max(0, delay)) : DEFAULT_SETTINGS.lintDelayMs,
    lintWorkspace: typeof r.lintWorkspace === 'boolean' ? r.lintWorkspace : DEFAULT_SETTINGS.lintWorkspace,
  };
}
