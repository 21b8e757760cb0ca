import * as assert from 'assert';
import type { Range } from '../../server/src/engine';
import { Statement, alwaysRunsWith } from '../../server/src/engine/tsql/ast';
import { lex } from '../../server/src/engine/tsql/lexer';
import { ParseResult, parseScript, resolveConfigOption } from '../../server/src/engine/tsql/parser';

function parse(text: string): ParseResult {
  return parseScript(lex(text));
}
/** The source text a range covers. */
function src(text: string, r: Range | undefined): string | undefined {
  return r ? text.slice(r.start, r.end) : undefined;
}
/** The statement type whose kind union includes K (PoolStatement for 'createPool'...). */
type Of<K extends Statement['kind'], S = Statement> = S extends { kind: infer KK } ? (K extends KK ? S : never) : never;
function only<K extends Statement['kind']>(r: ParseResult, kind: K): Of<K>[] {
  return r.statements.filter((s) => s.kind === kind) as Of<K>[];
}

describe('T-SQL reader', () => {
  describe('resource pools', () => {
    it('reads CREATE RESOURCE POOL with every option and exact ranges', () => {
      const text =
        'CREATE RESOURCE POOL [InMem Pool] WITH (MIN_CPU_PERCENT = 5, MAX_CPU_PERCENT = 50, CAP_CPU_PERCENT = 60, ' +
        'AFFINITY SCHEDULER = (0 TO 3, 8), MIN_MEMORY_PERCENT = 40, MAX_MEMORY_PERCENT = 40, MIN_IOPS_PER_VOLUME = 10, MAX_IOPS_PER_VOLUME = 100);';
      const [p] = only(parse(text), 'createPool');
      assert.strictEqual(p.name.value, 'InMem Pool');
      assert.strictEqual(src(text, p.name.range), '[InMem Pool]');
      assert.deepStrictEqual(p.options.map((o) => [o.name, o.value?.number]), [
        ['MIN_CPU_PERCENT', 5], ['MAX_CPU_PERCENT', 50], ['CAP_CPU_PERCENT', 60], ['AFFINITY', undefined],
        ['MIN_MEMORY_PERCENT', 40], ['MAX_MEMORY_PERCENT', 40], ['MIN_IOPS_PER_VOLUME', 10], ['MAX_IOPS_PER_VOLUME', 100],
      ]);
      assert.strictEqual(src(text, p.options[4].value!.range), '40');
      assert.strictEqual(src(text, p.options[3].range), 'AFFINITY SCHEDULER = (0 TO 3, 8)');
      assert.strictEqual(src(text, p.range), text);
      assert.strictEqual(p.optionList!.commas, true);
    });

    it('accepts options without commas, lowercase keywords and NUMANODE affinity', () => {
      const text = 'alter resource pool "default" with (max_memory_percent = 40 min_memory_percent = 40 affinity numanode = (0))';
      const [p] = only(parse(text), 'alterPool');
      assert.strictEqual(p.name.value, 'default');
      assert.deepStrictEqual(p.options.map((o) => o.name), ['MAX_MEMORY_PERCENT', 'MIN_MEMORY_PERCENT', 'AFFINITY']);
      assert.strictEqual(p.optionList!.commas, false);
    });

    it('reads negative and decimal values, SQLCMD variables and template placeholders as written', () => {
      const text = 'CREATE RESOURCE POOL <pool, sysname, P> WITH (MIN_CPU_PERCENT = -5, MAX_CPU_PERCENT = 40.5, MAX_MEMORY_PERCENT = $(MaxMem));';
      const [p] = only(parse(text), 'createPool');
      assert.strictEqual(p.name.known, false);
      assert.strictEqual(p.name.kind, 'placeholder');
      assert.deepStrictEqual(p.options.map((o) => [o.value!.raw, o.value!.number, o.value!.known]), [['-5', -5, true], ['40.5', 40.5, true], ['$(MaxMem)', undefined, false]]);
      assert.strictEqual(src(text, p.options[0].value!.range), '-5');
    });

    it('rejects incomplete AFFINITY ranges and unclosed names', () => {
      const r = parse('CREATE RESOURCE POOL P WITH (AFFINITY SCHEDULER = (0 TO 3, 8 TO), MAX_MEMORY_PERCENT = 50);\nCREATE RESOURCE POOL [A WITH (MAX_MEMORY_PERCENT = 50);');
      assert.strictEqual(r.statements.length, 0);
      assert.match(r.unreadable[0].expected!, /after AFFINITY/);
      assert.match(r.unreadable[1].problem!, /never closed/);
    });

    it('reads DROP RESOURCE POOL', () => {
      const [d] = only(parse('DROP RESOURCE POOL OldPool;'), 'dropPool');
      assert.strictEqual(d.name.value, 'OldPool');
    });

    it('reports statements it starts to read but cannot (CFG905) and goes on', () => {
      const text = 'CREATE RESOURCE POOL p WITH (MAX_MEMORY = 50);\nCREATE RESOURCE POOL q;\nALTER RESOURCE POOL default WITH (MAX_MEMORY_PERCENT = 40);\nCREATE RESOURCE POOL r MAX_MEMORY_PERCENT = 40';
      const r = parse(text);
      assert.deepStrictEqual(only(r, 'createPool').map((p) => p.name.value), ['q']);
      assert.deepStrictEqual(r.unreadable.map((u) => src(text, u.range)), [
        'CREATE RESOURCE POOL p WITH (MAX_MEMORY = 50);',
        'ALTER RESOURCE POOL default WITH (MAX_MEMORY_PERCENT = 40);',
        'CREATE RESOURCE POOL r MAX_MEMORY_PERCENT = 40',
      ]);
      assert.match(r.unreadable[0].expected!, /"MAX_MEMORY" is not one/);
      assert.match(r.unreadable[1].problem!, /reserved word/);
    });
  });

  describe('workload groups and ALTER RESOURCE GOVERNOR', () => {
    it('reads CREATE/ALTER/DROP WORKLOAD GROUP ... USING', () => {
      const text = 'CREATE WORKLOAD GROUP g WITH (IMPORTANCE = LOW, REQUEST_MAX_MEMORY_GRANT_PERCENT = 25) USING [InMemPool], EXTERNAL ext;\nALTER WORKLOAD GROUP "default" USING "default";\nDROP WORKLOAD GROUP g;';
      const r = parse(text);
      assert.deepStrictEqual(r.statements.map((s) => s.kind), ['createGroup', 'alterGroup', 'dropGroup']);
      const [c, a] = only(r, 'createGroup').concat(only(r, 'alterGroup'));
      assert.strictEqual(src(text, c.pool!.range), '[InMemPool]');
      assert.strictEqual(a.pool!.value, 'default');
    });

    it('rejects USING default unquoted', () => {
      const r = parse('CREATE WORKLOAD GROUP g USING default;');
      assert.strictEqual(r.statements.length, 0);
      assert.match(r.unreadable[0].problem!, /USING \[default\]/);
    });

    it('reads every ALTER RESOURCE GOVERNOR form', () => {
      const text = 'ALTER RESOURCE GOVERNOR RECONFIGURE;\nALTER RESOURCE GOVERNOR DISABLE;\nALTER RESOURCE GOVERNOR RESET STATISTICS;\nALTER RESOURCE GOVERNOR WITH (CLASSIFIER_FUNCTION = dbo.fnClassifier);\nALTER RESOURCE GOVERNOR WITH (MAX_OUTSTANDING_IO_PER_VOLUME = 20);';
      const rg = only(parse(text), 'alterResourceGovernor');
      assert.deepStrictEqual(rg.map((s) => s.action), ['reconfigure', 'disable', 'reset', 'classifier', 'maxOutstandingIo']);
      assert.deepStrictEqual(rg.map((s) => src(text, s.actionRange)), ['RECONFIGURE', 'DISABLE', 'RESET STATISTICS', 'CLASSIFIER_FUNCTION', 'MAX_OUTSTANDING_IO_PER_VOLUME']);
    });
  });

  describe('procedures', () => {
    it('reads sp_xtp_bind_db_resource_pool positional, named (@resource_pool_name and @pool_name), sys.-qualified', () => {
      const text = [
        "EXEC sp_xtp_bind_db_resource_pool 'SalesDB', 'InMemPool';",
        "EXECUTE sys.sp_xtp_bind_db_resource_pool @database_name = N'HrDB', @resource_pool_name = N'HrPool';",
        "exec [sys].[sp_xtp_bind_db_resource_pool] @pool_name = N'P3', @database_name = N'Db3';",
        "EXEC sys.sp_xtp_unbind_db_resource_pool N'SalesDB';",
      ].join('\n');
      const r = parse(text);
      const binds = only(r, 'bind');
      assert.deepStrictEqual(binds.map((b) => [b.database!.text, b.pool!.text, b.poolParameter]), [
        ['SalesDB', 'InMemPool', undefined],
        ['HrDB', 'HrPool', '@resource_pool_name'],
        ['Db3', 'P3', '@pool_name'],
      ]);
      assert.strictEqual(src(text, binds[1].database!.range), "N'HrDB'");
      assert.strictEqual(src(text, binds[2].procedure), '[sys].[sp_xtp_bind_db_resource_pool]');
      assert.deepStrictEqual(only(r, 'unbind').map((u) => u.database!.text), ['SalesDB']);
    });

    it('reports a bind without its pool argument', () => {
      const r = parse("EXEC sp_xtp_bind_db_resource_pool N'SalesDB';");
      assert.strictEqual(r.statements.length, 0);
      assert.match(r.unreadable[0].expected!, /a database and a pool/);
    });

    it('reads sp_configure with or without EXEC, qualified, named, shortened option names', () => {
      const text = [
        "sp_configure 'show advanced options', 1",
        'RECONFIGURE WITH OVERRIDE',
        "EXEC sp_configure 'max server memory', 4096;",
        "EXEC master.sys.sp_configure @configname = N'min server memory (MB)', @configvalue = 1024;",
        "EXEC master..sp_configure 'max server memory (MB)'",
      ].join('\n');
      const r = parse(text);
      const cfg = only(r, 'configure');
      assert.deepStrictEqual(cfg.map((c) => [c.option, c.value?.number]), [
        ['show advanced options', 1],
        ['max server memory (MB)', 4096],
        ['min server memory (MB)', 1024],
        ['max server memory (MB)', undefined],
      ]);
      assert.strictEqual(only(r, 'reconfigure').length, 1);
      assert.strictEqual(src(text, cfg[1].optionArg!.range), "'max server memory'");
    });

    it('reads a call with the options of EXEC after its arguments (WITH RECOMPILE, WITH RESULT SETS)', () => {
      // they made CFG905 "expected a comma between the arguments", where SQL Server runs the call
      const text = "EXEC sp_configure 'max server memory (MB)', 4096 WITH RECOMPILE;\nEXEC sp_xtp_bind_db_resource_pool 'Db', 'P' WITH RESULT SETS NONE\nEXEC sp_configure 'show advanced options', 1 WITH RESULT SETS ((a INT, b NVARCHAR(10)));";
      const r = parse(text);
      assert.deepStrictEqual(r.unreadable, []);
      assert.deepStrictEqual(
        r.statements.map((s) => [s.kind, src(text, s.range)]),
        [
          ['configure', "EXEC sp_configure 'max server memory (MB)', 4096 WITH RECOMPILE;"],
          ['bind', "EXEC sp_xtp_bind_db_resource_pool 'Db', 'P' WITH RESULT SETS NONE"],
          ['configure', "EXEC sp_configure 'show advanced options', 1 WITH RESULT SETS ((a INT, b NVARCHAR(10)));"],
        ],
      );
    });

    it('resolves sp_configure names like sp_configure: exact, or any unique part of one name', () => {
      assert.strictEqual(resolveConfigOption('max server memory'), 'max server memory (MB)');
      assert.strictEqual(resolveConfigOption('MAX  SERVER'), 'max server memory (MB)');
      assert.strictEqual(resolveConfigOption('min server memory (MB)'), 'min server memory (MB)');
      assert.strictEqual(resolveConfigOption('advanced options'), 'show advanced options');
      assert.strictEqual(resolveConfigOption('max'), undefined); // ambiguous
      assert.strictEqual(resolveConfigOption('server memory'), undefined); // min and max
      assert.strictEqual(resolveConfigOption('show advanced'), 'show advanced options');
      assert.strictEqual(resolveConfigOption('max degree of parallelism'), undefined); // not tracked
    });

    it('takes DEFAULT and NULL arguments for what they are, not for names', () => {
      const [b] = only(parse("EXEC sys.sp_xtp_bind_db_resource_pool N'D1', DEFAULT;"), 'bind');
      assert.deepStrictEqual([b.pool!.kind, b.pool!.known], ['keyword', false]);
    });

    it('rejects a call without EXEC that is not the first statement of its batch', () => {
      const r = parse("EXEC sp_configure 'show advanced options', 1;\nsp_configure 'max server memory', 4096;\nGO\nsp_configure 'max server memory', 4096;");
      assert.deepStrictEqual(only(r, 'configure').map((c) => [c.value?.number, c.exec]), [[1, true], [4096, false]]);
      assert.strictEqual(r.unreadable.length, 1);
      assert.match(r.unreadable[0].problem!, /first statement of its batch/);
    });
  });

  describe('databases and tables', () => {
    it('reads CREATE DATABASE with a MEMORY_OPTIMIZED_DATA filegroup', () => {
      const text = "CREATE DATABASE SalesDB ON PRIMARY (NAME = d, FILENAME = 'd.mdf'), FILEGROUP mo CONTAINS MEMORY_OPTIMIZED_DATA (NAME = m, FILENAME = 'm') LOG ON (NAME = l, FILENAME = 'l.ldf');";
      const [d] = only(parse(text), 'createDatabase');
      assert.strictEqual(d.name.value, 'SalesDB');
      assert.strictEqual(src(text, d.memoryOptimizedFilegroup), 'CONTAINS MEMORY_OPTIMIZED_DATA');
    });

    it('reads ALTER DATABASE ADD FILEGROUP and SET options, CURRENT through USE', () => {
      const text = [
        'USE SalesDB;',
        'ALTER DATABASE CURRENT ADD FILEGROUP mo CONTAINS MEMORY_OPTIMIZED_DATA;',
        'ALTER DATABASE [SalesDB] SET OFFLINE WITH ROLLBACK IMMEDIATE;',
        'ALTER DATABASE SalesDB SET ONLINE;',
        'ALTER DATABASE SalesDB SET READ_COMMITTED_SNAPSHOT ON, READ_ONLY WITH NO_WAIT;',
      ].join('\n');
      const r = parse(text);
      const alters = only(r, 'alterDatabase');
      assert.deepStrictEqual(alters.map((a) => a.name.value), ['SalesDB', 'SalesDB', 'SalesDB', 'SalesDB']);
      assert.ok(alters[0].memoryOptimizedFilegroup);
      assert.deepStrictEqual(alters.slice(1).map((a) => a.set.map((s) => s.option)), [['OFFLINE'], ['ONLINE'], ['READ_COMMITTED_SNAPSHOT', 'READ_ONLY']]);
      assert.strictEqual(alters[3].currentDatabase, 'SalesDB');
    });

    it('reads RESTORE DATABASE with NORECOVERY, RECOVERY and the recovery-only form', () => {
      const text = "RESTORE DATABASE SalesDB FROM DISK = N'x.bak' WITH NORECOVERY, REPLACE;\nRESTORE DATABASE SalesDB WITH RECOVERY;\nRESTORE LOG SalesDB FROM DISK = 'l.trn';";
      const rs = only(parse(text), 'restore');
      assert.deepStrictEqual(rs.map((r) => [r.recovery, r.recoveryOnly]), [[false, false], [true, true], [true, false]]);
    });

    it('reads memory-optimized CREATE TABLE: columns, inline and table indexes, bucket counts, durability', () => {
      const text = `CREATE TABLE [dbo].[Cart] (
  CartId INT IDENTITY(1,1) NOT NULL PRIMARY KEY NONCLUSTERED HASH WITH (BUCKET_COUNT = 1000000),
  UserId INT NOT NULL INDEX ix_User HASH WITH (BUCKET_COUNT = 2048),
  Note NVARCHAR(200) COLLATE Latin1_General_100_BIN2 NULL,
  Price DECIMAL(19, 4) NOT NULL,
  Blob VARBINARY(MAX) NULL,
  Total AS Price * 2,
  INDEX ix_Note NONCLUSTERED (Note DESC, UserId),
  CONSTRAINT uq UNIQUE NONCLUSTERED (UserId, Price)
) WITH (MEMORY_OPTIMIZED = ON, DURABILITY = SCHEMA_ONLY);`;
      const [t] = only(parse(text), 'createTable');
      assert.strictEqual(t.memoryOptimized, true);
      assert.strictEqual(t.durability, 'SCHEMA_ONLY');
      assert.strictEqual(t.name.value, 'Cart');
      assert.strictEqual(src(text, t.name.range), '[dbo].[Cart]');
      assert.deepStrictEqual(t.columns.map((c) => [c.name.value, c.type, c.typeArgs]), [
        ['CartId', 'int', []], ['UserId', 'int', []], ['Note', 'nvarchar', [200]], ['Price', 'decimal', [19, 4]], ['Blob', 'varbinary', [-1]],
      ]);
      assert.deepStrictEqual(t.indexes.map((i) => [i.name?.value, i.hash, i.columns, i.bucketCount?.number]), [
        [undefined, true, ['CartId'], 1000000],
        ['ix_User', true, ['UserId'], 2048],
        ['ix_Note', false, ['Note', 'UserId'], undefined],
        ['uq', false, ['UserId', 'Price'], undefined],
      ]);
      assert.strictEqual(src(text, t.indexes[0].bucketCount!.range), '1000000');
    });

    it('reads CREATE TYPE ... AS TABLE with MEMORY_OPTIMIZED = ON, and ignores disk tables options', () => {
      const text = 'CREATE TYPE dbo.Ids AS TABLE (Id INT NOT NULL, INDEX ix HASH (Id) WITH (BUCKET_COUNT = 64)) WITH (MEMORY_OPTIMIZED = ON);\nCREATE TABLE t (a INT);';
      const tables = only(parse(text), 'createTable');
      assert.deepStrictEqual(tables.map((t) => [t.isType, t.memoryOptimized, t.indexes.length]), [[true, true, 1], [false, false, 0]]);
    });

    it('attaches a memlint: rows=N directive on or above the CREATE TABLE line', () => {
      const text = '-- memlint: rows=10\nCREATE TABLE a (x INT);\nCREATE TABLE b (x INT); -- memlint: rows=20\nCREATE TABLE c (x INT);';
      const rows = [
        { count: 10, range: { start: 12, end: 19 } },
        { count: 20, range: { start: text.indexOf('rows=20') + 5, end: text.indexOf('rows=20') + 7 } },
      ];
      const tables = only(parseScript(lex(text), rows), 'createTable');
      assert.deepStrictEqual(tables.map((t) => t.rows?.count), [10, 20, undefined]);
    });
  });

  describe('control flow', () => {
    it('marks statements under IF/ELSE as conditional and anchors them to the whole IF', () => {
      const text = "IF NOT EXISTS (SELECT 1 FROM sys.resource_governor_resource_pools WHERE name = 'P')\n    CREATE RESOURCE POOL P;\nELSE\n    ALTER RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40);\nALTER RESOURCE GOVERNOR RECONFIGURE;";
      const r = parse(text);
      const [c, a, g] = r.statements;
      assert.deepStrictEqual([c.conditional, a.conditional, g.conditional], [true, true, false]);
      assert.strictEqual(src(text, c.anchor), text.slice(0, text.indexOf('ALTER RESOURCE GOVERNOR') - 1));
      assert.strictEqual(src(text, a.anchor), src(text, c.anchor));
      assert.strictEqual(src(text, g.anchor), 'ALTER RESOURCE GOVERNOR RECONFIGURE;');
    });

    it('anchors every statement of an ELSE IF chain, and of IFs around WHILEs, to the outermost IF', () => {
      const chain = 'IF @a = 1 CREATE RESOURCE POOL A\nELSE IF @b = 1 CREATE RESOURCE POOL B\nELSE IF @c = 1 WHILE @d = 1 CREATE RESOURCE POOL C\nELSE CREATE RESOURCE POOL D;';
      const text = `${chain}\nCREATE RESOURCE POOL E;`;
      assert.deepStrictEqual(
        only(parse(text), 'createPool').map((p) => [p.name.value, src(text, p.anchor)]),
        [['A', chain], ['B', chain], ['C', chain], ['D', chain], ['E', 'CREATE RESOURCE POOL E;']],
      );
      // a chain cut short: the IFs that ended keep the end they had, the ELSE that never did
      // leaves its own statement alone
      const cut = 'IF @a = 1 IF @b = 1 CREATE RESOURCE POOL A\nELSE CREATE RESOURCE POOL B;\nELSE';
      assert.deepStrictEqual(
        only(parse(cut), 'createPool').map((p) => [p.name.value, src(cut, p.anchor)]),
        [['A', 'IF @a = 1 IF @b = 1 CREATE RESOURCE POOL A\nELSE CREATE RESOURCE POOL B;'], ['B', 'IF @a = 1 IF @b = 1 CREATE RESOURCE POOL A\nELSE CREATE RESOURCE POOL B;']],
      );
    });

    it('reads statements inside BEGIN...END blocks with their own anchors', () => {
      const text = 'IF @x = 1\nBEGIN\n  CREATE RESOURCE POOL P;\n  ALTER RESOURCE GOVERNOR RECONFIGURE;\nEND\nCREATE RESOURCE POOL Q;';
      const r = parse(text);
      assert.deepStrictEqual(r.statements.map((s) => [s.kind, s.conditional, src(text, s.anchor)]), [
        ['createPool', true, 'CREATE RESOURCE POOL P;'],
        ['alterResourceGovernor', true, 'ALTER RESOURCE GOVERNOR RECONFIGURE;'],
        ['createPool', false, 'CREATE RESOURCE POOL Q;'],
      ]);
    });

    it('records which IF/ELSE/WHILE branch each statement is in, dynamic SQL included', () => {
      const text = "IF @a = 1\n  CREATE RESOURCE POOL A;\nELSE\nBEGIN\n  IF @b = 1 CREATE RESOURCE POOL B;\n  EXEC('IF 1 = 1 CREATE RESOURCE POOL C; CREATE RESOURCE POOL D');\nEND\nWHILE @c = 1 CREATE RESOURCE POOL E;\nCREATE RESOURCE POOL F;";
      const pools = only(parse(text), 'createPool');
      assert.deepStrictEqual(pools.map((p) => [p.name.value, p.branch]), [
        ['A', '/0t'],
        ['B', '/0e/1t'],
        ['C', '/0e/x2.0t'],
        ['D', '/0e'],
        ['E', '/3w'],
        ['F', ''],
      ]);
      const [a, b, , d, , f] = pools;
      assert.ok(alwaysRunsWith(f, a) && alwaysRunsWith(d, b) && !alwaysRunsWith(a, b) && !alwaysRunsWith(b, d) && !alwaysRunsWith(a, f));
    });

    it('tracks explicit transactions across batches, savepoints and rollback', () => {
      const text = 'BEGIN TRAN t1\nGO\nALTER RESOURCE GOVERNOR RECONFIGURE\nSAVE TRAN sp\nROLLBACK TRAN sp\nALTER RESOURCE GOVERNOR DISABLE\nCOMMIT\nALTER RESOURCE GOVERNOR RECONFIGURE';
      const rg = only(parse(text), 'alterResourceGovernor');
      assert.deepStrictEqual(rg.map((s) => s.transactionDepth), [1, 1, 0]);
      assert.strictEqual(src(text, rg[0].transactionStart), 'BEGIN TRAN t1');
    });

    it('does not take CASE ... END for the end of a block', () => {
      const text = 'BEGIN\n  SELECT CASE WHEN 1 = 1 THEN 1 ELSE 0 END;\n  CREATE RESOURCE POOL P;\nEND';
      const [p] = only(parse(text), 'createPool');
      assert.strictEqual(src(text, p.anchor), 'CREATE RESOURCE POOL P;');
    });

    it('skips the bodies of procedures, functions, triggers and views (they do not run at deploy time)', () => {
      const text = 'CREATE OR ALTER PROCEDURE dbo.p AS\nBEGIN\n  ALTER RESOURCE GOVERNOR RECONFIGURE;\nEND\nGO\nCREATE RESOURCE POOL P;';
      assert.deepStrictEqual(parse(text).statements.map((s) => s.kind), ['createPool']);
    });

    it('does not read permission names as statements', () => {
      const text = 'GRANT CREATE TABLE, ALTER ANY DATABASE TO app_user WITH GRANT OPTION\nCREATE RESOURCE POOL P';
      assert.deepStrictEqual(parse(text).statements.map((s) => s.kind), ['createPool']);
    });

    it('splits batches on GO and records GO n', () => {
      const text = 'CREATE RESOURCE POOL A\nGO 2\nCREATE RESOURCE POOL B\n';
      const r = parse(text);
      assert.deepStrictEqual(r.batches.map((b) => b.repeat), [2, 1]);
      assert.deepStrictEqual(r.statements.map((s) => s.batch), [0, 1]);
    });

    it('tolerates garbage between statements', () => {
      const text = ') ) ( ;; @@ 12 ] CREATE RESOURCE POOL P; ))) END END ELSE ALTER RESOURCE POOL P WITH (MAX_MEMORY_PERCENT = 40)';
      const kinds = parse(text).statements.map((s) => s.kind);
      assert.deepStrictEqual(kinds, ['createPool', 'alterPool']);
    });
  });

  describe('dynamic SQL', () => {
    it("reads EXEC('...') and maps positions back through doubled quotes", () => {
      const text = "EXEC('ALTER RESOURCE POOL [P] WITH (MAX_MEMORY_PERCENT = 40); SELECT ''x'';CREATE RESOURCE POOL Q')";
      const r = parse(text);
      assert.deepStrictEqual(r.statements.map((s) => [s.kind, s.dynamicDepth]), [['alterPool', 1], ['createPool', 1]]);
      const [a, c] = r.statements as [Of<'alterPool'>, Of<'createPool'>];
      assert.strictEqual(src(text, a.options[0].value!.range), '40');
      assert.strictEqual(src(text, c.name.range), 'Q');
      assert.strictEqual(src(text, a.anchor), text);
    });

    it("reads EXECUTE ('...' + N'...'), sp_executesql and @variables assigned in the batch", () => {
      const text = [
        "EXECUTE ('CREATE RESOURCE POOL ' + N'A')",
        "EXEC sp_executesql N'CREATE RESOURCE POOL B', N'@x int', @x = 1;",
        "EXEC sys.sp_executesql @stmt = N'CREATE RESOURCE POOL C';",
        "DECLARE @sql nvarchar(max) = N'CREATE RESOURCE POOL D WITH (MAX_MEMORY_PERCENT = ''50'')';",
        "SET @sql += N';ALTER RESOURCE GOVERNOR RECONFIGURE';",
        'EXEC (@sql);',
        "EXEC ('CREATE RESOURCE POOL ' + @unknown)",
      ].join('\n');
      const r = parse(text);
      assert.deepStrictEqual(r.statements.map((s) => (s.kind === 'createPool' ? `create ${s.name.value}` : s.kind)), ['create A', 'create B', 'create C', 'create D', 'alterResourceGovernor']);
      const d = only(r, 'createPool')[3];
      assert.strictEqual(src(text, d.options[0].value!.range), "''50''");
    });

    it('reads nested dynamic SQL and maps ranges through both levels', () => {
      const text = "EXEC('EXEC(''CREATE RESOURCE POOL [Inner] WITH (MIN_CPU_PERCENT = 1)'')')";
      const [p] = only(parse(text), 'createPool');
      assert.strictEqual(p.dynamicDepth, 2);
      assert.strictEqual(src(text, p.name.range), '[Inner]');
      assert.strictEqual(src(text, p.options[0].value!.range), '1');
    });

    it('keeps the transaction of the session around dynamic SQL', () => {
      const text = "BEGIN TRANSACTION; EXEC('ALTER RESOURCE GOVERNOR RECONFIGURE'); COMMIT;";
      const [g] = only(parse(text), 'alterResourceGovernor');
      assert.strictEqual(g.transactionDepth, 1);
    });
  });
});
