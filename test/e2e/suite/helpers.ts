/** Shared helpers of the extension-host suites: they wait for events by polling with a deadline, never a fixed sleep. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = process.env.MEMLINT_E2E_EXTENSION_ID || 'memlint.memlint';
/** The pristine examples/ of the repository (read only: the suites work on a copy). */
export const PRISTINE = path.resolve(__dirname, '..', '..', '..', '..', 'examples');

export function root(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'no workspace folder is open');
  assert.notStrictEqual(path.resolve(f.uri.fsPath), PRISTINE, 'the suites must run on a copy of examples/, not on examples/');
  return f.uri;
}

export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

export async function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function memlintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'memlint');
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c ? String(c.value) : String(c);
}

const SEV = ['error', 'warning', 'info', 'hint'];
/** "5:12-5:16 MEM501 error", 1-based columns and an exclusive end, like the CLI's JSON. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1} ${codeOf(d)} ${SEV[d.severity]}`;
}

export function described(uri: vscode.Uri): string[] {
  return memlintDiagnostics(uri).map(describeDiagnostic).sort(byPosition);
}

function byPosition(a: string, b: string): number {
  const pa = a.split(/[:\- ]/);
  const pb = b.split(/[:\- ]/);
  return Number(pa[0]) - Number(pb[0]) || Number(pa[1]) - Number(pb[1]) || a.localeCompare(b);
}

/** Waits until the file's memlint diagnostics, described, equal `expected` (sorted by position). */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[], timeoutMs = 30000): Promise<void> {
  const want = [...expected].sort(byPosition);
  try {
    await poll(`diagnostics of ${path.basename(uri.fsPath)}`, () => JSON.stringify(described(uri)) === JSON.stringify(want) || undefined, timeoutMs);
  } catch {
    assert.deepStrictEqual(described(uri), want, `diagnostics of ${uri.fsPath}`);
  }
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function pristineText(rel: string): string {
  return fs.readFileSync(path.join(PRISTINE, ...rel.split('/')), 'utf8');
}

/** Puts a file of the copy back to examples/' text (in the editor when open) and saves it. */
export async function restore(rel: string): Promise<void> {
  const uri = file(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = pristineText(rel);
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit), `restore ${rel}`);
  }
  if (doc.isDirty) await doc.save();
  await poll(`${rel} saved with examples/' text`, () => fs.readFileSync(uri.fsPath, 'utf8') === text || undefined);
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  // resolve up to 50 actions, so fix-all (computed on resolve) carries its edit
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind, 50)) ?? [];
}

export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section, root()).update(key, value, vscode.ConfigurationTarget.Workspace);
}
