@{
    Synopsis    = 'Shows what Publish-AlonzoPipeline would do with a spec, as plan objects, from read calls only.'

    Description = @'
Get-AlonzoPipelinePlan reads the spec (-Path or -Spec), checks it whole, packages the function's code locally and reads the account, then returns the plan Publish-AlonzoPipeline would apply, without changing anything: one plan per resource, in the order a deploy applies them (the stream, the role, the function and the event source mapping), followed by the removal of resources the pipeline owns that the spec no longer has. The spec format is described in about_Alonzo_Pipelines.

Each plan has Kind, Name (a mapping's is stream->function), Action, Changes and DependsOn. Action is None when the resource already matches the spec, Create, Update, Replace (the mapping's starting position changes, which needs Publish-AlonzoPipeline -Force) or Remove. Each change has an Operation (Create, Set, Add, Remove, Delete or Wait), a Path (MemorySize, ManagedPolicyArns, Environment, ...), an Item for Add and Remove (a policy ARN, an inline policy's name), Before and After, a Summary ("MemorySize 128 -> 256") and IsPartOfCreate for the settings a new resource is created with. A value that only exists once an earlier resource is created, such as the ARN of a role still to be made, reads "(known after apply: Role alonzo_lambda Arn)". Environment variables are Sensitive: Before and After show "(sensitive)" and the Summary names only the variables that change.

When every plan has Action None, the account matches the spec and Publish-AlonzoPipeline would make no change, so the command can gate a deployment or check in CI that nothing drifted. For the account's state and the drift as rows, use Get-AlonzoPipeline -Path.

The checks are those of Publish-AlonzoPipeline: spec errors (PipelineSpecUnknownKey, PipelineSpecInvalidValue, PipelineSpecMissingKey, PipelineSpecNotFound, PipelineSpecInvalid, and the single cmdlets' value errors such as InvalidMemorySize) before any call; package errors (HandlerNotFound, EmptyPackage, PackageTooLarge); a managed policy to attach that does not exist (PolicyNotFound); and ResourceNotOwned when a stream, role or function with the spec's name does not carry the pipeline's mark, unless -Adopt is given. Failures are non-terminating errors whose target is the offending value for a spec error, and otherwise the -Path given (or "spec").
'@

    Parameters  = @{
        Path       = @'
The pipeline spec file: a .psd1 PowerShell data file holding one hashtable (see about_Alonzo_Pipelines and examples/alonzo.psd1). It is read with Import-PowerShellDataFile, so no command in it runs. Relative paths inside it start at the file's folder. Accepts pipeline input by property name, including the FullName of files from Get-ChildItem.
'@
        Spec       = @'
The pipeline spec as a hashtable, with the same keys as a spec file. Relative paths inside it start at the current location.
'@
        Adopt      = @'
Plan as Publish-AlonzoPipeline -Adopt would: a stream, role or function with the spec's name that the pipeline does not own is not an error; a warning names it, and its plan shows what adopting would change (at least the pipeline's tags, and for a role any policy the spec does not list).
'@
        TimeoutSec = @'
Accepted so that the same parameters can be passed to Get-AlonzoPipelinePlan and Publish-AlonzoPipeline (for example by splatting). Planning only reads and never waits, so the value has no effect here. 1 to 3600, 300 by default.
'@
    }

    Inputs      = @{
        'System.String' = @'
Objects with a Path or FullName property bind to -Path by property name, such as the files from Get-ChildItem ./pipelines/*.psd1.
'@
    }

    Outputs     = @{
        'Alonzo.Resources.ResourcePlan' = @'
One plan per resource: Key, Kind, Name, Action (None, Create, Update, Replace or Remove), Changes (ResourceChange objects: Resource, Operation, Path, Item, Before, After, Summary, Done, Sensitive, IsPartOfCreate, Id), DependsOn (the resources it needs), Current (the resource as read, or $null when it does not exist) and IsEmpty ($true for Action None). The table view shows Kind, Name, Action and the change summaries; a Create shows how many settings the resource is created with.
'@
    }

    Examples    = @(
        @{
            Title   = 'Plan the example pipeline on an empty account'
            Code    = @'
PS> Get-AlonzoPipelinePlan -Path ./examples/alonzo.psd1

Kind         Name                     Action  Changes
----         ----                     ------  -------
Stream       alonzo                   Create  new, 4 settings
Role         alonzo_lambda            Create  new, 1 settings
Function     alonzo                   Create  new, 9 settings
EventMapping alonzo->alonzo           Create  new, 9 settings
'@
            Remarks = @'
Nothing exists yet, so every resource is created. Only read calls are made (DescribeStreamSummary, GetRole, GetPolicy, GetFunction); the code is packaged locally to know its CodeSha256.
'@
        }
        @{
            Title   = 'See the settings a new resource gets'
            Code    = @'
PS> Get-AlonzoPipelinePlan -Path ./examples/alonzo.psd1 | Where-Object Kind -eq 'Function' | Format-List

Kind      : Function
Name      : alonzo
Action    : Create
Changes   : Create function with code k5F24TtPKALbuZVhO58qDxOADD5L/p2za60NWLLtmvs= (382 bytes)
            Code = k5F24TtPKALbuZVhO58qDxOADD5L/p2za60NWLLtmvs=
            Handler = lambda_function.lambda_handler
            Runtime = python3.12
            Role = (known after apply: Role alonzo_lambda Arn)
            MemorySize = 128
            Timeout = 3
            Architecture = x86_64
            Environment variables: LOG_LEVEL
            Tags = alonzo:pipeline=alonzo, project=alonzo
DependsOn : Role alonzo_lambda
'@
            Remarks = @'
The role is still to be created, so its ARN is filled in when the deploy gets to the function. The environment variable is named, its value is not shown.
'@
        }
        @{
            Title   = 'Plan one changed field'
            Code    = @'
PS> $spec = Import-PowerShellDataFile ./examples/alonzo.psd1
PS> $spec.Function.MemorySize = 256
PS> Get-AlonzoPipelinePlan -Spec $spec

Kind         Name                     Action  Changes
----         ----                     ------  -------
Stream       alonzo                   None
Role         alonzo_lambda            None
Function     alonzo                   Update  MemorySize 128 -> 256
EventMapping alonzo->alonzo           None

PS> (Get-AlonzoPipelinePlan -Spec $spec).Changes | Select-Object Resource, Operation, Path, Before, After

Resource  : Function alonzo
Operation : Set
Path      : MemorySize
Before    : 128
After     : 256
'@
            Remarks = @'
After a deploy of the example, only the changed setting is planned. A -Spec hashtable resolves Function.Path from the current location, so run this from the folder that holds the handler folder, or give an absolute path.
'@
        }
        @{
            Title   = 'Fail a CI job when the account does not match the spec'
            Code    = @'
PS> $changes = Get-AlonzoPipelinePlan -Path ./examples/alonzo.psd1 -ErrorAction Stop | Where-Object Action -ne 'None'
PS> if ($changes) { $changes | ForEach-Object ToString; throw 'The pipeline differs from its spec.' }
Update Function alonzo: MemorySize 256 -> 128
'@
            Remarks = @'
Each plan's ToString() is one line with its action and every change. An empty result means Publish-AlonzoPipeline would change nothing.
'@
        }
        @{
            Title   = 'A typo in a spec'
            Code    = @'
PS> Get-AlonzoPipelinePlan -Spec @{ Name = 'x'; Function = @{ Path = './handler'; Handler = 'lambda_function.lambda_handler'; Runtime = 'python3.12'; MemorySze = 256 } }
Get-AlonzoPipelinePlan: Function.MemorySze: 'MemorySze' is not a key of Function. Did you mean 'MemorySize'? Valid keys: Name, Path, Handler, Runtime, MemorySize, Timeout, Environment, Description, Architecture, Exclude, Tags.
'@
            Remarks = @'
The error id is PipelineSpecUnknownKey and the target is the key. The spec is checked whole before any call to AWS.
'@
        }
    )

    Notes       = @'
Get-AlonzoPipelinePlan changes nothing. It needs the read permissions of Publish-AlonzoPipeline: kinesis:DescribeStreamSummary and kinesis:ListTagsForStream; iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListRoleTags, iam:GetPolicy and, when an old role is to be removed, iam:ListInstanceProfilesForRole; lambda:GetFunction, lambda:ListEventSourceMappings and lambda:GetEventSourceMapping.

The plan reflects the account when it is read. Publish-AlonzoPipeline plans again when it runs, so a change made in between is taken into account rather than overwritten blindly.
'@

    Links       = @('about_Alonzo_Pipelines', 'about_Alonzo_Errors', 'Publish-AlonzoPipeline', 'Get-AlonzoPipeline', 'Remove-AlonzoPipeline')
}
