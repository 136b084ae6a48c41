using System.Collections.Concurrent;
using System.Net.Http;
using Alonzo.Aws.Runtime;

namespace Alonzo.Commands.Hosting
{
    /// <summary>
    /// Process-wide diagnostics: a call log that counts API calls by operation (benchmarks and tests
    /// use it to prove an unchanged deploy makes no write), and overrides for retry delays and the HTTP handler.
    /// </summary>
    public static class AlonzoDiagnostics
    {
        public static HttpMessageHandler Handler { get; set; }
        public static AwsRetryRules Retry { get; set; }
        public static ConcurrentQueue<AwsCallRecord> Calls { get; } = new ConcurrentQueue<AwsCallRecord>();
        public static bool RecordCalls { get; set; }

        internal static void Record(AwsCallRecord record)
        {
            if (RecordCalls) Calls.Enqueue(record);
        }

        public static void ClearCalls()
        {
            while (Calls.TryDequeue(out _)) { }
        }
    }
}
