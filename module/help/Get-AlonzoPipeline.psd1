@{
    Synopsis    = 'Gets the pipelines of a region, found by their ownership marks, with the state of each resource; with a spec, also every field in which the account differs from it (drift).'

    Description = @'
Get-AlonzoPipeline reads and changes nothing. It works in two ways.

By name (-Name, or nothing for all): the command lists the region's streams (ListStreams) and reads each stream's tags; a stream tagged alonzo:pipeline=<name> is a pipeline's anchor. A stream that is being deleted is left out. For each anchor it reads the role and the function that the stream's alonzo:role and alonzo:function tags name, each only if it also carries the pipeline's mark (otherwise the Verbose stream says "Role '...' is not marked as part of pipeline '...'; left alone."), and the event source mappings between that function and that stream. It returns one row per resource, grouped by pipeline and sorted by pipeline name, with its State: ACTIVE (or CREATING, UPDATING) for a stream, Present for a role, Active for a function, Enabled or Disabled for a mapping. Names may contain wildcards (*, ? and [ ]), matched without regard to case; a pattern that matches nothing is not an error, but a name without wildcards that matches no pipeline fails with PipelineNotFound (category ObjectNotFound). A name that is not a valid stream name fails with InvalidStreamName before any call.

With a spec (-Path or -Spec): the command plans the spec as Publish-AlonzoPipeline would, but without the ownership check, and returns one row per resource of the spec, plus one per owned resource the spec no longer has. Each row's Drift lists the changes a deploy would make, as ResourceChange objects whose Before is the account's value and After the spec's, and Changes lists their summaries ("MemorySize 256 -> 128"). A resource that does not exist has State Missing and its creation as Drift; an owned resource the spec no longer has (a mapping after EventMapping = $null, a function or role after a rename) has State NotInSpec. InSync is $true when the resource exists and has no drift. Because settings a spec leaves out take Kinesis's and Lambda's defaults, a setting changed in the console shows as drift even when the spec does not mention it. What is and is not compared is listed in about_Alonzo_Pipelines.

Environment variable values are never shown: drift names the variables that differ, and Before and After read "(sensitive)".

The first positional argument is -Name; a value ending in .psd1 is read as a spec file, so Get-AlonzoPipeline ./alonzo.psd1 shows drift like -Path.
'@

    Parameters  = @{
        Name       = @'
Names of the pipelines to get, as their streams' alonzo:pipeline tags have them. Wildcards are supported (test-*). When omitted, every pipeline in the region is returned. A name without wildcards that matches no pipeline is the error PipelineNotFound.
'@
        Path       = @'
A pipeline spec file (.psd1) to compare the account with (see about_Alonzo_Pipelines). It is read with Import-PowerShellDataFile, so no command in it runs; relative paths inside it start at the file's folder. The function's code is packaged locally, so code drift shows as a different CodeSha256. Accepts pipeline input by property name, including the FullName of files from Get-ChildItem. A .psd1 given by position (where -Name would go) is read as -Path.
'@
        Spec       = @'
A pipeline spec as a hashtable to compare the account with. Relative paths inside it start at the current location.
'@
        TimeoutSec = @'
Accepted so that the same parameters can be passed to the pipeline cmdlets alike (for example by splatting). Get-AlonzoPipeline only reads and never waits, so the value has no effect here. 1 to 3600, 300 by default.
'@
    }

    Inputs      = @{
        'System.String' = @'
Objects with a Path or FullName property bind to -Path by property name, such as the files from Get-ChildItem ./pipelines/*.psd1, whose pipelines are then compared with their specs.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoPipelineResource' = @'
One row per resource: Pipeline, Kind (Stream, Role, Function or EventMapping), Name (a mapping's is stream->function), Action (None), State, StateDetail (a stream's mode and shard count, a function's last update status, a mapping's last processing result), InSync, Drift and Changes (with a spec; empty otherwise), Arn, UUID (of a mapping) and Region. The table view groups the rows by pipeline.
'@
    }

    Examples    = @(
        @{
            Title   = 'List the pipelines of a region'
            Code    = @'
PS> Get-AlonzoPipeline

   Pipeline: alonzo

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       alonzo                             ACTIVE
Role         alonzo_lambda                      Present
Function     alonzo                             Active
EventMapping alonzo->alonzo                     Enabled

   Pipeline: clicks

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       clicks                             ACTIVE
Role         clicks_lambda                      Present
Function     clicks                             Active
EventMapping clicks->clicks                     Enabled
'@
            Remarks = @'
The pipelines are found by the tags on their streams; no spec is needed. The command calls ListStreams, then ListTagsForStream for each stream, so on an account with many streams it takes one call per stream.
'@
        }
        @{
            Title   = 'Look at one pipeline in detail'
            Code    = @'
PS> Get-AlonzoPipeline clicks | Where-Object Kind -eq 'Stream' | Format-List

Pipeline    : clicks
Kind        : Stream
Name        : clicks
Action      : None
State       : ACTIVE
StateDetail : PROVISIONED, 1 shard(s)
InSync      : True
Changes     :
Arn         : arn:aws:kinesis:eu-west-1:123456789012:stream/clicks
Region      : eu-west-1
'@
            Remarks = @'
Without a spec there is nothing to compare with, so InSync is $true for every resource that exists.
'@
        }
        @{
            Title   = 'Find drift against the spec'
            Code    = @'
PS> Get-AlonzoPipeline -Path ./pipelines/clicks.psd1

   Pipeline: clicks

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       clicks                             ACTIVE    set retention 48 -> 2…
Role         clicks_lambda                      Present   Detach managed policy…
Function     clicks                             Active    Timeout 10 -> 3; Envi…
EventMapping clicks->clicks                     Enabled

PS> Get-AlonzoPipeline -Path ./pipelines/clicks.psd1 | Where-Object { -not $_.InSync } | ForEach-Object Drift | Format-List Resource, Path, Before, After, Summary

Resource : Stream clicks
Path     : RetentionHours
Before   : 48
After    : 24
Summary  : set retention 48 -> 24 hours

Resource : Role clicks_lambda
Path     : ManagedPolicyArns
Before   : arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
After    :
Summary  : Detach managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess

Resource : Function clicks
Path     : Timeout
Before   : 10
After    : 3
Summary  : Timeout 10 -> 3

Resource : Function clicks
Path     : Environment
Before   : (sensitive)
After    : (sensitive)
Summary  : Environment variables changed: EXTRA, LOG_LEVEL
'@
            Remarks = @'
Someone raised the retention, attached a policy to the role and changed the function's timeout and variables by hand. Before is what the account has, After what the spec says; Publish-AlonzoPipeline -Path ./pipelines/clicks.psd1 sets them back.
'@
        }
        @{
            Title   = 'Check every spec of a folder in a script'
            Code    = @'
PS> $drifted = Get-ChildItem ./pipelines/*.psd1 | Get-AlonzoPipeline | Where-Object { -not $_.InSync }
PS> $drifted | Format-Table Pipeline, Kind, Name, State, Changes
'@
            Remarks = @'
The files bind to -Path by their FullName. A resource that is Missing, NotInSpec or has drift is not InSync.
'@
        }
        @{
            Title   = 'A pipeline that does not exist'
            Code    = @'
PS> Get-AlonzoPipeline alonzo -ErrorVariable failure -ErrorAction SilentlyContinue
PS> $failure[0].FullyQualifiedErrorId
PipelineNotFound,Alonzo.Commands.Pipelines.GetAlonzoPipelineCommand
PS> $failure[0].Exception.Message
No pipeline named 'alonzo' in region eu-west-1 (no stream carries the tag alonzo:pipeline=alonzo).
'@
            Remarks = @'
A name without wildcards must match a pipeline. Get-AlonzoPipeline 'alonzo*' returns nothing instead, without an error.
'@
        }
    )

    Notes       = @'
Get-AlonzoPipeline changes nothing. By name it needs kinesis:ListStreams, kinesis:ListTagsForStream and kinesis:DescribeStreamSummary, iam:GetRole, iam:ListAttachedRolePolicies and iam:ListRolePolicies, lambda:GetFunction and lambda:ListEventSourceMappings. With a spec it needs the read permissions of Get-AlonzoPipelinePlan instead (no kinesis:ListStreams).

A resource whose tags were removed by hand is no longer found by name. A pipeline whose stream is gone cannot be found by name either; compare its spec with -Path to see what is left.
'@

    Links       = @('about_Alonzo_Pipelines', 'about_Alonzo_Errors', 'Get-AlonzoPipelinePlan', 'Publish-AlonzoPipeline', 'Remove-AlonzoPipeline')
}
