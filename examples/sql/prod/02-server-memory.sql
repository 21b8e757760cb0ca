-- memlint: instance=SQLPROD01
-- Cap SQL Server below the VM's memory so the OS keeps its reserve.
EXEC sp_configure 'max server memory (MB)', 114688;
EXEC sp_configure 'min server memory', 16384;
GO
