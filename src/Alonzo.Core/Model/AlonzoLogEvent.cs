using System;

namespace Alonzo
{
    /// <summary>One CloudWatch Logs event of a function's log group, as Get-AlonzoLog writes it.</summary>
    public sealed class AlonzoLogEvent
    {
        /// <summary>When the event happened (UTC, millisecond precision).</summary>
        public DateTime Timestamp { get; set; }
        /// <summary>The message without its trailing line break. Lambda's REPORT events span two lines when X-Ray is on.</summary>
        public string Message { get; set; }
        /// <summary>The log stream: one per execution environment, e.g. 2026/01/02/[$LATEST]0123abcd...</summary>
        public string LogStream { get; set; }
        /// <summary>CloudWatch's id of the event, unique within the log group.</summary>
        public string EventId { get; set; }
        /// <summary>When CloudWatch Logs received the event (UTC).</summary>
        public DateTime IngestionTime { get; set; }
        /// <summary>The function the log group belongs to (null when read with -LogGroupName only).</summary>
        public string FunctionName { get; set; }
        public string LogGroupName { get; set; }

        public override string ToString() => Message;
    }
}
