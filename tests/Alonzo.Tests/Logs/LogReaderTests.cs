using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Logs;
using Alonzo.Logs;
using Alonzo.Tests.ServiceModels;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Logs
{
    public sealed class LogReaderTests
    {
        private static readonly DateTime Now = new DateTime(2026, 1, 2, 12, 0, 0, DateTimeKind.Utc);
        private static readonly long NowMs = LogTime.ToEpochMilliseconds(Now);

        private static (LogReader Reader, FakeLogs Logs, List<string> Warnings) Create(FakeLogs logs = null)
        {
            logs = logs ?? new FakeLogs();
            var context = TestSessions.Context(new RecordingHttpHandler());
            context.Logs = logs;
            var reader = new LogReader(context) { Clock = () => Now };
            var warnings = new List<string>();
            reader.Warning += warnings.Add;
            return (reader, logs, warnings);
        }

        [Fact]
        public async Task Reads_every_page_and_merges_the_streams_in_time_order()
        {
            var (reader, logs, _) = Create();
            logs.PageSize = 10;
            // Two execution environments writing at the same time: their events alternate.
            for (int i = 0; i < 25; i++)
                logs.Add(i % 2 == 0 ? "2026/01/02/[$LATEST]aaaa" : "2026/01/02/[$LATEST]bbbb", NowMs - 60_000 + i * 100, $"line {i}\n");

            var events = await reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None);

            Assert.Equal(Enumerable.Range(0, 25).Select(i => $"line {i}"), events.Select(e => e.Message));
            Assert.Equal(new[] { "2026/01/02/[$LATEST]aaaa", "2026/01/02/[$LATEST]bbbb" }, events.Take(2).Select(e => e.LogStream));
            Assert.Equal(3, logs.Requests.Count);
            Assert.Equal(new string[] { null, "10", "20" }, logs.Requests.Select(r => r.NextToken));
            Assert.All(logs.Requests, r =>
            {
                Assert.Equal("/aws/lambda/fn", r.LogGroupName);
                Assert.Equal(NowMs - 3_600_000, r.StartTime);
                Assert.Null(r.EndTime);
                Assert.True(r.Interleaved);
            });
        }

        [Fact]
        public async Task Events_carry_time_stream_id_and_function_and_lose_only_the_trailing_line_break()
        {
            var (reader, logs, _) = Create();
            var added = logs.Add("s1", NowMs - 1000, "REPORT RequestId: r\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\nXRAY TraceId: 1-a\tSegmentId: b\tSampled: true\t\n");
            logs.Add("s1", NowMs - 900, "windows line\r\n");

            var events = await reader.ReadAsync(new LogQuery { FunctionName = "arn:aws:lambda:us-east-1:123456789012:function:fn:live" }, CancellationToken.None);

            Assert.Equal("REPORT RequestId: r\tDuration: 1 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\nXRAY TraceId: 1-a\tSegmentId: b\tSampled: true\t", events[0].Message);
            Assert.Equal("windows line", events[1].Message);
            Assert.Equal(Now.AddSeconds(-1), events[0].Timestamp);
            Assert.Equal(DateTimeKind.Utc, events[0].Timestamp.Kind);
            Assert.Equal(Now.AddSeconds(-1).AddMilliseconds(100), events[0].IngestionTime);
            Assert.Equal(added.EventId, events[0].EventId);
            Assert.Equal("fn", events[0].FunctionName);
            Assert.Equal("/aws/lambda/fn", events[0].LogGroupName);
            Assert.Equal("/aws/lambda/fn", logs.Requests[0].LogGroupName);
        }

        [Fact]
        public async Task The_time_range_comes_from_Last_or_Since()
        {
            var (reader, logs, _) = Create();
            await reader.ReadAsync(new LogQuery { FunctionName = "fn", Last = TimeSpan.FromMinutes(15) }, CancellationToken.None);
            Assert.Equal(NowMs - 15 * 60_000, logs.Requests[0].StartTime);

            var since = new DateTime(2026, 1, 2, 9, 30, 0, DateTimeKind.Utc);
            await reader.ReadAsync(new LogQuery { FunctionName = "fn", Since = since, Until = since.AddMinutes(5) }, CancellationToken.None);
            Assert.Equal(LogTime.ToEpochMilliseconds(since), logs.Requests[1].StartTime);
            Assert.Equal(1767346200000, logs.Requests[1].StartTime);
            Assert.Equal(1767346500000, logs.Requests[1].EndTime);

            // A time without a zone is local time, like a [datetime] typed at the prompt.
            var local = new DateTime(2026, 1, 2, 9, 30, 0, DateTimeKind.Unspecified);
            await reader.ReadAsync(new LogQuery { FunctionName = "fn", Since = local }, CancellationToken.None);
            Assert.Equal(LogTime.ToEpochMilliseconds(DateTime.SpecifyKind(local, DateTimeKind.Local).ToUniversalTime()), logs.Requests[2].StartTime);
        }

        [Fact]
        public async Task Filters_go_to_the_service_and_reports_only_asks_for_report_lines()
        {
            var (reader, logs, _) = Create();
            await reader.ReadAsync(new LogQuery { FunctionName = "fn", FilterPattern = "ERROR" }, CancellationToken.None);
            await reader.ReadAsync(new LogQuery { FunctionName = "fn", ReportsOnly = true }, CancellationToken.None);
            await reader.ReadAsync(new LogQuery { FunctionName = "fn", ReportsOnly = true, FilterPattern = "\"REPORT RequestId\"" }, CancellationToken.None);
            await reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None);
            Assert.Equal(new[] { "ERROR", LogQuery.ReportFilterPattern, "\"REPORT RequestId\"", null }, logs.Requests.Select(r => r.FilterPattern));
            Assert.Equal("?\"REPORT RequestId\" ?\"platform.report\"", LogQuery.ReportFilterPattern);
        }

        [Fact]
        public async Task Keeps_reading_through_empty_pages_that_carry_a_token()
        {
            var (reader, logs, warnings) = Create();
            logs.Add("s1", NowMs - 5000, "a");
            logs.Add("s2", NowMs - 4000, "b");
            // The service searches a large group in slices: empty pages first, same token twice.
            logs.Script[1] = _ => new FilterLogEventsResponse { NextToken = "searching" };
            logs.Script[2] = _ => new FilterLogEventsResponse { NextToken = "searching" };
            logs.Script[3] = _ => new FilterLogEventsResponse { NextToken = "0" };

            var events = await reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None);

            Assert.Equal(new[] { "a", "b" }, events.Select(e => e.Message));
            Assert.Equal(new[] { null, "searching", "searching", "0" }, logs.Requests.Select(r => r.NextToken));
            Assert.Empty(warnings);
        }

        [Fact]
        public async Task Stops_when_the_same_token_keeps_coming_back_empty_and_says_so()
        {
            var (reader, logs, warnings) = Create();
            reader.MaxRepeatedToken = 3;
            logs.Script[1] = _ => new FilterLogEventsResponse { Events = { new FilteredLogEvent { EventId = "1", LogStreamName = "s", Timestamp = NowMs - 10, Message = "first" } }, NextToken = "stuck" };
            for (int call = 2; call <= 50; call++)
                logs.Script[call] = _ => new FilterLogEventsResponse { NextToken = "stuck" };

            var events = await reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None);

            Assert.Equal("first", Assert.Single(events).Message);
            // First page, then the same token answered empty 3 times.
            Assert.Equal(4, logs.Requests.Count);
            var warning = Assert.Single(warnings);
            Assert.Contains("same next token", warning);
            Assert.Contains("Events may be missing", warning);
        }

        [Fact]
        public async Task Stops_after_too_many_empty_pages_in_a_row()
        {
            var (reader, logs, warnings) = Create();
            reader.MaxEmptyPages = 4;
            for (int call = 1; call <= 50; call++)
            {
                int n = call;
                logs.Script[call] = _ => new FilterLogEventsResponse { NextToken = "t" + n };
            }
            await reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None);
            Assert.Equal(4, logs.Requests.Count);
            Assert.Contains("4 pages in a row without new events", Assert.Single(warnings));
        }

        [Fact]
        public async Task A_page_that_only_repeats_known_events_counts_as_empty()
        {
            var (reader, logs, warnings) = Create();
            reader.MaxRepeatedToken = 2;
            var same = new FilteredLogEvent { EventId = "7", LogStreamName = "s", Timestamp = NowMs - 10, Message = "again" };
            for (int call = 1; call <= 50; call++)
                logs.Script[call] = _ => new FilterLogEventsResponse { Events = { same }, NextToken = "loop" };

            var events = await reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None);

            Assert.Single(events);
            Assert.Equal(3, logs.Requests.Count);
            Assert.Single(warnings);
        }

        [Fact]
        public async Task A_missing_log_group_is_LogGroupNotFound()
        {
            var (reader, logs, _) = Create(new FakeLogs("/aws/lambda/other"));
            var e = await Assert.ThrowsAsync<AlonzoOperationException>(() => reader.ReadAsync(new LogQuery { FunctionName = "fn" }, CancellationToken.None));
            Assert.Equal("LogGroupNotFound", e.ErrorId);
            Assert.Equal(FailureKind.ObjectNotFound, e.Kind);
            Assert.Contains("/aws/lambda/fn", e.Message);
            Assert.Contains("has not logged yet, or does not exist", e.Message);
            Assert.Contains("-LogGroupName", e.RecommendedAction);
            Assert.IsType<Alonzo.Aws.Runtime.AwsResourceNotFoundException>(e.InnerException);
            Assert.Single(logs.Requests);

            var custom = await Assert.ThrowsAsync<AlonzoOperationException>(() => reader.ReadAsync(new LogQuery { LogGroupName = "/custom/group" }, CancellationToken.None));
            Assert.Equal("LogGroupNotFound", custom.ErrorId);
            Assert.Contains("'/custom/group'", custom.Message);
        }

        [Fact]
        public async Task A_custom_log_group_is_read_instead_of_the_function_group()
        {
            var logs = new FakeLogs("/custom/group");
            logs.Add("s", NowMs - 10, "custom");
            var (reader, _, _) = Create(logs);
            var events = await reader.ReadAsync(new LogQuery { FunctionName = "fn", LogGroupName = "/custom/group" }, CancellationToken.None);
            Assert.Equal("custom", Assert.Single(events).Message);
            Assert.Equal("fn", events[0].FunctionName);
        }

        [Theory]
        [InlineData(null, null, null, "InvalidFunctionName")]
        [InlineData("bad name", null, null, "InvalidFunctionName")]
        [InlineData("arn:aws:lambda:nowhere", null, null, "InvalidFunctionName")]
        [InlineData(null, "/aws/lambda/a b", null, "InvalidLogGroupName")]
        [InlineData("fn", null, -5, "InvalidTimeRange")]
        [InlineData("fn", null, 0, "InvalidTimeRange")]
        public async Task Bad_input_fails_before_any_call(string function, string group, int? lastMinutes, string errorId)
        {
            var (reader, logs, _) = Create();
            var query = new LogQuery { FunctionName = function, LogGroupName = group, Last = lastMinutes.HasValue ? TimeSpan.FromMinutes(lastMinutes.Value) : (TimeSpan?)null };
            var e = await Assert.ThrowsAsync<AlonzoValidationException>(() => reader.ReadAsync(query, CancellationToken.None));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Empty(logs.Requests);
        }

        [Fact]
        public void Other_bad_time_ranges_and_filters_are_refused()
        {
            Assert.Equal("InvalidTimeRange", Assert.Throws<AlonzoValidationException>(() => new LogQuery { FunctionName = "fn", Since = Now, Last = TimeSpan.FromHours(1) }.Validate()).ErrorId);
            Assert.Equal("InvalidTimeRange", Assert.Throws<AlonzoValidationException>(() => new LogQuery { FunctionName = "fn", Since = new DateTime(1969, 12, 31, 0, 0, 0, DateTimeKind.Utc) }.Validate()).ErrorId);
            Assert.Equal("InvalidTimeRange", Assert.Throws<AlonzoValidationException>(() => new LogQuery { FunctionName = "fn", Since = Now, Until = Now.AddSeconds(-1) }.Validate()).ErrorId);
            Assert.Equal("InvalidFilterPattern", Assert.Throws<AlonzoValidationException>(() => new LogQuery { FunctionName = "fn", FilterPattern = new string('x', 1025) }.Validate()).ErrorId);
            new LogQuery { FunctionName = "fn", FilterPattern = new string('x', 1024) }.Validate();
            new LogQuery { LogGroupName = "/aws/lambda/fn.v2_#x" }.Validate();
        }

        [Fact]
        public async Task Follow_writes_new_events_once_each_and_polls_from_the_newest_time()
        {
            var (reader, logs, _) = Create();
            reader.FollowLookback = TimeSpan.FromSeconds(5);
            var clock = Now;
            reader.Clock = () => clock;
            logs.Add("s1", NowMs - 2000, "old 1");
            logs.Add("s2", NowMs - 1000, "old 2");

            var written = new List<AlonzoLogEvent>();
            using var stop = new CancellationTokenSource();
            int polls = 0;
            reader.Delay = (delay, token) =>
            {
                Assert.Equal(reader.PollInterval, delay);
                polls++;
                clock = clock.AddSeconds(1.5);
                if (polls == 1)
                {
                    logs.Add("s1", NowMs + 500, "new 1");
                    // Arrives late from another environment, earlier than the newest event seen.
                    logs.Add("s2", NowMs - 500, "late 2");
                }
                else if (polls == 2)
                {
                    logs.Add("s1", NowMs + 500, "same millisecond as new 1");
                }
                else if (polls == 3)
                {
                    logs.Add("s2", NowMs + 9000, "after a pause");
                }
                else
                {
                    stop.Cancel();
                }
                return Task.CompletedTask;
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.FollowAsync(new LogQuery { FunctionName = "fn" }, written.Add, stop.Token));

            Assert.Equal(new[] { "old 1", "old 2", "late 2", "new 1", "same millisecond as new 1", "after a pause" }, written.Select(e => e.Message));
            Assert.Equal(written.Count, written.Select(e => e.EventId).Distinct().Count());
            // One read of the range, then one pass per poll, each from 5 s before the newest event seen.
            Assert.Equal(NowMs - 3_600_000, logs.Requests[0].StartTime);
            Assert.Equal(new long?[] { NowMs - 1000 - 5000, NowMs + 500 - 5000, NowMs + 500 - 5000 }, logs.Requests.Skip(1).Select(r => r.StartTime));
            Assert.All(logs.Requests, r => Assert.Null(r.EndTime));
        }

        [Fact]
        public async Task Follow_without_lookback_still_keeps_events_of_the_same_millisecond_apart()
        {
            var (reader, logs, _) = Create();
            reader.FollowLookback = TimeSpan.Zero;
            logs.Add("s1", NowMs - 10, "one");
            var written = new List<string>();
            using var stop = new CancellationTokenSource();
            int polls = 0;
            reader.Delay = (delay, token) =>
            {
                if (++polls == 1) logs.Add("s2", NowMs - 10, "two, same time");
                else stop.Cancel();
                return Task.CompletedTask;
            };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.FollowAsync(new LogQuery { FunctionName = "fn" }, e => written.Add(e.Message), stop.Token));
            Assert.Equal(new[] { "one", "two, same time" }, written);
            Assert.Equal(NowMs - 10, logs.Requests[1].StartTime);
        }

        [Fact]
        public async Task Follow_stops_promptly_when_cancelled_during_the_wait()
        {
            var (reader, logs, _) = Create();
            reader.PollInterval = TimeSpan.FromMinutes(10);
            using var stop = new CancellationTokenSource();
            var following = reader.FollowAsync(new LogQuery { FunctionName = "fn" }, _ => { }, stop.Token);
            for (int i = 0; i < 6000 && logs.Requests.Count == 0 && !following.IsCompleted; i++) await Task.Delay(10);
            stop.Cancel();
            // The next poll is ten minutes away: the follow ending within the (generous) bound means the
            // cancellation ended the wait, and no second request was made.
            Assert.Same(following, await Task.WhenAny(following, Task.Delay(TimeSpan.FromSeconds(60))));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
            Assert.Single(logs.Requests);
        }

        [Fact]
        public async Task Follow_ends_by_itself_once_past_Until()
        {
            var (reader, logs, _) = Create();
            var clock = Now;
            reader.Clock = () => clock;
            reader.Delay = (d, t) => { clock = clock.AddSeconds(2); return Task.CompletedTask; };
            await reader.FollowAsync(new LogQuery { FunctionName = "fn", Since = Now.AddMinutes(-1), Until = Now.AddSeconds(3) }, _ => { }, CancellationToken.None);
            Assert.Equal(3, logs.Requests.Count);
        }

        [Fact]
        public async Task Every_request_of_a_paged_read_matches_the_service_model()
        {
            var validator = ServiceModelValidator.For("logs");
            int call = 0;
            var handler = new RecordingHttpHandler(request =>
            {
                call++;
                using var body = JsonDocument.Parse(request.BodyText);
                string token = body.RootElement.TryGetProperty("nextToken", out var t) ? t.GetString() : null;
                Assert.Equal(call == 1 ? null : "page" + call, token);
                string json = call < 3
                    ? $"{{\"events\":[{{\"logStreamName\":\"s{call}\",\"timestamp\":{NowMs - 1000 + call},\"message\":\"event {call}\\n\",\"ingestionTime\":{NowMs},\"eventId\":\"{call}\"}}],\"searchedLogStreams\":[],\"nextToken\":\"page{call + 1}\"}}"
                    : $"{{\"events\":[{{\"logStreamName\":\"s{call}\",\"timestamp\":{NowMs - 1000 + call},\"message\":\"event {call}\\n\",\"ingestionTime\":{NowMs},\"eventId\":\"{call}\"}}],\"searchedLogStreams\":[]}}";
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.1") };
            });
            var context = TestSessions.Context(handler);
            var reader = new LogReader(context) { Clock = () => Now };

            var events = await reader.ReadAsync(new LogQuery { FunctionName = "fn", ReportsOnly = true, Last = TimeSpan.FromMinutes(5) }, CancellationToken.None);

            Assert.Equal(new[] { "event 1", "event 2", "event 3" }, events.Select(e => e.Message));
            Assert.Equal(3, handler.Requests.Count);
            foreach (var request in handler.Requests)
            {
                Assert.Equal("FilterLogEvents", validator.IdentifyOperation(request));
                validator.AssertValid("FilterLogEvents", request);
            }
            Assert.Contains("\"startTime\":" + (NowMs - 300_000).ToString(CultureInfo.InvariantCulture), handler.Requests[0].BodyText);
        }
    }
}
