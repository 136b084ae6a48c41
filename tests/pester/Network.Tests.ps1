#Requires -Version 7.0
# The networking cmdlets (security groups) against moto_server behind the recording proxy,
# cross-checked with the aws CLI. moto never answers DependencyViolation: the proxy plays AWS's
# exact reply so the wait runs for real. Loopback only; every service started here is stopped in AfterAll.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Alonzo.TestSupport.psm1') -Force
    $script:ModulePath = Import-AlonzoUnderTest

    $script:Emulator = Start-AlonzoEmulator
    $script:Moto = $script:Emulator.Moto
    $script:Proxy = $script:Emulator.Proxy

    function Invoke-Ec2Cli([string[]] $Arguments) { Invoke-AwsCli -Service $script:Moto -Arguments (@('ec2') + $Arguments) }
    function Get-CliGroup([string] $Id) {
        @((Invoke-Ec2Cli @('describe-security-groups', '--filters', "Name=group-id,Values=$Id")).SecurityGroups)
    }
    function Get-MutatingCalls { @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object mutating) }
    # AWS's reply to DeleteSecurityGroup while a network interface still uses the group.
    function New-DependencyViolationRule([string] $GroupId, [Nullable[int]] $Times) {
        $rule = @{
            operation = 'DeleteSecurityGroup'; service = 'ec2'
            respond   = @{
                status  = 400
                headers = @{ 'Content-Type' = 'text/xml;charset=UTF-8' }
                body    = "<?xml version=`"1.0`" encoding=`"UTF-8`"?>`n<Response><Errors><Error><Code>DependencyViolation</Code><Message>resource $GroupId has a dependent object</Message></Error></Errors><RequestID>5d3a1c9e-2f4b-4c11-9a77-3b1f8e0c6d21</RequestID></Response>"
            }
        }
        if ($null -ne $Times) { $rule.times = $Times }
        $rule
    }

    $script:VpcId = (Invoke-Ec2Cli @('create-vpc', '--cidr-block', '10.10.0.0/16')).Vpc.VpcId
    $script:OtherVpcId = (Invoke-Ec2Cli @('create-vpc', '--cidr-block', '10.20.0.0/16')).Vpc.VpcId
}

AfterAll {
    Stop-AlonzoEmulator $script:Emulator
}

Describe 'New-AlonzoSecurityGroup' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'creates <function>_lambda in the VPC with its tags, and a second run changes nothing' {
        $sg = New-AlonzoSecurityGroup -FunctionName 'orders' -VpcId $script:VpcId -Tag @{ team = 'data' }
        $sg.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoSecurityGroup'
        $sg.Action | Should -Be 'Created'
        $sg.GroupName | Should -Be 'orders_lambda'
        $sg.GroupId | Should -Match '^sg-[0-9a-f]+$'
        $sg.VpcId | Should -Be $script:VpcId
        $sg.Description | Should -Be 'Alonzo: Lambda function orders'
        $sg.Changes | Should -Be @("Created security group orders_lambda in $($script:VpcId)")

        $cli = Get-CliGroup $sg.GroupId
        $cli.Count | Should -Be 1
        $cli[0].GroupName | Should -Be 'orders_lambda'
        $cli[0].VpcId | Should -Be $script:VpcId
        ($cli[0].Tags | Where-Object Key -eq 'team').Value | Should -Be 'data'
        # Tags travel in CreateSecurityGroup itself: no separate CreateTags call.
        @(Get-MutatingCalls).operation | Should -Be @('CreateSecurityGroup')

        Clear-AwsProxyCall -Proxy $script:Proxy
        $again = New-AlonzoSecurityGroup -FunctionName 'orders' -VpcId $script:VpcId -Tag @{ team = 'data' }
        $again.Action | Should -Be 'Unchanged'
        $again.GroupId | Should -Be $sg.GroupId
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It 'adds a missing tag to an existing group, and warns that a different description cannot change' {
        $sg = New-AlonzoSecurityGroup -Name 'tagged' -VpcId $script:VpcId
        Clear-AwsProxyCall -Proxy $script:Proxy
        $updated = New-AlonzoSecurityGroup -Name 'tagged' -VpcId $script:VpcId -Tag @{ env = 'test' } -Description 'other text' -WarningVariable warn -WarningAction SilentlyContinue
        $updated.Action | Should -Be 'Updated'
        $updated.Tags['env'] | Should -Be 'test'
        @(Get-MutatingCalls).operation | Should -Be @('CreateTags')
        $warn | Should -HaveCount 1
        "$warn" | Should -Match "has the description 'Managed by Alonzo', not 'other text'"
        ((Get-CliGroup $sg.GroupId)[0].Tags | Where-Object Key -eq 'env').Value | Should -Be 'test'
    }

    It 'uses the group of the same name in another VPC only for that VPC' {
        $a = New-AlonzoSecurityGroup -Name 'shared-name' -VpcId $script:VpcId
        $b = New-AlonzoSecurityGroup -Name 'shared-name' -VpcId $script:OtherVpcId
        $b.Action | Should -Be 'Created'
        $b.GroupId | Should -Not -Be $a.GroupId
        Get-AlonzoSecurityGroup 'shared-name' -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'AmbiguousSecurityGroup,*'
        "$($err[0])" | Should -Match ([regex]::Escape($a.GroupId)) 
        "$($err[0])" | Should -Match ([regex]::Escape($b.GroupId))
        (Get-AlonzoSecurityGroup 'shared-name' -VpcId $script:OtherVpcId).GroupId | Should -Be $b.GroupId
    }

    It 'refuses bad input before any call, and a VPC that does not exist by its id' {
        New-AlonzoSecurityGroup -Name 'sg-lookalike' -VpcId $script:VpcId -ErrorAction SilentlyContinue -ErrorVariable e1
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSecurityGroupName,*'
        New-AlonzoSecurityGroup -Name 'ok' -VpcId 'vpc-XYZ' -ErrorAction SilentlyContinue -ErrorVariable e2
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidVpcId,*'
        "$($e2[0])" | Should -Match 'vpc-XYZ'
        Get-AwsProxyCall -Proxy $script:Proxy | Should -BeNullOrEmpty

        New-AlonzoSecurityGroup -Name 'ok' -VpcId 'vpc-0123456789abcdef0' -ErrorAction SilentlyContinue -ErrorVariable e3
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'VpcNotFound,*'
        $e3[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        "$($e3[0])" | Should -Match 'vpc-0123456789abcdef0'
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It '-WhatIf reads and creates nothing' {
        New-AlonzoSecurityGroup -Name 'whatif-group' -VpcId $script:VpcId -WhatIf | Should -BeNullOrEmpty
        @(Get-AwsProxyCall -Proxy $script:Proxy).operation | Should -Contain 'DescribeSecurityGroups'
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-AlonzoSecurityGroup 'whatif-group' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Get-AlonzoSecurityGroup' {
    BeforeAll {
        $script:Listed = New-AlonzoSecurityGroup -Name 'listed_lambda' -VpcId $script:VpcId
    }

    It 'finds a group by id, by name and by pattern, and names what it cannot find' {
        (Get-AlonzoSecurityGroup $script:Listed.GroupId).GroupName | Should -Be 'listed_lambda'
        (Get-AlonzoSecurityGroup 'listed_lambda' -VpcId $script:VpcId).GroupId | Should -Be $script:Listed.GroupId
        @(Get-AlonzoSecurityGroup '*_lambda' -VpcId $script:VpcId).GroupName | Should -Contain 'listed_lambda'
        @(Get-AlonzoSecurityGroup 'nothing-like-this*') | Should -HaveCount 0

        Get-AlonzoSecurityGroup 'missing-group' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SecurityGroupNotFound,*'
        Get-AlonzoSecurityGroup 'sg-00000000' -ErrorAction SilentlyContinue -ErrorVariable err2
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'SecurityGroupNotFound,*'
        Get-AlonzoSecurityGroup 'sg-nothex' -ErrorAction SilentlyContinue -ErrorVariable err3
        $err3[0].FullyQualifiedErrorId | Should -BeLike 'InvalidSecurityGroupId,*'
    }

    It 'renders a table that fits 80 columns' {
        $lines = (Get-AlonzoSecurityGroup $script:Listed.GroupId | Out-String -Width 80) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^GroupId\s+GroupName\s+VpcId\s+Rules\s+Action\s*$'
        $lines[2] | Should -Match ("^{0}\s+listed_lambda\s+{1}\s+0\s*$" -f [regex]::Escape($script:Listed.GroupId), $script:VpcId)
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
    }
}

Describe 'Remove-AlonzoSecurityGroup' {
    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'waits out DependencyViolation with progress, then deletes the group' {
        $sg = New-AlonzoSecurityGroup -Name 'lingering' -VpcId $script:VpcId
        Set-AwsProxyRule -Proxy $script:Proxy -Rule (New-DependencyViolationRule $sg.GroupId 2)
        $verbose = $sg | Remove-AlonzoSecurityGroup -Force -TimeoutSec 120 -Verbose 4>&1 | ForEach-Object { "$_" }

        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object operation -eq 'DeleteSecurityGroup') | Should -HaveCount 3
        (Get-AwsProxyRule -Proxy $script:Proxy)[0].applied | Should -Be 2
        Get-CliGroup $sg.GroupId | Should -BeNullOrEmpty
        ($verbose -join "`n") | Should -Match "Security group $($sg.GroupId) is still in use"
        ($verbose -join "`n") | Should -Match 'about 45 minutes'
        ($verbose -join "`n") | Should -Match "Deleted security group $($sg.GroupId) \(lingering\)"
    }

    It 'gives up after -TimeoutSec with SecurityGroupInUse and leaves the group' {
        $sg = New-AlonzoSecurityGroup -Name 'stuck' -VpcId $script:VpcId
        Set-AwsProxyRule -Proxy $script:Proxy -Rule (New-DependencyViolationRule $sg.GroupId $null)
        $started = Get-Date
        Remove-AlonzoSecurityGroup -Name $sg.GroupId -Force -TimeoutSec 2 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SecurityGroupInUse,*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        "$($err[0])" | Should -Match ([regex]::Escape($sg.GroupId))
        $err[0].Exception.InnerException.ErrorCode | Should -Be 'DependencyViolation'
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object operation -eq 'DeleteSecurityGroup').Count | Should -BeGreaterThan 1
        ((Get-Date) - $started).TotalSeconds | Should -BeLessThan 60
        Get-CliGroup $sg.GroupId | Should -HaveCount 1
    }

    It 'lists the step with -WhatIf, deletes nothing, and a missing group is not an error' {
        $sg = New-AlonzoSecurityGroup -Name 'kept' -VpcId $script:VpcId
        Clear-AwsProxyCall -Proxy $script:Proxy
        Remove-AlonzoSecurityGroup -Name 'kept' -VpcId $script:VpcId -Force -WhatIf
        Get-MutatingCalls | Should -BeNullOrEmpty
        Get-CliGroup $sg.GroupId | Should -HaveCount 1

        Remove-AlonzoSecurityGroup -Name 'kept' -VpcId $script:VpcId -Force
        Get-CliGroup $sg.GroupId | Should -BeNullOrEmpty
        Remove-AlonzoSecurityGroup -Name 'kept' -VpcId $script:VpcId -Force -ErrorVariable again
        $again | Should -BeNullOrEmpty
    }
}

