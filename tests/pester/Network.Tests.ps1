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
