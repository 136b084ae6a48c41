#Requires -Version 7.0
# The stream cmdlets against moto_server (and a recording proxy in front of it), cross-checked
# with the aws CLI. Loopback only; every service started here is stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy
    $script:Endpoint = $script:Proxy.Url

    function Get-MotoStreamNames {
        (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'list-streams', '--page-size', '1000')).StreamNames
    }
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'New-AlonzoStream' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }
    # No rule outlives its test: the suites after this one create streams through the same proxy.
    AfterEach { Clear-AwsProxyRule -Proxy $script:Proxy }

    It 'creates a missing stream, waits until ACTIVE and says so' {
        $stream = New-AlonzoStream -Name 'orders' -ShardCount 2
        # The engine's types live in an isolated load context, so scripts see them by type name.
        $stream.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoStream'
        $stream.StreamName | Should -Be 'orders'
        $stream.Status | Should -Be 'ACTIVE'
        $stream.ShardCount | Should -Be 2
        $stream.Mode | Should -Be 'PROVISIONED'
        $stream.Action | Should -Be 'Created'
        $stream.Region | Should -Be 'us-east-1'
        $stream.StreamArn | Should -Be 'arn:aws:kinesis:us-east-1:123456789012:stream/orders'

        $other = Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', 'orders')
        $other.StreamDescriptionSummary.OpenShardCount | Should -Be 2
        $other.StreamDescriptionSummary.StreamStatus | Should -Be 'ACTIVE'
    }

    It 'is idempotent: a second run returns the same stream, Unchanged, with no write' {
        New-AlonzoStream -Name 'idem' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $verbose = New-AlonzoStream -Name 'idem' -Verbose 4>&1
        $again = $verbose | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoStream' }
        $again.Action | Should -Be 'Unchanged'
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Should -Contain "Stream 'idem' already exists (ACTIVE, PROVISIONED, 1 open shard(s)); left as it is."
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating).Count | Should -Be 0
        @(Get-MotoStreamNames | Where-Object { $_ -eq 'idem' }).Count | Should -Be 1
    }

    It 'warns when an existing stream differs from what was asked, and changes nothing' {
        New-AlonzoStream -Name 'differs' | Out-Null
        $result = New-AlonzoStream -Name 'differs' -ShardCount 3 -WarningVariable warnings -WarningAction SilentlyContinue
        $result.ShardCount | Should -Be 1
        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike '*has 1 shard(s), not 3*Set-AlonzoStream*'
    }

    It 'creates on-demand streams with tags and retention' {
        $stream = New-AlonzoStream -Name 'ondemand' -OnDemand -RetentionHours 48 -Tag @{ team = 'ops'; cost = 'pipeline' }
        $stream.Mode | Should -Be 'ON_DEMAND'
        $stream.RetentionHours | Should -Be 48
        $summary = (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', 'ondemand')).StreamDescriptionSummary
        $summary.StreamModeDetails.StreamMode | Should -Be 'ON_DEMAND'
        $summary.RetentionPeriodHours | Should -Be 48
        $tags = (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'list-tags-for-stream', '--stream-name', 'ondemand')).Tags
        ($tags | Where-Object Key -eq 'team').Value | Should -Be 'ops'
        ($tags | Where-Object Key -eq 'cost').Value | Should -Be 'pipeline'
    }

    It 'takes names from the pipeline' {
        $streams = 'pipe-a', 'pipe-b' | New-AlonzoStream
        $streams.StreamName | Should -Be @('pipe-a', 'pipe-b')
        Get-MotoStreamNames | Should -Contain 'pipe-b'
    }

    It 'does nothing with -WhatIf' {
        New-AlonzoStream -Name 'whatif-new' -WhatIf | Should -BeNullOrEmpty
        Get-MotoStreamNames | Should -Not -Contain 'whatif-new'
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating).Count | Should -Be 0
    }

    It 'refuses a stream that is being deleted, without creating anything' {
        New-AlonzoStream -Name 'deleting' | Out-Null
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'DescribeStreamSummary'; patch_json = @{ 'StreamDescriptionSummary.StreamStatus' = 'DELETING' } }
        Clear-AwsProxyCall -Proxy $script:Proxy
        New-AlonzoStream -Name 'deleting' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamBeingDeleted*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $err[0].TargetObject | Should -Be 'deleting'
        "$($err[0])" | Should -BeLike "*'deleting' is being deleted*"
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating).Count | Should -Be 0
    }

    It 'waits with progress while the stream is CREATING, and times out clearly' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'DescribeStreamSummary'; patch_json = @{ 'StreamDescriptionSummary.StreamStatus' = 'CREATING' } }
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint)
                Import-Module $ModulePath
                New-AlonzoStream -Name 'slow' -TimeoutSec 5 -EndpointUrl $Endpoint
            }).AddArgument($script:ModulePath).AddArgument($script:Endpoint)
        $output = $ps.Invoke()
        $output | Should -BeNullOrEmpty
        $ps.Streams.Error[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut*'
        $ps.Streams.Error[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($ps.Streams.Error[0])" | Should -BeLike "*stream 'slow'*CREATING*5 seconds*"
        $progress = @($ps.Streams.Progress | Where-Object { $_.Activity -like "*stream 'slow'*" })
        $progress.Count | Should -BeGreaterThan 1
        $progress[0].StatusDescription | Should -BeLike 'CREATING*'
        $ps.Dispose()
    }
    # Stopping during the wait: Stopping.Tests.ps1.
}

