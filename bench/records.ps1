#requires -Version 7.0
<#
.SYNOPSIS
    Benchmarks Write-AlonzoRecord against boto3 loops on local Kinesis emulators, and measures its
    memory while it writes a million records.
.DESCRIPTION
    For each emulator (moto_server and kinesalite, started on 127.0.0.1 by the test support module)
    the writers put the same small records (about 80-byte JSON lines, random partition keys) into
    fresh streams of -Shards shards, one stream per writer and run, so each starts from an empty
    stream (moto gets slower as a shard fills up: it copies the shard's key list for every record):

      Write-AlonzoRecord       the records piped in from memory
      boto3 put_records        a Python loop of PutRecords calls of 500 records
      boto3 put_record         a Python loop of one PutRecord call per record

    Write-AlonzoRecord and put_records write -Records records; the put_record loop writes
    -LoopRecords (it is slow), and Write-AlonzoRecord writes the same -LoopRecords into a fresh stream
    for the like-for-like ratio. Each measurement is the median of -Runs runs.
    Write-AlonzoRecord runs with -MaxInFlight 1 against moto, because moto loses
    records of parallel PutRecords calls to the same shard, and with its default (4) against
    kinesalite. After each run the stream's record count is checked with ListShards/GetRecords
    (boto3) so a writer that lost records cannot look fast.

    Memory: fresh pwsh processes import the module and pipe -MemoryRecords generated records into
    Out-Null (the host and the generator alone), and into Write-AlonzoRecord with a tenth of them and
    with all of them; each reports its working set after the import and its peak working set. Medians
    of -Runs runs; -MemoryOnly measures only this and keeps the throughput results already saved.

    Prints a markdown table and writes bench/results/records.json.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh ./bench/records.ps1
.EXAMPLE
    dotnet pwsh ./bench/records.ps1 -MemoryOnly -MemoryEnvironment @{ DOTNET_GCgen0size = '0x400000'; DOTNET_TieredPGO = '0' } -ResultPath ./bench/results/records-memory-tuned.json

    The memory runs with a smaller first-generation budget and without profile-guided recompilation.
#>
[CmdletBinding()]
param(
    [int] $Records = 50000,
    [int] $LoopRecords = 2000,
    [int] $MemoryRecords = 1000000,
    [int] $Shards = 4,
    [ValidateRange(1, 9)]
    [int] $Runs = 3,
    [ValidateSet('moto', 'kinesalite')]
    [string[]] $Emulator = @('moto', 'kinesalite'),
    # Only the memory measurement; the throughput results already in -ResultPath are kept.
    [switch] $MemoryOnly,
    # Environment variables for the memory runs' processes, e.g. @{ DOTNET_GCgen0size = '0x400000' }.
    [hashtable] $MemoryEnvironment = @{},
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results/records.json')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ModulePath = (Resolve-Path $ModulePath).ProviderPath
Import-Module (Join-Path $PSScriptRoot '../tests/pester/Alonzo.TestSupport.psm1') -Force
Import-Module $ModulePath -Force

$env:AWS_ACCESS_KEY_ID = 'testing'
$env:AWS_SECRET_ACCESS_KEY = 'testing'
$env:AWS_REGION = 'us-east-1'
$env:AWS_EC2_METADATA_DISABLED = 'true'
Remove-Item Env:AWS_ENDPOINT_URL, Env:AWS_ENDPOINT_URL_KINESIS -ErrorAction SilentlyContinue

$python = (Get-Command python3 -CommandType Application | Select-Object -First 1).Source
$boto = @'
import base64, json, os, random, sys, time, boto3
from botocore.config import Config
mode, endpoint, stream, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
client = boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1",
                      config=Config(retries={"max_attempts": 3, "mode": "standard"}, max_pool_connections=4))
rng = random.Random(1)
def line(i):
    return ('{"n":%d,"device":"device-%d","temperature":%.1f,"unit":"celsius","ok":true}' % (i, i % 97, 20 + (i % 50) / 10)).encode()
def key():
    return "%016x" % rng.getrandbits(64)
if mode == "count":
    total = 0
    for shard in client.list_shards(StreamName=stream)["Shards"]:
        it = client.get_shard_iterator(StreamName=stream, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        while it:
            reply = client.get_records(ShardIterator=it, Limit=10000)
            total += len(reply["Records"])
            if not reply["Records"]:
                break
            it = reply.get("NextShardIterator")
    print(json.dumps({"records": total}))
    sys.exit(0)
data = [(line(i), key()) for i in range(count)]
failed = 0
started = time.perf_counter()
if mode == "put_record":
    for d, k in data:
        client.put_record(StreamName=stream, Data=d, PartitionKey=k)
else:
    pending = [{"Data": d, "PartitionKey": k} for d, k in data]
    while pending:
        batch, pending = pending[:500], pending[500:]
        while batch:
            reply = client.put_records(StreamName=stream, Records=batch)
            batch = [e for e, r in zip(batch, reply["Records"]) if "ErrorCode" in r]
            failed += len(batch)
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "records": count, "retried": failed}))
'@
$botoScript = Join-Path ([System.IO.Path]::GetTempPath()) 'alonzo-bench-boto.py'
Set-Content -Path $botoScript -Value $boto

