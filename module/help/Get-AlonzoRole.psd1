@{
    Synopsis    = 'Gets IAM roles with their trust, managed and inline policies: one by name or ARN, or all whose names match a wildcard pattern.'

    Description = @'
Get-AlonzoRole reads roles and changes nothing. Without -Name it returns every role in the account. A name with wildcard characters (*, ?, [ ]) returns the roles whose names match, ignoring case; no match is not an error. A name without wildcards, or a role ARN, returns that role, or writes the non-terminating error RoleNotFound (category ObjectNotFound) when it does not exist.

Each object carries the role's trusted services and trust policy, its attached managed policies, the names of its inline policies and its tags. A single role costs GetRole, ListAttachedRolePolicies and ListRolePolicies (each list read to its last page). For a pattern the command pages through ListRoles and then reads each matching role the same way, so on an account with many roles a narrow pattern is faster.

Names are checked before any call: characters IAM does not allow in role names fail with InvalidRoleName. IAM is global, so -Region does not change which roles are seen. The returned objects have Action None (the table view leaves the column empty).
'@

    Parameters  = @{
        Name = @'
Names or ARNs of the roles to get. Wildcards are supported (alonzo-*, *-fn). When omitted, all roles in the account are returned. Accepts pipeline input, including objects with a Name or RoleName property such as the output of New-AlonzoRole. Press Tab to complete the names of existing roles.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoRole' = @'
One object per role: RoleName, Arn (also as RoleArn), RoleId, Path, TrustedServices, TrustPolicy (JSON), ManagedPolicyArns, InlinePolicyNames, Description, MaxSessionDuration, Tags, CreatedAt, and Action (None).
'@
    }

    Examples    = @(
        @{
            Title   = 'Show one role'
            Code    = @'
PS> Get-AlonzoRole alonzo-fn

RoleName  TrustedServices      ManagedPolicies               Inline Action
--------  ---------------      ---------------               ------ ------
alonzo-fn lambda.amazonaws.com AWSLambdaKinesisExecutionRole logs
'@
            Remarks = 'The table shows managed policies by name; the ARNs are in ManagedPolicyArns. Format-List shows every property.'
        }
        @{
            Title   = 'Find the roles Lambda can assume'
            Code    = @'
PS> Get-AlonzoRole -Name 'alonzo-*' | Where-Object TrustedServices -contains 'lambda.amazonaws.com' | Select-Object RoleName, Arn
'@
            Remarks = 'A wildcard reads every matching role in full.'
        }
        @{
            Title   = 'Look a role up by ARN'
            Code    = @'
PS> Get-AlonzoRole -Name arn:aws:iam::123456789012:role/service-role/alonzo-fn | Format-List
'@
            Remarks = 'The role name is taken from the ARN; the path does not need to be given separately.'
        }
    )

    Links       = @('about_Alonzo', 'New-AlonzoRole', 'Remove-AlonzoRole')
}