Describe 'Get-AlonzoStream' {
    BeforeAll {
        # More than one of moto's ListStreams pages (10), made here rather than left by earlier tests.
        @('wild-one', 'wild-two', 'tame') + @(1..10 | ForEach-Object { 'page-{0:d2}' -f $_ }) | New-AlonzoStream | Out-Null
    }

    It 'gets one stream by name with all its details' {
        $s = Get-AlonzoStream -Name 'wild-one'
        $s.StreamName | Should -Be 'wild-one'
        $s.Status | Should -Be 'ACTIVE'
        $s.RetentionHours | Should -Be 24
        $s.ShardCount | Should -Be 1
        $s.Action | Should -Be 'None'
    }

    It 'filters with wildcards' {
        (Get-AlonzoStream -Name 'wild-*').StreamName | Sort-Object | Should -Be @('wild-one', 'wild-two')
        (Get-AlonzoStream -Name 'WILD-T*').StreamName | Should -Be 'wild-two'
        Get-AlonzoStream -Name 'nothing-*' | Should -BeNullOrEmpty
    }

    It 'lists every stream, across pages' {
        $names = (Get-AlonzoStream).StreamName
        foreach ($n in @('wild-one', 'wild-two', 'tame') + @(1..10 | ForEach-Object { 'page-{0:d2}' -f $_ })) { $names | Should -Contain $n }
        # moto pages ListStreams by 10, so this crossed at least one page boundary.
        $names.Count | Should -BeGreaterThan 10
        $names.Count | Should -Be @(Get-MotoStreamNames).Count
    }

    It 'reports a missing stream as ObjectNotFound' {
        Get-AlonzoStream -Name 'missing' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamNotFound*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'missing'
    }

    It 'binds by property name from its own output' {
        (Get-AlonzoStream -Name 'tame' | Get-AlonzoStream).StreamName | Should -Be 'tame'
    }

    It 'renders the table view' {
        $text = Get-AlonzoStream -Name 'tame' | Out-String
        $text | Should -Match 'StreamName\s+Status\s+Mode\s+Shards\s+Retention\s+Region'
        $text | Should -Match 'tame\s+ACTIVE\s+PROVISIONED\s+1\s+24h\s+us-east-1'
    }
}

