/**
 * Reading the file system for the CLI and the language server (the engine itself never
 * touches files): walking folders for the files memlint reads, finding the memlint.yaml
 * that governs a path, and decoding bytes without losing any.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_FILE_SIZE_BYTES, DecodedText, decodeText, encodeText, fileKindOf, formatBytes, roundTrips } from '../engine';

/** Folders never walked. */
export const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Files larger than this are skipped with a reason (never read into memory). */
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_SIZE_BYTES;

/** All files memlint reads under a folder, sorted. `exclude` gets paths relative to `root`, with forward slashes. */
export function walkFiles(root: string, exclude?: (relative: string) => boolean): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skip it
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (exclude?.(rel)) continue;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) stack.push(full);
      } else if (e.isFile() && fileKindOf(full)) out.push(full);
    }
  }
  return out.sort();
}

/**
 * The memlint.yaml files from a path's folder up to the file system root, nearest first.
 * The walk stops after a folder holding .git (the repository root) or at `stopAt`.
 */
export function findConfigsUp(start: string, stopAt?: string): string[] {
  const found: string[] = [];
  let dir = safeIsDir(start) ? start : path.dirname(start);
  for (;;) {
    const candidate = path.join(dir, 'memlint.yaml');
    if (safeIsFile(candidate)) found.push(candidate);
    if ((stopAt && path.resolve(dir) === path.resolve(stopAt)) || safeExists(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return found;
}

function safeIsDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
function safeIsFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
function safeExists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

export type ReadResult =
  | { ok: true; file: string; decoded: DecodedText; /** False when writing back would not give the same bytes: such a file is never written. */ writable: boolean }
  | { ok: false; file: string; reason: string; /** The file is larger than the limit (it is not read at all). */ tooLarge?: boolean };

export function readTextFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): ReadResult {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (e) {
    return { ok: false, file, reason: e instanceof Error ? e.message : String(e) };
  }
  if (size > maxBytes) return { ok: false, file, tooLarge: true, reason: `it is ${formatBytes(size)}, above memlint.maxFileSize (${formatBytes(maxBytes)})` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, file, reason: e instanceof Error ? e.message : String(e) };
  }
  const decoded = decodeText(bytes);
  if (decoded.binary) return { ok: false, file, reason: 'binary file (NUL bytes)' };
  return { ok: true, file, decoded, writable: roundTrips(bytes, decoded) };
}

/** Writes fixed text back in the file's own encoding. */
export function writeTextFile(r: Extract<ReadResult, { ok: true }>, text: string): void {
  fs.writeFileSync(r.file, encodeText(text, r.decoded.encoding));
}
