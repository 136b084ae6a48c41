@{
    Synopsis    = 'Gets event source mappings: those of a function, of a stream, of both, or one by its UUID.'

    Description = @'
Get-AlonzoEventMapping reads event source mappings and changes nothing. With -FunctionName it returns the mappings of that function, with -StreamName or -EventSourceArn the mappings that read that stream, and with both the mappings between the two. Without any of them it returns every event source mapping in the region, including mappings of other event sources such as SQS queues (their StreamName is empty). No match is not an error: nothing is returned.

The list comes from ListEventSourceMappings, all pages. The function and stream are also filtered by Alonzo, because not every endpoint applies the filters. A function can be given by name or by ARN. Wildcards are not supported.

With -UUID the command gets that one mapping (GetEventSourceMapping). When it does not exist in the region, the command writes the error EventMappingNotFound (category ObjectNotFound), with the recommendation to list the mappings with Get-AlonzoEventMapping -FunctionName.

Input is checked before any call: -FunctionName must be a function name (1 to 64 letters, digits, '-' or '_') or a function ARN, otherwise InvalidFunctionName; -StreamName must be a valid stream name, otherwise InvalidStreamName. Then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint). A -StreamName is looked up with Kinesis DescribeStreamSummary to find its ARN; when there is no such stream the command fails with StreamNotFound. -EventSourceArn is used as given, without a Kinesis call.

The returned objects have Action None (the table view leaves the column empty), because nothing was changed. The State is Lambda's current one, which may be Creating, Enabling, Updating, Disabling or Deleting while a change is in progress. Failures are non-terminating errors with the UUID, function name or stream as target object. Use -Verbose to see the region, the credential source and each call to AWS.
'@

    Parameters  = @{
        FunctionName   = @'
The function whose mappings to get: its name or its ARN. No wildcards. Accepts pipeline input by property name, from objects with a FunctionName property such as the output of Get-AlonzoFunction and Publish-AlonzoFunction. Press Tab to complete the names of existing functions.
'@
        StreamName     = @'
The name of the Kinesis stream whose mappings to get, in the command's region. It is looked up with DescribeStreamSummary; a stream that does not exist fails with StreamNotFound. Ignored when -EventSourceArn is given. Accepts pipeline input by property name, from objects with a StreamName property such as the output of Get-AlonzoStream and New-AlonzoStream (those also supply -EventSourceArn through their StreamArn property). Press Tab to complete the names of existing streams.
'@
        EventSourceArn = @'
The ARN of the event source whose mappings to get, for example a Kinesis stream ARN, instead of -StreamName. Accepts pipeline input by property name, also from a StreamArn property.
'@
        UUID           = @'
The identifier of one mapping, as shown in the UUID column. A UUID that does not exist in the region fails with EventMappingNotFound. Accepts pipeline input by property name, from objects with a UUID property.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoEventMapping' = @'
One object per mapping: UUID, FunctionName, FunctionArn, EventSourceArn, StreamName (from the ARN; empty for sources other than Kinesis streams), State, BatchSize, StartingPosition, StartingPositionTimestamp, MaximumBatchingWindowInSeconds, ParallelizationFactor, BisectBatchOnFunctionError, MaximumRetryAttempts, MaximumRecordAgeInSeconds, OnFailureDestinationArn, LastProcessingResult (for example "OK" or "PROBLEM: ..." once Lambda has invoked the function), StateTransitionReason, LastModified, Region, Action (None) and Changes (empty). It binds by property name to -UUID of Set-AlonzoEventMapping and Remove-AlonzoEventMapping.
'@
    }

    Examples    = @(
        @{
            Title   = 'Get the mappings of a function'
            Code    = @'
PS> Get-AlonzoEventMapping -FunctionName alonzo

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST
'@
            Remarks = @'
-FunctionName is positional, so Get-AlonzoEventMapping alonzo does the same. The Action column is empty because nothing was changed.
'@
        }
        @{
            Title   = 'Get the mappings that read a stream'
            Code    = @'
PS> Get-AlonzoStream alonzo | Get-AlonzoEventMapping

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST
b1f07a3c-2e5d-4c8e-9f3a-7d2c61e0a4f9 alonzo-audit alonzo     Disabled        100 TRIM_HORIZON

PS> Get-AlonzoEventMapping -StreamName alonzo
'@
            Remarks = @'
Every function that reads the stream is listed. The stream object binds by property name; its StreamArn is used without another Kinesis call. With -StreamName the command looks up the stream's ARN first, and fails with StreamNotFound when there is no such stream.
'@
        }
        @{
            Title   = 'See all properties of one mapping, by UUID'
            Code    = @'
PS> Get-AlonzoEventMapping -UUID 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 | Format-List *

UUID                           : 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6
FunctionName                   : alonzo
FunctionArn                    : arn:aws:lambda:eu-west-1:123456789012:function:alonzo
EventSourceArn                 : arn:aws:kinesis:eu-west-1:123456789012:stream/alonzo
StreamName                     : alonzo
State                          : Enabled
BatchSize                      : 100
StartingPosition               : LATEST
StartingPositionTimestamp      :
MaximumBatchingWindowInSeconds : 0
ParallelizationFactor          : 1
BisectBatchOnFunctionError     : False
MaximumRetryAttempts           : -1
MaximumRecordAgeInSeconds      : -1
OnFailureDestinationArn        :
LastProcessingResult           : OK
StateTransitionReason          : User action
LastModified                   : 05/06/2025 14:02:11
Region                         : eu-west-1
Action                         : None
Changes                        : {}
'@
            Remarks = @'
LastProcessingResult shows whether the last invocation succeeded; StateTransitionReason why the State last changed.
'@
        }
        @{
            Title   = 'Check for a mapping in a script'
            Code    = @'
PS> Get-AlonzoEventMapping -UUID 00000000-0000-0000-0000-000000000000 -ErrorAction SilentlyContinue -ErrorVariable e
PS> $e[0].FullyQualifiedErrorId
EventMappingNotFound,Alonzo.Commands.Mappings.GetAlonzoEventMappingCommand
'@
            Remarks = @'
A UUID that does not exist is a non-terminating error with a stable id (see about_Alonzo_Errors). A list by function or stream that finds nothing returns nothing and writes no error.
'@
        }
        @{
            Title   = 'Disable every mapping of a function'
            Code    = @'
PS> Get-AlonzoEventMapping -FunctionName alonzo | Set-AlonzoEventMapping -Disabled
'@
            Remarks = @'
The mappings bind to Set-AlonzoEventMapping by their UUID property.
'@
        }
    )

    Notes       = @'
Get-AlonzoEventMapping needs lambda:ListEventSourceMappings, or lambda:GetEventSourceMapping for -UUID, and kinesis:DescribeStreamSummary for -StreamName.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Add-AlonzoEventMapping', 'Set-AlonzoEventMapping', 'Remove-AlonzoEventMapping', 'Get-AlonzoStream', 'Get-AlonzoFunction')
}
