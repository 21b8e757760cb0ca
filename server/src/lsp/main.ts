/**
 * Entry point of dist/server.js. The transport comes from the command line, as LSP
 * clients pass it: --stdio, --node-ipc or --socket=PORT.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { VERSION } from '../cli/version';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// A failed promise somewhere (a request the client does not answer) must not take the
// server down with every diagnostic in the editor: log it and go on.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`memlint: unexpected failure: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});
startServer(connection, VERSION);