function Invoke-Boto([string] $Mode, [string] $Endpoint, [string] $Stream, [int] $Count) {
    $out = & $python $botoScript $Mode $Endpoint $Stream $Count
    if ($LASTEXITCODE -ne 0) { throw "boto3 $Mode failed: $out" }
    $out | ConvertFrom-Json
}

function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[math]::Floor($Values.Count / 2)] }

function New-Line([int] $i) {
    '{{"n":{0},"device":"device-{1}","temperature":{2:0.0},"unit":"celsius","ok":true}}' -f $i, ($i % 97), (20 + ($i % 50) / 10)
}

if ($MemoryOnly) { $Emulator = @() }
$results = [System.Collections.Generic.List[object]]::new()
foreach ($name in $Emulator) {
    $service = if ($name -eq 'moto') { Start-MotoServer } else { Start-Kinesalite -ShardLimit 1000 }
    try {
        $endpoint = $service.Url
        $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $endpoint
        $inflight = if ($name -eq 'moto') { 1 } else { 4 } # 4 is the default
        Write-Host "== $name ($endpoint)"

        # Warm-up: JIT, connections, the emulator's first-call costs.
        New-AlonzoStream -Name 'warmup' -ShardCount 1 | Out-Null
        1..1000 | ForEach-Object { New-Line $_ } | Write-AlonzoRecord -StreamName 'warmup' -MaxInFlight $inflight | Out-Null
        Invoke-Boto 'put_records' $endpoint 'warmup' 1000 | Out-Null

        $lines = [string[]]::new([math]::Max($Records, $LoopRecords))
        for ($i = 0; $i -lt $lines.Count; $i++) { $lines[$i] = New-Line $i }
        $measure = {
            param([string] $Writer, [int] $Count, [scriptblock] $Run)
            $times = [System.Collections.Generic.List[double]]::new()
            $stored = [System.Collections.Generic.List[int]]::new()
            $calls = 0
            for ($attempt = 1; $attempt -le $Runs; $attempt++) {
                $stream = ('{0}-{1}-{2}' -f ($Writer -replace "[^a-zA-Z]", ""), $Count, $attempt)
                New-AlonzoStream -Name $stream -ShardCount $Shards | Out-Null
                $r = & $Run $stream $Count
                $times.Add($r.seconds)
                $calls = $r.calls
                $stored.Add((Invoke-Boto 'count' $endpoint $stream 0).records)
            }
            $median = Get-Median $times
            $row = [pscustomobject]@{
                emulator = $name; writer = $Writer; records = $Count; seconds = [math]::Round($median, 3)
                recordsPerSecond = [math]::Round($Count / $median, 0); runs = @($times | ForEach-Object { [math]::Round($_, 3) })
                calls = $calls; maxInFlight = $(if ($Writer -eq 'Write-AlonzoRecord') { $inflight } else { 1 })
                stored = [int]($stored | Measure-Object -Minimum).Minimum; allStored = -not ($stored | Where-Object { $_ -ne $Count })
            }
            Write-Host ("  {0,-34} {1,8:N0} records {2,7:0.00}s {3,9:N0}/s  stored {4:N0}" -f $Writer, $Count, $median, $row.recordsPerSecond, $row.stored)
            $row
        }
        $alonzo = {
            param($Stream, $Count)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $summary = $lines[0..($Count - 1)] | Write-AlonzoRecord -StreamName $Stream -MaxInFlight $inflight
            @{ seconds = $watch.Elapsed.TotalSeconds; calls = $summary.Batches }
        }
        $batches = { param($Stream, $Count) $r = Invoke-Boto 'put_records' $endpoint $Stream $Count; @{ seconds = $r.seconds; calls = [math]::Ceiling($Count / 500) } }
        $loop = { param($Stream, $Count) $r = Invoke-Boto 'put_record' $endpoint $Stream $Count; @{ seconds = $r.seconds; calls = $Count } }

        $results.Add((& $measure 'Write-AlonzoRecord' $Records $alonzo))
        $results.Add((& $measure 'boto3 put_records (500 per call)' $Records $batches))
        $results.Add((& $measure 'Write-AlonzoRecord' $LoopRecords $alonzo))
        $results.Add((& $measure 'boto3 put_record loop' $LoopRecords $loop))
    } finally {
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
        Stop-TestService $service
    }
}

