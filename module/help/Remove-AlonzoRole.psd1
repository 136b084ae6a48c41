@{
    Synopsis    = 'Deletes an IAM role after detaching its managed policies, deleting its inline policies and taking it out of instance profiles.'

    Description = @'
IAM refuses to delete a role that still has policies attached, inline policies or instance profiles. Remove-AlonzoRole takes care of that: it reads the role and lists what it has (GetRole, ListAttachedRolePolicies, ListRolePolicies, ListInstanceProfilesForRole), then detaches every managed policy (the policies themselves are not deleted), deletes every inline policy, removes the role from every instance profile, and then deletes the role. It is idempotent: when the role does not exist, nothing happens and no error is written; the Verbose stream says "Role 'alonzo-fn' does not exist; nothing to delete."

Because the delete cannot be undone and functions that use the role stop being able to assume it, the command has ConfirmImpact High and asks for confirmation by default, once per role, naming the steps that come first: "Delete IAM role, after: Detach managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole; Delete inline policy 'logs'" on target "IAM role alonzo-fn". -Force skips the prompt for scripts; an explicit -Confirm prompts even together with -Force. -WhatIf always wins over -Force: the role is still read, and every teardown step is listed on its own "What if:" line, in the order it would run: each "Detach managed policy <ARN>", each "Delete inline policy '<name>'", each "Remove the role from instance profile '<name>'", then "Delete IAM role". Nothing is changed. A role that does not exist gets no "What if:" line and no prompt, only the Verbose line above.

The name is checked before any call (InvalidRoleName); wildcards are not accepted, so a pattern cannot delete more than intended: select roles with Get-AlonzoRole and pipe them. Each name is processed on its own; a failure is a non-terminating error with the name as target object. The command writes no objects; -Verbose shows each call and each step ("Detached arn:... from role 'alonzo-fn'.", "Deleted inline policy 'logs' of role 'alonzo-fn'.", "Deleted role 'alonzo-fn'.").
'@

    Parameters  = @{
        Name  = @'
The name of the role to delete (no wildcards). Accepts pipeline input, including objects with a Name or RoleName property, such as the output of Get-AlonzoRole and New-AlonzoRole. Press Tab to complete the names of existing roles.
'@
        Force = @'
Delete without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
    }

    Examples    = @(
        @{
            Title   = 'Delete a role in a script'
            Code    = @'
PS> Remove-AlonzoRole -Name alonzo-fn -Force -Verbose
VERBOSE: Using region eu-west-1 and credentials from profile 'default' (...).
VERBOSE: IAM GetRole
VERBOSE: IAM ListAttachedRolePolicies
VERBOSE: IAM ListRolePolicies
VERBOSE: IAM ListInstanceProfilesForRole
VERBOSE: IAM DetachRolePolicy
VERBOSE: Detached arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole from role 'alonzo-fn'.
VERBOSE: IAM DeleteRole
VERBOSE: Deleted role 'alonzo-fn'.
'@
            Remarks = 'The role is read first to plan the steps; the managed policy is detached before the delete, so IAM does not refuse it with DeleteConflict.'
        }
        @{
            Title   = 'Preview deleting test roles'
            Code    = @'
PS> Get-AlonzoRole -Name 'test-*' | Remove-AlonzoRole -Force -WhatIf
What if: Performing the operation "Detach managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole" on target "IAM role test-orders".
What if: Performing the operation "Delete inline policy 'read-archive'" on target "IAM role test-orders".
What if: Performing the operation "Delete IAM role" on target "IAM role test-orders".
What if: Performing the operation "Detach managed policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" on target "IAM role test-payments".
What if: Performing the operation "Delete IAM role" on target "IAM role test-payments".
'@
            Remarks = '-WhatIf wins over -Force: each role is read and every step it would take is listed, and nothing is changed.'
        }
    )

    Notes       = @'
Remove-AlonzoRole needs iam:GetRole, iam:ListAttachedRolePolicies, iam:DetachRolePolicy, iam:ListRolePolicies, iam:DeleteRolePolicy, iam:ListInstanceProfilesForRole, iam:RemoveRoleFromInstanceProfile and iam:DeleteRole.
'@

    Links       = @('about_Alonzo', 'New-AlonzoRole', 'Get-AlonzoRole')
}