Describe 'Publish-AlonzoFunction in a VPC' {
    BeforeAll {
        $script:Handler = Join-Path $TestDrive 'vpc-handler'
        New-Item -ItemType Directory -Path $script:Handler | Out-Null
        Set-Content -Path (Join-Path $script:Handler 'lambda_function.py') -Value "def lambda_handler(event, context):`n    return {'ok': True}`n"
        $script:Basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
        $script:VpcPolicy = 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'
        $null = New-AlonzoRole -Name 'vpc_fn_role' -ManagedPolicyArn $script:Basic
        $null = New-AlonzoRole -Name 'vpc_fn_role_plain' -ManagedPolicyArn $script:Basic

        # A subnet whose own route table sends 0.0.0.0/0 to a NAT gateway, and one that uses the main table (no NAT).
        $script:NatSubnet = (Invoke-Ec2Cli @('create-subnet', '--vpc-id', $script:VpcId, '--cidr-block', '10.10.1.0/24')).Subnet.SubnetId
        $script:PrivateSubnet = (Invoke-Ec2Cli @('create-subnet', '--vpc-id', $script:VpcId, '--cidr-block', '10.10.2.0/24')).Subnet.SubnetId
        $script:ForeignSubnet = (Invoke-Ec2Cli @('create-subnet', '--vpc-id', $script:OtherVpcId, '--cidr-block', '10.20.1.0/24')).Subnet.SubnetId
        $eip = (Invoke-Ec2Cli @('allocate-address', '--domain', 'vpc')).AllocationId
        $nat = (Invoke-Ec2Cli @('create-nat-gateway', '--subnet-id', $script:NatSubnet, '--allocation-id', $eip)).NatGateway.NatGatewayId
        $table = (Invoke-Ec2Cli @('create-route-table', '--vpc-id', $script:VpcId)).RouteTable.RouteTableId
        $null = Invoke-Ec2Cli @('create-route', '--route-table-id', $table, '--destination-cidr-block', '0.0.0.0/0', '--nat-gateway-id', $nat)
        $null = Invoke-Ec2Cli @('associate-route-table', '--route-table-id', $table, '--subnet-id', $script:NatSubnet)
        $script:FnGroup = (New-AlonzoSecurityGroup -FunctionName 'vpc-fn' -VpcId $script:VpcId).GroupId
        $script:FnGroup2 = (New-AlonzoSecurityGroup -Name 'vpc-fn-extra' -VpcId $script:VpcId).GroupId
        $script:ForeignGroup = (New-AlonzoSecurityGroup -Name 'foreign' -VpcId $script:OtherVpcId).GroupId

        function Publish-Vpc {
            [CmdletBinding()]
            param([string] $Name, [hashtable] $Extra = @{}, [string] $Role = 'vpc_fn_role')
            Publish-AlonzoFunction -Name $Name -Path $script:Handler -Handler 'lambda_function.lambda_handler' -Runtime 'python3.12' -Role $Role @Extra
        }
        function Get-CliVpcConfig([string] $Name) {
            (Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'get-function-configuration', '--function-name', $Name)).VpcConfig
        }
        function Get-CliAttached([string] $Role) {
            @((Invoke-AwsCli -Service $script:Moto -Arguments @('iam', 'list-attached-role-policies', '--role-name', $Role)).AttachedPolicies.PolicyArn)
        }
        function Test-CliFunction([string] $Name) {
            @((Invoke-AwsCli -Service $script:Moto -Arguments @('lambda', 'list-functions')).Functions.FunctionName) -contains $Name
        }
    }

    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'refuses each bad placement before the function is touched, naming the offending id' {
        $cases = @(
            @{ Args = @{ SubnetId = $script:PrivateSubnet }; Id = 'IncompleteVpcConfig'; Text = 'SecurityGroupId' }
            @{ Args = @{ SecurityGroupId = $script:FnGroup }; Id = 'IncompleteVpcConfig'; Text = 'SubnetId' }
            @{ Args = @{ SubnetId = @(1..17 | ForEach-Object { 'subnet-{0:x8}' -f $_ }); SecurityGroupId = $script:FnGroup }; Id = 'TooManySubnets'; Text = 'subnet-00000011' }
            @{ Args = @{ SubnetId = $script:PrivateSubnet; SecurityGroupId = @(1..6 | ForEach-Object { 'sg-{0:x8}' -f $_ }) }; Id = 'TooManySecurityGroups'; Text = 'sg-00000006' }
            @{ Args = @{ SubnetId = 'subnet-0123456789abcdef0'; SecurityGroupId = $script:FnGroup }; Id = 'SubnetNotFound'; Text = 'subnet-0123456789abcdef0' }
            @{ Args = @{ SubnetId = $script:PrivateSubnet; SecurityGroupId = 'sg-0123456789abcdef0' }; Id = 'SecurityGroupNotFound'; Text = 'sg-0123456789abcdef0' }
            @{ Args = @{ SubnetId = $script:PrivateSubnet, $script:ForeignSubnet; SecurityGroupId = $script:FnGroup }; Id = 'VpcMismatch'; Text = $script:ForeignSubnet }
            @{ Args = @{ SubnetId = $script:PrivateSubnet; SecurityGroupId = $script:ForeignGroup }; Id = 'VpcMismatch'; Text = $script:ForeignGroup }
            @{ Args = @{ SubnetId = 'subnet-XYZ'; SecurityGroupId = $script:FnGroup }; Id = 'InvalidSubnetId'; Text = 'subnet-XYZ' }
        )
        foreach ($case in $cases) {
            $extra = $case.Args
            Publish-Vpc 'vpc-bad' $extra -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike "$($case.Id),*" -Because ($extra | ConvertTo-Json -Compress)
            "$($err[0])" | Should -Match ([regex]::Escape($case.Text))
        }
        { Publish-Vpc 'vpc-bad' @{ SubnetId = $script:PrivateSubnet; SecurityGroupId = $script:FnGroup; NoVpc = $true } -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConflictingVpcParameters*'
        Get-MutatingCalls | Should -BeNullOrEmpty
        @(Get-AwsProxyCall -Proxy $script:Proxy | Where-Object { $_.operation -like '*Function*' -and $_.operation -ne 'GetFunction' }) | Should -BeNullOrEmpty
        Test-CliFunction 'vpc-bad' | Should -BeFalse
    }

    It 'places a new function, attaches the VPC policy to a role that lacks it, and warns once about no NAT route' {
        $fn = Publish-Vpc 'vpc-fn' @{ SubnetId = $script:PrivateSubnet; SecurityGroupId = $script:FnGroup } -WarningVariable warn -WarningAction SilentlyContinue
        $fn.Action | Should -Be 'Created'
        $fn.SubnetIds | Should -Be @($script:PrivateSubnet)
        $fn.SecurityGroupIds | Should -Be @($script:FnGroup)
        @($warn | Where-Object { "$_" -match 'NAT gateway' }) | Should -HaveCount 1
        "$($warn | Where-Object { "$_" -match 'NAT gateway' })" | Should -Match ([regex]::Escape($script:PrivateSubnet))
        Get-CliAttached 'vpc_fn_role' | Should -Contain $script:VpcPolicy
        $cli = Get-CliVpcConfig 'vpc-fn'
        $cli.SubnetIds | Should -Be @($script:PrivateSubnet)
        $cli.SecurityGroupIds | Should -Be @($script:FnGroup)
        $ops = @(Get-MutatingCalls).operation
        [array]::IndexOf($ops, 'AttachRolePolicy') | Should -BeLessThan ([array]::IndexOf($ops, 'CreateFunction'))
    }

    It 'compares the VPC settings as sets: the same ids in another order change nothing' {
        $null = Publish-Vpc 'vpc-set' @{ SubnetId = $script:PrivateSubnet, $script:NatSubnet; SecurityGroupId = $script:FnGroup, $script:FnGroup2 } -WarningAction SilentlyContinue
        Clear-AwsProxyCall -Proxy $script:Proxy
        $again = Publish-Vpc 'vpc-set' @{ SubnetId = $script:NatSubnet, $script:PrivateSubnet, $script:NatSubnet; SecurityGroupId = $script:FnGroup2, $script:FnGroup } -WarningVariable warn
        $again.Action | Should -Be 'Unchanged'
        Get-MutatingCalls | Should -BeNullOrEmpty
        $warn | Should -BeNullOrEmpty
    }

    It 'moves the function to other subnets (no NAT warning when one has a NAT route), then takes it out of the VPC' {
        $null = Publish-Vpc 'vpc-move' @{ SubnetId = $script:PrivateSubnet; SecurityGroupId = $script:FnGroup } -WarningAction SilentlyContinue
        $moved = Publish-Vpc 'vpc-move' @{ SubnetId = $script:PrivateSubnet, $script:NatSubnet; SecurityGroupId = $script:FnGroup } -WarningVariable warn
        $moved.Action | Should -Be 'Updated'
        $warn | Should -BeNullOrEmpty
        $moved.Changes | Should -HaveCount 1
        $moved.Changes[0] | Should -Match '^VpcConfig '
        @((Get-CliVpcConfig 'vpc-move').SubnetIds | Sort-Object) | Should -Be @(@($script:PrivateSubnet, $script:NatSubnet) | Sort-Object)

        Clear-AwsProxyCall -Proxy $script:Proxy
        $out = Publish-Vpc 'vpc-move' @{ NoVpc = $true } -WarningVariable left -WarningAction SilentlyContinue
        $out.Action | Should -Be 'Updated'
        $out.SubnetIds | Should -BeNullOrEmpty
        "$left" | Should -Match 'about 45 minutes'
        @(Get-MutatingCalls).operation | Should -Be @('UpdateFunctionConfiguration')
        @((Get-CliVpcConfig 'vpc-move').SubnetIds) | Should -BeNullOrEmpty

        Clear-AwsProxyCall -Proxy $script:Proxy
        (Publish-Vpc 'vpc-move' @{ NoVpc = $true }).Action | Should -Be 'Unchanged'
        Get-MutatingCalls | Should -BeNullOrEmpty
    }

    It 'with -NoVpcPolicy only warns about the missing permissions; -WhatIf changes nothing' {
        $null = Publish-Vpc 'vpc-plain' @{} 'vpc_fn_role_plain'
        Clear-AwsProxyCall -Proxy $script:Proxy
        $null = Publish-Vpc 'vpc-plain' @{ SubnetId = $script:NatSubnet; SecurityGroupId = $script:FnGroup; WhatIf = $true } 'vpc_fn_role_plain'
        Get-MutatingCalls | Should -BeNullOrEmpty
        $fn = Publish-Vpc 'vpc-plain' @{ SubnetId = $script:NatSubnet; SecurityGroupId = $script:FnGroup; NoVpcPolicy = $true } 'vpc_fn_role_plain' -WarningVariable warn -WarningAction SilentlyContinue
        $fn.Action | Should -Be 'Updated'
        "$warn" | Should -Match 'CreateNetworkInterface'
        Get-CliAttached 'vpc_fn_role_plain' | Should -Not -Contain $script:VpcPolicy
    }

    It 'says on removal that Lambda keeps the network interfaces for up to about 45 minutes' {
        $null = Publish-Vpc 'vpc-gone' @{ SubnetId = $script:NatSubnet; SecurityGroupId = $script:FnGroup }
        Remove-AlonzoFunction -Name 'vpc-gone' -Force -WarningVariable warn -WarningAction SilentlyContinue
        Test-CliFunction 'vpc-gone' | Should -BeFalse
        "$warn" | Should -Match "function 'vpc-gone' .* about 45 minutes"
    }
}

