#Requires -Version 7.0
# Deletes ask. Each Remove- command runs in a PowerShell whose host answers the confirmation prompt the
# way a person at the console would (tests/fixtures/AnsweringHost.cs): without -Force it asks, and
# answered No it removes nothing; with -Force it asks nothing; -WhatIf beats -Force; an explicit -Confirm
# asks even with -Force. What exists is checked with the aws CLI and the recording proxy. Loopback only.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest
    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy
    if (-not ('Alonzo.TestHosts.AnsweringHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot '..' 'fixtures' 'AnsweringHost.cs')
    }

    # Runs the command line in a fresh runspace whose host answers every confirmation prompt with $Answer.
    function Invoke-Answering([string] $Answer, [string] $Command) {
        $answeringHost = [Alonzo.TestHosts.AnsweringHost]::new($Answer)
        $runspace = [runspacefactory]::CreateRunspace($answeringHost)
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript("Import-Module '$($script:ModulePath)'; `$PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = '$($script:Proxy.Url)'; $Command")
            $output = $ps.Invoke()
            [pscustomobject]@{
                Output  = @($output)
                Errors  = @($ps.Streams.Error)
                Prompts = @($answeringHost.Prompts)
                Lines   = @($answeringHost.Lines)
            }
        } finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    function Get-DeleteCalls { @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object { $_.mutating -and $_.operation -like 'Delete*' }) }

    $handler = New-TestHandler (Join-Path $TestDrive 'handler')
    New-AlonzoRole -Name 'confirm-fn-role' | Out-Null
    foreach ($suffix in 'asked', 'forced') {
        New-AlonzoStream -Name "confirm-$suffix" | Out-Null
        New-AlonzoRole -Name "confirm-$suffix" | Out-Null
        Publish-AlonzoFunction -Name "confirm-$suffix" -Path $handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role confirm-fn-role | Out-Null
    }
    $script:Mappings = @{
        asked  = (Add-AlonzoEventMapping -FunctionName confirm-asked -StreamName confirm-asked).UUID
        forced = (Add-AlonzoEventMapping -FunctionName confirm-forced -StreamName confirm-forced).UUID
    }

    # How each resource is named to its Remove- command, and how another client sees whether it exists.
    $script:Kinds = @{
        Stream   = @{ Command = 'Remove-AlonzoStream -Name {0}'; Target = { param($s) "confirm-$s" }; Exists = { param($s) (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'list-streams')).StreamNames -contains "confirm-$s" } }
        Role     = @{ Command = 'Remove-AlonzoRole -Name {0}'; Target = { param($s) "confirm-$s" }; Exists = { param($s) (Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'list-roles')).Roles.RoleName -contains "confirm-$s" } }
        Function = @{ Command = 'Remove-AlonzoFunction -Name {0}'; Target = { param($s) "confirm-$s" }; Exists = { param($s) (Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-functions')).Functions.FunctionName -contains "confirm-$s" } }
        Mapping  = @{ Command = 'Remove-AlonzoEventMapping -UUID {0}'; Target = { param($s) $script:Mappings[$s] }; Exists = { param($s) (Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-event-source-mappings')).EventSourceMappings.UUID -contains $script:Mappings[$s] } }
    }
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

# Mappings first: a function or stream removed first would take its mapping along in some services.
Describe 'Remove-Alonzo<Kind> asks before deleting' -ForEach @(
    @{ Kind = 'EventMapping'; Key = 'Mapping' }
    @{ Kind = 'Function'; Key = 'Function' }
    @{ Kind = 'Stream'; Key = 'Stream' }
    @{ Kind = 'Role'; Key = 'Role' }
) {
    BeforeAll {
        $resource = $script:Kinds[$Key]
        $asked = & $resource.Target 'asked'
        $forced = & $resource.Target 'forced'
        $askedCommand = $resource.Command -f "'$asked'"
        $forcedCommand = $resource.Command -f "'$forced'"
    }
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'asks without -Force, and answered No removes nothing' {
        $run = Invoke-Answering 'No' $askedCommand
        $run.Errors | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 1
        $run.Prompts[0].Message | Should -BeLike "*$asked*"
        $run.Prompts[0].Choices | Should -Contain 'No'
        Get-DeleteCalls | Should -BeNullOrEmpty
        & $resource.Exists 'asked' | Should -BeTrue
    }

    It 'asks nothing and removes nothing with -Force -WhatIf, saying what it would do' {
        $run = Invoke-Answering 'Yes' "$askedCommand -Force -WhatIf"
        $run.Errors | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        ($run.Lines -join "`n") | Should -BeLike "*What if:*$asked*"
        Get-DeleteCalls | Should -BeNullOrEmpty
        & $resource.Exists 'asked' | Should -BeTrue
    }

    It 'asks with -Force when -Confirm is given, and answered No removes nothing' {
        $run = Invoke-Answering 'No' "$askedCommand -Force -Confirm"
        $run.Prompts.Count | Should -Be 1
        Get-DeleteCalls | Should -BeNullOrEmpty
        & $resource.Exists 'asked' | Should -BeTrue
    }

    It 'removes once answered Yes' {
        $run = Invoke-Answering 'Yes' $askedCommand
        $run.Errors | Should -BeNullOrEmpty
        $run.Prompts.Count | Should -Be 1
        @(Get-DeleteCalls).Count | Should -BeGreaterThan 0
        & $resource.Exists 'asked' | Should -BeFalse
    }

    It 'asks nothing with -Force, and removes' {
        $run = Invoke-Answering 'No' "$forcedCommand -Force"
        $run.Errors | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        @(Get-DeleteCalls).Count | Should -BeGreaterThan 0
        & $resource.Exists 'forced' | Should -BeFalse
    }
}
