/**
 * The language client library, bundled on its own (dist/languageClient.js) and loaded by
 * the extension only after activate() has returned its first answer: it is most of the
 * extension's code (~450 KB), and loading it up front made activation take ~100 ms on its own.
 */
export { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
