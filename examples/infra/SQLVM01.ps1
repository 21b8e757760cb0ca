# Provisioning of the SQL Server VM for SQLPROD01 (Hyper-V on HVHOST01).
param([string]$SwitchName = 'Prod-vSwitch')

$vmName = 'SQLVM01'
$startup = 16GB

New-VM -Name $vmName -MemoryStartupBytes $startup -Generation 2 -SwitchName $SwitchName `
    -NewVHDPath "D:\Hyper-V\$vmName\os.vhdx" -NewVHDSizeBytes 127GB

# Dynamic Memory lets the VM shrink when the host is busy.
Set-VMMemory -VMName $vmName -DynamicMemoryEnabled $true -MinimumBytes 8GB -StartupBytes $startup -MaximumBytes 128GB -Buffer 20 -Priority 80
