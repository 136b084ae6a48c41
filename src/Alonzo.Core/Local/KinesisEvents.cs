using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Alonzo.Validation;

namespace Alonzo.Local
{
    /// <summary>Where the records of an event come from: the fields every record of the event repeats.</summary>
    public sealed class KinesisEventSource
    {
        /// <summary>The account AWS's documentation uses in its samples, for events whose stream has no real ARN.</summary>
        public const string PlaceholderAccount = "123456789012";

        public KinesisEventSource(string streamName, string eventSourceArn, string region, string invokeIdentityArn)
        {
            StreamName = streamName;
            EventSourceArn = eventSourceArn;
            Region = region;
            InvokeIdentityArn = invokeIdentityArn;
        }

        public string StreamName { get; }
        public string EventSourceArn { get; }
        public string Region { get; }
        /// <summary>The function's execution role: Lambda puts it into every record.</summary>
        public string InvokeIdentityArn { get; }

        /// <summary>A source for a stream known by name only: the ARN is built from the region and account.</summary>
        public static KinesisEventSource ForStream(string streamName, string region, string account = null, string roleArn = null)
        {
            account = string.IsNullOrEmpty(account) ? PlaceholderAccount : account;
            return new KinesisEventSource(streamName, $"arn:{Partition(region)}:kinesis:{region}:{account}:stream/{streamName}", region,
                roleArn ?? $"arn:{Partition(region)}:iam::{account}:role/lambda-role");
        }

        /// <summary>A source for a stream ARN; the region and account come from the ARN.</summary>
        public static KinesisEventSource ForArn(string eventSourceArn, string roleArn = null)
        {
            var parts = (eventSourceArn ?? "").Split(new[] { ':' }, 6);
            if (parts.Length < 6 || parts[2] != "kinesis" || !parts[5].StartsWith("stream/", StringComparison.Ordinal) || parts[5].Length <= 7)
                throw new AlonzoValidationException("InvalidEventSourceArn", "EventSourceArn", eventSourceArn,
                    $"-EventSourceArn: '{eventSourceArn}' is not a Kinesis stream ARN (arn:aws:kinesis:<region>:<account>:stream/<name>).");
            return new KinesisEventSource(parts[5].Substring(7), eventSourceArn, parts[3],
                roleArn ?? $"arn:{parts[1]}:iam::{parts[4]}:role/lambda-role");
        }

        internal static string Partition(string region) =>
            region != null && region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
            : region != null && region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";
    }

    /// <summary>
    /// Builds the events Lambda hands a Kinesis-triggered function (the AWS developer guide's sample
    /// event, field for field): records of one shard per event, at most BatchSize of them and at most
    /// 6 MB of JSON, since Lambda's synchronous payload limit applies to the whole event.
    /// </summary>
    public static class KinesisEvents
    {
        public const int DefaultBatchSize = 100;
        public const int MaxBatchSize = 10000;
        /// <summary>Lambda's limit for a synchronous invocation's payload: 6 MB.</summary>
        public const int MaxPayloadBytes = 6 * 1024 * 1024;

        private static readonly byte[] Opening = Encoding.ASCII.GetBytes("{\"Records\":[");
        private static readonly byte[] Closing = Encoding.ASCII.GetBytes("]}");
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>The bytes an event adds around its records.</summary>
        public static int EnvelopeSize => Opening.Length + Closing.Length;

        public static void BatchSize(int value)
        {
            if (value < 1 || value > MaxBatchSize)
                throw new AlonzoValidationException("InvalidBatchSize", "BatchSize", value,
                    $"-BatchSize: {value} is outside what Lambda allows for Kinesis (1 to {MaxBatchSize} records).");
        }

