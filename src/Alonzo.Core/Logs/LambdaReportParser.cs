using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Alonzo.Logs
{
    /// <summary>
    /// Reads the figures of an invocation from the REPORT line Lambda writes after it. Two formats:
    /// <list type="bullet">
    /// <item>plain text (the default): <c>REPORT RequestId: id\tDuration: 3.43 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 157.94 ms\t</c>,
    /// optionally followed by <c>Restore Duration</c>/<c>Billed Restore Duration</c> (SnapStart), <c>Status</c>/<c>Error Type</c>
    /// (failed invocations) and a second line <c>XRAY TraceId: ...\tSegmentId: ...\tSampled: true</c>;</item>
    /// <item>JSON (functions with LogFormat JSON): <c>{"type":"platform.report","record":{"requestId":...,"metrics":{"durationMs":...}}}</c>.</item>
    /// </list>
    /// Fields are found by their labels, so tabs, spaces (as copied from the console) and fields added
    /// in any order are tolerated. A line without RequestId, Duration, Billed Duration, Memory Size and
    /// Max Memory Used is not a report.
    /// </summary>
    public static class LambdaReportParser
    {
        // Longest labels first, so "Billed Restore Duration" is not read as "Duration".
        private static readonly Regex Label = new Regex(
            @"(?<=^|\s)(?<label>Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Duration|Memory Size|Max Memory Used|Status|Error Type|XRAY TraceId|SegmentId|Sampled|RequestId):",
            RegexOptions.CultureInvariant);

        private static readonly Regex LeadingNumber = new Regex(@"^[+-]?(\d+(\.\d*)?|\.\d+)", RegexOptions.CultureInvariant);

        /// <summary>True when the message looks like a REPORT line or platform.report record (cheap check, no parsing).</summary>
        public static bool IsReport(string message)
        {
            if (string.IsNullOrEmpty(message)) return false;
            string text = message.TrimStart();
            return text.StartsWith("REPORT", StringComparison.Ordinal) && text.Length > 6 && char.IsWhiteSpace(text[6])
                || text.StartsWith("{", StringComparison.Ordinal) && text.IndexOf("platform.report", StringComparison.Ordinal) >= 0;
        }

        /// <summary>Parses a log event; the report gets the event's timestamp, stream and function.</summary>
        public static bool TryParse(AlonzoLogEvent logEvent, out AlonzoInvocationReport report)
        {
            report = null;
            if (logEvent == null || !TryParse(logEvent.Message, out report)) return false;
            report.Timestamp = logEvent.Timestamp;
            report.LogStream = logEvent.LogStream;
            report.FunctionName = logEvent.FunctionName;
            return true;
        }

        public static bool TryParse(string message, out AlonzoInvocationReport report)
        {
            report = null;
            if (!IsReport(message)) return false;
            string text = message.Trim();
            return text[0] == '{' ? TryParseJson(text, out report) : TryParseText(text, out report);
        }

        /// <summary>Like TryParse, but throws FormatException for a message that is not a complete report.</summary>
        public static AlonzoInvocationReport Parse(string message)
        {
            if (TryParse(message, out var report)) return report;
            throw new FormatException("Not a Lambda REPORT line: " + (message == null ? "(null)" : message.Length > 80 ? message.Substring(0, 80) + "..." : message));
        }

        private static bool TryParseText(string text, out AlonzoInvocationReport report)
        {
            report = null;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var matches = Label.Matches(text);
            for (int i = 0; i < matches.Count; i++)
            {
                var m = matches[i];
                int start = m.Index + m.Length;
                int end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
                string value = text.Substring(start, end - start);
                // A field ends at the tab or line break that separates it from the next one.
                int stop = value.IndexOfAny(new[] { '\t', '\n', '\r' }, value.Length - value.TrimStart().Length);
                if (stop >= 0) value = value.Substring(0, stop);
                string label = m.Groups["label"].Value;
                if (!fields.ContainsKey(label)) fields[label] = value.Trim();
            }

            if (!fields.TryGetValue("RequestId", out var requestId) || !TryNumber(Get(fields, "Duration"), out double duration)
                || !TryNumber(Get(fields, "Billed Duration"), out double billed) || !TryNumber(Get(fields, "Memory Size"), out double memory)
                || !TryNumber(Get(fields, "Max Memory Used"), out double used))
                return false;
            requestId = FirstToken(requestId);
            if (string.IsNullOrEmpty(requestId)) return false;

            report = new AlonzoInvocationReport
            {
                RequestId = requestId,
                Duration = duration,
                BilledDuration = billed,
                MemorySize = (int)Math.Round(memory),
                MaxMemoryUsed = (int)Math.Round(used),
                InitDuration = Optional(fields, "Init Duration"),
                RestoreDuration = Optional(fields, "Restore Duration"),
                BilledRestoreDuration = Optional(fields, "Billed Restore Duration"),
                Status = FirstToken(Get(fields, "Status")),
                ErrorType = FirstToken(Get(fields, "Error Type")),
                XRayTraceId = FirstToken(Get(fields, "XRAY TraceId")),
                SegmentId = FirstToken(Get(fields, "SegmentId")),
                Sampled = ParseBool(FirstToken(Get(fields, "Sampled"))),
            };
            return true;
        }

        private static bool TryParseJson(string text, out AlonzoInvocationReport report)
        {
            report = null;
            try
            {
                using (var document = JsonDocument.Parse(text))
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type)
                        || type.ValueKind != JsonValueKind.String || type.GetString() != "platform.report"
                        || !root.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object
                        || !record.TryGetProperty("metrics", out var metrics) || metrics.ValueKind != JsonValueKind.Object)
                        return false;

                    string requestId = String(record, "requestId");
                    double? duration = Number(metrics, "durationMs"), billed = Number(metrics, "billedDurationMs");
                    double? memory = Number(metrics, "memorySizeMB"), used = Number(metrics, "maxMemoryUsedMB");
                    if (string.IsNullOrEmpty(requestId) || duration == null || billed == null || memory == null || used == null) return false;

                    report = new AlonzoInvocationReport
                    {
                        RequestId = requestId,
                        Duration = duration.Value,
                        BilledDuration = billed.Value,
                        MemorySize = (int)Math.Round(memory.Value),
                        MaxMemoryUsed = (int)Math.Round(used.Value),
                        InitDuration = Number(metrics, "initDurationMs"),
                        RestoreDuration = Number(metrics, "restoreDurationMs"),
                        BilledRestoreDuration = Number(metrics, "billedRestoreDurationMs"),
                        Status = String(record, "status"),
                        ErrorType = String(record, "errorType"),
                    };
                    if (record.TryGetProperty("tracing", out var tracing) && tracing.ValueKind == JsonValueKind.Object)
                        ReadTraceHeader(String(tracing, "value"), report);
                    return true;
                }
            }
            catch (JsonException)
            {
                return false;
            }
        }

        /// <summary>X-Amzn-Trace-Id: Root=1-...;Parent=...;Sampled=1</summary>
        private static void ReadTraceHeader(string header, AlonzoInvocationReport report)
        {
            if (string.IsNullOrEmpty(header)) return;
            foreach (var part in header.Split(';'))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0) continue;
                string key = part.Substring(0, eq).Trim(), value = part.Substring(eq + 1).Trim();
                if (key == "Root") report.XRayTraceId = value;
                else if (key == "Parent") report.SegmentId = value;
                else if (key == "Sampled") report.Sampled = value == "1";
            }
        }

        private static string Get(Dictionary<string, string> fields, string label) => fields.TryGetValue(label, out var v) ? v : null;

        private static double? Optional(Dictionary<string, string> fields, string label) =>
            TryNumber(Get(fields, label), out double value) ? value : (double?)null;

        /// <summary>The number at the start of "3.43 ms" or "128 MB".</summary>
        private static bool TryNumber(string value, out double number)
        {
            number = 0;
            if (string.IsNullOrEmpty(value)) return false;
            var m = LeadingNumber.Match(value);
            return m.Success && double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }

        private static string FirstToken(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            value = value.Trim();
            int space = value.IndexOfAny(new[] { ' ', '\t', '\n', '\r' });
            return space < 0 ? value : value.Substring(0, space);
        }

        private static bool? ParseBool(string value) =>
            value == null ? (bool?)null : bool.TryParse(value, out bool b) ? b : (bool?)null;

        private static string String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static double? Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null;
    }
}
