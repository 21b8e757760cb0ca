/** Diagnostics of the examples workspace as VS Code shows them: codes, ranges, severities. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, expectDiagnostics, file, memlintDiagnostics, open, poll, root } from './helpers';

suite('diagnostics in the examples workspace', () => {
  suiteSetup(async () => {
    root();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.ok(ext.isActive);
  });

  test('SQL: 01-resource-pools.sql', async () => {
    await open('sql/prod/01-resource-pools.sql');
    await expectDiagnostics(file('sql/prod/01-resource-pools.sql'), [
      '7:26-7:37 RG105 warning',
      '14:22-14:35 RG105 warning',
      '18:23-18:37 RG105 warning',
      '24:56-24:66 MEM501 error',
      '24:56-24:66 XTP202 warning',
      '24:90-24:102 XTP203 error',
    ]);
    const mem501 = memlintDiagnostics(file('sql/prod/01-resource-pools.sql')).find((d) => d.range.start.line === 23 && codeOf(d) === 'MEM501');
    assert.match(mem501?.message ?? '', /Raise Startup RAM to 43 GB/);
    // the related information points at the VM's Startup RAM in the PowerShell file
    const related = mem501?.relatedInformation?.map((r) => `${vscode.workspace.asRelativePath(r.location.uri)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1} ${r.message}`);
    assert.deepStrictEqual(related, ['infra/SQLVM01.ps1:5:12 Startup RAM of VM SQLVM01']);
  });

  test('SQL files that are not open (workspace linting)', async () => {
    await expectDiagnostics(file('sql/report/01-report-pool.sql'), ['2:22-2:37 RG110 error', '2:65-2:66 XTP201 warning']);
    await expectDiagnostics(file('sql/prod/03-salesdb-tables.sql'), ['11:95-11:102 XTP208 warning', '25:95-25:102 XTP208 info']);
  });

  test('PowerShell: SQLVM01.ps1', async () => {
    await open('infra/SQLVM01.ps1');
    await expectDiagnostics(file('infra/SQLVM01.ps1'), ['5:12-5:16 MEM501 error', '11:52-11:57 HV410 info', '11:72-11:75 HV409 warning', '11:72-11:75 MEM502 warning']);
  });

  test('XML: SQLVM02.xml', async () => {
    await open('infra/SQLVM02.xml');
    await expectDiagnostics(file('infra/SQLVM02.xml'), ['12:30-12:35 HV404 error', '13:37-13:41 HV407 info', '14:31-14:36 HV407 info']);
  });

  test('memlint.yaml', async () => {
    await open('memlint.yaml');
    await expectDiagnostics(file('memlint.yaml'), ['5:3-5:14 SRV305 info', '24:39-24:45 HV404 error']);
  });

  test('diagnostic codes link to the rule documentation', async () => {
    const d = await poll('HV404 in SQLVM02.xml', () => memlintDiagnostics(file('infra/SQLVM02.xml')).find((x) => typeof x.code === 'object'));
    const code = d.code as { value: string | number; target: vscode.Uri };
    assert.strictEqual(code.value, 'HV404');
    assert.match(code.target.toString(), /HV404/);
  });
});
