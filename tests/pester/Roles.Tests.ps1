#Requires -Version 7.0
# The role cmdlets against moto_server (behind the recording proxy), cross-checked with the aws CLI.
# Loopback only; every service started here is stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    # Start-MotoServer sets MOTO_IAM_LOAD_MANAGED_POLICIES=true, so the AWS managed policies exist.
    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy

    $script:Kinesis = 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole'
    $script:Basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
    $script:Vpc = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'
    $script:Diagnostics = [Alonzo.Commands.Hosting.AlonzoDiagnostics]

    function Get-CliRole([string] $Name) {
        (Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'get-role', '--role-name', $Name)).Role
    }
    function Get-CliAttached([string] $Name) {
        @((Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'list-attached-role-policies', '--role-name', $Name)).AttachedPolicies.PolicyArn | Sort-Object)
    }
    function Get-CliInline([string] $Name) {
        @((Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'list-role-policies', '--role-name', $Name)).PolicyNames | Sort-Object)
    }
    function Get-CliRoleNames {
        @((Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'list-roles')).Roles.RoleName)
    }
    function Get-MutatingCalls {
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating)
    }
    function New-LogsPolicy {
        @{ Statement = @(@{ Effect = 'Allow'; Action = @('logs:CreateLogStream', 'logs:PutLogEvents'); Resource = '*' }) }
    }
}

