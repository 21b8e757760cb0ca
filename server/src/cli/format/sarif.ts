/**
 * `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. The
 * driver lists every rule (id, name, descriptions, help URI, default level); results carry
 * their rule, level, message, location, related locations and fixes. Columns count UTF-16
 * code units (columnKind), as the rest of memlint does.
 */
import * as path from 'path';
import { Finding, RULES, Severity, ruleDocsUrl } from '../../engine';
import { VERSION } from '../version';
import { FormatContext, displayPath, locate } from './common';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function region(ctx: FormatContext, file: string, range: { start: number; end: number }) {
  const l = locate(ctx, file, range);
  return { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn };
}

function artifact(ctx: FormatContext, file: string) {
  return { uri: encodeURI(displayPath(ctx, file)), uriBaseId: '%SRCROOT%' };
}

export function formatSarif(findings: Finding[], ctx: FormatContext): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.code, i]));
  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'memlint',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: 'https://github.com/memlint/memlint',
            rules: RULES.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.meta.description },
              helpUri: ruleDocsUrl(r.code),
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: { scope: r.meta.scope, fixable: r.meta.fixable },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${encodeURI(ctx.cwd.split(path.sep).join('/').replace(/^\/?/, '/'))}/` } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: ruleIndex.get(f.code),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: artifact(ctx, f.file), region: region(ctx, f.file, f.range) } }],
          ...(f.related.length
            ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: { artifactLocation: artifact(ctx, r.file), region: region(ctx, r.file, r.range) } })) }
            : {}),
          ...(f.fixes.length
            ? {
                fixes: f.fixes.map((x) => ({
                  description: { text: `${x.title}${x.applicability === 'unsafe' ? ' (unsafe)' : ''}` },
                  artifactChanges: [...new Set(x.edits.map((e) => e.file))].map((file) => ({
                    artifactLocation: artifact(ctx, file),
                    replacements: x.edits.filter((e) => e.file === file).map((e) => ({ deletedRegion: region(ctx, file, e.range), insertedContent: { text: e.newText } })),
                  })),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
