@{
    Synopsis    = 'Lets one security group reach another on a port: adds the inbound rule on the target group if it is missing.'

    Description = @'
Grant-AlonzoNetworkAccess adds an inbound rule to -ToSecurityGroup (a database's or an instance's group) that allows -Protocol (tcp by default) traffic on -Port from members of -FromSecurityGroup (the function's group, for example alonzo_lambda). Both groups can be given as ids (sg-...), names (with -VpcId when the name is used in several VPCs) or group objects from New-AlonzoSecurityGroup or Get-AlonzoSecurityGroup; the "from" group also comes from the pipeline.

The command reads the target group first. When the rule is already there it returns the grant with Action Unchanged and makes no call that changes anything; otherwise it calls AuthorizeSecurityGroupIngress and returns Action Created. When another caller adds the same rule at the same moment, EC2 answers InvalidPermission.Duplicate, which the command takes as "already there" (Action Unchanged). A group that does not exist fails with SecurityGroupNotFound naming it, before any change; groups in different VPCs get a warning (the rule only works over a peering connection).
'@

    Parameters  = @{
        FromSecurityGroup = @'
The group traffic comes from: an id, a name, or a group object (its GroupId is used). Accepts pipeline input.
'@
        ToSecurityGroup   = @'
The group that gets the inbound rule: an id, a name, or a group object.
'@
        Port              = @'
The port to open, 0 to 65535 (for example 5432 for PostgreSQL).
'@
        Protocol          = @'
tcp (the default) or udp.
'@
        VpcId             = @'
The VPC of groups given by name (names are unique per VPC only).
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoNetworkGrant' = @'
The rule: ToGroupId, FromGroupId, Protocol, Port, VpcId and Action (Created or Unchanged).
'@
    }

    Examples    = @(
        @{
            Title   = 'Let the function reach its database'
            Code    = @'
PS> New-AlonzoSecurityGroup -FunctionName alonzo -VpcId vpc-0a1b2c3d4e5f60718 | Grant-AlonzoNetworkAccess -ToSecurityGroup sg-0fedcba9876543210 -Port 5432

ToGroupId            FromGroupId          Protocol  Port Action
---------            -----------          --------  ---- ------
sg-0fedcba9876543210 sg-0123456789abcdef0 tcp       5432 Created
'@
            Remarks = 'A second run returns the same rule with Action Unchanged.'
        }
        @{
            Title   = 'Groups by name in one VPC'
            Code    = @'
PS> Grant-AlonzoNetworkAccess alonzo_lambda redis -Port 6379 -VpcId vpc-0a1b2c3d4e5f60718
'@
            Remarks = 'The first two positions are the "from" and "to" groups.'
        }
    )

    Notes       = @'
Needs ec2:DescribeSecurityGroups and ec2:AuthorizeSecurityGroupIngress.
'@

    Links       = @('about_Alonzo', 'Revoke-AlonzoNetworkAccess', 'New-AlonzoSecurityGroup')
}