Describe 'Remove-AlonzoStream' {
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'removes nothing with -WhatIf, even with -Force' {
        New-AlonzoStream -Name 'keep' | Out-Null
        Remove-AlonzoStream -Name 'keep' -WhatIf
        Remove-AlonzoStream -Name 'keep' -Force -WhatIf
        Get-MotoStreamNames | Should -Contain 'keep'
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation DeleteStream).Count | Should -Be 0
    }

    It 'declares ConfirmImpact High' {
        $attr = (Get-Command Remove-AlonzoStream).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attr.ConfirmImpact | Should -Be 'High'
    }

    It 'removes with -Force and -Wait' {
        New-AlonzoStream -Name 'doomed' | Out-Null
        Remove-AlonzoStream -Name 'doomed' -Force -Wait
        Get-MotoStreamNames | Should -Not -Contain 'doomed'
    }

    It 'is quiet about a stream that is already gone' {
        Remove-AlonzoStream -Name 'never-was' -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }

    It 'removes what Get-AlonzoStream pipes in' {
        'bulk-1', 'bulk-2' | New-AlonzoStream | Out-Null
        Get-AlonzoStream -Name 'bulk-*' | Remove-AlonzoStream -Force
        Get-MotoStreamNames | Should -Not -Contain 'bulk-1'
        Get-MotoStreamNames | Should -Not -Contain 'bulk-2'
    }
}

