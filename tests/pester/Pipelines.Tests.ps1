#Requires -Version 7.0
# Publish/Get/Remove-AlonzoPipeline and Get-AlonzoPipelinePlan against moto_server behind the
# recording proxy, cross-checked with the aws CLI. Loopback only; services stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Emulator = Start-AlonzoEmulator -LambdaWithoutDocker
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy
    $script:Examples = Join-Path $PSScriptRoot '..' '..' 'examples'

    $script:Handler = Join-Path $TestDrive 'handler'
    New-Item -ItemType Directory -Path $script:Handler | Out-Null
    Set-Content -Path (Join-Path $script:Handler 'app.py') -Value "def handler(event, context):`n    return len(event.get('Records', []))"

    function Get-MutatingCalls { @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating) }
    function New-Spec([string] $Name, [hashtable] $Function = @{}, [hashtable] $Extra = @{}) {
        $fn = @{ Path = $script:Handler; Handler = 'app.handler'; Runtime = 'python3.12' }
        foreach ($k in $Function.Keys) { $fn[$k] = $Function[$k] }
        $spec = @{ Name = $Name; Function = $fn }
        foreach ($k in $Extra.Keys) { $spec[$k] = $Extra[$k] }
        $spec
    }
    function Get-Cli([string[]] $Arguments) { Invoke-AwsCli -Service $script:Moto -Arguments $Arguments }
    function Get-CliStreamNames { @((Get-Cli @('kinesis', 'list-streams')).StreamNames) }
    function Get-CliFunctionNames { @((Get-Cli @('lambda', 'list-functions')).Functions.FunctionName) }
    function Get-CliRoleNames { @((Get-Cli @('iam', 'list-roles')).Roles.RoleName) }
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'Publish-AlonzoPipeline and Get-AlonzoPipelinePlan' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'plans every resource of the example spec as Create on an empty account, from read calls only' {
        $plan = Get-AlonzoPipelinePlan -Path (Join-Path $script:Examples 'alonzo.psd1')
        @($plan | ForEach-Object { "$($_.Kind) $($_.Name) $($_.Action)" }) | Should -Be @(
            'Stream alonzo Create', 'Role alonzo_lambda Create', 'Function alonzo Create', 'EventMapping alonzo->alonzo Create')
        ($plan | Where-Object Kind -eq 'Function').Changes.Path | Should -Contain 'MemorySize'
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It 'deploys the example, then the plan is empty and a re-run makes no mutating call' {
        $rows = Publish-AlonzoPipeline -Path (Join-Path $script:Examples 'alonzo.psd1')
        @($rows | ForEach-Object { "$($_.Kind) $($_.Action)" }) | Should -Be @('Stream Created', 'Role Created', 'Function Created', 'EventMapping Created')
        $rows[0].PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoPipelineResource'

        $fn = Get-Cli @('lambda', 'get-function', '--function-name', 'alonzo')
        $fn.Configuration.Role | Should -BeLike '*:role/alonzo_lambda'
        $fn.Tags.'alonzo:pipeline' | Should -Be 'alonzo'
        $fn.Configuration.Environment.Variables.LOG_LEVEL | Should -Be 'info'
        $mappings = (Get-Cli @('lambda', 'list-event-source-mappings', '--function-name', 'alonzo')).EventSourceMappings
        @($mappings).Count | Should -Be 1
        (Get-Cli @('kinesis', 'list-tags-for-stream', '--stream-name', 'alonzo')).Tags | Where-Object Key -eq 'alonzo:pipeline' | ForEach-Object Value | Should -Be 'alonzo'

        Clear-AwsProxyCall -Proxy $script:Proxy
        $plan = Get-AlonzoPipelinePlan -Path (Join-Path $script:Examples 'alonzo.psd1')
        @($plan | Where-Object Action -ne 'None') | Should -BeNullOrEmpty
        $again = Publish-AlonzoPipeline -Path (Join-Path $script:Examples 'alonzo.psd1')
        @($again.Action | Select-Object -Unique) | Should -Be @('Unchanged')
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It 'plans exactly the field changed in the spec, with its value before and after' {
        Publish-AlonzoPipeline -Spec (New-Spec 'mem') | Out-Null
        $plan = Get-AlonzoPipelinePlan -Spec (New-Spec 'mem' @{ MemorySize = 256 })
        $changed = @($plan | Where-Object Action -ne 'None')
        $changed.Count | Should -Be 1
        $changed[0].Kind | Should -Be 'Function'
        $change = @($changed[0].Changes)
        $change.Count | Should -Be 1
        $change[0].Path | Should -Be 'MemorySize'
        $change[0].Before | Should -Be 128
        $change[0].After | Should -Be 256

        $rows = Publish-AlonzoPipeline -Spec (New-Spec 'mem' @{ MemorySize = 256 })
        ($rows | Where-Object Kind -eq 'Function').Changes | Should -Be @('MemorySize 128 -> 256')
        (Get-Cli @('lambda', 'get-function-configuration', '--function-name', 'mem')).MemorySize | Should -Be 256
    }

    It '-WhatIf shows the plan and changes nothing' {
        Publish-AlonzoPipeline -Spec (New-Spec 'whatif') -WhatIf | Should -BeNullOrEmpty
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-CliStreamNames | Should -Not -Contain 'whatif'
    }

    It 'never shows environment values in the plan, the output or Verbose' {
        $secret = 'pipeline-canary-5e1d'
        $out = Publish-AlonzoPipeline -Spec (New-Spec 'secretive' @{ Environment = @{ TOKEN = $secret } }) -Verbose 4>&1
        $plan = Get-AlonzoPipelinePlan -Spec (New-Spec 'secretive' @{ Environment = @{ TOKEN = "$secret-2" } })
        $text = ($out | Out-String) + ($plan | Format-List | Out-String) + ($plan.Changes | Format-List * | Out-String)
        $text | Should -Not -Match $secret
        ($plan | Where-Object Kind -eq 'Function').Changes[0].Summary | Should -Be 'Environment variables changed: TOKEN'
    }

    It 'plans the removal of what the spec no longer has' {
        Publish-AlonzoPipeline -Spec (New-Spec 'shrink') | Out-Null
        $plan = Get-AlonzoPipelinePlan -Spec (New-Spec 'shrink' -Extra @{ EventMapping = $null })
        $remove = @($plan | Where-Object Action -eq 'Remove')
        $remove.Count | Should -Be 1
        $remove[0].Kind | Should -Be 'EventMapping'

        $renamed = Get-AlonzoPipelinePlan -Spec (New-Spec 'shrink' @{ Name = 'shrink-v2' })
        @($renamed | Where-Object Action -eq 'Remove' | ForEach-Object { "$($_.Kind) $($_.Name)" }) | Should -Contain 'Function shrink'
        ($renamed | Where-Object { $_.Kind -eq 'Function' -and $_.Name -eq 'shrink-v2' }).Action | Should -Be 'Create'

        $rows = Publish-AlonzoPipeline -Spec (New-Spec 'shrink' @{ Name = 'shrink-v2' })
        Get-CliFunctionNames | Should -Not -Contain 'shrink'
        Get-CliFunctionNames | Should -Contain 'shrink-v2'
        ($rows | Where-Object Action -eq 'Deleted').Kind | Should -Contain 'Function'
    }

    It 'moves to a renamed stream and removes the old one with its mapping' {
        Publish-AlonzoPipeline -Spec (New-Spec 'moving') | Out-Null
        $plan = Get-AlonzoPipelinePlan -Spec (New-Spec 'moving' -Extra @{ Stream = @{ Name = 'moving-v2' } })
        @($plan | Where-Object Action -ne 'None' | ForEach-Object { "$($_.Action) $($_.Kind) $($_.Name)" }) | Should -Be @(
            'Create Stream moving-v2', 'Create EventMapping moving-v2->moving', 'Remove EventMapping moving->moving', 'Remove Stream moving')
        Publish-AlonzoPipeline -Spec (New-Spec 'moving' -Extra @{ Stream = @{ Name = 'moving-v2' } }) | Out-Null
        Get-CliStreamNames | Should -Not -Contain 'moving'
        $mappings = (Get-Cli @('lambda', 'list-event-source-mappings', '--function-name', 'moving')).EventSourceMappings
        @($mappings).Count | Should -Be 1
        $mappings[0].EventSourceArn | Should -BeLike '*:stream/moving-v2'
    }

    It 'refuses a starting-position change without -Force before changing anything' {
        Publish-AlonzoPipeline -Spec (New-Spec 'position') | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $changed = New-Spec 'position' @{ MemorySize = 256 } @{ EventMapping = @{ StartingPosition = 'TRIM_HORIZON' } }
        (Get-AlonzoPipelinePlan -Spec $changed | Where-Object Kind -eq 'EventMapping').Action | Should -Be 'Replace'
        { Publish-AlonzoPipeline -Spec $changed -ErrorAction Stop } | Should -Throw -ErrorId 'StartingPositionImmutable,*'
        Get-MutatingCalls | Should -BeNullOrEmpty
        $rows = Publish-AlonzoPipeline -Spec $changed -Force
        ($rows | Where-Object Kind -eq 'EventMapping').Action | Should -Be 'Replaced'
        ((Get-Cli @('lambda', 'list-event-source-mappings', '--function-name', 'position')).EventSourceMappings).StartingPosition | Should -Be 'TRIM_HORIZON'
    }

    It 'does not take over a resource it does not own, unless told to with -Adopt' {
        Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'create-stream', '--stream-name', 'foreign', '--shard-count', '1') | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        { Publish-AlonzoPipeline -Spec (New-Spec 'foreign') -ErrorAction Stop } | Should -Throw -ErrorId 'ResourceNotOwned,*'
        Get-MutatingCalls | Should -BeNullOrEmpty
        $rows = Publish-AlonzoPipeline -Spec (New-Spec 'foreign') -Adopt -WarningAction SilentlyContinue
        ($rows | Where-Object Kind -eq 'Stream').Action | Should -Be 'Updated'
        (Get-Cli @('kinesis', 'list-tags-for-stream', '--stream-name', 'foreign')).Tags | Where-Object Key -eq 'alonzo:pipeline' | ForEach-Object Value | Should -Be 'foreign'
    }
}