Describe 'Grant- and Revoke-AlonzoNetworkAccess' {
    BeforeAll {
        $script:Lambda = New-AlonzoSecurityGroup -FunctionName 'grant-fn' -VpcId $script:VpcId
        $script:Db = New-AlonzoSecurityGroup -Name 'grant-db' -VpcId $script:VpcId
        function Get-DbRules {
            @((Get-CliGroup $script:Db.GroupId)[0].IpPermissions | ForEach-Object {
                $p = $_; $p.UserIdGroupPairs | ForEach-Object { '{0} {1}-{2} {3}' -f $p.IpProtocol, $p.FromPort, $p.ToPort, $_.GroupId } })
        }
    }

    BeforeEach {
        Clear-AwsProxyRule -Proxy $script:Proxy
        Clear-AwsProxyCall -Proxy $script:Proxy
    }

    It 'adds the rule once: a second grant is Unchanged and changes nothing' {
        $grant = $script:Lambda | Grant-AlonzoNetworkAccess -ToSecurityGroup $script:Db -Port 5432
        $grant.PSObject.TypeNames[0] | Should -Be 'Alonzo.AlonzoNetworkGrant'
        $grant.Action | Should -Be 'Created'
        $grant.FromGroupId | Should -Be $script:Lambda.GroupId
        $grant.ToGroupId | Should -Be $script:Db.GroupId
        Get-DbRules | Should -Be @("tcp 5432-5432 $($script:Lambda.GroupId)")

        Clear-AwsProxyCall -Proxy $script:Proxy
        $again = Grant-AlonzoNetworkAccess 'grant-fn_lambda' 'grant-db' -Port 5432 -VpcId $script:VpcId
        $again.Action | Should -Be 'Unchanged'
        Get-MutatingCalls | Should -BeNullOrEmpty
        (Get-AlonzoSecurityGroup $script:Db.GroupId).IngressRules | Should -Be @("tcp 5432 from $($script:Lambda.GroupId)")
    }

    It 'takes InvalidPermission.Duplicate from a concurrent grant as already there' {
        Set-AwsProxyRule -Proxy $script:Proxy -Rule @{
            operation = 'AuthorizeSecurityGroupIngress'; service = 'ec2'; times = 1
            respond   = @{ status = 400; headers = @{ 'Content-Type' = 'text/xml;charset=UTF-8' }; body = "<?xml version=`"1.0`" encoding=`"UTF-8`"?>`n<Response><Errors><Error><Code>InvalidPermission.Duplicate</Code><Message>the specified rule `"peer: $($script:Lambda.GroupId), TCP, from port: 6379, to port: 6379, ALLOW`" already exists</Message></Error></Errors><RequestID>7e1c2a3b-1111-4c22-8d33-9e4f5a6b7c8d</RequestID></Response>" }
        }
        $grant = Grant-AlonzoNetworkAccess $script:Lambda.GroupId $script:Db.GroupId -Port 6379
        $grant.Action | Should -Be 'Unchanged'
    }

    It 'revokes only its rule, twice without error, and refuses a group that does not exist' {
        $null = Grant-AlonzoNetworkAccess $script:Lambda $script:Db -Port 8080
        Revoke-AlonzoNetworkAccess $script:Lambda $script:Db -Port 8080 -WhatIf
        Get-DbRules | Should -Contain "tcp 8080-8080 $($script:Lambda.GroupId)"
        Revoke-AlonzoNetworkAccess $script:Lambda $script:Db -Port 8080 -Force
        Get-DbRules | Should -Not -Contain "tcp 8080-8080 $($script:Lambda.GroupId)"
        Get-DbRules | Should -Contain "tcp 5432-5432 $($script:Lambda.GroupId)"
        Clear-AwsProxyCall -Proxy $script:Proxy
        Revoke-AlonzoNetworkAccess $script:Lambda $script:Db -Port 8080 -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
        Get-MutatingCalls | Should -BeNullOrEmpty

        Grant-AlonzoNetworkAccess 'sg-0123456789abcdef0' $script:Db -Port 1 -ErrorAction SilentlyContinue -ErrorVariable nf
        $nf[0].FullyQualifiedErrorId | Should -BeLike 'SecurityGroupNotFound,*'
        "$($nf[0])" | Should -Match 'sg-0123456789abcdef0'
    }
}
