#requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the Alonzo module.
.DESCRIPTION
    Tasks:
      Build    compile and lay out an importable module at output/Alonzo (Import-Module ./output/Alonzo)
      Test     Build, then run the xunit suites and the Pester suites against a local AWS emulator
      Package  Build, then write output/packages/Alonzo.<version>.nupkg for Install-PSResource
      Clean    remove output/ and the projects' bin/obj folders
      Demo     Build, start a local AWS emulator and run the pipeline's main job against it
    Everything the tasks need comes from the repository: PowerShell from the local tool manifest,
    Pester and test assemblies from NuGet (tests/tools), the emulator from the machine's Python.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester suites to run (file name filter, e.g. 'Streams'); all when empty.
    [string[]] $PesterFilter = @(),

    # Skip the xunit suites (useful while iterating on Pester tests).
    [switch] $SkipUnitTests
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Output = Join-Path $Root 'output'
$ModuleOut = Join-Path $Output 'Alonzo'
$Artifacts = Join-Path $Root '.artifacts'

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    # Output goes to the host, never into the caller's return value.
    & $File @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Clean {
    foreach ($path in @($Output, $Artifacts)) {
        if (Test-Path $path) { Remove-Item $path -Recurse -Force }
    }
    Get-ChildItem $Root -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Where-Object { $_.FullName -notmatch 'node_modules' } |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-Build {
    $publish = Join-Path $Artifacts 'publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/Alonzo/Alonzo.csproj'), '-c', $Configuration, '-o', $publish, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $deps = Join-Path $ModuleOut 'dependencies'
    New-Item -ItemType Directory -Path $deps -Force | Out-Null

    # Only the cmdlet assembly sits beside the manifest; everything else is isolated in
    # 'dependencies' and loaded by the module's own resolver (see src/Alonzo/Hosting).
    Copy-Item (Join-Path $publish 'Alonzo.dll') $ModuleOut
    Get-ChildItem $publish -Filter *.dll |
        Where-Object { $_.Name -ne 'Alonzo.dll' -and $_.Name -ne 'System.Management.Automation.dll' } |
        Copy-Item -Destination $deps
    Copy-Item (Join-Path $Root 'Alonzo.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'module/*.ps1xml') $ModuleOut
    # The bootstraps of the local runtime (Invoke-AlonzoFunction -Local).
    Copy-Item (Join-Path $Root 'module/runtime') $ModuleOut -Recurse
    $help = Join-Path $Root 'module/en-US'
    if (Test-Path $help) { Copy-Item $help $ModuleOut -Recurse }
    $mamlScript = Join-Path $Root 'module/New-MamlHelp.ps1'
    if (Test-Path $mamlScript) {
        & $mamlScript -HelpSource (Join-Path $Root 'module/help') -OutFile (Join-Path $ModuleOut 'en-US/Alonzo.dll-Help.xml')
    }
    Write-Host "Built module: $ModuleOut"
}

function Restore-TestTools {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/tools/tools.csproj'), '--nologo', '-v', 'quiet')
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $pester = Join-Path $nugetRoot 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 was not restored to $pester." }
    $kinesalite = Join-Path $Root 'tests/tools/node_modules/.bin/kinesalite'
    $packageJson = Join-Path $Root 'tests/tools/package.json'
    if ((Test-Path $packageJson) -and -not (Test-Path $kinesalite)) {
        Push-Location (Join-Path $Root 'tests/tools')
        try { Invoke-Native npm @('ci', '--no-audit', '--no-fund', '--loglevel=error') } finally { Pop-Location }
    }
    return $pester
}

function Invoke-UnitTests {
    $results = Join-Path $Artifacts 'xunit'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    & dotnet test (Join-Path $Root 'tests/Alonzo.Tests/Alonzo.Tests.csproj') -c $Configuration --nologo `
        --logger 'trx;LogFileName=xunit.trx' --results-directory $results --logger 'console;verbosity=minimal' | Out-Host
    $trx = Get-ChildItem $results -Filter *.trx -Recurse | Select-Object -First 1
    if (-not $trx) { return [pscustomobject]@{ Suite = 'xunit'; Passed = 0; Failed = 1; Skipped = 0; Skips = @() } }
    $run = [xml](Get-Content $trx.FullName -Raw)
    $counters = $run.TestRun.ResultSummary.Counters
    # xunit's skip reason (Skip = "...") is the message of a NotExecuted result.
    $skips = @($run.TestRun.Results.UnitTestResult | Where-Object { $_ -and $_.outcome -eq 'NotExecuted' } | ForEach-Object {
            $message = $_.SelectSingleNode("*[local-name()='Output']/*[local-name()='ErrorInfo']/*[local-name()='Message']")
            [pscustomobject]@{ Name = $_.testName; Reason = if ($message) { $message.InnerText.Trim() } else { '' } }
        })
    [pscustomobject]@{ Suite = 'xunit'; Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error; Skipped = [int]$counters.notExecuted; Skips = $skips }
}

function Invoke-PesterTests {
    param([string] $PesterPath, [string] $PackagePath)
    # A child process, so the module under test never loads into the build's own session and each
    # run starts from a clean PowerShell.
    $summary = Join-Path $Artifacts 'pester-summary.json'
    if (Test-Path $summary) { Remove-Item $summary -Force }
    $filter = ($PesterFilter | ForEach-Object { "'$_'" }) -join ','
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$PesterPath' -MinimumVersion 5.7.1
`$env:ALONZO_MODULE_PATH = '$ModuleOut'
`$env:ALONZO_PACKAGE_PATH = '$PackagePath'
`$config = New-PesterConfiguration
`$paths = Get-ChildItem '$(Join-Path $Root 'tests/pester')' -Filter *.Tests.ps1 | Where-Object { `$n = `$_.Name; `$f = @($filter); (`$f.Count -eq 0) -or (`$f | Where-Object { `$n -like "*`$_*" }) } | ForEach-Object FullName
`$config.Run.Path = @(`$paths)
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$(Join-Path $Artifacts 'pester.xml')'
`$r = Invoke-Pester -Configuration `$config
# No result (no test file matched, Pester itself failed): no summary, which counts as a failure.
if (`$null -eq `$r) { exit 1 }
# A skip's reason is the -Because of Set-ItResult -Skipped; a bare -Skip has none.
`$skips = @(`$r.Skipped | Where-Object { `$_ } | ForEach-Object { [pscustomobject]@{ Name = `$_.ExpandedPath; Reason = ((`$_.ErrorRecord | ForEach-Object { `$_.Exception.Message }) -join '; ') -replace '^is skipped, because ', '' } })
[pscustomobject]@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount; Skipped = `$r.SkippedCount; Skips = `$skips } | ConvertTo-Json -Depth 4 | Set-Content '$summary'
"@
    $pwsh = (Get-Process -Id $PID).Path
    $pwshArgs = if ($pwsh -match 'dotnet(\.exe)?$') { @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $script) } else { @('-NoProfile', '-NonInteractive', '-Command', $script) }
    & $pwsh @pwshArgs | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Suite = 'Pester'; Passed = 0; Failed = 1; Skipped = 0; Skips = @() } }
    $s = Get-Content $summary -Raw | ConvertFrom-Json
    [pscustomobject]@{ Suite = 'Pester'; Passed = [int]$s.Passed; Failed = [int]$s.Failed; Skipped = [int]$s.Skipped; Skips = @($s.Skips) }
}

function Invoke-Test {
    # The package test installs the .nupkg this task writes, so the build is the Package task's when it runs.
    $packageTested = $PesterFilter.Count -eq 0 -or @($PesterFilter | Where-Object { 'ModulePackage.Tests.ps1' -like "*$_*" }).Count -gt 0
    $package = if ($packageTested) { Invoke-Package } else { Invoke-Build | Out-Host; '' }
    $pester = Restore-TestTools
    $totals = @()
    if (-not $SkipUnitTests) { $totals += Invoke-UnitTests }
    $totals += Invoke-PesterTests -PesterPath $pester -PackagePath $package
    Write-Host ''
    # Every skip says what it waits for (a platform or a tool); one that does not counts as a failure.
    $unexplained = 0
    foreach ($skip in @($totals | ForEach-Object { $_.Skips } | Where-Object { $_ })) {
        if ([string]::IsNullOrWhiteSpace($skip.Reason)) {
            $unexplained++
            Write-Host "Skipped without a reason (give one naming the platform or tool it needs): $($skip.Name)"
        } else {
            Write-Host "Skipped: $($skip.Name): $($skip.Reason)"
        }
    }
    foreach ($t in $totals) { Write-Host ('{0}: {1} passed, {2} failed, {3} skipped' -f $t.Suite, $t.Passed, $t.Failed, $t.Skipped) }
    $passed = ($totals | Measure-Object Passed -Sum).Sum
    $failed = ($totals | Measure-Object Failed -Sum).Sum + $unexplained
    $skipped = ($totals | Measure-Object Skipped -Sum).Sum
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Package {
    # Only the package path is this function's output.
    Invoke-Build | Out-Host
    $packages = Join-Path $Output 'packages'
    New-Item -ItemType Directory -Path $packages -Force | Out-Null
    Get-ChildItem $packages -Filter 'Alonzo.*.nupkg' | Remove-Item -Force
    # Publish-PSResource needs a registered repository; a temporary one pointing at the folder is
    # registered for the call and removed again, leaving the user's repository list as it was.
    $repo = 'AlonzoBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $repo -Uri $packages -Trusted | Out-Null
    try {
        Publish-PSResource -Path $ModuleOut -Repository $repo -SkipDependenciesCheck | Out-Null
    } finally {
        Unregister-PSResourceRepository -Name $repo
    }
    $nupkg = Get-ChildItem $packages -Filter 'Alonzo.*.nupkg' | Select-Object -First 1
    Write-Host "Package: $($nupkg.FullName)"
    $nupkg.FullName
}

function Invoke-Demo {
    Invoke-Build
    & (Join-Path $Root 'demo/Invoke-AlonzoDemo.ps1') -ModulePath $ModuleOut
}

foreach ($t in $Task) {
    switch ($t) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Package' { Invoke-Package | Out-Null }
        'Demo' { Invoke-Demo }
    }
}
