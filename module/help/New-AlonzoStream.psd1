@{
    Synopsis    = 'Creates a Kinesis data stream if it is missing, and waits until it is ACTIVE.'

    Description = @'
New-AlonzoStream converges: when no stream of that name exists in the region, it creates one (one shard by default, -ShardCount shards, or on-demand with -OnDemand, tagged with -Tag) and waits until the stream is ACTIVE; when the stream already exists it is returned as it is, with Action Unchanged, so the command can run again and again in a script. The output object's Action property says which happened: Created or Unchanged.

An existing stream is never modified. When it differs from what was asked for (capacity mode, shard count or retention), New-AlonzoStream writes a warning that names each difference and leaves the stream alone. When it exists but is still CREATING or UPDATING, the command waits for it to become ACTIVE. When it is DELETING, the command fails with the error StreamBeingDeleted: wait with Remove-AlonzoStream -Wait and run the command again.

All input is checked before any call to AWS, so nothing is half-created: the stream name (1 to 128 letters, digits, '_', '.' or '-'; otherwise InvalidStreamName), the shard count (1 or more; InvalidShardCount), the retention (24 to 8760 hours; InvalidRetentionHours) and the tags (at most 50, keys of 1 to 128 characters not starting with 'aws:', values of at most 256 characters; InvalidTag). Then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint).

