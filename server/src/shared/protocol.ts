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
