/**
 * memlint's engine: pure functions and data over file texts. Nothing here imports
 * vscode or vscode-languageserver; the LSP server and the CLI convert its results.
 */
export * from './types';
export { Project, compareFindings, isKnownRule, formatBytes, DEFAULT_MAX_FILE_SIZE_BYTES } from './project';
export type { LintOptions } from './project';
export { runFixLoop, selectFixes, autoFix } from './fixLoop';
export type { FixOptions, FixResult } from './fixLoop';
export { RULES, RULES_BY_CODE, ruleDocsUrl, DOCS_BASE_URL } from './rules/registry';
export type { Rule, RuleMeta } from './rules/rule';
export { LineIndex } from './text/lineIndex';
export type { Position } from './text/lineIndex';
export { applyTextEdits } from './text/edits';
export type { TextEdit } from './text/edits';
export { decodeText, encodeText, roundTrips } from './text/decode';
export type { DecodedText, TextEncodingName } from './text/decode';
export { fileKindOf, lineComment, LINTED_EXTENSIONS } from './files';
export { globMatcher } from './glob';
export type { FileKind } from './files';
export { disableNextLineEdit } from './suppress';
export { explainModel, explainPool, poolsAt } from './explain';
export type { PoolExplained, ScenarioExplained, Source } from './explain';
export type { Model } from './model/model';
export { effectiveConfig } from './config/effective';
export type { EffectiveConfig, EffectiveRule, EffectiveValue, ConfigSource } from './config/effective';
export { resolveExtends, severityRank, atLeast } from './config/policy';
export { readerFaults } from './readerFaults';
