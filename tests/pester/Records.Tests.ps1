#Requires -Version 7.0
# Write-AlonzoRecord, Read-AlonzoRecord and Set-AlonzoStream against moto_server (with the
# recording, fault-injecting proxy in front of it) and against kinesalite, which really reshards.
# Loopback only; every service started here is stopped in AfterAll.
#
# moto stores records with a read-then-insert of the shard's last sequence number that is not safe
# for concurrent PutRecords calls (records of parallel calls overwrite each other), so the writes
# that go to moto use -MaxInFlight 1; parallel calls are tested against kinesalite.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Moto = Start-MotoServer
    $script:Proxy = Start-AwsProxy -Upstream $script:Moto
    $script:Kinesalite = Start-Kinesalite

    # Records as they come back, as "key|text" or "key|base64" lines per partition key, in read order.
    function script:Group-ByKey($Records) {
        $byKey = @{}
        foreach ($r in $Records) {
            if (-not $byKey.ContainsKey($r.PartitionKey)) { $byKey[$r.PartitionKey] = [System.Collections.Generic.List[string]]::new() }
            $byKey[$r.PartitionKey].Add($(if ($null -ne $r.Text) { $r.Text } else { 'b64:' + [Convert]::ToBase64String($r.Data) }))
        }
        $byKey
    }

    function script:Assert-SameOrderPerKey($Expected, $Actual) {
        $Actual.Keys.Count | Should -Be $Expected.Keys.Count
        foreach ($key in $Expected.Keys) {
            $want = $Expected[$key]
            $got = $Actual[$key]
            $got.Count | Should -Be $want.Count -Because "key $key"
            for ($i = 0; $i -lt $want.Count; $i++) {
                if ($got[$i] -ne $want[$i]) { throw "key ${key}: record $i is '$($got[$i])', expected '$($want[$i])'" }
            }
        }
    }

    # A record whose partition key travels with it as a note property, as Get-Content's lines carry theirs.
    function script:With-Key($Value, [string] $Key) {
        $o = [psobject]::AsPSObject($Value)
        $o.PSObject.Properties.Add([psnoteproperty]::new('Key', $Key))
        , $o # the comma keeps a byte array one record
    }
}

AfterAll {
    Stop-TestService -Service $script:Proxy
    Stop-TestService -Service $script:Moto
    Stop-TestService -Service $script:Kinesalite
    Stop-AllTestServices
}

