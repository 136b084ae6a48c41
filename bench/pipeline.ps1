#requires -Version 7.0
<#
.SYNOPSIS
    Fresh deploy, unchanged redeploy, plan and teardown of the example pipeline against moto, with
    calls by operation (through the recording proxy) and wall time, beside a plain boto3 script doing
    the same steps the simple way (bench/pipeline_boto3.py) on the same emulator in the same run.
.DESCRIPTION
    Targets: the unchanged redeploy makes no write call and fewer calls than the script; the fresh
    deploy takes at most 1.2 times the script's time. Times are medians over -Runs rounds; each round
    uses new names, so every fresh deploy starts from nothing.
    Build first: dotnet pwsh ./build.ps1 -Task Build
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../output/Alonzo'),
    [int] $Runs = 5,
    [string] $ResultFile = (Join-Path $PSScriptRoot 'results/pipeline.json')
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/pester/Alonzo.TestSupport.psm1') -Force
Import-Module $ModulePath -Force
$env:AWS_ACCESS_KEY_ID = 'bench'; $env:AWS_SECRET_ACCESS_KEY = 'bench'; $env:AWS_REGION = 'us-east-1'; $env:AWS_EC2_METADATA_DISABLED = 'true'

$moto = Start-MotoServer
$proxy = Start-AwsProxy -Upstream $moto
$handler = Join-Path $PSScriptRoot '../examples/handler'
$python = (Get-Command python3).Source
$script = Join-Path $PSScriptRoot 'pipeline_boto3.py'
try {
    $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $proxy.Url
    function New-BenchSpec([string] $Name) {
        @{ Name = $Name; Stream = @{ ShardCount = 1 }; Role = @{ ManagedPolicyArns = @('arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole') }
           Function = @{ Path = $handler; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12' }
           EventMapping = @{ StartingPosition = 'LATEST'; BatchSize = 100 } }
    }
    function Measure-Phase([string] $Tool, [string] $Phase, [scriptblock] $Body) {
        Clear-AwsProxyCall -Proxy $proxy
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $inner = & $Body
        $watch.Stop()
        $calls = @(Get-AwsProxyCall -Proxy $proxy)
        # The script reports the time of its own work (its interpreter start is not counted).
        $ms = if ($Tool -eq 'boto3') { [double]("$inner".Trim()) * 1000 } else { $watch.Elapsed.TotalMilliseconds }
        [pscustomobject]@{
            Tool = $Tool; Phase = $Phase; Ms = [math]::Round($ms)
            Calls = $calls.Count; Writes = @($calls | Where-Object mutating).Count
            ByOperation = ($calls | Group-Object operation | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ' '
        }
    }
    function Invoke-Script([string] $Name, [string] $Action) {
        $out = & $python $script $proxy.Url $Name $handler $Action 2>&1
        if ($LASTEXITCODE -ne 0) { throw "pipeline_boto3.py $Action failed: $out" }
        @($out)[-1]
    }

    # Warm-up: JIT, connections and moto's first-call costs are not billed to the first round.
    Publish-AlonzoPipeline -Spec (New-BenchSpec 'warmup') | Out-Null
    Invoke-Script 'warmup-py' deploy | Out-Null

    $rows = @()
    for ($i = 1; $i -le $Runs; $i++) {
        $spec = New-BenchSpec "bench-$i"
        $rows += Measure-Phase 'Alonzo' 'plan (empty account)' { Get-AlonzoPipelinePlan -Spec $spec | Out-Null }
        $rows += Measure-Phase 'Alonzo' 'fresh deploy' { Publish-AlonzoPipeline -Spec $spec | Out-Null }
        $rows += Measure-Phase 'Alonzo' 'unchanged redeploy' { Publish-AlonzoPipeline -Spec $spec | Out-Null }
        $rows += Measure-Phase 'Alonzo' 'plan (deployed)' { Get-AlonzoPipelinePlan -Spec $spec | Out-Null }
        $rows += Measure-Phase 'Alonzo' 'teardown' { Remove-AlonzoPipeline -Spec $spec -Force | Out-Null }
        $rows += Measure-Phase 'boto3' 'fresh deploy' { Invoke-Script "bench-py-$i" deploy }
        $rows += Measure-Phase 'boto3' 'unchanged redeploy' { Invoke-Script "bench-py-$i" deploy }
        $rows += Measure-Phase 'boto3' 'teardown' { Invoke-Script "bench-py-$i" teardown }
    }

    $summary = $rows | Group-Object Tool, Phase | ForEach-Object {
        $ms = $_.Group.Ms | Sort-Object
        [pscustomobject]@{
            Tool = $_.Group[0].Tool; Phase = $_.Group[0].Phase
            MedianMs = $ms[[int][math]::Floor($ms.Count / 2)]; MinMs = $ms[0]; MaxMs = $ms[-1]
            Calls = ($_.Group.Calls | Sort-Object -Unique) -join '/'
            Writes = ($_.Group.Writes | Sort-Object -Unique) -join '/'
            ByOperation = $_.Group[0].ByOperation
        }
    }
    function Get-Row([string] $Tool, [string] $Phase) { $summary | Where-Object { $_.Tool -eq $Tool -and $_.Phase -eq $Phase } }
    $ourRedeploy = Get-Row 'Alonzo' 'unchanged redeploy'; $theirRedeploy = Get-Row 'boto3' 'unchanged redeploy'
    $ourFresh = Get-Row 'Alonzo' 'fresh deploy'; $theirFresh = Get-Row 'boto3' 'fresh deploy'
    $ratio = [math]::Round($ourFresh.MedianMs / [math]::Max(1, $theirFresh.MedianMs), 2)
    $result = [ordered]@{
        date    = (Get-Date).ToString('yyyy-MM-dd')
        machine = "$([Environment]::ProcessorCount) cores, $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion)"
        runs    = $Runs
        phases  = @($summary)
        freshDeployRatio = $ratio
        unchangedRedeployMeetsTarget = ($ourRedeploy.Writes -eq '0') -and ([int]($ourRedeploy.Calls -split '/' | Measure-Object -Maximum).Maximum -lt [int]($theirRedeploy.Calls -split '/' | Measure-Object -Minimum).Minimum)
        freshDeployMeetsTarget = $ratio -le 1.2
    }
    New-Item -ItemType Directory -Path (Split-Path $ResultFile) -Force | Out-Null
    $result | ConvertTo-Json -Depth 4 | Set-Content $ResultFile
    $summary | Format-Table Tool, Phase, MedianMs, MinMs, MaxMs, Calls, Writes -AutoSize | Out-String -Width 200 | Write-Host
    $summary | Format-Table Tool, Phase, ByOperation -AutoSize -Wrap | Out-String -Width 200 | Write-Host
    Write-Host "Unchanged redeploy: no write and fewer calls than the script: $($result.unchangedRedeployMeetsTarget)"
    Write-Host "Fresh deploy: $ratio x the script's time (target <= 1.2): $($result.freshDeployMeetsTarget)"
}
finally {
    $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    Stop-TestService -Service $proxy
    Stop-TestService -Service $moto
}
