#requires -Version 7.0
<#
.SYNOPSIS
    Benchmarks New-AlonzoPackage against Compress-Archive and Info-ZIP's `zip -qr`.
.DESCRIPTION
    Generates a deterministic tree (default 5,000 files, about 60 MB: half source-like text, half
    random binary, in nested folders) in a temp folder, then times each tool -Runs times (after one
    untimed warm-up run each, so all read from a warm file cache) and reports the median. It also
    checks whether each tool gives byte-identical zips for two runs, and again after every file's
    modification time has been changed (what a fresh git checkout or CI cache restore does).
    Prints a markdown table and writes bench/results/package.json.

    `zip` comes from the Debian/Ubuntu package `zip` (apt-get install zip); when it is missing
    the script says so and skips it.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh ./bench/package.ps1
#>
[CmdletBinding()]
param(
    [int] $FileCount = 5000,
    [int] $TotalMB = 60,
    [ValidateRange(2, 99)]
    [int] $Runs = 3,
    [int] $Seed = 20240611,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results/package.json'),
    [switch] $KeepTree
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module $ModulePath -Force

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('alonzo-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$tree = Join-Path $work 'tree'
$outDir = Join-Path $work 'out'
New-Item -ItemType Directory -Path $tree, $outDir -Force | Out-Null

function New-BenchTree {
    # Text files are slices of one generated corpus of code-like lines (compressible like real
    # sources); binary files are random bytes (incompressible, like wheels, .so files or images).
    $random = [System.Random]::new($Seed)
    $words = 'def', 'return', 'import', 'class', 'self', 'event', 'record', 'shard', 'stream', 'lambda', 'handler',
        'context', 'payload', 'for', 'in', 'if', 'else', 'json', 'loads', 'dumps', 'batch', 'sequence', 'partition', 'key', 'data'
    $corpus = [System.Text.StringBuilder]::new()
    while ($corpus.Length -lt 2MB) {
        $indent = ' ' * (4 * $random.Next(0, 4))
        $count = $random.Next(3, 12)
        $line = for ($i = 0; $i -lt $count; $i++) { $words[$random.Next($words.Count)] }
        [void]$corpus.Append($indent).Append(($line -join ' ')).Append('(').Append($random.Next(1000)).Append(")`n")
    }
    $text = [System.Text.Encoding]::ASCII.GetBytes($corpus.ToString())

    $folders = [System.Collections.Generic.List[string]]::new()
    $folders.Add('')
    for ($i = 1; $i -lt 120; $i++) {
        $parent = $folders[$random.Next($folders.Count)]
        if ($parent.Split('/').Count -gt 4) { $parent = '' }
        $folders.Add((($parent, ('pkg{0:000}' -f $i)) -join '/').TrimStart('/'))
    }

    $average = [int](($TotalMB * 1MB) / $FileCount)
    $total = 0L
    for ($n = 0; $n -lt $FileCount; $n++) {
        $folder = $folders[$random.Next($folders.Count)]
        $binary = ($n % 2) -eq 1
        # Sizes spread from a few bytes to ~4x the average, averaging $average.
        $size = [int]($average * 2 * $random.NextDouble() * $random.NextDouble() * 2)
        if ($binary) {
            $bytes = [byte[]]::new($size)
            $random.NextBytes($bytes)
            $name = 'blob{0:00000}.bin' -f $n
        } else {
            $size = [Math]::Min($size, $text.Length)
            $offset = $random.Next(0, $text.Length - $size + 1)
            $bytes = [byte[]]::new($size)
            [Array]::Copy($text, $offset, $bytes, 0, $size)
            $name = 'module{0:00000}.py' -f $n
        }
        $dir = if ($folder) { Join-Path $tree $folder } else { $tree }
        if (-not (Test-Path -LiteralPath $dir)) { New-Item -ItemType Directory -Path $dir -Force | Out-Null }
        [System.IO.File]::WriteAllBytes((Join-Path $dir $name), $bytes)
        $total += $size
    }
    $total
}

function Measure-Tool {
    param([string] $Name, [scriptblock] $Build)
    $target = Join-Path $outDir "$Name-warmup.zip"
    & $Build $target | Out-Null
    $times = @()
    $files = @()
    for ($i = 1; $i -le $Runs; $i++) {
        $target = Join-Path $outDir "$Name-$i.zip"
        [GC]::Collect()
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & $Build $target | Out-Null
        $watch.Stop()
        $times += $watch.Elapsed.TotalSeconds
        $files += $target
    }
    $sorted = $times | Sort-Object
    [pscustomobject]@{
        Tool    = $Name
        Median  = $sorted[[int][Math]::Floor($sorted.Count / 2)]
        Times   = $times
        Size    = (Get-Item $files[0]).Length
        Files   = $files
    }
}

function Test-SameBytes([string] $A, [string] $B) {
    (Get-FileHash $A -Algorithm SHA256).Hash -eq (Get-FileHash $B -Algorithm SHA256).Hash
}

try {
    Write-Host "Generating $FileCount files (~$TotalMB MB) in $tree ..."
    $bytes = New-BenchTree
    $count = @(Get-ChildItem $tree -Recurse -File).Count
    Write-Host ('{0} files, {1:0.0} MB' -f $count, ($bytes / 1MB))

    $tools = [ordered]@{
        'New-AlonzoPackage' = { param($out) New-AlonzoPackage -Path $tree -OutFile $out -Force }
        'Compress-Archive'  = { param($out) Compress-Archive -Path (Join-Path $tree '*') -DestinationPath $out -Force }
    }
    $zip = Get-Command zip -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($zip) {
        $tools['zip -qr'] = {
            param($out)
            Push-Location $tree
            try { & $zip.Source -qr $out . ; if ($LASTEXITCODE -ne 0) { throw "zip failed ($LASTEXITCODE)" } } finally { Pop-Location }
        }
    } else {
        Write-Warning "'zip' was not found, so it is skipped. Install it with: sudo apt-get install zip (Debian/Ubuntu package 'zip')."
    }

    $results = foreach ($name in $tools.Keys) {
        Write-Host "Timing $name ($Runs runs + warm-up) ..."
        Measure-Tool -Name $name -Build $tools[$name]
    }

    # Determinism: two runs on the unchanged tree, then one after every mtime has moved.
    $stamp = [DateTime]::new(2030, 1, 2, 3, 4, 5, [DateTimeKind]::Utc)
    Get-ChildItem $tree -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc = $stamp }
    foreach ($r in $results) {
        $r | Add-Member IdenticalRuns (Test-SameBytes $r.Files[0] $r.Files[1])
        $touched = Join-Path $outDir "$($r.Tool)-touched.zip"
        & $tools[$r.Tool] $touched | Out-Null
        $r | Add-Member IdenticalAfterTouch (Test-SameBytes $r.Files[0] $touched)
    }

    $alonzo = $results | Where-Object Tool -eq 'New-AlonzoPackage'
    $lines = @(
        "Packaging $count files, $('{0:0.0}' -f ($bytes / 1MB)) MB (half text, half random binary), median of $Runs runs, $([Environment]::ProcessorCount) CPU(s), PowerShell $($PSVersionTable.PSVersion), $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)",
        '',
        '| Tool | Median (s) | Runs (s) | Zip size (MB) | Time vs New-AlonzoPackage | Identical runs | Identical after mtime change |',
        '|---|---:|---|---:|---:|:---:|:---:|'
    )
    foreach ($r in $results) {
        $lines += '| {0} | {1:0.000} | {2} | {3:0.00} | {4:0.00}x | {5} | {6} |' -f $r.Tool, $r.Median, (($r.Times | ForEach-Object { '{0:0.000}' -f $_ }) -join ', '),
            ($r.Size / 1MB), ($r.Median / $alonzo.Median), ($(if ($r.IdenticalRuns) { 'yes' } else { 'no' })), ($(if ($r.IdenticalAfterTouch) { 'yes' } else { 'no' }))
    }
    if (-not $zip) { $lines += '| zip -qr | skipped: zip not installed | | | | | |' }
    $lines | ForEach-Object { Write-Host $_ }

    $resultDir = Split-Path $ResultPath -Parent
    New-Item -ItemType Directory -Path $resultDir -Force | Out-Null
    [ordered]@{
        benchmark  = 'package'
        date       = (Get-Date).ToUniversalTime().ToString('o')
        machine    = [ordered]@{
            os         = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
            processors = [Environment]::ProcessorCount
            powershell = "$($PSVersionTable.PSVersion)"
            dotnet     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
            zip        = if ($zip) { ((& $zip.Source -v | Select-Object -Skip 1 -First 1) -replace '^\s+', '') } else { $null }
        }
        tree       = [ordered]@{ files = $count; bytes = $bytes; seed = $Seed }
        runs       = $Runs
        results    = @($results | ForEach-Object {
                [ordered]@{
                    tool                = $_.Tool
                    medianSeconds       = [Math]::Round($_.Median, 4)
                    seconds             = @($_.Times | ForEach-Object { [Math]::Round($_, 4) })
                    zipBytes            = $_.Size
                    relativeToAlonzo    = [Math]::Round($_.Median / $alonzo.Median, 2)
                    identicalRuns       = $_.IdenticalRuns
                    identicalAfterTouch = $_.IdenticalAfterTouch
                }
            })
        zipSkipped = -not $zip
        table      = $lines -join "`n"
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $ResultPath -Encoding utf8
    Write-Host "Results written to $ResultPath"
} finally {
    if ($KeepTree) { Write-Host "Tree kept in $work" } else { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }
}
