@{
    Synopsis    = 'Deletes exactly the resources a pipeline owns, in reverse dependency order: its event source mappings, function, role and stream.'

    Description = @'
Remove-AlonzoPipeline tears a pipeline down by its ownership marks (see about_Alonzo_Pipelines). Given a name, it finds the pipeline's anchor, the stream tagged alonzo:pipeline=<name> (ListStreams, then each stream's tags), the role and the function that the stream's alonzo:role and alonzo:function tags name, and the event source mappings between that function and that stream. Given a spec (-Path or -Spec), it reads the spec's stream and takes it as the anchor when it carries the mark, and looks for the role and function both under the names the anchor's tags give and under the spec's names, so it also finds what is left of a pipeline whose stream is already gone.

Only resources that carry alonzo:pipeline=<name> are deleted. A role, function or stream with the right name but without the mark is left alone, and the Verbose stream says so ("Role 'alonzo_lambda' is not marked as part of pipeline 'alonzo'; left alone."). Resources with similar names are never touched: there are no wildcards.

The command first plans the whole teardown from read calls, then deletes in reverse dependency order, each resource as its Remove- cmdlet does: each mapping (waiting until it is gone), the function with all its versions, the role (each managed policy detached, each inline policy deleted, the role taken out of its instance profiles, then the role deleted), and the stream with all its records (waiting until it is gone). It returns one row per deleted resource with Action Deleted and the steps in Changes.

The command is idempotent: when nothing of the pipeline is left, no error is written, and the Verbose stream says "Nothing of pipeline 'alonzo' exists in region eu-west-1; nothing to delete." A second run therefore removes nothing.

Because the deletes cannot be undone, the command has ConfirmImpact High and asks once per pipeline, naming every resource: 'Delete EventMapping alonzo->alonzo, Function alonzo, Role alonzo_lambda, Stream alonzo' on target 'pipeline alonzo'. -Force skips the prompt for scripts. -WhatIf lists every teardown step of every resource ("Delete event source mapping", "Wait until the mapping is gone", "Delete Lambda function with all its versions", "Detach managed policy ...", "Delete IAM role", "Delete Kinesis stream and all its records", "Wait until the stream is gone") and deletes nothing; it always wins over -Force, and an explicit -Confirm prompts even together with -Force.

