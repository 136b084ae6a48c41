#requires -Version 7.0
<#
.SYNOPSIS
    Measures Invoke-AlonzoFunction -Local: what a warm local invocation costs over a bare interpreter
    running the same handler, and how many records a second a local stream mapping feeds a trivial
    handler on kinesalite.
.DESCRIPTION
    Overhead. The same trivial handler (it counts the event's records) is run two ways, for Python and
    for Node.js, with two events: one Kinesis record, and a batch of 100 (64 KB of JSON).
      - Bare: the machine's interpreter imports the handler and calls it -Invocations times in a loop
        with the event already parsed, timing the loop itself (the handler's own cost).
      - Local: -Invocations events piped into one Invoke-AlonzoFunction -Local command, whose first
        invocation starts the process and whose others reuse it warm. The warm cost per invocation is
        (T(N + 1 events) - T(1 event)) / N, both wall times of the whole command as a user runs it:
        the event to JSON, the request to the child, the child parsing the event and writing the
        result, the log and REPORT line, the reply parsed back into PowerShell objects.
    The overhead is Local minus Bare, per invocation; target at most 5 ms.

    Throughput. -Records small records are written to a one-shard stream on kinesalite, then
    Invoke-AlonzoFunction -Local -StreamName ... -Follow -BatchSize 100 (TRIM_HORIZON) feeds them to a
    trivial Python handler until Select-Object -First has seen every batch. Records a second are the
    records over the whole command's wall time (stream lookup, shard listing and the cold start
    included); every record is checked to have been handed over exactly once. Target at least 5,000/s.

    Each figure is the median of -Runs runs. Build first: dotnet pwsh ./build.ps1 -Task Build
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Build; dotnet pwsh ./bench/local.ps1
#>
[CmdletBinding()]
param(
    [int] $Runs = 3,
    [int] $Invocations = 1000,
    [int] $Records = 50000,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [string] $ResultFile = (Join-Path $PSScriptRoot 'results/local.json')
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot '../tests/pester/Alonzo.TestSupport.psm1') -Force
Import-Module $ModulePath -Force
$env:AWS_ACCESS_KEY_ID = 'bench'; $env:AWS_SECRET_ACCESS_KEY = 'bench'; $env:AWS_REGION = 'us-east-1'; $env:AWS_EC2_METADATA_DISABLED = 'true'

function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[math]::Floor($Values.Count / 2)] }
# The machine is shared: the load average says how quiet it was while the figures were taken.
function Get-LoadAverage { if (Test-Path /proc/loadavg) { [double]((Get-Content /proc/loadavg -Raw).Split(' ')[0]) } }
$loadBefore = Get-LoadAverage

$work = Join-Path ([IO.Path]::GetTempPath()) ('alonzo-bench-local-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
$python = Join-Path $work 'python'; $node = Join-Path $work 'node'
New-Item -ItemType Directory -Path $python, $node | Out-Null
Set-Content (Join-Path $python 'lambda_function.py') "def handler(event, context):`n    return {'records': len(event['Records'])}`n"
Set-Content (Join-Path $node 'index.js') "exports.handler = async (event) => ({ records: event.Records.length });`n"

# The events: one record, and a batch of 100 (as a mapping's default batch).
$texts = 1..100 | ForEach-Object { '{"device":"sensor-' + ($_ % 7) + '","n":' + $_ + ',"celsius":21.5,"note":"a reading of a typical size for a stream"}' }
$single = $texts[0] | ConvertTo-AlonzoKinesisEvent -PartitionKey 'sensor'
$batch = $texts | ConvertTo-AlonzoKinesisEvent -PartitionKey 'sensor'

function Measure-Bare([string] $Family, [string] $EventJson) {
    $file = Join-Path $work 'event.json'
    [IO.File]::WriteAllText($file, $EventJson)
    if ($Family -eq 'python') {
        $script = "import json, sys, time`nsys.path.insert(0, sys.argv[1])`nimport lambda_function`nevent = json.load(open(sys.argv[2]))`nn = int(sys.argv[3])`nfor _ in range(100): lambda_function.handler(event, None)`nt = time.perf_counter()`nfor _ in range(n): lambda_function.handler(event, None)`nprint((time.perf_counter() - t) * 1000 / n)"
        $ms = python3 -c $script $python $file $Invocations
    } else {
        $script = "const h = require(process.argv[1] + '/index.js').handler; const e = JSON.parse(require('fs').readFileSync(process.argv[2])); const n = +process.argv[3];" +
            "(async () => { for (let i = 0; i < 100; i++) await h(e, {}); const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) await h(e, {}); console.log(Number(process.hrtime.bigint() - t) / 1e6 / n); })();"
        $ms = node -e $script $node $file $Invocations
    }
    [double]$ms
}

function Measure-Local([string] $Family, [object] $Event, [int] $Count) {
    $folder, $handler, $runtime = if ($Family -eq 'python') { $python, 'lambda_function.handler', 'python3.11' } else { $node, 'index.handler', 'nodejs20.x' }
    $events = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $Count; $i++) { $events.Add($Event) }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $results = $events | Invoke-AlonzoFunction -Local -Path $folder -Handler $handler -Runtime $runtime -WarningAction SilentlyContinue
    $watch.Stop()
    $failed = @($results | Where-Object { -not $_.Succeeded }).Count
    if ($failed) { throw "$failed local invocations failed" }
    $watch.Elapsed.TotalMilliseconds
}

