/**
 * `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers. The
 * driver lists every rule (id, name, descriptions, help URI, default level); results carry
 * their rule, level, message, location, related locations and fixes. Columns count UTF-16
 * code units (columnKind), as the rest of memlint does; lines and columns are 1-based and
 * endColumn is the column after the last character, as SARIF defines them.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Finding, RULES, Severity, ruleDocsUrl } from '../../engine';
import { VERSION } from '../version';
import { FormatContext, locate } from './common';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** The base every relative artifact URI is resolved against: the working directory. */
const SRCROOT = '%SRCROOT%';

/** What SARIF says about the run itself (the `invocations` entry). */
export interface SarifInvocation {
  /** The exit code memlint returns for this run. */
  exitCode: number;
}

function region(ctx: FormatContext, file: string, range: { start: number; end: number }) {
  const l = locate(ctx, file, range);
  return { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn };
}

/** A directory as a file: URI ending in "/", so relative URIs resolve inside it. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * A file below the working directory is a relative URI against %SRCROOT% (GitHub code
 * scanning resolves it against the checkout); each path segment is percent-encoded, so
 * "#", "?", "%", ":" and spaces in names stay part of the path. Any other file is an
 * absolute file: URI.
 */
function artifact(ctx: FormatContext, file: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(ctx.cwd, file);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(file).href };
}

export function formatSarif(findings: Finding[], ctx: FormatContext, invocation: SarifInvocation = { exitCode: 0 }): string {
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
              help: { text: `${r.meta.description} See ${ruleDocsUrl(r.code)}`, markdown: `${r.meta.description} See [${r.code}](${ruleDocsUrl(r.code)}).` },
              defaultConfiguration: { level: LEVEL[r.meta.severity] },
              properties: { scope: r.meta.scope, fixable: r.meta.fixable },
            })),
          },
        },
        // findings were produced, so the run itself succeeded whatever they say; the exit
        // code tells whether they fail the build
        invocations: [{ executionSuccessful: true, exitCode: invocation.exitCode, workingDirectory: { uri: directoryUri(ctx.cwd) } }],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(ctx.cwd) } },
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
                  // one change per file, its replacements in the file's original coordinates
                  artifactChanges: [...new Set(x.edits.map((e) => e.file))].map((file) => ({
                    artifactLocation: artifact(ctx, file),
                    replacements: x.edits.filter((e) => e.file === file).map((e) => ({ deletedRegion: region(ctx, file, e.range), insertedContent: { text: e.newText } })),
                  })),
                  properties: { applicability: x.applicability },
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
