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

$saved = @{}
foreach ($v in 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED') {
    $saved[$v] = [Environment]::GetEnvironmentVariable($v)
}
$moto = $null
try {
    Write-Step 'Starting a local AWS emulator (moto_server) on loopback'
    $moto = Start-MotoServer
    $env:AWS_ENDPOINT_URL = $moto.Url
    $env:AWS_ACCESS_KEY_ID = 'demo'; $env:AWS_SECRET_ACCESS_KEY = 'demo'
    $env:AWS_REGION = 'us-east-1'; $env:AWS_EC2_METADATA_DISABLED = 'true'
    Write-Host "Emulator at $($moto.Url); AWS_ENDPOINT_URL points Alonzo at it."

    Write-Step "1. New-AlonzoStream $Name  (creates it and waits until ACTIVE)"
    New-AlonzoStream -Name $Name -ShardCount 1 -Verbose | Format-Table | Out-Host

    Write-Step "   New-AlonzoStream $Name  again (converges: nothing to do)"
    New-AlonzoStream -Name $Name | Format-Table | Out-Host

    Write-Step 'Get-AlonzoStream'
    Get-AlonzoStream | Format-Table | Out-Host

    Write-Step "8. Remove-AlonzoStream $Name -Force -Wait  (a shard costs money every hour)"
    Remove-AlonzoStream -Name $Name -Force -Wait -Verbose
    $left = @(Get-AlonzoStream -Name "$Name*")
    Write-Host "Streams left named $Name*: $($left.Count)"
    if ($left.Count -ne 0) { throw 'Teardown left a stream behind.' }
    Write-Host "`nDemo finished." -ForegroundColor Green
}
finally {
    if ($moto) { Stop-TestService -Service $moto }
    foreach ($v in $saved.Keys) { [Environment]::SetEnvironmentVariable($v, $saved[$v]) }
}
