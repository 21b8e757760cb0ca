/**
 * The engine's public vocabulary. Everything here is plain data measured in offsets into
 * a file's text; the LSP layer and the CLI convert it to their own shapes.
 */

/** An opaque file key: an absolute path for files on disk, any other string for virtual documents. */
export type FileId = string;

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** What memlint.yaml and settings may say for a rule. */
export type SeverityOrOff = Severity | 'off';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** [start, end) in UTF-16 code units of one file's text. */
export interface Range {
  start: number;
  end: number;
}

/** A change to one file: replace `range` with `newText`. */
export interface FileEdit {
  file: FileId;
  range: Range;
  newText: string;
}

/**
 * safe: does exactly what the message asks and nothing else; applied by fix-all and --fix.
 * unsafe: changes what the deployment does beyond that; offered, applied only on request.
 */
export type FixApplicability = 'safe' | 'unsafe';

export interface Fix {
  title: string;
  applicability: FixApplicability;
  edits: FileEdit[];
  /**
   * Fixes of one file with the same key make the same change in different places (each
   * adds the one missing ALTER RESOURCE GOVERNOR RECONFIGURE): a fix-all round applies the
   * first of them only, and the re-lint says whether another is still needed.
   */
  sameChange?: string;
}

export interface RelatedLocation {
  file: FileId;
  range: Range;
  message: string;
}

export interface Finding {
  code: string;
  /** The rule's kebab-case name. */
  name: string;
  severity: Severity;
  message: string;
  file: FileId;
  range: Range;
  fixes: Fix[];
  related: RelatedLocation[];
}

/** What a rule says when it finds something; the engine adds name, file and the configured severity. */
export interface Report {
  file: FileId;
  range: Range;
  message: string;
  /** Overrides the rule's default severity for this one finding (e.g. XTP208 grades its cases). */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/** A file memlint knows of but did not read, and why (CFG906 says so). */
export interface UnreadFile {
  file: FileId;
  /** Plain words, e.g. "it is 6.2 MB, above memlint.maxFileSize (5 MB)". */
  reason: string;
}