AfterAll {
    if ($script:Diagnostics) { $script:Diagnostics::RecordCalls = $false; $script:Diagnostics::ClearCalls() }
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'New-AlonzoRole' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'creates a role Lambda can assume, with its managed and inline policies, and says so' {
        $role = New-AlonzoRole -Name 'fn-role' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } -Description 'alonzo function' -Tag @{ team = 'data' }

        $role.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoRole'
        $role.Action | Should -Be 'Created'
        $role.RoleName | Should -Be 'fn-role'
        $role.Arn | Should -Be 'arn:aws:iam::123456789012:role/fn-role'
        $role.RoleArn | Should -Be $role.Arn
        $role.TrustedServices | Should -Be @('lambda.amazonaws.com')
        $role.ManagedPolicyArns | Should -Be @($script:Kinesis)
        $role.InlinePolicyNames | Should -Be @('logs')
        $role.Changes | Should -Be @('Created role fn-role trusted by lambda.amazonaws.com', "Attached $($script:Kinesis)", 'Put inline policy logs')

        # What exists is what was asked, as another client sees it.
        $cli = Get-CliRole 'fn-role'
        $cli.Arn | Should -Be $role.Arn
        $cli.Description | Should -Be 'alonzo function'
        $statement = @($cli.AssumeRolePolicyDocument.Statement)[0]
        $statement.Effect | Should -Be 'Allow'
        $statement.Principal.Service | Should -Be 'lambda.amazonaws.com'
        $statement.Action | Should -Be 'sts:AssumeRole'
        Get-CliAttached 'fn-role' | Should -Be @($script:Kinesis)
        Get-CliInline 'fn-role' | Should -Be @('logs')
        $inline = (Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'get-role-policy', '--role-name', 'fn-role', '--policy-name', 'logs')).PolicyDocument
        @($inline.Statement)[0].Action | Sort-Object | Should -Be @('logs:CreateLogStream', 'logs:PutLogEvents')
        $inline.Version | Should -Be '2012-10-17'
        $tags = (Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'list-role-tags', '--role-name', 'fn-role')).Tags
        ($tags | Where-Object Key -eq 'team').Value | Should -Be 'data'
    }

    It 'is idempotent: a second run is Unchanged and makes zero mutating calls' {
        New-AlonzoRole -Name 'idem-role' -ManagedPolicyArn $script:Kinesis, $script:Basic -InlinePolicy @{ logs = New-LogsPolicy } -Tag @{ team = 'data' } | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $script:Diagnostics::RecordCalls = $true
        $script:Diagnostics::ClearCalls()
        try {
            $again = New-AlonzoRole -Name 'idem-role' -ManagedPolicyArn $script:Basic, $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } -Tag @{ team = 'data' }
            $calls = @($script:Diagnostics::Calls)
        } finally {
            $script:Diagnostics::RecordCalls = $false
        }
        $again.Action | Should -Be 'Unchanged'
        $again.Changes | Should -BeNullOrEmpty
        $calls.Count | Should -BeGreaterThan 0
        @($calls | Where-Object IsMutating).Count | Should -Be 0
        @($calls | Where-Object Service -ne 'IAM').Count | Should -Be 0
        # The proxy saw the same: reads only.
        @(Get-AwsProxyCall -Proxy $script:Proxy).Count | Should -Be $calls.Count
        (Get-MutatingCalls).Count | Should -Be 0
    }

    It 'converges: attaches a policy that is missing, reports Updated and lists the change' {
        New-AlonzoRole -Name 'grow-role' -ManagedPolicyArn $script:Kinesis | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy

        $verbose = New-AlonzoRole -Name 'grow-role' -ManagedPolicyArn $script:Kinesis, $script:Vpc -Verbose 4>&1
        $role = $verbose | Where-Object { $_.PSObject.TypeNames[0] -eq 'Alonzo.AlonzoRole' }

        $role.Action | Should -Be 'Updated'
        $role.Changes | Should -Be @("Attached $($script:Vpc)")
        $role.ManagedPolicyArns | Should -Be @($script:Kinesis, $script:Vpc)
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Attached $($script:Vpc)."
        @(Get-MutatingCalls).operation | Should -Be @('AttachRolePolicy')
        Get-CliAttached 'grow-role' | Should -Be @($script:Kinesis, $script:Vpc)
    }

    It 'treats an inline policy given as a hashtable and as equivalent JSON in another key order as the same' {
        New-AlonzoRole -Name 'inline-role' -InlinePolicy @{ read = @{ Version = '2012-10-17'; Statement = @{ Effect = 'Allow'; Action = 's3:GetObject'; Resource = 'arn:aws:s3:::bucket/*' } } } | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy

        $json = '{"Statement":[{"Resource":["arn:aws:s3:::bucket/*"],"Action":["s3:GetObject"],"Effect":"Allow"}],"Version":"2012-10-17"}'
        $same = New-AlonzoRole -Name 'inline-role' -InlinePolicy @{ read = $json }
        $same.Action | Should -Be 'Unchanged'
        (Get-MutatingCalls).Count | Should -Be 0

        # ConvertFrom-Json output (PSCustomObject) works too, and a real change is put.
        $changed = New-AlonzoRole -Name 'inline-role' -InlinePolicy @{ read = ($json.Replace('s3:GetObject', 's3:GetObjectVersion') | ConvertFrom-Json) }
        $changed.Action | Should -Be 'Updated'
        $changed.Changes | Should -Be @('Updated inline policy read')
        $stored = (Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'get-role-policy', '--role-name', 'inline-role', '--policy-name', 'read')).PolicyDocument
        @($stored.Statement)[0].Action | Should -Be 's3:GetObjectVersion'
    }

    It 'updates a trust policy that differs, and leaves it when it matches' {
        New-AlonzoRole -Name 'trust-role' | Out-Null
        $updated = New-AlonzoRole -Name 'trust-role' -TrustService lambda.amazonaws.com, edgelambda.amazonaws.com
        $updated.Action | Should -Be 'Updated'
        $updated.TrustedServices | Should -Be @('edgelambda.amazonaws.com', 'lambda.amazonaws.com')
        $updated.Changes[0] | Should -BeLike 'Updated trust policy to trust*edgelambda.amazonaws.com*'
        @((Get-CliRole 'trust-role').AssumeRolePolicyDocument.Statement)[0].Principal.Service | Sort-Object |
            Should -Be @('edgelambda.amazonaws.com', 'lambda.amazonaws.com')

        # The default (no -TrustService) accepts a role that already trusts Lambda among others.
        Clear-AwsProxyCall -Proxy $script:Proxy
        (New-AlonzoRole -Name 'trust-role').Action | Should -Be 'Unchanged'

        # A whole trust policy, as a hashtable, is compared by meaning.
        $trust = @{ Statement = @{ Effect = 'Allow'; Principal = @{ Service = @('edgelambda.amazonaws.com', 'lambda.amazonaws.com') }; Action = 'sts:AssumeRole' } }
        (New-AlonzoRole -Name 'trust-role' -TrustPolicy $trust).Action | Should -Be 'Unchanged'
        (Get-MutatingCalls).Count | Should -Be 0
    }

    It 'with -Exact detaches and deletes what was not asked for' {
        New-AlonzoRole -Name 'exact-role' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } | Out-Null
        # Extras added by another client.
        Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'attach-role-policy', '--role-name', 'exact-role', '--policy-arn', $script:Basic) | Out-Null
        Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'put-role-policy', '--role-name', 'exact-role', '--policy-name', 'extra',
            '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}') | Out-Null

        $loose = New-AlonzoRole -Name 'exact-role' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy }
        $loose.Action | Should -Be 'Unchanged'
        $loose.ManagedPolicyArns | Should -Be @($script:Basic, $script:Kinesis)

        $exact = New-AlonzoRole -Name 'exact-role' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } -Exact
        $exact.Action | Should -Be 'Updated'
        $exact.Changes | Should -Be @("Detached $($script:Basic)", 'Deleted inline policy extra')
        Get-CliAttached 'exact-role' | Should -Be @($script:Kinesis)
        Get-CliInline 'exact-role' | Should -Be @('logs')
    }

    It '-WhatIf changes nothing, for a new role and for an existing one' {
        $whatIf = New-AlonzoRole -Name 'whatif-role' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } -WhatIf
        $whatIf | Should -BeNullOrEmpty
        (Get-MutatingCalls).Count | Should -Be 0
        Get-CliRoleNames | Should -Not -Contain 'whatif-role'

        New-AlonzoRole -Name 'whatif-role' -ManagedPolicyArn $script:Kinesis | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        New-AlonzoRole -Name 'whatif-role' -ManagedPolicyArn $script:Kinesis, $script:Vpc -Exact -WhatIf | Should -BeNullOrEmpty
        (Get-MutatingCalls).Count | Should -Be 0
        Get-CliAttached 'whatif-role' | Should -Be @($script:Kinesis)
    }

    It 'refuses bad input before anything is created: <Case>' -ForEach @(
        @{ Case = 'role name with a space'; Arguments = @{ Name = 'bad role' }; ErrorId = 'InvalidRoleName'; Role = 'bad role'; NoCalls = $true }
        @{ Case = 'role name too long'; Arguments = @{ Name = 'r' * 65 }; ErrorId = 'InvalidRoleName'; Role = 'r' * 65; NoCalls = $true }
        @{ Case = 'policy name instead of ARN'; Arguments = @{ Name = 'arn-role'; ManagedPolicyArn = 'AWSLambdaKinesisExecutionRole' }; ErrorId = 'InvalidPolicyArn'; Role = 'arn-role'; NoCalls = $true }
        @{ Case = 'inline policy name'; Arguments = @{ Name = 'inline-name-role'; InlinePolicy = @{ 'bad name' = '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}' } }; ErrorId = 'InvalidPolicyName'; Role = 'inline-name-role'; NoCalls = $true }
        @{ Case = 'inline policy without Statement'; Arguments = @{ Name = 'doc-role'; InlinePolicy = @{ p = @{ Version = '2012-10-17' } } }; ErrorId = 'InvalidPolicyDocument'; Role = 'doc-role'; NoCalls = $true }
        @{ Case = 'inline policy that is not JSON'; Arguments = @{ Name = 'doc-role'; InlinePolicy = @{ p = '{ not json' } }; ErrorId = 'InvalidPolicyDocument'; Role = 'doc-role'; NoCalls = $true }
        @{ Case = 'missing managed policy'; Arguments = @{ Name = 'missing-policy-role'; ManagedPolicyArn = 'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole', 'arn:aws:iam::aws:policy/service-role/NoSuchPolicy' }; ErrorId = 'PolicyNotFound'; Role = 'missing-policy-role'; NoCalls = $false }
    ) {
        $arguments = $Arguments
        New-AlonzoRole @arguments -ErrorAction SilentlyContinue -ErrorVariable failure | Should -BeNullOrEmpty
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        if ($NoCalls) { @(Get-AwsProxyCall -Proxy $script:Proxy).Count | Should -Be 0 }
        (Get-MutatingCalls).Count | Should -Be 0
        Get-CliRoleNames | Should -Not -Contain $Role
    }

    It 'names the missing managed policy and keeps going with the next role on the pipeline' {
        $results = 'pipe-bad', 'pipe-good' | ForEach-Object {
            $arn = if ($_ -eq 'pipe-bad') { 'arn:aws:iam::aws:policy/NoSuchPolicy' } else { $script:Basic }
            New-AlonzoRole -Name $_ -ManagedPolicyArn $arn -ErrorAction SilentlyContinue -ErrorVariable +failures
        }
        $results.RoleName | Should -Be 'pipe-good'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PolicyNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].Exception.Message | Should -BeLike '*arn:aws:iam::aws:policy/NoSuchPolicy*'
        $failures[0].TargetObject | Should -Be 'pipe-bad'
    }

    It 'outputs objects that bind by property name to a -Role parameter aliased RoleArn' {
        function Use-Role {
            param([Parameter(Mandatory, ValueFromPipelineByPropertyName)][Alias('RoleArn', 'Arn')][string] $Role)
            process { $Role }
        }
        New-AlonzoRole -Name 'bind-role' | Use-Role | Should -Be 'arn:aws:iam::123456789012:role/bind-role'
        Get-AlonzoRole -Name 'bind-role' | Remove-AlonzoRole -Confirm:$false
        Get-CliRoleNames | Should -Not -Contain 'bind-role'
    }
}

