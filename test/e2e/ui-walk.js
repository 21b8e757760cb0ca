// The UI walk of runner A: what a user sees in code-server, with screenshots in test/e2e/screenshots/.
// Each step is one counted check; a failing step saves <step>-failed.png and the walk goes on where it can.
'use strict';
const fs = require('fs');
const path = require('path');

async function walk(page, { port, ws, shots, log }) {
  fs.mkdirSync(shots, { recursive: true });
  let passed = 0;
  let failed = 0;
  const step = async (name, fn) => {
    try {
      await fn();
      passed++;
      log(`ok   ${name}`);
      return true;
    } catch (e) {
      failed++;
      log(`FAIL ${name}: ${String(e && e.message ? e.message : e).split('\n')[0]}`);
      await page.screenshot({ path: path.join(shots, `${name.replace(/\W+/g, '-')}-failed.png`) }).catch(() => {});
      return false;
    }
  };
  const shot = (file, clip) => page.screenshot({ path: path.join(shots, file), clip });
  const editor = page.locator('.editor-instance .monaco-editor').first();

  const loaded = await step('workbench opens the copy of examples/', async () => {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'memlint.yaml' }).waitFor({ timeout: 30000 });
  });
  if (!loaded) return { passed, failed: failed + 4 };

  const opened = await step('squiggle with its hover', async () => {
    // open the SQL file through Quick Open
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type('01-resource-pools.sql');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '01-resource-pools.sql' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await editor.locator('.view-lines').waitFor({ timeout: 30000 });
    const squiggle = editor.locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 30000 });
    // move the mouse there (locator.hover() would scroll monaco's DOM and break its rendering)
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4);
    const hover = page.locator('.monaco-hover:visible', { hasText: 'MEM501' });
    await hover.first().waitFor({ timeout: 15000 });
    await shot('hover.png', { x: 348, y: 70, width: 932, height: 520 }); // the editor with the hover (README)
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
  });

  await step('Problems panel lists the findings', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'MEM501' }).first().waitFor({ timeout: 20000 });
    // the Problems tab's badge counts every finding of the workspace, like `memlint examples`
    await page.locator('.panel .composite-bar .badge', { hasText: /^24$/ }).first().waitFor({ timeout: 20000 });
    await shot('problems.png');
    await page.keyboard.press('Control+J'); // hide the panel again
  });

  await step('quick-fix menu applies a fix', async () => {
    if (!opened) throw new Error('the SQL file did not open');
    // the RG105 squiggle on line 7 ([InMemPool]): put the cursor on it (Quick Open ":line:column"), then Ctrl+.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type(':7:32');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar-item', { hasText: 'Ln 7, Col 32' }).first().waitFor({ timeout: 10000 });
    await page.waitForSelector('[class*="codicon-gutter-lightbulb"]', { state: 'attached', timeout: 30000 }).catch(() => log('no lightbulb yet: trying Ctrl+. anyway'));
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Add ALTER RESOURCE GOVERNOR RECONFIGURE' });
    for (let i = 1; ; i++) {
      // right after activation the menu can answer "No code actions available": try again
      await page.keyboard.press('Control+.');
      try {
        await item.first().waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (i === 5) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await shot('quick-fix.png', { x: 0, y: 70, width: 1000, height: 520 }); // the menu over the editor (README)
    await page.keyboard.press('Enter'); // the first item is focused: the preferred fix (clicks are intercepted by an overlay)
    await editor.locator('.view-line', { hasText: 'ALTER RESOURCE GOVERNOR RECONFIGURE;' }).first().waitFor({ timeout: 10000 });
  });

  await step('"Show Memory Budget" opens its webview', async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
    await page.keyboard.type('memlint: Show Memory Budget');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Memory Budget' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'memlint: Memory Budget' }).waitFor({ timeout: 20000 });
    // the report lives in the webview's inner iframe
    const deadline = Date.now() + 20000;
    for (;;) {
      let found = false;
      for (const f of page.frames().filter((x) => x !== page.mainFrame())) {
        const t = await f.evaluate(() => document.body && document.body.innerText).catch(() => '');
        if (t && /InMemPool/.test(t) && /SQLVM01/.test(t)) found = true;
      }
      if (found) break;
      if (Date.now() > deadline) throw new Error('the budget webview shows no report');
      await new Promise((r) => setTimeout(r, 100));
    }
    await shot('budget.png');
  });

  let activationMs;
  await step('Running Extensions shows the activation time', async () => {
    activationMs = await runningExtensionsActivation(page);
    await shot('running-extensions.png');
  });
  return { passed, failed, activationMs };
}

/** VS Code's own measure (Developer: Show Running Extensions): loading the extension's code + its activate() call. */
async function runningExtensionsActivation(page) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type('Developer: Show Running Extensions');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Running Extensions' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'memlint' }).first();
  await row.filter({ hasText: /Activation: \d+ms/ }).waitFor({ timeout: 20000 });
  const m = /Activation: (\d+)ms/.exec(await row.innerText());
  return Number(m[1]);
}

async function command(page, title) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*: /, '') }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/**
 * Activation on demand, away from the startup rush: a folder with nothing memlint activates on,
 * then a new untitled file switched to SQL (onLanguage:sql); Running Extensions waits for it.
 */
async function onDemandActivation(page, { port, ws, log }) {
  fs.rmSync(ws, { recursive: true, force: true });
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'notes.txt'), 'nothing for memlint here\n');
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'notes.txt' }).waitFor({ timeout: 60000 });
  await command(page, 'File: New Untitled Text File');
  await page.locator('.editor-instance .monaco-editor').first().waitFor({ timeout: 10000 });
  await command(page, 'Change Language Mode');
  await page.keyboard.type('sql');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: '(sql)' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: /SQL/ }).first().waitFor({ timeout: 10000 });
  const ms = await runningExtensionsActivation(page);
  log(`ok   on-demand activation measured (${ms} ms)`);
  return ms;
}

module.exports = { walk, onDemandActivation };
