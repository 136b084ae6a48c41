@{
    Synopsis    = 'Gets Kinesis data streams: one by name, or all whose names match a wildcard pattern.'

    Description = @'
Get-AlonzoStream reads streams and changes nothing. Without -Name it returns every stream in the region. A name with wildcard characters (*, ?, [ ]) returns the streams whose names match, ignoring case; no match is not an error. A name without wildcards returns that stream, or writes the non-terminating error StreamNotFound (category ObjectNotFound) when it does not exist, with the recommendation to check the name or the region.

For a list, the command pages through ListStreams and then calls DescribeStreamSummary once per matching stream, so every object carries its shard count and retention; on an account with many streams, a narrow pattern is faster. A single name costs one DescribeStreamSummary call.

Names are checked before any call: a name or pattern with characters Kinesis does not allow, or longer than 128 characters, fails with InvalidStreamName. Then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint). Each name is processed on its own: a failure for one name is a non-terminating error with the name as target object, and the next name is still read.

The returned objects have Action None (the table view leaves the column empty), because nothing was changed. Use -Verbose to see the region, the credential source and each call to AWS.
'@

    Parameters  = @{
        Name = @'
Names of the streams to get. Wildcards are supported (alonzo*, test-?). When omitted, all streams in the region are returned. Accepts pipeline input, including objects with a Name or StreamName property such as the output of New-AlonzoStream. Press Tab to complete the names of existing streams.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoStream' = @'
One object per stream: StreamName, StreamArn, Status (CREATING, ACTIVE, UPDATING or DELETING), Mode (PROVISIONED or ON_DEMAND), ShardCount (open shards), RetentionHours, Encryption (NONE or KMS), Region, CreatedAt, and Action (None).
'@
    }

    Examples    = @(
        @{
            Title   = 'List all streams in the region'
            Code    = @'
PS> Get-AlonzoStream

StreamName Status Mode        Shards Retention Region    Action
---------- ------ ----        ------ --------- ------    ------
alonzo     ACTIVE PROVISIONED      1       24h eu-west-1
clicks     ACTIVE ON_DEMAND        4      168h eu-west-1
'@
            Remarks = 'Without -Name, every stream of the region is returned, described in full.'
        }
        @{
            Title   = 'Get streams by wildcard pattern in another region and profile'
            Code    = @'
PS> Get-AlonzoStream -Name 'test-*', 'alonzo' -Region us-east-1 -ProfileName staging
'@
            Remarks = @'
Patterns and plain names can be mixed. A pattern that matches nothing returns nothing; a plain name that does not exist writes a StreamNotFound error.
'@
        }
        @{
            Title   = 'Test whether a stream exists without an error message'
            Code    = @'
PS> $stream = Get-AlonzoStream -Name alonzo -ErrorAction SilentlyContinue -ErrorVariable failure
PS> if (-not $stream -and $failure[0].FullyQualifiedErrorId -like 'StreamNotFound*') { 'No stream yet' }
No stream yet
'@
            Remarks = @'
Checking the error id, rather than only the missing output, keeps other failures (AwsAuthenticationFailed, EndpointUnreachable, ...) from being mistaken for "not found".
'@
        }
        @{
            Title   = 'Remove every test stream and wait until they are gone'
            Code    = @'
PS> Get-AlonzoStream -Name 'test-*' | Remove-AlonzoStream -Force -Wait
'@
            Remarks = @'
The stream objects bind to Remove-AlonzoStream's -Name by their StreamName property. Remove-AlonzoStream itself takes no wildcards, so Get-AlonzoStream does the matching.
'@
        }
        @{
            Title   = 'Show all properties of one stream'
            Code    = @'
PS> Get-AlonzoStream alonzo | Format-List *

StreamName     : alonzo
StreamArn      : arn:aws:kinesis:eu-west-1:123456789012:stream/alonzo
Status         : ACTIVE
Mode           : PROVISIONED
ShardCount     : 1
RetentionHours : 24
Encryption     : NONE
Region         : eu-west-1
CreatedAt      : 5/12/2025 9:41:07 AM
Action         : None
'@
            Remarks = 'The table view shows a subset of the properties; Format-List * shows them all.'
        }
    )

    Notes       = @'
Get-AlonzoStream makes only read calls (ListStreams, DescribeStreamSummary) and needs only the kinesis:ListStreams and kinesis:DescribeStreamSummary permissions.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'New-AlonzoStream', 'Remove-AlonzoStream')
}
