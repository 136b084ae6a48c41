#Requires -Version 7.0
# Get-AlonzoLog against moto_server behind the recording proxy. The log groups are written with the
# aws CLI (PutLogEvents), as Lambda would write them: START/END/REPORT lines and print output from
# two execution environments (streams) with interleaved timestamps. Loopback only.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy

    $script:StreamA = '2026/01/02/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9'
    $script:StreamB = '2026/01/02/[$LATEST]f9e8d7c6b5a4938271605f4e3d2c1b0a'

    function Get-NowMs { [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() }

    # Creates the group and stream if missing and writes the events (hashtables with t = epoch ms
    # and m = message) in one PutLogEvents call, through a file so large batches fit.
    function Write-TestLog([string] $Group, [string] $Stream, [object[]] $Events) {
        try { Invoke-AwsCli -Service $script:Moto -Arguments @('logs', 'create-log-group', '--log-group-name', $Group) | Out-Null } catch { if ($_.Exception.Message -notmatch 'ResourceAlreadyExists') { throw } }
        try { Invoke-AwsCli -Service $script:Moto -Arguments @('logs', 'create-log-stream', '--log-group-name', $Group, '--log-stream-name', $Stream) | Out-Null } catch { if ($_.Exception.Message -notmatch 'ResourceAlreadyExists') { throw } }
        $file = Join-Path $TestDrive ('events-{0}.json' -f [guid]::NewGuid().ToString('N'))
        $json = ConvertTo-Json -Compress -Depth 3 -InputObject @($Events | Sort-Object { $_.t } | ForEach-Object { [ordered]@{ timestamp = [long] $_.t; message = [string] $_.m } })
        [System.IO.File]::WriteAllText($file, $json)
        $reply = Invoke-AwsCli -Service $script:Moto -Arguments @('logs', 'put-log-events', '--log-group-name', $Group, '--log-stream-name', $Stream, '--log-events', "file://$file")
        if ($reply -and $reply.PSObject.Properties['rejectedLogEventsInfo'] -and $reply.rejectedLogEventsInfo) { throw "moto rejected events: $($reply.rejectedLogEventsInfo | ConvertTo-Json -Compress)" }
    }

    function Get-FilterCalls { @(Get-AwsProxyCall -Proxy $script:Proxy -Operation FilterLogEvents) }

    # Enumerating a PSDataCollection that is still open blocks until it closes; indexing does not.
    function Get-Collected($Collection) { for ($i = 0; $i -lt $Collection.Count; $i++) { $Collection[$i] } }

    # The log of three invocations of function 'alonzo-logs' in two execution environments, as
    # Lambda writes it (plain-text format, tab-separated REPORT fields, X-Ray line on one of them).
    $script:Fn = 'alonzo-logs'
    $script:Group = "/aws/lambda/$($script:Fn)"
    $script:Base = (Get-NowMs) - 10 * 60 * 1000
    $b = $script:Base
    Write-TestLog $script:Group $script:StreamA @(
        @{ t = $b + 0;    m = "INIT_START Runtime Version: python:3.12.v38`tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123`n" }
        @{ t = $b + 200;  m = "START RequestId: 11111111-1111-4111-8111-111111111111 Version: `$LATEST`n" }
        @{ t = $b + 210;  m = "b'record one'`n" }
        @{ t = $b + 230;  m = "END RequestId: 11111111-1111-4111-8111-111111111111`n" }
        @{ t = $b + 230;  m = "REPORT RequestId: 11111111-1111-4111-8111-111111111111`tDuration: 3.43 ms`tBilled Duration: 4 ms`tMemory Size: 128 MB`tMax Memory Used: 67 MB`tInit Duration: 157.94 ms`t`n" }
        @{ t = $b + 2000; m = "START RequestId: 33333333-3333-4333-8333-333333333333 Version: `$LATEST`n" }
        @{ t = $b + 2005; m = "[ERROR] ValueError: bad record`n" }
        @{ t = $b + 2010; m = "END RequestId: 33333333-3333-4333-8333-333333333333`n" }
        @{ t = $b + 2010; m = "REPORT RequestId: 33333333-3333-4333-8333-333333333333`tDuration: 9.87 ms`tBilled Duration: 10 ms`tMemory Size: 128 MB`tMax Memory Used: 68 MB`t`nXRAY TraceId: 1-6a507b87-0cc4438344b48ef127ab1931`tSegmentId: d0025b207c551fde`tSampled: true`t`n" }
    )
    Write-TestLog $script:Group $script:StreamB @(
        @{ t = $b + 100;  m = "INIT_START Runtime Version: python:3.12.v38`tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123`n" }
        @{ t = $b + 220;  m = "START RequestId: 22222222-2222-4222-8222-222222222222 Version: `$LATEST`n" }
        @{ t = $b + 225;  m = "b'record two'`n" }
        @{ t = $b + 1500; m = "END RequestId: 22222222-2222-4222-8222-222222222222`n" }
        @{ t = $b + 1500; m = "REPORT RequestId: 22222222-2222-4222-8222-222222222222`tDuration: 1275.50 ms`tBilled Duration: 1276 ms`tMemory Size: 128 MB`tMax Memory Used: 71 MB`tInit Duration: 201.10 ms`t`n" }
    )
    # Events at four ages, for the time-range and pipeline tests.
    $now = Get-NowMs
    Write-TestLog '/aws/lambda/alonzo-since' $script:StreamA @(
        @{ t = $now - 130 * 60 * 1000; m = 'two hours ago' }
        @{ t = $now - 50 * 60 * 1000; m = 'fifty minutes ago' }
        @{ t = $now - 20 * 60 * 1000; m = 'twenty minutes ago' }
        @{ t = $now - 5 * 60 * 1000; m = 'five minutes ago' }
    )
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'Get-AlonzoLog' {
    BeforeEach {
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'reads both streams merged in time order, as AlonzoLogEvent objects without trailing line breaks' {
        $events = @(Get-AlonzoLog $script:Fn)
        $events.Count | Should -Be 14
        $events[0].PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoLogEvent'
        $events.Message[0..4] | Should -Be @(
            "INIT_START Runtime Version: python:3.12.v38`tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123"
            "INIT_START Runtime Version: python:3.12.v38`tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123"
            'START RequestId: 11111111-1111-4111-8111-111111111111 Version: $LATEST'
            "b'record one'"
            'START RequestId: 22222222-2222-4222-8222-222222222222 Version: $LATEST'
        )
        $events.LogStream[0..4] | Should -Be @($script:StreamA, $script:StreamB, $script:StreamA, $script:StreamA, $script:StreamB)
        for ($i = 1; $i -lt $events.Count; $i++) { $events[$i].Timestamp | Should -BeGreaterOrEqual $events[$i - 1].Timestamp }
        $events | Where-Object { $_.Message -match "`n$" } | Should -BeNullOrEmpty
        # The X-Ray line stays part of its REPORT event.
        ($events | Where-Object Message -Like 'REPORT RequestId: 3333*').Message | Should -Match "Max Memory Used: 68 MB`t`nXRAY TraceId: 1-6a507b87"
        $events[0].Timestamp.Kind | Should -Be 'Utc'
        $events[0].Timestamp | Should -Be ([DateTimeOffset]::FromUnixTimeMilliseconds($script:Base).UtcDateTime)
        $events[0].FunctionName | Should -Be $script:Fn
        @($events.EventId | Select-Object -Unique).Count | Should -Be 14

        # Checked against another client: the same events in the same order.
        $cli = Invoke-AwsCli -Service $script:Moto -Arguments @('logs', 'filter-log-events', '--log-group-name', $script:Group, '--interleaved')
        $events.EventId | Should -Be @($cli.events.eventId)
        Get-FilterCalls | Should -HaveCount 1
    }

    It 'follows every page until the token runs out (12,000 events, more than one moto page of 10,000)' {
        $group = '/aws/lambda/alonzo-paged'
        $start = (Get-NowMs) - 20 * 60 * 1000
        Write-TestLog $group $script:StreamA @(0..5999 | ForEach-Object { @{ t = $start + 2 * $_; m = ('event {0:d5}' -f (2 * $_)) } })
        Write-TestLog $group $script:StreamB @(0..5999 | ForEach-Object { @{ t = $start + 2 * $_ + 1; m = ('event {0:d5}' -f (2 * $_ + 1)) } })
        Clear-AwsProxyCall -Proxy $script:Proxy

        $events = @(Get-AlonzoLog -FunctionName alonzo-paged)

        $events.Count | Should -Be 12000
        $events[0].Message | Should -Be 'event 00000'
        $events[11999].Message | Should -Be 'event 11999'
        $expected = 0..11999 | ForEach-Object { 'event {0:d5}' -f $_ }
        $events.Message | Should -Be $expected
        @($events | Group-Object LogStream | ForEach-Object Count) | Should -Be @(6000, 6000)
        $calls = Get-FilterCalls
        $calls | Should -HaveCount 2 -Because 'moto answers 10,000 events per page, then the rest with the next token'
    }

    It 'reads only events since -Since, or within -Last, one hour by default' {
        (Get-AlonzoLog alonzo-since).Message | Should -Be @('fifty minutes ago', 'twenty minutes ago', 'five minutes ago')
        (Get-AlonzoLog alonzo-since -Since (Get-Date).AddMinutes(-30)).Message | Should -Be @('twenty minutes ago', 'five minutes ago')
        (Get-AlonzoLog alonzo-since -Since ([DateTime]::UtcNow.AddHours(-3))).Message | Should -Be @('two hours ago', 'fifty minutes ago', 'twenty minutes ago', 'five minutes ago')
        (Get-AlonzoLog alonzo-since -Last 00:10:00).Message | Should -Be 'five minutes ago'
        (Get-AlonzoLog alonzo-since -Last (New-TimeSpan -Minutes 1)) | Should -BeNullOrEmpty
    }

    It 'refuses -Since with -Last, a zero -Last, and a bad name, before any call' {
        { Get-AlonzoLog $script:Fn -Since (Get-Date) -Last 00:10:00 -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,Alonzo.Commands.Logs.GetAlonzoLogCommand'
        Get-AlonzoLog $script:Fn -Last 0 -ErrorAction SilentlyContinue -ErrorVariable e1
        $e1[0].FullyQualifiedErrorId | Should -Be 'InvalidTimeRange,Alonzo.Commands.Logs.GetAlonzoLogCommand'
        Get-AlonzoLog 'not a name' -ErrorAction SilentlyContinue -ErrorVariable e2
        $e2[0].FullyQualifiedErrorId | Should -Be 'InvalidFunctionName,Alonzo.Commands.Logs.GetAlonzoLogCommand'
        $e2[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        Get-AlonzoLog -LogGroupName '/aws/lambda/a b' -ErrorAction SilentlyContinue -ErrorVariable e3
        $e3[0].FullyQualifiedErrorId | Should -Be 'InvalidLogGroupName,Alonzo.Commands.Logs.GetAlonzoLogCommand'
        Get-FilterCalls | Should -HaveCount 0
    }

    It 'passes -Filter to CloudWatch Logs (terms and quoted phrases, as far as moto implements patterns)' {
        (Get-AlonzoLog $script:Fn -Filter 'ERROR').Message | Should -Be '[ERROR] ValueError: bad record'
        @(Get-AlonzoLog $script:Fn -Filter '"RequestId: 22222222"').Message | Should -Be @(
            'START RequestId: 22222222-2222-4222-8222-222222222222 Version: $LATEST'
            'END RequestId: 22222222-2222-4222-8222-222222222222'
            "REPORT RequestId: 22222222-2222-4222-8222-222222222222`tDuration: 1275.50 ms`tBilled Duration: 1276 ms`tMemory Size: 128 MB`tMax Memory Used: 71 MB`tInit Duration: 201.10 ms`t"
        )
        Get-AlonzoLog $script:Fn -Filter 'NoSuchText' | Should -BeNullOrEmpty
        Get-FilterCalls | Should -HaveCount 3
    }

    It '-Report turns REPORT lines into AlonzoInvocationReport objects with the right figures' {
        $reports = @(Get-AlonzoLog $script:Fn -Report)
        $reports.Count | Should -Be 3
        $reports[0].PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoInvocationReport'
        $reports.RequestId | Should -Be @('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333')
        $reports.Duration | Should -Be @(3.43, 1275.5, 9.87)
        $reports.BilledDuration | Should -Be @(4, 1276, 10)
        $reports.MemorySize | Should -Be @(128, 128, 128)
        $reports.MaxMemoryUsed | Should -Be @(67, 71, 68)
        $reports[0].InitDuration | Should -Be 157.94
        $reports[1].InitDuration | Should -Be 201.1
        $reports[2].InitDuration | Should -BeNullOrEmpty
        $reports.ColdStart | Should -Be @($true, $true, $false)
        $reports.LogStream | Should -Be @($script:StreamA, $script:StreamB, $script:StreamA)
        $reports[2].XRayTraceId | Should -Be '1-6a507b87-0cc4438344b48ef127ab1931'
        $reports[2].SegmentId | Should -Be 'd0025b207c551fde'
        $reports[2].Sampled | Should -BeTrue
        $reports[1].Timestamp | Should -Be ([DateTimeOffset]::FromUnixTimeMilliseconds($script:Base + 1500).UtcDateTime)
        $reports.FunctionName | Should -Be @($script:Fn, $script:Fn, $script:Fn)
        ($reports | Measure-Object -Property MaxMemoryUsed -Maximum).Maximum | Should -Be 71

        # The table view shows the figures with their units.
        $table = $reports | Out-String -Width 200
        $table | Should -Match 'Duration\s+Billed\s+Memory\s+MaxUsed\s+Init'
        $table | Should -Match '1275\.50 ms\s+1276 ms\s+128 MB\s+71 MB\s+201\.10 ms'
    }

    It 'reads the function name from a function object or any object with FunctionName on the pipeline' {
        $fromObject = @([pscustomobject]@{ FunctionName = $script:Fn; Other = 1 } | Get-AlonzoLog -Report)
        $fromObject.Count | Should -Be 3

        $fromStrings = @($script:Fn, 'alonzo-since' | Get-AlonzoLog -Last 00:30:00)
        ($fromStrings | Where-Object FunctionName -EQ 'alonzo-since').Message | Should -Be @('twenty minutes ago', 'five minutes ago')
        @($fromStrings | Where-Object FunctionName -EQ $script:Fn).Count | Should -Be 14

        $arn = "arn:aws:lambda:us-east-1:123456789012:function:$($script:Fn)"
        @(Get-AlonzoLog $arn -Report).Count | Should -Be 3
    }

    It 'takes a function object from Get-AlonzoFunction' {
        $zip = Join-Path $TestDrive 'fn.zip'
        $folder = Join-Path $TestDrive 'fn'
        New-Item -ItemType Directory $folder -Force | Out-Null
        Set-Content (Join-Path $folder 'lambda_function.py') 'def lambda_handler(event, context): return 1'
        Compress-Archive -Path (Join-Path $folder '*') -DestinationPath $zip -Force
        $role = Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'create-role', '--role-name', 'alonzo-logs-role', '--assume-role-policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}')
        Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'create-function', '--function-name', $script:Fn, '--runtime', 'python3.12', '--handler', 'lambda_function.lambda_handler', '--role', $role.Role.Arn, '--zip-file', "fileb://$zip") | Out-Null

        $function = Get-AlonzoFunction $script:Fn
        $function.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoFunction'
        $reports = @($function | Get-AlonzoLog -Report)
        $reports.RequestId | Should -Be @('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333')
    }

    It 'reports a missing log group as LogGroupNotFound, one error per function, and goes on' {
        $out = @('alonzo-never-ran', $script:Fn | Get-AlonzoLog -Report -ErrorAction SilentlyContinue -ErrorVariable failures)
        $out.Count | Should -Be 3
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'LogGroupNotFound,Alonzo.Commands.Logs.GetAlonzoLogCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'alonzo-never-ran'
        $failures[0].Exception.Message | Should -Be "No log group '/aws/lambda/alonzo-never-ran' in region us-east-1: the function 'alonzo-never-ran' has not logged yet, or does not exist."
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Invoke the function once'

        { Get-AlonzoLog alonzo-never-ran -ErrorAction Stop } | Should -Throw -ErrorId 'LogGroupNotFound,Alonzo.Commands.Logs.GetAlonzoLogCommand'
    }

    It 'reads a custom log group with -LogGroupName' {
        Write-TestLog '/shared/lambda-logs' 'any-stream' @(@{ t = (Get-NowMs) - 1000; m = "custom group line`n" })
        (Get-AlonzoLog -LogGroupName '/shared/lambda-logs').Message | Should -Be 'custom group line'
        (Get-AlonzoLog $script:Fn -LogGroupName '/shared/lambda-logs').FunctionName | Should -Be $script:Fn
    }

    It '-Follow picks up events written after it started, once each, and stops promptly when stopped' {
        $group = '/aws/lambda/alonzo-follow'
        Write-TestLog $group $script:StreamA @(@{ t = (Get-NowMs) - 3000; m = "before`n" })

        $ps = [powershell]::Create()
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint)
                Import-Module $ModulePath
                Get-AlonzoLog alonzo-follow -Follow -EndpointUrl $Endpoint
            }).AddArgument($script:ModulePath).AddArgument($script:Proxy.Url)
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($output.Count -lt 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            $output.Count | Should -Be 1 -Because "the existing event comes first: $(Get-Collected $ps.Streams.Error)"

            # Two environments write after the follow started; one event is older than the newest seen.
            $now = Get-NowMs
            Write-TestLog $group $script:StreamB @(@{ t = $now; m = "after 1`n" }, @{ t = $now + 1; m = "after 2`n" })
            Write-TestLog $group $script:StreamA @(@{ t = $now - 500; m = "late from A`n" })
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($output.Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            # Three more polls after all four were seen: nothing may be written twice.
            $polls = @(Get-FilterCalls).Count
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (@(Get-FilterCalls).Count -lt $polls + 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            @(Get-FilterCalls).Count | Should -BeGreaterOrEqual ($polls + 3) -Because 'following keeps polling'
            $written = @(Get-Collected $output)
            $written.Count | Should -Be 4
            $written[0].Message | Should -Be 'before'
            # The order of the last three depends on whether one poll saw both writes.
            @($written.Message | Sort-Object) | Should -Be @('after 1', 'after 2', 'before', 'late from A')
            @($written.EventId | Select-Object -Unique).Count | Should -Be 4
            $ps.InvocationStateInfo.State | Should -Be 'Running'

            # A follow never ends by itself: ending within the bound at all is the stop's doing.
            $before = @(Get-FilterCalls).Count
            Stop-TestPipeline -PowerShell $ps | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            @(Get-FilterCalls).Count - $before | Should -BeLessOrEqual 1 -Because 'no poll starts once stopped'
        } finally {
            if ($ps.InvocationStateInfo.State -eq 'Running') { $ps.Stop() }
            $ps.Dispose()
        }
    }

    It '-Follow ends when a downstream command has enough (Select-Object -First)' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint, $Fn)
                Import-Module $ModulePath
                Get-AlonzoLog $Fn -Follow -EndpointUrl $Endpoint | Select-Object -First 2
            }).AddArgument($script:ModulePath).AddArgument($script:Proxy.Url).AddArgument($script:Fn)
        $handle = $ps.BeginInvoke()
        try {
            $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue -Because 'the follow must end once two events were taken'
            $result = $ps.EndInvoke($handle)
            $result.Count | Should -Be 2
            $ps.HadErrors | Should -BeFalse
            # No poll keeps running in the background once the command ended.
            Start-Sleep -Seconds 2
            $before = @(Get-FilterCalls).Count
            Start-Sleep -Seconds 3
            @(Get-FilterCalls).Count | Should -Be $before
        } finally {
            if ($ps.InvocationStateInfo.State -eq 'Running') { $ps.Stop() }
            $ps.Dispose()
        }
    }

    It 'declares both output types and shows events as time and message' {
        $command = Get-Command Get-AlonzoLog
        $command.OutputType.Name | Should -Contain 'Alonzo.AlonzoLogEvent'
        $command.OutputType.Name | Should -Contain 'Alonzo.AlonzoInvocationReport'
        $text = Get-AlonzoLog $script:Fn -Filter ERROR | Out-String -Width 200
        $text | Should -Match 'Timestamp\s+Message'
        $text | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z \[ERROR\] ValueError: bad record'
    }
}
