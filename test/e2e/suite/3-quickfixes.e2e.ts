/** Each kind of quick fix, through vscode.executeCodeActionProvider + workspace.applyEdit, on the copy of examples/. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeActions, codeOf, expectDiagnostics, file, memlintDiagnostics, open, poll, pristineText, restore } from './helpers';

async function diagnostic(rel: string, code: string, line: number): Promise<vscode.Diagnostic> {
  return poll(`${code} at line ${line} of ${rel}`, () => memlintDiagnostics(file(rel)).find((d) => codeOf(d) === code && d.range.start.line === line - 1));
}

async function actionsFor(rel: string, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return (await codeActions(file(rel), d.range, vscode.CodeActionKind.QuickFix.value)).filter((a) => !a.diagnostics || a.diagnostics.some((x) => codeOf(x) === codeOf(d)) || a.title.startsWith('Fix all'));
}

/**
 * The actions offered for a finding, once `title` is among them: fixes are offered only for
 * diagnostics of the document's current version, and opening a file re-publishes its
 * diagnostics (until then the editor holds the workspace lint's).
 */
async function offered(rel: string, code: string, line: number, title: string): Promise<vscode.CodeAction[]> {
  return poll(`"${title}" offered for ${code}`, async () => {
    const d = await diagnostic(rel, code, line);
    const actions = await actionsFor(rel, d);
    return actions.some((a) => a.title === title) ? actions : undefined;
  });
}

async function apply(action: vscode.CodeAction | undefined, title: string): Promise<void> {
  assert.ok(action, `the code action "${title}" is offered`);
  assert.ok(action.edit, `"${action.title}" carries an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}" applies`);
}

function text(rel: string): string {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file(rel).toString());
  assert.ok(doc, `${rel} is open`);
  return doc.getText();
}

