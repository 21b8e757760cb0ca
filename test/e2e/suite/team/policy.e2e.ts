/**
 * A team build (npm run package -- --policy FILE --name NAME) installed in the editor applies
 * its bundled policy: run by run-code-server.js with MEMLINT_E2E_SUITE=team and the policy
 * test/e2e/team-policy.yaml (XTP208 at least error, HV410 off).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, expectDiagnostics, file, open, poll, setSetting } from '../helpers';

suite('team build', () => {
  test('the team build is the memlint that runs', async () => {
    assert.notStrictEqual(EXTENSION_ID, 'memlint.memlint');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.strictEqual((ext.packageJSON as { memlintPolicy?: string }).memlintPolicy, 'policy/memlint-policy.yaml');
    assert.strictEqual(vscode.extensions.getExtension('memlint.memlint'), undefined, 'the plain build is not installed next to it');
  });

  test('a rule the policy sets to error shows as Error', async () => {
    await open('sql/prod/03-salesdb-tables.sql');
    await expectDiagnostics(file('sql/prod/03-salesdb-tables.sql'), ['11:95-11:102 XTP208 error', '25:95-25:102 XTP208 error']);
  });

  test('a rule the policy turns off is not reported', async () => {
    await open('infra/SQLVM01.ps1');
    await expectDiagnostics(file('infra/SQLVM01.ps1'), ['5:12-5:16 MEM501 error', '11:72-11:75 HV409 warning', '11:72-11:75 MEM502 warning']);
  });

  test('a setting cannot lower a rule below the policy minimum', async () => {
    const uri = file('sql/prod/03-salesdb-tables.sql');
    try {
      await setSetting('memlint', 'rules.customizations', [{ rule: 'XTP208', severity: 'warning' }, { rule: 'XTP2*', severity: 'off' }]);
      // the settings reached the server once another rule of the glob goes: XTP201 in the report script
      await expectDiagnostics(file('sql/report/01-report-pool.sql'), ['2:22-2:37 RG110 error']);
      await expectDiagnostics(uri, ['11:95-11:102 XTP208 error', '25:95-25:102 XTP208 error']);
    } finally {
      await setSetting('memlint', 'rules.customizations', undefined);
    }
  });

  test('the effective configuration names the team policy', async () => {
    await open('sql/prod/03-salesdb-tables.sql');
    await vscode.commands.executeCommand('memlint.showEffectiveConfiguration');
    const doc = await poll('the effective configuration', () => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'markdown' && d.isUntitled));
    assert.match(doc.getText(), /e2e-team/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