Describe 'Bad input is refused before any call' {
    BeforeEach { Clear-AwsProxyCall -Proxy $script:Proxy }

    It 'refuses <Name> with InvalidStreamName' -ForEach @(
        @{ Name = 'bad name!' }
        @{ Name = ('x' * 129) }
        @{ Name = 'slash/name' }
        @{ Name = '' }
    ) {
        New-AlonzoStream -Name $Name -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidStreamName*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $Name
        Remove-AlonzoStream -Name $Name -Force -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidStreamName*'
        @(Get-AwsProxyCall -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'refuses retention outside 24..8760 hours' {
        New-AlonzoStream -Name 'retention' -RetentionHours 12 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRetentionHours*'
        "$($err[0])" | Should -BeLike '*12 hours*'
        @(Get-AwsProxyCall -Proxy $script:Proxy).Count | Should -Be 0
    }

    It 'refuses a zero shard count' {
        New-AlonzoStream -Name 'zero' -ShardCount 0 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidShardCount*'
    }

    It 'refuses -ShardCount with -OnDemand as an impossible combination' {
        { New-AlonzoStream -Name 'both' -ShardCount 2 -OnDemand -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'refuses an endpoint that is not a URL' {
        New-AlonzoStream -Name 'ok' -EndpointUrl 'not a url' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEndpoint*'
        "$($err[0])" | Should -BeLike "*'not a url'*-EndpointUrl*"
    }
}

# Credentials and regions: Credentials.Tests.ps1.
Describe 'Endpoint resolution' {
    It 'takes the endpoint from AWS_ENDPOINT_URL_KINESIS, then AWS_ENDPOINT_URL' {
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
        try {
            Clear-AwsProxyCall -Proxy $script:Proxy
            $env:AWS_ENDPOINT_URL_KINESIS = $script:Proxy.Url
            $env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
            (New-AlonzoStream -Name 'from-env').StreamName | Should -Be 'from-env'
            @(Get-AwsProxyCall -Proxy $script:Proxy -Operation CreateStream).Count | Should -Be 1

            Remove-Item Env:AWS_ENDPOINT_URL_KINESIS
            $env:AWS_ENDPOINT_URL = $script:Proxy.Url
            (Get-AlonzoStream -Name 'from-env').StreamName | Should -Be 'from-env'
        }
        finally {
            Remove-Item Env:AWS_ENDPOINT_URL_KINESIS, Env:AWS_ENDPOINT_URL -ErrorAction SilentlyContinue
            $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $script:Endpoint
        }
    }

    It 'reports an unreachable endpoint as a connection error' {
        $env:AWS_MAX_ATTEMPTS = '1'
        try {
            Get-AlonzoStream -Name 'x' -EndpointUrl "http://127.0.0.1:$(Get-FreeTcpPort)" -ErrorVariable err -ErrorAction SilentlyContinue
        }
        finally { Remove-Item Env:AWS_MAX_ATTEMPTS }
        $err[0].FullyQualifiedErrorId | Should -BeLike 'EndpointUnreachable*'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

# Signing: Signing.Tests.ps1.
Describe 'Dependency isolation' {
    It 'keeps the cmdlet assembly free of direct AWSSDK references' {
        $dll = Join-Path $script:ModulePath 'Alonzo.dll'
        $assembly = [System.Reflection.Assembly]::LoadFile((Resolve-Path $dll))
        $assembly.GetReferencedAssemblies().Name | Should -Not -Contain 'AWSSDK.Core'
        $assembly.GetReferencedAssemblies().Name | Should -Not -Contain 'Polly.Core'
        Test-Path (Join-Path $script:ModulePath 'AWSSDK.Core.dll') | Should -BeFalse
    }

    It 'loads the engine into a context named Alonzo, and AWSSDK.S3 and AWSSDK.EC2 only for commands that use them' {
        # They ship isolated with the rest, so a command that needs them can load them.
        foreach ($dll in 'AWSSDK.S3.dll', 'AWSSDK.EC2.dll') {
            Test-Path (Join-Path $script:ModulePath 'dependencies' $dll) | Should -BeTrue
            Test-Path (Join-Path $script:ModulePath $dll) | Should -BeFalse
        }
        $job = Start-Job -ScriptBlock {
            param($ModulePath, $Endpoint)
            $env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
            Import-Module $ModulePath
            $stream = New-AlonzoStream -Name 'kinesis-only' -EndpointUrl $Endpoint
            Get-AlonzoStream -Name 'kinesis-only' -EndpointUrl $Endpoint | Out-Null
            $loaded = foreach ($context in [System.Runtime.Loader.AssemblyLoadContext]::All) {
                foreach ($assembly in $context.Assemblies) { '{0}|{1}' -f $context.Name, $assembly.GetName().Name }
            }
            [pscustomobject]@{ Status = $stream.Status; Loaded = @($loaded) }
        } -ArgumentList $script:ModulePath, $script:Endpoint
        $result = $job | Wait-Job -Timeout 120 | Receive-Job -ErrorAction Stop
        $job | Remove-Job -Force
        $result.Status | Should -Be 'ACTIVE'
        $result.Loaded | Should -Contain 'Alonzo|Alonzo.Core'
        $result.Loaded | Should -Contain 'Alonzo|AWSSDK.Core'
        @($result.Loaded | Where-Object { $_ -like '*|AWSSDK.S3' -or $_ -like '*|AWSSDK.EC2' }) | Should -BeNullOrEmpty
    }

    It 'works in a session where another module already loaded AWSSDK.Core 3.7' {
        $nuget = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
        $old = Join-Path $nuget 'awssdk.core/3.7.402/lib/netcoreapp3.1/AWSSDK.Core.dll'
        Test-Path $old | Should -BeTrue
        $job = Start-Job -ScriptBlock {
            param($Old, $ModulePath, $Endpoint)
            $env:AWS_ACCESS_KEY_ID = 'testing'; $env:AWS_SECRET_ACCESS_KEY = 'testing'; $env:AWS_REGION = 'us-east-1'
            Add-Type -Path $Old
            $before = [Amazon.Runtime.BasicAWSCredentials].Assembly.GetName().Version.ToString()
            Import-Module $ModulePath
            $stream = New-AlonzoStream -Name 'conflict' -EndpointUrl $Endpoint
            $loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object { $_.GetName().Version.ToString() }
            # The other module's SDK still works after Alonzo ran.
            $creds = [Amazon.Runtime.BasicAWSCredentials]::new('a', 'b')
            [pscustomobject]@{ Before = $before; Stream = $stream.StreamName; Status = $stream.Status; Loaded = @($loaded); OldStillWorks = $creds.GetCredentials().AccessKey -eq 'a' }
        } -ArgumentList $old, $script:ModulePath, $script:Endpoint
        $result = $job | Wait-Job -Timeout 120 | Receive-Job -ErrorAction Stop
        $job | Remove-Job -Force
        $result.Before | Should -BeLike '3.3.*'
        $result.Stream | Should -Be 'conflict'
        $result.Status | Should -Be 'ACTIVE'
        $result.Loaded | Should -Contain $result.Before
        @($result.Loaded | Where-Object { $_ -like '4.*' }).Count | Should -Be 1
        $result.OldStillWorks | Should -BeTrue
    }
}
