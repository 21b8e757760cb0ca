/**
 * `--format junit`: JUnit XML for CI dashboards (Azure Pipelines, Jenkins, GitLab). One
 * testsuite per linted file, one failing testcase per finding; a file without findings
 * gets one passing testcase, so the dashboard shows what was checked.
 */
import type { Finding } from '../../engine';
import { FormatContext, displayPath, locate } from './common';

/** Characters XML 1.0 can't hold at all, even escaped (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/**
 * Text content: the invalid characters dropped, markup characters escaped, and CR as a
 * character reference (a parser would turn a literal CR, or CR LF, into LF).
 */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;');
}

/**
 * An attribute value: as text, and tab, LF and CR as character references, because a
 * parser turns literal ones into spaces (attribute-value normalization).
 */
export function xmlAttribute(s: string): string {
  return xmlText(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

export function formatJunit(findings: Finding[], ctx: FormatContext, files: string[]): string {
  const byFile = new Map<string, Finding[]>();
  for (const file of files) byFile.set(file, []);
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const suites: string[] = [];
  let tests = 0;
  for (const [file, list] of byFile) {
    const name = xmlAttribute(displayPath(ctx, file));
    if (!list.length) {
      tests++;
      suites.push(`  <testsuite name="${name}" tests="1" failures="0" errors="0">\n    <testcase classname="${name}" name="memlint: no problems"/>\n  </testsuite>`);
      continue;
    }
    tests += list.length;
    const cases = list.map((f) => {
      const at = locate(ctx, f.file, f.range);
      const title = `${f.code} ${f.name} at ${at.line}:${at.column}`;
      return `    <testcase classname="${name}" name="${xmlAttribute(title)}">\n      <failure type="${f.code}" message="${xmlAttribute(`${f.severity}: ${f.message}`)}">${xmlText(`${at.file}:${at.line}:${at.column} ${f.severity} ${f.code} ${f.message}`)}</failure>\n    </testcase>`;
    });
    suites.push(`  <testsuite name="${name}" tests="${list.length}" failures="${list.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="memlint" tests="${tests}" failures="${findings.length}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
