using System;
using Alonzo.Aws.Runtime;
using Alonzo.Commands.Hosting;

namespace Alonzo.Commands
{
    /// <summary>
    /// Turns call events of every client (Alonzo's transports and the SDK clients alike) into the
    /// cmdlets' Verbose and Debug lines, and into the diagnostics call log. Never headers or bodies:
    /// they may hold secrets. Events arrive on pool threads; the sinks post to the pipeline thread.
    /// </summary>
    internal sealed class CallLines : IAwsCallListener
    {
        private readonly Action<string> _verbose;
        private readonly Action<string> _debug;

        public CallLines(Action<string> verbose, Action<string> debug)
        {
            _verbose = verbose ?? throw new ArgumentNullException(nameof(verbose));
            _debug = debug ?? throw new ArgumentNullException(nameof(debug));
        }

        public void OnSending(AwsService service, string operation, int attempt) =>
            _verbose(attempt == 1 ? $"{service} {operation}" : $"{service} {operation} (attempt {attempt})");

        public void OnCompleted(AwsCallRecord record)
        {
            AlonzoDiagnostics.Record(record);
            _debug($"{record.Service} {record.Operation}: HTTP {record.StatusCode}{(record.ErrorCode == null ? "" : " " + record.ErrorCode)} in {record.Duration.TotalMilliseconds:0} ms, request id {record.RequestId ?? "-"}");
        }

        public void OnRetrying(AwsService service, string operation, int attempt, TimeSpan delay, string reason) =>
            _verbose($"{service} {operation} failed ({reason}); retrying in {delay.TotalSeconds:0.0}s (attempt {attempt}).");
    }
}
