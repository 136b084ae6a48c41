using System;

namespace Alonzo
{
    /// <summary>
    /// The figures of one Lambda invocation, from the REPORT line Lambda writes after each one
    /// (or the platform.report record when the function logs in JSON). Durations are milliseconds,
    /// memory megabytes, as Lambda prints them. Memory sizing and cost estimates start from these.
    /// </summary>
    public sealed class AlonzoInvocationReport
    {
        public string RequestId { get; set; }
        /// <summary>Time spent in the handler, in ms.</summary>
        public double Duration { get; set; }
        /// <summary>The duration Lambda billed, in ms (rounded up to the next ms; includes init for some runtimes).</summary>
        public double BilledDuration { get; set; }
        /// <summary>Memory configured for the function, in MB.</summary>
        public int MemorySize { get; set; }
        /// <summary>The most memory the execution environment used so far, in MB.</summary>
        public int MaxMemoryUsed { get; set; }
        /// <summary>Initialization time of a cold start, in ms; null on warm invocations (and on SnapStart restores).</summary>
        public double? InitDuration { get; set; }
        /// <summary>SnapStart: time to restore the snapshot, in ms; null otherwise.</summary>
        public double? RestoreDuration { get; set; }
        /// <summary>SnapStart: the billed part of the restore, in ms; null otherwise.</summary>
        public double? BilledRestoreDuration { get; set; }
        /// <summary>Null or "success" when the invocation completed; "timeout", "error" and the like when it did not.</summary>
        public string Status { get; set; }
        /// <summary>With a failed Status, the error type Lambda reports, e.g. Runtime.ImportModuleError.</summary>
        public string ErrorType { get; set; }
        /// <summary>The X-Ray trace id when the invocation was traced.</summary>
        public string XRayTraceId { get; set; }
        public string SegmentId { get; set; }
        public bool? Sampled { get; set; }
        /// <summary>When the REPORT line was written (UTC).</summary>
        public DateTime Timestamp { get; set; }
        public string LogStream { get; set; }
        public string FunctionName { get; set; }

        /// <summary>True when this invocation started a new execution environment (init or restore).</summary>
        public bool ColdStart => InitDuration.HasValue || RestoreDuration.HasValue;

        /// <summary>MaxMemoryUsed as a percentage of MemorySize.</summary>
        public double MemoryUsedPercent => MemorySize > 0 ? Math.Round(100.0 * MaxMemoryUsed / MemorySize, 1) : 0;

        public override string ToString() => RequestId;
    }
}