Describe 'Write-AlonzoRecord and Read-AlonzoRecord against moto' {
    BeforeAll {
        $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $script:Moto.Url
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    }

    It 'writes 100,000 mixed records and reads every one back, in order per partition key' {
        New-AlonzoStream -Name 'bulk' -ShardCount 4 | Out-Null
        $keys = 0..63 | ForEach-Object { 'device-{0:00}' -f $_ }
        $expected = @{}
        foreach ($k in $keys) { $expected[$k] = [System.Collections.Generic.List[string]]::new() }
        $utf8 = [System.Text.UTF8Encoding]::new($false)
        # Collected as pipeline output: List[object].Add would unwrap the strings and drop their Key.
        $inputs = for ($i = 0; $i -lt 100000; $i++) {
            $key = $keys[($i * 7 + ($i -shr 6)) % 64]
            switch ($i % 3) {
                0 { $value = "text $i ünïcødé"; $expected[$key].Add($value) }
                1 { $value = [byte[]]@(0xff, 0x00, ($i -band 0xff), (($i -shr 8) -band 0xff), (($i -shr 16) -band 0xff)); $expected[$key].Add('b64:' + [Convert]::ToBase64String($value)) }
                2 { $value = [ordered]@{ n = $i; key = $key; tags = @('a', 'b'); nested = [pscustomobject]@{ ok = $true } }; $expected[$key].Add(($value | ConvertTo-Json -Compress -Depth 5)) }
            }
            With-Key $value $key
        }

        $watch = [Diagnostics.Stopwatch]::StartNew()
        $summary = $inputs | Write-AlonzoRecord -StreamName 'bulk' -PartitionKeyProperty Key -MaxInFlight 1
        $writeSeconds = $watch.Elapsed.TotalSeconds
        $summary.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoWriteSummary'
        $summary.Records | Should -Be 100000
        $summary.Failed | Should -Be 0
        $summary.Batches | Should -BeGreaterOrEqual 200

        $watch.Restart()
        $records = Read-AlonzoRecord -StreamName 'bulk'
        $readSeconds = $watch.Elapsed.TotalSeconds
        Write-Host ("    100,000 records: write {0:0.0}s ({1:N0}/s, {2} calls), read {3:0.0}s" -f $writeSeconds, $summary.RecordsPerSecond, $summary.Batches, $readSeconds)
        $records.Count | Should -Be 100000
        $records[0].PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoRecord'
        @($records | Select-Object -ExpandProperty ShardId -Unique).Count | Should -Be 4
        Assert-SameOrderPerKey $expected (Group-ByKey $records)
        # Binary records have no text; text records have their exact bytes.
        ($records | Where-Object { $null -eq $_.Text } | Select-Object -First 1).Data[0] | Should -Be 0xff
        $sample = $records | Where-Object { $_.Text -like 'text *' } | Select-Object -First 1
        $utf8.GetString($sample.Data) | Should -BeExactly $sample.Text
    }

    It 'takes each line of a file as a record: Get-Content events.jsonl | Write-AlonzoRecord' {
        New-AlonzoStream -Name 'lines' | Out-Null
        $file = Join-Path $TestDrive 'events.jsonl'
        $lines = 1..500 | ForEach-Object { '{"event":"click","n":' + $_ + '}' }
        Set-Content -Path $file -Value $lines
        $summary = Get-Content $file | Write-AlonzoRecord -StreamName 'lines' -MaxInFlight 1
        $summary.Records | Should -Be 500

        $objects = Read-AlonzoRecord -StreamName 'lines' -AsObject
        @($objects).Count | Should -Be 500
        ($objects.n | Sort-Object) -join ',' | Should -Be ((1..500) -join ',')
        $objects[0].event | Should -Be 'click'
        $texts = Read-AlonzoRecord -StreamName 'lines' -AsString
        ($texts | Sort-Object { ($_ | ConvertFrom-Json).n }) -join "`n" | Should -BeExactly ($lines -join "`n")
    }

    It 'keeps empty and null records, and writes objects as compact JSON' {
        New-AlonzoStream -Name 'shapes' | Out-Null
        $summary = '', $null, @{ a = 1 }, [pscustomobject]@{ b = 'x'; c = @(1, 2) }, 42 | Write-AlonzoRecord -StreamName 'shapes' -PartitionKey 'one'
        $summary.Records | Should -Be 5
        $records = Read-AlonzoRecord -StreamName 'shapes'
        $records.Text | Should -Be @('', '', '{"a":1}', '{"b":"x","c":[1,2]}', '42')
        $records[0].Data.Length | Should -Be 0
    }

    It 'stops after -First records, even while following a stream that gets no more' {
        New-AlonzoStream -Name 'first' | Out-Null
        $written = 1..20 | ForEach-Object { "first $_" }
        ($written | Write-AlonzoRecord -StreamName 'first' -PartitionKey 'one' -MaxInFlight 1).Records | Should -Be 20
        # -Follow alone never ends; with -First it ends once it has the records.
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($ModulePath, $Endpoint)
                Import-Module $ModulePath
                Read-AlonzoRecord -StreamName 'first' -From TrimHorizon -Follow -First 7 -AsString -EndpointUrl $Endpoint
            }).AddArgument($script:ModulePath).AddArgument($script:Moto.Url)
        try {
            $reading = $ps.BeginInvoke()
            $reading.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'the read ends once -First records arrived'
            $ps.EndInvoke($reading) | Should -Be ($written | Select-Object -First 7)
            $ps.HadErrors | Should -BeFalse
        } finally {
            if ($ps.InvocationStateInfo.State -eq 'Running') { $ps.Stop() }
            $ps.Dispose()
        }
    }
}

