@{
    Synopsis    = 'Deletes an event source mapping so that Lambda stops reading the stream for the function; with -Wait, waits until it is gone.'

    Description = @'
Remove-AlonzoEventMapping deletes the mapping with the given UUID: it reads the mapping (GetEventSourceMapping), then deletes it (DeleteEventSourceMapping). The function and the stream are not touched, and records the function has not read yet stay in the stream until its retention ends. The command is idempotent: when the mapping does not exist, nothing is asked or deleted and no error is written; the Verbose stream says "Event source mapping '<UUID>' does not exist in region eu-west-1; nothing to delete."

The command has ConfirmImpact High and asks for confirmation by default ("Delete event source mapping" on the UUID). -Force skips the prompt for scripts; an explicit -Confirm prompts even together with -Force. -WhatIf always wins over -Force: the mapping is still read, and every teardown step is listed on its own "What if:" line ("Delete event source mapping", and with -Wait also "Wait until the mapping is gone"), without deleting anything. A mapping that does not exist gets no "What if:" line and no prompt, only the Verbose line above.

Lambda deletes a mapping in the background: it is Deleting for a while. With -Wait, the command polls GetEventSourceMapping until the mapping is gone (quickly at first, then every 5 seconds), showing a progress bar, and fails with WaitTimedOut after -TimeoutSec seconds; the deletion continues in AWS. Without -Wait it returns as soon as Lambda has accepted the delete. Use -Wait when a script maps the function and stream again right afterwards, so that the old mapping is really gone first.

Lambda does not delete a mapping that is being created or updated (ResourceInUseException). The command then waits until the mapping is Enabled or Disabled (for at most -TimeoutSec seconds, WaitTimedOut otherwise) and sends the delete again.

An empty -UUID fails with InvalidUUID before any call. Mappings are deleted one UUID at a time; to delete the mappings of a function or a stream, select them with Get-AlonzoEventMapping and pipe them. Each UUID is processed on its own; a failure is a non-terminating error with the UUID as target object. The command writes no objects; -Verbose shows the calls and "Deleting mapping <UUID>."
'@

    Parameters  = @{
        UUID       = @'
The identifier of the mapping to delete, as shown by Get-AlonzoEventMapping. Accepts pipeline input by property name, from objects with a UUID property such as the output of Get-AlonzoEventMapping and Add-AlonzoEventMapping.
'@
        Force      = @'
Delete without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
        Wait       = @'
Wait until the mapping no longer exists, instead of returning while Lambda is still deleting it.
'@
        TimeoutSec = @'
How long each wait may take, in seconds (300 by default, 1 to 3600): for a mapping that is being created or updated to settle before it can be deleted, and with -Wait for the mapping to disappear. When the time is up the command fails with the error WaitTimedOut; a deletion that was accepted continues in the background.
'@
    }

    Outputs     = @{
        'None' = @'
Remove-AlonzoEventMapping writes no objects. Use -Verbose to see what was deleted.
'@
    }

    Examples    = @(
        @{
            Title   = 'Delete the mappings of a stream in a script'
            Code    = @'
PS> Get-AlonzoEventMapping -StreamName alonzo | Remove-AlonzoEventMapping -Force -Wait
'@
            Remarks = @'
Get-AlonzoEventMapping selects every mapping that reads the stream alonzo, and they bind to -UUID by property name. -Force skips the prompt; -Wait returns only when each mapping is gone, so the stream can be deleted or mapped again at once.
'@
        }
        @{
            Title   = 'Delete a mapping interactively'
            Code    = @'
PS> Remove-AlonzoEventMapping 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6

Confirm
Are you sure you want to perform this action?
Performing the operation "Delete event source mapping" on target "6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y
'@
            Remarks = 'The command asks before deleting, because deletes have ConfirmImpact High. -UUID is positional.'
        }
        @{
            Title   = 'Preview with -WhatIf'
            Code    = @'
PS> Get-AlonzoEventMapping -FunctionName alonzo | Remove-AlonzoEventMapping -Force -WhatIf
What if: Performing the operation "Delete event source mapping" on target "6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6".
'@
            Remarks = '-WhatIf wins over -Force: the mapping is read and its delete listed, and nothing is deleted. With -Wait a second line, "Wait until the mapping is gone", follows.'
        }
        @{
            Title   = 'Tear down the whole pipeline'
            Code    = @'
PS> Get-AlonzoEventMapping -FunctionName alonzo | Remove-AlonzoEventMapping -Force -Wait -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Lambda GetEventSourceMapping
VERBOSE: Lambda DeleteEventSourceMapping
VERBOSE: Deleting mapping 6d9bce8e-836b-461a-b1e9-da6b2dc3c3b6.
VERBOSE: Lambda GetEventSourceMapping
...
PS> Remove-AlonzoFunction alonzo -Force
PS> Remove-AlonzoStream alonzo -Force -Wait
'@
            Remarks = @'
Deleting the mapping first stops the invocations; deleting the stream or function does not delete the mappings that use them. Running the teardown again finds nothing to delete and writes no error.
'@
        }
    )

    Notes       = @'
Remove-AlonzoEventMapping needs the permissions lambda:GetEventSourceMapping (to read the mapping before deleting it, for -Wait and for a mapping that is still being changed) and lambda:DeleteEventSourceMapping.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoEventMapping', 'Add-AlonzoEventMapping', 'Set-AlonzoEventMapping', 'Remove-AlonzoStream')
}
