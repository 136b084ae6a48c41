@{
    Synopsis    = 'Deletes a Lambda function with all its versions and aliases.'

    Description = @'
Remove-AlonzoFunction deletes a function: its code, its configuration, every published version and every alias. It reads the function first (GetFunction). It is idempotent: when the function does not exist, nothing is asked or deleted and no error is written; the Verbose stream says "Function 'alonzo' does not exist in region eu-west-1; nothing to delete." The delete cannot be undone; the function can only be published again from its code.

Because of that, the command has ConfirmImpact High and asks for confirmation by default ("Delete Lambda function with all its versions" on the function name). -Force skips the prompt for scripts; an explicit -Confirm prompts even together with -Force. -WhatIf always wins over -Force: the function is still read, and the step "Delete Lambda function with all its versions" is listed without deleting anything. A function that does not exist gets no "What if:" line and no prompt, only the Verbose line above.

Only the function is deleted. Its execution role (remove it with Remove-AlonzoRole), its CloudWatch log group /aws/lambda/<name>, and event source mappings that feed it (such as a mapping from a Kinesis stream) are left in place by Lambda.

The name is checked before any call (InvalidFunctionName: 1 to 64 letters, digits, '-' or '_', or a function ARN); wildcards are not accepted, so a pattern cannot delete more than intended: select functions with Get-AlonzoFunction and pipe them. Then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint). Each name is processed on its own; a failure is a non-terminating error with the name as target object. The command writes no objects; -Verbose shows the GetFunction and DeleteFunction calls and "Deleted function 'alonzo'."
'@

    Parameters  = @{
        Name  = @'
The function to delete: its name or its ARN (no wildcards). Accepts pipeline input by value (strings) and by property name, from objects with a Name or FunctionName property such as the output of Get-AlonzoFunction and Publish-AlonzoFunction. Press Tab to complete the names of existing functions.
'@
        Force = @'
Delete without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
    }

    Examples    = @(
        @{
            Title   = 'Delete a function interactively'
            Code    = @'
PS> Remove-AlonzoFunction alonzo

Confirm
Are you sure you want to perform this action?
Performing the operation "Delete Lambda function with all its versions" on target "alonzo".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y
'@
            Remarks = 'The command asks before deleting, because deletes have ConfirmImpact High.'
        }
        @{
            Title   = 'Delete a function in a script with -Force'
            Code    = @'
PS> Remove-AlonzoFunction alonzo -Force -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Lambda GetFunction
VERBOSE: Lambda DeleteFunction
VERBOSE: Deleted function 'alonzo'.
PS> Remove-AlonzoFunction alonzo -Force -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Lambda GetFunction
VERBOSE: Function 'alonzo' does not exist in region eu-west-1; nothing to delete.
'@
            Remarks = @'
-Force skips the prompt. The second run finds nothing to delete and is not an error, so teardown scripts can run twice.
'@
        }
        @{
            Title   = 'Preview a bulk delete with -WhatIf'
            Code    = @'
PS> Get-AlonzoFunction test-* | Remove-AlonzoFunction -Force -WhatIf
What if: Performing the operation "Delete Lambda function with all its versions" on target "test-orders".
What if: Performing the operation "Delete Lambda function with all its versions" on target "test-payments".
'@
            Remarks = @'
Get-AlonzoFunction selects the functions by pattern, and they bind to -Name by their FunctionName property. -WhatIf wins over -Force: each function is read and its delete listed, and nothing is deleted.
'@
        }
        @{
            Title   = 'Tear down the whole pipeline after a test'
            Code    = @'
PS> Remove-AlonzoFunction alonzo -Force
PS> Remove-AlonzoRole alonzo_lambda -Force
PS> Remove-AlonzoStream alonzo -Force -Wait
'@
            Remarks = @'
Deleting the function does not delete its role or the stream it read; remove them separately when they are no longer needed.
'@
        }
    )

    Notes       = @'
Remove-AlonzoFunction needs the lambda:GetFunction and lambda:DeleteFunction permissions.

The function's log group is not deleted with it: it keeps the logs, and their storage cost, until the group is deleted (aws logs delete-log-group --log-group-name /aws/lambda/alonzo) or their retention runs out.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoFunction', 'Publish-AlonzoFunction', 'Remove-AlonzoRole')
}
