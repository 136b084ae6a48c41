@{
    Synopsis    = 'Enables or disables an event source mapping, and waits until it is Enabled or Disabled.'

    Description = @'
Set-AlonzoEventMapping turns a mapping on or off by its UUID: -Disabled makes Lambda stop reading the stream for the function, -Enabled makes it read again. The mapping and its other settings are kept. One of the two switches is required.

The command reads the mapping first (GetEventSourceMapping). When it already is in the requested state, it is returned with Action Unchanged and nothing is changed. When it is still being changed (Creating, Enabling, Updating or Disabling), the command waits until it is Enabled or Disabled, and returns it Unchanged if that is the requested state. Otherwise it sends the change (UpdateEventSourceMapping) and waits until Lambda reports the mapping Enabled or Disabled; Action is Updated and Changes says "State Enabled -> Disabled" (or the other way round). When Lambda refuses the change because the mapping is busy (ResourceInUseException), the command waits for it to settle and tries again until -TimeoutSec runs out, after which it writes an AwsConflict.<Code> error such as AwsConflict.ResourceInUseException.

The waits poll GetEventSourceMapping quickly at first and then every 5 seconds, show a progress bar, and give up after -TimeoutSec seconds with WaitTimedOut; the change continues in AWS. Ctrl+C stops a wait at once.

An empty -UUID fails with InvalidUUID before any call. A UUID that does not exist in the region fails with AwsResourceNotFound (category ObjectNotFound), the error Lambda's GetEventSourceMapping returns. Failures are non-terminating errors with the UUID as target object, so a pipeline of mappings continues past a bad one.

To change other settings of a mapping (batch size, retries, the starting position), use Add-AlonzoEventMapping with the function and stream; it updates the existing mapping.
'@

    Parameters  = @{
        UUID       = @'
The identifier of the mapping, as shown by Get-AlonzoEventMapping and Add-AlonzoEventMapping. Accepts pipeline input by property name, from objects with a UUID property such as the output of those commands.
'@
        Enabled    = @'
Enable the mapping: Lambda reads the stream and invokes the function. Cannot be combined with -Disabled.
'@
        Disabled   = @'
Disable the mapping: Lambda stops reading the stream for the function until the mapping is enabled again. The mapping is not deleted. Cannot be combined with -Enabled.
'@
        TimeoutSec = @'
How long each wait may take, in seconds (300 by default, 1 to 3600): for a mapping that is being changed to settle, for a busy mapping to accept the change, and for the mapping to become Enabled or Disabled. When the time is up the command fails with WaitTimedOut (or the AwsConflict error of the refused change).
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoEventMapping' = @'
The mapping after the change: UUID, FunctionName, StreamName, State (Enabled or Disabled), the batching and retry settings, LastProcessingResult, StateTransitionReason, LastModified, Region, Action (Updated or Unchanged) and Changes ("State Enabled -> Disabled", or empty when Unchanged). Nothing is written with -WhatIf.
'@
    }

    Examples    = @(
        @{
            Title   = 'Pause every mapping of a function'
            Code    = @'
PS> Get-AlonzoEventMapping -FunctionName alonzo | Set-AlonzoEventMapping -Disabled

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Disabled        100 LATEST           Updated
'@
            Remarks = @'
The mappings bind by their UUID property. Each is disabled in turn, and the command returns when Lambda reports it Disabled. The function keeps its code and settings; nothing reads the stream for it until the mapping is enabled again.
'@
        }
        @{
            Title   = 'Enable a mapping again'
            Code    = @'
PS> Set-AlonzoEventMapping 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 -Enabled

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST           Updated

PS> Set-AlonzoEventMapping 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 -Enabled

UUID                                 FunctionName StreamName State     BatchSize StartingPosition Action
----                                 ------------ ---------- -----     --------- ---------------- ------
6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6 alonzo       alonzo     Enabled         100 LATEST           Unchanged
'@
            Remarks = @'
-UUID is positional. A mapping that already is Enabled is returned unchanged, without an update call.
'@
        }
        @{
            Title   = 'Preview with -WhatIf'
            Code    = @'
PS> Get-AlonzoEventMapping -StreamName alonzo | Set-AlonzoEventMapping -Disabled -WhatIf
What if: Performing the operation "Disable event source mapping" on target "6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6".
'@
            Remarks = @'
Set-AlonzoEventMapping decides before it reads the mapping, so -WhatIf reports the operation for every UUID, also for a mapping that is already disabled, and Set-AlonzoEventMapping itself makes no call to AWS.
'@
        }
    )

    Notes       = @'
Set-AlonzoEventMapping supports -WhatIf and -Confirm (ConfirmImpact Medium, so it does not ask by default).

It needs the permissions lambda:GetEventSourceMapping and lambda:UpdateEventSourceMapping.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoEventMapping', 'Add-AlonzoEventMapping', 'Remove-AlonzoEventMapping')
}
