#Requires -Version 7.0
# Add/Get/Set/Remove-AlonzoEventMapping against moto_server behind the recording, fault-injecting
# proxy, cross-checked with the aws CLI. moto allows duplicate mappings that AWS refuses, so these
# tests also prove Alonzo never creates one.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy

    $script:Handler = New-TestHandler (Join-Path $TestDrive 'handler') -Body "return len(event['Records'])"
    New-AlonzoRole alonzo_lambda -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole | Out-Null

    # A function and a stream of the same name, for a test of its own (no test depends on what another left).
    function New-Pair([string] $Name, [switch] $FunctionOnly) {
        Publish-AlonzoFunction -Name $Name -Path $script:Handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda | Out-Null
        if (-not $FunctionOnly) { New-AlonzoStream -Name $Name | Out-Null }
    }
    New-Pair 'alonzo' -FunctionOnly

    function Get-CliMappings([string] $Function) {
        (Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-event-source-mappings', '--function-name', $Function)).EventSourceMappings
    }
    function Get-MutatingCalls { @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating) }
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'Add-AlonzoEventMapping' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }
    AfterEach { Clear-AwsProxyRule -Proxy $script:Proxy }

    It 'maps a stream piped from New-AlonzoStream to a function and waits until Enabled' {
        $mapping = New-AlonzoStream alonzo | Add-AlonzoEventMapping -FunctionName alonzo
        $mapping.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoEventMapping'
        $mapping.Action | Should -Be 'Created'
        $mapping.State | Should -Be 'Enabled'
        $mapping.StreamName | Should -Be 'alonzo'
        $mapping.FunctionName | Should -Be 'alonzo'
        $mapping.StartingPosition | Should -Be 'LATEST'
        $cli = @(Get-CliMappings 'alonzo')
        $cli.Count | Should -Be 1
        $cli[0].UUID | Should -Be $mapping.UUID
        $cli[0].EventSourceArn | Should -Be 'arn:aws:kinesis:us-east-1:123456789012:stream/alonzo'
    }

    It 'delivers each written record to the function, and Get-AlonzoLog reads back what the function''s log holds' {
        # moto hands each record to the mapped function as it is put. It cannot run code here (no Docker),
        # so what lands in /aws/lambda/<name> is its own line about each delivery it tried.
        New-Pair 'deliver'
        Add-AlonzoEventMapping -FunctionName deliver -StreamName deliver | Out-Null
        { Invoke-AwsCli -Service $script:Moto -Arguments @('logs', 'describe-log-streams', '--log-group-name', '/aws/lambda/deliver') } |
            Should -Throw '*ResourceNotFoundException*' -Because 'nothing was delivered before the first write'
        $since = [DateTime]::UtcNow.AddSeconds(-1)
        'first' | Write-AlonzoRecord -StreamName deliver | Out-Null
        $afterFirst = @(Get-AlonzoFunction deliver | Get-AlonzoLog -Last '00:10:00' -ErrorAction Stop)
        'second', 'third' | Write-AlonzoRecord -StreamName deliver | Out-Null
        $afterSecond = @(Get-AlonzoFunction deliver | Get-AlonzoLog -Last '00:10:00' -ErrorAction Stop)

        # One delivery per record, none before the first.
        $afterFirst.Count | Should -Be 1
        $afterSecond.Count | Should -Be 3
        $afterSecond[0].EventId | Should -Be $afterFirst[0].EventId
        $afterSecond | ForEach-Object {
            $_.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoLogEvent'
            $_.FunctionName | Should -Be 'deliver'
            $_.Timestamp | Should -BeGreaterThan $since
            $_.LogStream | Should -BeLike '*`[$LATEST`]*'
        }
        # The same events, as another client reads them.
        $cli = Invoke-AwsCli -Service $script:Moto -Arguments @('logs', 'filter-log-events', '--log-group-name', '/aws/lambda/deliver')
        $afterSecond.EventId | Should -Be @($cli.events.eventId)
        $afterSecond.Message | Should -Be @($cli.events.message | ForEach-Object { $_.TrimEnd("`n") })
    }

    It 'never duplicates: a second run, or a function piped in, is Unchanged with no write' {
        New-Pair 'nodup'
        $first = Add-AlonzoEventMapping -FunctionName nodup -StreamName nodup
        Clear-AwsProxyCall -Proxy $script:Proxy
        $again = New-AlonzoStream nodup | Add-AlonzoEventMapping -FunctionName nodup
        $again.Action | Should -Be 'Unchanged'
        $again.UUID | Should -Be $first.UUID
        $viaFunction = Get-AlonzoFunction nodup | Add-AlonzoEventMapping -StreamName nodup
        $viaFunction.Action | Should -Be 'Unchanged'
        $viaFunction.UUID | Should -Be $first.UUID
        Get-MutatingCalls | Should -BeNullOrEmpty
        @(Get-CliMappings 'nodup').Count | Should -Be 1
    }

    It 'updates only the settings that differ' {
        New-Pair 'settings'
        Add-AlonzoEventMapping -FunctionName settings -StreamName settings | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $mapping = Add-AlonzoEventMapping -FunctionName settings -StreamName settings -BatchSize 50 -MaximumRetryAttempts 3 -BisectBatchOnFunctionError
        $mapping.Action | Should -Be 'Updated'
        $mapping.Changes | Should -Contain 'BatchSize 100 -> 50'
        (Get-MutatingCalls).operation | Should -Be @('UpdateEventSourceMapping')
        $cli = @(Get-CliMappings 'settings')[0]
        $cli.BatchSize | Should -Be 50
        $cli.MaximumRetryAttempts | Should -Be 3
        $cli.BisectBatchOnFunctionError | Should -BeTrue
        Clear-AwsProxyCall -Proxy $script:Proxy
        (Add-AlonzoEventMapping -FunctionName settings -StreamName settings -BatchSize 50 -MaximumRetryAttempts 3 -BisectBatchOnFunctionError).Action | Should -Be 'Unchanged'
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It 'refuses to change the starting position in place and suggests -Force' {
        New-Pair 'position'
        Add-AlonzoEventMapping -FunctionName position -StreamName position | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        Add-AlonzoEventMapping -FunctionName position -StreamName position -StartingPosition TRIM_HORIZON -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StartingPositionImmutable*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
        Get-MutatingCalls | Should -BeNullOrEmpty
        @(Get-CliMappings 'position')[0].StartingPosition | Should -Be 'LATEST'
    }

    It 'replaces the mapping with -Force, keeping exactly one' {
        New-Pair 'replace'
        $before = (Add-AlonzoEventMapping -FunctionName replace -StreamName replace -BatchSize 50 -MaximumRetryAttempts 3).UUID
        $mapping = Add-AlonzoEventMapping -FunctionName replace -StreamName replace -StartingPosition TRIM_HORIZON -Force
        $mapping.Action | Should -Be 'Replaced'
        $mapping.StartingPosition | Should -Be 'TRIM_HORIZON'
        $mapping.UUID | Should -Not -Be $before
        $cli = @(Get-CliMappings 'replace')
        $cli.Count | Should -Be 1
        $cli[0].UUID | Should -Be $mapping.UUID
        # Settings not given on the command line come over from the replaced mapping.
        $cli[0].BatchSize | Should -Be 50
        $cli[0].MaximumRetryAttempts | Should -Be 3
    }

    It 'shows the plan and changes nothing with -WhatIf' {
        New-Pair 'whatif'
        Clear-AwsProxyCall -Proxy $script:Proxy
        Add-AlonzoEventMapping -FunctionName whatif -StreamName whatif -WhatIf | Should -BeNullOrEmpty
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-CliMappings 'whatif' | Should -BeNullOrEmpty
    }

    It 'retries while the role cannot read the stream yet, then succeeds' {
        New-Pair 'perm'
        New-AlonzoStream perm-stream | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{
            operation = 'CreateEventSourceMapping'; times = 2
            respond   = @{ status = 400; headers = @{ 'X-Amzn-ErrorType' = 'InvalidParameterValueException' }; body = @{ Type = 'User'; message = 'Cannot access stream arn:aws:kinesis:us-east-1:123456789012:stream/perm-stream. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListShards or ListStreams Actions on your stream.' } }
        }
        $out = Add-AlonzoEventMapping -FunctionName perm -StreamName perm-stream -Verbose 4>&1
        ($out | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoEventMapping' }).Action | Should -Be 'Created'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation CreateEventSourceMapping).Count | Should -Be 3
        @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*cannot read the stream*retrying*' }).Count | Should -Be 2
    }

    It 'fails after a bounded time naming the permissions the role lacks' {
        New-Pair 'perm-denied'
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{
            operation = 'CreateEventSourceMapping'
            respond   = @{ status = 400; headers = @{ 'X-Amzn-ErrorType' = 'InvalidParameterValueException' }; body = @{ Type = 'User'; message = 'Cannot access stream arn:aws:kinesis:us-east-1:123456789012:stream/perm-denied. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListShards or ListStreams Actions on your stream.' } }
        }
        Add-AlonzoEventMapping -FunctionName perm-denied -StreamName perm-denied -TimeoutSec 3 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MappingPermissionDenied*'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        "$($err[0])" | Should -BeLike '*kinesis:GetRecords*kinesis:GetShardIterator*'
        $err[0].ErrorDetails.RecommendedAction | Should -BeLike '*AWSLambdaKinesisExecutionRole*'
        Get-CliMappings 'perm-denied' | Should -BeNullOrEmpty
    }

    It 'waits while the mapping is Creating' {
        New-Pair 'settling' -FunctionOnly
        New-AlonzoStream settling-stream | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'GetEventSourceMapping'; times = 2; patch_json = @{ State = 'Creating' } }
        Clear-AwsProxyCall -Proxy $script:Proxy
        $mapping = Add-AlonzoEventMapping -FunctionName settling -StreamName settling-stream
        $mapping.State | Should -Be 'Enabled'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation GetEventSourceMapping).Count | Should -Be 3
    }
}