suite('quick fixes', () => {
  const touched = new Set<string>();
  teardown(async () => {
    for (const rel of touched) await restore(rel);
    touched.clear();
  });

  test('a safe fix in the same file (XTP201, preferred)', async () => {
    const rel = 'sql/report/01-report-pool.sql';
    await open(rel);
    touched.add(rel);
    const title = 'Set MIN_MEMORY_PERCENT of [ReportCachePool] to 25 (= MAX_MEMORY_PERCENT)';
    const actions = await offered(rel, 'XTP201', 2, title);
    const fix = actions.find((a) => a.title === title);
    assert.strictEqual(fix?.isPreferred, true);
    assert.deepStrictEqual(
      actions.map((a) => a.title).filter((t) => /XTP201/.test(t)),
      ['Disable XTP201 for this line', 'Show documentation for XTP201'],
    );
    await apply(fix, 'Set MIN_MEMORY_PERCENT');
    assert.strictEqual(text(rel).split('\n')[1], 'CREATE RESOURCE POOL ReportCachePool WITH (MIN_MEMORY_PERCENT = 25, MAX_MEMORY_PERCENT = 25);');
    await expectDiagnostics(file(rel), ['2:22-2:37 RG110 error']);
  });

  test('a safe fix in XML (HV404)', async () => {
    const rel = 'infra/SQLVM02.xml';
    await open(rel);
    touched.add(rel);
    const title = 'Round Startup RAM of VM SQLVM02 up to 16386 MB';
    await apply((await offered(rel, 'HV404', 12, title)).find((a) => a.title === title), title);
    assert.strictEqual(text(rel).split('\n')[11], '        <size type="integer">16386</size>');
    await expectDiagnostics(file(rel), ['13:37-13:41 HV407 info', '14:31-14:36 HV407 info']);
  });

  test('an unsafe fix says so in its title (XTP208)', async () => {
    const rel = 'sql/prod/03-salesdb-tables.sql';
    await open(rel);
    touched.add(rel);
    const title = 'Set BUCKET_COUNT to 16,777,216 (next power of two ≥ 2 × 5,000,000 rows) (unsafe: changes more than the message says)';
    const fix = (await offered(rel, 'XTP208', 11, title)).find((a) => a.title === title);
    assert.ok(fix);
    assert.ok(!fix.isPreferred, 'an unsafe fix is not preferred');
    await apply(fix, 'Set BUCKET_COUNT');
    assert.match(text(rel).split('\n')[10], /HASH WITH \(BUCKET_COUNT = 16777216\),$/);
    await expectDiagnostics(file(rel), ['25:95-25:102 XTP208 info']);
  });

  test('"Disable CODE for this line" (SRV304)', async () => {
    const rel = 'sql/prod/02-server-memory.sql';
    await open(rel);
    touched.add(rel);
    const title = 'Disable SRV304 for this line';
    await apply((await offered(rel, 'SRV304', 3, title)).find((a) => a.title === title), title);
    const lines = text(rel).split('\n');
    assert.match(lines[2], /^-- memlint-disable-next-line SRV304\b/);
    assert.strictEqual(lines[3], "EXEC sp_configure 'max server memory (MB)', 114688;");
    await poll('SRV304 gone', () => !memlintDiagnostics(file(rel)).some((x) => codeOf(x) === 'SRV304') || undefined);
    assert.ok(memlintDiagnostics(file(rel)).some((x) => codeOf(x) === 'SRV301'), 'the other findings stay');
  });

  test('"Show documentation for CODE" runs the documentation command', async () => {
    const rel = 'sql/report/01-report-pool.sql';
    const doc = (await offered(rel, 'XTP201', 2, 'Show documentation for XTP201')).find((a) => a.title === 'Show documentation for XTP201');
    assert.deepStrictEqual(doc?.command && { command: doc.command.command, arguments: doc.command.arguments }, { command: 'memlint.showRuleDocumentation', arguments: ['XTP201'] });
  });

  test('a cross-file fix: MEM501 in SQL raises Startup RAM in SQLVM01.ps1', async () => {
    const sql = 'sql/prod/01-resource-pools.sql';
    const ps1 = 'infra/SQLVM01.ps1';
    await open(sql);
    touched.add(ps1);
    const title = 'Raise Startup RAM of VM SQLVM01 to 43 GB';
    const fix = (await offered(sql, 'MEM501', 24, title)).find((a) => a.title === title);
    assert.ok(fix?.edit, 'the fix is offered');
    assert.deepStrictEqual(fix.edit.entries().map(([u]) => u.toString()), [file(ps1).toString()], 'it edits the PowerShell file only');
    await apply(fix, 'Raise Startup RAM');
    const doc = await vscode.workspace.openTextDocument(file(ps1));
    assert.strictEqual(doc.getText().split('\n')[4], '$startup = 43GB');
    assert.strictEqual(text(sql), pristineText(sql), 'the SQL file is unchanged');
    // the finding is gone from both files once the edited text is linted
    await poll('MEM501 gone from the SQL file', () => !memlintDiagnostics(file(sql)).some((x) => codeOf(x) === 'MEM501') || undefined);
    await poll('MEM501 gone from the PowerShell file', () => !memlintDiagnostics(file(ps1)).some((x) => codeOf(x) === 'MEM501') || undefined);
  });

  test('"Fix all auto-fixable memlint problems" as a quick fix', async () => {
    const rel = 'sql/prod/01-resource-pools.sql';
    await open(rel);
    touched.add(rel);
    const title = 'Fix all auto-fixable memlint problems';
    const all = (await offered(rel, 'RG105', 7, title)).find((a) => a.title === title);
    await apply(all, 'Fix all');
    // RG105's fix adds RECONFIGURE after the workload group, XTP203's before the binding: the
    // two fixes make the same change (sameChange), so fix-all applies one RECONFIGURE, which
    // also runs before the binding, and XTP203 is gone with it
    const expected = pristineText(rel).replace('    USING ReportingPool;\n', '    USING ReportingPool;\nALTER RESOURCE GOVERNOR RECONFIGURE;\n');
    assert.notStrictEqual(expected, pristineText(rel));
    assert.strictEqual(text(rel), expected);
    await poll('RG105 and XTP203 fixed', () => !memlintDiagnostics(file(rel)).some((x) => ['RG105', 'XTP203'].includes(codeOf(x))) || undefined);
  });
});
