@{
    Synopsis    = "Reads a Lambda function's CloudWatch log across all its streams in time order, tails it, or turns its REPORT lines into duration and memory figures."

    Description = @'
Get-AlonzoLog reads the log group Lambda writes a function's output to, /aws/lambda/<function name>, with the CloudWatch Logs FilterLogEvents call. Lambda writes one log stream per execution environment, so the events of concurrent or successive environments are spread over many streams; Get-AlonzoLog reads all of them at once and writes the events in time order, interleaved across streams. It follows every page of the answer until CloudWatch Logs has no more, so nothing in the time range is left out.

The time range starts an hour ago by default. -Last sets another span back from now (for example -Last 00:10:00 or -Last (New-TimeSpan -Days 1)) and -Since an exact start time (for example -Since '2026-01-02 10:00' or -Since (Get-Date).AddMinutes(-30)); a time without a zone is taken as local time. -Filter passes a CloudWatch Logs filter pattern to the service, so only matching events travel.

Each event is an AlonzoLogEvent with Timestamp (UTC), Message (without its trailing line break), LogStream, EventId and FunctionName. The table view shows the time in UTC with a Z, like the timestamps the runtimes print inside their messages.

With -Report the command writes AlonzoInvocationReport objects instead: one per REPORT line, the line Lambda writes after every invocation (REPORT RequestId: ...  Duration: 3.43 ms  Billed Duration: 4 ms  Memory Size: 128 MB  Max Memory Used: 67 MB  Init Duration: 157.94 ms). The fields are read by their labels, so the tab-separated form Lambda writes, the space-separated form copied from the console, the X-Ray line that follows when tracing is on (XRAY TraceId, SegmentId, Sampled), the Status and Error Type of failed invocations and the Restore Duration and Billed Restore Duration of SnapStart functions are all understood, as is the JSON platform.report record of functions whose log format is JSON. Without -Filter, -Report asks CloudWatch Logs for the REPORT events only. Use these figures to size memory: if MaxMemoryUsed stays far below MemorySize, the function can run with less; if Duration drops a lot with more memory (Lambda gives CPU in proportion to memory), more memory can cost less.

With -Follow the command first writes the events of the time range, then keeps polling about every 1.5 seconds and writes new events as they arrive, until you press Ctrl+C or the pipeline is stopped. Each poll starts a few seconds before the newest event seen, because the streams of different execution environments reach CloudWatch Logs at slightly different times; events already written are recognised by their EventId and not written twice. Combine -Follow with -Report to watch durations live while you invoke the function.

When the log group does not exist the command fails with the error LogGroupNotFound: Lambda creates the group the first time the function writes to it, so the function has not run (or logged) yet, or there is no function of that name in the region. Functions configured with a custom log group (advanced logging controls) write elsewhere; pass that group with -LogGroupName.

FilterLogEvents can answer a search of a large group with empty pages that still carry a next-page token, sometimes the same token again. Get-AlonzoLog keeps reading such pages, but stops after 100 pages in a row without new events (or 5 identical tokens) and writes a warning that events may be missing; a narrower time range avoids this.

Input is checked before any call to AWS: the function name (InvalidFunctionName), the log group name (InvalidLogGroupName), the filter pattern's length (InvalidFilterPattern) and the time range (InvalidTimeRange). Failures are non-terminating errors, one per input function, so a pipeline of functions continues past a bad one. Use -Verbose to see the time range read and each call to AWS.
'@

    Parameters  = @{
        FunctionName = @'
The function whose log to read: its name (alonzo) or ARN (arn:aws:lambda:us-east-1:123456789012:function:alonzo; a version or alias suffix is ignored, because all versions log to the same group). Accepts pipeline input: names as strings, and objects with a FunctionName property, such as the output of Get-AlonzoFunction and Publish-AlonzoFunction. Press Tab to complete the names of the functions in the region. Can be left out when -LogGroupName is given.
'@
        Since        = @'
Read events from this time on, for example '2026-01-02 10:00' or (Get-Date).AddMinutes(-30). A time without a time zone is local time. Cannot be combined with -Last. Events older than the log group's retention are gone.
'@
        Last         = @'
Read events of this last span of time, back from now: a TimeSpan such as (New-TimeSpan -Minutes 15), or text such as '00:15:00' or '1.00:00:00' (one day). The default, when neither -Last nor -Since is given, is one hour. Cannot be combined with -Since.
'@
        Filter       = @'
A CloudWatch Logs filter pattern, applied by the service, for example ERROR, "Task timed out" (quoted for an exact phrase), ?ERROR ?WARN (either term) or a JSON pattern such as { $.level = "ERROR" } for JSON logs. At most 1024 characters. Terms are case-sensitive. With -Report, the pattern replaces the one that selects REPORT lines, so it must still let them through (for example "REPORT RequestId").
'@
        Follow       = @'
Keep reading: after the events of the time range, poll about every 1.5 seconds and write new events as they arrive, until Ctrl+C, Stop() of the PowerShell instance, or a downstream command such as Select-Object -First stops the pipeline. Events are not written twice.
'@
        Report       = @'
Write one AlonzoInvocationReport per invocation instead of the log events, parsed from Lambda's REPORT lines: RequestId, Duration, BilledDuration, MemorySize, MaxMemoryUsed, InitDuration (cold starts only), RestoreDuration and BilledRestoreDuration (SnapStart), Status and ErrorType (failed invocations), XRayTraceId, SegmentId, Sampled, Timestamp and LogStream. Events that are not complete REPORT lines are skipped.
'@
        LogGroupName = @'
Read this log group instead of /aws/lambda/<FunctionName>: for functions whose logging configuration names a custom log group, or any other group. 1 to 512 letters, digits and . - _ / #; otherwise the error InvalidLogGroupName.
'@
    }

    Inputs      = @{
        'System.String' = @'
Function names or ARNs, bound to -FunctionName.
'@
        'Alonzo.AlonzoFunction' = @'
Functions from Get-AlonzoFunction or Publish-AlonzoFunction (and any object with a FunctionName property), bound to -FunctionName by property name.
'@
    }

    Outputs     = @{
        'Alonzo.AlonzoLogEvent' = @'
Without -Report: one object per log event, in time order: Timestamp (UTC), Message, LogStream, EventId, IngestionTime, FunctionName and LogGroupName.
'@
        'Alonzo.AlonzoInvocationReport' = @'
With -Report: one object per invocation: RequestId, Duration and BilledDuration (ms), MemorySize and MaxMemoryUsed (MB), InitDuration (ms, null on warm invocations), RestoreDuration and BilledRestoreDuration (ms, SnapStart only), Status, ErrorType, XRayTraceId, SegmentId, Sampled, Timestamp, LogStream, FunctionName, and the computed ColdStart and MemoryUsedPercent. The table's Init column shows R and the restore time for a SnapStart restore.
'@
    }

    Examples    = @(
        @{
            Title   = "Read the last hour of a function's log"
            Code    = @'
PS> Get-AlonzoLog alonzo

Timestamp                Message
---------                -------
2026-01-02 10:15:03.120Z INIT_START Runtime Version: python:3.12.v38	Runtime Version ARN: arn:aws:lambda:...
2026-01-02 10:15:03.402Z START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST
2026-01-02 10:15:03.404Z b'Hello, this is a test 123.'
2026-01-02 10:15:03.406Z END RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95
2026-01-02 10:15:03.406Z REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95	Duration: 3.43 ms	Billed Duration: 4 ms	Memory Size: 128 MB	Max Memory Used: 67 MB	Init Duration: 157.94 ms
'@
            Remarks = @'
All streams of /aws/lambda/alonzo, merged in time order. The print() output of the handler sits between START and END of its invocation.
'@
        }
        @{
            Title   = 'See duration and memory of each invocation'
            Code    = @'
PS> Get-AlonzoLog alonzo -Last 1.00:00:00 -Report

Timestamp                    Duration     Billed    Memory   MaxUsed        Init RequestId
---------                    --------     ------    ------   -------        ---- ---------
2026-01-02 10:15:03.406Z      3.43 ms       4 ms    128 MB     67 MB   157.94 ms 8f507cfc-xmpl-4697-b07a-ac58fc914c95
2026-01-02 10:16:41.052Z      1.12 ms       2 ms    128 MB     67 MB             2b6c1a3e-xmpl-4c57-9a2e-0f1d5e6a7b8c

PS> Get-AlonzoLog alonzo -Last 1.00:00:00 -Report | Measure-Object -Property MaxMemoryUsed -Maximum

Count    : 2
Maximum  : 67
Property : MaxMemoryUsed
'@
            Remarks = @'
The REPORT lines of the last day as objects. Init appears only on cold starts. MaxMemoryUsed far below MemorySize means the function could run with less memory; compare Duration at different memory sizes before deciding, because Lambda allots CPU in proportion to memory.
'@
        }
        @{
            Title   = 'Watch the log while testing'
            Code    = @'
PS> Get-AlonzoFunction alonzo | Get-AlonzoLog -Follow -Last 00:05:00
'@
            Remarks = @'
The function object binds by its FunctionName property. The command writes the last five minutes, then new events as the function writes them, until Ctrl+C. Put a record into the stream in another window (or invoke the function) and its output appears within a couple of seconds.
'@
        }
        @{
            Title   = 'Find errors since a point in time'
            Code    = @'
PS> Get-AlonzoLog alonzo -Since '2026-01-02 09:00' -Filter '?ERROR ?"Task timed out"'
'@
            Remarks = @'
The filter pattern runs in CloudWatch Logs, so only matching events are transferred. ?term ?term matches events that contain either term; a quoted term matches an exact phrase.
'@
        }
        @{
            Title   = 'React to a function that has not logged yet'
            Code    = @'
PS> Get-AlonzoLog fresh-function -ErrorAction SilentlyContinue -ErrorVariable failure
PS> $failure[0].FullyQualifiedErrorId
LogGroupNotFound,Alonzo.Commands.Logs.GetAlonzoLogCommand
PS> $failure[0].Exception.Message
No log group '/aws/lambda/fresh-function' in region eu-west-1: the function 'fresh-function' has not logged yet, or does not exist.
'@
            Remarks = @'
Lambda creates the log group on the function's first output. Invoke the function once, or check the name and the region.
'@
        }
        @{
            Title   = 'Read a custom log group'
            Code    = @'
PS> Get-AlonzoLog -LogGroupName /shared/lambda-logs -Last 00:30:00 -Filter '"alonzo"'
'@
            Remarks = @'
Functions configured with a custom log group (for example one group shared by several functions) write there instead of /aws/lambda/<name>.
'@
        }
    )

    Notes       = @'
Get-AlonzoLog only reads; it needs the logs:FilterLogEvents permission on the log group.

CloudWatch Logs keeps events as long as the log group's retention says (forever by default) and bills for the stored data. Lambda creates /aws/lambda/<name> without a retention period, and the group stays when the function is deleted.

Events reach CloudWatch Logs a few seconds after the function writes them, so an invocation that just finished may not be in the output yet; -Follow picks such events up as they arrive.
'@

    Links       = @('about_Alonzo', 'about_Alonzo_Errors', 'Get-AlonzoFunction', 'Invoke-AlonzoFunction', 'Publish-AlonzoFunction')
}
