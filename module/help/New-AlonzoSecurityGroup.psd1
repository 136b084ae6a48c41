@{
    Synopsis    = 'Creates an EC2 security group in a VPC if it is missing (by default named <function>_lambda) and returns it.'

    Description = @'
New-AlonzoSecurityGroup makes sure a security group exists in a VPC, for example the group a Lambda function uses when Publish-AlonzoFunction places it in the VPC. With -FunctionName the group is named <function>_lambda (alonzo_lambda for the function alonzo) and described "Alonzo: Lambda function alonzo"; with -Name you choose the name. A new group has EC2's default rules: no inbound rule, all outbound traffic allowed. Grant-AlonzoNetworkAccess adds the inbound rule on the target's group.

The command first checks the input (InvalidSecurityGroupName, InvalidVpcId, InvalidSecurityGroupDescription, InvalidTag), then that the VPC exists (VpcNotFound, naming the id), then looks for a group of that name in the VPC. A missing group is created with its tags in the same call (TagSpecifications), so it is never seen untagged, and returned with Action Created. An existing group is returned with Action Unchanged, or Updated when tags were missing (tags are added or updated, never removed); running the command twice changes nothing the second time. EC2 cannot change the description of a group: a different -Description for an existing group is a warning, and the group is left as it is.

When another caller creates the same group at the same moment (or the SDK retried a create whose first attempt succeeded), EC2 answers InvalidGroup.Duplicate: the command then reads the group and returns it. -WhatIf reads the VPC and the group and says "Create security group alonzo_lambda in vpc-..." without creating anything.
'@

    Parameters  = @{
        Name         = @'
The group's name: 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-. Names are unique within a VPC. Binds from objects with a Name or GroupName property.
'@
        FunctionName = @'
Name the group after a Lambda function: <function>_lambda. Binds from objects with a FunctionName property, such as the output of Publish-AlonzoFunction.
'@
        VpcId        = @'
The VPC the group belongs to (vpc-...). It must exist in the region. Binds from objects with a VpcId property.
'@
        Description  = @'
The group's description (1 to 255 characters of the same set as names). Defaults to "Alonzo: Lambda function <name>" with -FunctionName and "Managed by Alonzo" otherwise. EC2 cannot change it later.
'@
        Tag          = @'
Tags as a hashtable, for example @{ team = 'data' }. Set when the group is created; on an existing group, missing tags are added and different values updated. Tags are never removed.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoSecurityGroup' = @'
The group: GroupId, GroupName, VpcId, Description, OwnerId, Region, IngressRules (one line per rule and source, for example "tcp 5432 from sg-0123"), Tags, Action (Created, Updated or Unchanged) and Changes.
'@
    }

    Examples    = @(
        @{
            Title   = 'The group for a function, in the function''s VPC'
            Code    = @'
PS> New-AlonzoSecurityGroup -FunctionName alonzo -VpcId vpc-0a1b2c3d4e5f60718

GroupId              GroupName          VpcId                 Rules Action
-------              ---------          -----                 ----- ------
sg-0123456789abcdef0 alonzo_lambda      vpc-0a1b2c3d4e5f60718     0 Created
'@
            Remarks = 'A second run returns the same group with Action Unchanged.'
        }
        @{
            Title   = 'Place the function in the VPC with its group'
            Code    = @'
PS> $sg = New-AlonzoSecurityGroup -FunctionName alonzo -VpcId vpc-0a1b2c3d4e5f60718
PS> Publish-AlonzoFunction -Name alonzo -Path ./handler -Role alonzo-role -SubnetId subnet-0a, subnet-0b -SecurityGroupId $sg.GroupId
'@
            Remarks = 'The group id is what Lambda''s VpcConfig takes.'
        }
    )

    Notes       = @'
Needs ec2:DescribeVpcs, ec2:DescribeSecurityGroups, ec2:CreateSecurityGroup and ec2:CreateTags.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoSecurityGroup', 'Remove-AlonzoSecurityGroup')
}
