@{
    Synopsis    = 'Deploys a whole Kinesis -> Lambda pipeline from one spec: creates what is missing, changes what differs and removes what the pipeline owns but the spec no longer has.'

    Description = @'
Publish-AlonzoPipeline converges the four resources of a pipeline, the stream, the function's role, the function and the event source mapping, to a spec: a .psd1 file (-Path) or a hashtable (-Spec). The spec format, its defaults and the ownership marks are described in about_Alonzo_Pipelines; examples/alonzo.psd1 is a complete spec.

The whole spec is read and checked before any call to AWS: an unknown key fails with PipelineSpecUnknownKey (naming the nearest valid key), a value of the wrong type with PipelineSpecInvalidValue, a missing required key with PipelineSpecMissingKey, a file that does not exist with PipelineSpecNotFound and one that is not a PowerShell data file with PipelineSpecInvalid. Values are checked by the rules of the single cmdlets, with their error ids, and the messages name the path in the spec ("Function.MemorySize: 64 MB is outside what Lambda allows ..."). Then the function's folder is packaged (deterministically, as New-AlonzoPackage does) and its handler checked.

Then the command plans, from read calls only, exactly what Get-AlonzoPipelinePlan shows: one plan per resource, in dependency order (stream, role, function, mapping), followed by the removal of resources the pipeline owns that the spec no longer has (a mapping after EventMapping = $null, the old function or role after a rename). Settings the spec leaves out take Kinesis's and Lambda's defaults, so a setting changed behind Alonzo's back is set back. The role is owned outright: managed and inline policies the spec does not list are taken off.

A stream, role or function with the spec's name that does not carry the pipeline's mark (the tag alonzo:pipeline=<name>) stops the command with ResourceNotOwned before anything is changed, unless -Adopt is given. Every resource the command creates or converges gets the mark, and the stream also gets alonzo:role and alonzo:function, naming the role and function the pipeline owns.

The plans are applied in order through the same engine operations as New-AlonzoStream, New-AlonzoRole, Publish-AlonzoFunction and Add-AlonzoEventMapping. Each resource is waited for until it is usable (stream ACTIVE, function Active with its update finished, mapping Enabled or Disabled) before the next one, so the function gets the ARN of a role created moments before (its creation is retried while IAM propagates the role) and the mapping the ARN of the new stream. A resource that already matches makes no call that changes anything; a second run of the same spec returns every resource with Action Unchanged.

The output is one row per resource, grouped by pipeline: Kind, Name, Action (Created, Updated, Unchanged, Replaced or Deleted), State, Changes (what was done, one line each), Arn, UUID and Region. Environment variable values never appear in the output, in -WhatIf lines, in prompts or in the Verbose stream; only the names of variables that change do. A failure stops the run at that resource and is written as a non-terminating error whose target is the offending value for a spec error, and otherwise the -Path given (or "spec"); resources applied before it stay as they are, and running the command again converges from there.
'@

    Parameters  = @{
        Path       = @'
The pipeline spec file: a .psd1 PowerShell data file holding one hashtable (see about_Alonzo_Pipelines and examples/alonzo.psd1). It is read with Import-PowerShellDataFile, so no command in it runs. Relative paths inside it (Function.Path) start at the file's folder. Accepts pipeline input by property name, including the FullName of files from Get-ChildItem, so every spec of a folder can be deployed in one pipeline.
'@
        Spec       = @'
The pipeline spec as a hashtable, with the same keys as a spec file, for example @{ Name = 'alonzo'; Function = @{ Path = './handler'; Handler = 'app.handler'; Runtime = 'python3.12' } }. Relative paths inside it start at the current location.
'@
        Adopt      = @'
Take over a stream, role or function that has the spec's name but not the pipeline's mark: it belongs to no pipeline, or to another one. Without -Adopt such a resource fails the command with ResourceNotOwned before anything is changed. With it, the command writes a warning per resource ("Stream orders exists and belongs to no pipeline; adopting it into pipeline 'orders'."), marks the resource as the pipeline's and converges it to the spec like any other resource, so an adopted role loses the policies the spec does not list. Run Get-AlonzoPipelinePlan -Adopt first to see what that would change.
'@
        Force      = @'
Allow replacing the event source mapping when the spec's StartingPosition (or StartingPositionTimestamp) differs from the existing mapping's, which Lambda cannot change in place: the mapping is deleted, waited for until gone, and created again, so records may be read again or skipped. Without -Force the command fails with StartingPositionImmutable before anything is changed; the plan shows such a mapping with Action Replace. -Force does not skip confirmation prompts and does not affect -WhatIf.
'@
        TimeoutSec = @'
How long each wait may take, in seconds (300 by default, 1 to 3600): for the stream to become ACTIVE, the function to become Active or finish an update, the mapping to become Enabled, and a removed mapping to be gone. When the time is up the command fails with WaitTimedOut; the change usually completes in AWS, and a later run converges from wherever it got to.
'@
        WhatIf     = @'
Shows what the command would change, one "What if:" line per change of every resource that would change (including each setting a new resource would be created with, and each step of a removal), and changes nothing. The spec is still read and checked, the code packaged and the account read, so the lines reflect the resources as they are, and input and ownership errors are reported. Nothing is written to the output. Get-AlonzoPipelinePlan returns the same plan as objects.
'@
        Confirm    = @'
Asks before changing each resource that would change, all before the first change is made. Each prompt names the resource (target "Function alonzo") and what would happen: the create ("Create function with code ... (382 bytes)"), every change of an update joined by "; " ("MemorySize 128 -> 256; Timeout 3 -> 30"), or a delete and the steps before it. A declined resource is left as it is and has no output row; resources that need one whose creation was declined are skipped with a warning.
'@
    }

    Inputs      = @{
        'System.String' = @'
Objects with a Path or FullName property bind to -Path by property name, such as the files from Get-ChildItem ./pipelines/*.psd1.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoPipelineResource' = @'
One row per resource that was applied: Pipeline, Kind (Stream, Role, Function or EventMapping), Name (a mapping's is stream->function), Action (Created, Updated, Unchanged, Replaced or Deleted), State (ACTIVE, Present, Active, Enabled, Deleted, ...), StateDetail (a function's last update status, a mapping's last processing result), Changes (what was done), Arn, UUID (of a mapping) and Region. Declined resources have no row; nothing is written with -WhatIf.
'@
    }

    Examples    = @(
        @{
            Title   = 'Deploy the example pipeline'
            Code    = @'
PS> Publish-AlonzoPipeline -Path ./examples/alonzo.psd1

   Pipeline: alonzo

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       alonzo                   Created   ACTIVE    Create Kinesis stream…
Role         alonzo_lambda            Created   Present   Created role alonzo_l…
Function     alonzo                   Created   Active    Created with code k5F…
EventMapping alonzo->alonzo           Created   Enabled   Created mapping 40a42…
'@
            Remarks = @'
On an empty account the command creates the stream and waits until it is ACTIVE, creates the role with AWSLambdaKinesisExecutionRole, creates the function from examples/handler with that role (retrying while IAM propagates it), and maps the stream to the function. Each resource is tagged alonzo:pipeline=alonzo.
'@
        }
        @{
            Title   = 'Run it again: nothing changes'
            Code    = @'
PS> Publish-AlonzoPipeline -Path ./examples/alonzo.psd1 -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: Kinesis ListTagsForStream
VERBOSE: IAM GetRole
VERBOSE: IAM ListAttachedRolePolicies
VERBOSE: IAM ListRolePolicies
VERBOSE: IAM ListRoleTags
VERBOSE: Role 'alonzo_lambda' already matches; nothing to change.
VERBOSE: Lambda GetFunction
VERBOSE: Lambda ListEventSourceMappings
VERBOSE: Function 'alonzo' is up to date (code k5F24TtPKALbuZVhO58qDxOADD5L/p2za60NWLLtmvs=); nothing to change.
VERBOSE: Mapping 40a42fe9-5a3d-4bb9-8a91-d3c52007de28 from 'alonzo' to 'alonzo' is up to date.

   Pipeline: alonzo

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       alonzo                   Unchanged ACTIVE
Role         alonzo_lambda            Unchanged Present
Function     alonzo                   Unchanged Active
EventMapping alonzo->alonzo           Unchanged Enabled
'@
            Remarks = @'
Only read calls are made: the folder packages to the same CodeSha256 and every setting matches, so the command can end every deployment script.
'@
        }
        @{
            Title   = 'Preview a change with -WhatIf, then deploy it'
            Code    = @'
PS> Publish-AlonzoPipeline -Path ./pipelines/clicks.psd1 -WhatIf
What if: Performing the operation "set retention 48 -> 24 hours" on target "Stream clicks".
What if: Performing the operation "Detach managed policy arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" on target "Role clicks_lambda".
What if: Performing the operation "Timeout 10 -> 3" on target "Function clicks".
What if: Performing the operation "Environment variables changed: EXTRA, LOG_LEVEL" on target "Function clicks".

PS> Publish-AlonzoPipeline -Path ./pipelines/clicks.psd1 | Format-Table Kind, Name, Action, Changes -Wrap

        Kind Name              Action Changes
        ---- ----              ------ -------
      Stream clicks           Updated {set retention 48 -> 24 hours}
        Role clicks_lambda    Updated {Detached arn:aws:iam::aws:policy/AmazonS3
                                      ReadOnlyAccess}
    Function clicks           Updated {Timeout 10 -> 3, Environment variables ch
                                      anged: EXTRA, LOG_LEVEL}
EventMapping clicks->clicks Unchanged {}
'@
            Remarks = @'
Someone changed the stream's retention, attached a policy to the role and changed the function's timeout and variables by hand. The spec does not list those, so the deploy sets them back. The variables are named, never their values.
'@
        }
        @{
            Title   = 'Confirm resource by resource'
            Code    = @'
PS> Publish-AlonzoPipeline -Path ./examples/alonzo.psd1 -Confirm

Confirm
Are you sure you want to perform this action?
Performing the operation "Create Kinesis stream with 1 shard(s)" on target "Stream alonzo".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y

Confirm
Are you sure you want to perform this action?
Performing the operation "Create IAM role trusted by lambda.amazonaws.com" on target "Role alonzo_lambda".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): n

Confirm
Are you sure you want to perform this action?
Performing the operation "Create function with code k5F24TtPKALbuZVhO58qDxOADD5L/p2za60NWLLtmvs= (382 bytes)" on target "Function alonzo".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y

Confirm
Are you sure you want to perform this action?
Performing the operation "Create mapping from (known after apply: Stream alonzo Arn) to function alonzo (starting at LATEST)" on target "EventMapping alonzo->alonzo".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y
WARNING: Function alonzo was not changed: it needs Role alonzo_lambda, whose creation was declined.
WARNING: EventMapping alonzo->alonzo was not changed: it needs Function alonzo, whose creation was declined.

   Pipeline: alonzo

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       alonzo                   Created   ACTIVE    Create Kinesis stream…
'@
            Remarks = @'
Every question is asked before the first change. The role was declined, so the function that needs it, and the mapping that needs the function, were skipped. The stream's ARN is not known until the stream exists, hence "(known after apply: ...)". Run the command again to create the rest.
'@
        }
        @{
            Title   = 'Take over a stream that already exists'
            Code    = @'
PS> Publish-AlonzoPipeline -Spec @{ Name = 'orders'; Function = @{ Path = './handler'; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12' } } -ErrorVariable failure -ErrorAction SilentlyContinue
PS> $failure[0].FullyQualifiedErrorId
ResourceNotOwned,Alonzo.Commands.Pipelines.PublishAlonzoPipelineCommand
PS> $failure[0].Exception.Message
Stream orders already exists and is not part of any pipeline (it has no tag alonzo:pipeline=orders); nothing was changed.

PS> Publish-AlonzoPipeline -Spec @{ Name = 'orders'; Function = @{ Path = './handler'; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12' } } -Adopt
WARNING: Stream orders exists and belongs to no pipeline; adopting it into pipeline 'orders'.

   Pipeline: orders

Kind         Name                     Action    State     Changes
----         ----                     ------    -----     -------
Stream       orders                   Updated   ACTIVE    Tagged alonzo:functio…
Role         orders_lambda            Created   Present   Created role orders_l…
Function     orders                   Created   Active    Created with code k5F…
EventMapping orders->orders           Created   Enabled   Created mapping 5a750…
'@
            Remarks = @'
The stream orders was made by hand, so the pipeline does not own it and the first command changes nothing. With -Adopt the stream gets the pipeline's tags and the rest of the pipeline is built around it.
'@
        }
        @{
            Title   = 'Deploy every spec of a folder'
            Code    = @'
PS> Get-ChildItem ./pipelines/*.psd1 | Publish-AlonzoPipeline | Where-Object Action -ne 'Unchanged'
'@
            Remarks = @'
The files bind to -Path by their FullName. Each spec is processed on its own, and a failing one does not stop the others. Only what changed is shown.
'@
        }
        @{
            Title   = 'Read the stream from the beginning'
            Code    = @'
PS> Get-AlonzoPipelinePlan -Path ./alonzo.psd1 | Where-Object Action -ne 'None'

Kind         Name                     Action  Changes
----         ----                     ------  -------
EventMapping alonzo->alonzo           Replace Replace mapping 25bad6e5-f9ac-4c7…

PS> Publish-AlonzoPipeline -Path ./alonzo.psd1 -Force
'@
            Remarks = @'
The spec's EventMapping.StartingPosition was changed from LATEST to TRIM_HORIZON. Lambda cannot change a mapping's starting position, so the mapping has to be replaced; -Force allows that. Without -Force the deploy fails with StartingPositionImmutable before it changes anything.
'@
        }
    )

    Notes       = @'
Publish-AlonzoPipeline supports -WhatIf and -Confirm (ConfirmImpact Medium, so it does not ask unless -Confirm is given or $ConfirmPreference is Medium or Low). It asks once per resource that would change; the single cmdlets ask once per change.

Renaming: when the spec names another function or role than the stream's alonzo:function and alonzo:role tags, the new one is created and the old one, if it still carries the pipeline's mark, is removed at the end of the same run (a function's mappings from the stream first). A renamed stream is created anew, and the old stream (found by its mark) is removed at the end of the run with its mappings, after the new mapping exists.

Permissions needed, besides iam:PassRole on the pipeline's role: kinesis:DescribeStreamSummary, kinesis:ListTagsForStream, kinesis:CreateStream, kinesis:AddTagsToStream, kinesis:UpdateShardCount, kinesis:UpdateStreamMode, kinesis:IncreaseStreamRetentionPeriod and kinesis:DecreaseStreamRetentionPeriod; iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListRoleTags, iam:GetPolicy, iam:CreateRole, iam:AttachRolePolicy, iam:DetachRolePolicy, iam:PutRolePolicy, iam:DeleteRolePolicy, iam:UpdateAssumeRolePolicy, iam:UpdateRole and iam:TagRole; lambda:GetFunction, lambda:GetFunctionConfiguration, lambda:CreateFunction, lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration, lambda:TagResource, lambda:ListEventSourceMappings, lambda:GetEventSourceMapping, lambda:CreateEventSourceMapping, lambda:UpdateEventSourceMapping and lambda:DeleteEventSourceMapping. Removing a renamed function or role also needs lambda:DeleteFunction, iam:ListInstanceProfilesForRole, iam:RemoveRoleFromInstanceProfile and iam:DeleteRole. The function's own role must be able to read the stream; the default role policy, AWSLambdaKinesisExecutionRole, allows that.

A stream is billed per shard-hour, and an enabled mapping invokes the function for every batch of records. Remove-AlonzoPipeline deletes what the pipeline made.
'@

    Links       = @('about_Alonzo_Pipelines', 'about_Alonzo_Errors', 'Get-AlonzoPipelinePlan', 'Get-AlonzoPipeline', 'Remove-AlonzoPipeline', 'New-AlonzoPackage')
}
