using System;

namespace Alonzo
{
    /// <summary>A record read from a Kinesis stream.</summary>
    public sealed class AlonzoRecord
    {
        public string StreamName { get; set; }
        public string ShardId { get; set; }
        public string SequenceNumber { get; set; }
        public string PartitionKey { get; set; }
        public DateTime? ApproximateArrivalTimestamp { get; set; }
        /// <summary>The record's bytes exactly as written.</summary>
        public byte[] Data { get; set; }
        /// <summary>The data as text when it is valid UTF-8, otherwise null.</summary>
        public string Text { get; set; }

        public override string ToString() => Text ?? SequenceNumber;
    }
}
