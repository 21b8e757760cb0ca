/** Reading files for the CLI: walking directories, decoding bytes, writing fixes back. */
import * as fs from 'fs';
import * as path from 'path';
import { DecodedText, decodeText, encodeText, fileKindOf, roundTrips } from '../engine';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export class UsageError extends Error {}

/** Expands paths into the files memlint reads, sorted; a missing path is a usage error. */
export function collectFiles(paths: string[], cwd: string): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) walk(abs, out);
    else out.add(abs); // named explicitly: read it whatever its extension
  }
  return [...out].sort();
}

function walk(dir: string, out: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(full, out);
    } else if (e.isFile() && fileKindOf(full)) out.add(full);
  }
}

export interface ReadFile {
  file: string;
  decoded: DecodedText;
  /** False when writing the text back would not reproduce the file's bytes (then fixes are not written). */
  writable: boolean;
}

export function readFile(file: string): ReadFile {
  const bytes = fs.readFileSync(file);
  const decoded = decodeText(bytes);
  return { file, decoded, writable: roundTrips(bytes, decoded) };
}

/** Writes fixed text back in the file's own encoding. */
export function writeFile(f: ReadFile, text: string): void {
  fs.writeFileSync(f.file, encodeText(text, f.decoded.encoding));
}
