/**
 * Metamorphic: a workspace means the same whatever its line endings. Every fixture
 * workspace (the files of one fixture folder) linted with LF, CRLF and lone-CR line breaks
 * gives the same findings at the same lines and columns, with the same messages and fixes.
 * LSP clients, and memlint's LineIndex, count all three as line breaks.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Project } from '../../server/src/engine';
import { FIXTURES } from '../helpers/paths';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const withBreaks = (text: string, eol: string) => text.replace(/\r\n|\r|\n/g, eol);

/** Findings as comparable lines: file, code, line:column range, message, fixes. */
function lint(files: [string, string][]): string[] {
  const p = new Project();
  for (const [file, text] of files) p.setFile(file, text);
  return p
    .lint()
    .map((f) => {
      const lines = p.lines(f.file)!;
      const s = lines.positionAt(f.range.start);
      const e = lines.positionAt(f.range.end);
      return `${path.relative(FIXTURES, f.file)} ${f.code} ${s.line}:${s.character}-${e.line}:${e.character} ${f.message} (${f.fixes.map((x) => x.title).join('; ')})`;
    })
    .sort();
}

describe('line endings', () => {
  it('every fixture workspace lints the same with LF, CRLF and lone-CR line breaks', function () {
    this.timeout(120_000);
    const byFolder = new Map<string, string[]>();
    for (const f of filesUnder(FIXTURES)) {
      if (/\.fixed\./.test(f) || !/\.(sql|ps1|psd1|xml|ya?ml)$/i.test(f)) continue;
      byFolder.set(path.dirname(f), [...(byFolder.get(path.dirname(f)) ?? []), f]);
    }
    assert.ok(byFolder.size > 100, `fixture folders found: ${byFolder.size}`);
    for (const [folder, files] of byFolder) {
      const texts = files.map((f) => [f, fs.readFileSync(f, 'utf8')] as [string, string]);
      const lf = lint(texts.map(([f, t]) => [f, withBreaks(t, '\n')]));
      for (const eol of ['\r\n', '\r']) {
        assert.deepStrictEqual(lint(texts.map(([f, t]) => [f, withBreaks(t, eol)])), lf, `${path.relative(FIXTURES, folder)} with ${JSON.stringify(eol)}`);
      }
    }
  });
});
