/**
 * Entry point of dist/server.js. The transport comes from the command line, as LSP
 * clients pass it: --stdio, --node-ipc or --socket=PORT.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { VERSION } from '../cli/version';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), VERSION);
