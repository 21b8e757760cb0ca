import * as assert from 'assert';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { mdText } from '../../server/src/report/markdown';
import { DIST } from '../helpers/paths';
import { tempDir, writeTree } from '../helpers/tmp';

describe('Markdown of names from the files (report --format md, hovers)', () => {
  it('escapes what Markdown would act on, and leaves a word-inner _ alone', () => {
    const cases: [string, string][] = [
      ['Pool_1', 'Pool_1'],
      ['_x_', '\\_x\\_'],
      ['a*b*', 'a\\*b\\*'],
      ['SQL01\\INST', 'SQL01\\\\INST'],
      ['P&amp;', 'P\\&amp;'],
      ['a|b', 'a\\|b'],
      ['Db<b>x</b>', 'Db\\<b\\>x\\</b\\>'],
      ['[x](y)', '\\[x\\](y)'],
      ['#1 `q` ~s~', '\\#1 \\`q\\` \\~s\\~'],
      ['é_ü', 'é_ü'],
    ];
    for (const [name, md] of cases) assert.strictEqual(mdText(name), md, name);
  });

  it('memlint report --format md shows HTML-looking names as written', () => {
    const dir = tempDir('md-names');
    writeTree(dir, {
      'memlint.yaml': 'instances:\n  "SQL<b>1</b>": { vm: "VM|1", edition: enterprise, version: 2019 }\ntargets:\n  "**/*.sql": "SQL<b>1</b>"\nvms:\n  "VM|1":\n    memory: { dynamic: false, startup: 64GB }\n',
      'a.sql': "CREATE RESOURCE POOL [P&amp;] WITH (MIN_MEMORY_PERCENT = 50, MAX_MEMORY_PERCENT = 50);\nALTER RESOURCE GOVERNOR RECONFIGURE;\nEXEC sp_xtp_bind_db_resource_pool 'Db*1*', 'P&amp;';\nUSE [Db*1*];\n-- memlint: rows=1000\nCREATE TABLE dbo.T (Id INT NOT NULL PRIMARY KEY NONCLUSTERED) WITH (MEMORY_OPTIMIZED = ON);\n",
    });
    const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'report', '--format', 'md'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes('## SQL\\<b\\>1\\</b\\>'), r.stdout);
    assert.ok(lines.some((l) => l.startsWith('**Pool [P\\&amp;] on SQL\\<b\\>1\\</b\\>**, VM VM\\|1: Db\\*1\\* ')), r.stdout);
  });
});
