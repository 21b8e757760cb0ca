/**
 * memlint's language server: LSP wiring only. The workspace is read into one engine
 * Project (open editors win over the disk); every change re-lints and re-publishes the
 * files whose findings changed, so editing a VM script updates the SQL script's
 * diagnostics and back. Everything the engine says is converted in ./convert; fixes
 * travel in Diagnostic.data.
 */
import {
  CancellationToken,
  Connection,
  LSPErrorCodes,
  ResponseError,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeParams,
  InitializeResult,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FileKind, Finding, LintOptions, Project, RULES, effectiveConfig, fileKindOf, ruleDocsUrl, severityRank } from '../engine';
import { readTextFile } from '../host/files';
import { effectiveMarkdown } from '../report/effective';
import { budgetHtml, hoverMarkdown, renderContext } from '../report/render';
import {
  BUDGET_REPORT_REQUEST,
  BudgetReportParams,
  BudgetReportResult,
  EFFECTIVE_CONFIG_REQUEST,
  EffectiveConfigParams,
  EffectiveConfigResult,
  FIX_ALL_IN_WORKSPACE_COMMAND,
  LINT_WORKSPACE_COMMAND,
  RULES_REQUEST,
  RuleInfo,
  STATUS_NOTIFICATION,
  StatusParams,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, MemlintSettings, RuleCustomization, customizedSeverity, settingsFrom } from '../shared/settings';
import { CodeActionContext, FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND, codeActions, fixAllInWorkspace, resolveCodeAction } from './codeActions';
import { FileIds, toDiagnostic } from './convert';
import { DOCUMENTS } from './documents';
import { Workspace } from './workspace';

export { FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND } from './codeActions';

interface ClientSupport {
  configuration: boolean;
  documentChanges: boolean;
  showDocument: boolean;
  resolveEdit: boolean;
  progress: boolean;
  watchedFiles: boolean;
  workspaceFolders: boolean;
}

/** Globs of the files memlint reads, for the client's file watcher. */
const WATCHED = '**/*.{sql,ps1,psm1,psd1,xml,yaml,yml}';

const RULE_CODES = RULES.map((r) => r.code);

/** $/cancelRequest: a request the client gave up on is answered with RequestCancelled, not computed. */
function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

/**
 * Whether two lists of findings are the same, field by field (fixes and related locations
 * included), and point only into files that did not change: then they convert to the same
 * diagnostics. Costs no allocation, unlike converting and serializing them.
 */
function sameFindings(a: Finding[], b: Finding[], changed: ReadonlySet<string>): boolean {
  if (a.length !== b.length) return false;
  const sameRange = (x: { start: number; end: number }, y: { start: number; end: number }) => x.start === y.start && x.end === y.end;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.code !== y.code || x.severity !== y.severity || x.file !== y.file || !sameRange(x.range, y.range) || x.message !== y.message) return false;
    if (x.related.length !== y.related.length || x.fixes.length !== y.fixes.length) return false;
    for (let k = 0; k < x.related.length; k++) {
      const r = x.related[k];
      const q = y.related[k];
      if (r.file !== q.file || changed.has(r.file) || !sameRange(r.range, q.range) || r.message !== q.message) return false;
    }
    for (let k = 0; k < x.fixes.length; k++) {
      const f = x.fixes[k];
      const g = y.fixes[k];
      if (f.title !== g.title || f.applicability !== g.applicability || f.edits.length !== g.edits.length) return false;
      for (let e = 0; e < f.edits.length; e++) {
        const u = f.edits[e];
        const v = g.edits[e];
        if (u.file !== v.file || changed.has(u.file) || !sameRange(u.range, v.range) || u.newText !== v.newText) return false;
      }
    }
  }
  return true;
}

