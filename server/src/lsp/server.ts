/**
 * memlint's language server: LSP wiring only. Documents come in (incremental sync),
 * the engine lints, diagnostics and code actions go out. Everything the engine says is
 * converted in ./convert; fixes travel in Diagnostic.data.
 */
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  Connection,
  Diagnostic,
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileKind, LineIndex, Project, disableNextLineEdit, fileKindOf, lineComment, ruleDocsUrl, runFixLoop } from '../engine';
import { DEFAULT_SETTINGS, MemlintSettings, settingsFrom } from '../shared/settings';
import { DiagnosticData, FileIds, LspFix, minimalEdit, toDiagnostic, toLspRange, toWorkspaceEdit } from './convert';

/** The server-side command behind "Show documentation for CODE". */
export const SHOW_DOCUMENTATION_COMMAND = 'memlint.showRuleDocumentation';
/** The code action kind of fix-all on save. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.memlint`;

interface ClientSupport {
  configuration: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  resolveEdit: boolean;
}

export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const project = new Project();
  const ids = new FileIds();
  const support: ClientSupport = { configuration: false, documentChanges: false, showDocument: false, resolveEdit: false };
  let globalSettings: MemlintSettings = { ...DEFAULT_SETTINGS };
  /** Settings per document URI, pulled from the client; cleared on change and close. */
  const settingsCache = new Map<string, Promise<MemlintSettings>>();
  /** Per open document: the version last given to the engine, and what was published for it. */
  const synced = new Map<string, number>();
  const published = new Map<string, { json: string; safeFixes: number }>();

  // ------------------------------------------------------------------ settings

  function settingsFor(uri: string): Promise<MemlintSettings> {
    if (!support.configuration) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'memlint' }).then(settingsFrom, () => ({ ...DEFAULT_SETTINGS }));
      settingsCache.set(uri, s);
    }
    return s;
  }

  // ------------------------------------------------------------------ linting

  const dirty = new Set<string>();
  let scheduled = false;
  let running = false;
  let lastLintEnd = 0;
  let delayMs = DEFAULT_SETTINGS.lintDelayMs;

  /** Lints soon: at once after a quiet period, else at most once per delayMs (a burst of edits is coalesced). */
  function schedule(uri?: string): void {
    if (uri) dirty.add(uri);
    if (scheduled || running) return;
    scheduled = true;
    const wait = Math.max(0, lastLintEnd + delayMs - Date.now());
    const go = () => {
      scheduled = false;
      void lintNow();
    };
    if (wait === 0) setImmediate(go);
    else setTimeout(go, wait);
  }

  function kindOf(doc: TextDocument): FileKind | undefined {
    return fileKindOf(ids.idOf(doc.uri), doc.languageId);
  }

  async function lintNow(): Promise<void> {
    running = true;
    try {
      const uris = [...dirty];
      dirty.clear();
      const settings = await Promise.all(uris.map((u) => settingsFor(u)));
      uris.forEach((uri, i) => {
        const doc = documents.get(uri);
        const id = ids.idOf(uri);
        if (!doc || !settings[i].enable || !kindOf(doc)) {
          project.removeFile(id);
          synced.delete(uri);
          if (published.has(uri)) {
            published.delete(uri);
            void connection.sendDiagnostics({ uri, diagnostics: [] });
          }
          return;
        }
        delayMs = settings[i].lintDelayMs;
        project.setFile(id, doc.getText(), doc.languageId);
        synced.set(uri, doc.version);
      });
      publishAll();
    } catch (e) {
      connection.console.error(`memlint: lint failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      running = false;
      lastLintEnd = Date.now();
      if (dirty.size) schedule();
    }
  }

  function publishAll(): void {
    const findings = project.lint();
    const byFile = new Map<string, typeof findings>();
    for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
    const linesOf = (file: string) => project.lines(file);
    for (const [uri, version] of synced) {
      const doc = documents.get(uri);
      if (!doc || doc.version !== version) continue; // a newer edit is queued; publish then
      const list = byFile.get(ids.idOf(uri)) ?? [];
      const diagnostics = list.map((f) => toDiagnostic(f, version, ids, linesOf)).filter((d): d is Diagnostic => !!d);
      const json = JSON.stringify(diagnostics);
      const prev = published.get(uri);
      const safeFixes = list.filter((f) => f.fixes.some((x) => x.applicability === 'safe')).length;
      if (prev && prev.json === json) continue;
      published.set(uri, { json, safeFixes });
      void connection.sendDiagnostics({ uri, version, diagnostics });
    }
  }

  // ------------------------------------------------------------------ code actions

  function kindMatches(only: string[] | undefined, kind: string): boolean {
    return !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  }

  /** Text edit that applies every safe fix in one document, re-linting until stable. */
  function fixAllEdits(doc: TextDocument): { range: ReturnType<typeof toLspRange>; newText: string }[] {
    const id = ids.idOf(doc.uri);
    const scratch = project.clone();
    const text = doc.getText();
    scratch.setFile(id, text, doc.languageId);
    const result = runFixLoop(scratch, { onlyFiles: new Set([id]) });
    const after = result.changed.get(id);
    if (after === undefined) return [];
    const me = minimalEdit(text, after, new LineIndex(text));
    return [{ range: me.lspRange, newText: me.newText }];
  }

  function versionOf(uri: string): number | null {
    return documents.get(uri)?.version ?? null;
  }

  function codeActions(params: CodeActionParams): CodeAction[] {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const kind = kindOf(doc);
    if (!kind) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];

    if (kindMatches(only, CodeActionKind.QuickFix)) {
      const text = doc.getText();
      const lines = new LineIndex(text);
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
            edit: toWorkspaceEdit(fix.edits, versionOf, support.documentChanges),
          };
          if (fix.applicability === 'safe' && !preferred) {
            action.isPreferred = true;
            preferred = true;
          }
          actions.push(action);
        }
        const off = lines.offsetAt(d.range.start);
        const e = disableNextLineEdit(text, lines, off, d.code, (body) => lineComment(kind, body));
        if (e.newText) {
          const edit: LspFix['edits'] = [{ uri: doc.uri, range: toLspRange(lines, e), newText: e.newText }];
          actions.push({ title: `Disable ${d.code} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: toWorkspaceEdit(edit, versionOf, support.documentChanges) });
        }
        actions.push({
          title: `Show documentation for ${d.code}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: `Show documentation for ${d.code}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [d.code] },
        });
      }
      const pub = published.get(doc.uri);
      if (pub && pub.safeFixes > 0 && synced.get(doc.uri) === doc.version) {
        const action: CodeAction = { title: 'Fix all auto-fixable memlint problems', kind: CodeActionKind.QuickFix, data: { uri: doc.uri, version: doc.version } };
        // With resolve support the edit is computed only when the user picks the action.
        const edits = support.resolveEdit ? undefined : fixAllEdits(doc);
        if (edits) action.edit = toWorkspaceEdit(edits.map((x) => ({ uri: doc.uri, ...x })), versionOf, support.documentChanges);
        if (!edits || edits.length) actions.push(action);
      }
    }

    // source.fixAll.memlint only when asked for (on save, or "Fix All" in the editor)
    if (only && kindMatches(only, FIX_ALL_KIND) && only.some((k) => k.startsWith(CodeActionKind.Source))) {
      const edits = fixAllEdits(doc);
      actions.push({
        title: 'Fix all auto-fixable memlint problems',
        kind: FIX_ALL_KIND,
        edit: toWorkspaceEdit(edits.map((x) => ({ uri: doc.uri, ...x })), versionOf, support.documentChanges),
      });
    }
    return actions;
  }

  // ------------------------------------------------------------------ wiring

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    support.configuration = !!caps.workspace?.configuration;
    support.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    support.showDocument = !!caps.window?.showDocument?.support;
    support.resolveEdit = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: support.resolveEdit },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
      },
      serverInfo: { name: 'memlint', version },
    };
  });

  connection.onInitialized(() => {
    if (support.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'memlint' });
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!support.configuration) globalSettings = settingsFrom((change.settings as { memlint?: unknown } | undefined)?.memlint);
    for (const d of documents.all()) dirty.add(d.uri);
    schedule();
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    settingsCache.delete(e.document.uri);
    // the document is gone from the editor: forget it and re-lint what it affected
    dirty.add(e.document.uri);
    schedule();
  });

  connection.onCodeAction((params) => codeActions(params));
  connection.onCodeActionResolve((action) => {
    const data = action.data as { uri?: string; version?: number } | undefined;
    const doc = data?.uri ? documents.get(data.uri) : undefined;
    if (!doc || doc.version !== data?.version) return action;
    const edits = fixAllEdits(doc);
    action.edit = toWorkspaceEdit(edits.map((x) => ({ uri: doc.uri, ...x })), versionOf, support.documentChanges);
    return action;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== SHOW_DOCUMENTATION_COMMAND) return;
    const code = String(params.arguments?.[0] ?? '');
    if (!/^[A-Z]{2,3}\d{3}$/.test(code)) return;
    const uri = ruleDocsUrl(code);
    if (support.showDocument) await connection.window.showDocument({ uri, external: true });
    else connection.window.showInformationMessage(`memlint ${code}: ${uri}`);
  });

  documents.listen(connection);
  connection.listen();
}