Describe 'Get-AlonzoPipeline' {
    It 'finds pipelines by their marks and shows each resource''s state' {
        Publish-AlonzoPipeline -Spec (New-Spec 'status') | Out-Null
        $rows = @(Get-AlonzoPipeline -Name 'stat*')
        @($rows | ForEach-Object { "$($_.Kind) $($_.Name) $($_.State)" }) | Should -Be @(
            'Stream status ACTIVE', 'Role status_lambda Present', 'Function status Active', 'EventMapping status->status Enabled')
        ($rows | Where-Object Kind -eq 'EventMapping').UUID | Should -Not -BeNullOrEmpty
        { Get-AlonzoPipeline -Name 'no-such-pipeline' -ErrorAction Stop } | Should -Throw -ErrorId 'PipelineNotFound,*'
    }

    It 'shows drift field by field when the account was changed behind its back' {
        Publish-AlonzoPipeline -Spec (New-Spec 'drifty') | Out-Null
        (Get-AlonzoPipeline -Spec (New-Spec 'drifty')).InSync | Should -Not -Contain $false
        Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'update-function-configuration', '--function-name', 'drifty', '--memory-size', '512') | Out-Null
        $rows = Get-AlonzoPipeline -Spec (New-Spec 'drifty')
        $fn = $rows | Where-Object Kind -eq 'Function'
        $fn.InSync | Should -BeFalse
        $fn.Drift.Path | Should -Be @('MemorySize')
        $fn.Drift[0].Before | Should -Be 512
        $fn.Drift[0].After | Should -Be 128
        ($rows | Where-Object Kind -ne 'Function').InSync | Should -Not -Contain $false
    }
}

