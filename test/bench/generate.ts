/**
 * Deterministic generator of realistic deployment scripts for benchmarks: Resource
 * Governor and In-Memory OLTP statements mixed with ordinary DDL/DML, procedures,
 * comments, strings with escapes and dynamic SQL.
 */

export { prng } from '../helpers/prng';
import { prng } from '../helpers/prng';

type Block = (i: number, r: () => number) => string[];

const BLOCKS: Block[] = [
  (i) => [`-- Section ${i}: customer data maintenance`, `/* Reviewed by the DBA team; see change ticket CHG${100000 + i}. */`],
  (i, r) => [
    `CREATE TABLE dbo.Orders_${i}`,
    '(',
    '    OrderId     INT IDENTITY(1,1) NOT NULL PRIMARY KEY,',
    '    CustomerId  INT NOT NULL,',
    `    Notes       NVARCHAR(${100 + Math.floor(r() * 400)}) NULL,`,
    '    CreatedUtc  DATETIME2(3) NOT NULL DEFAULT (SYSUTCDATETIME())',
    ');',
  ],
  (i) => [`INSERT INTO dbo.Orders_${i} (CustomerId, Notes) VALUES (${i}, N'It''s order ${i} -- not a comment');`, `UPDATE dbo.Orders_${i} SET Notes = 'GO' WHERE OrderId = ${i};`],
  (i) => [
    `SELECT o.OrderId, c.Name, CASE WHEN o.CustomerId > ${i} THEN 'big' ELSE 'small' END AS Size`,
    `FROM dbo.Orders_${i} AS o`,
    '    JOIN dbo.Customers AS c ON c.CustomerId = o.CustomerId',
    `WHERE o.Notes LIKE N'%[[]x]%' AND o.CreatedUtc > DATEADD(day, -${i % 30}, SYSUTCDATETIME());`,
  ],
  (i) => [
    'GO',
    `CREATE OR ALTER PROCEDURE dbo.usp_Report_${i} @from DATETIME2 AS`,
    'BEGIN',
    '    SET NOCOUNT ON;',
    `    IF @from IS NULL RAISERROR('missing @from', 16, 1);`,
    `    SELECT COUNT(*) FROM dbo.Orders_${i} WHERE CreatedUtc >= @from;`,
    'END',
    'GO',
  ],
  (i, r) => [
    `IF NOT EXISTS (SELECT 1 FROM sys.resource_governor_resource_pools WHERE name = N'Pool_${i}')`,
    `    CREATE RESOURCE POOL [Pool_${i}] WITH (MIN_MEMORY_PERCENT = 0, MAX_MEMORY_PERCENT = ${1 + Math.floor(r() * 5)}, MAX_CPU_PERCENT = 50);`,
    `CREATE WORKLOAD GROUP [Group_${i}] WITH (IMPORTANCE = LOW) USING [Pool_${i}];`,
    'ALTER RESOURCE GOVERNOR RECONFIGURE;',
  ],
  (i) => [
    `EXEC sys.sp_xtp_bind_db_resource_pool @database_name = N'Db_${i}', @resource_pool_name = N'Pool_${i}';`,
    `ALTER DATABASE [Db_${i}] SET OFFLINE WITH ROLLBACK IMMEDIATE;`,
    `ALTER DATABASE [Db_${i}] SET ONLINE;`,
  ],
  (i) => [`EXEC sp_configure 'show advanced options', 1;`, 'RECONFIGURE;', `EXEC sp_configure 'max server memory (MB)', ${4096 + (i % 64) * 1024};`, 'RECONFIGURE;'],
  (i) => [
    `-- memlint: rows=${1000 * (1 + (i % 50))}`,
    `CREATE TABLE dbo.Session_${i}`,
    '(',
    `    SessionId UNIQUEIDENTIFIER NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = ${2 ** (10 + (i % 8))}),`,
    '    Payload   VARBINARY(8000) NOT NULL,',
    '    INDEX ix_Payload NONCLUSTERED (SessionId)',
    ') WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);',
  ],
  (i) => [`EXEC (N'ALTER RESOURCE POOL [Pool_${i}] WITH (MAX_MEMORY_PERCENT = 5); SELECT ''done'';');`],
  (i) => [
    'BEGIN TRY',
    '    BEGIN TRANSACTION;',
    `    DELETE FROM dbo.Orders_${i} WHERE OrderId < 0;`,
    '    COMMIT;',
    'END TRY',
    'BEGIN CATCH',
    '    IF @@TRANCOUNT > 0 ROLLBACK;',
    '    THROW;',
    'END CATCH;',
  ],
];

/**
 * A script of exactly `lines` lines, deploying to `instance`; object names are numbered
 * from `first` (so the scripts of a workspace can use names of their own).
 */