$overhead = [ordered]@{}
foreach ($family in 'python', 'node') {
    foreach ($case in @(@{ Name = '1 record'; Event = $single }, @{ Name = '100 records'; Event = $batch })) {
        Measure-Local $family $case.Event 20 | Out-Null   # warm-up: disk caches, JIT of the cmdlet's code
        $bare = @(); $warm = @()
        for ($run = 0; $run -lt $Runs; $run++) {
            $bare += Measure-Bare $family $case.Event.ToJson()
            $one = Measure-Local $family $case.Event 1
            $many = Measure-Local $family $case.Event ($Invocations + 1)
            $warm += ($many - $one) / $Invocations
        }
        $key = "$family, $($case.Name)"
        $overhead[$key] = [ordered]@{
            eventBytes             = $case.Event.Size
            bareHandlerMs          = [math]::Round((Get-Median $bare), 4)
            warmLocalInvocationMs  = [math]::Round((Get-Median $warm), 3)
            overheadMs             = [math]::Round((Get-Median $warm) - (Get-Median $bare), 3)
            warmRunsMs             = @($warm | ForEach-Object { [math]::Round($_, 3) })
        }
        Write-Host ("{0,-22} bare {1,8:0.0000} ms   warm local {2,7:0.000} ms   overhead {3,7:0.000} ms" -f $key, $overhead[$key].bareHandlerMs, $overhead[$key].warmLocalInvocationMs, $overhead[$key].overheadMs)
    }
}

# Throughput of a local stream mapping through a trivial handler on kinesalite.
$kinesalite = Start-Kinesalite
try {
    $k = @{ EndpointUrl = $kinesalite.Url }
    $rates = @(); $elapsed = @()
    for ($run = 0; $run -lt $Runs; $run++) {
        $stream = "bench-$run"
        New-AlonzoStream -Name $stream -ShardCount 1 @k | Out-Null
        $summary = 1..$Records | ForEach-Object { "record $_" } | Write-AlonzoRecord -StreamName $stream -PartitionKey 'p' @k
        if ($summary.Records -ne $Records -or $summary.Failed) { throw "writing the stream failed: $($summary | Out-String)" }
        $batches = [math]::Ceiling($Records / 100)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $mapped = @(Invoke-AlonzoFunction -Local -Path $python -Handler lambda_function.handler -Runtime python3.11 -StreamName $stream -Follow -BatchSize 100 @k -WarningAction SilentlyContinue |
                Select-Object -First $batches)
        $watch.Stop()
        $delivered = ($mapped | ForEach-Object { $_.Payload.records } | Measure-Object -Sum).Sum
        $distinct = @($mapped.Batch.FirstSequenceNumber | Select-Object -Unique).Count
        if ($delivered -ne $Records -or $distinct -ne $batches -or @($mapped | Where-Object { -not $_.Succeeded }).Count) {
            throw "the mapping handed over $delivered of $Records records in $distinct distinct batches"
        }
        $elapsed += $watch.Elapsed.TotalSeconds
        $rates += $Records / $watch.Elapsed.TotalSeconds
        Write-Host ("follow, 1 shard, batches of 100: {0:N0} records in {1:0.00} s = {2:N0} records/s" -f $Records, $watch.Elapsed.TotalSeconds, ($Records / $watch.Elapsed.TotalSeconds))
        Remove-AlonzoStream -Name $stream -Force @k | Out-Null
    }
} finally {
    Stop-TestService -Service $kinesalite
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

$result = [ordered]@{
    date        = (Get-Date).ToString('yyyy-MM-dd')
    machine     = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
    dotnet      = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    powershell  = $PSVersionTable.PSVersion.ToString()
    python      = (python3 --version).Split(' ')[1]
    node        = (node --version).TrimStart('v')
    loadAverage = @($loadBefore, (Get-LoadAverage))
    runs        = $Runs
    invocations = $Invocations
    warmInvocationOverhead = $overhead
    overheadTargetMs = 5
    followThroughput = [ordered]@{
        records               = $Records
        shards                = 1
        batchSize             = 100
        elapsedSecondsMedian  = [math]::Round((Get-Median $elapsed), 2)
        recordsPerSecondMedian = [math]::Round((Get-Median $rates), 0)
        recordsPerSecondRuns  = @($rates | ForEach-Object { [math]::Round($_, 0) })
        targetRecordsPerSecond = 5000
    }
}
$result | ConvertTo-Json -Depth 5 | Set-Content $ResultFile
Write-Host "Results: $ResultFile"
