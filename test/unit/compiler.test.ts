import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { inliningOffMeasuredOn, turnInliningOff } from '../../server/src/host/compiler';

describe('host/compiler (V8 tuning of the CLI and the server)', () => {
  it('turns inlining off only on the node version it was measured on', () => {
    assert.strictEqual(inliningOffMeasuredOn('20.20.2'), true);
    assert.strictEqual(inliningOffMeasuredOn('20.0.0'), true);
    for (const v of ['18.19.0', '21.7.3', '22.11.0', '200.1.0', '2.0.0', '']) assert.strictEqual(inliningOffMeasuredOn(v), false, v);
    // on another version nothing is set (this process's flags stay as they are)
    assert.strictEqual(turnInliningOff('22.11.0'), false);
  });

  it('sets the flag in a process on node 20, and a process runs on after it', function () {
    if (!inliningOffMeasuredOn(process.versions.node)) this.skip();
    // in a child: the flag must not change how this test process compiles
    const module = path.join(__dirname, '../../server/src/host/compiler.js');
    const out = execFileSync(process.execPath, ['-e', `const c = require(${JSON.stringify(module)}); const r = c.turnInliningOff(); let s = 0; for (let i = 0; i < 1e6; i++) s += i; console.log(r, s)`], { encoding: 'utf8' });
    assert.strictEqual(out.trim(), 'true 499999500000');
  });
});
