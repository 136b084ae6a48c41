@{
    Synopsis    = 'Deletes a security group, waiting (with progress, for a bounded time) while network interfaces Lambda keeps still use it.'

    Description = @'
Remove-AlonzoSecurityGroup deletes a security group given by id or name. It reads the group first and plans the teardown; a group that does not exist is not an error (the Verbose stream says so), so teardown scripts can run twice. The command has ConfirmImpact High and asks first; -Force skips the prompt, -WhatIf always wins and shows the step without deleting.

Lambda keeps the network interfaces (described "AWS Lambda VPC ENI-...") of a function for up to about 45 minutes after the function leaves its VPC or is deleted, and EC2 refuses to delete a group that an interface still uses: DependencyViolation, "resource sg-... has a dependent object". Instead of failing, the command keeps trying, first after 1 second and then at growing intervals up to 30 seconds, for at most -TimeoutSec seconds (45 minutes by default). The progress bar and the Verbose stream say what still uses the group (the interfaces found with the group-id filter, and how many are Lambda's). When the time is up it fails with SecurityGroupInUse, naming the group and what uses it; nothing was deleted, and running the command again later continues.

Delete the function's execution role last: Lambda needs the role's network-interface permissions to delete its interfaces.
'@

    Parameters  = @{
        Name       = @'
The group's id (sg-...) or name (no wildcards). Binds from objects with a GroupId property, such as the output of Get-AlonzoSecurityGroup.
'@
        VpcId      = @'
The VPC of a group given by name (names are unique per VPC only). Binds by property name.
'@
        Force      = @'
Delete without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
        TimeoutSec = @'
How long to keep trying, in seconds, while EC2 answers DependencyViolation. The default, 2700 (45 minutes), covers the time Lambda may keep its interfaces; 0 tries once.
'@
    }

    Examples    = @(
        @{
            Title   = 'Tear down a function''s group after the function'
            Code    = @'
PS> Remove-AlonzoFunction -Name alonzo -Force
PS> Get-AlonzoSecurityGroup alonzo_lambda -VpcId vpc-0a1b2c3d4e5f60718 | Remove-AlonzoSecurityGroup -Force -Verbose
VERBOSE: Security group sg-0123456789abcdef0 is still in use (2 network interface(s), 2 of them Lambda's: eni-...). ...
VERBOSE: Deleted security group sg-0123456789abcdef0 (alonzo_lambda).
'@
            Remarks = 'The command waits while Lambda releases its interfaces, with a progress bar.'
        }
        @{
            Title   = 'Try once in a script that runs again later'
            Code    = @'
PS> Remove-AlonzoSecurityGroup -Name sg-0123456789abcdef0 -Force -TimeoutSec 0 -ErrorAction SilentlyContinue -ErrorVariable e
PS> if ($e[0].FullyQualifiedErrorId -like 'SecurityGroupInUse*') { 'still in use; next run deletes it' }
'@
            Remarks = '-TimeoutSec 0 makes a single attempt; SecurityGroupInUse says what still uses the group.'
        }
    )

    Notes       = @'
Needs ec2:DescribeSecurityGroups, ec2:DeleteSecurityGroup and ec2:DescribeNetworkInterfaces.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'New-AlonzoSecurityGroup', 'Get-AlonzoSecurityGroup')
}
