#requires -Version 7.0
<#
.SYNOPSIS
    The main job, end to end against a local AWS emulator: what a user runs against their account,
    shown without one.
.DESCRIPTION
    Starts moto_server on a free loopback port, points Alonzo at it with AWS_ENDPOINT_URL, runs the
    pipeline's steps (each step twice where convergence matters, to show the second run changes
    nothing) and tears everything down. The emulator is stopped even when a step fails.
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [string] $Name = 'alonzo-demo'
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

    Write-Step "1. New-AlonzoStream $Name  (creates it and waits until ACTIVE)"
    New-AlonzoStream -Name $Name -ShardCount 1 -Verbose | Format-Table | Out-Host

    Write-Step "   New-AlonzoStream $Name  again (converges: nothing to do)"
    New-AlonzoStream -Name $Name | Format-Table | Out-Host

    Write-Step "2. New-AlonzoRole ${Name}_lambda with AWSLambdaKinesisExecutionRole"
    $role = New-AlonzoRole -Name "${Name}_lambda" -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole
    $role | Format-Table | Out-Host

    Write-Step '3. New-AlonzoPackage (deterministic zip) | Publish-AlonzoFunction'
    $handler = Join-Path $PSScriptRoot 'handler'
    $package = New-AlonzoPackage -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12
    $package | Format-Table | Out-Host
    $role | Publish-AlonzoFunction -Name $Name -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12 -MemorySize 128 -Verbose |
        Format-Table | Out-Host

    Write-Step '   The same deploy again: nothing changed, so nothing is uploaded or updated'
    $role | Publish-AlonzoFunction -Name $Name -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12 -MemorySize 128 -Verbose |
        Format-Table | Out-Host

    Write-Step "4. New-AlonzoStream $Name | Add-AlonzoEventMapping -FunctionName $Name  (twice: no duplicate)"
    New-AlonzoStream -Name $Name | Add-AlonzoEventMapping -FunctionName $Name | Format-Table | Out-Host
    Get-AlonzoFunction -Name $Name | Add-AlonzoEventMapping -StreamName $Name | Format-Table | Out-Host

    Write-Step '5. Write-AlonzoRecord: records in (batched PutRecords), and Read-AlonzoRecord: the same records out'
    1..25 | ForEach-Object { [pscustomobject]@{ n = $_; device = "sensor-$($_ % 3)"; celsius = 20 + $_ / 10 } } |
        Write-AlonzoRecord -StreamName $Name -PartitionKeyProperty device | Format-Table | Out-Host
    Read-AlonzoRecord -StreamName $Name -From TrimHorizon -First 5 | Format-Table | Out-Host

    Write-Step '   Invoke-AlonzoFunction with a Kinesis-shaped test event, then Get-AlonzoLog'
    $event = ConvertTo-AlonzoTestEvent 'hello from Alonzo'
    Invoke-AlonzoFunction -Name $Name -Payload $event | Format-List | Out-Host
    Get-AlonzoLog -FunctionName $Name -Last '00:10:00' | Select-Object -First 3 | Format-Table -Wrap | Out-Host
    Write-Host '(The emulator cannot run function code here, so its log holds its own report of each delivery. On AWS, Get-AlonzoLog -Report turns the REPORT lines into duration and memory figures for sizing memory and cost.)'

    # The handler itself, run on this machine as Lambda would run it, fed the stream's records the way
    # the mapping feeds them; its settings (handler, runtime, memory, timeout) come from the deployed
    # function, its code from the folder.
    Write-Step "   Invoke-AlonzoFunction -Local -Name $Name -StreamName ${Name}: the handler runs here on the records it would get"
    $local = @(Invoke-AlonzoFunction -Local -Name $Name -Path $handler -StreamName $Name -StartingPosition TRIM_HORIZON)
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

    Write-Step "8. Tear down: mapping, function, role, stream (a shard costs money every hour)"
    Get-AlonzoEventMapping -FunctionName $Name | Remove-AlonzoEventMapping -Force -Wait
    Remove-AlonzoFunction -Name $Name -Force -Verbose
    Remove-AlonzoRole -Name "${Name}_lambda" -Force -Verbose
    Remove-AlonzoStream -Name $Name -Force -Wait -Verbose
    $left = @(Get-AlonzoStream -Name "$Name*") + @(Get-AlonzoFunction -Name "$Name*") + @(Get-AlonzoRole -Name "${Name}*")
    Write-Host "Resources left named $Name*: $($left.Count)"
    if ($left.Count -ne 0) { throw 'Teardown left something behind.' }
    Write-Host "`nDemo finished." -ForegroundColor Green
}
finally {
    if ($moto) { Stop-TestService -Service $moto }
    foreach ($v in $saved.Keys) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
}
