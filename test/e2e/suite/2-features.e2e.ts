/** Hover, the memory budget webview and the effective configuration, through the real workbench. */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { expectDiagnostics, file, open, poll } from './helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

suite('hover, budget and configuration', () => {
  test('hover on a pool name explains its In-Memory OLTP budget', async () => {
    const uri = file('sql/prod/01-resource-pools.sql');
    await open('sql/prod/01-resource-pools.sql');
    await expectDiagnostics(uri, ['7:26-7:37 RG105 warning', '14:22-14:35 RG105 warning', '18:23-18:37 RG105 warning', '24:56-24:66 MEM501 error', '24:56-24:66 XTP202 warning', '24:90-24:102 XTP203 error']);
    // line 7: "    CREATE RESOURCE POOL [InMemPool]", on the pool name
    const hovers = await poll('a memlint hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(6, 30));
      return h && h.length && hoverText(h).includes('InMemPool') ? h : undefined;
    });
    const text = hoverText(hovers);
    assert.match(text, /InMemPool/);
    assert.match(text, /SalesDB/);
    assert.match(text, /7,372\.8 MB/, text);
    const range = hovers.find((h) => h.range)?.range;
    assert.strictEqual(range?.start.line, 6);
  });

  test('no hover where memlint has nothing to say', async () => {
    const uri = file('sql/prod/01-resource-pools.sql');
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 2)); // "USE master;"
    assert.ok(!hoverText(h ?? []).includes('InMemPool'));
  });

  test('"Show Memory Budget" opens the budget webview', async () => {
    await vscode.commands.executeCommand('memlint.showMemoryBudget');
    const tab = await poll('the memory budget tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'memlint: Memory Budget'),
    );
    assert.match((tab.input as vscode.TabInputWebview).viewType, /memlint\.budget/);
    await vscode.window.tabGroups.close(tab);
  });

  test('"Show Effective Configuration" opens the configuration of the active file', async () => {
    await open('sql/prod/01-resource-pools.sql');
    await vscode.commands.executeCommand('memlint.showEffectiveConfiguration');
    const doc = await poll('a markdown editor with the configuration', () => vscode.window.visibleTextEditors.map((e) => e.document).find((d) => d.languageId === 'markdown' && d.isUntitled));
    assert.match(doc.getText(), /memlint\.yaml/);
    assert.match(doc.getText(), /XTP201/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
