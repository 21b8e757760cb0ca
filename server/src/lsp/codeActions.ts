/**
 * Code actions: each finding's fixes (preferred only when safe), "Disable CODE for this
 * line", "Show documentation for CODE", "Fix all auto-fixable memlint problems" and
 * source.fixAll.memlint. Fixes come from Diagnostic.data; actions on a diagnostic of an
 * older document version are not offered.
 */
import { CodeAction, CodeActionKind, CodeActionParams, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FileKind, LineIndex, LintOptions, Project, runFixLoop } from '../engine';
import { DiagnosticData, FileIds, LspFix, minimalEdit, toLspRange, toWorkspaceEdit } from './convert';

/** The server-side command behind "Show documentation for CODE". */
export const SHOW_DOCUMENTATION_COMMAND = 'memlint.showRuleDocumentation';
/** The code action kind of fix-all on save. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.memlint`;
export const FIX_ALL_TITLE = 'Fix all auto-fixable memlint problems';

export interface CodeActionContext {
  project: Project;
  ids: FileIds;
  documentChanges: boolean;
  resolveEdit: boolean;
  versionOf(uri: string): number | null;
  kindOf(doc: TextDocument): FileKind | undefined;
  /** Whether the document's last published diagnostics include a safe fix, at its current version. */
  hasSafeFixes(doc: TextDocument): boolean;
  /** The severities the editor settings give (a rule turned off is not fixed either). */
  lintOptions(): LintOptions;
}

function kindMatches(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
}

/** The edit applying every safe fix in one document, re-linting until stable. */
export function fixAllEdits(ctx: CodeActionContext, doc: TextDocument): TextEdit[] {
  const id = ctx.ids.idOf(doc.uri);
  const scratch = ctx.project.clone();
  const text = doc.getText();
  scratch.setFile(id, text, doc.languageId);
  const result = runFixLoop(scratch, { ...ctx.lintOptions(), onlyFiles: new Set([id]) });
  const after = result.changed.get(id);
  if (after === undefined) return [];
  const me = minimalEdit(text, after, new LineIndex(text));
  return [{ range: me.lspRange, newText: me.newText }];
}

export function codeActions(ctx: CodeActionContext, doc: TextDocument, params: CodeActionParams): CodeAction[] {
  const kind = ctx.kindOf(doc);
  if (!kind) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const workspaceEdit = (edits: LspFix['edits']) => toWorkspaceEdit(edits, (u) => ctx.versionOf(u), ctx.documentChanges);

  if (kindMatches(only, CodeActionKind.QuickFix)) {
    const text = doc.getText();
    const lines = new LineIndex(text);
    const id = ctx.ids.idOf(doc.uri);
    for (const d of params.context.diagnostics) {
      if (d.source !== 'memlint' || typeof d.code !== 'string') continue;
      const data = d.data as DiagnosticData | undefined;
      if (!data || data.version !== doc.version) continue; // stale: the document changed since
      let preferred = false;
      for (const fix of data.fixes) {
        const action: CodeAction = {
          title: fix.applicability === 'unsafe' ? `${fix.title} (unsafe: changes more than the message says)` : fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: workspaceEdit(fix.edits),
        };
        if (fix.applicability === 'safe' && !preferred) {
          action.isPreferred = true;
          preferred = true;
        }
        actions.push(action);
      }
      // offered only where the comment works (not inside a multi-line string or comment), and
      // only while the engine has this text (it checks the edit by reading the file again)
      const e = ctx.project.text(id) === text ? ctx.project.disableLineEdit(id, lines.offsetAt(d.range.start), d.code) : undefined;
      if (e) {
        actions.push({
          title: `Disable ${d.code} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: workspaceEdit([{ uri: doc.uri, range: toLspRange(lines, e), newText: e.newText }]),
        });
      }
      actions.push({
        title: `Show documentation for ${d.code}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title: `Show documentation for ${d.code}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [d.code] },
      });
    }
    if (ctx.hasSafeFixes(doc)) {
      const action: CodeAction = { title: FIX_ALL_TITLE, kind: CodeActionKind.QuickFix, data: { uri: doc.uri, version: doc.version } };
      // With resolve support the edit is computed only when the user picks the action.
      const edits = ctx.resolveEdit ? undefined : fixAllEdits(ctx, doc);
      if (edits) action.edit = workspaceEdit(edits.map((x) => ({ uri: doc.uri, ...x })));
      if (!edits || edits.length) actions.push(action);
    }
  }

  // source.fixAll.memlint only when asked for (on save, or "Fix All" in the editor)
  if (only && kindMatches(only, FIX_ALL_KIND) && only.some((k) => k.startsWith(CodeActionKind.Source))) {
    const edits = fixAllEdits(ctx, doc);
    actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit: workspaceEdit(edits.map((x) => ({ uri: doc.uri, ...x }))) });
  }
  return actions;
}

/** codeAction/resolve: computes the fix-all edit on demand. */
export function resolveCodeAction(ctx: CodeActionContext, action: CodeAction, doc: TextDocument | undefined): CodeAction {
  const data = action.data as { uri?: string; version?: number } | undefined;
  if (!doc || doc.version !== data?.version) return action;
  action.edit = toWorkspaceEdit(fixAllEdits(ctx, doc).map((x) => ({ uri: doc.uri, ...x })), (u) => ctx.versionOf(u), ctx.documentChanges);
  return action;
}

/**
 * "memlint: Fix All in Workspace": every safe fix in every file memlint read, re-linting
 * until stable, as one workspace edit (open editors at their version; the editor opens
 * the others as unsaved changes for the user to review and save). Counts for the message.
 */
export function fixAllInWorkspace(ctx: CodeActionContext, files: readonly string[]): { edit: WorkspaceEdit; files: number; fixes: number } {
  const scratch = ctx.project.clone();
  const result = runFixLoop(scratch, { ...ctx.lintOptions(), onlyFiles: new Set(files) });
  const edits: LspFix['edits'] = [];
  for (const [id, after] of result.changed) {
    const before = ctx.project.text(id);
    if (before === undefined) continue;
    const me = minimalEdit(before, after, new LineIndex(before));
    edits.push({ uri: ctx.ids.uriOf(id), range: me.lspRange, newText: me.newText });
  }
  return { edit: toWorkspaceEdit(edits, (u) => ctx.versionOf(u), ctx.documentChanges), files: edits.length, fixes: result.applied };
}
