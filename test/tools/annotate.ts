/**
 * Fixture authoring aid (like an "expect-test" bless): prints a fixture with markers for
 * what memlint reports now, and with --write stores it and its .fixed twin. Every marker
 * written this way must be reviewed against docs/rules and spec/domain.md before commit;
 * the fixture test then pins the behaviour.
 *
 *   node out/test/tools/annotate.js test/fixtures/RG101/basic.sql [--write]
 *   node out/test/tools/annotate.js test/fixtures/RG103/two-files/ [--write]
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineIndex, TextEncodingName, decodeText, encodeText, runFixLoop } from '../../server/src/engine';
import { fixtureProject, isFixedTwin, twinOf } from '../helpers/fixtures';

const COMMENT: Record<string, { open: string; close: string }> = {
  '.sql': { open: '--', close: '' },
  '.ps1': { open: '#', close: '' },
  '.psd1': { open: '#', close: '' },
  '.yaml': { open: '#', close: '' },
  '.yml': { open: '#', close: '' },
  '.xml': { open: '<!--', close: ' -->' },
};

function stripMarkers(text: string): string {
  return text
    .split(/(?<=\n)/)
    .filter((l) => !/^\s*(--|#|<!--)(\s*\^+\s+[A-Z]{2,3}\d{3}|!\s*[A-Z]{2,3}\d{3}\s+@)/.test(l))
    .join('');
}

function annotate(files: string[], write: boolean): void {
  const project = fixtureProject(files);
  const texts = new Map<string, string>();
  const encodings = new Map<string, TextEncodingName>();
  for (const f of files) {
    const decoded = decodeText(fs.readFileSync(f));
    encodings.set(f, decoded.encoding);
    const t = stripMarkers(decoded.text);
    texts.set(f, t);
    project.setFile(f, t);
  }
  const findings = project.lint();
  const annotated = new Map<string, string>();
  for (const f of files) {
    const text = texts.get(f)!;
    const c = COMMENT[path.extname(f)] ?? COMMENT['.sql'];
    const li = new LineIndex(text);
    const eol = li.eol();
    const mine = findings.filter((x) => x.file === f);
    const lines = text.split(/\r\n|\r|\n/);
    // final line number of each original line once marker lines are inserted
    // A marker line right under a memlint-disable-next-line comment would become the line
    // it suppresses, so markers of such a line go (explicit) after the line it governs.
    const emitAfter = (line: number) => (/memlint-disable-next-line/.test(lines[line]) && line + 1 < lines.length ? line + 1 : line);
    const extra = new Array(lines.length).fill(0);
    for (const x of mine) extra[emitAfter(li.positionAt(x.range.start).line)]++;
    const finalLine: number[] = [];
    let shift = 0;
    for (let i = 0; i < lines.length; i++) {
      finalLine.push(i + shift);
      shift += extra[i];
    }
    const out: string[] = [];
    lines.forEach((line, i) => {
      out.push(line);
      const here = mine.filter((x) => emitAfter(li.positionAt(x.range.start).line) === i).sort((a, b) => a.range.start - b.range.start);
      for (const x of here) {
        const s = li.positionAt(x.range.start);
        const e = li.positionAt(x.range.end);
        const sev = ` (${x.severity})`;
        if (s.line !== i || s.character < c.open.length + 1 || e.character <= s.character && e.line === s.line) {
          out.push(`${c.open}! ${x.code} @${finalLine[s.line] + 1}:${s.character + 1}-${finalLine[e.line] + 1}:${e.character + 1}${sev}${c.close}`);
        } else if (e.line === s.line) {
          out.push(`${c.open}${' '.repeat(s.character - c.open.length)}${'^'.repeat(e.character - s.character)} ${x.code}${sev}${c.close}`);
        } else {
          const caretEnd = li.lineContentEnd(s.line) - li.lineStart(s.line);
          out.push(`${c.open}${' '.repeat(s.character - c.open.length)}${'^'.repeat(Math.max(1, caretEnd - s.character))} ${x.code}${sev} @end=${finalLine[e.line] + 1}:${e.character + 1}${c.close}`);
        }
        console.error(`  ${x.code} ${x.severity} ${s.line + 1}:${s.character + 1}  ${x.message}`);
      }
    });
    annotated.set(f, out.join(eol));
  }
  // the twin: every fix applied to the annotated text
  const scratch = fixtureProject(files);
  for (const [f, t] of annotated) scratch.setFile(f, t);
  const fixed = runFixLoop(scratch, { unsafe: true });
  for (const [f, t] of annotated) {
    if (!write) {
      console.log(`===== ${f}\n${t}`);
      if (fixed.changed.has(f)) console.log(`===== ${twinOf(f)}\n${fixed.changed.get(f)}`);
      continue;
    }
    const enc = encodings.get(f)!;
    fs.writeFileSync(f, encodeText(t, enc));
    if (fixed.changed.has(f)) fs.writeFileSync(twinOf(f), encodeText(fixed.changed.get(f)!, enc));
    else if (fs.existsSync(twinOf(f))) fs.unlinkSync(twinOf(f));
  }
}

const args = process.argv.slice(2);
const write = args.includes('--write');
for (const a of args.filter((x) => !x.startsWith('--'))) {
  const st = fs.statSync(a);
  const files = st.isDirectory()
    ? fs.readdirSync(a, { recursive: true, encoding: 'utf8' }).map((f) => path.join(a, f)).filter((f) => fs.statSync(f).isFile() && !isFixedTwin(f))
    : [a];
  console.error(`${a}:`);
  annotate(files.sort(), write);
}
