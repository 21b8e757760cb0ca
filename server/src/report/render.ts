/** Renders the memory budget of a model for people: hover, CLI report, webview. */
import * as path from 'path';
import type { FileId, Model, Source } from '../engine';
import { explainModel, poolsAt } from '../engine';
import { reportHtml } from './html';
import { RenderContext, poolMarkdown, reportMarkdown } from './markdown';

/** "sql/pools.sql:12" relative to a base folder, with the 1-based line of the source. */
export function renderContext(lineOf: (file: FileId, offset: number) => number | undefined, base?: string): RenderContext {
  return {
    where(s: Source) {
      const rel = base ? path.relative(base, s.file) : path.basename(s.file);
      const shown = (rel && !rel.startsWith('..') ? rel : s.file).split(path.sep).join('/');
      const line = lineOf(s.file, s.range.start);
      return line !== undefined ? `${shown}:${line}` : shown;
    },
  };
}

export function budgetMarkdown(model: Model, ctx: RenderContext): string {
  return reportMarkdown(explainModel(model).map((x) => ({ name: x.instance.label, pools: x.pools })), ctx);
}

export function budgetHtml(model: Model, ctx: RenderContext, nonce: string): { html: string; instances: number } {
  const explained = explainModel(model);
  return { html: reportHtml(explained.map((x) => ({ name: x.instance.label, pools: x.pools })), ctx, { nonce }), instances: explained.length };
}

/** Hover text for a position, or undefined when nothing memlint explains is there. */
export function hoverMarkdown(model: Model, file: FileId, offset: number, ctx: RenderContext): { markdown: string; range: { start: number; end: number } } | undefined {
  const hit = poolsAt(model, file, offset);
  if (!hit || !hit.pools.length) return undefined;
  return { markdown: hit.pools.map((p) => poolMarkdown(p, ctx)).join('\n\n---\n\n'), range: hit.range };
}