# Memory: fresh pwsh processes, each importing the module and piping -MemoryRecords generated records
# into a sink, report their own working set after the import and their peak (Process.PeakWorkingSet64,
# which is the kernel's high-water mark, VmHWM, on Linux: no sample can miss the peak). Three cases per
# run: the same pipeline into Out-Null (what the host and the record generator cost on their own),
# Write-AlonzoRecord with a tenth of the records, and with all of them. Flat memory means the last two
# peak at the same height; what Alonzo adds is the difference to the Out-Null pipeline.
function Measure-MemoryCase([string] $Case, [int] $Count, [string] $Url) {
    $stream = 'memory-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $sink = 'Out-Null'
    if ($Case -ne 'Out-Null') {
        New-AlonzoStream -Name $stream -ShardCount $Shards -EndpointUrl $Url | Out-Null
        $sink = "Write-AlonzoRecord -StreamName $stream -EndpointUrl '$Url'"
    }
    $child = @"
`$ErrorActionPreference = 'Stop'
`$self = [System.Diagnostics.Process]::GetCurrentProcess()
`$bare = `$self.WorkingSet64
Import-Module '$ModulePath'
[GC]::Collect()
`$self.Refresh()
`$imported = `$self.WorkingSet64
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$s = & { for (`$i = 0; `$i -lt $Count; `$i++) { '{"n":' + `$i + ',"device":"device-' + (`$i % 97) + '","unit":"celsius","ok":true}' } } | $sink
`$seconds = `$watch.Elapsed.TotalSeconds
`$self.Refresh()
@{ bare = `$bare; imported = `$imported; peak = `$self.PeakWorkingSet64; seconds = `$seconds; written = `$(if (`$s) { `$s.Records } else { $Count }); failed = `$(if (`$s) { `$s.Failed } else { 0 }) } | ConvertTo-Json -Compress
"@
    # pwsh.dll runs directly in the dotnet host (not through 'dotnet pwsh', which would start it as a
    # grandchild), so the process measured is the one that writes.
    $pwsh = (Get-Process -Id $PID).Path
    $arguments = @('-NoProfile', '-NonInteractive', '-Command', $child)
    if ($pwsh -match 'dotnet(\.exe)?$') { $arguments = @([System.Reflection.Assembly]::GetEntryAssembly().Location) + $arguments }
    $saved = @{}
    foreach ($name in $MemoryEnvironment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, [string] $MemoryEnvironment[$name]) }
    try { $out = & $pwsh @arguments }
    finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
    if ($LASTEXITCODE -ne 0) { throw "The memory run ($Case, $Count records) failed: $out" }
    if ($Case -ne 'Out-Null') { Remove-AlonzoStream -Name $stream -EndpointUrl $Url -Force -Confirm:$false | Out-Null }
    $r = $out | Select-Object -Last 1 | ConvertFrom-Json
    [pscustomobject]@{
        case = $Case; records = $Count; written = $r.written; failed = $r.failed
        bareMB = [math]::Round($r.bare / 1MB, 1); afterImportMB = [math]::Round($r.imported / 1MB, 1)
        peakMB = [math]::Round($r.peak / 1MB, 1); growthMB = [math]::Round(($r.peak - $r.imported) / 1MB, 1)
        seconds = [math]::Round($r.seconds, 1); recordsPerSecond = [math]::Round($Count / $r.seconds, 0)
    }
}

$memory = $null
if ($MemoryRecords -gt 0) {
    $service = Start-Kinesalite -ShardLimit 1000
    try {
        $settings = ($MemoryEnvironment.Keys | Sort-Object | ForEach-Object { "$_=$($MemoryEnvironment[$_])" }) -join ' '
        Write-Host "== memory: $($MemoryRecords.ToString('N0')) generated records, kinesalite, $Runs run(s) $settings"
        $tenth = [math]::Max(1, [int]($MemoryRecords / 10))
        $cases = @(@('Out-Null', $MemoryRecords), @('Write-AlonzoRecord', $tenth), @('Write-AlonzoRecord', $MemoryRecords))
        $runsByCase = [ordered]@{}
        for ($attempt = 1; $attempt -le $Runs; $attempt++) {
            foreach ($c in $cases) {
                $r = Measure-MemoryCase $c[0] $c[1] $service.Url
                Write-Host ("  {0,-20} {1,9:N0} records: after import {2,6:0.0} MB, peak {3,6:0.0} MB (+{4:0.0}), {5:N0} written, {6:N0}/s" -f $r.case, $r.records, $r.afterImportMB, $r.peakMB, $r.growthMB, $r.written, $r.recordsPerSecond)
                $key = '{0} {1}' -f $c[0], $c[1]
                if (-not $runsByCase.Contains($key)) { $runsByCase[$key] = [System.Collections.Generic.List[object]]::new() }
                $runsByCase[$key].Add($r)
            }
        }
        $summaries = foreach ($key in $runsByCase.Keys) {
            $rs = $runsByCase[$key]
            [pscustomobject]@{
                case = $rs[0].case; records = $rs[0].records
                written = [int]($rs | Measure-Object written -Minimum).Minimum
                bareMB = Get-Median $rs.bareMB; afterImportMB = Get-Median $rs.afterImportMB
                peakMB = Get-Median $rs.peakMB; growthMB = Get-Median $rs.growthMB
                peakRangeMB = @(($rs.peakMB | Measure-Object -Minimum).Minimum, ($rs.peakMB | Measure-Object -Maximum).Maximum)
                recordsPerSecond = Get-Median $rs.recordsPerSecond
                runs = @($rs)
            }
        }
        $reference = $summaries[0]; $small = $summaries[1]; $full = $summaries[2]
        $memory = [pscustomobject]@{
            emulator            = 'kinesalite'
            records             = $MemoryRecords
            environment         = $MemoryEnvironment
            cases               = @($summaries)
            peakWorkingSetMB    = $full.peakMB
            # Growth over each process's own working set after the import: identical starts of the host
            # differ by up to 10 MB, which would swamp a difference of peaks.
            addedOverOutNullMB  = [math]::Round($full.growthMB - $reference.growthMB, 1)
            growthTenfoldMB     = [math]::Round($full.growthMB - $small.growthMB, 1)
            targetMB            = 150
        }
        Write-Host ("  median peak {0:0.0} MB; growth {1:0.0} MB more than the same pipeline into Out-Null; {2:N0} vs {3:N0} records: growth differs by {4:0.0} MB" -f $full.peakMB, $memory.addedOverOutNullMB, $small.records, $full.records, $memory.growthTenfoldMB)
    } finally {
        Stop-TestService $service
    }
}

$machine = [ordered]@{
    os         = (Get-Content /etc/os-release -ErrorAction SilentlyContinue | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace 'PRETTY_NAME=|"', ''
    processors = [Environment]::ProcessorCount
    powershell = $PSVersionTable.PSVersion.ToString()
    dotnet     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    python     = (& $python --version) -replace 'Python ', ''
    boto3      = (& $python -c 'import boto3; print(boto3.__version__)')
    moto       = (& $python -c 'import moto; print(moto.__version__)')
    kinesalite = (Get-Content (Join-Path $PSScriptRoot '../tests/tools/node_modules/kinesalite/package.json') -Raw | ConvertFrom-Json).version
}
$ratios = foreach ($name in $Emulator) {
    $mine = @($results | Where-Object { $_.emulator -eq $name })
    $a = $mine | Where-Object { $_.writer -eq 'Write-AlonzoRecord' -and $_.records -eq $Records }
    $b = $mine | Where-Object { $_.writer -like '*put_records*' }
    $aSmall = $mine | Where-Object { $_.writer -eq 'Write-AlonzoRecord' -and $_.records -eq $LoopRecords } | Select-Object -Last 1
    $l = $mine | Where-Object { $_.writer -like '*put_record loop' }
    [pscustomobject]@{
        emulator = $name
        vsPutRecordLoop = [math]::Round($aSmall.recordsPerSecond / $l.recordsPerSecond, 1)
        vsPutRecordLoopBulkRate = [math]::Round($a.recordsPerSecond / $l.recordsPerSecond, 1)
        vsPutRecordsBatches = [math]::Round($a.recordsPerSecond / $b.recordsPerSecond, 2)
    }
}
$report = [ordered]@{
    benchmark = 'records'
    date      = [DateTime]::UtcNow.ToString('o')
    machine   = $machine
    shards    = $Shards
    runs      = $Runs
    results   = $results
    ratios    = @($ratios)
    memory    = $memory
    targets   = [ordered]@{ vsPutRecordLoop = 20; vsPutRecordsBatches = 1; peakWorkingSetMB = 150 }
}
if ($MemoryOnly -and (Test-Path $ResultPath)) {
    $previous = Get-Content $ResultPath -Raw | ConvertFrom-Json
    if (@($previous.results).Count -gt 0) {
        $report.results = $previous.results
        $report.ratios = $previous.ratios
        $report['throughputDate'] = if ($previous.PSObject.Properties['throughputDate']) { $previous.throughputDate } else { $previous.date }
    }
}
New-Item -ItemType Directory -Path (Split-Path $ResultPath -Parent) -Force | Out-Null
$report | ConvertTo-Json -Depth 8 | Set-Content $ResultPath

if (-not $MemoryOnly) {
    ''
    '| Emulator | Writer | Records | Seconds | Records/s | Stored |'
    '|---|---|---:|---:|---:|---:|'
    foreach ($r in $results) { '| {0} | {1} | {2:N0} | {3:0.00} | {4:N0} | {5:N0} |' -f $r.emulator, $r.writer, $r.records, $r.seconds, $r.recordsPerSecond, $r.stored }
    ''
    '| Emulator | Write-AlonzoRecord vs put_record loop, same record count (target 20x) | its {0:N0}-record rate vs the loop | vs put_records batches (target 1x) |' -f $Records
    '|---|---:|---:|---:|'
    foreach ($r in $ratios) { '| {0} | {1}x | {2}x | {3}x |' -f $r.emulator, $r.vsPutRecordLoop, $r.vsPutRecordLoopBulkRate, $r.vsPutRecordsBatches }
}
if ($memory) {
    ''
    '| Memory (kinesalite, median of {0}) | Records | Working set after import | Peak working set | Growth |' -f $Runs
    '|---|---:|---:|---:|---:|'
    foreach ($c in $memory.cases) { '| {0} | {1:N0} | {2:0.0} MB | {3:0.0} MB ({4:0.0}-{5:0.0}) | {6:0.0} MB |' -f $c.case, $c.records, $c.afterImportMB, $c.peakMB, $c.peakRangeMB[0], $c.peakRangeMB[1], $c.growthMB }
}
