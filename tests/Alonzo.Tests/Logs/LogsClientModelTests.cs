using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Logs;
using Alonzo.Aws.Runtime;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Logs
{
    /// <summary>Every request the CloudWatch Logs client can build, checked against the official logs service model.</summary>
    public sealed class LogsClientModelTests
    {
        private static readonly ServiceModelValidator Validator = ServiceModelValidator.For("logs");
        private const string Group = "/aws/lambda/alonzo";
        private const string Stream = "2026/01/02/[$LATEST]0123456789abcdef0123456789abcdef";

        public static IEnumerable<object[]> Calls()
        {
            yield return Call("FilterLogEvents", c => c.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }, default));
            yield return Call("FilterLogEvents", c => c.FilterLogEventsAsync(new FilterLogEventsRequest
            {
                LogGroupName = Group, LogStreamNames = new List<string> { Stream, "other" }, StartTime = 1767323045000, EndTime = 1767326645999,
                FilterPattern = "?\"REPORT RequestId\" ?\"platform.report\"", NextToken = "token", Limit = 10000, Interleaved = true,
            }, default));
            yield return Call("FilterLogEvents", c => c.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group, LogStreamNamePrefix = "2026/01/", FilterPattern = "", StartTime = 0, Limit = 1 }, default));
            yield return Call("GetLogEvents", c => c.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = Group, LogStreamName = Stream }, default));
            yield return Call("GetLogEvents", c => c.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = Group, LogStreamName = Stream, StartTime = 1767323045000, EndTime = 1767323046000, NextToken = "f/123", Limit = 100, StartFromHead = true }, default));
            yield return Call("DescribeLogStreams", c => c.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = Group, OrderBy = "LastEventTime", Descending = true, Limit = 50 }, default));
            yield return Call("DescribeLogStreams", c => c.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = Group, LogStreamNamePrefix = "2026/", NextToken = "n" }, default));
            yield return Call("DescribeLogGroups", c => c.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/aws/lambda/", Limit = 50 }, default));
            yield return Call("DescribeLogGroups", c => c.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePattern = "alonzo", NextToken = "n" }, default));
            yield return Call("CreateLogGroup", c => c.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = Group }, default));
            yield return Call("CreateLogGroup", c => c.CreateLogGroupAsync(new CreateLogGroupRequest { LogGroupName = Group, Tags = new Dictionary<string, string> { ["team"] = "ops" }, LogGroupClass = "STANDARD" }, default));
            yield return Call("CreateLogStream", c => c.CreateLogStreamAsync(new CreateLogStreamRequest { LogGroupName = Group, LogStreamName = Stream }, default));
            yield return Call("PutLogEvents", c => c.PutLogEventsAsync(new PutLogEventsRequest
            {
                LogGroupName = Group, LogStreamName = Stream,
                LogEvents = new List<InputLogEvent>
                {
                    new InputLogEvent { Timestamp = 1767323045000, Message = "START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST\n" },
                    new InputLogEvent { Timestamp = 1767323045003, Message = "REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 3.43 ms\tBilled Duration: 4 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t\n" },
                },
            }, default));
            yield return Call("PutLogEvents", c => c.PutLogEventsAsync(new PutLogEventsRequest { LogGroupName = Group, LogStreamName = Stream, SequenceToken = "49039859613988223432", LogEvents = new List<InputLogEvent> { new InputLogEvent { Timestamp = 0, Message = "x" } } }, default));
            yield return Call("DeleteLogGroup", c => c.DeleteLogGroupAsync(new DeleteLogGroupRequest { LogGroupName = Group }, default));
        }

        private static object[] Call(string operation, Func<ILogsClient, Task> call) => ClientCall<ILogsClient>.Case(operation, call);


        [Theory]
        [MemberData(nameof(Calls))]
        public async Task Request_matches_the_service_model(string operation, ClientCall<ILogsClient> invocation)
        {
            var handler = new RecordingHttpHandler();
            var client = TestSessions.Context(handler).Logs;
            await invocation.Call(client);

            var request = Assert.Single(handler.Requests);
            Assert.Equal(operation, Validator.IdentifyOperation(request));
            Validator.AssertValid(operation, request);
            Assert.Equal("Logs_20140328." + operation, request.Headers["X-Amz-Target"]);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", request.Headers["Authorization"]);
            Assert.Contains("/us-east-1/logs/aws4_request", request.Headers["Authorization"]);
        }

        [Fact]
        public void Every_client_method_is_covered()
        {
            ClientCall<ILogsClient>.AssertEveryMethodCovered(Calls());
        }

        [Fact]
        public void Every_operation_exists_in_the_model()
        {
            var model = ServiceModelCatalog.Get("logs");
            foreach (var name in typeof(ILogsClient).GetMethods().Select(m => m.Name.Replace("Async", "")))
                Assert.NotNull(model.GetOperation(name));
        }

        [Fact]
        public async Task Members_travel_in_camel_case_and_times_as_epoch_milliseconds()
        {
            var handler = new RecordingHttpHandler();
            await TestSessions.Context(handler).Logs.FilterLogEventsAsync(new FilterLogEventsRequest
            {
                LogGroupName = Group, StartTime = 1767323045123, FilterPattern = "ERROR",
            }, CancellationToken.None);
            Assert.Equal("{\"logGroupName\":\"/aws/lambda/alonzo\",\"startTime\":1767323045123,\"filterPattern\":\"ERROR\"}", handler.Last.BodyText);
            Assert.Equal("application/x-amz-json-1.1", handler.Last.Headers["Content-Type"].Split(';')[0]);
        }

        [Fact]
        public async Task Filter_reply_members_deserialise()
        {
            var handler = new RecordingHttpHandler(_ => Json(@"{""events"":[{""logStreamName"":""s1"",""timestamp"":1767323045123,""message"":""hello\n"",""ingestionTime"":1767323045456,""eventId"":""37134448277055698880077365577645869800162629528367333376""}],""searchedLogStreams"":[{""logStreamName"":""s1"",""searchedCompletely"":true}],""nextToken"":""Bxkq6kVGFtq2y_MoigeqscPOdhXVbhiVtLoAmXb5jCrI7fXLrP""}"));
            var reply = await TestSessions.Context(handler).Logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }, CancellationToken.None);
            var e = Assert.Single(reply.Events);
            Assert.Equal("s1", e.LogStreamName);
            Assert.Equal(1767323045123, e.Timestamp);
            Assert.Equal(1767323045456, e.IngestionTime);
            Assert.Equal("hello\n", e.Message);
            Assert.Equal("37134448277055698880077365577645869800162629528367333376", e.EventId);
            Assert.True(reply.SearchedLogStreams[0].SearchedCompletely);
            Assert.StartsWith("Bxkq6", reply.NextToken);
        }

        [Fact]
        public async Task Stream_and_group_replies_deserialise()
        {
            var streams = new RecordingHttpHandler(_ => Json(@"{""logStreams"":[{""logStreamName"":""s1"",""creationTime"":1767323000000,""firstEventTimestamp"":1767323045000,""lastEventTimestamp"":1767323046000,""lastIngestionTime"":1767323047000,""uploadSequenceToken"":""1"",""arn"":""arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alonzo:log-stream:s1"",""storedBytes"":0}]}"));
            var s = await TestSessions.Context(streams).Logs.DescribeLogStreamsAsync(new DescribeLogStreamsRequest { LogGroupName = Group }, CancellationToken.None);
            Assert.Equal(1767323046000, Assert.Single(s.LogStreams).LastEventTimestamp);
            Assert.Null(s.NextToken);

            var groups = new RecordingHttpHandler(_ => Json(@"{""logGroups"":[{""logGroupName"":""/aws/lambda/alonzo"",""creationTime"":1767323000000,""retentionInDays"":14,""metricFilterCount"":0,""arn"":""arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/alonzo:*"",""storedBytes"":1234}],""nextToken"":null}"));
            var g = await TestSessions.Context(groups).Logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None);
            Assert.Equal(14, Assert.Single(g.LogGroups).RetentionInDays);
            Assert.Equal(1234, g.LogGroups[0].StoredBytes);

            var put = new RecordingHttpHandler(_ => Json(@"{""nextSequenceToken"":""49039859613988223432"",""rejectedLogEventsInfo"":{""tooOldLogEventEndIndex"":0}}"));
            var p = await TestSessions.Context(put).Logs.PutLogEventsAsync(new PutLogEventsRequest { LogGroupName = Group, LogStreamName = "s", LogEvents = { new InputLogEvent { Timestamp = 1, Message = "m" } } }, CancellationToken.None);
            Assert.Equal(0, p.RejectedLogEventsInfo.TooOldLogEventEndIndex);
        }

        [Fact]
        public async Task A_missing_group_is_a_typed_not_found_error()
        {
            var handler = new RecordingHttpHandler(_ => Json(@"{""__type"":""ResourceNotFoundException"",""message"":""The specified log group does not exist.""}", HttpStatusCode.BadRequest));
            var e = await Assert.ThrowsAsync<AwsResourceNotFoundException>(() =>
                TestSessions.Context(handler).Logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = Group }, CancellationToken.None));
            Assert.Equal("ResourceNotFoundException", e.ErrorCode);
            Assert.Single(handler.Requests);
        }

        internal static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") };
    }
}