Describe 'Get-AlonzoRole' {
    BeforeAll {
        New-AlonzoRole -Name 'get-one' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } | Out-Null
        New-AlonzoRole -Name 'get-two' | Out-Null
    }

    It 'reads one role by name with its policies' {
        $role = Get-AlonzoRole -Name 'get-one'
        $role.Action | Should -Be 'None'
        $role.ManagedPolicyArns | Should -Be @($script:Kinesis)
        $role.InlinePolicyNames | Should -Be @('logs')
        $role.TrustedServices | Should -Be @('lambda.amazonaws.com')
        $role.CreatedAt | Should -BeOfType [datetime]
    }

    It 'accepts a role ARN' {
        (Get-AlonzoRole -Name 'arn:aws:iam::123456789012:role/get-two').RoleName | Should -Be 'get-two'
    }

    It 'lists roles matching a wildcard' {
        @(Get-AlonzoRole -Name 'get-*').RoleName | Sort-Object | Should -Be @('get-one', 'get-two')
        @(Get-AlonzoRole).RoleName | Should -Contain 'get-one'
        Get-AlonzoRole -Name 'nothing-like-this-*' | Should -BeNullOrEmpty
    }

    It 'reports a missing role as RoleNotFound' {
        Get-AlonzoRole -Name 'no-such-role' -ErrorAction SilentlyContinue -ErrorVariable failure | Should -BeNullOrEmpty
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'RoleNotFound,*'
        $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'completes role names' {
        $script = "Get-AlonzoRole -EndpointUrl $($script:Proxy.Url) -Name get-"
        $completion = TabExpansion2 -inputScript $script -cursorColumn $script.Length
        $completion.CompletionMatches.CompletionText | Should -Be @('get-one', 'get-two')
    }
}

