@{
    Synopsis    = 'Creates an IAM role for a Lambda function if it is missing, or brings an existing role in line with the policies and trust asked for.'

    Description = @'
New-AlonzoRole converges. When no role of that name exists, it creates one whose trust policy lets the services in -TrustService (lambda.amazonaws.com by default) or the document in -TrustPolicy assume it, attaches the managed policies in -ManagedPolicyArn and puts the inline policies in -InlinePolicy. When the role exists, it reads it and changes only what differs: it attaches managed policies that are missing, puts inline policies that are missing or whose statements differ, updates the trust policy when it differs, sets a different -Description and adds or updates -Tag values. A role that already matches is returned with Action Unchanged, and no call that changes anything is made, so the command can run at the top of every deployment.

Policy documents are compared by meaning, not by text: key order, a single value written as a one-element list ("Action": "s3:GetObject" and "Action": ["s3:GetObject"]), a Statement written as an object or as a one-element list, and the order or repetition of list items (actions, resources, principals, condition values, statements) make no difference. A document without Version gets 2012-10-17. Documents can be given as hashtables (nested hashtables and arrays), as objects from ConvertFrom-Json, or as JSON text.

Without -TrustService or -TrustPolicy, an existing role is left alone as long as its trust policy lets lambda.amazonaws.com call sts:AssumeRole, even when it trusts other principals too or has conditions; only a role Lambda cannot assume gets the default trust policy. An explicit -TrustService or -TrustPolicy (or -Exact) makes the trust policy exactly what was given.

Policies the role has but that were not asked for are left in place (the Verbose stream names them). With -Exact, managed policies not in -ManagedPolicyArn are detached and inline policies not in -InlinePolicy are deleted. Tags are never removed.

Everything that can be checked without AWS is checked before any call, so bad input never leaves a half-made role: the role name (1 to 64 letters, digits and + = , . @ _ -; InvalidRoleName), the policy ARNs (arn:aws:iam::aws:policy/... or arn:aws:iam::<account>:policy/...; InvalidPolicyArn), the inline policy names (1 to 128 of the same characters; InvalidPolicyName), the documents (JSON objects with a Statement; InvalidPolicyDocument), the trusted services (host names such as lambda.amazonaws.com; InvalidTrustService), the description (at most 1000 characters; InvalidDescription) and the tags (InvalidTag). Then every managed policy that would be attached is looked up with GetPolicy; one that does not exist fails with PolicyNotFound (category ObjectNotFound) before the role is created or changed.

The output's Action is Created, Updated or Unchanged, and Changes lists what was done, one line per call ("Created role fn-role trusted by lambda.amazonaws.com", "Attached arn:aws:iam::aws:policy/...", "Put inline policy logs", "Updated inline policy logs", "Updated trust policy to trust ...", "Detached ...", "Deleted inline policy ...", "Tagged team=data"). The same lines appear in the Verbose stream as the calls are made.

IAM is a global service: the role exists in every region, and requests are signed for us-east-1 (or the home region of the China and GovCloud partitions) whatever -Region says. A role just created can take a few seconds before every IAM call sees it; calls on it are retried for a few seconds when IAM answers that it does not exist yet. If another caller creates the same role between this command's check and its create call, the command converges that role instead of failing.
'@

    Parameters  = @{
        Name             = @'
The name of the role: 1 to 64 letters, digits and the characters + = , . @ _ -. Role names are unique in the account. Accepts pipeline input, including objects with a Name or RoleName property.
'@
        ManagedPolicyArn = @'
ARNs of managed policies that must be attached, such as arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole (what a function that reads a Kinesis stream needs) or arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole (logs only). Each one is checked to exist before anything is created. Policies already attached are left as they are; with -Exact, attached policies not listed here are detached.
'@
        InlinePolicy     = @'
Inline policies, as a hashtable of policy name to document: @{ logs = @{ Statement = @(@{ Effect = 'Allow'; Action = 'logs:*'; Resource = '*' }) } }. A document can also be JSON text or an object from ConvertFrom-Json. An inline policy that exists with the same meaning is left alone; one that differs is replaced. With -Exact, inline policies not named here are deleted.
'@
        TrustService     = @'
The services allowed to assume the role (the trust policy's Service principals). Defaults to lambda.amazonaws.com. When given explicitly, the trust policy of an existing role is made exactly this. Cannot be combined with -TrustPolicy.
'@
        TrustPolicy      = @'
A complete trust policy (assume-role policy), as a hashtable, an object from ConvertFrom-Json or JSON text, for trust that -TrustService cannot express, such as conditions on aws:SourceAccount. Compared by meaning with the role's current trust policy and replaced when it differs.
'@
        Description      = @'
A description of the role (at most 1000 characters). Set on a new role; on an existing role a different description is updated. When omitted, the description is left as it is.
'@
        Tag              = @'
Tags as a hashtable, such as @{ team = 'data'; env = 'dev' }. Values are converted to strings. Tags that are missing or have another value are set; other tags on the role are never removed. At most 50 tags; keys of 1 to 128 and values of at most 256 letters, digits, spaces and _ . : / = + - @; keys must not start with 'aws:'.
'@
        Exact            = @'
Make the role's policies exactly what was given: detach managed policies not in -ManagedPolicyArn, delete inline policies not in -InlinePolicy, and compare the trust policy exactly even when -TrustService was not given. Use it when this command owns the role. Tags are still only added.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoRole' = @'
The role: RoleName, Arn (also as RoleArn), RoleId, Path, TrustedServices, TrustPolicy (JSON), ManagedPolicyArns, InlinePolicyNames, Description, MaxSessionDuration, Tags, CreatedAt, Action (Created, Updated or Unchanged) and Changes (what was done). It binds by property name to parameters named RoleName, RoleArn or Arn, such as the role parameter of the function cmdlets. Nothing is written with -WhatIf, or when every change was declined at a -Confirm prompt.
'@
    }

    Examples    = @(
        @{
            Title   = 'Create the role of a function that reads a Kinesis stream'
            Code    = @'
PS> New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole

RoleName  TrustedServices      ManagedPolicies               Inline Action
--------  ---------------      ---------------               ------ ------
alonzo-fn lambda.amazonaws.com AWSLambdaKinesisExecutionRole        Created

PS> New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole

RoleName  TrustedServices      ManagedPolicies               Inline Action
--------  ---------------      ---------------               ------ ------
alonzo-fn lambda.amazonaws.com AWSLambdaKinesisExecutionRole        Unchanged
'@
            Remarks = @'
The first run creates the role with a trust policy for lambda.amazonaws.com and attaches the managed policy that lets the function read the stream and write its logs. The second run only reads: nothing differs, so nothing is called that changes the role.
'@
        }
        @{
            Title   = 'Add an inline policy and see what changed'
            Code    = @'
PS> $policy = @{ Statement = @(@{ Effect = 'Allow'; Action = @('s3:GetObject'); Resource = 'arn:aws:s3:::orders-archive/*' }) }
PS> $role = New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole -InlinePolicy @{ 'read-archive' = $policy }
PS> $role.Action
Updated
PS> $role.Changes
Put inline policy read-archive
'@
            Remarks = @'
Only the missing inline policy is put. Running the same command again, or giving the same policy as JSON with another key order, returns Unchanged.
'@
        }
        @{
            Title   = 'Give the policy as JSON text'
            Code    = @'
PS> New-AlonzoRole -Name alonzo-fn -InlinePolicy @{ 'read-archive' = Get-Content ./read-archive.json -Raw }
'@
            Remarks = 'JSON text and hashtables are interchangeable; documents are compared by meaning.'
        }
        @{
            Title   = 'Make the role exactly what the script says'
            Code    = @'
PS> New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole -Exact -WhatIf
What if: Performing the operation "Detach managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess" on target "IAM role alonzo-fn".
What if: Performing the operation "Delete inline policy 'read-archive'" on target "IAM role alonzo-fn".

PS> New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole -Exact
'@
            Remarks = @'
-WhatIf lists each change without making it (the role is still read, so the list reflects the role as it is). Without -WhatIf, -Exact detaches and deletes what was not asked for.
'@
        }
        @{
            Title   = 'Create the role and deploy the function with it in one pipeline'
            Code    = @'
PS> New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole |
        Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler app.handler -Runtime python3.12
'@
            Remarks = @'
The role object's RoleArn binds by property name to the function's role parameter. Run Get-Command -Module Alonzo to see which workflow cmdlets your version contains.
'@
        }
        @{
            Title   = 'Trust a custom policy with a condition'
            Code    = @'
PS> $trust = @{
        Statement = @{
            Effect    = 'Allow'
            Principal = @{ Service = 'lambda.amazonaws.com' }
            Action    = 'sts:AssumeRole'
            Condition = @{ StringEquals = @{ 'aws:SourceAccount' = '123456789012' } }
        }
    }
PS> New-AlonzoRole -Name alonzo-fn -TrustPolicy $trust
'@
            Remarks = 'The role''s trust policy is replaced when it differs in meaning from the one given.'
        }
        @{
            Title   = 'React to a policy that does not exist'
            Code    = @'
PS> New-AlonzoRole -Name alonzo-fn -ManagedPolicyArn arn:aws:iam::aws:policy/AWSLambdaKinesisRole -ErrorVariable failure -ErrorAction SilentlyContinue
PS> $failure[0].FullyQualifiedErrorId
PolicyNotFound,Alonzo.Commands.Roles.NewAlonzoRoleCommand
'@
            Remarks = 'The policy is looked up before the role is created, so a typo in an ARN leaves nothing behind.'
        }
    )

    Notes       = @'
New-AlonzoRole supports -WhatIf and -Confirm (ConfirmImpact Medium, so it does not ask unless -Confirm is given or $ConfirmPreference is Medium or Low). Each change is confirmed on its own, with the text -WhatIf shows for it: "Create IAM role trusted by lambda.amazonaws.com" (with the description and tags it is created with), "Update the trust policy (now trusted by ...) to trust ...", "Attach managed policy <ARN>", "Put inline policy '<name>'", "Replace inline policy '<name>' (its statements differ)", "Detach managed policy <ARN>", "Delete inline policy '<name>'", "Set the description to '...'" and "Set tags team=data". This holds for a new role too: its creation and each policy it gets are asked about separately. Only the approved changes are made, and Changes lists only those. Declining the creation of a new role stops the command for that role, because nothing else can be done without it; when every change is declined, nothing is returned.

IAM needs the permissions iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListRoleTags and iam:GetPolicy to read, and iam:CreateRole, iam:AttachRolePolicy, iam:PutRolePolicy, iam:UpdateAssumeRolePolicy, iam:UpdateRole, iam:TagRole, iam:DetachRolePolicy and iam:DeleteRolePolicy for the changes it makes. Lambda also needs iam:PassRole on the role for whoever creates the function.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoRole', 'Remove-AlonzoRole')
}
