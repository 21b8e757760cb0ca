/**
 * The PowerShell reader: Hyper-V VM memory as provisioning scripts (`*.ps1`) and data
 * files (`*.psd1`) set it, into the facts every VM source shares (facts.ts).
 *
 * Scripts: `New-VM`, `Set-VM` and `Set-VMMemory`, with named, prefixed (`-MinimumByte`),
 * positional, colon (`-StartupBytes:8GB`), splatted (`@params`) and piped
 * (`Get-VM X | …`, `Stop-VM X -Passthru | …`) arguments, values through `$var = 8GB`,
 * hashtables, arithmetic and string conversion. Data files: every hashtable with
 * `MemoryStartupBytes`, `MemoryMinimumBytes`, `MemoryMaximumBytes` or
 * `DynamicMemoryEnabled` keys is one VM, named by its `VMName` or `Name` key.
 * What can't be known statically (a parameter, `Read-Host`, an unknown variable) is
 * unknown: `bytes`/`value`/`name` undefined, never guessed. The last setting of a VM
 * in file order wins. See ps/reader.ts for the reader and its limits.
 *
 * PARSER CHOICE (measured on this machine, Node 20, median of 3 runs unless noted).
 * The spec suggests tree-sitter-powershell's wasm build through web-tree-sitter and
 * allows a hand-written tokenizer for the command subset if the known gaps or the speed
 * stand in the way. Both were measured:
 *
 *   web-tree-sitter 0.27.1 + tree-sitter-powershell 0.26.4 (1.09 MB grammar wasm +
 *   0.21 MB runtime wasm, loaded from bytes):
 *     start-up: 16 ms runtime init + 16 ms grammar load + 40 ms first parse;
 *     25,000 generated `Set-VMMemory -VMName … -DynamicMemoryEnabled $true -MinimumBytes
 *     …GB -StartupBytes 16GB -MaximumBytes 64GB` lines (2.9 MB): 2.3-3.6 s to parse
 *     (0.8-1.3 MB/s), 3.7-5.4 s with a tree walk;
 *     correctness on the required forms: no numeric multipliers in expression mode
 *     (`$mem = 8GB` is a command named `8GB`, `Key = 16GB` in a hashtable too,
 *     `$m = $x * 1MB` and `$n = 2GB + 512MB` are ERROR nodes), `(4 * 1GB)` in an
 *     argument is an ERROR node, en-dash parameters (`–Name`) are plain words; named,
 *     positional, colon, switch, pipeline, splat, continuation, comment, string,
 *     here-string and subexpression forms parse.
 *   Hand-written reader (ps/): no start-up (no wasm, nothing to load); the same
 *     25,000-line file in about 70 ms (about 40 MB/s), 10x the input in 10x the time;
 *     every required form (test/unit/powershell.test.ts).
 *
 * Decision: the hand-written reader. tree-sitter misses sizes in exactly the places the
 * reader must read them (assignments, hashtables, arithmetic), and at about 1 MB/s a
 * 25,000-line script alone would take seconds where the lint budget is tens of
 * milliseconds. The reader is pure TypeScript: no wasm to bundle, no async start-up.
 */
import { Directive, SuppressionDirective, parseDirectives } from '../directives';
import { LineIndex } from '../text/lineIndex';
import type { FileId } from '../types';
import type { VmFacts, VmFile } from './facts';
import { CommentSpan, readPs } from './ps/reader';

/**
 * Reads one PowerShell script (`kind` 'powershell') or data file ('psd1') into VM facts
 * and suppression comments. Total: any text gives a VmFile, in time linear in its size.
 */
export function readPowerShell(file: FileId, text: string, kind: 'powershell' | 'psd1'): VmFile {
  let vms: VmFacts[] = [];
  let comments: CommentSpan[] = [];
  try {
    const r = readPs(text, kind);
    vms = r.vms;
    comments = r.comments;
  } catch {
    // The reader is written not to throw (the tests hold it to that); should a bug
    // slip through, the file contributes nothing rather than stopping the lint.
  }
  let lines: LineIndex | undefined;
  return {
    file,
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    kind,
    vms,
    suppressions: suppressionsIn(text, comments),
    commentPrefix: '#',
  };
}

/** The memlint directives in the comments (only comments holding the word "memlint" are read). */
function suppressionsIn(text: string, comments: CommentSpan[]): SuppressionDirective[] {
  const directives: Directive[] = [];
  let c = 0;
  for (let at = text.indexOf('memlint'); at >= 0 && c < comments.length; at = text.indexOf('memlint', at + 7)) {
    while (c < comments.length && comments[c].end <= at) c++;
    const cm = comments[c];
    if (!cm || cm.start > at) continue;
    directives.push(...parseDirectives(text.slice(cm.bodyStart, cm.bodyEnd), cm.bodyStart, { start: cm.start, end: cm.end }));
    at = Math.max(at, cm.end - 7); // one comment is read once
    c++;
  }
  return directives.filter((d): d is SuppressionDirective => d.kind === 'suppression');
}
