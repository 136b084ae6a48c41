using System;

namespace Alonzo
{
    /// <summary>What one Write-AlonzoRecord run did.</summary>
    public sealed class AlonzoWriteSummary
    {
        public string StreamName { get; set; }
        /// <summary>Records Kinesis accepted.</summary>
        public long Records { get; set; }
        /// <summary>Data plus partition key bytes of the accepted records (what Kinesis counts).</summary>
        public long Bytes { get; set; }
        /// <summary>PutRecords calls made, retries included.</summary>
        public long Batches { get; set; }
        /// <summary>Record attempts repeated after a partial failure.</summary>
        public long Retried { get; set; }
        /// <summary>Records not written (rejected before sending, or still failing after the retries).</summary>
        public long Failed { get; set; }
        public TimeSpan Elapsed { get; set; }
        public double RecordsPerSecond { get; set; }

        public override string ToString() => $"{Records} record(s) written to {StreamName}";
    }
}