The name is checked before any call (InvalidStreamName: a pipeline's name is a stream name). The first positional argument is -Name; a value ending in .psd1 is read as a spec file. Each name or spec is processed on its own; a failure is a non-terminating error with the name (or the spec's path) as target, and it stops that pipeline's teardown at the failing resource (a stream with enhanced fan-out consumers, for example, is refused with AwsConflict.ResourceInUseException). Running the command again continues with what is left.
'@

    Parameters  = @{
        Name       = @'
The pipeline's name, as its stream's alonzo:pipeline tag has it (no wildcards). A value ending in .psd1 is taken as a spec file, as if given with -Path, so Remove-AlonzoPipeline ./pipeline.psd1 works.
'@
        Pipeline   = @'
The pipeline of objects piped in by property name: the rows of Get-AlonzoPipeline and Publish-AlonzoPipeline have a Pipeline property, so Get-AlonzoPipeline 'test-*' | Remove-AlonzoPipeline tears down every matching pipeline. Each pipeline is torn down once per command, however many of its rows arrive.
'@
        Path       = @'
The pipeline's spec file (.psd1). The pipeline's name and the names of its resources are taken from the spec; only resources that carry the pipeline's mark are deleted. Relative paths inside it start at the file's folder. A .psd1 given by position (where -Name would go) is read as -Path.
'@
        Spec       = @'
The pipeline's spec as a hashtable. The pipeline's name and the names of its resources are taken from it; only resources that carry the pipeline's mark are deleted.
'@
        Force      = @'
Delete without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
        TimeoutSec = @'
How long each wait may take, in seconds (300 by default, 1 to 3600): for a mapping that is being created or updated to settle before it can be deleted, for each mapping to be gone, and for the stream to be gone. When the time is up the command fails with WaitTimedOut; the deletion continues in AWS, and running the command again finishes the teardown.
'@
        WhatIf     = @'
Shows every teardown step, one "What if:" line each, with the resource as target ("Detach managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole" on target "Role alonzo_lambda"), and deletes nothing. The account is still read, so the list is exactly what would be deleted. Nothing is written to the output. -WhatIf wins over -Force.
'@
    }

    Inputs      = @{
        'System.String' = @'
Objects with a Pipeline property (the rows of Get-AlonzoPipeline) bind to -Pipeline, and files (objects with a FullName property, from Get-ChildItem) to -Path, by property name.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoPipelineResource' = @'
One row per deleted resource: Pipeline, Kind, Name, Action (Deleted), State (Deleted), Changes (the steps done, such as "Detached arn:... from role 'alonzo_lambda'" and "Deleted role 'alonzo_lambda'"), UUID (of a mapping) and Region. Nothing is written with -WhatIf, when the prompt is declined, or when nothing of the pipeline exists.
'@
    }

    Examples    = @(
        @{
            Title   = 'Tear down a pipeline interactively'
            Code    = @'
PS> Remove-AlonzoPipeline alonzo

Confirm
Are you sure you want to perform this action?
Performing the operation "Delete EventMapping alonzo->alonzo, Function alonzo, Role alonzo_lambda, Stream alonzo" on target "pipeline alonzo".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y

   Pipeline: alonzo

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
EventMapping alonzo->alonzo           Deleted   Deleted   Deleted mapping 40a42…
Function     alonzo                   Deleted   Deleted   Deleted function 'alo…
Role         alonzo_lambda            Deleted   Deleted   Detached arn:aws:iam:…
Stream       alonzo                   Deleted   Deleted   Deleted stream alonzo…
'@
            Remarks = 'One prompt names every resource that would be deleted.'
        }
        @{
            Title   = 'Preview the teardown with -WhatIf'
            Code    = @'
PS> Remove-AlonzoPipeline clicks -WhatIf
What if: Performing the operation "Delete event source mapping" on target "EventMapping clicks->clicks".
What if: Performing the operation "Wait until the mapping is gone" on target "EventMapping clicks->clicks".
What if: Performing the operation "Delete Lambda function with all its versions" on target "Function clicks".
What if: Performing the operation "Detach managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole" on target "Role clicks_lambda".
What if: Performing the operation "Delete IAM role" on target "Role clicks_lambda".
What if: Performing the operation "Delete Kinesis stream and all its records" on target "Stream clicks".
What if: Performing the operation "Wait until the stream is gone" on target "Stream clicks".
'@
            Remarks = @'
The resources are read, so every step is listed, in the order it would run: the mapping first, the stream last.
'@
        }
        @{
            Title   = 'Tear down in a script, twice'
            Code    = @'
PS> Remove-AlonzoPipeline -Path ./examples/alonzo.psd1 -Force | Format-Table Kind, Name, Action
PS> Remove-AlonzoPipeline -Path ./examples/alonzo.psd1 -Force -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: IAM GetRole
VERBOSE: Lambda GetFunction
VERBOSE: Nothing of pipeline 'alonzo' exists in region eu-west-1; nothing to delete.
'@
            Remarks = @'
-Force skips the prompt. The second run finds nothing and writes no error, so teardown scripts can run again after a failure.
'@
        }
        @{
            Title   = 'Remove every test pipeline'
            Code    = @'
PS> Get-AlonzoPipeline 'test-*' | Remove-AlonzoPipeline -Force | Format-Table Pipeline, Kind, Name, Action

Pipeline         Kind Name            Action
--------         ---- ----            ------
test-1   EventMapping test-1->test-1 Deleted
test-1       Function test-1         Deleted
test-1           Role test-1_lambda  Deleted
test-1         Stream test-1         Deleted
test-2   EventMapping test-2->test-2 Deleted
test-2       Function test-2         Deleted
test-2           Role test-2_lambda  Deleted
test-2         Stream test-2         Deleted
'@
            Remarks = @'
Get-AlonzoPipeline selects the pipelines by pattern; their names are passed one at a time. Remove-AlonzoPipeline itself takes no wildcards, so a pattern cannot delete more than was listed.
'@
        }
    )

    Notes       = @'
Remove-AlonzoPipeline needs, to find the resources: kinesis:ListStreams (by name), kinesis:ListTagsForStream and kinesis:DescribeStreamSummary, iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies and iam:ListInstanceProfilesForRole, lambda:GetFunction, lambda:ListEventSourceMappings and lambda:GetEventSourceMapping; to delete them: lambda:DeleteEventSourceMapping, lambda:DeleteFunction, iam:DetachRolePolicy, iam:DeleteRolePolicy, iam:RemoveRoleFromInstanceProfile, iam:DeleteRole and kinesis:DeleteStream.

Not deleted: the function's CloudWatch log group /aws/lambda/<name> (aws logs delete-log-group removes it), the managed policies themselves (they are only detached), and anything without the pipeline's mark.
'@

    Links       = @('about_Alonzo_Pipelines', 'about_Alonzo_Errors', 'Publish-AlonzoPipeline', 'Get-AlonzoPipeline', 'Remove-AlonzoStream')
}
