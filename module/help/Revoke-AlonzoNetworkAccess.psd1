@{
    Synopsis    = 'Removes the inbound rule that Grant-AlonzoNetworkAccess adds; a rule that is not there is not an error.'

    Description = @'
Revoke-AlonzoNetworkAccess removes the inbound rule on -ToSecurityGroup that allows -Protocol traffic on -Port from -FromSecurityGroup, and only that rule: other rules of the group stay. It reads the group first; when the rule is not there, nothing is changed and the Verbose stream says so, so a second run changes nothing. The command asks for confirmation (ConfirmImpact Medium, "Revoke tcp 5432 into sg-... from sg-..."); -Force skips the prompt, and -WhatIf always wins.
'@

    Parameters  = @{
        FromSecurityGroup = @'
The group traffic comes from: an id, a name, or a group object. Accepts pipeline input.
'@
        ToSecurityGroup   = @'
The group that has the inbound rule: an id, a name, or a group object.
'@
        Port              = @'
The rule's port, 0 to 65535.
'@
        Protocol          = @'
tcp (the default) or udp.
'@
        VpcId             = @'
The VPC of groups given by name.
'@
        Force             = @'
Revoke without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
    }

    Examples    = @(
        @{
            Title   = 'Close the database port again'
            Code    = @'
PS> Revoke-AlonzoNetworkAccess -FromSecurityGroup sg-0123456789abcdef0 -ToSecurityGroup sg-0fedcba9876543210 -Port 5432 -Force
'@
            Remarks = 'Running it again is not an error and changes nothing.'
        }
        @{
            Title   = 'Preview'
            Code    = @'
PS> Get-AlonzoSecurityGroup alonzo_lambda | Revoke-AlonzoNetworkAccess -ToSecurityGroup sg-0fedcba9876543210 -Port 5432 -WhatIf
'@
            Remarks = 'Shows the rule that would be revoked, and revokes nothing.'
        }
    )

    Notes       = @'
Needs ec2:DescribeSecurityGroups and ec2:RevokeSecurityGroupIngress.
'@

    Links       = @('about_Alonzo', 'Grant-AlonzoNetworkAccess')
}
