using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Alonzo.Local;
using Xunit;

namespace Alonzo.Tests.Local
{
    public sealed class KinesisEventTests
    {
        // The sample Kinesis record event of the AWS Lambda developer guide (with-kinesis.md), as published.
        private const string AwsSample = @"{
    ""Records"": [
        {
            ""kinesis"": {
                ""kinesisSchemaVersion"": ""1.0"",
                ""partitionKey"": ""1"",
                ""sequenceNumber"": ""49590338271490256608559692538361571095921575989136588898"",
                ""data"": ""SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg=="",
                ""approximateArrivalTimestamp"": 1545084650.987
            },
            ""eventSource"": ""aws:kinesis"",
            ""eventVersion"": ""1.0"",
            ""eventID"": ""shardId-000000000006:49590338271490256608559692538361571095921575989136588898"",
            ""eventName"": ""aws:kinesis:record"",
            ""invokeIdentityArn"": ""arn:aws:iam::123456789012:role/lambda-role"",
            ""awsRegion"": ""us-east-2"",
            ""eventSourceARN"": ""arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream""
        },
        {
            ""kinesis"": {
                ""kinesisSchemaVersion"": ""1.0"",
                ""partitionKey"": ""1"",
                ""sequenceNumber"": ""49590338271490256608559692540925702759324208523137515618"",
                ""data"": ""VGhpcyBpcyBvbmx5IGEgdGVzdC4="",
                ""approximateArrivalTimestamp"": 1545084711.166
            },
            ""eventSource"": ""aws:kinesis"",
            ""eventVersion"": ""1.0"",
            ""eventID"": ""shardId-000000000006:49590338271490256608559692540925702759324208523137515618"",
            ""eventName"": ""aws:kinesis:record"",
            ""invokeIdentityArn"": ""arn:aws:iam::123456789012:role/lambda-role"",
            ""awsRegion"": ""us-east-2"",
            ""eventSourceARN"": ""arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream""
        }
    ]
}";

        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private static AlonzoRecord Record(string shard, string sequence, string key, string text, double arrivalSeconds) => new AlonzoRecord
        {
            StreamName = "lambda-stream",
            ShardId = shard,
            SequenceNumber = sequence,
            PartitionKey = key,
            Data = Encoding.UTF8.GetBytes(text),
            Text = text,
            ApproximateArrivalTimestamp = Epoch.AddMilliseconds(Math.Round(arrivalSeconds * 1000)),
        };

        [Fact]
        public void The_event_matches_AWSs_published_sample_field_by_field_with_AWSs_types()
        {
            var source = KinesisEventSource.ForStream("lambda-stream", "us-east-2", "123456789012");
            var batcher = new KinesisEventBatcher(source, 100);
            Assert.Null(batcher.Add(Record("shardId-000000000006", "49590338271490256608559692538361571095921575989136588898", "1", "Hello, this is a test.", 1545084650.987)));
            Assert.Null(batcher.Add(Record("shardId-000000000006", "49590338271490256608559692540925702759324208523137515618", "1", "This is only a test.", 1545084711.166)));
            var e = Assert.Single(batcher.Flush());

            using var expected = JsonDocument.Parse(AwsSample);
            using var actual = JsonDocument.Parse(e.ToJson());
            AssertSameJson(expected.RootElement, actual.RootElement, "$");
            Assert.Equal(e.Size, Encoding.UTF8.GetByteCount(e.ToJson()));

            // The object view has the same fields, for scripts.
            Assert.Equal("shardId-000000000006", e.ShardId);
            Assert.Equal(2, e.Count);
            Assert.Equal("SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==", e.Records[0].kinesis.data);
            Assert.Equal(1545084650.987, e.Records[0].kinesis.approximateArrivalTimestamp);
            Assert.Equal("49590338271490256608559692540925702759324208523137515618", e.LastSequenceNumber);
            Assert.Equal("arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream", e.Records[1].eventSourceARN);
        }

