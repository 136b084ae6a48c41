#requires -Version 7.0
<#
.SYNOPSIS
    Measures what `Import-Module Alonzo` adds to a bare `pwsh -NoProfile` start.
.DESCRIPTION
    Starts PowerShell N times with nothing to do and N times importing the built module, alternating
    so that machine noise hits both alike, and reports the medians and their difference. Also
    reports Import-Module's own time measured inside each process. Build first:
    dotnet pwsh ./build.ps1 -Task Build
#>
[CmdletBinding()]
param(
    [int] $Runs = 10,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [string] $ResultFile = (Join-Path $PSScriptRoot 'results/import.json')
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$pwshDll = Join-Path ([System.IO.Path]::GetDirectoryName((Get-Process -Id $PID).Modules[0].FileName)) 'pwsh.dll'
if (-not (Test-Path $pwshDll)) { $pwshDll = [System.Reflection.Assembly]::GetEntryAssembly().Location }

function Measure-Start([string] $Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $out = & dotnet $pwshDll -NoProfile -NonInteractive -Command $Command
    $watch.Stop()
    if ($LASTEXITCODE -ne 0) { throw "pwsh failed: $out" }
    [pscustomobject]@{ Wall = $watch.Elapsed.TotalMilliseconds; Output = "$out" }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int][math]::Floor($n / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

# One warm-up of each, so the first run's disk cache misses do not count.
Measure-Start 'exit 0' | Out-Null
Measure-Start "Import-Module '$ModulePath'" | Out-Null

$bare = @(); $withModule = @(); $inside = @()
for ($i = 0; $i -lt $Runs; $i++) {
    $bare += (Measure-Start '$null').Wall
    $r = Measure-Start "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; `$w.Stop(); [int]`$w.Elapsed.TotalMilliseconds"
    $withModule += $r.Wall
    $inside += [double]$r.Output
}

$result = [ordered]@{
    date                  = (Get-Date).ToString('yyyy-MM-dd')
    machine               = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
    powershell            = $PSVersionTable.PSVersion.ToString()
    runs                  = $Runs
    bareStartMedianMs     = [math]::Round((Get-Median $bare), 1)
    importStartMedianMs   = [math]::Round((Get-Median $withModule), 1)
    importCostMedianMs    = [math]::Round((Get-Median $withModule) - (Get-Median $bare), 1)
    importModuleMedianMs  = [math]::Round((Get-Median $inside), 1)
    targetMs              = 300
}
$result | ConvertTo-Json | Set-Content $ResultFile
[pscustomobject]$result | Format-List
