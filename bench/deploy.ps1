#requires -Version 7.0
<#
.SYNOPSIS
    Deploys a role and a function against moto, then redeploys with nothing changed, counting the
    API calls by operation (through the recording proxy) and timing each phase.
.DESCRIPTION
    Target for the unchanged redeploy of the function: at most 3 read calls and no write.
    Build first: dotnet pwsh ./build.ps1 -Task Build
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [int] $Runs = 5,
    [string] $ResultFile = (Join-Path $PSScriptRoot 'results/deploy.json')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/pester/Alonzo.TestSupport.psm1') -Force
Import-Module $ModulePath -Force
$env:AWS_ACCESS_KEY_ID = 'bench'; $env:AWS_SECRET_ACCESS_KEY = 'bench'; $env:AWS_REGION = 'us-east-1'; $env:AWS_EC2_METADATA_DISABLED = 'true'

$moto = Start-MotoServer
$proxy = Start-AwsProxy -Upstream $moto
$work = Join-Path ([IO.Path]::GetTempPath()) "alonzo-bench-$PID"
try {
    $handler = Join-Path $work 'handler'
    New-Item -ItemType Directory -Path $handler -Force | Out-Null
    Set-Content (Join-Path $handler 'lambda_function.py') "def lambda_handler(event, context):`n    return len(event.get('Records', []))`n"
    $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $proxy.Url
    # Warm-up in a throwaway name, so JIT and connection set-up are not billed to the first phase.
    New-AlonzoRole -Name warmup_role | Publish-AlonzoFunction -Name warmup -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12 | Out-Null

    function Measure-Phase([string] $Phase, [scriptblock] $Body) {
        Clear-AwsProxyCall -Proxy $proxy
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = & $Body
        $watch.Stop()
        $calls = @(Get-AwsProxyCall -Proxy $proxy)
        [pscustomobject]@{
            Phase  = $Phase
            Ms     = [math]::Round($watch.Elapsed.TotalMilliseconds)
            Reads  = @($calls | Where-Object { -not $_.mutating }).Count
            Writes = @($calls | Where-Object mutating).Count
            Calls  = ($calls | Group-Object operation | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ' '
            Action = "$($result.Action)"
        }
    }

    $rows = @()
    for ($i = 1; $i -le $Runs; $i++) {
        $role = "bench_role_$i"; $fn = "bench-fn-$i"
        $rows += Measure-Phase 'fresh: role' { New-AlonzoRole -Name $role -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole }
        $rows += Measure-Phase 'fresh: function' { Publish-AlonzoFunction -Name $fn -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role $role }
        $rows += Measure-Phase 'unchanged: role' { New-AlonzoRole -Name $role -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole }
        $rows += Measure-Phase 'unchanged: function' { Publish-AlonzoFunction -Name $fn -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role $role }
    }

    $summary = $rows | Group-Object Phase | ForEach-Object {
        $ms = $_.Group.Ms | Sort-Object
        [pscustomobject]@{
            Phase    = $_.Name
            MedianMs = $ms[[int][math]::Floor($ms.Count / 2)]
            Reads    = ($_.Group.Reads | Sort-Object -Unique) -join '/'
            Writes   = ($_.Group.Writes | Sort-Object -Unique) -join '/'
            Calls    = $_.Group[0].Calls
            Action   = ($_.Group.Action | Sort-Object -Unique) -join '/'
        }
    }
    $unchanged = $summary | Where-Object Phase -eq 'unchanged: function'
    $result = [ordered]@{
        date    = (Get-Date).ToString('yyyy-MM-dd')
        machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription)"
        runs    = $Runs
        phases  = @($summary)
        unchangedFunctionMeetsTarget = ([int]($unchanged.Reads -split '/' | Measure-Object -Maximum).Maximum -le 3) -and ($unchanged.Writes -eq '0')
    }
    New-Item -ItemType Directory -Path (Split-Path $ResultFile) -Force | Out-Null
    $result | ConvertTo-Json -Depth 4 | Set-Content $ResultFile
    $summary | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
    Write-Host "Unchanged redeploy of the function meets the target (<= 3 reads, 0 writes): $($result.unchangedFunctionMeetsTarget)"
}
finally {
    $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    Stop-TestService -Service $proxy
    Stop-TestService -Service $moto
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
