/** Editor settings: fix-all on save (editor.codeActionsOnSave) and a severity override that re-publishes. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf, expectDiagnostics, file, memlintDiagnostics, open, poll, restore, setSetting } from './helpers';

suite('settings', () => {
  suiteTeardown(async () => {
    await setSetting('editor', 'codeActionsOnSave', undefined);
    await setSetting('memlint', 'rules.customizations', undefined);
  });

  test('fix-all on save with editor.codeActionsOnSave', async () => {
    const rel = 'sql/prod/02-server-memory.sql';
    await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.memlint': 'explicit' });
    // the extension host learns settings from the workbench: once it sees it, the save participant does too
    await poll('the codeActionsOnSave setting', () => (vscode.workspace.getConfiguration('editor', file(rel)).get<Record<string, string>>('codeActionsOnSave') ?? {})['source.fixAll.memlint'] === 'explicit' || undefined);
    const editor = await open(rel);
    try {
      await expectDiagnostics(file(rel), ['3:19-3:43 SRV301 warning', '3:19-3:43 SRV302 warning', '3:45-3:51 SRV304 warning', '4:19-4:38 SRV301 warning', '4:40-4:45 SRV306 info']);
      // an edit, then save: the save participant runs source.fixAll.memlint before writing
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '-- saved by the e2e suite\n')));
      // the server has the edited text once it re-publishes a line lower
      await expectDiagnostics(file(rel), ['4:19-4:43 SRV301 warning', '4:19-4:43 SRV302 warning', '4:45-4:51 SRV304 warning', '5:19-5:38 SRV301 warning', '5:40-5:45 SRV306 info']);
      // the provider the save participant asks answers with the fix-all for this text (on
      // a loaded machine its first answer can come late; the save asks it only once)
      await poll('the fix-all code action', async () => {
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file(rel), new vscode.Range(0, 0, 0, 0), 'source.fixAll.memlint');
        return actions?.some((a) => a.kind?.value === 'source.fixAll.memlint' && a.edit && a.edit.size > 0) || undefined;
      });
      // an explicit save, as Ctrl+S does (codeActionsOnSave "explicit")
      await vscode.commands.executeCommand('workbench.action.files.save');
      await poll('the save', () => !editor.document.isDirty || undefined);
      const onDisk = fs.readFileSync(file(rel).fsPath, 'utf8');
      assert.strictEqual(
        onDisk,
        [
          '-- memlint: instance=SQLPROD01',
          '-- saved by the e2e suite',
          '-- Cap SQL Server below the VM\'s memory so the OS keeps its reserve.',
          "EXEC sp_configure 'show advanced options', 1;",
          'RECONFIGURE;',
          "EXEC sp_configure 'max server memory (MB)', 114688;",
          "EXEC sp_configure 'min server memory', 16384;",
          'RECONFIGURE;',
          'GO',
          '',
        ].join('\n'),
      );
      // the unsafe SRV304 fix is not applied on save: it stays, with SRV306
      await expectDiagnostics(file(rel), ['6:45-6:51 SRV304 warning', '7:40-7:45 SRV306 info']);
    } finally {
      await setSetting('editor', 'codeActionsOnSave', undefined);
      await restore(rel);
    }
  });

  test('a severity override in settings re-publishes the diagnostics', async () => {
    const uri = file('sql/prod/03-salesdb-tables.sql');
    await open('sql/prod/03-salesdb-tables.sql');
    await expectDiagnostics(uri, ['11:95-11:102 XTP208 warning', '25:95-25:102 XTP208 info']);
    await setSetting('memlint', 'rules.customizations', [{ rule: 'XTP208', severity: 'error' }]);
    await expectDiagnostics(uri, ['11:95-11:102 XTP208 error', '25:95-25:102 XTP208 error']);
    await setSetting('memlint', 'rules.customizations', [{ rule: 'XTP2*', severity: 'off' }]);
    await poll('XTP208 off', () => !memlintDiagnostics(uri).some((d) => codeOf(d) === 'XTP208') || undefined);
    await setSetting('memlint', 'rules.customizations', undefined);
    await expectDiagnostics(uri, ['11:95-11:102 XTP208 warning', '25:95-25:102 XTP208 info']);
  });
});
