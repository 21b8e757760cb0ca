/**
 * Deterministic generator of realistic deployment scripts for benchmarks: Resource
 * Governor and In-Memory OLTP statements mixed with ordinary DDL/DML, procedures,
 * comments, strings with escapes and dynamic SQL.
 */

/** A small seeded PRNG (mulberry32), so every run measures the same text. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** A script of at least `lines` lines. */
export function generateScript(lines: number, seed = 42): string {
  const r = prng(seed);
  const out: string[] = ['-- memlint: instance=BENCH01', 'USE master;', 'GO'];
  let i = 0;
  while (out.length < lines) {
    const b = BLOCKS[Math.floor(r() * BLOCKS.length)];
    out.push(...b(i++, r));
  }
  out.length = lines;
  return out.join('\n') + '\n';
}
