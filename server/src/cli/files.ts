/** Which files the CLI lints (the targets) and which it reads for context (the rest of each memlint.yaml's tree). */
import * as fs from 'fs';
import * as path from 'path';
import { findConfigsUp, walkFiles } from '../host/files';

export class UsageError extends Error {}

/** Expands paths into the files memlint lints, sorted; a missing path is a usage error. */
export function collectTargets(paths: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) for (const f of walkFiles(abs)) out.add(f);
    else out.add(abs); // named explicitly: read it whatever its extension
  }
  return [...out].sort();
}

/**
 * Files read for context: every memlint.yaml above a target, and the files of the trees
 * those configs govern (a SQL script in sql/ needs the VM described in infra/).
 */
export function collectContext(targets: string[], explicit?: { config: string; governs: string }, memo?: Map<string, string[]>): string[] {
  const roots = new Set<string>();
  if (explicit) roots.add(explicit.governs);
  else for (const t of targets) for (const c of findConfigsUp(t, undefined, memo)) roots.add(path.dirname(c));
  const out = new Set<string>();
  for (const root of roots) for (const f of walkFiles(root)) out.add(f);
  return [...out].sort();
}
