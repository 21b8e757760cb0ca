/**
 * memlint's custom LSP messages, shared by the extension and the server.
 */

/**
 * `memlint/budgetReport` (client -> server request): the memory budget of the workspace as
 * a self-contained HTML page for the "memlint: Show Memory Budget" webview.
 */
export const BUDGET_REPORT_REQUEST = 'memlint/budgetReport';

export interface BudgetReportParams {
  /** Nonce the page's single style block carries; the webview's CSP allows only that style. */
  nonce: string;
}

export interface BudgetReportResult {
  html: string;
  /** Number of instances the report covers. */
  instances: number;
}

/**
 * `memlint/status` (server -> client notification): what the server is doing and what the
 * last lint found, for the editor's status item.
 */
export const STATUS_NOTIFICATION = 'memlint/status';

export interface StatusParams {
  state: 'indexing' | 'linting' | 'idle';
  /** Files memlint has read (open editors and the workspace). */
  files: number;
  errors: number;
  warnings: number;
  /** info and hint findings */
  others: number;
  /** Duration of the last lint, in milliseconds. */
  lastLintMs: number;
}

/** `memlint/rules` (client -> server request): every rule, for "Open Rule Documentation". */
export const RULES_REQUEST = 'memlint/rules';

export interface RuleInfo {
  code: string;
  name: string;
  severity: string;
  description: string;
  /** The rule's page on the web. */
  url: string;
}

/** Commands the server executes (the language client registers them in VS Code). */
export const FIX_ALL_IN_WORKSPACE_COMMAND = 'memlint.fixAllInWorkspace';
export const LINT_WORKSPACE_COMMAND = 'memlint.lintWorkspace';

/**
 * `memlint/effectiveConfig` (client -> server request): the configuration that applies to
 * a file and where each value comes from, for the status item and "Show Effective
 * Configuration".
 */
export const EFFECTIVE_CONFIG_REQUEST = 'memlint/effectiveConfig';

export interface EffectiveConfigParams {
  uri: string;
}

export interface EffectiveConfigResult {
  /** One line: "memlint.yaml + acme-memlint", or "defaults". */
  summary: string;
  /** The whole configuration as a Markdown page. */
  markdown: string;
}