        /// <summary>A record's JSON as it appears in the event.</summary>
        public static byte[] SerializeRecord(KinesisEventSource source, AlonzoRecord record)
        {
            using (var stream = new MemoryStream(256 + (record.Data?.Length ?? 0) * 4 / 3))
            {
                using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    w.WriteStartObject();
                    w.WriteStartObject("kinesis");
                    w.WriteString("kinesisSchemaVersion", "1.0");
                    w.WriteString("partitionKey", record.PartitionKey ?? "");
                    w.WriteString("sequenceNumber", record.SequenceNumber ?? "");
                    w.WriteString("data", Convert.ToBase64String(record.Data ?? Array.Empty<byte>()));
                    w.WritePropertyName("approximateArrivalTimestamp");
                    // Epoch seconds with the milliseconds as a fraction, always three digits (1545084650.987).
                    w.WriteRawValue(ArrivalSeconds(record.ApproximateArrivalTimestamp).ToString("F3", CultureInfo.InvariantCulture), skipInputValidation: true);
                    w.WriteEndObject();
                    w.WriteString("eventSource", "aws:kinesis");
                    w.WriteString("eventVersion", "1.0");
                    w.WriteString("eventID", EventId(record));
                    w.WriteString("eventName", "aws:kinesis:record");
                    w.WriteString("invokeIdentityArn", source.InvokeIdentityArn);
                    w.WriteString("awsRegion", source.Region);
                    w.WriteString("eventSourceARN", source.EventSourceArn);
                    w.WriteEndObject();
                }
                return stream.ToArray();
            }
        }

        /// <summary>An event of records of one shard, from their JSON made by SerializeRecord.</summary>
        public static AlonzoKinesisEvent Assemble(KinesisEventSource source, IReadOnlyList<AlonzoRecord> records, IReadOnlyList<byte[]> recordJson)
        {
            if (records.Count != recordJson.Count) throw new ArgumentException("One JSON text per record is needed.", nameof(recordJson));
            int size = Size(recordJson, recordJson.Count);
            var json = new byte[size];
            int at = 0;
            Buffer.BlockCopy(Opening, 0, json, at, Opening.Length);
            at += Opening.Length;
            var items = new List<AlonzoKinesisEventRecord>(records.Count);
            for (int i = 0; i < records.Count; i++)
            {
                if (i > 0) json[at++] = (byte)',';
                Buffer.BlockCopy(recordJson[i], 0, json, at, recordJson[i].Length);
                at += recordJson[i].Length;
                items.Add(ToItem(source, records[i]));
            }
            Buffer.BlockCopy(Closing, 0, json, at, Closing.Length);
            return new AlonzoKinesisEvent(source.StreamName, records.Count == 0 ? null : records[0].ShardId, items, json);
        }

        /// <summary>The size of an event holding the first <paramref name="count"/> records.</summary>
        public static int Size(IReadOnlyList<byte[]> recordJson, int count)
        {
            int size = EnvelopeSize;
            for (int i = 0; i < count; i++) size += recordJson[i].Length + (i > 0 ? 1 : 0);
            return size;
        }

        /// <summary>How many of the records, from the first, fit into one event (at least one).</summary>
        public static int FitCount(IReadOnlyList<byte[]> recordJson, int batchSize, int maxBytes = MaxPayloadBytes)
        {
            int size = EnvelopeSize, count = 0;
            while (count < recordJson.Count && count < batchSize)
            {
                int next = size + recordJson[count].Length + (count > 0 ? 1 : 0);
                if (count > 0 && next > maxBytes) break;
                size = next;
                count++;
            }
            return count;
        }

        public static string EventId(AlonzoRecord record) => record.ShardId + ":" + record.SequenceNumber;

        public static double ArrivalSeconds(DateTime? arrival)
        {
            var utc = (arrival ?? DateTime.UtcNow).ToUniversalTime();
            return Math.Round((utc - Epoch).TotalMilliseconds) / 1000.0;
        }

        /// <summary>
        /// A sequence number for a record that was not read from a stream: 56 digits like Kinesis's,
        /// increasing with <paramref name="ordinal"/> and with the time of <paramref name="start"/>.
        /// </summary>
        public static string SyntheticSequenceNumber(DateTime start, long ordinal) =>
            "49" + (start.ToUniversalTime().Ticks).ToString("D20", CultureInfo.InvariantCulture) + ordinal.ToString("D34", CultureInfo.InvariantCulture);

