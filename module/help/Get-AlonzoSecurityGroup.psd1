@{
    Synopsis    = 'Gets EC2 security groups by id, by name, or by a wildcard pattern, optionally in one VPC.'

    Description = @'
Get-AlonzoSecurityGroup reads security groups and changes nothing. A group id (sg-...) returns that group; a name returns the group of that name (in -VpcId when given); a pattern with wildcards (*, ?, [ ]) returns every group whose name matches, ignoring case, sorted by VPC and name, and no match is not an error. Without -Name every group in the region (or in -VpcId) is returned.

A name or id that does not exist writes the non-terminating error SecurityGroupNotFound. Names are unique only within a VPC: a name used in several VPCs, without -VpcId, writes AmbiguousSecurityGroup listing each group and its VPC. Ids and names are checked before any call (InvalidSecurityGroupId, InvalidSecurityGroupName, InvalidVpcId).
'@

    Parameters  = @{
        Name  = @'
Group names (wildcards allowed) or ids (sg-...). Binds from objects with a Name or GroupId property, such as the output of New-AlonzoSecurityGroup.
'@
        VpcId = @'
Only groups of this VPC (vpc-...).
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoSecurityGroup' = @'
One object per group, with Action None: GroupId, GroupName, VpcId, Description, OwnerId, Region, IngressRules, Tags.
'@
    }

    Examples    = @(
        @{
            Title   = 'The groups Alonzo made for functions, with their inbound rules'
            Code    = @'
PS> Get-AlonzoSecurityGroup '*_lambda' | Format-List GroupId, GroupName, IngressRules
'@
            Remarks = 'IngressRules has one line per rule and source.'
        }
        @{
            Title   = 'A group by name in one VPC, piped into the next command'
            Code    = @'
PS> Get-AlonzoSecurityGroup alonzo_lambda -VpcId vpc-0a1b2c3d4e5f60718 | Remove-AlonzoSecurityGroup -WhatIf
'@
            Remarks = 'The object binds to -Name by its GroupId property and to -VpcId by its VpcId.'
        }
    )

    Notes       = @'
Needs ec2:DescribeSecurityGroups.
'@

    Links       = @('about_Alonzo', 'New-AlonzoSecurityGroup', 'Remove-AlonzoSecurityGroup')
}