Describe 'Bad input is refused before any change' {
    BeforeAll { New-Pair 'refused' }
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'refuses <Case> with <ErrorId>' -ForEach @(
        @{ Case = 'a batch size of 0'; ErrorId = 'InvalidBatchSize'; Params = @{ BatchSize = 0 } }
        @{ Case = 'a batch size over 10000'; ErrorId = 'InvalidBatchSize'; Params = @{ BatchSize = 10001 } }
        @{ Case = 'AT_TIMESTAMP without a timestamp'; ErrorId = 'MissingStartingPositionTimestamp'; Params = @{ StartingPosition = 'AT_TIMESTAMP' } }
        @{ Case = 'a parallelization factor of 11'; ErrorId = 'InvalidParallelizationFactor'; Params = @{ ParallelizationFactor = 11 } }
        @{ Case = 'a record age of 30 s'; ErrorId = 'InvalidMaximumRecordAgeSeconds'; Params = @{ MaximumRecordAgeSeconds = 30 } }
        @{ Case = 'a stream ARN that is not one'; ErrorId = 'InvalidEventSourceArn'; Params = @{ StreamName = $null; EventSourceArn = 'arn:aws:sqs:us-east-1:123456789012:queue' } }
        @{ Case = 'no stream at all'; ErrorId = 'MissingEventSource'; Params = @{ StreamName = $null } }
        @{ Case = 'a bad function name'; ErrorId = 'InvalidFunctionName'; Params = @{ FunctionName = 'bad name' } }
        @{ Case = 'a stream that does not exist'; ErrorId = 'StreamNotFound'; Params = @{ StreamName = 'no-such-stream' } }
        @{ Case = 'a function that does not exist'; ErrorId = 'FunctionNotFound'; Params = @{ FunctionName = 'no-such-function' } }
    ) {
        $p = @{ FunctionName = 'refused'; StreamName = 'refused' }
        foreach ($k in $Params.Keys) { if ($null -eq $Params[$k]) { $p.Remove($k) } else { $p[$k] = $Params[$k] } }
        Add-AlonzoEventMapping @p -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId*"
        # Not one write, CreateEventSourceMapping least of all.
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-CliMappings 'refused' | Should -BeNullOrEmpty
    }
}

