@{
    Synopsis    = 'Changes an existing stream''s shard count, capacity mode or retention, only where it differs, and waits until it is ACTIVE again.'

    Description = @'
Set-AlonzoStream converges an existing stream to what is asked: the number of shards of a provisioned stream (-ShardCount), the capacity mode (-OnDemand, or -Provisioned with an optional -ShardCount), and the retention period (-RetentionHours). It reads the stream first and changes only what differs; when nothing differs it makes no change at all and returns the stream with Action Unchanged. Otherwise it returns the stream as it is after the changes, with Action Updated.

Shard counts are changed with UpdateShardCount and uniform scaling. Kinesis allows at most double or half the open shards in one call, so a larger change is made in steps (1 to 8 shards: 2, 4, 8; 8 to 1: 4, 2, 1), each followed by a wait for ACTIVE; -Verbose names the steps. Endpoints that have SplitShard and MergeShards but no UpdateShardCount (kinesalite, for one) are resharded with those instead: the widest shard is split at its middle, or the narrowest adjacent pair merged, until the count is reached.

The capacity mode is changed with UpdateStreamMode. Switching to provisioned keeps the shards the on-demand stream has, then applies -ShardCount if given. -ShardCount on an on-demand stream without -Provisioned is refused with StreamIsOnDemand, because Kinesis sets the shard count of on-demand streams itself. Retention is changed with IncreaseStreamRetentionPeriod or DecreaseStreamRetentionPeriod.

After each change the command waits until the stream is ACTIVE again (Kinesis takes the next change only then), polling DescribeStreamSummary with a progress bar; with -NoWait it does not wait after the last change. A stream that is CREATING or UPDATING is waited for before the first change; one that is DELETING fails with StreamBeingDeleted, a missing one with StreamNotFound.

Writers and readers keep working while a stream is resharded: the stream stays readable and writable while UPDATING, and Read-AlonzoRecord reads a closed parent shard to its end before its children, so records of one partition key stay in order.

All input is checked before any call: the name (InvalidStreamName), the shard count (1 or more; InvalidShardCount) and the retention (24 to 8760 hours; InvalidRetentionHours).
'@

    Parameters  = @{
        Name           = @'
The stream to change. Accepts pipeline input, including objects with a Name or StreamName property such as the output of Get-AlonzoStream. Press Tab to complete stream names.
'@
        ShardCount     = @'
The number of open shards the provisioned stream should have. Changes of more than double or half are made in steps. Each shard takes 1 MB/s or 1,000 records/s of writes and costs money every hour. Kinesis limits how often a stream can be rescaled (by default 10 times in 24 hours) and the shards per account; such refusals are reported as errors.
'@
        OnDemand       = @'
Switch the stream to on-demand capacity, where Kinesis scales the shards itself and bills per use. Kinesis allows two switches between the modes in 24 hours.
'@
        Provisioned    = @'
Switch an on-demand stream to provisioned capacity. It keeps its current shards; add -ShardCount to change their number afterwards.
'@
        RetentionHours = @'
How long records stay readable, 24 to 8760 hours. Lowering it makes older records unreadable at once.
'@
        NoWait         = @'
Do not wait for the stream to become ACTIVE after the last change; the stream is returned as it is then (usually UPDATING). Steps before the last one are still waited for, because Kinesis takes a change only on an ACTIVE stream.
'@
        TimeoutSec     = @'
How long each wait for ACTIVE may take, in seconds (600 by default: resharding a large stream can take several minutes). When the time is up the command fails with WaitTimedOut; the change usually completes later.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoStream' = @'
The stream after the changes: StreamName, StreamArn, Status, Mode, ShardCount (open shards), RetentionHours, Encryption, Region, CreatedAt, and Action: Updated when something was changed, Unchanged when nothing differed. Nothing is written with -WhatIf when something would change, nor when every change was declined.
'@
    }

    Examples    = @(
        @{
            Title   = 'Go from one shard to four'
            Code    = @'
PS> Set-AlonzoStream -Name alonzo -ShardCount 4 -Verbose
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: Performing the operation "change shard count 1 -> 4 (2 steps: 2, 4)" on target "alonzo".
VERBOSE: Kinesis changes a stream to at most double or half its open shards per call; going from 1 to 4 shards in 2 steps (1 -> 2 -> 4).
VERBOSE: Kinesis UpdateShardCount
VERBOSE: Stream 'alonzo' resharded from 1 to 2 shards.
VERBOSE: Kinesis UpdateShardCount
VERBOSE: Stream 'alonzo' resharded from 2 to 4 shards.

StreamName Status Mode        Shards Retention Region    Action
---------- ------ ----        ------ --------- ------    ------
alonzo     ACTIVE PROVISIONED      4       24h eu-west-1 Updated
'@
            Remarks = @'
Two UpdateShardCount calls, each followed by a wait for ACTIVE (the DescribeStreamSummary polls are left out above).
'@
        }
        @{
            Title   = 'Run it again: nothing to do'
            Code    = @'
PS> Set-AlonzoStream -Name alonzo -ShardCount 4

StreamName Status Mode        Shards Retention Region    Action
---------- ------ ----        ------ --------- ------    ------
alonzo     ACTIVE PROVISIONED      4       24h eu-west-1 Unchanged
'@
            Remarks = @'
The stream already has four shards: no change is made. Set-AlonzoStream is safe to run from a deployment script every time.
'@
        }
        @{
            Title   = 'Preview the changes, each on its own line'
            Code    = @'
PS> Set-AlonzoStream -Name alonzo -ShardCount 2 -RetentionHours 48 -WhatIf
What if: Performing the operation "change shard count 1 -> 2" on target "alonzo".
What if: Performing the operation "set retention 24 -> 48 hours" on target "alonzo".
'@
            Remarks = @'
The stream is read, so only what differs is listed. With -Confirm the same two questions are asked one after the other, and answering No to one leaves that setting as it is while the other is still changed.
'@
        }
        @{
            Title   = 'Keep a week of records on every stream of a project'
            Code    = @'
PS> Get-AlonzoStream 'orders-*' | Set-AlonzoStream -RetentionHours 168
'@
            Remarks = @'
Streams bind by property name; only those whose retention differs are changed.
'@
        }
        @{
            Title   = 'Switch to on-demand, and back to two provisioned shards'
            Code    = @'
PS> Set-AlonzoStream -Name clicks -OnDemand
PS> Set-AlonzoStream -Name clicks -Provisioned -ShardCount 2
'@
            Remarks = @'
On-demand streams scale themselves; switching back keeps their shards and then reshards to two.
'@
        }
    )

    Notes       = @'
Set-AlonzoStream supports -WhatIf and -Confirm (ConfirmImpact Medium). It asks change by change, one prompt per change with the stream as target: "switch capacity mode PROVISIONED -> ON_DEMAND", "change shard count 1 -> 4 (2 steps: 2, 4)" and "set retention 24 -> 48 hours". Only the approved changes are made; when every change is declined, nothing is changed and nothing is returned. With -WhatIf it still reads the stream and shows the same lines, one "What if:" line per change, and returns nothing.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'New-AlonzoStream', 'Get-AlonzoStream', 'Read-AlonzoRecord', 'Write-AlonzoRecord')
}
