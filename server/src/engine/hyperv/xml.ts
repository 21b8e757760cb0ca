/**
 * Legacy Hyper-V XML VM configuration (Windows Server 2012 R2 and earlier, configuration
 * version 5 or less; domain.md §4.3) read into VM facts:
 *
 *   <configuration>
 *     <properties>
 *       <name type="string">SQLVM01</name>
 *       <subtype type="integer">1</subtype>                     generation - 1
 *     </properties>
 *     <settings><memory><bank>
 *       <dynamic_memory_enabled type="bool">True</dynamic_memory_enabled>
 *       <size type="integer">4096</size>                        startup, MB
 *       <reservation type="integer">2048</reservation>          minimum, MB
 *       <limit type="integer">8192</limit>                      maximum, MB
 *       <target_memory_buffer type="integer">20</target_memory_buffer>
 *       <priority type="integer">5000</priority>                or <weight>: 0-10000
 *     </bank></memory></settings>
 *   </configuration>
 *
 * Any other XML file (app.config also has a <configuration> root) is not a VM file:
 * without `configuration/settings/memory/bank` the reader returns undefined.
 *
 * Parser: htmlparser2's Tokenizer in XML mode. It is the only candidate that gives
 * exact offsets into the string it was given (JavaScript string indexes, i.e. UTF-16
 * code units, unchanged by CRLF or non-ASCII text), and it tolerates anything: a file
 * being edited, a truncated export, binary garbage. The package's own Parser keeps its
 * open-element stack with Array.unshift (quadratic: 100,000 unclosed tags take 16 s) and
 * saxes stops being useful after the first well-formedness error (and builds an error
 * object for each one: 1 s for 100,000 of them); @xmldom/xmldom reports only
 * line/column and builds a DOM. So the Tokenizer feeds the small element stack below,
 * which is linear whatever the input and never recurses. Entities are left undecoded by
 * the tokenizer (so text comes in one piece with its raw range) and decoded here.
 * htmlparser2 11+ is ESM only; 10.x is the line that also ships CommonJS.
 */
import { Tokenizer } from 'htmlparser2';
import { SuppressionDirective, parseDirectives } from '../directives';
import { noteReaderFault } from '../readerFaults';
import { LineIndex } from '../text/lineIndex';
import type { FileId, Range } from '../types';
import { BoolValue, MB, NumberValue, SizeValue, VmFacts, VmFile } from './facts';

/** Where an element sits in the VM configuration (by its path from the root). */
type Role = 'root' | 'properties' | 'settings' | 'memory' | 'bank' | Field | 'other';
type Field = 'name' | 'subtype' | 'dynamic' | 'startup' | 'minimum' | 'maximum' | 'buffer' | 'weight';

/** The value elements of <bank>, lower-case. */
const BANK_FIELDS = new Map<string, Field>([
  ['dynamic_memory_enabled', 'dynamic'],
  ['size', 'startup'],
  ['reservation', 'minimum'],
  ['limit', 'maximum'],
  // UNVERIFIED (domain.md §4.3): the element names for the memory buffer and the memory
  // weight are the ones commonly cited, but no real export holding them was found. The
  // values are read as WMI writes them: buffer in percent, weight 0-10000 (Priority x 100).
  ['target_memory_buffer', 'buffer'],
  ['priority', 'weight'],
  ['weight', 'weight'],
]);

/** The value elements of <properties>, lower-case. */
const PROPERTY_FIELDS = new Map<string, Field>([
  ['name', 'name'],
  ['subtype', 'subtype'],
]);

