using System;
using System.Management.Automation;
using System.Threading;
using Alonzo.Logs;

namespace Alonzo.Commands.Logs
{
    /// <summary>
    /// Reads a Lambda function's CloudWatch log (/aws/lambda/&lt;name&gt;) across all its streams in time
    /// order; with -Follow keeps writing new events until stopped; with -Report writes the parsed
    /// REPORT lines (duration, billed duration, memory) instead of the events.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoLog", DefaultParameterSetName = LastSet)]
    [OutputType(typeof(AlonzoLogEvent), typeof(AlonzoInvocationReport))]
    public sealed class GetAlonzoLogCommand : AlonzoCmdlet
    {
        private const string LastSet = "Last";
        private const string SinceSet = "Since";

        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        [AllowEmptyString]
        public string FunctionName { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = SinceSet)]
        public DateTime Since { get; set; }

        [Parameter(ParameterSetName = LastSet)]
        public TimeSpan Last { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Filter { get; set; }

        [Parameter]
        public SwitchParameter Follow { get; set; }

        [Parameter]
        public SwitchParameter Report { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string LogGroupName { get; set; }

        protected override void ProcessRecord()
        {
            var query = new LogQuery
            {
                FunctionName = string.IsNullOrEmpty(FunctionName) ? null : FunctionName,
                LogGroupName = LogGroupName,
                Since = ParameterSetName == SinceSet ? Since : (DateTime?)null,
                Last = IsBound(nameof(Last)) ? Last : (TimeSpan?)null,
                FilterPattern = Filter,
                ReportsOnly = Report,
            };
            object target = (object)query.FunctionName ?? LogGroupName;

            TryProcess(target, () =>
            {
                // Input first, so a bad name fails before any credentials are looked for.
                query.Validate();
                var reader = new LogReader(Context);
                reader.Info += PostVerbose;
                reader.Warning += PostWarning;

                // A downstream command that stops the pipeline (Select-Object -First) makes WriteObject
                // throw; cancelling here ends the read instead of leaving it polling in the background.
                var reading = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
                bool bodyCompleted = false;
                try
                {
                    Action<AlonzoLogEvent> write = logEvent =>
                    {
                        object output = logEvent;
                        if (Report)
                        {
                            if (!LambdaReportParser.TryParse(logEvent, out var report)) return;
                            output = report;
                        }
                        Post(() =>
                        {
                            try
                            {
                                WriteObject(output);
                            }
                            catch
                            {
                                reading.Cancel();
                                throw;
                            }
                        });
                    };
                    Run(ct => Follow ? reader.FollowAsync(query, write, reading.Token) : reader.ReadAsync(query, write, reading.Token));
                    bodyCompleted = true;
                }
                finally
                {
                    // When WriteObject threw, the read may still be unwinding on another thread; it only
                    // needs the (already cancelled) token, so the source is left to the collector then.
                    if (bodyCompleted) reading.Dispose();
                    else reading.Cancel();
                }
            });
        }
    }
}
