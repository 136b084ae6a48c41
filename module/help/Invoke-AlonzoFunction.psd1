@{
    Synopsis    = 'Invokes a Lambda function, or runs its handler on this machine as Lambda would, with an event or with the records of a stream.'

    Description = @'
Invoke-AlonzoFunction calls a function once. By default the call is synchronous (-InvocationType RequestResponse): the command waits for the function to finish and returns an object with the HTTP status, the reply (Payload, parsed from JSON into objects as ConvertFrom-Json would give, and PayloadText, the reply as it came), the version that ran, and LogTail: the last 4 KB of the function's log for this invocation, decoded, with the START, END and REPORT lines, anything the function printed, and the stack trace of an error. Report has the REPORT line's figures (duration, billed duration, memory size, maximum memory used, init duration) when the log tail holds it.

The payload is the function's event. It can be an object, such as a hashtable, an [ordered] hashtable (which keeps its key order), a PSCustomObject or an array, which is sent as JSON: nested hashtables and arrays become JSON objects and arrays, numbers and booleans stay numbers and booleans, dates become ISO 8601 strings, enums their names, and any other object its string form. It can also be JSON text, such as the content of an event file read with Get-Content -Raw; text is sent as it is and must be valid JSON, otherwise the command fails with InvalidPayload before calling AWS (to send a JSON string, quote it: '"hello"'). An event from ConvertTo-AlonzoKinesisEvent can be passed to -Payload or piped in, one invocation per event. Without a payload the function is invoked without one (a local run gets {}, as a Lambda function does).

When the function raises an error, the call itself still succeeds: Lambda answers with status 200 and says that the function failed. The command then writes a warning ("Function 'alonzo' raised an error (Unhandled: KeyError); see Payload and LogTail.") and returns the object with FunctionError set and Succeeded $false; the Payload holds the runtime's error object (for Python errorMessage, errorType, requestId and stackTrace; for Node.js errorType, errorMessage and trace), and ErrorType and ErrorMessage repeat its type and message. No error record is written, so test Succeeded or FunctionError in scripts.

With -InvocationType Event, Lambda queues the event, answers at once with status 202 and runs the function later; there is no reply and no log tail, and the outcome is only in the function's logs (or its destinations). With -InvocationType DryRun, Lambda checks the parameters and that the caller may invoke the function, without running it, and answers 204.

With -Local, nothing is invoked in AWS: the handler runs on this machine, in a child process of the machine's Python (python3.x runtimes) or Node.js (nodejs*.x runtimes), through a small bootstrap that ships with the module and loads and calls the handler the way Lambda's runtime interface clients do. The handler sees what it sees on Lambda: its folder as the working folder and first on the import path (a zip is unpacked into a temporary folder first), the context object with every field and a real remaining-time clock counting down to the timeout, and Lambda's reserved environment variables (_HANDLER, AWS_REGION, AWS_DEFAULT_REGION, AWS_EXECUTION_ENV, AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, AWS_LAMBDA_FUNCTION_VERSION, AWS_LAMBDA_INITIALIZATION_TYPE, AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME, LAMBDA_TASK_ROOT, LAMBDA_RUNTIME_DIR, LANG, TZ, and _X_AMZN_TRACE_ID for each invocation) with the function's own variables. Of this session's environment only PATH and the library and temporary-folder variables an interpreter needs are passed on, plus AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (and -EndpointUrl, as AWS_ENDPOINT_URL), so a handler that calls AWS reaches the same emulator as the command; when credentials are configured (or the run needs AWS), the handler gets them as AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, as a function gets its role's. The result is the same AlonzoInvocation a remote call returns (StatusCode 200, FunctionError Unhandled on errors, ExecutedVersion, Payload, PayloadText, LogTail), with Local $true, the whole log in Log, the request id in RequestId, and Report measured: Duration is the handler's time, Billed Duration rounds it up to the next millisecond (and adds the init duration on a cold start, as Lambda has billed the init phase of on-demand zip functions since August 2025), Memory Size is -MemorySize, Max Memory Used is the child process's real peak resident memory, and Init Duration is the time from starting the process to the handler being loaded, on a cold start only.

The first local invocation of a command starts the process (a cold start, with an INIT_START line and the output of the handler's module code before START); later invocations of the same command reuse it while it is healthy, as Lambda reuses an execution environment, so module-level state and open connections persist between them. Invocations running at the same time (one per shard of a stream) get processes of their own. When the command ends (or is stopped) every process it started is ended.

The timeout is enforced: when the handler has not returned after -Timeout seconds, its process is ended with every process it started, the log gets Lambda's line "<time> <request id> Task timed out after 3.00 seconds", and the reply is Lambda's: errorType Sandbox.Timedout, errorMessage "RequestId: <id> Error: Task timed out after 3.00 seconds", REPORT Status timeout; the next invocation starts cold. Failures read as Lambda reports them for the runtime: an exception gives the exception's type and message with the handler's stack (Python) or trace (Node.js) and an [ERROR] or ERROR Invoke Error log line; a module that cannot be loaded gives Runtime.ImportModuleError ("Unable to import module 'x': No module named 'x'" in Python, "Error: Cannot find module 'x'" in Node.js), a missing function Runtime.HandlerNotFound ("Handler 'f' missing on module 'm'", "m.f is undefined or not exported"), a handler string without a module and a function Runtime.MalformedHandlerName, a result that is not JSON Runtime.MarshalError in Python ("Unable to marshal response: Object of type set is not JSON serializable") and an Error "Unable to stringify response body" in Node.js, and a process that exits during an invocation Runtime.ExitError ("RequestId: <id> Error: Runtime exited with error: exit status 1"). Init failures add an INIT_REPORT line, and REPORT then carries Status error and the Error Type.

The interpreter is found on PATH: pythonX.Y for the runtime's version, then python3 and python; node. Each is started once to learn its real path and version, so a version shim that has no such version installed is skipped. An interpreter of another version than the runtime's is used with a warning that names both ("The function's runtime is python3.12 (Python 3.12); it runs here with Python 3.11.7 (...)"); none at all fails with InterpreterNotFound.

-Local takes its settings either from the command line (-Path, -Handler and -Runtime, with -MemorySize 128, -Timeout 3 and no environment variables unless given; -Name then only names the function, its folder's name otherwise, and AWS is not called), or from the deployed function: with -Name and any of -Path, -Handler or -Runtime missing, GetFunction gives the handler, runtime, memory size, timeout, environment variables, ARN, version and role, and the parameters that were given override them (-Environment adds to or replaces the deployed variables). The code then comes from -Path, or, without it, is downloaded from the deployed function's Code.Location (a presigned URL that is never written to any output); when that fails (an emulator that does not serve its code, for example) the command fails with CodeNotAvailable and asks for -Path.

With -StreamName, the handler is fed from a stream as an event source mapping would feed it, on an emulator or a real account: every shard is polled (parents before children after a reshard, at most five GetRecords calls a second, about once a second when caught up), each shard has one batch in flight at a time and its records go out in order, and each invocation is written to the pipeline as soon as it ends, with Batch describing its records and what became of them (Succeeded, PartiallySucceeded, Retrying, Bisected, Discarded). A batch holds at most -BatchSize records (100 by default) and at most 6 MB of event; with -MaximumBatchingWindowSeconds the poller waits for a full batch for up to that long. A batch whose invocation fails (an error, a timeout, a process that exits) blocks its shard: it is split in two halves first with -BisectBatchOnFunctionError (a split does not count as a retry), otherwise retried after a pause that doubles from half a second up to 5 seconds, -MaximumRetryAttempts times (-1, the default as on Lambda, retries until the records expire), and then discarded with a warning, and the shard goes on. With -ReportBatchItemFailures a reply {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]} checkpoints before the lowest listed sequence number and the records from there on are retried; an empty or null list is a success, and an entry without an itemIdentifier, an empty one, or one that is no record of the batch fails the whole batch, as on Lambda. Records older than -MaximumRecordAgeSeconds are discarded. -StartingPosition is the mapping's: TRIM_HORIZON (the default here), LATEST or AT_TIMESTAMP with -StartingPositionTimestamp. Without -Follow the command stops once every shard is caught up; with -Follow it goes on polling until stopped. With -Name and a deployed mapping of the function on the stream, the mapping's batch size, window, starting position, retry attempts, bisect, record age and function response types are used where no parameter is given. Ctrl+C stops the command at once, ending a handler that is still running.

The name is checked before any call (InvalidFunctionName), then the payload (InvalidPayload), then the credentials and the region are resolved (NoCredentials, NoRegion, InvalidEndpoint) for the calls that need them. A function that does not exist fails with AwsResourceNotFound (FunctionNotFound with -Local); a missing permission with AwsAccessDenied; Lambda's throttling, after the retries, with AwsThrottled. Failures are non-terminating errors with the function name (or -Path) as target object. Use -Verbose to see the region, the credential source, the interpreter and folder a local run uses, and each call; the payload, the reply, the log and environment values are never written to the Verbose or Debug stream.
'@

    Parameters  = @{
        Name                         = @'
The function: its name (1 to 64 letters, digits, '-' or '_') or its ARN. Required to invoke a function in AWS. With -Local it is the deployed function whose settings and code are used (when -Path, -Handler or -Runtime is missing), or only the function's name as the handler sees it (context.function_name, AWS_LAMBDA_FUNCTION_NAME) when all three are given; without it a local run is named after its folder. Accepts pipeline input by property name (not with -StreamName), from objects with a Name or FunctionName property such as the output of Publish-AlonzoFunction and Get-AlonzoFunction. Press Tab to complete the names of existing functions.
'@
        Payload                      = @'
The event to send: an object (hashtable, [ordered] hashtable, PSCustomObject, array, number) that is converted to JSON, JSON text that is sent as it is, or an event from ConvertTo-AlonzoKinesisEvent. Text that is not valid JSON fails with InvalidPayload. When omitted, no payload is sent (a local handler gets {}). Lambda limits the size of the payload (6 MB for a synchronous call, less for -InvocationType Event).
'@
        KinesisEvent                 = @'
Events from ConvertTo-AlonzoKinesisEvent, piped in: the function is invoked once per event, in the order they come (locally, in the same warm process). Giving -Payload as well fails with InvalidPayload.
'@
        InvocationType               = @'
How to invoke a function in AWS: RequestResponse (the default) waits for the function and returns its reply and log tail; Event queues the event and returns at once with status 202, without reply or log; DryRun only checks the parameters and the permission to invoke, without running the function, and returns status 204.
'@
        Qualifier                    = @'
The version number (such as 3) or alias (such as live) to invoke, or, with -Local, whose settings to take. When omitted, $LATEST is used. The version that actually ran is in the output's ExecutedVersion.
'@
        Local                        = @'
Runs the handler on this machine with the machine's Python or Node.js instead of invoking the function in AWS. See the description for what the handler sees and how failures, timeouts and the REPORT figures are reported.
'@
        Path                         = @'
With -Local: the folder that holds the handler and its dependencies (the folder Publish-AlonzoFunction -Path deploys), or a zip of it such as New-AlonzoPackage -OutFile writes, which is unpacked into a temporary folder for the run. Relative paths are resolved from the current location. A path that does not exist fails with PathNotFound; a file that is not a zip with InvalidZipFile.
'@
        Handler                      = @'
With -Local: the handler, as Lambda takes it: module.function for Python (lambda_function.lambda_handler, or package.module.function), file.function for Node.js (index.handler, src/app.handler, or index.nested.handler for a function nested in the module's exports). A handler the runtime cannot load is reported as Lambda reports it (Runtime.ImportModuleError, Runtime.HandlerNotFound, Runtime.MalformedHandlerName), not as a command error. Taken from the deployed function when -Name is given and -Handler is not.
'@
        Runtime                      = @'
With -Local: the function's runtime, python3.x or nodejs*.x (for example python3.12 or nodejs20.x); other runtimes fail with UnsupportedLocalRuntime. It selects the interpreter and sets AWS_EXECUTION_ENV. Taken from the deployed function when -Name is given and -Runtime is not. Press Tab to complete runtime names.
'@
        MemorySize                   = @'
With -Local: the memory size in MB (128 to 32768) the handler sees (context.memory_limit_in_mb, AWS_LAMBDA_FUNCTION_MEMORY_SIZE) and the REPORT line shows. It is not enforced: when the process's peak memory passes it, the command warns that Lambda would have stopped the function. 128 by default, or the deployed function's.
'@
        Timeout                      = @'
With -Local: the timeout in seconds (1 to 900). The remaining-time clock counts down to it, and a handler still running when it passes is ended with its process tree and reported as Sandbox.Timedout. 3 by default, or the deployed function's.
'@
        Environment                  = @'
With -Local: the function's environment variables, as a hashtable of names and values (names start with a letter and have letters, digits and '_'; at most 4 KB in all). Lambda's reserved names (AWS_REGION, AWS_LAMBDA_FUNCTION_NAME, AWS_ACCESS_KEY_ID, _HANDLER, LAMBDA_TASK_ROOT and the others Lambda sets) fail with InvalidEnvironment. With a deployed function they are added to, or replace, its own variables. Values are never written to any output.
'@
        StreamName                   = @'
With -Local: the stream whose records the handler is fed, as an event source mapping would feed them (see the description). The stream must exist (StreamNotFound). Press Tab to complete the names of existing streams.
'@
        Follow                       = @'
With -StreamName: keep polling for new records until the command is stopped (Ctrl+C), instead of stopping once every shard is caught up.
'@
        BatchSize                    = @'
With -StreamName: the most records in one invocation, 1 to 10000 (100 by default, as on Lambda). A batch is also cut where the next record would take the event past Lambda's 6 MB payload limit.
'@
        MaximumBatchingWindowSeconds = @'
With -StreamName: how long, 0 to 300 seconds, to wait for a full batch before invoking with fewer records. 0 (the default) invokes as soon as records are read.
'@
        StartingPosition             = @'
With -StreamName: where in each shard to start, as a mapping's starting position: TRIM_HORIZON (the oldest record; the default here), LATEST (only records written from now on, which is useful with -Follow) or AT_TIMESTAMP (with -StartingPositionTimestamp).
'@
        StartingPositionTimestamp    = @'
With -StreamName: the arrival time of the first record to read, for -StartingPosition AT_TIMESTAMP (which it implies when -StartingPosition is not given).
'@
        MaximumRetryAttempts         = @'
With -StreamName: how many times a failed batch is retried before it is discarded, -1 to 10000. -1 (the default, as on Lambda) retries until the records expire, which blocks the shard for as long; stop the command with Ctrl+C.
'@
        BisectBatchOnFunctionError   = @'
With -StreamName: split a failed batch into two halves and retry them, first half first, before retrying single records; a split does not count as a retry.
'@
        ReportBatchItemFailures      = @'
With -StreamName: read the handler's reply as a partial batch response (FunctionResponseTypes ReportBatchItemFailures): {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]} checkpoints before the lowest listed sequence number and retries from there. Without it such a reply is an ordinary success.
'@
        MaximumRecordAgeSeconds      = @'
With -StreamName: discard records older than this many seconds (60 to 604800) instead of invoking with them, with a warning; -1 (the default) keeps them.
'@
        WhatIf                       = @'
Shows which function would be invoked and how ("Invoke Lambda function (RequestResponse)", or for -Local which handler would run with which interpreter), without invoking it. The name and the payload are still checked, and -Local still finds the interpreter and reads the deployed function's settings.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoInvocation' = @'
One object per invocation, remote or local: FunctionName, StatusCode (200 for RequestResponse, 202 for Event, 204 for DryRun), FunctionError (empty when the function returned normally, Unhandled when it raised an error), ExecutedVersion, InvocationType, Payload (the reply parsed from JSON into PSCustomObjects, arrays, numbers, strings and booleans; the text itself when it is not JSON), PayloadText (the reply as text), LogTail (the last 4 KB of the log of this invocation), Succeeded ($true when the status is 2xx and FunctionError is empty), ErrorType and ErrorMessage (from the error payload), Report (the REPORT figures as an AlonzoInvocationReport, as Get-AlonzoLog -Report gives them), RequestId, Local ($true for -Local), Log (a local run's whole log) and Batch (with -StreamName: StreamName, ShardId, RecordCount, FirstSequenceNumber, LastSequenceNumber, Attempt, Outcome, RetryFromSequenceNumber and BatchItemFailures). The list view shows PayloadText under the label Payload, and the Report and Batch figures on one line each; Format-Table gives one line per invocation (request, shard, records, outcome, duration, memory, error).
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
Report          : 1.71 ms, billed 2 ms, 38 of 256 MB, init 98.43 ms
LogTail         : START RequestId: 6f2d1c84-3a5b-4e0f-9c1d-2b7a8e5f0a13 Version: $LATEST
                  b'hello'
                  END RequestId: 6f2d1c84-3a5b-4e0f-9c1d-2b7a8e5f0a13
                  REPORT RequestId: 6f2d1c84-3a5b-4e0f-9c1d-2b7a8e5f0a13	Duration: 1.71 ms	Billed Duration: 2 ms	Memory Size: 256 MB	Max Memory Used: 38 MB	Init Duration: 98.43 ms

PS> $result.Payload.processed
1
'@
            Remarks = @'
The hashtable is sent as the JSON event {"Records":[{"kinesis":{"data":"aGVsbG8="}}]}. Payload is the reply as an object, so its properties can be used directly; LogTail holds what the function printed for this call, between Lambda's START, END and REPORT lines, and Report the REPORT line's figures.
'@
        }
        @{
            Title   = 'Run a handler on this machine with the records of a stream'
            Code    = @'
PS> $events = Read-AlonzoRecord alonzo -First 25 | ConvertTo-AlonzoKinesisEvent
PS> $events | Invoke-AlonzoFunction -Local -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 | Format-Table
WARNING: The function's runtime is python3.12 (Python 3.12); it runs here with Python 3.11.7 (/usr/bin/python3.11), the nearest interpreter found. ...

Request  Shard  Recs Outcome              Duration    Memory Error
-------  -----  ---- -------              --------    ------ -----
0c3b6c1e             Succeeded             0.61 ms 16/128 MB
'@
            Remarks = @'
The 25 records of the stream's shard become one event (Lambda's shape, batches of 100 at most); the handler runs locally in a child Python process, which a second event would reuse warm. The warning says that the machine's Python is not the runtime's version.
'@
        }
        @{
            Title   = 'See a local failure exactly as Lambda reports it'
            Code    = @'
PS> $r = Invoke-AlonzoFunction -Local -Path ./handler -Handler lambda_function.lambda_handler -Runtime python3.12 -Payload '{"Records": [{}]}' -WarningAction SilentlyContinue
PS> $r.ErrorType, $r.ErrorMessage
KeyError
'kinesis'
PS> $r.Payload.stackTrace
  File "/home/me/handler/lambda_function.py", line 8, in lambda_handler
    payload = base64.b64decode(record['kinesis']['data']).decode('utf-8')
PS> $r.Log -split "`n" | Select-String '^\[ERROR\]'
[ERROR] KeyError: 'kinesis'
'@
            Remarks = @'
The record has no kinesis key, so the handler raises KeyError. The payload is the Python runtime's error object (errorMessage, errorType, requestId, stackTrace), and the log has Lambda's [ERROR] line with the traceback.
'@
        }
        @{
            Title   = 'Feed a handler from a stream like an event source mapping, and stop with Ctrl+C'
            Code    = @'
PS> Invoke-AlonzoFunction -Local -Path ./handler -Handler index.handler -Runtime nodejs20.x -StreamName alonzo -Follow -BatchSize 50 -MaximumRetryAttempts 2 -BisectBatchOnFunctionError -ReportBatchItemFailures | Format-Table

Request  Shard  Recs Outcome              Duration    Memory Error
-------  -----  ---- -------              --------    ------ -----
e3a8b2f0     0    50 Succeeded             2.03 ms  44/128 MB
77c1d9a4     1    50 Bisected              1.87 ms  44/128 MB TypeError
1b0e6f3c     1    25 Succeeded             0.95 ms  44/128 MB
...
'@
            Remarks = @'
Every shard of the stream is polled; each shard has one batch in flight at a time, in order. The failing batch of shard 1 is split in two and retried; a batch item failure moves the checkpoint to the lowest failed sequence number. -Follow keeps polling for new records until Ctrl+C, which ends the running handler at once.
'@
        }
        @{
            Title   = 'Run the deployed function locally, with its own settings'
            Code    = @'
PS> Invoke-AlonzoFunction -Local -Name alonzo -Path ./handler -Payload (Get-Content ./events/batch.json -Raw) | Select-Object Succeeded, @{ n = 'Duration'; e = { $_.Report.Duration } }, @{ n = 'Memory'; e = { $_.Report.MaxMemoryUsed } }

Succeeded Duration Memory
--------- -------- ------
     True     3.12     41
'@
            Remarks = @'
GetFunction gives the handler, runtime, memory size, timeout and environment variables of the deployed function alonzo; -Path gives its code (without -Path the deployed zip is downloaded from Lambda).
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
    )

    Notes       = @'
Invoke-AlonzoFunction needs the lambda:InvokeFunction permission (lambda:GetFunction for -Local -Name, the kinesis read permissions for -StreamName). It supports -WhatIf and -Confirm (ConfirmImpact Low, so it does not ask unless $ConfirmPreference is Low), because an invocation can change things the function touches; a local handler runs with this session's credentials.

A synchronous call to AWS waits at most 60 seconds for Lambda's reply. An attempt that gets no reply in time is retried like any other call that timed out, which invokes the function again, and when no attempt gets a reply the command fails with AwsTimeout. For functions that may run longer than a minute, use -InvocationType Event and read the outcome from the function's logs.

The log tail is what Lambda returns with a synchronous call: at most the last 4 KB. The complete log is in CloudWatch Logs, in the log group /aws/lambda/<function name>; a local run's complete log is in Log.

A local run is as close to Lambda as a process on this machine can be, not the same: the interpreter is the machine's (a warning names both versions when they differ), the files of the operating system and the packages installed for the interpreter are this machine's, memory is measured but not limited, and the folder can be written to. The Python bootstrap uses the standard json module, so Decimal values become JSON numbers as Lambda's simplejson writes them, but with float precision.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'ConvertTo-AlonzoKinesisEvent', 'Publish-AlonzoFunction', 'Get-AlonzoFunction', 'Add-AlonzoEventMapping')
}