export function generateScript(lines: number, seed = 42, instance = 'BENCH01', first = 0): string {
  const r = prng(seed);
  const out: string[] = [`-- memlint: instance=${instance}`, 'USE master;', 'GO'];
  let i = first;
  while (out.length < lines) {
    const b = BLOCKS[Math.floor(r() * BLOCKS.length)];
    out.push(...b(i++, r));
  }
  out.length = lines;
  return out.join('\n') + '\n';
}

/**
 * A deployment workspace of `files` files: one memlint.yaml (instances, databases,
 * targets, hosts), one VM description per instance (PowerShell, Hyper-V XML or a
 * .vm.yaml, in turn) and SQL scripts of about 120 lines for the rest, spread over the
 * instances. Returns file name -> content.
 */
export function generateWorkspace(files: number, seed = 7): Record<string, string> {
  const r = prng(seed);
  const instances = Math.max(1, Math.round(files / 25));
  const name = (i: number) => String(i).padStart(3, '0');
  const out: Record<string, string> = {};
  const yaml: string[] = ['# generated benchmark workspace', 'sizing:', '  xtpHeadroom: 2.0', 'instances:'];
  for (let i = 0; i < instances; i++) yaml.push(`  SQL${name(i)}: { vm: VM${name(i)}, edition: ${i % 3 ? 'enterprise' : 'standard'}, version: 2019 }`);
  yaml.push('databases:');
  for (let i = 0; i < instances; i++) yaml.push(`  Sales${name(i)}: { instance: SQL${name(i)}, inMemoryData: ${1 + (i % 16)}GB }`);
  yaml.push('targets:');
  for (let i = 0; i < instances; i++) yaml.push(`  "sql/SQL${name(i)}/**/*.sql": SQL${name(i)}`);
  yaml.push('hosts:');
  const perHost = 8;
  for (let h = 0; h * perHost < instances; h++) {
    const vms = Array.from({ length: Math.min(perHost, instances - h * perHost) }, (_, k) => `VM${name(h * perHost + k)}`);
    yaml.push(`  HV${name(h)}: { memory: 512GB, reserve: 8GB, version: "2019", vms: [${vms.join(', ')}] }`);
  }
  out['memlint.yaml'] = yaml.join('\n') + '\n';
  for (let i = 0; i < instances; i++) {
    const vm = `VM${name(i)}`;
    const startup = 8 + (i % 8) * 8;
    const dynamic = i % 2 === 0;
    if (i % 3 === 0) {
      out[`infra/${vm}.ps1`] = [
        `# Provisioning of ${vm} for SQL${name(i)}`,
        `$vmName = '${vm}'`,
        `New-VM -Name $vmName -MemoryStartupBytes ${startup}GB -Generation 2 -SwitchName 'Prod'`,
        dynamic
          ? `Set-VMMemory -VMName $vmName -DynamicMemoryEnabled $true -MinimumBytes ${startup / 2}GB -StartupBytes ${startup}GB -MaximumBytes ${startup * 4}GB -Buffer 20 -Priority 80`
          : `Set-VMMemory -VMName $vmName -DynamicMemoryEnabled $false -StartupBytes ${startup}GB`,
        '',
      ].join('\n');
    } else if (i % 3 === 1) {
      out[`infra/${vm}.xml`] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<configuration>',
        `  <properties><name type="string">${vm}</name><subtype type="integer">1</subtype></properties>`,
        '  <settings><memory><bank>',
        `    <dynamic_memory_enabled type="bool">${dynamic ? 'True' : 'False'}</dynamic_memory_enabled>`,
        `    <size type="integer">${startup * 1024}</size>`,
        `    <reservation type="integer">${startup * 512}</reservation>`,
        `    <limit type="integer">${startup * 4096}</limit>`,
        '  </bank></memory></settings>',
        '</configuration>',
        '',
      ].join('\n');
    } else {
      out[`infra/${vm}.vm.yaml`] = [
        'vms:',
        `  ${vm}:`,
        '    generation: 2',
        '    guestOs: "Windows Server 2022 Datacenter"',
        `    memory: { dynamic: ${dynamic}, startup: ${startup}GB, minimum: ${startup / 2}GB, maximum: ${startup * 4}GB, buffer: 20, priority: 50 }`,
        '',
      ].join('\n');
    }
  }
  const scripts = files - 1 - instances;
  for (let k = 0; k < scripts; k++) {
    const inst = `SQL${name(k % instances)}`;
    const lines = 80 + Math.floor(r() * 80);
    out[`sql/${inst}/${name(Math.floor(k / instances))}-deploy.sql`] = generateScript(lines, 1000 + k, inst, k * 100);
  }
  return out;
}