        private static AlonzoKinesisEventRecord ToItem(KinesisEventSource source, AlonzoRecord record) => new AlonzoKinesisEventRecord
        {
            kinesis = new AlonzoKinesisData
            {
                kinesisSchemaVersion = "1.0",
                partitionKey = record.PartitionKey ?? "",
                sequenceNumber = record.SequenceNumber ?? "",
                data = Convert.ToBase64String(record.Data ?? Array.Empty<byte>()),
                approximateArrivalTimestamp = ArrivalSeconds(record.ApproximateArrivalTimestamp),
            },
            eventSource = "aws:kinesis",
            eventVersion = "1.0",
            eventID = EventId(record),
            eventName = "aws:kinesis:record",
            invokeIdentityArn = source.InvokeIdentityArn,
            awsRegion = source.Region,
            eventSourceARN = source.EventSourceArn,
        };
    }

    /// <summary>
    /// Groups records into events per shard, in the order they arrive, as Lambda's poller would:
    /// an event is complete when it holds BatchSize records or the next record would take it past 6 MB.
    /// </summary>
    public sealed class KinesisEventBatcher
    {
        private readonly KinesisEventSource _source;
        private readonly int _batchSize;
        private readonly int _maxBytes;
        private readonly Dictionary<string, Pending> _pending = new Dictionary<string, Pending>(StringComparer.Ordinal);
        private readonly List<string> _shardOrder = new List<string>();

        public KinesisEventBatcher(KinesisEventSource source, int batchSize, int maxBytes = KinesisEvents.MaxPayloadBytes)
        {
            KinesisEvents.BatchSize(batchSize);
            _source = source ?? throw new ArgumentNullException(nameof(source));
            _batchSize = batchSize;
            _maxBytes = maxBytes;
        }

        /// <summary>Adds a record; returns the event it completed, or null. Throws EventTooLarge for a record that alone exceeds 6 MB.</summary>
        public AlonzoKinesisEvent Add(AlonzoRecord record)
        {
            var json = KinesisEvents.SerializeRecord(_source, record);
            if (KinesisEvents.EnvelopeSize + json.Length > _maxBytes)
                throw new AlonzoOperationException("EventTooLarge", FailureKind.LimitsExceeded,
                    $"The record {record.SequenceNumber} of {record.ShardId} takes {json.Length:N0} bytes as an event record (its data is base64), more than Lambda's {_maxBytes:N0}-byte payload limit; Lambda could not deliver it.",
                    "Keep records that a function reads from a stream under about 4.5 MB.");
            string shard = record.ShardId ?? "";
            if (!_pending.TryGetValue(shard, out var pending))
            {
                pending = new Pending();
                _pending[shard] = pending;
                _shardOrder.Add(shard);
            }
            AlonzoKinesisEvent completed = null;
            if (pending.Records.Count > 0 && pending.Size + 1 + json.Length > _maxBytes)
                completed = pending.Take(_source);
            pending.Records.Add(record);
            pending.Json.Add(json);
            pending.Size += json.Length + (pending.Records.Count > 1 ? 1 : 0);
            if (completed == null && pending.Records.Count >= _batchSize)
                completed = pending.Take(_source);
            return completed;
        }

        /// <summary>The events still open, shard by shard in the order the shards were first seen.</summary>
        public IEnumerable<AlonzoKinesisEvent> Flush()
        {
            foreach (var shard in _shardOrder)
            {
                var pending = _pending[shard];
                if (pending.Records.Count > 0) yield return pending.Take(_source);
            }
        }

        private sealed class Pending
        {
            public List<AlonzoRecord> Records = new List<AlonzoRecord>();
            public List<byte[]> Json = new List<byte[]>();
            public int Size = KinesisEvents.EnvelopeSize;

            public AlonzoKinesisEvent Take(KinesisEventSource source)
            {
                var e = KinesisEvents.Assemble(source, Records, Json);
                Records = new List<AlonzoRecord>();
                Json = new List<byte[]>();
                Size = KinesisEvents.EnvelopeSize;
                return e;
            }
        }
    }
}