Describe 'Remove-AlonzoPipeline' {
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'removes exactly what the pipeline owns, in reverse order, and a second run removes nothing' {
        Publish-AlonzoPipeline -Spec (New-Spec 'teardown') | Out-Null
        # Look-alikes without the mark: never touched.
        Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'create-stream', '--stream-name', 'teardown-copy', '--shard-count', '1') | Out-Null
        New-AlonzoRole -Name 'teardown_lambda2' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        Remove-AlonzoPipeline -Name 'teardown' -WhatIf
        Get-MutatingCalls | Should -BeNullOrEmpty

        $rows = Remove-AlonzoPipeline -Name 'teardown' -Force
        @($rows | ForEach-Object { "$($_.Kind) $($_.Action)" }) | Should -Be @('EventMapping Deleted', 'Function Deleted', 'Role Deleted', 'Stream Deleted')
        Get-CliStreamNames | Should -Not -Contain 'teardown'
        Get-CliStreamNames | Should -Contain 'teardown-copy'
        Get-CliFunctionNames | Should -Not -Contain 'teardown'
        Get-CliRoleNames | Should -Not -Contain 'teardown_lambda'
        Get-CliRoleNames | Should -Contain 'teardown_lambda2'
        @(Get-AlonzoPipeline -Name 'teardown*') | Should -BeNullOrEmpty

        Clear-AwsProxyCall -Proxy $script:Proxy
        Remove-AlonzoPipeline -Name 'teardown' -Force | Should -BeNullOrEmpty
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It 'takes the pipelines of rows piped in from Get-AlonzoPipeline, and a spec file by position' {
        Publish-AlonzoPipeline -Spec (New-Spec 'piped-a') | Out-Null
        Publish-AlonzoPipeline -Spec (New-Spec 'piped-b') | Out-Null
        $rows = Get-AlonzoPipeline -Name 'piped-*' | Remove-AlonzoPipeline -Force
        @($rows | Where-Object Kind -eq 'Stream' | ForEach-Object Name) | Should -Be @('piped-a', 'piped-b')
        @(Get-AlonzoPipeline -Name 'piped-*') | Should -BeNullOrEmpty

        $file = Join-Path $TestDrive 'positional.psd1'
        Set-Content $file "@{ Name = 'positional'; Function = @{ Path = '$($script:Handler)'; Handler = 'app.handler'; Runtime = 'python3.12' } }"
        Publish-AlonzoPipeline $file | Out-Null
        (Get-AlonzoPipeline $file | Where-Object Kind -eq 'Function').InSync | Should -BeTrue
        @(Remove-AlonzoPipeline $file -Force).Count | Should -Be 4
    }

    It 'never touches a resource with the spec''s name that lacks the mark' {
        Publish-AlonzoPipeline -Spec (New-Spec 'partial') | Out-Null
        # Someone replaces the function with one of their own, unmarked.
        Remove-AlonzoFunction -Name 'partial' -Force
        Publish-AlonzoFunction -Name 'partial' -Path $script:Handler -Handler app.handler -Runtime python3.12 -Role 'partial_lambda' | Out-Null
        $rows = Remove-AlonzoPipeline -Spec (New-Spec 'partial') -Force
        $rows.Kind | Should -Not -Contain 'Function'
        Get-CliFunctionNames | Should -Contain 'partial'
        Get-CliStreamNames | Should -Not -Contain 'partial'
    }
}

