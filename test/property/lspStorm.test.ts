/**
 * The language server under a storm of random open/change/close/settings events (see
 * test/fuzz/storm.ts): it never crashes, and settles on the diagnostics a fresh lint and
 * a fresh CLI run give for the same texts and settings. `npm run fuzz` sends 10,000 events.
 */
import * as assert from 'assert';
import { runStorm } from '../fuzz/storm';
import { TEST_SEED } from '../fuzz/suite';

describe('property: LSP storm', function () {
  this.timeout(120_000);
  it('1,500 random open/change/close/settings events: the server never crashes and its diagnostics equal a fresh lint and CLI run', async () => {
    const r = await runStorm({ events: 1500, seed: TEST_SEED, checkpointEvery: 500 });
    assert.ok(r.ok, r.problem);
    assert.strictEqual(r.checkpoints, 3);
    assert.ok(r.documents > 0, 'no document was open at a checkpoint');
  });
});
