#Requires -Version 7.0
# The module as users get it: published to a .nupkg in a local folder repository and installed
# from there with Install-PSResource. Runs in a child PowerShell whose HOME is a temporary folder,
# so the user's own modules and repository list are never touched.

BeforeAll {
    $script:ModulePath = if ($env:ALONZO_MODULE_PATH) { $env:ALONZO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../output/Alonzo' }
    $script:ModulePath = (Resolve-Path $script:ModulePath).Path
    $script:TempHome = Join-Path $TestDrive 'home'
    $script:Repo = Join-Path $TestDrive 'repo'
    New-Item -ItemType Directory -Path $script:TempHome, $script:Repo | Out-Null
    $script:Manifest = Import-PowerShellDataFile (Join-Path $script:ModulePath 'Alonzo.psd1')

    $script = Join-Path $TestDrive 'install.ps1'
    Set-Content -Path $script -Value @'
param($ModulePath, $Repo)
$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name AlonzoTest -Uri $Repo -Trusted
Publish-PSResource -Path $ModulePath -Repository AlonzoTest -SkipDependenciesCheck
Install-PSResource -Name Alonzo -Repository AlonzoTest -Scope CurrentUser -TrustRepository
$installed = Get-InstalledPSResource -Name Alonzo -Scope CurrentUser
Import-Module Alonzo
$module = Get-Module Alonzo
[pscustomobject]@{
    Nupkg        = @(Get-ChildItem $Repo -Filter 'Alonzo.*.nupkg').Name
    Installed    = $installed.Version.ToString()
    ModuleBase   = $module.ModuleBase
    Commands     = @((Get-Command -Module Alonzo).Name)
    Dependencies = @(Get-ChildItem (Join-Path $module.ModuleBase 'dependencies') -Filter *.dll).Name
    AboutHelp    = [bool](Get-Help about_Alonzo -ErrorAction SilentlyContinue)
} | ConvertTo-Json -Depth 3 -Compress
'@
    # HOME decides where CurrentUser-scope modules and the repository list live.
    $savedHome = $env:HOME
    # PSResourceGet's NuGet code may write a NuGet.Config relative to the working folder: keep it in the temp home.
    Push-Location $script:TempHome
    try {
        $env:HOME = $script:TempHome
        $pwsh = Join-Path $PSHOME 'pwsh'
        $output = if ($IsWindows -or -not (Test-Path $pwsh)) {
            & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -File $script $script:ModulePath $script:Repo 2>&1
        } else {
            & $pwsh -NoProfile -NonInteractive -File $script $script:ModulePath $script:Repo 2>&1
        }
    }
    finally {
        $env:HOME = $savedHome
        Pop-Location
    }
    $script:Output = $output | Out-String
    $script:Result = ($output | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
}

Describe 'The Alonzo package' {
    It 'is written as a .nupkg and installs with Install-PSResource' {
        $script:Result | Should -Not -BeNullOrEmpty -Because $script:Output
        $script:Result.Nupkg | Should -Be "Alonzo.$($script:Manifest.ModuleVersion).nupkg"
        $script:Result.Installed | Should -Be $script:Manifest.ModuleVersion
        $script:Result.ModuleBase | Should -BeLike "$($script:TempHome)*"
    }

    It 'brings every exported command, the isolated dependencies and the help' {
        $script:Result.Commands | Sort-Object | Should -Be ($script:Manifest.CmdletsToExport | Sort-Object)
        $script:Result.Dependencies | Should -Contain 'AWSSDK.Core.dll'
        $script:Result.Dependencies | Should -Contain 'Alonzo.Core.dll'
        $script:Result.Dependencies | Should -Contain 'AWSSDK.S3.dll'
        $script:Result.Dependencies | Should -Contain 'AWSSDK.EC2.dll'
        $script:Result.AboutHelp | Should -BeTrue
    }
}
