/**
 * The open documents' texts, kept as vscode-languageserver-textdocument keeps them, with
 * one repair. Its incremental update finds the line starts of the inserted text on its
 * own, so a change that puts a CR and an LF side by side across its edges (inserting
 * "x\r" just before an "\n", deleting what stood between a CR and an LF) or parts a CRLF
 * leaves it with a line start too many or too few. The text is right, but every later
 * position the client sends maps to the wrong offset: the server's copy of the document
 * drifts from the editor's, and so do its diagnostics, until the file is reopened (found
 * by the LSP storm fuzz; LSP counts CR, LF and CRLF as line ends). After such a change the
 * document is made anew from its text, which finds every line start again.
 */
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

const CR = 13;
const LF = 10;

/** Whether a change of `text` (replacing offsets start..end by `newText`) makes or parts a CRLF at its edges. */
export function touchesCrlf(text: string, start: number, end: number, newText: string): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  const after = end < text.length ? text.charCodeAt(end) : -1;
  const first = newText.length ? newText.charCodeAt(0) : after;
  const last = newText.length ? newText.charCodeAt(newText.length - 1) : before;
  const joins = (before === CR && first === LF) || (last === CR && after === LF);
  const parts = (before === CR && text.charCodeAt(start) === LF) || (end > 0 && text.charCodeAt(end - 1) === CR && after === LF);
  return joins || parts;
}

export const DOCUMENTS: TextDocumentsConfiguration<TextDocument> = {
  create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    let doc = document;
    // one change at a time: each change's positions are in the text the previous one left
    for (const change of changes) {
      if (!('range' in change)) {
        doc = TextDocument.update(doc, [change], version);
        continue;
      }
      const text = doc.getText();
      const start = doc.offsetAt(change.range.start);
      const end = Math.max(start, doc.offsetAt(change.range.end));
      const remake = touchesCrlf(text, start, end, change.text);
      doc = TextDocument.update(doc, [change], version);
      if (remake) doc = TextDocument.create(doc.uri, doc.languageId, version, doc.getText());
    }
    return doc;
  },
};