interface Open {
  /** Lower-case name (XML is case-sensitive, but PowerShell readers of these files are not). */
  key: string;
  role: Role;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>`; -1 until the tag is complete. */
  contentStart: number;
  /** Direct text of a value element: [start, end, isCdata] triples. */
  segs?: number[];
}

/**
 * Reads a Hyper-V XML VM configuration. Returns undefined when the text is not one (the
 * file is then ignored). Never throws; a damaged file yields what could be read.
 */
export function readHyperVXml(file: FileId, text: string): VmFile | undefined {
  try {
    return read(file, text);
  } catch (e) {
    noteReaderFault(e);
    return undefined; // not expected: the tokenizer and the code below accept any input
  }
}

function read(file: FileId, text: string): VmFile | undefined {
  const stack: Open[] = [];
  /** How many open elements have each name, so a stray end tag costs O(1) and never scans the stack. */
  const openCount = new Map<string, number>();
  const vm: VmFacts = { nameRange: { start: 0, end: 0 } };
  const suppressions: SuppressionDirective[] = [];
  let rootSeen = false;
  let root: Open | undefined;
  let rootNameEnd = 0;
  let hasBank = false;
  let notVm = false;
  let nameSeen = false;
  /** The `<` of the start tag being read, so its `>` is matched to the right element. */
  let pendingTagStart = -1;

  const push = (o: Open) => {
    stack.push(o);
    openCount.set(o.key, (openCount.get(o.key) ?? 0) + 1);
  };
  const pop = (): Open => {
    const o = stack.pop()!;
    const n = openCount.get(o.key)! - 1;
    if (n === 0) openCount.delete(o.key);
    else openCount.set(o.key, n);
    return o;
  };
  /** An element ends: a value element gives its value. `selfClosedAt` is the offset after `/>`. */
  const finish = (o: Open, selfClosedAt?: number) => {
    if (!isField(o.role)) return;
    const v = valueOf(text, o, selfClosedAt);
    if (o.role === 'name') nameSeen = true;
    setField(vm, o.role, v.text, v.range);
  };

  const tk = new Tokenizer(
    { xmlMode: true, decodeEntities: false },
    {
      onopentagname(start, end) {
        const key = text.slice(start, end).toLowerCase();
        pendingTagStart = start - 1;
        const parent = stack.length ? stack[stack.length - 1] : undefined;
        let role: Role = 'other';
        if (!parent) {
          if (!rootSeen) {
            rootSeen = true;
            if (key !== 'configuration') {
              notVm = true;
              tk.pause(); // not a Hyper-V file: read no further
              return;
            }
            role = 'root';
            rootNameEnd = end;
          }
        } else if (parent.role === 'root') {
          role = key === 'properties' ? 'properties' : key === 'settings' ? 'settings' : 'other';
        } else if (parent.role === 'settings') {
          role = key === 'memory' ? 'memory' : 'other';
        } else if (parent.role === 'memory') {
          if (key === 'bank') {
            role = 'bank';
            hasBank = true;
          }
        } else if (parent.role === 'bank') {
          role = BANK_FIELDS.get(key) ?? 'other';
        } else if (parent.role === 'properties') {
          role = PROPERTY_FIELDS.get(key) ?? 'other';
        }
        const o: Open = { key, role, start: start - 1, contentStart: -1 };
        if (isField(role)) o.segs = [];
        if (role === 'root') root = o;
        push(o);
      },
      onopentagend(endIndex) {
        const top = stack[stack.length - 1];
        if (top && top.contentStart < 0 && top.start === pendingTagStart) top.contentStart = endIndex + 1;
      },
      onselfclosingtag(endIndex) {
        const top = stack[stack.length - 1];
        if (!top || top.start !== pendingTagStart) return;
        top.contentStart = endIndex + 1;
        finish(pop(), endIndex + 1);
      },
      onclosetag(start, end) {
        const key = text.slice(start, end).toLowerCase();
        if (!openCount.has(key)) return; // a stray end tag
        for (;;) {
          const o = pop();
          finish(o);
          if (o.key === key) break;
        }
      },
      ontext(start, end) {
        // At the end of a text cut short after an end tag's name (`</configurati` and a line
        // break), htmlparser2 reports all of it as trailing text from offset -1: that is no text.
        if (start < 0) return;
        const top = stack[stack.length - 1];
        if (top?.segs && top.contentStart >= 0) top.segs.push(start, end, 0);
      },
      oncdata(start, end, endOffset) {
        if (start < 0) return; // as in ontext
        const top = stack[stack.length - 1];
        if (top?.segs && top.contentStart >= 0) top.segs.push(start, Math.max(start, end - endOffset), 1);
      },
      oncomment(start, end, endOffset) {
        if (start < 0) return; // as in ontext
        // `<!x>` and `<?x>` may also arrive here; only real comments hold directives
        if (!text.startsWith('<!--', start - 4)) return;
        const bodyEnd = Math.max(start, end - endOffset);
        const body = text.slice(start, bodyEnd);
        if (!body.includes('memlint')) return;
        // an unclosed comment runs to the end of the text (endOffset 0)
        const comment: Range = { start: start - 4, end: endOffset === 0 ? Math.min(end, text.length) : Math.min(end + 1, text.length) };
        for (const d of parseDirectives(body, start, comment)) if (d.kind === 'suppression') suppressions.push(d);
      },
      onattribname() {},
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      ondeclaration() {},
      onprocessinginstruction() {},
      ontextentity() {},
      onend() {},
    },
  );
  tk.write(text);
  if (notVm) return undefined;
  tk.end();
  // elements never closed end with the text
  while (stack.length) finish(pop());
  if (!root || !hasBank) return undefined;
  if (!nameSeen) {
    // no <name>: the VM is "declared" by the root start tag
    vm.nameRange = { start: root.start, end: root.contentStart >= 0 ? root.contentStart : rootNameEnd };
  }
  let lines: LineIndex | undefined;
  return {
    file,
    text,
    get lines() {
      return (lines ??= new LineIndex(text));
    },
    kind: 'xml',
    vms: [vm],
    suppressions,
    commentPrefix: '<!--',
  };
}

function isField(role: Role): role is Field {
  return role !== 'root' && role !== 'properties' && role !== 'settings' && role !== 'memory' && role !== 'bank' && role !== 'other';
}

/**
 * The text of a value element without surrounding whitespace, entities decoded, and the
 * range it covers. An empty element gives no text and an empty range where the value
 * would go; a self-closing one (`<size/>`) the range of the whole element.
 */
function valueOf(text: string, o: Open, selfClosedAt: number | undefined): { text?: string; range: Range } {
  if (selfClosedAt !== undefined) return { range: { start: o.start, end: selfClosedAt } };
  const segs = o.segs!;
  let first = -1;
  let last = -1;
  let start = 0;
  let end = 0;
  for (let i = 0; i < segs.length; i += 3) {
    let s = segs[i];
    let e = segs[i + 1];
    if (!segs[i + 2]) {
      while (s < e && isXmlSpace(text.charCodeAt(s))) s++;
      while (e > s && isXmlSpace(text.charCodeAt(e - 1))) e--;
      if (s === e) continue;
    }
    if (first < 0) {
      first = i;
      start = s;
    }
    last = i;
    end = e;
  }
  if (first < 0) {
    const at = o.contentStart >= 0 ? o.contentStart : o.start;
    return { range: { start: at, end: at } };
  }
  let value = '';
  for (let i = first; i <= last; i += 3) {
    const s = Math.max(segs[i], start);
    const e = Math.min(segs[i + 1], end);
    if (e <= s) continue;
    value += segs[i + 2] ? text.slice(s, e) : decodeEntities(text.slice(s, e));
  }
  return { text: value, range: { start, end } };
}

function setField(vm: VmFacts, field: Field, value: string | undefined, range: Range): void {
  switch (field) {
    case 'name':
      vm.name = value === undefined || value === '' ? undefined : value;
      vm.nameRange = range;
      return;
    case 'subtype': {
      const n = readInteger(value);
      vm.generation = { range } as NumberValue;
      if (n !== undefined) vm.generation.value = n + 1;
      return;
    }
    case 'dynamic': {
      const b: BoolValue = { range };
      const v = value?.toLowerCase();
      if (v === 'true') b.value = true;
      else if (v === 'false') b.value = false;
      vm.dynamic = b;
      return;
    }
    case 'startup':
    case 'minimum':
    case 'maximum': {
      const n = readInteger(value);
      const size: SizeValue = { range, style: { kind: 'mb' } };
      if (n !== undefined && Number.isSafeInteger(n * MB)) size.bytes = n * MB;
      vm[field] = size;
      return;
    }
    case 'buffer':
    case 'weight': {
      const n = readInteger(value);
      const num: NumberValue = { range };
      if (n !== undefined) num.value = n;
      vm[field] = num;
      return;
    }
  }
}

/** A non-negative decimal integer, as Hyper-V writes `type="integer"` values. */
function readInteger(value: string | undefined): number | undefined {
  if (value === undefined || value.length === 0 || value.length > 16) return undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(value);
}

function isXmlSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; anything else stays as written. */
function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named];
    const cp = hex ? parseInt(hex, 16) : Number(dec);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}