Describe 'Partial failures through the proxy' {
    BeforeAll {
        $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $script:Proxy.Url
        New-AlonzoStream -Name 'flaky' -ShardCount 2 | Out-Null
        New-AlonzoStream -Name 'poison' | Out-Null
    }
    AfterAll {
        Clear-AwsProxyRule -Proxy $script:Proxy
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    }
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'retries only the failed entries, loses nothing and keeps the order per key' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'PutRecords'; fail_put_records = @{ share = 0.3; seed = 1 } }
        $expected = @{}
        $inputs = for ($i = 0; $i -lt 3000; $i++) {
            $key = 'k{0:000}' -f ($i % 100)
            if (-not $expected.ContainsKey($key)) { $expected[$key] = [System.Collections.Generic.List[string]]::new() }
            $expected[$key].Add("msg $i")
            With-Key "msg $i" $key
        }
        $summary = $inputs | Write-AlonzoRecord -StreamName 'flaky' -PartitionKeyProperty Key -MaxInFlight 1 -MaxAttempts 30
        $summary.Records | Should -Be 3000
        $summary.Failed | Should -Be 0

        $puts = @(Get-AwsProxyCall -Proxy $script:Proxy -Operation PutRecords)
        $failedEntries = ($puts | ForEach-Object { @($_.failed_indices).Count } | Measure-Object -Sum).Sum
        $failedEntries | Should -BeGreaterThan 500 -Because 'the proxy failed about 30% of the entries'
        # Every entry the proxy failed was sent once more, and nothing else was: a resent whole batch
        # would show up here and as duplicates in the stream.
        $summary.Retried | Should -Be $failedEntries
        $summary.Batches | Should -Be $puts.Count

        Clear-AwsProxyRule -Proxy $script:Proxy
        $records = Read-AlonzoRecord -StreamName 'flaky' -EndpointUrl $script:Moto.Url
        $records.Count | Should -Be 3000
        Assert-SameOrderPerKey $expected (Group-ByKey $records)
    }

    It 'reports records that still fail after -MaxAttempts as errors that carry the record' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{ operation = 'PutRecords'; fail_put_records = @{ indices = @(0) } }
        $inputs = 'first', 'second', 'third', 'fourth'
        $summary = $inputs | Write-AlonzoRecord -StreamName 'poison' -MaxInFlight 1 -MaxAttempts 3 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RecordNotWritten,*'
        $failures[0].TargetObject | Should -BeExactly 'first'
        $failures[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failures[0].Exception.Message | Should -Match 'after 3 attempt\(s\): ProvisionedThroughputExceededException'
        $summary.Records | Should -Be 3
        $summary.Failed | Should -Be 1
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation PutRecords).Count | Should -Be 3

        Clear-AwsProxyRule -Proxy $script:Proxy
        (Read-AlonzoRecord -StreamName 'poison' -EndpointUrl $script:Moto.Url -AsString | Sort-Object) | Should -Be @('fourth', 'second', 'third')
    }
}