The wait polls DescribeStreamSummary quickly at first (after a quarter of a second), then backing off to the 10 seconds of the Kinesis StreamExists waiter, shows a progress bar, and gives up after -TimeoutSec seconds (180 by default, the waiter's 3 minutes) with the error WaitTimedOut; the stream keeps being created and a later run returns it. If the stream disappears or starts deleting during the wait, the command fails with StreamNotActive. Ctrl+C stops the wait at once.

Tags are sent with the create call, so tag-based access policies apply from the start. Because some endpoints ignore them there, the command then reads the new stream's tags (ListTagsForStream) and adds those that are missing (AddTagsToStream, 10 per call). -RetentionHours is applied after creation, because Kinesis sets retention only on an ACTIVE stream. With -Tag or -RetentionHours the command therefore waits for ACTIVE even with -NoWait.

If another caller creates the same stream between this command's check and its create call, Kinesis answers ResourceInUseException and the command uses that stream (Action Unchanged) instead of failing.

Failures are non-terminating errors, one per input name, with the name as the target object, so a pipeline of names continues past a bad one. Use -Verbose to see each call to AWS and what was decided: "Stream 'alonzo' already exists (ACTIVE, PROVISIONED, 1 open shard(s)); left as it is.", "Creating stream 'alonzo' (1 shard(s)).", "Retention of stream 'alonzo' set to 48 hours (was 24)."
'@

    Parameters  = @{
        Name           = @'
The name of the stream: 1 to 128 letters, digits, underscores, periods or hyphens, unique per account and region. Accepts pipeline input, including objects with a Name or StreamName property.
'@
        ShardCount     = @'
The number of shards of a provisioned stream when it is created (1 by default). Each shard takes 1 MB/s or 1,000 records/s of writes and costs money every hour. It is not applied to an existing stream; a different count there only produces a warning.
'@
        OnDemand       = @'
Create the stream in on-demand capacity mode, where Kinesis scales the shards itself and bills per use. Cannot be combined with -ShardCount.
'@
        RetentionHours = @'
How long records stay readable, in hours, from 24 (the Kinesis default) to 8760 (365 days). Applied after the stream is created; an existing stream's retention is not changed (a different value only produces a warning). Retention beyond 24 hours is billed extra.
'@
        Tag            = @'
Tags for a new stream, as a hashtable such as @{ team = 'data'; env = 'dev' }. Values are converted to strings. At most 50 tags; keys are 1 to 128 characters and must not start with 'aws:', values are at most 256 characters. The tags are sent with the create call and checked once the stream is ACTIVE; missing ones are added. Tags are not applied to an existing stream.
'@
        NoWait         = @'
Return as soon as Kinesis has accepted the create call, with the stream as it is then (usually CREATING), instead of waiting for ACTIVE. With -Tag or -RetentionHours the command still waits for ACTIVE once, because tags are checked and retention is set on the ACTIVE stream.
'@
        TimeoutSec     = @'
How long to wait for the stream to become ACTIVE, in seconds. When the time is up the command fails with the error WaitTimedOut; the stream is not deleted and usually becomes ACTIVE later.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoStream' = @'
The stream: StreamName, StreamArn, Status (CREATING, ACTIVE, UPDATING or DELETING), Mode (PROVISIONED or ON_DEMAND), ShardCount (open shards), RetentionHours, Encryption, Region, CreatedAt, and Action (Created when this command created it, Unchanged when it already existed). It binds by property name to other Alonzo cmdlets' -Name/-StreamName parameters.
'@
    }

    Examples    = @(
        @{
            Title   = 'Create a stream, or reuse it if it exists'
            Code    = @'
PS> New-AlonzoStream -Name alonzo

StreamName Status Mode        Shards Retention Region    Action
---------- ------ ----        ------ --------- ------    ------
alonzo     ACTIVE PROVISIONED      1       24h eu-west-1 Created

PS> New-AlonzoStream -Name alonzo

StreamName Status Mode        Shards Retention Region    Action
---------- ------ ----        ------ --------- ------    ------
alonzo     ACTIVE PROVISIONED      1       24h eu-west-1 Unchanged
'@
            Remarks = @'
The first run creates a one-shard stream and returns once it is ACTIVE. The second run finds the stream and returns it unchanged, without creating anything: New-AlonzoStream is safe to put at the top of a deployment script.
'@
        }
        @{
            Title   = 'Create an on-demand stream with a week of retention and tags'
            Code    = @'
PS> New-AlonzoStream -Name clicks -OnDemand -RetentionHours 168 -Tag @{ team = 'web'; env = 'dev' } -Verbose
VERBOSE: Using region eu-west-1 and credentials from profile 'default' (...).
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: Performing the operation "Create on-demand Kinesis stream" on target "clicks".
VERBOSE: Kinesis CreateStream
VERBOSE: Creating stream 'clicks' (on-demand).
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: Kinesis ListTagsForStream
VERBOSE: Kinesis AddTagsToStream
VERBOSE: Tagged stream 'clicks': env, team.
VERBOSE: Kinesis IncreaseStreamRetentionPeriod
VERBOSE: Retention of stream 'clicks' set to 168 hours (was 24).
VERBOSE: Kinesis DescribeStreamSummary

StreamName Status Mode      Shards Retention Region    Action
---------- ------ ----      ------ --------- ------    ------
clicks     ACTIVE ON_DEMAND      4      168h eu-west-1 Created
'@
            Remarks = @'
The verbose lines show every call and what the command decided. The tags are sent with CreateStream; once the stream is ACTIVE the command reads them back and adds any the endpoint did not apply (here an emulator that ignores tags on create). Then retention is raised and the command waits for the stream to settle again.
'@
        }
        @{
            Title   = 'Create the stream and map it to a function in one pipeline'
            Code    = @'
PS> New-AlonzoStream alonzo | Add-AlonzoEventMapping -FunctionName alonzo
'@
            Remarks = @'
The intended composition of the Alonzo workflow (see about_Alonzo): the AlonzoStream object binds by property name to the next cmdlet, here the event source mapping that makes the Lambda function alonzo read the stream. Run Get-Command -Module Alonzo to see which workflow cmdlets your version contains.
'@
        }
        @{
            Title   = 'Create several streams from names on the pipeline without waiting'
            Code    = @'
PS> 'orders', 'payments' | New-AlonzoStream -ShardCount 2 -NoWait | Select-Object StreamName, Status, Action

StreamName Status   Action
---------- ------   ------
orders     CREATING Created
payments   CREATING Created

PS> Get-AlonzoStream orders, payments
'@
            Remarks = @'
With -NoWait the command returns as soon as Kinesis accepts each create call; the streams are still CREATING. Get-AlonzoStream shows their status later.
'@
        }
        @{
            Title   = 'See when an existing stream differs from the request'
            Code    = @'
PS> New-AlonzoStream -Name alonzo -ShardCount 4
WARNING: Stream 'alonzo' already exists and was left as it is: it has 1 shard(s), not 4. Use Set-AlonzoStream to change it.

StreamName Status Mode        Shards Retention Region    Action
---------- ------ ----        ------ --------- ------    ------
alonzo     ACTIVE PROVISIONED      1       24h eu-west-1 Unchanged
'@
            Remarks = @'
New-AlonzoStream never reshards, switches capacity mode or changes retention of an existing stream; it warns and returns the stream as it is.
'@
        }
        @{
            Title   = 'React to an invalid name in a script'
            Code    = @'
PS> New-AlonzoStream -Name 'my stream' -ErrorAction SilentlyContinue -ErrorVariable failure
PS> $failure[0].FullyQualifiedErrorId
InvalidStreamName,Alonzo.Commands.Streams.NewAlonzoStreamCommand
PS> $failure[0].Exception.Message
-Name: the stream name 'my stream' has characters Kinesis does not allow. Use only letters, digits, '_', '.' and '-'.
'@
            Remarks = @'
Errors carry stable ids (see about_Alonzo_Errors). The name is checked before any call to AWS, so no credentials are needed to get this error.
'@
        }
        @{
            Title   = 'Create a stream in a local emulator'
            Code    = @'
PS> $env:AWS_ENDPOINT_URL_KINESIS = 'http://127.0.0.1:5000'
PS> New-AlonzoStream -Name test-stream -Region us-east-1
'@
            Remarks = @'
AWS_ENDPOINT_URL_KINESIS (or -EndpointUrl for a single command) sends the Kinesis calls to the emulator, while other services keep their normal endpoints.
'@
        }
    )

    Notes       = @'
New-AlonzoStream supports -WhatIf and -Confirm (ConfirmImpact Low). It asks only when it would create a stream: with -WhatIf it still reads the stream, and returns an existing stream with Action Unchanged, because nothing would change.

A provisioned shard costs money every hour the stream exists. Remove streams you no longer need with Remove-AlonzoStream.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoStream', 'Remove-AlonzoStream')
}
