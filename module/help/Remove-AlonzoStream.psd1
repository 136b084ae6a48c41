@{
    Synopsis    = 'Deletes a Kinesis data stream and all its records; with -Wait, waits until it is gone.'

    Description = @'
Remove-AlonzoStream deletes a stream. It reads the stream first (DescribeStreamSummary) and plans the teardown. It is idempotent: when the stream does not exist, nothing is asked or deleted and no error is written; the Verbose stream says "Stream 'alonzo' does not exist in region eu-west-1; nothing to delete." The records in the stream are lost and cannot be recovered.

Because the delete cannot be undone, the command has ConfirmImpact High and asks for confirmation by default ("Delete Kinesis stream and all its records" on the stream name). -Force skips the prompt for scripts; an explicit -Confirm prompts even together with -Force. -WhatIf always wins over -Force: the stream is still read, and every teardown step is listed on its own "What if:" line ("Delete Kinesis stream and all its records", with -EnforceConsumerDeletion "Delete Kinesis stream, its consumers and all its records", and with -Wait also "Wait until the stream is gone"), without deleting anything. A stream that does not exist gets no "What if:" line and no prompt, only the Verbose line above.

Kinesis deletes a stream in the background: the stream is DELETING for a while, and during that time its name cannot be used again (New-AlonzoStream fails with StreamBeingDeleted). With -Wait, the command polls until the stream is gone (quickly at first, then every 10 seconds like the Kinesis StreamNotExists waiter), showing a progress bar, and fails with WaitTimedOut after -TimeoutSec seconds. Without -Wait it returns as soon as Kinesis has accepted the delete.

A stream with registered enhanced fan-out consumers is refused by Kinesis with ResourceInUseException (error id AwsConflict.ResourceInUseException) unless -EnforceConsumerDeletion is given. Event source mappings that read the stream are not deleted with it.

The name is checked before any call (InvalidStreamName); wildcards are not accepted, so a pattern cannot delete more than intended: select streams with Get-AlonzoStream and pipe them. Each name is processed on its own; a failure is a non-terminating error with the name as target object. The command writes no objects; -Verbose shows the calls and "Deleting stream 'alonzo'."
'@

    Parameters  = @{
        Name                    = @'
The name of the stream to delete (no wildcards). Accepts pipeline input, including objects with a Name or StreamName property, such as the output of Get-AlonzoStream. Press Tab to complete the names of existing streams.
'@
        Force                   = @'
Delete without asking for confirmation. -Force never overrides -WhatIf, and an explicit -Confirm still prompts.
'@
        Wait                    = @'
Wait until the stream no longer exists, so that its name can be used again at once.
'@
        EnforceConsumerDeletion = @'
Also delete the stream's registered enhanced fan-out consumers. Without it, Kinesis refuses to delete a stream that has consumers.
'@
        TimeoutSec              = @'
With -Wait, how long to wait for the stream to disappear, in seconds. When the time is up the command fails with the error WaitTimedOut; the deletion continues in the background.
'@
    }

    Examples    = @(
        @{
            Title   = 'Delete a stream interactively'
            Code    = @'
PS> Remove-AlonzoStream -Name alonzo

Confirm
Are you sure you want to perform this action?
Performing the operation "Delete Kinesis stream and all its records" on target "alonzo".
[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): y
'@
            Remarks = 'The command asks before deleting, because deletes have ConfirmImpact High.'
        }
        @{
            Title   = 'Delete a stream in a script and create it again at once'
            Code    = @'
PS> Remove-AlonzoStream -Name alonzo -Force -Wait
PS> New-AlonzoStream -Name alonzo
'@
            Remarks = @'
-Force skips the prompt; -Wait returns only when the stream is gone, so New-AlonzoStream does not fail with StreamBeingDeleted.
'@
        }
        @{
            Title   = 'Preview a bulk delete with -WhatIf'
            Code    = @'
PS> Get-AlonzoStream -Name 'test-*' | Remove-AlonzoStream -Force -WhatIf
What if: Performing the operation "Delete Kinesis stream and all its records" on target "test-orders".
What if: Performing the operation "Delete Kinesis stream and all its records" on target "test-payments".
'@
            Remarks = @'
Get-AlonzoStream selects the streams by pattern and they bind to -Name by their StreamName property. -WhatIf wins over -Force: each stream is read and its steps listed, and nothing is deleted. With -Wait, each stream also gets the line "Wait until the stream is gone".
'@
        }
        @{
            Title   = 'Tear down after a test run, including fan-out consumers'
            Code    = @'
PS> 'load-test-1', 'load-test-2' | Remove-AlonzoStream -Force -EnforceConsumerDeletion -Verbose
VERBOSE: Using region eu-west-1 and credentials from environment variables.
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: Kinesis DeleteStream
VERBOSE: Deleting stream 'load-test-1'.
VERBOSE: Kinesis DescribeStreamSummary
VERBOSE: Stream 'load-test-2' does not exist in region eu-west-1; nothing to delete.
'@
            Remarks = @'
Each stream is read before it is deleted. A stream that is already gone is not an error, so teardown scripts can run twice.
'@
        }
    )

    Notes       = @'
Remove-AlonzoStream needs the kinesis:DescribeStreamSummary permission (to read the stream before deleting it, and for -Wait) and kinesis:DeleteStream.

A provisioned stream is billed per shard-hour until it is deleted; deleting test streams promptly keeps the bill small.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoStream', 'New-AlonzoStream')
}
