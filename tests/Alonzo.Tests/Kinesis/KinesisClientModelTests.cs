using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Kinesis
{
    /// <summary>Every request the Kinesis client can build, checked against the official kinesis service model.</summary>
    public sealed class KinesisClientModelTests
    {
        private static readonly ServiceModelValidator Validator = ServiceModelValidator.For("kinesis");

        public static IEnumerable<object[]> Calls()
        {
            yield return Call("CreateStream", c => c.CreateStreamAsync(new CreateStreamRequest { StreamName = "alonzo", ShardCount = 2, StreamModeDetails = new StreamModeDetails { StreamMode = "PROVISIONED" }, Tags = new Dictionary<string, string> { ["team"] = "ops" } }, default));
            yield return Call("CreateStream", c => c.CreateStreamAsync(new CreateStreamRequest { StreamName = "alonzo.od", StreamModeDetails = new StreamModeDetails { StreamMode = "ON_DEMAND" } }, default));
            yield return Call("DescribeStreamSummary", c => c.DescribeStreamSummaryAsync("alonzo", default));
            yield return Call("ListStreams", c => c.ListStreamsAsync(new ListStreamsRequest(), default));
            yield return Call("ListStreams", c => c.ListStreamsAsync(new ListStreamsRequest { NextToken = "token", Limit = 100 }, default));
            yield return Call("ListStreams", c => c.ListStreamsAsync(new ListStreamsRequest { ExclusiveStartStreamName = "alonzo" }, default));
            yield return Call("DeleteStream", c => c.DeleteStreamAsync(new DeleteStreamRequest { StreamName = "alonzo" }, default));
            yield return Call("DeleteStream", c => c.DeleteStreamAsync(new DeleteStreamRequest { StreamName = "alonzo", EnforceConsumerDeletion = true }, default));
            yield return Call("IncreaseStreamRetentionPeriod", c => c.IncreaseStreamRetentionPeriodAsync("alonzo", 48, default));
            yield return Call("DecreaseStreamRetentionPeriod", c => c.DecreaseStreamRetentionPeriodAsync("alonzo", 24, default));
            yield return Call("AddTagsToStream", c => c.AddTagsToStreamAsync(new AddTagsToStreamRequest { StreamName = "alonzo", Tags = new Dictionary<string, string> { ["a"] = "" } }, default));
            yield return Call("ListTagsForStream", c => c.ListTagsForStreamAsync(new ListTagsForStreamRequest { StreamName = "alonzo", ExclusiveStartTagKey = "a" }, default));
            yield return Call("UpdateShardCount", c => c.UpdateShardCountAsync(new UpdateShardCountRequest { StreamName = "alonzo", TargetShardCount = 4 }, default));
            yield return Call("UpdateStreamMode", c => c.UpdateStreamModeAsync(new UpdateStreamModeRequest { StreamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/alonzo", StreamModeDetails = new StreamModeDetails { StreamMode = "ON_DEMAND" } }, default));
            yield return Call("SplitShard", c => c.SplitShardAsync(new SplitShardRequest { StreamName = "alonzo", ShardToSplit = "shardId-000000000000", NewStartingHashKey = "170141183460469231731687303715884105728" }, default));
            yield return Call("MergeShards", c => c.MergeShardsAsync(new MergeShardsRequest { StreamName = "alonzo", ShardToMerge = "shardId-000000000001", AdjacentShardToMerge = "shardId-000000000002" }, default));
            yield return Call("PutRecords", c => c.PutRecordsAsync(new PutRecordsRequest { StreamName = "alonzo", Records = new List<PutRecordsRequestEntry> { new PutRecordsRequestEntry { Data = new byte[] { 1, 2, 3 }, PartitionKey = "k" }, new PutRecordsRequestEntry { Data = Array.Empty<byte>(), PartitionKey = "k2", ExplicitHashKey = "12345" } } }, default));
            yield return Call("ListShards", c => c.ListShardsAsync(new ListShardsRequest { StreamName = "alonzo", MaxResults = 1000 }, default));
            yield return Call("ListShards", c => c.ListShardsAsync(new ListShardsRequest { NextToken = "t" }, default));
            yield return Call("GetShardIterator", c => c.GetShardIteratorAsync(new GetShardIteratorRequest { StreamName = "alonzo", ShardId = "shardId-000000000000", ShardIteratorType = "TRIM_HORIZON" }, default));
            yield return Call("GetShardIterator", c => c.GetShardIteratorAsync(new GetShardIteratorRequest { StreamName = "alonzo", ShardId = "shardId-000000000000", ShardIteratorType = "AT_TIMESTAMP", Timestamp = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) }, default));
            yield return Call("GetShardIterator", c => c.GetShardIteratorAsync(new GetShardIteratorRequest { StreamName = "alonzo", ShardId = "shardId-000000000000", ShardIteratorType = "AFTER_SEQUENCE_NUMBER", StartingSequenceNumber = "49590338271490256608559692538361571095921575989136588898" }, default));
            yield return Call("GetRecords", c => c.GetRecordsAsync(new GetRecordsRequest { ShardIterator = "AAAAAAAAAAE=", Limit = 10000 }, default));
        }

        private static object[] Call(string operation, Func<IKinesisClient, Task> call) => ClientCall<IKinesisClient>.Case(operation, call);


        [Theory]
        [MemberData(nameof(Calls))]
        public async Task Request_matches_the_service_model(string operation, ClientCall<IKinesisClient> invocation)
        {
            var handler = new RecordingHttpHandler();
            var client = TestSessions.Context(handler).Kinesis;
            await invocation.Call(client);

            var request = Assert.Single(handler.Requests);
            Assert.Equal(operation, Validator.IdentifyOperation(request));
            Validator.AssertValid(operation, request);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"]);
            Assert.Contains("/us-east-1/kinesis/aws4_request", request.Headers["Authorization"]);
        }

        [Fact]
        public void Every_client_method_is_covered()
        {
            ClientCall<IKinesisClient>.AssertEveryMethodCovered(Calls());
        }

        [Fact]
        public void Every_operation_exists_in_the_model()
        {
            var model = ServiceModelCatalog.Get("kinesis");
            foreach (var name in typeof(IKinesisClient).GetMethods().Select(m => m.Name.Replace("Async", "")))
                Assert.NotNull(model.GetOperation(name));
        }

        [Fact]
        public async Task Reply_members_deserialise()
        {
            var handler = new RecordingHttpHandler(_ => Json(@"{""StreamDescriptionSummary"":{""StreamName"":""alonzo"",""StreamARN"":""arn:aws:kinesis:us-east-1:123456789012:stream/alonzo"",""StreamStatus"":""ACTIVE"",""StreamModeDetails"":{""StreamMode"":""ON_DEMAND""},""RetentionPeriodHours"":48,""StreamCreationTimestamp"":1767323045.5,""EnhancedMonitoring"":[],""EncryptionType"":""NONE"",""OpenShardCount"":4}}"));
            var summary = await TestSessions.Context(handler).Kinesis.DescribeStreamSummaryAsync("alonzo", CancellationToken.None);
            Assert.Equal("ACTIVE", summary.StreamStatus);
            Assert.Equal("ON_DEMAND", summary.StreamModeDetails.StreamMode);
            Assert.Equal(48, summary.RetentionPeriodHours);
            Assert.Equal(4, summary.OpenShardCount);
            Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc), summary.StreamCreationTimestamp);
        }

        [Fact]
        public async Task Record_data_travels_as_base64()
        {
            var handler = new RecordingHttpHandler(_ => Json(@"{""Records"":[{""SequenceNumber"":""1"",""Data"":""aGVsbG8="",""PartitionKey"":""k"",""ApproximateArrivalTimestamp"":1767323045}],""NextShardIterator"":""n"",""MillisBehindLatest"":0}"));
            var reply = await TestSessions.Context(handler).Kinesis.GetRecordsAsync(new GetRecordsRequest { ShardIterator = "i" }, CancellationToken.None);
            Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(reply.Records[0].Data));

            var put = new RecordingHttpHandler(_ => Json(@"{""FailedRecordCount"":0,""Records"":[{""SequenceNumber"":""1"",""ShardId"":""shardId-000000000000""}]}"));
            await TestSessions.Context(put).Kinesis.PutRecordsAsync(new PutRecordsRequest { StreamName = "s", Records = new List<PutRecordsRequestEntry> { new PutRecordsRequestEntry { Data = System.Text.Encoding.UTF8.GetBytes("hello"), PartitionKey = "k" } } }, CancellationToken.None);
            Assert.Contains("\"Data\":\"aGVsbG8=\"", put.Last.BodyText);
        }

        internal static System.Net.Http.HttpResponseMessage Json(string body, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK) =>
            new System.Net.Http.HttpResponseMessage(status) { Content = new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, "application/x-amz-json-1.1") };
    }
}
