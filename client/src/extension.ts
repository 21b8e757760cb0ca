/**
 * The VS Code extension: starts the memlint language server (dist/server.js) over node
 * IPC and hands it the files memlint reads. Everything memlint knows lives in the server;
 * the extension adds what only VS Code can show (the memory budget webview).
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import { ExtensionContext, ViewColumn, WebviewPanel, commands, window } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { BUDGET_REPORT_REQUEST, BudgetReportParams, BudgetReportResult } from '../../server/src/shared/protocol';

let client: LanguageClient | undefined;
let budgetPanel: WebviewPanel | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = window.createOutputChannel('memlint', { log: true });
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      { scheme: 'file', language: 'powershell' },
      { scheme: 'file', pattern: '**/*.xml' },
      { scheme: 'file', pattern: '**/memlint.yaml' },
      { scheme: 'file', pattern: '**/*.vm.{yaml,yml}' },
    ],
    outputChannel,
  };
  client = new LanguageClient('memlint', 'memlint', serverOptions, clientOptions);
  context.subscriptions.push(commands.registerCommand('memlint.showMemoryBudget', () => showMemoryBudget()));
  await client.start();
}

/** "memlint: Show Memory Budget": the server's report in a webview with no script and a strict CSP. */
async function showMemoryBudget(): Promise<void> {
  if (!client) return;
  const params: BudgetReportParams = { nonce: randomBytes(16).toString('base64') };
  const result = await client.sendRequest<BudgetReportResult>(BUDGET_REPORT_REQUEST, params);
  if (!budgetPanel) {
    budgetPanel = window.createWebviewPanel('memlint.budget', 'memlint: Memory Budget', ViewColumn.Beside, { enableScripts: false, localResourceRoots: [] });
    budgetPanel.onDidDispose(() => (budgetPanel = undefined));
  }
  // the page carries its own Content-Security-Policy: default-src 'none', only its nonce'd style
  budgetPanel.webview.html = result.html;
  budgetPanel.reveal(ViewColumn.Beside);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
