-- memlint: instance=SQLPROD01
-- Resource Governor pools for the SalesDB In-Memory OLTP workload.
USE master;
GO

IF NOT EXISTS (SELECT 1 FROM sys.resource_governor_resource_pools WHERE name = N'InMemPool')
    CREATE RESOURCE POOL [InMemPool]
    WITH (
        MIN_MEMORY_PERCENT = 80,
        MAX_MEMORY_PERCENT = 80
    );
GO

CREATE RESOURCE POOL ReportingPool
    WITH (MIN_CPU_PERCENT = 10, MAX_CPU_PERCENT = 40, CAP_CPU_PERCENT = 50,
          MIN_MEMORY_PERCENT = 5, MAX_MEMORY_PERCENT = 15);

CREATE WORKLOAD GROUP ReportingGroup
    WITH (IMPORTANCE = LOW, REQUEST_MAX_MEMORY_GRANT_PERCENT = 25)
    USING ReportingPool;
GO

-- The bind below runs before RECONFIGURE: In-Memory OLTP can't see the new pool yet.
EXEC sys.sp_xtp_bind_db_resource_pool @database_name = N'SalesDB', @resource_pool_name = N'InMemPool';
GO
