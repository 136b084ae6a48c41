@{
    Synopsis    = 'Creates a Lambda function from a folder or zip if it is missing, or brings an existing function in line with the code and settings given.'

    Description = @'
Publish-AlonzoFunction converges. When no function of that name exists in the region, it creates one from the code (a folder with -Path, a zip with -ZipFile, or a package from New-AlonzoPackage) with the handler, runtime, role and settings given, and waits until Lambda reports it Active. When the function exists, it compares it with what was asked for and changes only what differs: the code is uploaded only when the package's CodeSha256 differs from the function's, and only the settings that differ are sent in one configuration update. A function that already matches is returned with Action Unchanged, and no call that changes anything is made (only GetFunction, plus GetRole when the role given is not the one the function uses), so the command can run at the end of every deployment.

The output's Action says what happened: Created, Updated or Unchanged. Changes lists what was done, one line per change: "Created with code <CodeSha256> (<size> bytes)", "Code <old CodeSha256> -> <new CodeSha256> (<size> bytes)", "Architecture x86_64 -> arm64", "Handler ... -> ...", "Runtime ... -> ...", "Role ... -> ...", "MemorySize 128 -> 256", "Timeout 3 -> 30", "Description ... -> ...", "Environment variables changed: API_TOKEN, TABLE", "Tags: env, team" and "Published version 2". An Unchanged function has no Changes. With -WhatIf the planned changes are shown and nothing is changed: a new function as one "What if:" line ("Create function with code <CodeSha256> (<size> bytes)"), an update as one line per change ("MemorySize 128 -> 256").

Settings that are not given are left as they are on an existing function (and get Lambda's defaults on a new one: 128 MB, 3 seconds, x86_64, no description, no environment variables). -Handler, -Runtime and -Role are always compared, because they are required. -Environment replaces the whole set of variables when it differs: variables that are not in the hashtable are removed. Tags are added or updated, never removed.

Environment variable values are never shown: they often hold secrets, and output objects, Verbose lines and -WhatIf messages end up in logs and transcripts. The output object has only EnvironmentVariableNames; Changes and -WhatIf name the variables that were added, removed or given another value, without their values; errors about -Environment name the variable or give a count, never a value.

Everything that can be checked without AWS is checked first, so bad input never leaves a half-made function: the name (1 to 64 letters, digits, '-' or '_', and not an ARN; InvalidFunctionName), the handler (1 to 128 characters without spaces; InvalidHandler), the runtime (one of Lambda's runtime identifiers; UnknownRuntime, with the nearest ones suggested), the role (not empty; MissingRole), -MemorySize (128 to 32768 MB; InvalidMemorySize), -Timeout (1 to 900 seconds; InvalidTimeout), -Description (at most 256 characters; InvalidDescription), -Architecture (x86_64 or arm64; InvalidArchitecture), -Environment (names that start with a letter and have only letters, digits and '_', at least 2 characters, and at most 4 KB of names and values together; InvalidEnvironment) and -Tag (InvalidTag). Then the code is read: a folder or zip that does not exist fails with PathNotFound, a file that is not a zip with InvalidZipFile, a zip without files or a folder with nothing left to package with EmptyPackage, and a package over 50 MB with PackageTooLarge. For python and nodejs runtimes the handler's file must be in the package, otherwise the command fails with HandlerNotFound and names the nearest files with the -Handler value that would name them (a Python handler such as app.lambda_handler needs app.py; a Node.js handler such as index.handler needs index.js, .mjs or .cjs). Java, .NET, Ruby and custom (provided) runtimes are not checked. Only then are the credentials and the region resolved (NoCredentials, NoRegion, InvalidEndpoint) and AWS called.

The role is resolved before anything is created or changed. A role name is looked up with IAM GetRole (RoleNotFound when there is no such role, InvalidRoleName when the name is not valid); an ARN must be a role ARN (InvalidRoleArn) and must be the ARN of the role of that name in the account (RoleNotFound otherwise). A role whose trust policy does not let lambda.amazonaws.com assume it produces a warning, because Lambda will refuse it. When the function already uses the role given, by name or ARN, no IAM call is made.

A role created seconds earlier (for example by New-AlonzoRole in the same pipeline) is usually not yet assumable by Lambda: IAM propagates new roles with a delay, and CreateFunction fails with "The role defined for the function cannot be assumed by Lambda." The command retries the create for about 2 minutes, starting after 1 second and doubling the delay up to 10 seconds, writes a Verbose line for every failed try ("Lambda cannot assume role '...' yet (IAM is still propagating it); try 2 failed, retrying in 2 s.") and shows a progress bar. If the role is still not assumable after that, the command fails with RoleNotAssumable; check that the role trusts lambda.amazonaws.com and run the command again.

After the create and after every change, the command waits until the function is ready for the next step: State Active and LastUpdateStatus Successful, polled with GetFunctionConfiguration quickly at first and then every second, as Lambda's FunctionActiveV2 and FunctionUpdatedV2 waiters do, with a progress bar, for at most -TimeoutSec seconds (WaitTimedOut). The changes are made in this order: the code (with the architecture, when that changes), then the configuration, then the tags, then the version. A function that fails to become active fails with FunctionFailed, and a failed update with FunctionUpdateFailed; both messages give Lambda's reason. When there is something to change and the function is still being changed by someone else, the command waits for that update to finish first.

Lambda refuses a change while another update of the function is in progress (ResourceConflictException). Because the command waits after each of its own changes, this only happens when someone else changes the function at the same time; the command then treats the conflict as retryable: it waits for the other update to finish and tries again (with a Verbose line per try), until -TimeoutSec runs out, after which the error AwsConflict.ResourceConflictException is written. If another caller creates the same function between this command's check and its create call, the command converges on that function instead of failing.

With -Publish, a numbered version is published when something changed: on create, Lambda publishes version 1 with the create call; on an update, PublishVersion is called after all changes, for exactly the code that was deployed. The output's Version is then the new version number, and Changes ends with "Published version <n>". When nothing changed, no version is published (the Verbose stream says so) and Version is $LATEST.

Failures are non-terminating errors with the function name as target object (for input errors, the invalid value), so a pipeline continues with the next item. Use -Verbose to see every call to AWS and what was decided; request and response bodies, and so the code and the environment variable values, are never written to the Verbose or Debug stream.
'@

    Parameters  = @{
        Name         = @'
The name of the function: 1 to 64 letters, digits, hyphens or underscores, unique per account and region. A function ARN is not accepted here (the region and account come from the session). Accepts pipeline input by property name, from objects with a Name or FunctionName property such as the output of Get-AlonzoFunction.
'@
        Path         = @'
The folder that holds the handler and its dependencies. It is packaged exactly as New-AlonzoPackage would package it (its contents at the root of the zip, deterministic, with .git/, __pycache__/, *.pyc and the like left out), in memory: nothing is written to disk or to the package cache. Because the same files always give the same zip, unchanged code has the same CodeSha256 and is not uploaded again. Relative paths are resolved from the current location; ~ and PowerShell drives work. A folder that does not exist fails with PathNotFound.
'@
        Exclude      = @'
With -Path, patterns of files and folders to leave out of the package, with .gitignore rules as in New-AlonzoPackage -Exclude: a pattern without a slash matches a name at any depth (*.md, tests), a pattern with a slash is anchored at the folder (docs/build), a trailing slash matches folders only, ** spans folders (tests/**), and a leading ! re-includes what an earlier pattern excluded.
'@
        ZipFile      = @'
A zip file to deploy as it is, for example one built by New-AlonzoPackage -OutFile or by another build tool. Its bytes are uploaded unchanged, so its CodeSha256 is compared with the function's. It must exist (PathNotFound), be a zip (InvalidZipFile), contain files (EmptyPackage) and be at most 50 MB (PackageTooLarge); for python and nodejs runtimes it must contain the handler's file (HandlerNotFound).
'@
        Package      = @'
A package from New-AlonzoPackage, usually piped in. Its zip file (the package's Path) is read and checked like -ZipFile; a package object without a file fails with InvalidPackage. -Handler and -Runtime are still required, because they are not taken from the package; the handler is checked against the zip again.
'@
        Handler      = @'
The function's entry point, such as lambda_function.lambda_handler (Python: module.function, where app.main.handler means app/main.py) or index.handler (Node.js: file.function). At most 128 characters without spaces (InvalidHandler). For python and nodejs runtimes the handler's file must be in the package (HandlerNotFound); the function name after the last dot is not checked. A different handler on an existing function is updated.
'@
        Runtime      = @'
The runtime identifier, such as python3.12, python3.13, nodejs22.x, java21, dotnet8, ruby3.4 or provided.al2023. It must be one of the runtimes in Lambda's API model (UnknownRuntime, with the nearest names suggested); Lambda itself refuses runtimes past their deprecation dates, first for new functions and later for updates (AwsInvalidRequest.InvalidParameterValueException). A different runtime on an existing function is updated. Press Tab to complete runtime names, newest first.
'@
        Role         = @'
The execution role the function runs as: a role name (alonzo_lambda), a role ARN (arn:aws:iam::123456789012:role/alonzo_lambda), or a role object piped in from New-AlonzoRole or Get-AlonzoRole, which binds by its RoleArn property (the output of Get-AlonzoFunction binds by its Role property). The role is checked to exist before anything is created or changed (RoleNotFound); see the description for the retries while a new role propagates. The calling identity needs iam:PassRole on the role. A different role on an existing function is updated.
'@
        MemorySize   = @'
The memory of the function in MB, from 128 to 32768 (InvalidMemorySize); most accounts are limited to 10240 by Lambda. CPU is allocated in proportion. When omitted, a new function gets 128 MB and an existing function keeps its memory size.
'@
        Timeout      = @'
How long one invocation may run, in seconds, from 1 to 900 (InvalidTimeout). When omitted, a new function gets 3 seconds and an existing function keeps its timeout. Not to be confused with -TimeoutSec, which limits how long this command waits.
'@
        Environment  = @'
The function's environment variables, as a hashtable such as @{ TABLE = 'events'; API_TOKEN = $token }. Values are converted to strings ($null becomes an empty string). Names must start with a letter and have only letters, digits and '_', at least 2 characters; names and values together may take at most 4 KB (InvalidEnvironment). Lambda also refuses names it reserves, such as AWS_REGION.

When the variables differ from the function's, the whole set is replaced: variables not in the hashtable are removed, and @{} removes them all. When omitted, the variables are left as they are. Values are never shown by Alonzo: the output has only EnvironmentVariableNames, and Changes and -WhatIf list only the names of variables that were added, removed or changed. For real secrets, prefer SSM Parameter Store or Secrets Manager, since anyone who can read the function's configuration can read its variables.
'@
        Description  = @'
A description of the function, at most 256 characters (InvalidDescription). A different description on an existing function is updated; -Description '' removes it. When omitted, the description is left as it is.
'@
        Architecture = @'
The instruction set the function runs on: x86_64 (Lambda's default) or arm64 (Graviton). Changing it on an existing function uploads the code again together with the new architecture, so the package must suit it (compiled dependencies in particular). When omitted, a new function gets x86_64 and an existing function keeps its architecture.
'@
        Tag          = @'
Tags as a hashtable, such as @{ team = 'data'; env = 'dev' }. Values are converted to strings. At most 50 tags; keys are 1 to 128 characters and must not start with 'aws:', values are at most 256 characters (InvalidTag). A new function is created with the tags; on an existing function, tags that are missing or have another value are set (TagResource), and other tags are never removed. Changes names the tags that were set, as "Tags: env, team".
'@
        Publish      = @'
Publish a numbered version of the function when this run created or changed it. The new version number is in the output's Version, and Changes ends with "Published version <n>". When nothing changed, no version is published and Version is $LATEST: Publish-AlonzoFunction never publishes a version that would only repeat the previous one.
'@
        SubnetId        = @'
Place the function in a VPC: the subnets (subnet-...) its network interfaces go into, at most 16, together with -SecurityGroupId (Lambda needs both). Compared with the function's settings as a set, so order and repeats do not matter and equal sets make no call. Before the function is touched, Alonzo checks through EC2 that every subnet and group exists and that all are in one VPC; each failure names the id (SubnetNotFound, SecurityGroupNotFound, VpcMismatch, TooManySubnets, IncompleteVpcConfig). When none of the subnets routes 0.0.0.0/0 to a NAT gateway (the subnet's own route table, else the VPC's main one), a warning says that the function cannot reach anything outside the VPC. When the execution role cannot manage network interfaces, AWSLambdaVPCAccessExecutionRole is attached to it first (a change of its own that -WhatIf shows), unless -NoVpcPolicy is given.
'@
        SecurityGroupId = @'
The function's security groups (sg-...) in the VPC, at most 5, together with -SubnetId. Compared as a set. New-AlonzoSecurityGroup -FunctionName makes the usual <function>_lambda group.
'@
        NoVpc           = @'
Take the function out of its VPC (empty VpcConfig). Lambda keeps the function's network interfaces for up to about 45 minutes afterwards, and the command warns that its security groups and subnets cannot be deleted until then. Cannot be combined with -SubnetId or -SecurityGroupId (ConflictingVpcParameters).
'@
        NoVpcPolicy     = @'
With -SubnetId and -SecurityGroupId: do not attach AWSLambdaVPCAccessExecutionRole to a role that lacks ec2:CreateNetworkInterface, DescribeNetworkInterfaces and DeleteNetworkInterface; only warn (Lambda then refuses the VPC settings).
'@
        TimeoutSec   = @'
How long to wait, in seconds, for the function to become Active or to finish an update, after the create and after each change; also how long to keep retrying when another update of the function is in progress. The default of 300 matches Lambda's own waiters (300 polls 1 second apart). When the time is up the command fails with the error WaitTimedOut; the change continues in Lambda, and a later run converges from wherever it got to. The retries while a new role propagates are limited separately, to about 2 minutes.
'@
        WhatIf       = @'
Shows what the command would change without changing anything: for a new function one "What if:" line, "Create function with code <CodeSha256> (<size> bytes)"; for an existing one a line per planned change (for example "Code kck5MVLM6wAJ... -> /2J6qpN+0gZb... (306 bytes)" and "MemorySize 128 -> 256"). The code is still packaged and the function and role are still read, so the list reflects the function as it is, and input, package and role errors are reported. A function that would not change produces no line and is returned with Action Unchanged. -WhatIf never shows environment variable values.
'@
    }

    Inputs      = @{
        'Alonzo.AlonzoPackage' = @'
You can pipe a package from New-AlonzoPackage to -Package.
'@
        'System.String'        = @'
Objects with a Name or FunctionName property bind to -Name, and objects with a Role or RoleArn property bind to -Role, by property name. The output of New-AlonzoRole and Get-AlonzoRole therefore supplies the role, and the output of Get-AlonzoFunction supplies both the name and the role.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoFunction' = @'
The function after the run: FunctionName, FunctionArn, Runtime, Handler, Role (the role's ARN), MemorySize, Timeout, CodeSha256, CodeSize, State, StateReason, LastUpdateStatus, Version ($LATEST, or the version published by this run), Description, Architecture, EnvironmentVariableNames (names only, never values), LastModified, Region, Action (Created, Updated or Unchanged) and Changes (what this run did, one line per change). With -WhatIf, nothing is returned for a function that would change; nor when its creation, or every change, was declined at a -Confirm prompt.
'@
    }

    Examples    = @(
        @{
            Title   = 'Create the role and the function in one pipeline'
            Code    = @'
PS> New-AlonzoRole alonzo_lambda -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole |
        Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12

FunctionName Runtime    Memory Timeout State  Version CodeSha256    Action
------------ -------    ------ ------- -----  ------- ----------    ------
alonzo       python3.12    128      3s Active $LATEST kck5MVLM6wAJ… Created
'@
            Remarks = @'
New-AlonzoRole creates (or converges) the execution role with the permissions a function that reads a Kinesis stream needs, and its output binds to -Role by its RoleArn property. Publish-AlonzoFunction packages ./handler (which contains lambda_function.py), checks that the handler's file is in the package, creates the function and returns once it is Active. Lambda usually cannot assume a role in the first seconds after it is created; the create is retried meanwhile (see the next example).
'@
        }
        @{
            Title   = 'Watch the create wait for a new role with -Verbose'
            Code    = @'
PS> New-AlonzoRole alonzo_lambda -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole |
        Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Lambda GetFunction
VERBOSE: IAM GetRole
VERBOSE: Performing the operation "Create function with code kck5MVLM6wAJVtZU142sJ5s6WXxiUeWXTW/trZj+CmE= (297 bytes)" on target "alonzo".
VERBOSE: Lambda CreateFunction
VERBOSE: Lambda cannot assume role 'arn:aws:iam::123456789012:role/alonzo_lambda' yet (IAM is still propagating it); try 1 failed, retrying in 1 s.
VERBOSE: Lambda CreateFunction
VERBOSE: Lambda cannot assume role 'arn:aws:iam::123456789012:role/alonzo_lambda' yet (IAM is still propagating it); try 2 failed, retrying in 2 s.
VERBOSE: Lambda CreateFunction
VERBOSE: Lambda cannot assume role 'arn:aws:iam::123456789012:role/alonzo_lambda' yet (IAM is still propagating it); try 3 failed, retrying in 4 s.
VERBOSE: Lambda CreateFunction
VERBOSE: Created function 'alonzo' (297 bytes of code, CodeSha256 kck5MVLM6wAJVtZU142sJ5s6WXxiUeWXTW/trZj+CmE=).
VERBOSE: Lambda GetFunctionConfiguration
VERBOSE: Lambda GetFunctionConfiguration

FunctionName Runtime    Memory Timeout State  Version CodeSha256    Action
------------ -------    ------ ------- -----  ------- ----------    ------
alonzo       python3.12    128      3s Active $LATEST kck5MVLM6wAJ… Created
'@
            Remarks = @'
Each failed try writes a Verbose line and the progress bar shows the wait for IAM. The retries go on for about 2 minutes; a role that Lambda still cannot assume then fails with RoleNotAssumable. After the create, the command polls GetFunctionConfiguration until the function is Active.
'@
        }
        @{
            Title   = 'Run it again: nothing changes'
            Code    = @'
PS> Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Lambda GetFunction
VERBOSE: Function 'alonzo' is up to date (code kck5MVLM6wAJVtZU142sJ5s6WXxiUeWXTW/trZj+CmE=); nothing to change.

FunctionName Runtime    Memory Timeout State  Version CodeSha256    Action
------------ -------    ------ ------- -----  ------- ----------    ------
alonzo       python3.12    128      3s Active $LATEST kck5MVLM6wAJ… Unchanged

PS> (Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda).Changes.Count
0
'@
            Remarks = @'
The folder is packaged again, to the same bytes and the same CodeSha256, so the code is not uploaded; the settings match, and the function already uses the role alonzo_lambda, so IAM is not even asked. One read, no change, Action Unchanged and no Changes: the command can end every deployment script.
'@
        }
        @{
            Title   = 'See what a deployment would change with -WhatIf'
            Code    = @'
PS> Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -MemorySize 256 -Timeout 30 -Environment @{ TABLE = 'events'; API_TOKEN = $token } -WhatIf
What if: Performing the operation "Code kck5MVLM6wAJVtZU142sJ5s6WXxiUeWXTW/trZj+CmE= -> /2J6qpN+0gZb5z/aqhMewRUBvaTzmLbE0GuoNt4P7IY= (306 bytes)" on target "alonzo".
What if: Performing the operation "MemorySize 128 -> 256" on target "alonzo".
What if: Performing the operation "Timeout 3 -> 30" on target "alonzo".
What if: Performing the operation "Environment variables changed: API_TOKEN, TABLE" on target "alonzo".
'@
            Remarks = @'
The handler code was edited, so its CodeSha256 differs; memory, timeout and the environment variables differ too. -WhatIf lists every planned change on its own line and changes nothing. The environment variables are named, never their values, because API_TOKEN is a secret.
'@
        }
        @{
            Title   = 'Deploy the change and publish a version'
            Code    = @'
PS> $fn = Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda -MemorySize 256 -Timeout 30 -Environment @{ TABLE = 'events'; API_TOKEN = $token } -Publish
PS> $fn

FunctionName Runtime    Memory Timeout State  Version CodeSha256    Action
------------ -------    ------ ------- -----  ------- ----------    ------
alonzo       python3.12    256     30s Active 1       /2J6qpN+0gZb… Updated

PS> $fn.Changes
Code kck5MVLM6wAJVtZU142sJ5s6WXxiUeWXTW/trZj+CmE= -> /2J6qpN+0gZb5z/aqhMewRUBvaTzmLbE0GuoNt4P7IY= (306 bytes)
MemorySize 128 -> 256
Timeout 3 -> 30
Environment variables changed: API_TOKEN, TABLE
Published version 1
PS> $fn.EnvironmentVariableNames
API_TOKEN
TABLE
'@
            Remarks = @'
The command uploads the code, waits for the update to finish, sends one configuration update with the three settings that differ, waits again, and publishes version 1 of exactly the deployed code. Running the same command again returns Unchanged and publishes nothing.
'@
        }
        @{
            Title   = 'Deploy a package built by New-AlonzoPackage'
            Code    = @'
PS> New-AlonzoPackage ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Exclude 'tests/', '*.md' |
        Publish-AlonzoFunction -Name alonzo -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda

FunctionName Runtime    Memory Timeout State  Version CodeSha256    Action
------------ -------    ------ ------- -----  ------- ----------    ------
alonzo       python3.12    256     30s Active $LATEST /2J6qpN+0gZb… Unchanged
'@
            Remarks = @'
The package binds to -Package; -Handler and -Runtime are still needed. The zip is deterministic, so a package of unchanged code has the function's CodeSha256 and nothing is uploaded. A zip from another tool can be deployed with -ZipFile ./build/alonzo.zip instead.
'@
        }
        @{
            Title   = 'Redeploy an existing function with its current role'
            Code    = @'
PS> Get-AlonzoFunction alonzo | Publish-AlonzoFunction -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Publish
'@
            Remarks = @'
The function object binds to -Name by its FunctionName property and to -Role by its Role property, so only the code and the handler have to be given.
'@
        }
        @{
            Title   = 'React to a handler that is not in the package'
            Code    = @'
PS> Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler app.lambda_handler -Runtime python3.12 -Role alonzo_lambda -ErrorAction SilentlyContinue -ErrorVariable failure
PS> $failure[0].FullyQualifiedErrorId
HandlerNotFound,Alonzo.Commands.Functions.PublishAlonzoFunctionCommand
PS> $failure[0].Exception.Message
The handler 'app.lambda_handler' (python3.12) needs 'app.py' (or 'app/__init__.py') in the package, and it is not there. Nearest candidates: 'lambda_function.py' (-Handler lambda_function.lambda_handler).
'@
            Remarks = @'
The handler is checked against the package before any call to AWS, so a typo never produces a function that fails on its first invocation. Error ids are listed in about_Alonzo_Errors.
'@
        }
    )

    Notes       = @'
Publish-AlonzoFunction supports -WhatIf and -Confirm (ConfirmImpact Medium, so it does not ask unless -Confirm is given or $ConfirmPreference is Medium or Low), and only when something would change. A new function is confirmed once ("Create function with code ... (297 bytes)"). An existing function is confirmed change by change, one prompt per change such as "Code ... -> ...", "MemorySize 128 -> 256" or "Environment variables changed: API_TOKEN, TABLE"; only the approved changes are made, the declined ones are left as they are and are missing from Changes, and with -Publish a version is published only when an approved change was made. When every change is declined, nothing is changed and nothing is returned.

The code is sent in the request itself, which Lambda allows up to 50 MB (52,428,800 bytes) of zip; larger packages fail with PackageTooLarge before any call. Leave out what the function does not need (-Exclude 'tests/**', '*.md'), move large dependencies into a Lambda layer, or upload the zip to S3 and deploy it from there with the AWS CLI (aws lambda update-function-code --function-name alonzo --s3-bucket ... --s3-key ...); Publish-AlonzoFunction does not upload through S3.

Permissions needed: lambda:GetFunction, lambda:GetFunctionConfiguration, lambda:CreateFunction, lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration, lambda:TagResource and, with -Publish, lambda:PublishVersion; iam:GetRole to check the role and iam:PassRole to give it to Lambda.

To publish a version of a function that is already up to date, use aws lambda publish-version; -Publish publishes only when the run changed something.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'New-AlonzoPackage', 'New-AlonzoRole', 'Get-AlonzoFunction', 'Invoke-AlonzoFunction', 'Remove-AlonzoFunction')
}
