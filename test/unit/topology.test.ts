import * as assert from 'assert';
import { Project } from '../../server/src/engine';
import { poolNeeds, vmSizes } from '../../server/src/engine/model/budget';
import { estimateTable } from '../../server/src/engine/model/estimate';
import type { CreateTableStatement } from '../../server/src/engine/tsql/ast';

function project(files: Record<string, string>): Project {
  const p = new Project();
  for (const [f, t] of Object.entries(files)) p.setFile(f, t);
  return p;
}

const CONFIG = `instances:
  SQLPROD01: { vm: SQLVM01, edition: enterprise, version: 2019 }
databases:
  SalesDB: { instance: SQLPROD01, inMemoryData: 24GB }
targets:
  "sql/prod/**/*.sql": SQLPROD01
`;
const VM = `Set-VMMemory -VMName SQLVM01 -DynamicMemoryEnabled $true -MinimumBytes 8GB -StartupBytes 16GB -MaximumBytes 128GB\n`;
const POOLS = `CREATE RESOURCE POOL InMemPool WITH (MIN_MEMORY_PERCENT = 80, MAX_MEMORY_PERCENT = 80);
ALTER RESOURCE GOVERNOR RECONFIGURE;
EXEC sp_xtp_bind_db_resource_pool 'SalesDB', 'InMemPool';
ALTER DATABASE SalesDB SET OFFLINE WITH ROLLBACK IMMEDIATE;
ALTER DATABASE SalesDB SET ONLINE;
`;

describe('workspace topology', () => {
  it('the nearest memlint.yaml governs a file', () => {
    const p = project({ '/w/memlint.yaml': 'instances: {}\n', '/w/team/memlint.yaml': 'instances: {}\n', '/w/team/a.sql': '', '/w/b.sql': '', '/other/c.sql': '' });
    const m = p.model();
    assert.strictEqual(m.configOf('/w/team/a.sql')?.file, '/w/team/memlint.yaml');
    assert.strictEqual(m.configOf('/w/b.sql')?.file, '/w/memlint.yaml');
    assert.strictEqual(m.configOf('/w/team/deeper/x.sql')?.file, '/w/team/memlint.yaml');
    assert.strictEqual(m.configOf('/other/c.sql'), undefined);
    assert.strictEqual(m.configOf('/w-not/c.sql'), undefined);
  });

  it('places scripts by comment first, then by targets, else one anonymous instance per file', () => {
    const p = project({
      '/w/memlint.yaml': CONFIG,
      '/w/sql/prod/a.sql': POOLS,
      '/w/sql/prod/b.sql': '-- memlint: instance=OTHER\nSELECT 1;',
      '/w/sql/dev/c.sql': 'SELECT 1;',
    });
    const m = p.model();
    const of = (f: string) => m.instanceOf(m.scripts.find((s) => s.file === f)!);
    assert.strictEqual(of('/w/sql/prod/a.sql').name, 'SQLPROD01');
    assert.strictEqual(of('/w/sql/prod/a.sql').decl?.vm?.value, 'SQLVM01');
    assert.strictEqual(of('/w/sql/prod/b.sql').name, 'OTHER');
    assert.strictEqual(of('/w/sql/dev/c.sql').name, undefined);
  });

  it('joins an instance with its VM, pools, bindings and declared data', () => {
    const p = project({ '/w/memlint.yaml': CONFIG, '/w/infra/vm.ps1': VM, '/w/sql/prod/a.sql': POOLS });
    const inst = p.model().instances.find((i) => i.name === 'SQLPROD01')!;
    assert.strictEqual(inst.vm?.name, 'SQLVM01');
    const sizes = vmSizes(inst.vm!);
    assert.deepStrictEqual([sizes.dynamic, sizes.recovery?.mb, sizes.floor?.mb, sizes.steady?.mb], [true, 16384, 8192, 131072]);
    const [need] = poolNeeds(inst);
    assert.deepStrictEqual([need.poolName, need.percent, need.dataMb, need.estimated, need.databases.map((d) => d.name)], ['InMemPool', 80, 24576, false, ['SalesDB']]);
  });

  it('merges a VM described in several files and records where they disagree', () => {
    const p = project({
      '/w/memlint.yaml': CONFIG + 'vms:\n  SQLVM01: { memory: { dynamic: true, startup: 16GB, maximum: 64GB } }\n',
      '/w/infra/vm.ps1': VM,
    });
    const vm = p.model().vm(p.model().configs[0], 'sqlvm01')!;
    assert.strictEqual(vm.sources.length, 2);
    assert.deepStrictEqual(vm.conflicts.map((c) => c.field), ['maximum']);
    // with the sources in conflict, the memory rules don't pick one
    assert.deepStrictEqual(poolNeeds(p.model().instances.find((i) => i.name === 'SQLPROD01')!), []);
  });

  it('estimates in-memory data from memory-optimized tables: rows x (header + columns) + indexes', () => {
    const sql = `USE SalesDB;
-- memlint: rows=1000
CREATE TABLE dbo.T (Id INT NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1024), Name NVARCHAR(50) NOT NULL, INDEX ix NONCLUSTERED (Name))
WITH (MEMORY_OPTIMIZED = ON);`;
    const p = project({ '/w/t.sql': sql });
    const stmt = p.model().scripts[0].parse.statements.find((s) => s.kind === 'createTable') as CreateTableStatement;
    const e = estimateTable(stmt)!;
    // row: 24 header + 8 x 2 index pointers + 4 (int) + 100 (nvarchar(50)) = 144 bytes
    assert.strictEqual(e.rowBytes, 144);
    // 1000 rows x 144 + hash 8 x 1024 + range index (8 + 100) x 1000
    assert.strictEqual(e.bytes, 1000 * 144 + 8 * 1024 + 108 * 1000);
    const db = p.model().instances[0].databases.get('salesdb')!;
    assert.deepStrictEqual([db.inMemoryData?.estimated, db.inMemoryData?.mb], [true, e.bytes / 1024 / 1024]);
  });

  it('leaves out files a memlint.yaml ignores, and applies its rule severities', () => {
    const bad = 'CREATE RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 150);\nALTER RESOURCE GOVERNOR RECONFIGURE;';
    const p = project({ '/w/memlint.yaml': 'ignore: ["archive/**"]\nrules:\n  RG101: warning\n', '/w/archive/old.sql': bad, '/w/new.sql': bad });
    assert.deepStrictEqual(p.lint().map((f) => [f.file, f.code, f.severity]), [['/w/new.sql', 'RG101', 'warning']]);
    assert.deepStrictEqual(p.lint({ rules: { RG101: 'error' } }).map((f) => f.severity), ['error'], 'editor/CLI settings win over memlint.yaml');
    const off = project({ '/w/memlint.yaml': 'rules:\n  RG101: off\n', '/w/new.sql': bad });
    assert.deepStrictEqual(off.lint(), []);
  });
});