Describe 'Get-, Set- and Remove-AlonzoEventMapping' {
    BeforeAll {
        New-Pair 'other' -FunctionOnly
        New-AlonzoStream side | Out-Null
        $script:Side = Add-AlonzoEventMapping -FunctionName other -StreamName side -Disabled
    }
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'creates a disabled mapping with -Disabled' {
        $script:Side.State | Should -Be 'Disabled'
        @(Get-CliMappings 'other')[0].State | Should -Be 'Disabled'
    }

    It 'gets mappings by function, by stream and by UUID' {
        (Get-AlonzoEventMapping -FunctionName other).UUID | Should -Be $script:Side.UUID
        (Get-AlonzoEventMapping -StreamName side).UUID | Should -Be $script:Side.UUID
        (Get-AlonzoEventMapping -UUID $script:Side.UUID).FunctionName | Should -Be 'other'
        (Get-AlonzoStream side | Get-AlonzoEventMapping).UUID | Should -Be $script:Side.UUID
        Get-AlonzoEventMapping -UUID '00000000-0000-0000-0000-000000000000' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'EventMappingNotFound*'
    }

    It 'enables and disables, waiting for the state' {
        (Set-AlonzoEventMapping -UUID $script:Side.UUID -Enabled).State | Should -Be 'Enabled'
        @(Get-CliMappings 'other')[0].State | Should -Be 'Enabled'
        $same = $script:Side | Set-AlonzoEventMapping -Enabled
        $same.Action | Should -Be 'Unchanged'
        (Set-AlonzoEventMapping -UUID $script:Side.UUID -Disabled).State | Should -Be 'Disabled'
        Set-AlonzoEventMapping -UUID '00000000-0000-0000-0000-000000000000' -Enabled -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'EventMappingNotFound*'
    }

    It 'renders the table view' {
        $text = Get-AlonzoEventMapping -UUID $script:Side.UUID | Out-String -Width 200
        $text | Should -Match 'FunctionName\s+StreamName\s+State\s+Batch\s+Start\s+Action\s+UUID'
        $text | Should -Match "other\s+side\s+Disabled\s+100\s+LATEST\s+$($script:Side.UUID)"
    }

    It 'removes nothing with -WhatIf, and removes what Get pipes in with -Force' {
        New-Pair 'removed'
        $removed = Add-AlonzoEventMapping -FunctionName removed -StreamName removed
        Remove-AlonzoEventMapping -UUID $removed.UUID -WhatIf
        @(Get-CliMappings 'removed').Count | Should -Be 1
        Get-AlonzoEventMapping -FunctionName removed | Remove-AlonzoEventMapping -Force -Wait
        Get-CliMappings 'removed' | Should -BeNullOrEmpty
        Remove-AlonzoEventMapping -UUID $removed.UUID -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }
}
