/**
 * The workspace as the language server sees it: the files of the workspace folders,
 * read from disk at start-up and kept fresh from file-watcher events, with open editors
 * always winning over the disk.
 */
import { Connection, FileChangeType, FileEvent, WorkspaceFolder } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import * as path from 'path';
import { Project, fileKindOf, globMatcher, resolveExtends } from '../engine';
import { findConfigsUp, readTextFile, walkFiles } from '../host/files';
import type { FileIds } from './convert';

export interface Folder {
  uri: string;
  path: string;
}

export class Workspace {
  folders: Folder[] = [];
  /** Files read from disk (not from an editor), by engine file id. */
  private readonly fromDisk = new Set<string>();
  /** Policy files memlint.yaml files extend (any name), read as policies. */
  private readonly extended = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly project: Project,
    private readonly ids: FileIds,
    private readonly isOpen: (fileId: string) => boolean,
  ) {}

  setFolders(folders: WorkspaceFolder[] | null | undefined, rootUri: string | null | undefined): void {
    const list = folders?.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : [];
    this.folders = list.filter((u) => u.startsWith('file:')).map((uri) => ({ uri, path: URI.parse(uri).fsPath }));
  }

  /** The workspace folder holding a file, if any. */
  folderOf(fileId: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) {
      if ((fileId === f.path || fileId.startsWith(f.path + path.sep)) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  /**
   * Reads every file memlint knows under the workspace folders, skipping `files.exclude`.
   * Yields to the event loop every few files so requests keep being answered.
   */
  async index(excludes: Map<string, string[]>, report?: (done: number, total: number) => void): Promise<number> {
    const files: string[] = [];
    for (const f of this.folders) {
      const globs = excludes.get(f.uri) ?? [];
      // files.exclude is user input too: a pattern picomatch can't read excludes nothing
      const excluded = globs.length ? globMatcher(globs, { dot: true }) : undefined;
      files.push(...walkFiles(f.path, excluded ? (rel) => excluded(rel) : undefined));
    }
    let done = 0;
    for (const file of files) {
      if (!this.isOpen(file)) this.readFromDisk(file);
      done++;
      if (done % 50 === 0) {
        report?.(done, files.length);
        await new Promise((r) => setImmediate(r));
      }
    }
    report?.(files.length, files.length);
    return files.length;
  }

  /**
   * Makes sure the memlint.yaml files above a file are loaded (a file opened from outside
   * the workspace folders still gets its topology).
   */
  loadConfigsAbove(fileId: string): void {
    if (!path.isAbsolute(fileId)) return;
    for (const c of findConfigsUp(fileId)) if (!this.project.has(c) && !this.isOpen(c)) this.readFromDisk(c);
  }

  /**
   * Reads the policies memlint.yaml files `extends:` (whatever their names), once each; a
   * missing one is left to CFG902. Cheap when nothing changed: call it before each lint.
   */
  loadExtendedPolicies(): void {
    for (const c of this.project.configs()) {
      if (!c.extends || !path.isAbsolute(c.file)) continue;
      const file = resolveExtends(c.file, c.extends.value);
      if (this.extended.has(file)) continue;
      this.extended.add(file);
      if (!this.isOpen(file)) this.readFromDisk(file);
    }
  }

  /** Whether memlint reads this file (by its name, or because a memlint.yaml extends it). */
  reads(fileId: string): boolean {
    return !!fileKindOf(fileId) || this.extended.has(fileId);
  }

  /** (Re)reads a file from disk into the project; forgets it when it is gone or unreadable. */
  readFromDisk(file: string): void {
    const r = readTextFile(file, this.project.maxFileSizeBytes);
    if (!r.ok) {
      if (r.tooLarge) {
        this.project.setUnreadFile(file, r.reason);
        this.fromDisk.add(file);
      } else if (this.fromDisk.delete(file)) this.project.removeFile(file);
      return;
    }
    if (this.extended.has(file) && !fileKindOf(file)) {
      this.project.setPolicyFile(file, r.decoded.text);
      this.fromDisk.add(file);
    } else if (this.project.setFile(file, r.decoded.text)) this.fromDisk.add(file);
  }

  /** An editor closed: the file's disk content counts again, or the file is gone. */
  closed(fileId: string): void {
    if (this.extended.has(fileId) && !fileKindOf(fileId)) {
      this.readFromDisk(fileId);
      return;
    }
    const r = path.isAbsolute(fileId) && fileKindOf(fileId) ? readTextFile(fileId, this.project.maxFileSizeBytes) : undefined;
    if (r?.ok && this.project.setFile(fileId, r.decoded.text)) this.fromDisk.add(fileId);
    else if (r && !r.ok && r.tooLarge) {
      this.project.setUnreadFile(fileId, r.reason);
      this.fromDisk.add(fileId);
    } else {
      this.fromDisk.delete(fileId);
      this.project.removeFile(fileId);
    }
  }

  /** File-watcher events; returns true when something changed. */
  watched(changes: FileEvent[]): boolean {
    let changed = false;
    for (const c of changes) {
      const id = this.ids.idOf(c.uri);
      if (!this.reads(id) || this.isOpen(id)) continue; // the editor's text wins
      if (c.type === FileChangeType.Deleted) {
        this.fromDisk.delete(id);
        this.project.removeFile(id);
      } else this.readFromDisk(id);
      changed = true;
    }
    return changed;
  }

  /** Reads `files.exclude` of every folder (a map of glob -> true/false in VS Code). */
  async excludes(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const f of this.folders) {
      try {
        const raw = (await this.connection.workspace.getConfiguration({ scopeUri: f.uri, section: 'files.exclude' })) as Record<string, unknown> | null;
        out.set(f.uri, Object.entries(raw ?? {}).filter(([, v]) => v === true).map(([k]) => k));
      } catch {
        out.set(f.uri, []);
      }
    }
    return out;
  }
}
