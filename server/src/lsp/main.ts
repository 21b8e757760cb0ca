/**
 * Entry point of dist/server.js. The transport comes from the command line, as LSP
 * clients pass it: --stdio, --node-ipc or --socket=PORT.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { VERSION } from '../cli/version';
import { turnInliningOff } from '../host/compiler';
import { startServer } from './server';

// Before any of the server's code has run often enough to be optimized: the first edits
// after a large script is opened wait on the optimizing compiler, whose jobs are several
// times cheaper without inlining (host/compiler.ts; docs/benchmarks.md has the numbers).
turnInliningOff();

const connection = createConnection(ProposedFeatures.all);
// A failed promise somewhere (a request the client does not answer) must not take the
// server down with every diagnostic in the editor: log it and go on.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`memlint: unexpected failure: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});
startServer(connection, VERSION);
