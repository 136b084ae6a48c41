using System;

namespace Alonzo.Aws.Runtime
{
    /// <summary>One finished HTTP exchange, as the call log records it.</summary>
    public sealed class AwsCallRecord
    {
        public AwsCallRecord(string service, string operation, bool isMutating, int attempt, int statusCode,
            string errorCode, string requestId, TimeSpan duration)
        {
            Service = service; Operation = operation; IsMutating = isMutating; Attempt = attempt;
            StatusCode = statusCode; ErrorCode = errorCode; RequestId = requestId; Duration = duration;
        }

        public string Service { get; }
        public string Operation { get; }
        public bool IsMutating { get; }
        public int Attempt { get; }
        /// <summary>0 when no HTTP reply arrived (network failure).</summary>
        public int StatusCode { get; }
        public string ErrorCode { get; }
        public string RequestId { get; }
        public TimeSpan Duration { get; }
    }

    /// <summary>
    /// Observes the transport: the cmdlets turn these into Verbose and Debug lines, tests and benchmarks
    /// count calls with them. Implementations must be thread-safe (calls arrive on pool threads).
    /// </summary>
    public interface IAwsCallListener
    {
        void OnSending(AwsService service, string operation, int attempt);
        void OnCompleted(AwsCallRecord record);
        void OnRetrying(AwsService service, string operation, int attempt, TimeSpan delay, string reason);
    }
}
