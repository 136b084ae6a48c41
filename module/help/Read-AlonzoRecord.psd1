@{
    Synopsis    = 'Reads the records of a Kinesis stream from every shard, in order per partition key, once or continuously.'

    Description = @'
Read-AlonzoRecord reads the stream named by -StreamName and outputs one Alonzo.AlonzoRecord object per record: the shard, sequence number, partition key, approximate arrival time, the data as bytes, and the data as text when it is valid UTF-8. With -AsString it outputs only the text; with -AsObject it parses each record as JSON and outputs PSCustomObjects, as ConvertFrom-Json would.

Every shard is read, including closed shards left by resharding that are still within the retention period (ListShards, all pages). A shard is read only after every parent it has has been read to its end (GetRecords returns no further iterator), so a partition key's records come out in the order they were written, across any number of splits and merges. Shards without a parent relation are read side by side, so records of different keys interleave. -ShardId reads only the shards named, and not their children.

-From chooses where each shard starts: TrimHorizon (the default, the oldest record still retained), Latest (only records written after the command starts; closed shards are skipped), or AtTimestamp with -Since (records that arrived at or after that time; -Since alone implies it). Shards created while the command runs (by a reshard) are read from their start.

Without -Follow the command ends when every shard has been read to its end or has caught up (a GetRecords call returns no records and MillisBehindLatest 0). With -Follow it keeps polling for new records until Ctrl+C (or until -First records were output), picks up the children of shards that close while it reads, and reads the shard list again every 10 seconds. -First n ends the command after n records, and stops its polling at once.

The reading stays within the Kinesis read limits of each shard: at most five GetRecords calls a second (one every 200 ms) and 2 MB a second (a call that returned a lot is followed by a longer pause), at most -Limit records per call (10,000), and a shard that has caught up is asked about once a second. When Kinesis throttles anyway (ProvisionedThroughputExceededException, for example because another consumer reads the same shard), the command backs off and keeps going. A shard iterator that expired (ExpiredIteratorException, after five minutes without a call, for example while the pipeline was paused) is replaced by one that starts after the last record read, so nothing is repeated or skipped.
'@

    Parameters  = @{
        StreamName = @'
The stream to read. Accepts pipeline input, including objects with a StreamName or Name property such as the output of Get-AlonzoStream. Press Tab to complete stream names.
'@
        From       = @'
Where to start in each shard: TrimHorizon (the oldest retained record; the default), Latest (only records written from now on), or AtTimestamp (records that arrived at or after -Since, which is then required; error MissingSince). -Since with TrimHorizon or Latest is refused (ConflictingStart).
'@
        Since      = @'
Read records that arrived at or after this time (their ApproximateArrivalTimestamp), for example (Get-Date).AddMinutes(-10). Implies -From AtTimestamp. A time without a kind is taken as local time.
'@
        First      = @'
Stop after this many records have been output (errors for records -AsString or -AsObject could not convert do not count). Polling stops at once, and further stream names from the pipeline are not read.
'@
        Follow     = @'
Keep reading new records as they arrive, like tail -f, until Ctrl+C or -First. Idle shards are asked about once a second; shards created by a reshard while following are picked up after their parents.
'@
        AsString   = @'
Output each record's data as text (UTF-8) instead of record objects. A record that is not valid UTF-8 is reported with the error RecordNotText and skipped.
'@
        AsObject   = @'
Parse each record's data as JSON and output the result: PSCustomObjects for JSON objects, arrays for JSON arrays (one output object per record, not unrolled), and plain values for strings, numbers and booleans. A record that is not JSON is reported with the error RecordNotJson and skipped.
'@
        ShardId    = @'
Read only these shards, for example shardId-000000000001. Their children are not followed. A shard the stream does not have fails the command with ShardNotFound before anything is read.
'@
        Limit      = @'
The most records one GetRecords call returns, 1 to 10,000 (the default, the Kinesis maximum). Smaller calls lower the memory used for large records, at the cost of more calls.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoRecord'                      = @'
The default output: StreamName, ShardId, SequenceNumber, PartitionKey, ApproximateArrivalTimestamp, Data (the bytes as written) and Text (the data as a string when it is valid UTF-8, otherwise null).
'@
        'System.String'                            = @'
With -AsString: each record's text.
'@
        'System.Management.Automation.PSObject'   = @'
With -AsObject: each record parsed as JSON.
'@
    }

    Examples    = @(
        @{
            Title   = 'Read everything in a stream'
            Code    = @'
PS> Read-AlonzoRecord -StreamName alonzo

ShardId                SequenceNumber PartitionKey     Arrived             Text
-------                -------------- ------------     -------             ----
shardId-000000000000 …58798946615298 4f0c3a1e9b7d2c55 2026-01-02 10:15:02 hello from alonzo
shardId-000000000000 …58798946615299 device-7         2026-01-02 10:15:03 {"deviceId":"device-7","t":21.5}
'@
            Remarks = @'
All records still retained, every shard, parents before children. The command ends when it has caught up.
'@
        }
        @{
            Title   = 'Follow new records as they arrive'
            Code    = @'
PS> Read-AlonzoRecord -StreamName alonzo -From Latest -Follow -AsString
'@
            Remarks = @'
Prints each new record's text until Ctrl+C, which stops the command at once. Resharding while it runs is followed.
'@
        }
        @{
            Title   = 'Look at the last ten minutes as objects'
            Code    = @'
PS> Read-AlonzoRecord -StreamName telemetry -Since (Get-Date).AddMinutes(-10) -AsObject |
>>     Group-Object deviceId | Sort-Object Count -Descending | Select-Object -First 5 Name, Count
'@
            Remarks = @'
Each JSON record becomes a PSCustomObject, so the usual PowerShell commands can summarise the stream's content.
'@
        }
        @{
            Title   = 'Check that a test record arrived'
            Code    = @'
PS> 'ping' | Write-AlonzoRecord -StreamName alonzo -PartitionKey probe | Out-Null
PS> Read-AlonzoRecord -StreamName alonzo | Where-Object PartitionKey -eq probe | Select-Object -Last 1 Text, ShardId
'@
            Remarks = @'
Writes a record and reads it back, as in the end-to-end check of the Alonzo workflow.
'@
        }
    )

    Notes       = @'
Read-AlonzoRecord only reads; it changes nothing and has no -WhatIf. Each GetRecords call counts against the shard's read limits, which other consumers of the stream (an event source mapping, for example) share: a reader of the same shards may see ProvisionedThroughputExceededException more often while this command runs.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Write-AlonzoRecord', 'Set-AlonzoStream', 'Get-AlonzoStream')
}