Describe 'Bad input is refused before any call' {
    BeforeAll {
        $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $script:Proxy.Url
        # A stream that exists, so what is refused is refused for the input, not for a missing stream.
        New-AlonzoStream -Name 'refusals' | Out-Null
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    }
    BeforeEach {
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It '<Case> fails with <ErrorId> and calls nothing' -ForEach @(
        @{ Case = 'a bad stream name'; ErrorId = 'InvalidStreamName'; Script = { 'x' | Write-AlonzoRecord -StreamName 'bad name!' } }
        @{ Case = 'a 257-character partition key'; ErrorId = 'InvalidPartitionKey'; Script = { 'x' | Write-AlonzoRecord -StreamName 'refusals' -PartitionKey ('k' * 257) } }
        @{ Case = 'a bad explicit hash key'; ErrorId = 'InvalidExplicitHashKey'; Script = { 'x' | Write-AlonzoRecord -StreamName 'refusals' -ExplicitHashKey '12ab' } }
        @{ Case = 'a record over 10 MiB'; ErrorId = 'RecordTooLarge'; Script = { , [byte[]]::new(10MB + 1) | Write-AlonzoRecord -StreamName 'refusals' } }
        @{ Case = 'a record without the key property'; ErrorId = 'InvalidPartitionKey'; Script = { [pscustomobject]@{ a = 1 } | Write-AlonzoRecord -StreamName 'refusals' -PartitionKeyProperty id } }
        @{ Case = 'reading a bad stream name'; ErrorId = 'InvalidStreamName'; Script = { Read-AlonzoRecord -StreamName 'bad/name' } }
        @{ Case = '-From AtTimestamp without -Since'; ErrorId = 'MissingSince'; Script = { Read-AlonzoRecord -StreamName 'refusals' -From AtTimestamp } }
        @{ Case = '-Since with -From Latest'; ErrorId = 'ConflictingStart'; Script = { Read-AlonzoRecord -StreamName 'refusals' -From Latest -Since (Get-Date) } }
        @{ Case = 'a shard count of 0'; ErrorId = 'InvalidShardCount'; Script = { Set-AlonzoStream -Name 'refusals' -ShardCount 0 } }
        @{ Case = 'a retention of 5 hours'; ErrorId = 'InvalidRetentionHours'; Script = { Set-AlonzoStream -Name 'refusals' -RetentionHours 5 } }
    ) {
        $result = @(try { & $Script 2>&1 } catch { $_ })
        $errors = @($result | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($errors).Count | Should -BeGreaterThan 0
        @($errors)[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        @(Get-AwsProxyCall -Proxy $script:Proxy) | Should -BeNullOrEmpty
    }

    It 'reports a record over the stream''s 1 MiB limit per record, without sending it' {
        $errors = $null
        $summary = @([byte[]]::new(1MB), 'small') | ForEach-Object { , $_ } | Write-AlonzoRecord -StreamName 'refusals' -ErrorVariable errors -ErrorAction SilentlyContinue
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'RecordTooLarge,*'
        $errors[0].TargetObject.Length | Should -Be 1MB
        $summary.Records | Should -Be 1
        $summary.Failed | Should -Be 1
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation PutRecords).Count | Should -Be 1
    }

    It 'writes nothing with -WhatIf' {
        $out = 'a', 'b' | Write-AlonzoRecord -StreamName 'refusals' -WhatIf
        $out | Should -BeNullOrEmpty
        @(Get-AwsProxyCall -Proxy $script:Proxy) | Should -BeNullOrEmpty
    }

    It 'stops with StreamNotFound when the stream does not exist, after one read' {
        { 'a', 'b' | Write-AlonzoRecord -StreamName 'missing-stream' -ErrorAction Stop } | Should -Throw -ErrorId 'StreamNotFound,*'
        @(Get-AwsProxyCall -Proxy $script:Proxy).operation | Should -Be @('DescribeStreamSummary')
    }
}

Describe 'Set-AlonzoStream against moto' {
    BeforeAll {
        $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $script:Proxy.Url
        function Get-VerboseText($Output) { ($Output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" }
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    }

    It 'goes from 1 to 4 shards in two UpdateShardCount steps, waiting for ACTIVE after each, and says so' {
        New-AlonzoStream -Name 'scale-steps' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $verbose = Set-AlonzoStream -Name 'scale-steps' -ShardCount 4 -Verbose 4>&1
        $stream = $verbose | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoStream' }
        $stream.ShardCount | Should -Be 4
        $stream.Action | Should -Be 'Updated'
        $stream.Status | Should -Be 'ACTIVE'
        $text = Get-VerboseText $verbose
        $text | Should -Match 'in 2 steps \(1 -> 2 -> 4\)'
        $text | Should -Match "(?s)resharded from 1 to 2 shards.*resharded from 2 to 4 shards"
        # The second step is asked for only after the stream was read back settled from the first.
        $calls = @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object { $_.operation -in 'UpdateShardCount', 'DescribeStreamSummary' }).operation
        $first = [array]::IndexOf($calls, 'UpdateShardCount')
        $second = [array]::LastIndexOf($calls, 'UpdateShardCount')
        $second | Should -BeGreaterThan $first
        $calls[($first + 1)..($second - 1)] | Should -Contain 'DescribeStreamSummary'
        @($calls | Where-Object { $_ -eq 'UpdateShardCount' }).Count | Should -Be 2
        (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', 'scale-steps')).StreamDescriptionSummary.OpenShardCount | Should -Be 4
    }

    It 'changes nothing when the stream already is as asked: Unchanged, no write' {
        New-AlonzoStream -Name 'scale-same' -ShardCount 4 | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $stream = Set-AlonzoStream -Name 'scale-same' -ShardCount 4 -RetentionHours 24
        $stream.Action | Should -Be 'Unchanged'
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating) | Should -BeNullOrEmpty
    }

    It 'changes only the retention when only the retention differs' {
        New-AlonzoStream -Name 'scale-retention' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $stream = 'scale-retention' | Set-AlonzoStream -RetentionHours 48
        $stream.RetentionHours | Should -Be 48
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating).operation | Should -Be @('IncreaseStreamRetentionPeriod')
        (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', 'scale-retention')).StreamDescriptionSummary.RetentionPeriodHours | Should -Be 48
    }

    It 'switches to on-demand and back to provisioned with a shard count' {
        New-AlonzoStream -Name 'scale-mode' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        (Set-AlonzoStream -Name 'scale-mode' -OnDemand).Mode | Should -Be 'ON_DEMAND'
        { Set-AlonzoStream -Name 'scale-mode' -ShardCount 2 -ErrorAction Stop } | Should -Throw -ErrorId 'StreamIsOnDemand,*'
        $back = Set-AlonzoStream -Name 'scale-mode' -Provisioned -ShardCount 2
        $back.Mode | Should -Be 'PROVISIONED'
        $back.ShardCount | Should -Be 2
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation UpdateStreamMode).Count | Should -Be 2
    }

    It 'asks nothing and changes nothing with -WhatIf' {
        New-AlonzoStream -Name 'scale-whatif' | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        Set-AlonzoStream -Name 'scale-whatif' -ShardCount 8 -WhatIf | Should -BeNullOrEmpty
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating) | Should -BeNullOrEmpty
        (Invoke-AwsCli -Service $script:Moto -Arguments @('kinesis', 'describe-stream-summary', '--stream-name', 'scale-whatif')).StreamDescriptionSummary.OpenShardCount | Should -Be 1
    }

    It 'reports a missing stream as StreamNotFound' {
        { Set-AlonzoStream -Name 'nowhere' -ShardCount 2 -ErrorAction Stop } | Should -Throw -ErrorId 'StreamNotFound,*'
    }
}

Describe 'Resharding against kinesalite' {
    BeforeAll {
        $PSDefaultParameterValues['*-Alonzo*:EndpointUrl'] = $script:Kinesalite.Url
    }
    AfterAll {
        $PSDefaultParameterValues.Remove('*-Alonzo*:EndpointUrl')
    }

    It 'writes, reshards 1 -> 2 -> 4, writes, and reads everything back in order per key, parents first' {
        New-AlonzoStream -Name 'reshard' | Out-Null
        $keys = 0..19 | ForEach-Object { "key-$_" }
        $expected = @{}
        foreach ($k in $keys) { $expected[$k] = [System.Collections.Generic.List[string]]::new() }
        $batch = {
            param($From, $To)
            for ($i = $From; $i -lt $To; $i++) {
                $key = $keys[$i % 20]
                $expected[$key].Add("event $i")
                With-Key "event $i" $key
            }
        }
        # kinesalite serialises PutRecords properly, so the writer's parallel calls are used here.
        (& $batch 0 3000 | Write-AlonzoRecord -StreamName 'reshard' -PartitionKeyProperty Key -MaxInFlight 8).Records | Should -Be 3000
        $verbose = Set-AlonzoStream -Name 'reshard' -ShardCount 4 -Verbose 4>&1
        ($verbose | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoStream' }).ShardCount | Should -Be 4
        $text = ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
        $text | Should -Match 'SplitShard and MergeShards'
        $text | Should -Match '(?s)resharded from 1 to 2 shards.*resharded from 2 to 4 shards'
        # The stream's lineage, as another client reads it: one parent, split in two, each split in two again.
        $shards = @((Invoke-AwsCli -Service $script:Kinesalite -Arguments @('kinesis', 'list-shards', '--stream-name', 'reshard')).Shards)
        $shards.Count | Should -Be 7
        $root = @($shards | Where-Object { -not $_.PSObject.Properties['ParentShardId'] })
        $root.ShardId | Should -Be 'shardId-000000000000'
        $children = @($shards | Where-Object { $_.PSObject.Properties['ParentShardId'] -and $_.ParentShardId -eq $root[0].ShardId })
        $children.Count | Should -Be 2
        $open = @($shards | Where-Object { -not $_.SequenceNumberRange.PSObject.Properties['EndingSequenceNumber'] })
        $open.Count | Should -Be 4
        @($open | Where-Object { $children.ShardId -contains $_.ParentShardId }).Count | Should -Be 4
        @($open.ParentShardId | Select-Object -Unique).Count | Should -Be 2
        # Four equal quarters of the hash key space, end to end.
        $quarter = [System.Numerics.BigInteger]::Pow(2, 126)
        $starts = $open | ForEach-Object { [System.Numerics.BigInteger]::Parse($_.HashKeyRange.StartingHashKey) } | Sort-Object
        $starts | Should -Be @(0..3 | ForEach-Object { $quarter * $_ })
        (& $batch 3000 6000 | Write-AlonzoRecord -StreamName 'reshard' -PartitionKeyProperty Key -MaxInFlight 8).Records | Should -Be 3000

        $records = Read-AlonzoRecord -StreamName 'reshard'
        $records.Count | Should -Be 6000
        Assert-SameOrderPerKey $expected (Group-ByKey $records)
        # The parent has the first write; the second went to the four open children only.
        ($records | Where-Object ShardId -eq 'shardId-000000000000').Count | Should -Be 3000
        @($records | Select-Object -Skip 3000 | Select-Object -ExpandProperty ShardId -Unique).Count | Should -Be 4
    }

    It 'keeps a -Follow reader going across a reshard, and stops it promptly' {
        New-AlonzoStream -Name 'live' | Out-Null
        $ps = [powershell]::Create()
        $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $none = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $none.Complete()
        [void] $ps.AddScript({
                param($Module, $Endpoint)
                Import-Module $Module
                Read-AlonzoRecord -StreamName 'live' -Follow -EndpointUrl $Endpoint
            }).AddArgument($script:ModulePath).AddArgument($script:Kinesalite.Url)
        $async = $ps.BeginInvoke($none, $out)
        try {
            $expected = @{}
            $write = {
                param($From, $To)
                $items = for ($i = $From; $i -lt $To; $i++) {
                    $key = "k$($i % 5)"
                    if (-not $expected.ContainsKey($key)) { $expected[$key] = [System.Collections.Generic.List[string]]::new() }
                    $expected[$key].Add("live $i")
                    With-Key "live $i" $key
                }
                $items | Write-AlonzoRecord -StreamName 'live' -PartitionKeyProperty Key | Out-Null
            }
            & $write 0 200
            Set-AlonzoStream -Name 'live' -ShardCount 2 | Out-Null
            & $write 200 400
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($out.Count -lt 400 -and [DateTime]::UtcNow -lt $deadline -and -not $async.IsCompleted) { Start-Sleep -Milliseconds 100 }
            # Indexing, not enumerating: the enumerator of an open PSDataCollection waits for more data.
            $errors = @(for ($i = 0; $i -lt $ps.Streams.Error.Count; $i++) { "$($ps.Streams.Error[$i])" })
            $out.Count | Should -Be 400 -Because "the reader should see both writes ($($errors -join '; '))"
            $received = @(for ($i = 0; $i -lt $out.Count; $i++) { $out[$i] })
            Assert-SameOrderPerKey $expected (Group-ByKey $received)
            $async.IsCompleted | Should -BeFalse -Because '-Follow keeps reading'

            # A follow never ends by itself: ending within the bound at all is the stop's doing.
            Stop-TestPipeline -PowerShell $ps | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
    }
}
