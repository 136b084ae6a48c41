#Requires -Version 7.0
# The main job as a user runs it: demo/Invoke-AlonzoDemo.ps1 (what 'build.ps1 -Task Demo' calls after
# building) in its own PowerShell process, against the module under test. What the demo does may change;
# what it must keep doing is tested here through its entry point: it exits 0 when the job succeeds and
# non-zero when a step fails, and in both cases it stops the emulator it started.
#
# The processes a run leaves behind are found by a marker variable in their environment, which every
# process the demo starts inherits; that needs /proc (Linux).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest
    $script:Demo = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..' '..' 'demo' 'Invoke-AlonzoDemo.ps1'))

    # Processes whose environment carries the marker, with their command lines.
    function Get-MarkedProcess([string] $Marker) {
        $needle = "ALONZO_DEMO_RUN=$Marker"
        foreach ($dir in Get-ChildItem /proc -Directory -ErrorAction SilentlyContinue | Where-Object Name -Match '^\d+$') {
            try {
                $environment = [System.IO.File]::ReadAllBytes("$($dir.FullName)/environ")
                if ([System.Text.Encoding]::UTF8.GetString($environment).Split([char] 0) -contains $needle) {
                    $commandLine = [System.Text.Encoding]::UTF8.GetString([System.IO.File]::ReadAllBytes("$($dir.FullName)/cmdline")).Replace([char] 0, ' ').Trim()
                    [pscustomobject]@{ Id = [int] $dir.Name; CommandLine = $commandLine }
                }
            } catch {
                # Gone meanwhile, or another user's process: not ours.
            }
        }
    }

    # Runs the demo as 'pwsh -File demo/Invoke-AlonzoDemo.ps1' and watches the processes it starts.
    function Invoke-Demo([hashtable] $Environment = @{}) {
        $marker = [guid]::NewGuid().ToString('N')
        $pwsh = Get-PwshCommand
        $variables = @{ ALONZO_DEMO_RUN = $marker }
        foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
        $child = Start-ChildProcess -File $pwsh[0] -Arguments (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script:Demo, '-ModulePath', $script:ModulePath)) `
            -Environment $variables -Description 'the demo'
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        $deadline = [DateTime]::UtcNow.AddMinutes(10)
        while (-not $child.Process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
            foreach ($p in Get-MarkedProcess $marker) { [void] $seen.Add($p.CommandLine) }
            Start-Sleep -Milliseconds 250
        }
        $result = $child | Wait-ChildProcess -TimeoutSeconds ([Math]::Max(1, ($deadline - [DateTime]::UtcNow).TotalSeconds))
        # Whatever the demo started is stopped before it exits; a generous grace period covers a slow kill.
        $left = @(Get-MarkedProcess $marker)
        $grace = [DateTime]::UtcNow.AddSeconds(30)
        while ($left.Count -gt 0 -and [DateTime]::UtcNow -lt $grace) {
            Start-Sleep -Milliseconds 250
            $left = @(Get-MarkedProcess $marker)
        }
        $result | Add-Member -NotePropertyName Started -NotePropertyValue @($seen) -PassThru |
            Add-Member -NotePropertyName Left -NotePropertyValue $left -PassThru
    }
}

Describe 'The demo, run as a user runs it' {
    BeforeAll {
        if (-not (Test-Path /proc/self/environ)) { return }
        $script:Success = Invoke-Demo
    }

    It 'runs the main job and exits 0' {
        if (-not (Test-Path /proc/self/environ)) { Set-ItResult -Skipped -Because 'finding the processes a run leaves needs /proc (Linux)'; return }
        $script:Success.ExitCode | Should -Be 0 -Because "the demo failed:`n$($script:Success.StdErr)`n$($script:Success.StdOut | Select-Object -Last 1)"
        $script:Success.StdErr | Should -BeNullOrEmpty
    }

    It 'started an AWS emulator of its own and left no process behind' {
        if (-not (Test-Path /proc/self/environ)) { Set-ItResult -Skipped -Because 'finding the processes a run leaves needs /proc (Linux)'; return }
        @($script:Success.Started | Where-Object { $_ -match 'moto' }).Count | Should -BeGreaterThan 0 -Because "the demo runs against its own emulator (seen: $($script:Success.Started -join '; '))"
        $script:Success.Left | Should -BeNullOrEmpty -Because "still running: $($script:Success.Left.CommandLine -join '; ')"
    }

    It 'exits non-zero when a step fails, and still stops its emulator' {
        if (-not (Test-Path /proc/self/environ)) { Set-ItResult -Skipped -Because 'finding the processes a run leaves needs /proc (Linux)'; return }
        # A retry setting every Alonzo command refuses, so the first step after the emulator started fails.
        $failed = Invoke-Demo -Environment @{ AWS_MAX_ATTEMPTS = 'many' }
        $failed.ExitCode | Should -Not -Be 0
        "$($failed.StdErr)$($failed.StdOut)" | Should -BeLike "*AWS_MAX_ATTEMPTS is 'many'*"
        @($failed.Started | Where-Object { $_ -match 'moto' }).Count | Should -BeGreaterThan 0
        $failed.Left | Should -BeNullOrEmpty -Because "still running: $($failed.Left.CommandLine -join '; ')"
    }
}