export function startServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(DOCUMENTS);
  const project = new Project();
  const ids = new FileIds();
  const support: ClientSupport = { configuration: false, documentChanges: false, showDocument: false, resolveEdit: false, progress: false, watchedFiles: false, workspaceFolders: false };
  let globalSettings: MemlintSettings = { ...DEFAULT_SETTINGS };
  /** Settings per document or folder URI, pulled from the client; cleared on change. */
  const settingsCache = new Map<string, Promise<MemlintSettings>>();
  /** Per open document: the version last given to the engine. */
  const synced = new Map<string, number>();
  /**
   * What was last published per URI: the diagnostics' JSON, the findings they came from (for
   * a file that was not open), whether they offered a safe fix, and their counts by severity.
   */
  const published = new Map<string, { json?: string; version?: number; findings?: Finding[]; safeFixes: number; errors: number; warnings: number; others: number }>();
  /** Each file's text when diagnostics were last published (for telling which files changed since). */
  let textsAtPublish = new Map<string, string | undefined>();
  const isOpen = (fileId: string) => documents.get(ids.uriOf(fileId)) !== undefined;
  const workspace = new Workspace(connection, project, ids, isOpen);
  let indexed: Promise<void> = Promise.resolve();

  /**
   * A message for the user, as a window/showMessage notification: every client takes
   * those (the request form, with buttons, is optional and fails on clients without it).
   */
  function tell(type: MessageType, message: string): void {
    void connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  // ------------------------------------------------------------------ settings

  /** Problems in the settings already shown to the user (each is said once, not per lint). */
  const shownProblems = new Set<string>();

  function settingsFor(uri: string): Promise<MemlintSettings> {
    if (!support.configuration) return Promise.resolve(globalSettings);
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'memlint' }).then(
        (raw) => reportProblems(settingsFrom(raw, RULE_CODES)),
        () => ({ ...DEFAULT_SETTINGS }),
      );
      settingsCache.set(uri, s);
    }
    return s;
  }

  function reportProblems(settings: MemlintSettings): MemlintSettings {
    for (const p of settings.problems) {
      if (shownProblems.has(p)) continue;
      shownProblems.add(p);
      connection.console.warn(`memlint: settings: ${p}`);
      tell(MessageType.Warning, `memlint: ${p}`);
    }
    return settings;
  }

  /** The window-wide settings (memlint.maxFileSize is one setting for the whole window). */
  function windowSettings(): Promise<MemlintSettings> {
    if (!support.configuration) return Promise.resolve(globalSettings);
    return connection.workspace.getConfiguration({ section: 'memlint' }).then(
      (raw) => settingsFrom(raw, RULE_CODES),
      () => ({ ...DEFAULT_SETTINGS }),
    );
  }

  // ------------------------------------------------------------------ severities

  /** Rule customizations per open document URI and per workspace folder path, resolved before each lint. */
  let customizationsByUri = new Map<string, RuleCustomization[]>();
  let customizationsByFolder = new Map<string, RuleCustomization[]>();

  async function resolveCustomizations(): Promise<void> {
    const byUri = new Map<string, RuleCustomization[]>();
    const byFolder = new Map<string, RuleCustomization[]>();
    await Promise.all([
      ...documents.all().map(async (d) => byUri.set(d.uri, (await settingsFor(d.uri)).customizations)),
      ...workspace.folders.map(async (f) => byFolder.set(f.path, (await settingsFor(f.uri)).customizations)),
    ]);
    if (!workspace.folders.length) byFolder.set('', globalSettings.customizations);
    customizationsByUri = byUri;
    customizationsByFolder = byFolder;
  }

  /** Editor severities: an open document's own settings, else its folder's (above memlint.yaml). */
  const lintOptions = (): LintOptions => {
    // asked once per finding: each file's list is looked up once per lint
    const listByFile = new Map<string, RuleCustomization[] | undefined>();
    return {
      severityFor: (code, fileId) => {
        let list = listByFile.get(fileId);
        if (list === undefined && !listByFile.has(fileId)) {
          list = customizationsByUri.get(ids.uriOf(fileId)) ?? customizationsByFolder.get(workspace.folderOf(fileId)?.path ?? '') ?? customizationsByFolder.get('');
          listByFile.set(fileId, list);
        }
        return list?.length ? customizedSeverity(list, code) : undefined;
      },
    };
  };

  /** Settings for a file that is not open: those of its workspace folder. */
  function folderSettings(fileId: string): Promise<MemlintSettings> {
    const folder = workspace.folderOf(fileId);
    return folder ? settingsFor(folder.uri) : Promise.resolve(globalSettings);
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
    sendStatus('linting');
    try {
      await indexed;
      const uris = [...dirty];
      dirty.clear();
      const settings = await Promise.all(uris.map((u) => settingsFor(u)));
      uris.forEach((uri, i) => {
        const doc = documents.get(uri);
        const id = ids.idOf(uri);
        if (!doc) {
          synced.delete(uri);
          workspace.closed(id); // back to the disk's content, if any
          return;
        }
        const extendedPolicy = !kindOf(doc) && workspace.reads(id);
        if (!settings[i].enable || (!kindOf(doc) && !extendedPolicy)) {
          project.removeFile(id);
          synced.delete(uri);
          return;
        }
        delayMs = settings[i].lintDelayMs;
        workspace.loadConfigsAbove(id);
        if (extendedPolicy) project.setPolicyFile(id, doc.getText());
        else project.setFile(id, doc.getText(), doc.languageId);
        synced.set(uri, doc.version);
      });
      workspace.loadExtendedPolicies();
      await resolveCustomizations();
      warnPinnedCustomizations();
      await publish();
    } catch (e) {
      connection.console.error(`memlint: lint failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    } finally {
      running = false;
      lastLintEnd = Date.now();
      if (dirty.size || superseded) {
        superseded = false;
        schedule();
      } else sendStatus('idle');
    }
  }

  // ------------------------------------------------------------------ status

  const lastCounts = { errors: 0, warnings: 0, others: 0, lastLintMs: 0 };
  let lastStatusJson = '';

  /** Tells the client what the server is doing (only when something changed). */
  function sendStatus(state: StatusParams['state']): void {
    const params: StatusParams = { state, files: project.fileIds().length, ...lastCounts };
    const json = JSON.stringify(params);
    if (json === lastStatusJson) return;
    lastStatusJson = json;
    void connection.sendNotification(STATUS_NOTIFICATION, params);
  }

  /** Lints the project and publishes every file whose diagnostics changed. */
  /** A lint run gives way to requests this often (ms), and is dropped when an edit made it stale. */
  const SLICE_MS = 8;
  /** Set when a run was dropped because the project changed under it: lint again. */
  let superseded = false;

  /** Lints in slices; undefined when a newer edit (or any project change) made the run stale. */
  async function lintSliced(): Promise<Finding[] | undefined> {
    const revision = project.revision;
    const steps = project.lintSteps(lintOptions());
    let sliceStart = Date.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (Date.now() - sliceStart < SLICE_MS) continue;
      await new Promise((resolve) => setImmediate(resolve)); // hover, code actions, cancellations run here
      if (dirty.size || project.revision !== revision) {
        steps.return([]);
        return undefined;
      }
      sliceStart = Date.now();
    }
  }

  async function publish(): Promise<void> {
    const started = Date.now();
    const findings = await lintSliced();
    if (!findings) {
      superseded = true;
      connection.console.log(`memlint: dropped a stale lint after ${Date.now() - started} ms`);
      return;
    }
    const lintMs = Date.now() - started;
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    const linesOf = (file: string) => project.lines(file);
    // Files whose text changed since the last publish: line and column positions into any
    // other file are the same as then, so a file that was not open and has the same findings
    // has the same diagnostics, and is skipped without converting them again (editing one
    // file of a large workspace then costs nothing per other file).
    const texts = new Map<string, string | undefined>();
    for (const id of project.fileIds()) texts.set(id, project.text(id));
    const changed = new Set<string>();
    for (const [id, text] of texts) if (textsAtPublish.get(id) !== text) changed.add(id);
    for (const id of textsAtPublish.keys()) if (!texts.has(id)) changed.add(id);
    const uris = new Set<string>([...published.keys(), ...synced.keys()]);
    for (const file of byFile.keys()) uris.add(ids.uriOf(file));
    for (const uri of uris) {
      const id = ids.idOf(uri);
      const doc = documents.get(uri);
      let version: number | undefined;
      let list: Finding[] = byFile.get(id) ?? [];
      if (doc) {
        version = synced.get(uri);
        if (version === undefined) list = []; // disabled for this document
        else if (doc.version !== version) continue; // a newer edit is queued; publish then
      } else {
        const s = await folderSettings(id);
        if (!s.enable || !s.lintWorkspace) list = [];
      }
      const prev = published.get(uri);
      if (!doc && prev?.findings && !changed.has(id) && sameFindings(prev.findings, list, changed)) continue;
      // one pass; the file's line index is looked up once, not per finding
      const diagnostics: Diagnostic[] = [];
      const lines = linesOf(id);
      let safeFixes = 0;
      for (const f of list) {
        const d = toDiagnostic(f, version ?? -1, ids, linesOf, f.file === id ? lines : linesOf(f.file));
        if (d) diagnostics.push(d);
        if (f.fixes.some((x) => x.applicability === 'safe')) safeFixes++;
      }
      // an open document's diagnostics carry its version: after an edit they always differ
      // from the last ones, and serializing them only to compare (1,422 diagnostics of a
      // 20,000-line script are about 570 KB of JSON) is skipped
      const json = doc && prev && prev.version !== version && diagnostics.length ? undefined : JSON.stringify(diagnostics);
      if (prev && json !== undefined && prev.json === json) {
        prev.findings = doc ? undefined : list;
        continue;
      }
      if (!prev && !diagnostics.length) continue;
      let errors = 0;
      let warnings = 0;
      let others = 0;
      for (const d of diagnostics) {
        if (d.severity === 1) errors++;
        else if (d.severity === 2) warnings++;
        else if (d.severity !== undefined) others++;
      }
      if (diagnostics.length || doc) published.set(uri, { json, version, findings: doc ? undefined : list, safeFixes, errors, warnings, others });
      else published.delete(uri);
      void connection.sendDiagnostics({ uri, version, diagnostics });
    }
    textsAtPublish = texts;
    // counts of what is shown: open files, and the workspace's when lintWorkspace is on
    // (kept per file, so a lint costs nothing for the files whose diagnostics did not change)
    let errors = 0;
    let warnings = 0;
    let others = 0;
    for (const p of published.values()) {
      errors += p.errors;
      warnings += p.warnings;
      others += p.others;
    }
    Object.assign(lastCounts, { errors, warnings, others, lastLintMs: lintMs });
    connection.console.log(`memlint: linted ${project.fileIds().length} files in ${lintMs} ms (${findings.length} findings; published in ${Date.now() - started} ms)`);
  }

  // ------------------------------------------------------------------ code actions

  const actionContext: CodeActionContext = {
    project,
    ids,
    get documentChanges() {
      return support.documentChanges;
    },
    get resolveEdit() {
      return support.resolveEdit;
    },
    versionOf: (uri) => documents.get(uri)?.version ?? null,
    kindOf,
    hasSafeFixes: (doc) => (published.get(doc.uri)?.safeFixes ?? 0) > 0 && synced.get(doc.uri) === doc.version,
    lintOptions,
  };

  // ------------------------------------------------------------------ wiring

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    support.configuration = !!caps.workspace?.configuration;
    support.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    support.showDocument = !!caps.window?.showDocument?.support;
    support.resolveEdit = !!caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
    support.progress = !!caps.window?.workDoneProgress;
    support.watchedFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    support.workspaceFolders = !!caps.workspace?.workspaceFolders;
    workspace.setFolders(params.workspaceFolders, params.rootUri);
    const init = (params.initializationOptions ?? {}) as { defaultPolicy?: unknown };
    if (typeof init.defaultPolicy === 'string' && init.defaultPolicy) loadDefaultPolicy(init.defaultPolicy);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND], resolveProvider: support.resolveEdit },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND, FIX_ALL_IN_WORKSPACE_COMMAND, LINT_WORKSPACE_COMMAND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'memlint', version },
    };
  });

  connection.onInitialized(() => {
    if (support.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'memlint' });
    if (support.watchedFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED }] });
    indexed = indexWorkspace();
    void indexed.then(() => schedule());
    // the getter throws for clients that don't send folder changes
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const folders = workspace.folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)).map((f) => ({ uri: f.uri, name: f.path }));
        workspace.setFolders([...folders, ...e.added], undefined);
        indexed = indexWorkspace();
        void indexed.then(() => schedule());
      });
    }
  });

  /**
   * The team build's policy (the extension passes its path): under every memlint.yaml. Its
   * own problems are said in a message, since it is no file of the workspace.
   */
  function loadDefaultPolicy(file: string): void {
    const r = readTextFile(file);
    if (!r.ok) {
      tell(MessageType.Error, `memlint: can't read the team policy ${file}: ${r.reason}. Linting without it.`);
      return;
    }
    project.setDefaultPolicy(file, r.decoded.text);
    const errors = project.defaultPolicy()?.errors ?? [];
    const lines = project.lines(file)!;
    for (const e of errors) {
      const at = lines.positionAt(e.range.start);
      tell(MessageType.Error, `memlint: the team policy ${file}:${at.line + 1}:${at.character + 1}: ${e.message}`);
    }
    connection.console.info(`memlint: team policy ${file}${errors.length ? ` (${errors.length} problems)` : ''}`);
  }

  /** Editor settings can't lower a rule a policy pins: say so, once per rule and severity. */
  const warnedPins = new Set<string>();
  function warnPinnedCustomizations(): void {
    let model: ReturnType<Project['model']> | undefined; // built only when a document has customizations
    for (const d of documents.all()) {
      const list = customizationsByUri.get(d.uri) ?? [];
      if (!list.length) continue;
      model ??= project.model();
      for (const [code, pin] of model.ruleSettingsOf(ids.idOf(d.uri)).minimums) {
        const asked = customizedSeverity(list, code);
        if (!asked || severityRank(asked) >= severityRank(pin.value)) continue;
        const key = `${code}=${asked}`;
        if (warnedPins.has(key)) continue;
        warnedPins.add(key);
        tell(MessageType.Warning, `memlint: memlint.rules.customizations sets ${code} to ${asked}, but the team policy pins ${code} at ${pin.value} or above: memlint reports ${code} as ${pin.value}.`);
      }
    }
  }

  async function indexWorkspace(): Promise<void> {
    project.maxFileSizeBytes = (await windowSettings()).maxFileSize;
    if (!workspace.folders.length) return;
    const started = Date.now();
    sendStatus('indexing');
    const progress = support.progress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('memlint', 0, 'Reading the workspace', false);
    try {
      const excludes = support.configuration ? await workspace.excludes() : new Map<string, string[]>();
      const n = await workspace.index(excludes, (done, total) => progress?.report(total ? Math.round((100 * done) / total) : 100, `${done}/${total} files`));
      workspace.loadExtendedPolicies();
      connection.console.info(`memlint: read ${n} files of ${workspace.folders.length} workspace folder(s) in ${Date.now() - started} ms`);
    } finally {
      progress?.done();
    }
  }

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    if (!support.configuration) globalSettings = reportProblems(settingsFrom((change.settings as { memlint?: unknown } | undefined)?.memlint, RULE_CODES));
    for (const d of documents.all()) dirty.add(d.uri);
    void (async () => {
      // a new size limit changes which files can be read: read the workspace again
      const maxFileSize = (await windowSettings()).maxFileSize;
      if (maxFileSize !== project.maxFileSizeBytes) {
        await indexed;
        indexed = indexWorkspace();
      }
      schedule();
    })();
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (workspace.watched(params.changes)) schedule();
  });

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    settingsCache.delete(e.document.uri);
    dirty.add(e.document.uri);
    schedule();
  });

  connection.onCodeAction((params, token) => {
    throwIfCancelled(token);
    const doc = documents.get(params.textDocument.uri);
    return doc ? codeActions(actionContext, doc, params) : [];
  });
  connection.onCodeActionResolve((action, token) => {
    throwIfCancelled(token);
    const uri = (action.data as { uri?: string } | undefined)?.uri;
    return resolveCodeAction(actionContext, action, uri ? documents.get(uri) : undefined);
  });

  /** Paths in hover and report text: relative to the workspace folder, with the line. */
  const render = (base?: string) =>
    renderContext((file, offset) => {
      const li = project.lines(file);
      return li ? li.lineOf(offset) + 1 : undefined;
    }, base);

  connection.onHover(async (params, token) => {
    await indexed;
    throwIfCancelled(token);
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const id = ids.idOf(doc.uri);
    if (synced.get(doc.uri) !== doc.version) project.setFile(id, doc.getText(), doc.languageId);
    const lines = project.lines(id);
    if (!lines) return null;
    const h = hoverMarkdown(project.model(), id, lines.offsetAt(params.position), render(workspace.folderOf(id)?.path));
    if (!h) return null;
    return { contents: { kind: 'markdown', value: h.markdown }, range: { start: lines.positionAt(h.range.start), end: lines.positionAt(h.range.end) } };
  });

  connection.onRequest(BUDGET_REPORT_REQUEST, async (params: BudgetReportParams, token): Promise<BudgetReportResult> => {
    await indexed;
    throwIfCancelled(token);
    return budgetHtml(project.model(), render(workspace.folders[0]?.path), params.nonce);
  });

  connection.onRequest(EFFECTIVE_CONFIG_REQUEST, async (params: EffectiveConfigParams, token): Promise<EffectiveConfigResult> => {
    await indexed;
    throwIfCancelled(token);
    const id = ids.idOf(params.uri);
    await resolveCustomizations();
    const eff = effectiveConfig(project.model(), id, { severityFor: lintOptions().severityFor });
    const base = workspace.folderOf(id)?.path;
    const rel = (f: string | undefined) => (f ? (base && f.startsWith(base) ? f.slice(base.length + 1) : f).replace(/\\/g, '/') : undefined);
    const lineOf = (f: string | undefined, r: { start: number } | undefined) => (f && r ? (project.lines(f)?.lineOf(r.start) ?? -1) + 1 || undefined : undefined);
    const summary = [eff.config ? 'memlint.yaml' : undefined, ...eff.policies.map((p) => p.name ?? rel(p.file))].filter(Boolean).join(' + ') || 'defaults';
    return { summary, markdown: effectiveMarkdown(eff, rel, lineOf) };
  });

  connection.onRequest(RULES_REQUEST, (): RuleInfo[] =>
    RULES.map((r) => ({ code: r.code, name: r.name, severity: r.meta.severity, description: r.meta.description, url: ruleDocsUrl(r.code) })),
  );

  connection.onExecuteCommand(async (params) => {
    if (params.command === FIX_ALL_IN_WORKSPACE_COMMAND) return fixWorkspace();
    if (params.command === LINT_WORKSPACE_COMMAND) return relintWorkspace();
    if (params.command !== SHOW_DOCUMENTATION_COMMAND) return;
    const code = String(params.arguments?.[0] ?? '');
    if (!/^[A-Z]{2,3}\d{3}$/.test(code)) return;
    const uri = ruleDocsUrl(code);
    if (support.showDocument) await connection.window.showDocument({ uri, external: true });
    else tell(MessageType.Info, `memlint ${code}: ${uri}`);
  });

  /** "memlint: Lint Workspace": reads every file again from disk and re-publishes everything. */
  async function relintWorkspace(): Promise<{ files: number }> {
    await indexed;
    indexed = indexWorkspace();
    await indexed;
    for (const d of documents.all()) dirty.add(d.uri);
    schedule();
    return { files: project.fileIds().length };
  }

  /** "memlint: Fix All in Workspace": every safe fix in the workspace's files, as one edit. */
  async function fixWorkspace(): Promise<{ files: number; fixes: number }> {
    await indexed;
    // the files the user sees findings for: open ones, and the workspace's when lintWorkspace is on
    const files: string[] = [];
    for (const id of project.fileIds()) {
      if (isOpen(id)) files.push(id);
      else if (workspace.folderOf(id) && (await folderSettings(id)).lintWorkspace) files.push(id);
    }
    await resolveCustomizations();
    const result = fixAllInWorkspace(actionContext, files);
    if (!result.files) {
      tell(MessageType.Info, 'memlint: nothing to fix automatically in the workspace.');
      return { files: 0, fixes: 0 };
    }
    const applied = await connection.workspace.applyEdit({ label: 'memlint: Fix All in Workspace', edit: result.edit });
    const what = `${result.fixes} fix${result.fixes === 1 ? '' : 'es'} in ${result.files} file${result.files === 1 ? '' : 's'}`;
    if (applied.applied) tell(MessageType.Info, `memlint: applied ${what}. Review the changes and save them.`);
    else tell(MessageType.Warning, `memlint: the editor did not apply ${what}${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
    return applied.applied ? { files: result.files, fixes: result.fixes } : { files: 0, fixes: 0 };
  }

  documents.listen(connection);
  connection.listen();
}