Describe 'Remove-AlonzoRole' {
    BeforeEach {
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'removes a role with attached and inline policies' {
        New-AlonzoRole -Name 'doomed-role' -ManagedPolicyArn $script:Kinesis, $script:Basic -InlinePolicy @{ logs = New-LogsPolicy; more = New-LogsPolicy } | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy

        Remove-AlonzoRole -Name 'doomed-role' -Force

        Get-CliRoleNames | Should -Not -Contain 'doomed-role'
        { Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'get-role', '--role-name', 'doomed-role') } | Should -Throw '*NoSuchEntity*'
        $operations = @(Get-MutatingCalls).operation
        $operations | Should -Be @('DetachRolePolicy', 'DetachRolePolicy', 'DeleteRolePolicy', 'DeleteRolePolicy', 'DeleteRole')
        # The managed policies themselves are untouched.
        (Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'get-policy', '--policy-arn', $script:Kinesis)).Policy.PolicyName | Should -Be 'AWSLambdaKinesisExecutionRole'
    }

    It 'takes roles from the pipeline by RoleName' {
        New-AlonzoRole -Name 'piped-role' | Out-Null
        [pscustomobject]@{ RoleName = 'piped-role' } | Remove-AlonzoRole -Force
        Get-CliRoleNames | Should -Not -Contain 'piped-role'
    }

    It 'honours -WhatIf even with -Force, and is ConfirmImpact High' {
        New-AlonzoRole -Name 'kept-role' -ManagedPolicyArn $script:Kinesis | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        Remove-AlonzoRole -Name 'kept-role' -Force -WhatIf
        # -WhatIf reads the role to show each teardown step, and changes nothing.
        @(Get-AwsProxyCall -Proxy $script:Proxy -Operation GetRole).Count | Should -Be 1
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-CliAttached 'kept-role' | Should -Be @($script:Kinesis)
        (Get-Command Remove-AlonzoRole).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
    }

    It '-WhatIf shows every teardown step in order, as a user sees it' {
        New-AlonzoRole -Name 'steps-role' -ManagedPolicyArn $script:Kinesis -InlinePolicy @{ logs = New-LogsPolicy } | Out-Null
        Clear-AwsProxyCall -Proxy $script:Proxy
        $command = "Import-Module '$($script:ModulePath)'; Remove-AlonzoRole -Name steps-role -WhatIf -EndpointUrl '$($script:Proxy.Url)'"
        $lines = @(& dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { "$_" } | Where-Object { $_ -like 'What if:*' })
        $lines | Should -Be @(
            "What if: Performing the operation `"Detach managed policy $($script:Kinesis)`" on target `"IAM role steps-role`"."
            "What if: Performing the operation `"Delete inline policy 'logs'`" on target `"IAM role steps-role`"."
            "What if: Performing the operation `"Delete IAM role`" on target `"IAM role steps-role`"."
        )
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-CliAttached 'steps-role' | Should -Be @($script:Kinesis)
    }

    It 'says in Verbose when there is nothing to remove' {
        $verbose = Remove-AlonzoRole -Name 'never-existed' -Force -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Role 'never-existed' does not exist; nothing to delete."
        (Get-MutatingCalls).Count | Should -Be 0
    }
}

# IAM request signing, a wrong secret and a missing permission: Signing.Tests.ps1.