Describe 'Pipeline specs are checked whole before any call' {
    BeforeAll { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'refuses <Case> with <ErrorId> naming <Path>' -ForEach @(
        @{ Case = 'an unknown top-level key'; Mutate = { param($s) $s.Fuction = @{} }; ErrorId = 'PipelineSpecUnknownKey'; Path = 'Fuction'; Hint = "Did you mean 'Function'" }
        @{ Case = 'an unknown function key'; Mutate = { param($s) $s.Function.MemroySize = 256 }; ErrorId = 'PipelineSpecUnknownKey'; Path = 'Function.MemroySize'; Hint = "Did you mean 'MemorySize'" }
        @{ Case = 'an unknown mapping key'; Mutate = { param($s) $s.EventMapping = @{ BatchSzie = 10 } }; ErrorId = 'PipelineSpecUnknownKey'; Path = 'EventMapping.BatchSzie'; Hint = "Did you mean 'BatchSize'" }
        @{ Case = 'a missing name'; Mutate = { param($s) $s.Remove('Name') }; ErrorId = 'PipelineSpecMissingKey'; Path = 'Name'; Hint = 'required' }
        @{ Case = 'a missing function'; Mutate = { param($s) $s.Remove('Function') }; ErrorId = 'PipelineSpecMissingKey'; Path = 'Function'; Hint = 'required' }
        @{ Case = 'a missing handler'; Mutate = { param($s) $s.Function.Remove('Handler') }; ErrorId = 'PipelineSpecMissingKey'; Path = 'Function.Handler'; Hint = 'required' }
        @{ Case = 'memory as text'; Mutate = { param($s) $s.Function.MemorySize = 'lots' }; ErrorId = 'PipelineSpecInvalidValue'; Path = 'Function.MemorySize'; Hint = 'whole number' }
        @{ Case = 'memory out of range'; Mutate = { param($s) $s.Function.MemorySize = 64 }; ErrorId = 'InvalidMemorySize'; Path = 'Function.MemorySize'; Hint = '64' }
        @{ Case = 'a timeout too long'; Mutate = { param($s) $s.Function.Timeout = 901 }; ErrorId = 'InvalidTimeout'; Path = 'Function.Timeout'; Hint = '901' }
        @{ Case = 'a folder that does not exist'; Mutate = { param($s) $s.Function.Path = './nowhere' }; ErrorId = 'PipelineSpecInvalidValue'; Path = 'Function.Path'; Hint = 'does not exist' }
        @{ Case = 'an unknown runtime'; Mutate = { param($s) $s.Function.Runtime = 'cobol1' }; ErrorId = 'UnknownRuntime'; Path = 'Function.Runtime'; Hint = 'cobol1' }
        @{ Case = 'a bad pipeline name'; Mutate = { param($s) $s.Name = 'has space' }; ErrorId = 'InvalidStreamName'; Path = 'Name'; Hint = 'has space' }
        @{ Case = 'a shard count of zero'; Mutate = { param($s) $s.Stream = @{ ShardCount = 0 } }; ErrorId = 'InvalidShardCount'; Path = 'Stream.ShardCount'; Hint = '' }
        @{ Case = 'shards and on-demand together'; Mutate = { param($s) $s.Stream = @{ ShardCount = 2; OnDemand = $true } }; ErrorId = 'ConflictingCapacity'; Path = 'Stream.ShardCount'; Hint = '' }
        @{ Case = 'a retention too short'; Mutate = { param($s) $s.Stream = @{ RetentionHours = 12 } }; ErrorId = 'InvalidRetentionHours'; Path = 'Stream.RetentionHours'; Hint = '12' }
        @{ Case = 'on-demand as text'; Mutate = { param($s) $s.Stream = @{ OnDemand = 'yes' } }; ErrorId = 'PipelineSpecInvalidValue'; Path = 'Stream.OnDemand'; Hint = '$true or $false' }
        @{ Case = 'a bad starting position'; Mutate = { param($s) $s.EventMapping = @{ StartingPosition = 'BEGINNING' } }; ErrorId = 'InvalidStartingPosition'; Path = 'EventMapping.StartingPosition'; Hint = 'BEGINNING' }
        @{ Case = 'a batch size too big'; Mutate = { param($s) $s.EventMapping = @{ BatchSize = 20000 } }; ErrorId = 'InvalidBatchSize'; Path = 'EventMapping.BatchSize'; Hint = '20000' }
        @{ Case = 'a managed policy that is not an ARN'; Mutate = { param($s) $s.Role = @{ ManagedPolicyArns = @('AdministratorAccess') } }; ErrorId = 'InvalidPolicyArn'; Path = 'Role.ManagedPolicyArns'; Hint = 'AdministratorAccess' }
        @{ Case = 'an environment that is a list'; Mutate = { param($s) $s.Function.Environment = @('A=1') }; ErrorId = 'PipelineSpecInvalidValue'; Path = 'Function.Environment'; Hint = 'hashtable' }
        @{ Case = 'a stream section that is a string'; Mutate = { param($s) $s.Stream = 'alonzo' }; ErrorId = 'PipelineSpecInvalidValue'; Path = 'Stream'; Hint = 'hashtable' }
    ) {
        $spec = New-Spec 'badspec'
        & $Mutate $spec
        $err = $null
        Publish-AlonzoPipeline -Spec $spec -ErrorAction SilentlyContinue -ErrorVariable err | Out-Null
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        "$($err[0])" | Should -BeLike "$Path*"
        "$($err[0])" | Should -BeLike "*$Hint*"
        @(Get-AwsProxyCall -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'refuses a spec file that does not exist, or is not a data file' {
        { Publish-AlonzoPipeline -Path (Join-Path $TestDrive 'missing.psd1') -ErrorAction Stop } | Should -Throw -ErrorId 'PipelineSpecNotFound,*'
        $bad = Join-Path $TestDrive 'bad.psd1'
        Set-Content $bad '@{ Name = (Get-Date) }'
        { Publish-AlonzoPipeline -Path $bad -ErrorAction Stop } | Should -Throw -ErrorId 'PipelineSpecInvalid,*'
        @(Get-AwsProxyCall -Proxy $script:Proxy).Count | Should -Be 0
    }
}
