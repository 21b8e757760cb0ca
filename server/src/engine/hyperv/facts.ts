/**
 * Hyper-V VM memory facts, the same whatever file they come from: a PowerShell
 * provisioning script, a .psd1 data file, a legacy XML configuration export, or a
 * declarative YAML spec. Every value keeps its exact source range and how it is written,
 * so a fix can rewrite it in the file's own style (2049MB -> 2050MB, bytes stay bytes,
 * an XML MB number stays MB).
 */
import type { SuppressionDirective } from '../directives';
import type { LineIndex } from '../text/lineIndex';
import type { FileId, Range } from '../types';

export const MB = 1024 * 1024;

/** Binary multipliers PowerShell and memlint understand (1024^n). */
export const UNIT_BYTES = { KB: 1024, MB, GB: 1024 * MB, TB: 1024 * 1024 * MB, PB: 1024 * 1024 * 1024 * MB } as const;
export type SizeUnit = keyof typeof UNIT_BYTES;

/**
 * How a size is written, so a fix can write a new value the same way.
 * - suffix: `512MB`, `40Gb`, `'4GB'` (the unit as written keeps its letter case; the
 *   quote, when the value is a string, is kept too);
 * - bytes: a plain integer of bytes (`2147483648`);
 * - mb: a plain integer of megabytes (XML `<size>`, YAML `startup: 4096`);
 * - expression: `4 * 1GB`, `$x * 1MB`: a fix replaces the whole expression.
 */
export type SizeStyle =
  | { kind: 'suffix'; unit: SizeUnit; unitText: string; quote?: string }
  | { kind: 'bytes'; quote?: string }
  | { kind: 'mb'; quote?: string }
  | { kind: 'expression' };

export interface SizeValue {
  /** The size in bytes; undefined when it can't be known statically. */
  bytes?: number;
  /** The source range of the value (the literal, the expression, the XML text). */
  range: Range;
  style: SizeStyle;
}

export interface NumberValue {
  value?: number;
  range: Range;
}

export interface BoolValue {
  value?: boolean;
  range: Range;
}

export interface TextValue {
  value?: string;
  range: Range;
}

/** The memory configuration of one VM as a file leaves it (the last setting in file order wins). */
export interface VmFacts {
  /** The VM name as written; undefined when it can't be known (e.g. `-Name $vmName` with $vmName unknown). */
  name?: string;
  /** Where the VM is named (or declared, when it has no name). */
  nameRange: Range;
  generation?: NumberValue;
  /** Dynamic Memory on/off: -DynamicMemory / -StaticMemory / -DynamicMemoryEnabled, XML dynamic_memory_enabled, YAML dynamic. */
  dynamic?: BoolValue;
  /** Startup RAM; with static memory, the VM's memory. */
  startup?: SizeValue;
  minimum?: SizeValue;
  maximum?: SizeValue;
  /** Memory buffer, percent (5-2000). */
  buffer?: NumberValue;
  /** PowerShell -Priority (0-100). */
  priority?: NumberValue;
  /** XML/WMI weight (0-10000). */
  weight?: NumberValue;
  /** Declarative spec only: the host's Windows Server version, e.g. "2019". */
  hostVersion?: TextValue;
  /** Declarative spec only: the guest OS, e.g. "Windows Server 2019" ("... Core" = Server Core). */
  guestOs?: TextValue;
}

export type VmSourceKind = 'powershell' | 'psd1' | 'xml' | 'yaml';

/** One file's VM facts. */
export interface VmFile {
  file: FileId;
  text: string;
  readonly lines: LineIndex;
  kind: VmSourceKind;
  vms: VmFacts[];
  suppressions: SuppressionDirective[];
  /** Line comment syntax for inserted directives. */
  commentPrefix: '#' | '<!--';
  /** What kept the reader from reading the file as written (a *.vm.yaml's YAML errors), in plain words; reported by CFG901. */
  problems?: { range: Range; message: string }[];
}

/** Formats a size in bytes the way `style` writes sizes (rounded up to the unit when it must be). */
export function formatSize(bytes: number, style: SizeStyle): string {
  switch (style.kind) {
    case 'suffix': {
      const unitBytes = UNIT_BYTES[style.unit];
      // keep the file's unit when the value is a whole number of it, else the largest unit that is
      const unit = bytes % unitBytes === 0 ? style.unit : largestWholeUnit(bytes);
      const unitText = unit === style.unit ? style.unitText : matchCase(unit, style.unitText);
      const text = `${bytes / UNIT_BYTES[unit]}${unitText}`;
      return style.quote ? `${style.quote}${text}${style.quote}` : text;
    }
    case 'bytes':
      return style.quote ? `${style.quote}${bytes}${style.quote}` : String(bytes);
    case 'mb': {
      const text = String(Math.ceil(bytes / MB));
      return style.quote ? `${style.quote}${text}${style.quote}` : text;
    }
    case 'expression':
      return `${bytes % UNIT_BYTES.GB === 0 ? bytes / UNIT_BYTES.GB + 'GB' : Math.ceil(bytes / MB) + 'MB'}`;
  }
}

function largestWholeUnit(bytes: number): SizeUnit {
  for (const u of ['PB', 'TB', 'GB', 'MB', 'KB'] as SizeUnit[]) if (bytes % UNIT_BYTES[u] === 0) return u;
  return 'KB';
}

/** Writes a unit in the letter case of another (`Gb` -> `Mb`, `gb` -> `mb`). */
function matchCase(unit: SizeUnit, like: string): string {
  if (like === like.toLowerCase()) return unit.toLowerCase();
  if (like === like.toUpperCase()) return unit;
  return unit[0] + unit.slice(1).toLowerCase();
}

/** Megabytes of a size, for the engine's arithmetic (all sizes in MB). */
export function sizeMb(v: SizeValue | undefined): number | undefined {
  return v?.bytes === undefined ? undefined : v.bytes / MB;
}
