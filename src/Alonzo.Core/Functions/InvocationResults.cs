using System;
using System.Collections.Generic;
using System.Text;
using Alonzo.Json;
using Alonzo.Logs;

namespace Alonzo.Functions
{
    /// <summary>What remote and local invocations share: the reply parsed, the error named, the REPORT line read.</summary>
    public static class InvocationResults
    {
        /// <summary>Lambda returns at most the last 4 KB of the log with a synchronous call.</summary>
        public const int LogTailBytes = 4096;

        /// <summary>Sets Payload, ErrorType, ErrorMessage and Report from PayloadText and the log.</summary>
        public static AlonzoInvocation Complete(AlonzoInvocation invocation, string log)
        {
            invocation.Payload = JsonValues.TryParse(invocation.PayloadText, out var parsed) ? parsed : invocation.PayloadText;
            if (invocation.FunctionError != null && parsed is IDictionary<string, object> error)
            {
                invocation.ErrorType = error.TryGetValue("errorType", out var type) ? type as string : null;
                invocation.ErrorMessage = error.TryGetValue("errorMessage", out var message) ? message as string : null;
            }
            var report = LastReport(log);
            if (report != null)
            {
                report.FunctionName = invocation.FunctionName;
                report.Timestamp = DateTime.UtcNow;
                invocation.Report = report;
                if (invocation.RequestId == null) invocation.RequestId = report.RequestId;
            }
            return invocation;
        }

        /// <summary>The last 4 KB of a log, cut at a character boundary, as Lambda's LogResult holds it.</summary>
        public static string Tail(string log)
        {
            if (log == null) return null;
            var bytes = Encoding.UTF8.GetBytes(log);
            if (bytes.Length <= LogTailBytes) return log;
            int start = bytes.Length - LogTailBytes;
            while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80) start++;
            return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        }

        private static AlonzoInvocationReport LastReport(string log)
        {
            if (string.IsNullOrEmpty(log)) return null;
            AlonzoInvocationReport found = null;
            foreach (var line in log.Split('\n'))
                if (LambdaReportParser.TryParse(line, out var report)) found = report;
            return found;
        }
    }
}
