using System;
using System.Collections.Generic;
using System.Text;

namespace Alonzo
{
    /// <summary>
    /// The event Lambda hands a Kinesis-triggered function: a batch of records of one shard. The
    /// records' properties carry AWS's own field names (kinesis.data, eventID, ...), so a script reads
    /// them with the same paths as the handler; ToJson gives the event exactly as Lambda sends it.
    /// </summary>
    public sealed class AlonzoKinesisEvent
    {
        private readonly byte[] _json;

        internal AlonzoKinesisEvent(string streamName, string shardId, IReadOnlyList<AlonzoKinesisEventRecord> records, byte[] json)
        {
            StreamName = streamName;
            ShardId = shardId;
            Records = records;
            _json = json;
        }

        /// <summary>The records, in the order of the shard.</summary>
        public IReadOnlyList<AlonzoKinesisEventRecord> Records { get; }
        public string StreamName { get; }
        public string ShardId { get; }
        public int Count => Records.Count;
        public string FirstSequenceNumber => Records.Count == 0 ? null : Records[0].kinesis.sequenceNumber;
        public string LastSequenceNumber => Records.Count == 0 ? null : Records[Records.Count - 1].kinesis.sequenceNumber;
        /// <summary>The size of the event as JSON, in bytes (Lambda accepts at most 6 MB).</summary>
        public int Size => _json.Length;

        /// <summary>The event as Lambda sends it: {"Records":[...]}.</summary>
        public string ToJson() => Encoding.UTF8.GetString(_json);

        public byte[] ToJsonBytes() => (byte[])_json.Clone();

        internal byte[] JsonBytes => _json;

        public override string ToString() => $"{Count} record(s) of {ShardId}";
    }

    /// <summary>One record of a Kinesis event, with AWS's field names and types.</summary>
    public sealed class AlonzoKinesisEventRecord
    {
        public AlonzoKinesisData kinesis { get; set; }
        public string eventSource { get; set; }
        public string eventVersion { get; set; }
        public string eventID { get; set; }
        public string eventName { get; set; }
        public string invokeIdentityArn { get; set; }
        public string awsRegion { get; set; }
        public string eventSourceARN { get; set; }

        public override string ToString() => eventID;
    }

    /// <summary>The kinesis part of an event record: sequence number as a string, data as base64, arrival time in epoch seconds.</summary>
    public sealed class AlonzoKinesisData
    {
        public string kinesisSchemaVersion { get; set; }
        public string partitionKey { get; set; }
        public string sequenceNumber { get; set; }
        public string data { get; set; }
        public double approximateArrivalTimestamp { get; set; }

        public override string ToString() => sequenceNumber;
    }
}
