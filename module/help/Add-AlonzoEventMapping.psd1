@{
    Synopsis    = 'Makes a Lambda function read a Kinesis stream: creates the event source mapping if it is missing, or brings the existing one in line with the settings given, and waits until it is Enabled or Disabled.'

    Description = @'
Add-AlonzoEventMapping converges the one event source mapping between a function and a stream. It first looks for mappings from the stream to the function (ListEventSourceMappings, all pages; mappings that are being deleted are ignored). When there is none, it creates one (CreateEventSourceMapping) with the settings given, starting at LATEST unless -StartingPosition says otherwise, and waits until Lambda reports it Enabled (or Disabled, with -Disabled). When the mapping exists, it compares it with what was asked for and updates only the settings that were given and differ, in one UpdateEventSourceMapping call, then waits until the mapping is Enabled or Disabled again. A mapping that already matches is returned with Action Unchanged and no call that changes anything is made, so the command can run at the end of every deployment.

The output's Action says what happened: Created, Updated, Unchanged or Replaced. Changes lists what was done: "Created mapping <UUID>", one line per updated setting such as "BatchSize 100 -> 500", "MaximumRetryAttempts -1 -> 3" or "State Enabled -> Disabled", or "Replace mapping <UUID>: starting position LATEST -> TRIM_HORIZON". An Unchanged mapping has no Changes.

Settings that are not given are left as they are on an existing mapping (and get Lambda's defaults on a new one). Running the command again with fewer parameters therefore never resets anything, and an existing mapping's starting position is only looked at when -StartingPosition is given.

Alonzo never creates a second mapping for the same function and stream. AWS refuses one, but local emulators such as moto accept duplicates, so Add-AlonzoEventMapping always looks before it creates instead of relying on the service to refuse. When it finds more than one mapping for the pair (made by other tools), it writes a warning that names them, for example "There are 2 mappings from 'alonzo' to 'alonzo' (AWS allows one); converging <UUID>. Remove the others with Remove-AlonzoEventMapping -UUID <UUID>.", and converges the one that was modified longest ago.

Lambda cannot change a mapping's starting position in place. When -StartingPosition differs from the existing mapping's (or, with AT_TIMESTAMP, -StartingPositionTimestamp differs by a second or more), the command changes nothing and fails with the error StartingPositionImmutable (category InvalidOperation), whose recommended action is to add -Force. With -Force it deletes the mapping, waits until it is gone, creates a new one (with a new UUID) and waits until that is settled; Action is Replaced. The new mapping gets only the settings given on this command line and Lambda's defaults for the rest; settings of the old mapping are not carried over. While the function has no mapping nothing is read; depending on the new position, records may be read again (TRIM_HORIZON, an earlier AT_TIMESTAMP) or skipped (LATEST).

When a mapping is created, Lambda checks that the function's execution role can read the stream. A role or policy created moments earlier (for example by New-AlonzoRole in the same script) may not be visible to Lambda yet, because IAM propagates changes with a delay. So when Lambda answers that it cannot access the stream, the command tries the create again, after 2 seconds and then doubling the delay up to 10 seconds, with a Verbose line per failed try ("Lambda cannot read the stream with the function's role yet (IAM may still be propagating); try 1 failed, retrying in 2 s.") and a progress bar. It keeps trying for at most 90 seconds, and never longer than -TimeoutSec. If Lambda still refuses, the command fails with MappingPermissionDenied (category PermissionDenied): the message names the permissions the role needs on the stream (kinesis:DescribeStream, kinesis:DescribeStreamSummary, kinesis:GetRecords, kinesis:GetShardIterator, kinesis:ListShards and kinesis:ListStreams) and the recommended action is to attach the managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole to the function's role, for example with New-AlonzoRole -ManagedPolicyArn. No mapping is created.

Everything that can be checked without AWS is checked first, so bad input never leaves a half-made mapping: the function name (1 to 64 letters, digits, '-' or '_', or a function ARN; InvalidFunctionName), the stream (-EventSourceArn must be a Kinesis stream ARN, InvalidEventSourceArn; otherwise -StreamName must be a valid stream name, InvalidStreamName; when neither is given, MissingEventSource), the starting position (-StartingPosition AT_TIMESTAMP needs -StartingPositionTimestamp, MissingStartingPositionTimestamp; -StartingPositionTimestamp without AT_TIMESTAMP fails with InvalidStartingPosition) and the limits of the Lambda API: -BatchSize 1 to 10000 (InvalidBatchSize), -MaximumBatchingWindowSeconds 0 to 300 (InvalidMaximumBatchingWindowSeconds), -ParallelizationFactor 1 to 10 (InvalidParallelizationFactor), -MaximumRetryAttempts -1 to 10000 (InvalidMaximumRetryAttempts), -MaximumRecordAgeSeconds -1 or 60 to 604800 (InvalidMaximumRecordAgeSeconds), and -OnFailureDestinationArn must be an ARN (InvalidDestination). Then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint). A -StreamName is looked up with Kinesis DescribeStreamSummary in the command's region; when there is no such stream the command fails with StreamNotFound. When Lambda refuses to create the mapping because the function does not exist, it fails with FunctionNotFound.

Every wait polls GetEventSourceMapping quickly at first and then every 5 seconds until the mapping is Enabled or Disabled (not Creating, Enabling, Updating or Disabling), shows a progress bar, and gives up after -TimeoutSec seconds with WaitTimedOut; the change continues in AWS. A mapping that is still being changed when the command finds it is waited for before it is updated. When Lambda refuses an update because the mapping is busy (ResourceInUseException), the command waits for it to settle and tries again until -TimeoutSec runs out, after which it writes an AwsConflict.<Code> error such as AwsConflict.ResourceInUseException. Ctrl+C stops a wait at once.

Failures are non-terminating errors with the function name as target object (for input errors, the invalid value), so a pipeline continues with the next item. Use -Verbose to see every call to AWS and what was decided ("Mapping <UUID> from 'alonzo' to 'alonzo' is up to date.", "Updated mapping <UUID>: BatchSize 100 -> 500.").
'@

    Parameters  = @{
        FunctionName                 = @'
The function that reads the stream: its name (1 to 64 letters, digits, hyphens or underscores) or its ARN, which may end in a version or alias. Accepts pipeline input by property name, from objects with a FunctionName property such as the output of Publish-AlonzoFunction and Get-AlonzoFunction. Press Tab to complete the names of existing functions.
'@
        StreamName                   = @'
The name of the Kinesis stream to read, in the command's region. Its ARN is looked up with DescribeStreamSummary; when there is no such stream the command fails with StreamNotFound. Ignored when -EventSourceArn is given. Accepts pipeline input by property name, from objects with a StreamName property such as the output of New-AlonzoStream and Get-AlonzoStream (those also supply -EventSourceArn through their StreamArn property, which is then used). Press Tab to complete the names of existing streams.
'@
        EventSourceArn               = @'
The ARN of the Kinesis stream to read (arn:aws:kinesis:<region>:<account>:stream/<name>), instead of -StreamName; no Kinesis call is made to look it up. Anything else fails with InvalidEventSourceArn. Accepts pipeline input by property name, also from a StreamArn property.
'@
        BatchSize                    = @'
The largest number of records Lambda sends to the function in one invocation, from 1 to 10000. Lambda's default for a Kinesis stream is 100. Invocation payloads are also limited to 6 MB, so large records make smaller batches.
'@
        StartingPosition             = @'
Where a new mapping starts reading each shard: LATEST (the default; only records written from now on), TRIM_HORIZON (the oldest record still in the stream) or AT_TIMESTAMP (the first record written at or after -StartingPositionTimestamp). An existing mapping's starting position cannot be changed in place: a different value fails with StartingPositionImmutable unless -Force is given, which deletes and recreates the mapping. When omitted, an existing mapping keeps its position.
'@
        StartingPositionTimestamp    = @'
With -StartingPosition AT_TIMESTAMP, the time to start reading from, for example (Get-Date).AddHours(-1). A local time is converted to UTC. Only valid together with AT_TIMESTAMP; otherwise the command fails with InvalidStartingPosition.
'@
        MaximumBatchingWindowSeconds = @'
How long Lambda gathers records before invoking the function, from 0 (the default: invoke as soon as records are available) to 300 seconds. A longer window makes fewer, larger invocations at the cost of latency. Shown as MaximumBatchingWindowInSeconds on the output object.
'@
        ParallelizationFactor        = @'
How many batches of each shard Lambda processes at the same time, from 1 (the default) to 10. Records with the same partition key are still processed in order.
'@
        BisectBatchOnFunctionError   = @'
When the function fails, split the batch in two and retry each half, to isolate a bad record. -BisectBatchOnFunctionError:$false turns it off on an existing mapping; when the switch is omitted, the setting is left as it is.
'@
        MaximumRetryAttempts         = @'
How often Lambda retries a batch that the function failed to process, from 0 to 10000, or -1 (Lambda's default) to retry until the records expire from the stream. A shard does not advance while its batch is retried.
'@
        MaximumRecordAgeSeconds      = @'
Records older than this are not sent to the function (they are discarded, or sent to -OnFailureDestinationArn), from 60 to 604800 seconds (7 days), or -1 (Lambda's default) for no limit.
'@
        OnFailureDestinationArn      = @'
Where Lambda sends a description of a batch that it gave up on (after -MaximumRetryAttempts or -MaximumRecordAgeSeconds): the ARN of an SQS queue, an SNS topic or an S3 bucket. The function's role needs permission to send there. A value that does not start with arn: fails with InvalidDestination.
'@
        Disabled                     = @'
Create the mapping disabled (Lambda does not read the stream until it is enabled), or disable an existing one. -Disabled:$false enables an existing disabled mapping; when the switch is omitted, an existing mapping stays enabled or disabled as it is. Set-AlonzoEventMapping does the same by UUID.
'@
        Force                        = @'
Allow the command to delete the mapping and create it again when -StartingPosition (or -StartingPositionTimestamp) differs from the existing mapping's, which Lambda cannot change in place. Without -Force that case fails with StartingPositionImmutable and nothing is changed. -Force does not affect -WhatIf or -Confirm.
'@
        TimeoutSec                   = @'
How long each wait may take, in seconds (300 by default, 1 to 3600): for the mapping to become Enabled or Disabled, for a busy mapping to accept the update, and with -Force for the old mapping to be deleted. It also limits the retries while Lambda says the function's role cannot read the stream, which otherwise last at most 90 seconds. When a wait runs out the command fails with WaitTimedOut; the mapping is not deleted.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoEventMapping' = @'
The mapping: UUID, FunctionName, FunctionArn, EventSourceArn, StreamName (from the ARN), State (Enabled or Disabled once the command has waited), BatchSize, StartingPosition, StartingPositionTimestamp, MaximumBatchingWindowInSeconds, ParallelizationFactor, BisectBatchOnFunctionError, MaximumRetryAttempts, MaximumRecordAgeInSeconds, OnFailureDestinationArn, LastProcessingResult, StateTransitionReason, LastModified, Region, Action (Created, Updated, Unchanged or Replaced) and Changes (what was done). It binds by property name to -UUID of Set-AlonzoEventMapping and Remove-AlonzoEventMapping. Nothing is written with -WhatIf when something would change, nor when the creation, the replacement or every change was declined at a -Confirm prompt.
'@
    }

    Examples    = @(
        @{
            Title   = 'Create the stream and map it to a function in one pipeline'
            Code    = @'
PS> New-AlonzoStream alonzo | Add-AlonzoEventMapping -FunctionName alonzo

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST           Created
'@
            Remarks = @'
The stream object binds by property name (StreamName and StreamArn) and the function alonzo, deployed earlier with Publish-AlonzoFunction, starts reading the records written from now on. The command returns once Lambda reports the mapping Enabled.
'@
        }
        @{
            Title   = 'Run it again, or start from the function: nothing changes'
            Code    = @'
PS> New-AlonzoStream alonzo | Add-AlonzoEventMapping -FunctionName alonzo

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST           Unchanged

PS> Get-AlonzoFunction alonzo | Add-AlonzoEventMapping -StreamName alonzo

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST           Unchanged
'@
            Remarks = @'
The second run finds the mapping and returns it unchanged, without a create or update call. Piping the function instead (it binds to -FunctionName) finds the same mapping: there is only ever one per function and stream, even on an emulator that would accept a duplicate.
'@
        }
        @{
            Title   = 'Tune an existing mapping; only what differs is updated'
            Code    = @'
PS> $m = Add-AlonzoEventMapping alonzo alonzo -BatchSize 500 -MaximumBatchingWindowSeconds 5 -BisectBatchOnFunctionError -MaximumRetryAttempts 3
PS> $m.Action
Updated
PS> $m.Changes
BatchSize 100 -> 500
MaximumBatchingWindowInSeconds 0 -> 5
BisectBatchOnFunctionError False -> True
MaximumRetryAttempts -1 -> 3
'@
            Remarks = @'
The function and stream names are positional. The four settings are sent in one UpdateEventSourceMapping call, and the command waits until the mapping is Enabled again. Running the same line again returns Unchanged; running it without -BatchSize leaves the batch size at 500.
'@
        }
        @{
            Title   = 'Change the starting position with -Force'
            Code    = @'
PS> Add-AlonzoEventMapping alonzo alonzo -StartingPosition TRIM_HORIZON
Add-AlonzoEventMapping: The mapping 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 starts at LATEST; Lambda cannot change a mapping's starting position in place.

PS> Add-AlonzoEventMapping alonzo alonzo -StartingPosition TRIM_HORIZON -Force

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
0f3c2b7e-94a1-4d55-8c1e-2a7b9d41e6c3 alonzo       alonzo     Enabled         100 TRIM_HORIZON     Replaced
'@
            Remarks = @'
The first command fails with StartingPositionImmutable and changes nothing; its recommended action suggests -Force. With -Force the mapping is deleted and created again (note the new UUID), so the function reads the stream again from the oldest record still in it. Settings given earlier, such as a batch size, must be given again, because the new mapping gets only the settings on this command line.
'@
        }
        @{
            Title   = 'Replay the last hour'
            Code    = @'
PS> Add-AlonzoEventMapping alonzo alonzo -StartingPosition AT_TIMESTAMP -StartingPositionTimestamp (Get-Date).AddHours(-1) -Force
'@
            Remarks = @'
AT_TIMESTAMP needs -StartingPositionTimestamp (otherwise MissingStartingPositionTimestamp). The local time is converted to UTC.
'@
        }
        @{
            Title   = 'Deploy the whole pipeline with a new role'
            Code    = @'
PS> New-AlonzoRole alonzo_lambda -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole | Out-Null
PS> Publish-AlonzoFunction alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda | Out-Null
PS> New-AlonzoStream alonzo | Add-AlonzoEventMapping -FunctionName alonzo -Verbose
...
VERBOSE: Lambda CreateEventSourceMapping
VERBOSE: Lambda cannot read the stream with the function's role yet (IAM may still be propagating); try 1 failed, retrying in 2 s.
VERBOSE: Lambda CreateEventSourceMapping
VERBOSE: Created mapping 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 from 'alonzo' to 'alonzo'.
VERBOSE: Lambda GetEventSourceMapping
...
'@
            Remarks = @'
The managed policy AWSLambdaKinesisExecutionRole lets the function's role read the stream. Right after the role is created Lambda may not see the policy yet; the command retries for a bounded time instead of failing. If the role really lacks the permissions, it fails with MappingPermissionDenied after about 90 seconds (or -TimeoutSec, if shorter).
'@
        }
        @{
            Title   = 'Preview with -WhatIf'
            Code    = @'
PS> Add-AlonzoEventMapping -FunctionName alonzo -StreamName orders -WhatIf
What if: Performing the operation "Create mapping from arn:aws:kinesis:eu-west-1:123456789012:stream/orders to function alonzo (starting at LATEST)" on target "alonzo <- orders".
'@
            Remarks = @'
-WhatIf still makes the read-only calls (DescribeStreamSummary, ListEventSourceMappings), so the lines reflect what exists: an update shows one line per setting that would change ("BatchSize 100 -> 500", then "MaximumBatchingWindowInSeconds (default) -> 5"), a starting-position change one line "Replace mapping <UUID>: starting position LATEST -> TRIM_HORIZON". When nothing would change, the existing mapping is returned with Action Unchanged.
'@
        }
    )

    Notes       = @'
Add-AlonzoEventMapping supports -WhatIf and -Confirm (ConfirmImpact Medium, so it does not ask by default). It asks only when it would change something: once for a new mapping ("Create mapping from <stream ARN> to function <name> (starting at LATEST)") or a replacement ("Replace mapping <UUID>: starting position ..."), and change by change for an update, one prompt per setting such as "BatchSize 100 -> 500". Only the approved settings are sent, in one UpdateEventSourceMapping call, and Changes lists only those.

The calling identity needs lambda:ListEventSourceMappings, lambda:CreateEventSourceMapping, lambda:UpdateEventSourceMapping and lambda:GetEventSourceMapping, lambda:DeleteEventSourceMapping for -Force, and kinesis:DescribeStreamSummary for -StreamName. The function's execution role needs read access to the stream (the managed policy AWSLambdaKinesisExecutionRole grants it), and permission to send to -OnFailureDestinationArn if one is given.

An enabled mapping invokes the function for every batch of records, and invocations are billed. Disable a mapping you do not need for now with Set-AlonzoEventMapping -Disabled, or delete it with Remove-AlonzoEventMapping.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoEventMapping', 'Set-AlonzoEventMapping', 'Remove-AlonzoEventMapping', 'New-AlonzoStream', 'Publish-AlonzoFunction', 'New-AlonzoRole')
}
