/**
 * A small LSP client over the real protocol library, for tests: it starts dist/server.js
 * (stdio or node-ipc), answers workspace/configuration and window/showDocument, and lets
 * a test wait for the next publishDiagnostics of a document. Nothing here sleeps.
 */
import { ChildProcess, fork, spawn } from 'child_process';
import * as path from 'path';
import {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  ClientCapabilities,
  ConfigurationRequest,
  Diagnostic,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShowMessageParams,
  TextEdit,
  createProtocolConnection,
} from 'vscode-languageserver-protocol';
import { IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { DIST } from './paths';

/** The server's own notifications the client records. */
const CUSTOM_NOTIFICATIONS = ['memlint/status'];

export interface TestClientOptions {
  transport?: 'stdio' | 'ipc';
  capabilities?: ClientCapabilities;
  /** Settings returned for section "memlint". */
  settings?: Record<string, unknown>;
  /** Workspace folders the client opens (none by default). */
  workspaceFolders?: { uri: string; name: string }[];
  /** initializationOptions, as the extension sends them (e.g. a team build's defaultPolicy). */
  initializationOptions?: Record<string, unknown>;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly shownDocuments: string[] = [];
  /** window/showMessage notifications, in order. */
  readonly messages: ShowMessageParams[] = [];
  /** window/logMessage texts, in order. */
  readonly logs: string[] = [];
  /** workspace/applyEdit requests, in order (each is answered "applied"). */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** Custom notifications by method, in order. */
  readonly notifications = new Map<string, unknown[]>();
  private readonly notificationWaiters: { method: string; pred: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  settings: Record<string, unknown>;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  private constructor(readonly child: ChildProcess, connection: ProtocolConnection, settings: Record<string, unknown>) {
    this.connection = connection;
    this.settings = settings;
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.latest.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((i) => (i.section === 'memlint' ? this.settings : i.section === 'files.exclude' ? {} : null)));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(ShowDocumentRequest.type, (p) => {
      this.shownDocuments.push(p.uri);
      return { success: true };
    });
    connection.onNotification(ShowMessageNotification.method, (p: ShowMessageParams) => void this.messages.push(p));
    connection.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
      this.appliedEdits.push(p);
      return { applied: true };
    });
    for (const method of CUSTOM_NOTIFICATIONS) connection.onNotification(method, (params: unknown) => {
      const list = this.notifications.get(method) ?? [];
      list.push(params);
      this.notifications.set(method, list);
      for (const w of [...this.notificationWaiters]) {
        if (w.method === method && w.pred(params)) {
          this.notificationWaiters.splice(this.notificationWaiters.indexOf(w), 1);
          w.resolve(params);
        }
      }
    });
    connection.listen();
  }

  /** The latest notification of `method` if it satisfies `pred`, else the next one that does. */
  notificationWhen<T>(method: string, pred: (p: T) => boolean): Promise<T> {
    const list = this.notifications.get(method);
    const latest = list?.[list.length - 1] as T | undefined;
    if (latest !== undefined && pred(latest)) return Promise.resolve(latest);
    return this.nextNotification(method, pred);
  }

  /** The next `method` notification satisfying `pred`, ignoring those already received. */
  nextNotification<T>(method: string, pred: (p: T) => boolean): Promise<T> {
    return new Promise((resolve) => this.notificationWaiters.push({ method, pred: pred as (p: unknown) => boolean, resolve: resolve as (p: unknown) => void }));
  }

  static async start(opts: TestClientOptions = {}): Promise<TestClient> {
    const server = path.join(DIST, 'server.js');
    let child: ChildProcess;
    let connection: ProtocolConnection;
    if (opts.transport === 'ipc') {
      child = fork(server, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
      connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    }
    const client = new TestClient(child, connection, opts.settings ?? {});
    const capabilities: ClientCapabilities = opts.capabilities ?? {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
      window: { showDocument: { support: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
    };
    const folders = opts.workspaceFolders ?? null;
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: folders?.[0]?.uri ?? null, capabilities, workspaceFolders: folders, initializationOptions: opts.initializationOptions });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the next publishDiagnostics for `uri` that satisfies `pred`. */
  nextDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, pred, resolve }));
  }

  /** The latest publishDiagnostics for `uri` if it satisfies `pred`, else the next one that does. */
  diagnosticsWhen(uri: string, pred: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    return latest && pred(latest) ? Promise.resolve(latest) : this.nextDiagnostics(uri, pred);
  }

  lastDiagnostics(uri: string): Diagnostic[] {
    return this.latest.get(uri)?.diagnostics ?? [];
  }

  /** Shuts the server down the LSP way and waits for the process to exit; returns its exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((r) => this.child.once('exit', (code) => r(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/** Applies LSP text edits to a text (positions in UTF-16 units, as the server sends them). */
export function applyLspEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
