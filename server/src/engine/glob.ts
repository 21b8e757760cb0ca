/**
 * Glob matchers that never throw. picomatch throws on an empty pattern and on one longer
 * than 65,536 characters, and the regular expression of a long one can be too large for
 * V8, which throws when it is first used; the patterns come from users (memlint.yaml `targets:` and
 * `ignore:`, the editor's `files.exclude`): one such pattern took the whole lint down with
 * an internal error. The config reader reports a bad pattern (CFG901, globProblem); here
 * it matches nothing.
 */
import picomatch from 'picomatch';

export interface GlobOptions {
  dot?: boolean;
  nocase?: boolean;
}

/** How memlint.yaml's globs (targets:, ignore:) are matched: dot files too, letter case ignored. */
export const CONFIG_GLOB: GlobOptions = { dot: true, nocase: true };

/** Why `pattern` can't be used as a glob, or undefined when it can. */
export function globProblem(pattern: string, options: GlobOptions = CONFIG_GLOB): string | undefined {
  if (pattern === '') return 'is an empty glob';
  try {
    compiled(pattern, options);
    return undefined;
  } catch (e) {
    // picomatch's or V8's own words: "Input length: 70000, exceeds maximum allowed length:
    // 65536", "Invalid regular expression: /.../: Regular expression too large"
    const message = e instanceof Error ? e.message : String(e);
    return `can't be read as a glob (${message.length > 120 ? `${message.slice(0, 60)}…${message.slice(-50)}` : message})`;
  }
}

/** A matcher for any of `patterns`; a pattern that can't be read matches nothing. */
export function globMatcher(patterns: string | readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const matchers: ((path: string) => boolean)[] = [];
  for (const p of typeof patterns === 'string' ? [patterns] : patterns) {
    try {
      matchers.push(compiled(p, options));
    } catch {
      // reported where the pattern is written (globProblem)
    }
  }
  if (matchers.length === 1) return matchers[0];
  return (path) => matchers.some((m) => m(path));
}

/** picomatch's matcher, used once so that V8 compiles its regular expression now (and throws now if it can't). */
function compiled(pattern: string, options: GlobOptions): (path: string) => boolean {
  const m = picomatch(pattern, options);
  m('memlint/probe.sql');
  return m;
}
