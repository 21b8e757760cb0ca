-- Reporting instance: a pool for the report cache database.
CREATE RESOURCE POOL ReportCachePool WITH (MIN_MEMORY_PERCENT = 0, MAX_MEMORY_PERCENT = 25);
ALTER RESOURCE GOVERNOR RECONFIGURE;
GO

EXEC sys.sp_xtp_bind_db_resource_pool N'ReportCacheDB', N'ReportCachePool';
ALTER DATABASE ReportCacheDB SET OFFLINE WITH ROLLBACK IMMEDIATE;
ALTER DATABASE ReportCacheDB SET ONLINE;
GO
