@{
    Synopsis    = 'Gets Lambda functions: one by name, or all whose names match a wildcard pattern.'

    Description = @'
Get-AlonzoFunction reads functions and changes nothing. Without -Name it returns every function in the region, sorted by name. A name with wildcard characters (*, ?, [ ]) returns the functions whose names match, ignoring case; no match is not an error. A name without wildcards returns that function (its $LATEST version), or writes the non-terminating error FunctionNotFound (category ObjectNotFound) when it does not exist, with the recommendation to check the name or the region.

A single name costs one GetFunction call and returns the complete configuration, including State, StateReason and LastUpdateStatus. A list pages through ListFunctions, which returns every function in the region whatever the pattern (the pattern is applied by Get-AlonzoFunction), and which Lambda answers with a subset of the configuration: State, StateReason and LastUpdateStatus are usually empty in a list. Ask for a function by its exact name to see whether it is Active and whether its last update succeeded.

A name without wildcards is checked before any call: it must be 1 to 64 letters, digits, '-' or '_', or a function ARN (arn:aws:lambda:<region>:<account>:function:<name>); otherwise the command fails with InvalidFunctionName. Then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint). Each name is processed on its own: a failure for one name is a non-terminating error with the name as target object, and the next name is still read.

Environment variable values are never shown: they often hold secrets, and output objects end up in logs and transcripts. The objects carry only the variables' names, in EnvironmentVariableNames. Use the AWS console or aws lambda get-function-configuration when you need to read a value.

The returned objects have Action None (the table view leaves the column empty), because nothing was changed, and Version $LATEST. Use -Verbose to see the region, the credential source and each call to AWS.
'@

    Parameters  = @{
        Name = @'
Names of the functions to get. Wildcards are supported (alonzo*, test-?); a name without wildcards can also be a function ARN. When omitted, all functions in the region are returned. Accepts pipeline input, by value (strings) and by property name, from objects with a Name or FunctionName property such as the output of Publish-AlonzoFunction. Press Tab to complete the names of existing functions.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoFunction' = @'
One object per function: FunctionName, FunctionArn, Runtime, Handler, Role (the execution role's ARN), MemorySize, Timeout, CodeSha256, CodeSize, State, StateReason and LastUpdateStatus (usually empty for functions from a list; see the description), Version ($LATEST), Description, Architecture, EnvironmentVariableNames (names only, never values), LastModified, Region, Action (None) and Changes (empty). It binds by property name to -Name of the other function cmdlets, and to -Name and -Role of Publish-AlonzoFunction.
'@
    }

    Examples    = @(
        @{
            Title   = 'Get one function'
            Code    = @'
PS> Get-AlonzoFunction alonzo

FunctionName Runtime    Memory Timeout State  Version CodeSha256    Action
------------ -------    ------ ------- -----  ------- ----------    ------
alonzo       python3.12    256     30s Active $LATEST /2J6qpN+0gZb…
'@
            Remarks = 'One GetFunction call. State Active means the function can be invoked.'
        }
        @{
            Title   = 'List functions by pattern and see all properties of one'
            Code    = @'
PS> Get-AlonzoFunction alonzo*

FunctionName   Runtime    Memory Timeout State  Version CodeSha256    Action
------------   -------    ------ ------- -----  ------- ----------    ------
alonzo         python3.12    256     30s        $LATEST /2J6qpN+0gZb…
alonzo-replay  python3.12    128     60s        $LATEST Qm8xS0fT2vLw…

PS> Get-AlonzoFunction alonzo | Format-List *

FunctionName             : alonzo
FunctionArn              : arn:aws:lambda:eu-west-1:123456789012:function:alonzo
Runtime                  : python3.12
Handler                  : lambda_function.lambda_handler
Role                     : arn:aws:iam::123456789012:role/alonzo_lambda
MemorySize               : 256
Timeout                  : 30
CodeSha256               : /2J6qpN+0gZb5z/aqhMewRUBvaTzmLbE0GuoNt4P7IY=
CodeSize                 : 306
State                    : Active
StateReason              :
LastUpdateStatus         : Successful
Version                  : $LATEST
Description              :
Architecture             : x86_64
EnvironmentVariableNames : {API_TOKEN, TABLE}
LastModified             : 2026-11-27T16:29:03.512+0000
Region                   : eu-west-1
Action                   : None
Changes                  : {}
'@
            Remarks = @'
The list comes from ListFunctions, which does not report State, so that column is empty; the single function read by name has it. The environment variables are listed by name only.
'@
        }
        @{
            Title   = 'Check that a function is still up to date with its source folder'
            Code    = @'
PS> (Get-AlonzoFunction alonzo).CodeSha256 -eq (New-AlonzoPackage ./handler).CodeSha256
True
'@
            Remarks = @'
New-AlonzoPackage builds the same deterministic zip Publish-AlonzoFunction -Path deploys, so equal CodeSha256 values mean the deployed code is the folder's code.
'@
        }
        @{
            Title   = 'Delete test functions selected by a pattern'
            Code    = @'
PS> Get-AlonzoFunction test-* | Remove-AlonzoFunction -Force
'@
            Remarks = 'The function objects bind to Remove-AlonzoFunction -Name by their FunctionName property.'
        }
        @{
            Title   = 'Handle a missing function in a script'
            Code    = @'
PS> Get-AlonzoFunction alonzo-old -ErrorAction SilentlyContinue -ErrorVariable failure
PS> $failure[0].FullyQualifiedErrorId
FunctionNotFound,Alonzo.Commands.Functions.GetAlonzoFunctionCommand
PS> $failure[0].Exception.Message
No function named 'alonzo-old' in region eu-west-1.
'@
            Remarks = @'
A name without wildcards that does not exist is an error; a pattern that matches nothing is not. Error ids are listed in about_Alonzo_Errors.
'@
        }
    )

    Notes       = @'
Get-AlonzoFunction needs the lambda:GetFunction permission for names and lambda:ListFunctions for patterns or no name. Tab completion of -Name also calls ListFunctions, with the -Region, -ProfileName and -EndpointUrl already typed on the command line.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Publish-AlonzoFunction', 'Invoke-AlonzoFunction', 'Remove-AlonzoFunction')
}
