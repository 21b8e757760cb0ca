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
 * PARSER CHOICE. The spec suggests tree-sitter-powershell's wasm build through
 * web-tree-sitter, and allows a hand-written tokenizer for the command subset if the
 * known gaps or the speed stand in the way: "measure both". Both were measured on this
 * machine (Node 20; ranges over repeated runs, the machine's load varied), on a generated
 * file of 25,000 lines `Set-VMMemory -VMName "SQLVMn" -DynamicMemoryEnabled $true
 * -MinimumBytes nGB -StartupBytes 16GB -MaximumBytes 64GB` (2.87 MB):
 *
 *   web-tree-sitter 0.27.1 + tree-sitter-powershell 0.26.4 (the package ships
 *   tree-sitter-powershell.wasm, 1.09 MB; the runtime wasm is 0.21 MB; both loaded from
 *   bytes, no network):
 *   - start-up 22-33 ms (runtime init 10-17 ms, grammar load 11-16 ms), then 27-40 ms for
 *     the first parse;
 *   - the 2.87 MB file: 1.1-3.6 s to parse (0.8-2.6 MB/s), 3.7-5.4 s with a tree walk;
 *     100,000 nested parentheses 43-112 ms, a 1 MB line 325 ms;
 *   - required forms: no numeric multipliers in expression mode at all (`$mem = 8GB` and
 *     `Key = 16GB` in a hashtable parse as a command named `8GB`/`16GB`; `$m = $x * 1MB`
 *     and `$n = 2GB + 512MB` give ERROR nodes), `(4 * 1GB)` in an argument gives an
 *     ERROR node, en-dash parameters (`–Name`) are plain words. Named, positional, colon,
 *     switch, pipeline, splat, continuation, comment, string, here-string and
 *     subexpression forms parse.
 *   Hand-written reader (ps/):
 *   - start-up: none to speak of (no wasm, no async init; first call 2-3 ms, JIT warm-up);
 *   - the 2.87 MB file: 100-170 ms (17-29 MB/s); ten times the file, ten times the time
 *     (1.0-1.7 s); hostile shapes (100,000 nested parentheses, 1 MB lines, random
 *     text) 3-200 ms each;
 *   - every required form, with exact ranges (test/unit/powershell.test.ts).
 *
 * Decision: the hand-written reader. tree-sitter misses sizes exactly where this reader
 * must read them (assignments, hashtables, arithmetic), so its tree would have to be
 * re-lexed anyway; it is 10-30x slower (seconds for a large script where the lint
 * budget is tens of milliseconds); and it would add 1.3 MB of wasm to bundle and an
 * async start-up to every host. The reader is pure TypeScript: nothing to copy into the
 * bundle, nothing to initialise.
 */
import { Directive, SuppressionDirective, parseDirectives } from '../directives';
import { noteReaderFault } from '../readerFaults';
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
  } catch (e) {
    noteReaderFault(e);
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
