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
 * `memo` (folder -> result, for one `stopAt`) lets a caller that asks for many files of
 * the same folders look at each folder once.
 */
export function findConfigsUp(start: string, stopAt?: string, memo?: Map<string, string[]>): string[] {
  const dirs: string[] = [];
  let dir = safeIsDir(start) ? start : path.dirname(start);
  let rest: string[] = [];
  for (;;) {
    const known = memo?.get(dir);
    if (known) {
      rest = known;
      break;
    }
    dirs.push(dir);
    if ((stopAt && path.resolve(dir) === path.resolve(stopAt)) || safeExists(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // from the top down, so each folder's answer is its own file and its parent's answer
  for (let i = dirs.length - 1; i >= 0; i--) {
    const candidate = path.join(dirs[i], 'memlint.yaml');
    rest = safeIsFile(candidate) ? [candidate, ...rest] : rest;
    memo?.set(dirs[i], rest);
  }
  return [...rest];
}

// statSync without throwing on a missing path (the common case here: an exception per
// missing path costs more than the stat itself); other errors count as missing too
function stat(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
function safeIsDir(p: string): boolean {
  return stat(p)?.isDirectory() ?? false;
}
function safeIsFile(p: string): boolean {
  return stat(p)?.isFile() ?? false;
}
function safeExists(p: string): boolean {
  return stat(p) !== undefined;
}

export type ReadResult =
  | {
      ok: true;
      file: string;
      decoded: DecodedText;
      /**
       * Set when the file is never written, saying why for the user: writing it back would not
       * give the same bytes, or it is not a regular file.
       */
      notWritable?: string;
    }
  | { ok: false; file: string; reason: string; /** The file is larger than the limit (it is not read at all). */ tooLarge?: boolean };

/** Why a file (or standard input) whose bytes do not survive decoding and encoding is not fixed. */
export const NOT_ROUND_TRIP = 'its bytes are not valid in any encoding memlint can write back unchanged';

/**
 * Reads and decodes a file. Only a regular file, unless `special` (a path the user named:
 * `memlint <(generate)`, `--config /dev/stdin`): opening a FIFO nobody writes to waits
 * for ever, which a language server or a path found by a walk or an `extends:` must not.
 */
export function readTextFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES, opts: { special?: boolean } = {}): ReadResult {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    // a name whose bytes are not UTF-8 (a Latin-1 `café.sql`) reaches memlint with U+FFFD
    // in it, which names no file: "no such file" would be a puzzle
    if (path.basename(file).includes('\ufffd') && (e as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, file, reason: 'its name is not valid UTF-8, so memlint can not open it; rename it' };
    return { ok: false, file, reason: e instanceof Error ? e.message : String(e) };
  }
  if (st.isDirectory()) return { ok: false, file, reason: 'it is a directory' };
  const regular = st.isFile();
  if (!regular && !opts.special) return { ok: false, file, reason: 'it is not a regular file' };
  if (regular && st.size > maxBytes) return { ok: false, file, tooLarge: true, reason: `it is ${formatBytes(st.size)}, above memlint.maxFileSize (${formatBytes(maxBytes)})` };
  let bytes: Buffer;
  try {
    // a pipe or a device (`memlint <(generate)`, /dev/stdin) has no size: read it up to the limit
    const r = regular ? fs.readFileSync(file) : readAtMost(file, maxBytes);
    if (r === undefined) return { ok: false, file, tooLarge: true, reason: `it is more than ${formatBytes(maxBytes)}, above memlint.maxFileSize` };
    bytes = r;
  } catch (e) {
    return { ok: false, file, reason: e instanceof Error ? e.message : String(e) };
  }
  const decoded = decodeText(bytes);
  if (decoded.binary) return { ok: false, file, reason: 'binary file (NUL bytes)' };
  if (!regular) return { ok: true, file, decoded, notWritable: 'it is not a regular file' };
  return roundTrips(bytes, decoded) ? { ok: true, file, decoded } : { ok: true, file, decoded, notWritable: NOT_ROUND_TRIP };
}

/** The bytes of a file without a size (a pipe, a device), or undefined when there are more than maxBytes. */
function readAtMost(file: string, maxBytes: number): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const got = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, got));
      total += got;
      if (total > maxBytes) return undefined;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes fixed text back in the file's own encoding (see replaceFile). */
export function writeTextFile(r: Extract<ReadResult, { ok: true }>, text: string): void {
  replaceFile(r.file, encodeText(text, r.decoded.encoding));
}

/**
 * Writes `bytes` over `file` so that a failed write leaves it as it was. Writing in place
 * truncates the file first, so a full disk, a quota or a file size limit left it cut short
 * (the rest of the script lost). So the bytes go into a new file in the same folder, which
 * then replaces it by a rename, with the file's permissions (and owner, when memlint runs
 * as root). A symbolic link stays a link: the file it points to is replaced. A file with
 * other hard links is written in place, as editors do, since a rename would part it from
 * them; so is a file whose folder memlint may not create files in. A file memlint may not
 * write is not replaced either (EACCES), though the folder would allow the rename.
 */
export function replaceFile(file: string, bytes: Uint8Array): void {
  const real = fs.realpathSync(file);
  const st = fs.statSync(real);
  // a file we may not write stays so (a rename needs only the folder's permission): EACCES, as writing it would
  fs.accessSync(real, fs.constants.W_OK);
  if (st.nlink > 1) return fs.writeFileSync(real, bytes);
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.memlint-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch {
    return fs.writeFileSync(real, bytes);
  }
  try {
    try {
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
      fs.fchmodSync(fd, st.mode & 0o7777);
      if (process.getuid?.() === 0) fs.fchownSync(fd, st.uid, st.gid);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, real);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
