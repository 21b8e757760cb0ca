/**
 * The VS Code extension: starts the memlint language server (dist/server.js) over node
 * IPC and hands it the files memlint reads. Everything memlint knows lives in the server;
 * the extension adds what only VS Code can show: a status item, the memory budget
 * webview and a rule picker for the documentation.
 *
 * The server declares "Fix All in Workspace" and "Lint Workspace" as LSP commands; the
 * language client registers them as VS Code commands, so every LSP client gets them.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  ExtensionContext,
  LanguageStatusItem,
  LanguageStatusSeverity,
  LogOutputChannel,
  QuickPickItem,
  Uri,
  ViewColumn,
  WebviewPanel,
  commands,
  env,
  languages,
  window,
  workspace,
} from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import {
  BUDGET_REPORT_REQUEST,
  BudgetReportParams,
  BudgetReportResult,
  EFFECTIVE_CONFIG_REQUEST,
  EffectiveConfigResult,
  RULES_REQUEST,
  RuleInfo,
  STATUS_NOTIFICATION,
  StatusParams,
} from '../../server/src/shared/protocol';

let client: LanguageClient | undefined;
let budgetPanel: WebviewPanel | undefined;

/** The files memlint reads, as the editor names them. */
const SELECTOR = [
  { scheme: 'file', language: 'sql' },
  { scheme: 'untitled', language: 'sql' },
  { scheme: 'file', language: 'powershell' },
  { scheme: 'file', pattern: '**/*.xml' },
  { scheme: 'file', pattern: '**/memlint.yaml' },
  { scheme: 'file', pattern: '**/*.vm.{yaml,yml}' },
  { scheme: 'file', pattern: '**/*memlint-policy.{yaml,yml}' },
] as const satisfies { scheme: string; language?: string; pattern?: string }[];

export async function activate(context: ExtensionContext): Promise<void> {
  const started = Date.now();
  const output = window.createOutputChannel('memlint', { log: true });
  context.subscriptions.push(output);
  const status = createStatusItem(context);
  const configItem = languages.createLanguageStatusItem('memlint.config', [...SELECTOR]);
  configItem.name = 'memlint configuration';
  configItem.text = 'memlint: defaults';
  configItem.command = { title: 'Show', command: 'memlint.showEffectiveConfiguration' };
  context.subscriptions.push(
    configItem,
    commands.registerCommand('memlint.showMemoryBudget', () => showMemoryBudget(output)),
    commands.registerCommand('memlint.showEffectiveConfiguration', () => showEffectiveConfiguration(output)),
    commands.registerCommand('memlint.openRuleDocumentation', (code?: unknown) => openRuleDocumentation(context, typeof code === 'string' ? code : undefined)),
  );

  // memlint reads files from disk to join them across the workspace: a virtual workspace
  // (a remote repository opened in the browser) has no disk for it to read
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length && folders.every((f) => f.uri.scheme !== 'file')) {
    const message = 'memlint needs the files on disk: it does not lint virtual workspaces (open a local folder or a clone).';
    output.warn(message);
    status.text = 'memlint: not available';
    status.detail = message;
    status.severity = LanguageStatusSeverity.Warning;
    void window.showInformationMessage(message);
    return;
  }

  // the rest waits for the language client library (most of the extension's code): activate()
  // returns at once, and VS Code's activation time stays small; the status item says "starting"
  void startClient(context, output, status, configItem, started);
}

