@{
    Synopsis    = 'Invokes a Lambda function with a payload and returns its reply, its error if it raised one, and the tail of its log.'

    Description = @'
Invoke-AlonzoFunction calls a function once. By default the call is synchronous (-InvocationType RequestResponse): the command waits for the function to finish and returns an object with the HTTP status, the reply (Payload, parsed from JSON into objects as ConvertFrom-Json would give, and PayloadText, the reply as it came), the version that ran, and LogTail: the last 4 KB of the function's log for this invocation, decoded, with the START, END and REPORT lines, anything the function printed, and the stack trace of an error.

The payload is the function's event. It can be an object, such as a hashtable, an [ordered] hashtable (which keeps its key order), a PSCustomObject or an array, which is sent as JSON: nested hashtables and arrays become JSON objects and arrays, numbers and booleans stay numbers and booleans, dates become ISO 8601 strings, enums their names, and any other object its string form. It can also be JSON text, such as the content of an event file read with Get-Content -Raw; text is sent as it is and must be valid JSON, otherwise the command fails with InvalidPayload before calling AWS (to send a JSON string, quote it: '"hello"'). Without -Payload the function is invoked without a payload.

When the function raises an error, the call itself still succeeds: Lambda answers with status 200 and says that the function failed. The command then writes a warning ("Function 'alonzo' raised an error (Unhandled); see Payload and LogTail.") and returns the object with FunctionError set and Succeeded $false; the Payload holds the runtime's error object (for Python, errorMessage, errorType, requestId and stackTrace). No error record is written, so test Succeeded or FunctionError in scripts.

With -InvocationType Event, Lambda queues the event, answers at once with status 202 and runs the function later; there is no reply and no log tail, and the outcome is only in the function's logs (or its destinations). With -InvocationType DryRun, Lambda checks the parameters and that the caller may invoke the function, without running it, and answers 204.

The name is checked before any call (InvalidFunctionName), then the payload (InvalidPayload), then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint). A function that does not exist fails with AwsResourceNotFound; a missing permission with AwsAccessDenied; Lambda's throttling, after the retries, with AwsThrottled. Failures are non-terminating errors with the function name as target object. Use -Verbose to see the region, the credential source and the Invoke call; the payload, the reply and the log are never written to the Verbose or Debug stream.
'@

    Parameters  = @{
        Name           = @'
The function to invoke: its name (1 to 64 letters, digits, '-' or '_') or its ARN. Accepts pipeline input by property name, from objects with a Name or FunctionName property such as the output of Publish-AlonzoFunction and Get-AlonzoFunction. Press Tab to complete the names of existing functions.
'@
        Payload        = @'
The event to send: an object (hashtable, [ordered] hashtable, PSCustomObject, array, number) that is converted to JSON, or JSON text that is sent as it is. Text that is not valid JSON fails with InvalidPayload. When omitted, no payload is sent. Lambda limits the size of the payload (6 MB for a synchronous call, less for -InvocationType Event).
'@
        InvocationType = @'
How to invoke: RequestResponse (the default) waits for the function and returns its reply and log tail; Event queues the event and returns at once with status 202, without reply or log; DryRun only checks the parameters and the permission to invoke, without running the function, and returns status 204.
'@
        Qualifier      = @'
The version number (such as 3) or alias (such as live) to invoke. When omitted, $LATEST is invoked. The version that actually ran is in the output's ExecutedVersion.
'@
        WhatIf         = @'
Shows which function would be invoked and how ("Invoke Lambda function (RequestResponse)"), without invoking it and without calling AWS. The name and the payload are still checked.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoInvocation' = @'
One object per call: FunctionName, StatusCode (200 for RequestResponse, 202 for Event, 204 for DryRun), FunctionError (empty when the function returned normally, usually Unhandled when it raised an error), ExecutedVersion, InvocationType, Payload (the reply parsed from JSON into PSCustomObjects, arrays, numbers, strings and booleans; the text itself when it is not JSON), PayloadText (the reply as text), LogTail (the last 4 KB of the log of this invocation, RequestResponse only) and Succeeded ($true when the status is 2xx and FunctionError is empty). The list view shows PayloadText under the label Payload.
'@
    }

    Examples    = @(
        @{
            Title   = 'Invoke with a hashtable payload and read the reply and the log tail'
            Code    = @'
PS> $result = Invoke-AlonzoFunction alonzo @{ Records = @(@{ kinesis = @{ data = 'aGVsbG8=' } }) }
PS> $result

FunctionName    : alonzo
StatusCode      : 200
FunctionError   :
ExecutedVersion : $LATEST
Payload         : {"processed": 1}
LogTail         : START RequestId: 6f2d1c84-3a5b-4e0f-9c1d-2b7a8e5f0a13 Version: $LATEST
                  b'hello'
                  END RequestId: 6f2d1c84-3a5b-4e0f-9c1d-2b7a8e5f0a13
                  REPORT RequestId: 6f2d1c84-3a5b-4e0f-9c1d-2b7a8e5f0a13	Duration: 1.71 ms	Billed Duration: 2 ms	Memory Size: 256 MB	Max Memory Used: 38 MB	Init Duration: 98.43 ms

PS> $result.Payload.processed
1
PS> $result.LogTail -split "`n" | Where-Object { $_ -and $_ -notmatch '^(START|END|REPORT) ' }
b'hello'
'@
            Remarks = @'
The hashtable is sent as the JSON event {"Records":[{"kinesis":{"data":"aGVsbG8="}}]}, the shape of a Kinesis record batch (the data is base64 for "hello"). Payload is the reply as an object, so its properties can be used directly; LogTail holds what the function printed for this call, between Lambda's START, END and REPORT lines.
'@
        }
        @{
            Title   = 'Deploy and invoke in one pipeline'
            Code    = @'
PS> Publish-AlonzoFunction -Name alonzo -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Role alonzo_lambda |
        Invoke-AlonzoFunction -Payload @{ Records = @() } |
        Select-Object StatusCode, Succeeded, PayloadText

StatusCode Succeeded PayloadText
---------- --------- -----------
       200      True {"processed": 0}
'@
            Remarks = 'The function object from Publish-AlonzoFunction binds to -Name by its FunctionName property.'
        }
        @{
            Title   = 'See and test a failing invocation'
            Code    = @'
PS> $result = Invoke-AlonzoFunction alonzo '{"Records": [{"eventID": "shardId-000000000000:49590338271490256608559692538361571095921575989136588898"}]}'
WARNING: Function 'alonzo' raised an error (Unhandled); see Payload and LogTail.
PS> $result.Succeeded
False
PS> $result.Payload.errorType, $result.Payload.errorMessage
KeyError
'kinesis'
PS> if (-not $result.Succeeded) { throw "alonzo failed: $($result.Payload.errorType) $($result.Payload.errorMessage)" }
'@
            Remarks = @'
The payload here is JSON text. The record has no kinesis key, so the handler raises KeyError. Lambda still answers 200; the command warns and returns the error in Payload, with the stack trace in Payload.stackTrace and in LogTail. Test Succeeded to stop a script.
'@
        }
        @{
            Title   = 'Queue an event, or check permissions without running the function'
            Code    = @'
PS> Invoke-AlonzoFunction alonzo (Get-Content ./events/batch.json -Raw) -InvocationType Event | Select-Object StatusCode, Succeeded

StatusCode Succeeded
---------- ---------
       202      True

PS> (Invoke-AlonzoFunction alonzo -InvocationType DryRun).StatusCode
204
'@
            Remarks = @'
An Event invocation returns as soon as Lambda has queued the event; the function's result appears only in its logs. DryRun runs nothing: status 204 means the parameters are valid and the caller may invoke the function.
'@
        }
        @{
            Title   = 'Invoke a published version or an alias'
            Code    = @'
PS> (Invoke-AlonzoFunction alonzo @{ Records = @() } -Qualifier live).ExecutedVersion
3
'@
            Remarks = 'The alias live points at version 3, which is the version that ran.'
        }
    )

    Notes       = @'
Invoke-AlonzoFunction needs the lambda:InvokeFunction permission. It supports -WhatIf and -Confirm (ConfirmImpact Low, so it does not ask unless $ConfirmPreference is Low), because an invocation can change things the function touches.

A synchronous call waits at most 60 seconds for Lambda's reply. An attempt that gets no reply in time is retried like any other call that timed out, which invokes the function again, and when no attempt gets a reply the command fails with AwsTimeout. For functions that may run longer than a minute, use -InvocationType Event and read the outcome from the function's logs.

The log tail is what Lambda returns with a synchronous call: at most the last 4 KB. The complete log is in CloudWatch Logs, in the log group /aws/lambda/<function name>.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Publish-AlonzoFunction', 'Get-AlonzoFunction')
}