        /// <summary>Same keys in the same order, same JSON value kinds (strings stay strings, numbers numbers), same values.</summary>
        private static void AssertSameJson(JsonElement expected, JsonElement actual, string path)
        {
            Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected.ValueKind} expected, {actual.ValueKind} found");
            switch (expected.ValueKind)
            {
                case JsonValueKind.Object:
                    Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                    foreach (var p in expected.EnumerateObject()) AssertSameJson(p.Value, actual.GetProperty(p.Name), path + "." + p.Name);
                    break;
                case JsonValueKind.Array:
                    Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                    for (int i = 0; i < expected.GetArrayLength(); i++) AssertSameJson(expected[i], actual[i], $"{path}[{i}]");
                    break;
                case JsonValueKind.Number:
                    Assert.True(expected.GetDecimal() == actual.GetDecimal(), $"{path}: {expected} expected, {actual} found");
                    // Epoch seconds with the milliseconds as a fraction, never an integer.
                    Assert.Contains(".", actual.GetRawText());
                    break;
                default:
                    Assert.True(expected.ToString() == actual.ToString(), $"{path}: '{expected}' expected, '{actual}' found");
                    break;
            }
        }

        [Fact]
        public void Records_are_grouped_per_shard_in_arrival_order_into_batches_of_BatchSize()
        {
            var source = KinesisEventSource.ForArn("arn:aws:kinesis:eu-west-1:111122223333:stream/orders", "arn:aws:iam::111122223333:role/orders-fn");
            Assert.Equal("orders", source.StreamName);
            Assert.Equal("eu-west-1", source.Region);
            var batcher = new KinesisEventBatcher(source, 3);
            var events = new List<AlonzoKinesisEvent>();
            for (int i = 1; i <= 7; i++)
            {
                var a = batcher.Add(Record("shardId-000000000000", i.ToString("D3"), "a", "a" + i, 1700000000 + i));
                var b = batcher.Add(Record("shardId-000000000001", i.ToString("D3"), "b", "b" + i, 1700000000 + i));
                if (a != null) events.Add(a);
                if (b != null) events.Add(b);
            }
            events.AddRange(batcher.Flush());
            Assert.Equal(new[] { 3, 3, 3, 3, 1, 1 }, events.Select(e => e.Count));
            Assert.All(events, e => Assert.Single(e.Records.Select(r => r.eventID.Split(':')[0]).Distinct()));
            var shard0 = events.Where(e => e.ShardId == "shardId-000000000000").SelectMany(e => e.Records).Select(r => Encoding.UTF8.GetString(Convert.FromBase64String(r.kinesis.data)));
            Assert.Equal(Enumerable.Range(1, 7).Select(i => "a" + i), shard0);
            Assert.All(events.SelectMany(e => e.Records), r =>
            {
                Assert.Equal("arn:aws:iam::111122223333:role/orders-fn", r.invokeIdentityArn);
                Assert.Equal("eu-west-1", r.awsRegion);
            });
        }

        [Fact]
        public void An_event_never_exceeds_Lambdas_6_MB_payload()
        {
            var source = KinesisEventSource.ForStream("big", "us-east-1");
            var batcher = new KinesisEventBatcher(source, 100);
            var events = new List<AlonzoKinesisEvent>();
            var megabyte = new string('x', 1024 * 1024);
            for (int i = 0; i < 10; i++)
            {
                var e = batcher.Add(Record("shardId-000000000000", i.ToString("D3"), "k", megabyte, 1700000000));
                if (e != null) events.Add(e);
            }
            events.AddRange(batcher.Flush());
            // Base64 makes each 1 MiB record 1.33 MiB of JSON: four fit, the fifth would pass 6 MB.
            Assert.Equal(new[] { 4, 4, 2 }, events.Select(e => e.Count));
            Assert.All(events, e => Assert.True(e.Size <= KinesisEvents.MaxPayloadBytes, $"{e.Size} bytes"));
            Assert.True(events[0].Size + 1 + (events[1].Size - KinesisEvents.EnvelopeSize) / 4 > KinesisEvents.MaxPayloadBytes);

            var tooLarge = new string('y', 5 * 1024 * 1024);
            var error = Assert.Throws<AlonzoOperationException>(() => batcher.Add(Record("shardId-000000000000", "999", "k", tooLarge, 1700000000)));
            Assert.Equal("EventTooLarge", error.ErrorId);
        }

        [Fact]
        public void BatchSize_is_limited_as_Lambda_limits_it()
        {
            var source = KinesisEventSource.ForStream("s", "us-east-1");
            Assert.Equal("InvalidBatchSize", Assert.Throws<Alonzo.Validation.AlonzoValidationException>(() => new KinesisEventBatcher(source, 0)).ErrorId);
            Assert.Equal("InvalidBatchSize", Assert.Throws<Alonzo.Validation.AlonzoValidationException>(() => new KinesisEventBatcher(source, 10001)).ErrorId);
            Assert.NotNull(new KinesisEventBatcher(source, 10000));
            Assert.Equal("InvalidEventSourceArn", Assert.Throws<Alonzo.Validation.AlonzoValidationException>(() => KinesisEventSource.ForArn("arn:aws:sqs:us-east-1:1:queue")).ErrorId);
        }

        [Fact]
        public void Synthetic_sequence_numbers_look_like_Kinesiss_and_increase()
        {
            var start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
            var numbers = Enumerable.Range(0, 1001).Select(i => KinesisEvents.SyntheticSequenceNumber(start, i)).ToList();
            Assert.All(numbers, n => Assert.Matches("^[0-9]{56}$", n));
            Assert.Equal(numbers.OrderBy(n => n, StringComparer.Ordinal), numbers);
        }
    }
}
