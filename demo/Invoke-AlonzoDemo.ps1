#requires -Version 7.0
<#
.SYNOPSIS
    The main job, end to end against a local AWS emulator: what a user runs against their account,
    shown without one.
.DESCRIPTION
    Starts moto_server on a free loopback port, points Alonzo at it with AWS_ENDPOINT_URL, deploys
    examples/alonzo.psd1 (plan, deploy, plan again: empty), writes and reads records, invokes the
    function, shows state and drift, and tears the pipeline down. The emulator is stopped even when
    a step fails, and the script fails when any step does.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/pester/Alonzo.TestSupport.psm1') -Force
Import-Module $ModulePath -Force

function Write-Step([string] $Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

# The event Lambda hands a function for one Kinesis record.
function ConvertTo-AlonzoTestEvent([string] $Text) {
    @{ Records = @(@{ kinesis = @{ partitionKey = 'demo'; data = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)) }; eventSource = 'aws:kinesis' }) }
}

$saved = @{}
foreach ($v in 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED') {
    $saved[$v] = [Environment]::GetEnvironmentVariable($v)
}
$moto = $null
try {
    Write-Step 'Starting a local AWS emulator (moto_server) on loopback'
    $moto = Start-MotoServer
    # moto cannot run function code here (no Docker); without Docker it answers an invoke with the event.
    Invoke-RestMethod -Method Post -Uri "$($moto.Url)/moto-api/config" -ContentType 'application/json' -Body '{"lambda":{"use_docker":false}}' -NoProxy | Out-Null
    $env:AWS_ENDPOINT_URL = $moto.Url
    $env:AWS_ACCESS_KEY_ID = 'demo'; $env:AWS_SECRET_ACCESS_KEY = 'demo'
    $env:AWS_REGION = 'us-east-1'; $env:AWS_EC2_METADATA_DISABLED = 'true'
    Write-Host "Emulator at $($moto.Url); AWS_ENDPOINT_URL points Alonzo at it."

    $spec = Join-Path $PSScriptRoot '../examples/alonzo.psd1'
    Write-Step "1. Get-AlonzoPipelinePlan -Path examples/alonzo.psd1  (what a deploy would do; read calls only)"
    Get-AlonzoPipelinePlan -Path $spec | Format-Table | Out-Host

    Write-Step '2. Publish-AlonzoPipeline: stream, role, function and mapping, in dependency order, waiting until each is usable'
    Publish-AlonzoPipeline -Path $spec | Format-Table | Out-Host

    Write-Step '3. The plan again: the account matches the spec, so there is nothing to do'
    $plan = Get-AlonzoPipelinePlan -Path $spec
    $plan | Format-Table | Out-Host
    $pending = @($plan | Where-Object Action -ne 'None')
    if ($pending.Count -ne 0) { throw "The plan after a deploy is not empty: $($pending -join '; ')" }
    Publish-AlonzoPipeline -Path $spec | Format-Table | Out-Host

    Write-Step '4. Write-AlonzoRecord: records in (batched PutRecords), and Read-AlonzoRecord: the same records out'
    $stream = (Get-AlonzoPipeline -Path $spec | Where-Object Kind -eq 'Stream').Name
    $function = (Get-AlonzoPipeline -Path $spec | Where-Object Kind -eq 'Function').Name
    1..25 | ForEach-Object { [pscustomobject]@{ n = $_; device = "sensor-$($_ % 3)"; celsius = 20 + $_ / 10 } } |
        Write-AlonzoRecord -StreamName $stream -PartitionKeyProperty device | Format-Table | Out-Host
    $records = @(Read-AlonzoRecord -StreamName $stream -From TrimHorizon -First 25)
    $records | Select-Object -First 5 | Format-Table | Out-Host
    if ($records.Count -ne 25) { throw "Read back $($records.Count) of 25 records." }

    Write-Step '5. Invoke-AlonzoFunction with a Kinesis-shaped test event, then Get-AlonzoLog'
    $event = ConvertTo-AlonzoTestEvent 'hello from Alonzo'
    Invoke-AlonzoFunction -Name $function -Payload $event | Format-List | Out-Host
    Get-AlonzoLog -FunctionName $function -Last '00:10:00' | Select-Object -First 3 | Format-Table -Wrap | Out-Host
    Write-Host '(The emulator cannot run function code here, so its log holds its own report of each delivery. On AWS, Get-AlonzoLog -Report turns the REPORT lines into duration and memory figures for sizing memory and cost.)'

    # The handler itself, run on this machine as Lambda would run it, fed the stream's records the way
    # the mapping feeds them; its settings (handler, runtime, memory, timeout) come from the deployed
    # function, its code from the folder.
    Write-Step "6. Invoke-AlonzoFunction -Local -Name $function -StreamName ${stream}: the handler runs here on the records it would get"
    $local = @(Invoke-AlonzoFunction -Local -Name $function -Path (Join-Path $PSScriptRoot '../examples/handler') -StreamName $stream -StartingPosition TRIM_HORIZON)
    foreach ($run in $local) {
        $printed = @(($run.Log -split "`n") | Where-Object { $_ -and $_ -notmatch '^(INIT_START|START|END|REPORT) ' })
        $r = $run.Report
        Write-Host "Batch: $($run.Batch.RecordCount) records of $($run.Batch.ShardId), $($run.Batch.Outcome)"
        Write-Host "Printed ($($printed.Count) lines):"; $printed | Select-Object -First 3 | ForEach-Object { Write-Host "  $_" }
        if ($printed.Count -gt 3) { Write-Host '  ...' }
        Write-Host "Returned: $($run.PayloadText)"
        Write-Host ("REPORT: Duration {0:0.00} ms, Billed Duration {1:0} ms, Memory Size {2} MB, Max Memory Used {3} MB{4}" -f $r.Duration, $r.BilledDuration, $r.MemorySize, $r.MaxMemoryUsed, $(if ($r.InitDuration) { ', Init Duration {0:0.00} ms' -f $r.InitDuration }))
    }
    if (-not $local -or @($local | Where-Object { -not $_.Succeeded }).Count) { throw 'The handler did not run locally on the records.' }

    Write-Step '7. Get-AlonzoPipeline: each resource''s state, and drift from the spec'
    Get-AlonzoPipeline -Path $spec | Format-Table | Out-Host

    Write-Step '8. Remove-AlonzoPipeline: exactly what the pipeline made, mappings first (a shard costs money every hour)'
    Remove-AlonzoPipeline -Path $spec -Force | Format-Table | Out-Host
    $left = @(Get-AlonzoPipeline -Name 'alonzo*')
    Write-Host "Resources left marked as pipeline 'alonzo': $($left.Count)"
    if ($left.Count -ne 0) { throw 'Teardown left something behind.' }
    if (@(Remove-AlonzoPipeline -Path $spec -Force).Count -ne 0) { throw 'A second teardown removed something.' }
    Write-Host "`nDemo finished." -ForegroundColor Green
}
finally {
    if ($moto) { Stop-TestService -Service $moto }
    foreach ($v in $saved.Keys) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
}
