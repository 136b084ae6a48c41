#Requires -Version 7.0
# The module as users get it: the .nupkg that 'build.ps1 -Task Package' writes, installed with
# Install-PSResource from a local folder repository. build.ps1 -Task Test writes the package with the same
# task first and passes its path in ALONZO_PACKAGE_PATH; run on its own, this suite runs
# 'build.ps1 -Task Package' itself. The install runs in a child PowerShell whose HOME is a temporary
# folder, so the user's own modules and repository list are never touched.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = (Resolve-Path $(if ($env:ALONZO_MODULE_PATH) { $env:ALONZO_MODULE_PATH } else { Join-Path $PSScriptRoot '../../output/Alonzo' })).Path
    $script:Manifest = Import-PowerShellDataFile (Join-Path $script:ModulePath 'Alonzo.psd1')
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

    $script:Package = $env:ALONZO_PACKAGE_PATH
    if (-not $script:Package) {
        $pwsh = Get-PwshCommand
        $build = Start-ChildProcess -File $pwsh[0] -Arguments (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'build.ps1'), '-Task', 'Package')) -Description 'build.ps1 -Task Package' |
            Wait-ChildProcess -TimeoutSeconds 900
        if ($build.ExitCode -ne 0) { throw "build.ps1 -Task Package failed ($($build.ExitCode)): $($build.StdErr)" }
        $script:Package = Join-Path $root "output/packages/Alonzo.$($script:Manifest.ModuleVersion).nupkg"
    }

    $script:TempHome = Join-Path $TestDrive 'home'
    $script:Repo = Join-Path $TestDrive 'repo'
    New-Item -ItemType Directory -Path $script:TempHome, $script:Repo | Out-Null
    Copy-Item -LiteralPath $script:Package -Destination $script:Repo

    # HOME decides where CurrentUser-scope modules and the repository list live; PSResourceGet's NuGet code
    # may write a NuGet.Config relative to the working folder, so that is the temporary home too.
    $script:Install = Invoke-IsolatedPwsh -Parameters @{ Repo = $script:Repo } -Environment @{ HOME = $script:TempHome; USERPROFILE = $script:TempHome } -ScriptBlock {
        param($Repo)
        Set-Location $HOME
        Register-PSResourceRepository -Name AlonzoTest -Uri $Repo -Trusted
        Install-PSResource -Name Alonzo -Repository AlonzoTest -Scope CurrentUser -TrustRepository
        $installed = Get-InstalledPSResource -Name Alonzo -Scope CurrentUser
        Import-Module Alonzo
        $module = Get-Module Alonzo
        [pscustomobject]@{
            Installed  = $installed.Version.ToString()
            ModuleBase = $module.ModuleBase
            Commands   = @((Get-Command -Module Alonzo).Name)
            AboutHelp  = [bool](Get-Help about_Alonzo -ErrorAction SilentlyContinue)
            Files      = @(Get-ChildItem $module.ModuleBase -Recurse -File | ForEach-Object {
                    [pscustomobject]@{ Path = [System.IO.Path]::GetRelativePath($module.ModuleBase, $_.FullName).Replace('\', '/'); Hash = (Get-FileHash $_.FullName -Algorithm SHA256).Hash }
                })
        }
    }
    $script:Result = $script:Install.Output | Select-Object -First 1
}

Describe 'The Alonzo package' {
    It 'is the .nupkg -Task Package writes, and installs with Install-PSResource' {
        $script:Install.ExitCode | Should -Be 0 -Because $script:Install.StdErr
        Split-Path $script:Package -Leaf | Should -Be "Alonzo.$($script:Manifest.ModuleVersion).nupkg"
        (Split-Path $script:Package -Parent) | Should -Be (Join-Path (Split-Path $script:ModulePath -Parent) 'packages')
        $script:Result.Installed | Should -Be $script:Manifest.ModuleVersion
        $script:Result.ModuleBase | Should -BeLike "$($script:TempHome)*"
    }

    It 'installs exactly the built module: every file, byte for byte' {
        $built = @(Get-ChildItem $script:ModulePath -Recurse -File | ForEach-Object {
                [pscustomobject]@{ Path = [System.IO.Path]::GetRelativePath($script:ModulePath, $_.FullName).Replace('\', '/'); Hash = (Get-FileHash $_.FullName -Algorithm SHA256).Hash }
            })
        $installed = @{}
        foreach ($file in $script:Result.Files) { $installed[$file.Path] = $file.Hash }
        $differences = foreach ($file in $built) {
            if (-not $installed.ContainsKey($file.Path)) { "missing: $($file.Path)" }
            elseif ($installed[$file.Path] -ne $file.Hash) { "different: $($file.Path)" }
        }
        $differences | Should -BeNullOrEmpty
        $built.Path | Should -Contain 'dependencies/AWSSDK.Core.dll'
        $built.Path | Should -Contain 'dependencies/Alonzo.Core.dll'
        $built.Path | Should -Contain 'dependencies/AWSSDK.S3.dll'
        $built.Path | Should -Contain 'dependencies/AWSSDK.EC2.dll'
    }

    It 'brings every exported command and the help' {
        $script:Result.Commands | Sort-Object | Should -Be ($script:Manifest.CmdletsToExport | Sort-Object)
        $script:Result.AboutHelp | Should -BeTrue
    }
}