/** Loads the language client library and starts the server; reports failures in the status item. */
async function startClient(context: ExtensionContext, output: LogOutputChannel, status: LanguageStatusItem, configItem: LanguageStatusItem, started: number): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle (dist/languageClient.js), loaded lazily on purpose
  const { LanguageClient, State, TransportKind } = require('./languageClient') as typeof import('./languageClient');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // a team build carries its policy (package.json "memlintPolicy", set by npm run package -- --policy)
  const policy = (context.extension.packageJSON as { memlintPolicy?: unknown }).memlintPolicy;
  const defaultPolicy = typeof policy === 'string' && policy ? context.asAbsolutePath(policy) : undefined;
  if (defaultPolicy) output.info(`memlint: team policy ${defaultPolicy}`);
  const clientOptions: LanguageClientOptions = { documentSelector: [...SELECTOR], outputChannel: output, initializationOptions: { defaultPolicy } };
  client = new LanguageClient('memlint', 'memlint', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      showStatus(status, p);
      if (p.state === 'idle') void showConfigSummary(configItem);
    }),
    window.onDidChangeActiveTextEditor(() => void showConfigSummary(configItem)),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        status.text = 'memlint: stopped';
        status.severity = LanguageStatusSeverity.Error;
        status.busy = false;
      }
    }),
  );
  try {
    await client.start();
    output.info(`memlint ${context.extension.packageJSON.version as string}: language server ready in ${Date.now() - started} ms after activation began`);
  } catch (e) {
    output.error(`memlint: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    status.text = 'memlint: failed to start';
    status.severity = LanguageStatusSeverity.Error;
  }
}

function createStatusItem(context: ExtensionContext): LanguageStatusItem {
  const item = languages.createLanguageStatusItem('memlint.status', [...SELECTOR]);
  item.name = 'memlint';
  item.text = 'memlint: starting';
  item.busy = true;
  item.command = { title: 'Show Problems', command: 'workbench.actions.view.problems' };
  context.subscriptions.push(item);
  return item;
}

/** idle / linting / N problems, from the server's memlint/status notifications. */
function showStatus(item: LanguageStatusItem, p: StatusParams): void {
  item.busy = p.state !== 'idle';
  if (p.state === 'indexing') {
    item.text = 'memlint: reading the workspace';
    return;
  }
  if (p.state === 'linting') {
    item.text = 'memlint: linting';
    return;
  }
  const problems = p.errors + p.warnings + p.others;
  item.text = problems ? `memlint: ${problems} problem${problems === 1 ? '' : 's'}` : 'memlint: no problems';
  item.detail = `${p.errors} errors, ${p.warnings} warnings, ${p.others} other; ${p.files} files read; last lint ${p.lastLintMs} ms`;
  item.severity = p.errors ? LanguageStatusSeverity.Error : p.warnings ? LanguageStatusSeverity.Warning : LanguageStatusSeverity.Information;
}

/** The configuration item: which memlint.yaml and policies apply to the active file. */
async function showConfigSummary(item: LanguageStatusItem): Promise<void> {
  const uri = window.activeTextEditor?.document.uri;
  if (!client || !uri || uri.scheme !== 'file') return;
  try {
    const r = await client.sendRequest<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, { uri: uri.toString() });
    item.text = `memlint: ${r.summary}`;
    item.detail = 'Show where each setting comes from';
  } catch {
    // the server is restarting: the next status update tries again
  }
}

/** "memlint: Show Effective Configuration": every rule's severity and where it comes from, for the active file. */
async function showEffectiveConfiguration(output: LogOutputChannel): Promise<void> {
  const uri = window.activeTextEditor?.document.uri ?? workspace.workspaceFolders?.[0]?.uri;
  if (!client || !uri) {
    void window.showInformationMessage('memlint: open a file to see the configuration that applies to it.');
    return;
  }
  try {
    const r = await client.sendRequest<EffectiveConfigResult>(EFFECTIVE_CONFIG_REQUEST, { uri: uri.toString() });
    const doc = await workspace.openTextDocument({ language: 'markdown', content: r.markdown });
    await window.showTextDocument(doc, { viewColumn: ViewColumn.Beside, preview: true });
  } catch (e) {
    output.error(`memlint: the effective configuration failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** "memlint: Show Memory Budget": the server's report in a webview with no script and a strict CSP. */
async function showMemoryBudget(output: LogOutputChannel): Promise<void> {
  if (!client) {
    void window.showWarningMessage('memlint is not running in this window.');
    return;
  }
  const params: BudgetReportParams = { nonce: randomBytes(16).toString('base64') };
  let result: BudgetReportResult;
  try {
    result = await client.sendRequest<BudgetReportResult>(BUDGET_REPORT_REQUEST, params);
  } catch (e) {
    output.error(`memlint: the memory budget failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (!budgetPanel) {
    budgetPanel = window.createWebviewPanel('memlint.budget', 'memlint: Memory Budget', ViewColumn.Beside, { enableScripts: false, localResourceRoots: [] });
    budgetPanel.onDidDispose(() => (budgetPanel = undefined));
  }
  // the page carries its own Content-Security-Policy: default-src 'none', only its nonce'd style
  budgetPanel.webview.html = result.html;
  budgetPanel.reveal(ViewColumn.Beside);
}

/**
 * "memlint: Open Rule Documentation": the page of the rule given, else of the memlint
 * problem under the cursor, else one picked from the list. The pages ship inside the
 * extension (docs/rules), so they open offline and match the installed version.
 */
async function openRuleDocumentation(context: ExtensionContext, code?: string): Promise<void> {
  if (!code) code = codeAtCursor();
  if (!code) {
    const rules = client ? await client.sendRequest<RuleInfo[]>(RULES_REQUEST).catch(() => [] as RuleInfo[]) : [];
    const picked = await window.showQuickPick<QuickPickItem & { code: string }>(
      rules.map((r) => ({ label: r.code, description: `${r.name} (${r.severity})`, detail: r.description, code: r.code })),
      { title: 'memlint: Open Rule Documentation', placeHolder: 'Rule code or name', matchOnDescription: true, matchOnDetail: true },
    );
    code = picked?.code;
  }
  if (!code || !/^[A-Z]{2,3}\d{3}$/.test(code)) return;
  const local = context.asAbsolutePath(path.join('docs', 'rules', `${code}.md`));
  if (fs.existsSync(local)) await commands.executeCommand('markdown.showPreview', Uri.file(local));
  else {
    const rules = client ? await client.sendRequest<RuleInfo[]>(RULES_REQUEST).catch(() => [] as RuleInfo[]) : [];
    const url = rules.find((r) => r.code === code)?.url;
    if (url) await env.openExternal(Uri.parse(url));
  }
}

/** The code of the first memlint diagnostic at the active editor's cursor. */
function codeAtCursor(): string | undefined {
  const editor = window.activeTextEditor;
  if (!editor) return undefined;
  const at = editor.selection.active;
  const d = languages.getDiagnostics(editor.document.uri).find((x) => x.source === 'memlint' && x.range.contains(at));
  const code = d?.code;
  return typeof code === 'string' ? code : typeof code === 'object' && code ? String(code.value) : undefined;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
