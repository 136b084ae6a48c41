@{
    Synopsis    = 'Writes pipeline input into a Kinesis stream as records, batched with PutRecords, and reports what was written.'

    Description = @'
Write-AlonzoRecord takes records from the pipeline (or -InputObject) and writes them into the stream named by -StreamName. Each input object becomes one record: a string is written as its UTF-8 bytes, a byte array as it is, and any other object (a hashtable, [ordered] dictionary, PSCustomObject, array, number, or another .NET object) as compact JSON, the way ConvertTo-Json -Compress writes it. $null and the empty string become records with empty data, which Kinesis allows. Each line of Get-Content is one record, so Get-Content events.jsonl | Write-AlonzoRecord -StreamName alonzo sends a file of JSON lines.

Records are sent as they arrive, in PutRecords calls of up to 500 records and at most 5 MiB of data plus partition keys (10 MiB for streams that report a larger maximum record size), several calls at a time (-MaxInFlight). The command does not collect its input first: it holds at most 1,000 records (two calls' worth, and at most 8 MiB or one full call) that are waiting to be sent, and makes the upstream command wait while that queue is full, so memory stays flat however many records flow through. A record that arrives alone is sent within 50 milliseconds.

Partition keys. Without -PartitionKey or -PartitionKeyProperty every record gets a random 16-character key, which spreads the records evenly over the shards. -PartitionKey gives all records one key; -PartitionKeyProperty takes each record's key from a property of the input object (or a key of a hashtable, or a note property such as the ones Get-Content adds to its lines). Records with the same partition key go to the same shard and are written in the order they came in, also when Kinesis rejects some entries of a call: a key has at most one record in flight at a time, so a retried record is never overtaken by a later one with the same key. Many distinct keys (or the random default) let every call carry 500 records; a single key for everything means one record per call, which is Kinesis's own advice for strictly ordered writes.

Failures. Kinesis accepts a PutRecords call but may reject some of its entries (FailedRecordCount), mostly with ProvisionedThroughputExceededException when a shard takes more than 1 MB or 1,000 records a second, or with InternalFailure. Only the rejected entries are sent again, with exponential backoff (100 ms doubling up to 5 seconds, with jitter), and fewer calls run at once while Kinesis throttles. A record still rejected after -MaxAttempts attempts is written as a non-terminating error with the id RecordNotWritten whose TargetObject is the original input object, so it can be collected with -ErrorVariable and sent again. Entries rejected for reasons a retry cannot fix (KMS access denied, for example) are reported at once. Nothing is dropped silently: every input object is either written, counted in the summary and reported, or reported as an error.

Checks before any call. The stream name (InvalidStreamName), -PartitionKey (1 to 256 characters; InvalidPartitionKey) and -ExplicitHashKey (InvalidExplicitHashKey) are checked first, with one terminating error. Each record is then checked on its own: its partition key (InvalidPartitionKey, also when -PartitionKeyProperty finds no value) and its size (RecordTooLarge: data plus partition key over 10 MiB, the most any stream accepts). A record with an error is not sent; the others are. Before the first record is sent the command reads the stream once (DescribeStreamSummary): a missing stream stops the command with StreamNotFound, a stream that is still CREATING is waited for, and the stream's maximum record size (1 MiB unless it was raised) applies to every record from then on (RecordTooLarge).

When the input ends the command waits for the last calls and retries and writes one summary object. When Kinesis refuses the whole stream (it was deleted, access is denied, the credentials are rejected) the command reports every record that was not written and stops with that error.
'@

    Parameters  = @{
        StreamName           = @'
The stream to write to: 1 to 128 letters, digits, underscores, periods or hyphens. It is not taken from the pipeline, so that records read from one stream (which have a StreamName property) cannot redirect the writes. Press Tab to complete stream names.
'@
        InputObject          = @'
The records. From the pipeline, each object is one record. As an argument, an array is several records (Write-AlonzoRecord alonzo -InputObject 'a', 'b'). Strings are written as UTF-8, byte arrays as they are (pipe a byte array with a leading comma, ,$bytes | Write-AlonzoRecord ..., or pass it to -InputObject, because the pipeline would otherwise send it byte by byte), other objects as compact JSON; objects that are not hashtables or PSCustomObjects are written with their properties, two levels deep. $null and '' become empty records.
'@
        PartitionKey         = @'
One partition key for every record, 1 to 256 characters. All records then go to one shard, in order, one record per call (see the description for why). Use -PartitionKeyProperty for a key per record, or neither for random keys that spread the load.
'@
        PartitionKeyProperty = @'
The name of the property (or hashtable key) of each input object that holds its partition key, for example -PartitionKeyProperty deviceId. The value is converted to a string and must be 1 to 256 characters; a record without it is reported with InvalidPartitionKey and not sent. Records with the same key keep their order.
'@
        ExplicitHashKey      = @'
A hash key, a whole number from 0 to 2^128-1 in decimal, that decides the shard instead of the MD5 hash of the partition key: the record goes to the shard whose hash key range contains it. Applies to every record.
'@
        MaxInFlight          = @'
How many PutRecords calls may run at once, 1 to 64 (4 by default). More calls in flight help when the endpoint is far away or has many shards; the command halves the number while Kinesis throttles and raises it again as calls go through. Use 1 for an endpoint that cannot take parallel writes (moto, for example, loses records of parallel calls to the same shard).
'@
        MaxAttempts          = @'
How many times a record is sent before it is reported as not written (RecordNotWritten), 1 to 100, counting the first attempt (8 by default, about 10 seconds of backoff). Whole calls that fail with a network error or a server error are first retried by the AWS retry settings (AWS_MAX_ATTEMPTS), then count as one attempt for each of their records.
'@
        TimeoutSec           = @'
How long to wait for a stream that is still CREATING to become ACTIVE before the first record is sent, in seconds (180 by default). When the time is up the command fails with WaitTimedOut.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoWriteSummary' = @'
One object when the input ends: StreamName; Records (accepted by Kinesis); Bytes (their data plus partition keys, what Kinesis counts); Batches (PutRecords calls, retries included); Retried (record attempts repeated after a partial failure); Failed (records not written: rejected before sending, or still failing after -MaxAttempts; each also has an error record); Elapsed; RecordsPerSecond.
'@
    }

    Examples    = @(
        @{
            Title   = 'Send a test record'
            Code    = @'
PS> 'hello from alonzo' | Write-AlonzoRecord -StreamName alonzo

StreamName Records   Bytes Batches Retried Failed   Elapsed Records/s
---------- -------   ----- ------- ------- ------   ------- ---------
alonzo           1      33       1       0      0      0.1s        10
'@
            Remarks = @'
The string is written as UTF-8 with a random partition key. The summary says it was accepted. Read it back with Read-AlonzoRecord -StreamName alonzo.
'@
        }
        @{
            Title   = 'Send a file of JSON lines'
            Code    = @'
PS> Get-Content ./events.jsonl | Write-AlonzoRecord -StreamName alonzo

StreamName Records     Bytes Batches Retried Failed   Elapsed Records/s
---------- -------     ----- ------- ------- ------   ------- ---------
alonzo      250000  24391283     500       0      0      6.2s    40,322
'@
            Remarks = @'
Each line is one record. Get-Content streams the file, and Write-AlonzoRecord sends full batches while the file is still being read, so a large file needs no more memory than a small one.
'@
        }
        @{
            Title   = 'Keep the order of each device''s events'
            Code    = @'
PS> Import-Csv ./readings.csv | Write-AlonzoRecord -StreamName telemetry -PartitionKeyProperty deviceId
'@
            Remarks = @'
Each row becomes a JSON record whose partition key is its deviceId. A device's readings land in one shard in the order of the file, even when Kinesis throttles some entries and they are sent again.
'@
        }
        @{
            Title   = 'Collect the records that could not be written and send them again'
            Code    = @'
PS> $summary = $events | Write-AlonzoRecord -StreamName clicks -ErrorVariable failed -ErrorAction SilentlyContinue
PS> $summary.Failed
12
PS> $failed | Where-Object { $_.FullyQualifiedErrorId -like 'RecordNotWritten*' } | ForEach-Object TargetObject |
>>     Write-AlonzoRecord -StreamName clicks -MaxInFlight 1
'@
            Remarks = @'
A record that Kinesis still refuses after -MaxAttempts attempts (for example because the shards are overloaded) is an error whose TargetObject is the original input object. Writing the targets again, more slowly, retries exactly those records.
'@
        }
        @{
            Title   = 'Write binary data'
            Code    = @'
PS> $bytes = [System.IO.File]::ReadAllBytes('./frame.bin')
PS> Write-AlonzoRecord -StreamName frames -InputObject $bytes -PartitionKey camera-1
'@
            Remarks = @'
A byte array is written exactly as it is. Pass it with -InputObject (or pipe it as ,$bytes) so that PowerShell does not send it one byte at a time.
'@
        }
    )

    Notes       = @'
Write-AlonzoRecord supports -WhatIf and -Confirm (ConfirmImpact Low). The question is asked once for the whole run, not per record; with -WhatIf nothing is read or written and no summary is output.

Kinesis bills PUT payload units of 25 KB per record, so many tiny records cost more than fewer larger ones. Each shard takes at most 1 MB or 1,000 records a second; when writes come faster, Kinesis throttles, and Write-AlonzoRecord slows down and retries. Add shards with Set-AlonzoStream -ShardCount.

Memory. The process grows by a fixed amount while records are written (about 45 MB in PowerShell 7 on .NET 10: the HTTP and signing code, and the runtime's first-generation allocation budget, which .NET sizes from the CPU cache), not with the number of records. Where memory is tight, as in a small container, start pwsh with DOTNET_GCgen0size=0x400000 and DOTNET_TieredPGO=0 in its environment: that takes about 10 MB off. They are settings of the whole .NET process, which is why Write-AlonzoRecord cannot choose them for you.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Read-AlonzoRecord', 'Set-AlonzoStream', 'New-AlonzoStream')
}
