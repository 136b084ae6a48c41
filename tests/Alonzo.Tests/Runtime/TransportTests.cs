using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Alonzo.Tests.Kinesis;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Runtime
{
    /// <summary>Retries follow the standard mode: throttling, 5xx and network failures yes; client errors no.</summary>
    public sealed class TransportTests
    {
        [Fact]
        public async Task Retries_throttling_then_succeeds()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => ++calls < 3
                ? KinesisClientModelTests.Json(@"{""__type"":""LimitExceededException"",""message"":""Rate exceeded""}", HttpStatusCode.BadRequest)
                : KinesisClientModelTests.Json(@"{""StreamNames"":[],""HasMoreStreams"":false}"));
            var reply = await TestSessions.Context(handler).Kinesis.ListStreamsAsync(new Aws.Kinesis.ListStreamsRequest(), CancellationToken.None);
            Assert.Equal(3, calls);
            Assert.False(reply.HasMoreStreams);
            // Each attempt is signed afresh.
            Assert.All(handler.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256", r.Headers["Authorization"]));
        }

        [Fact]
        public async Task Temporary_credentials_send_their_session_token_and_sign_it()
        {
            var session = AwsSession.Create(new AwsSessionOptions
            {
                Region = "us-east-1", EndpointUrl = "http://127.0.0.1:9/",
                AccessKeyId = "ASIAEXAMPLE", SecretAccessKey = "secret", SessionToken = "the-session-token",
            });
            var handler = new RecordingHttpHandler(_ => KinesisClientModelTests.Json(@"{""StreamNames"":[],""HasMoreStreams"":false}"));
            var context = new Alonzo.Sessions.AlonzoContext(session, null, handler);
            await context.Kinesis.ListStreamsAsync(new Aws.Kinesis.ListStreamsRequest(), CancellationToken.None);
            var request = handler.Last;
            Assert.Equal("the-session-token", request.Headers["X-Amz-Security-Token"]);
            Assert.Contains("Credential=ASIAEXAMPLE/", request.Headers["Authorization"]);
            Assert.Contains("x-amz-security-token", request.Headers["Authorization"].Split("SignedHeaders=")[1].Split(',')[0].Split(';'));
        }

        [Fact]
        public async Task Gives_up_after_max_attempts()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => { calls++; return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); });
            var context = TestSessions.Context(handler, AwsRetryRules.Standard(4, TimeSpan.FromMilliseconds(1)));
            var e = await Assert.ThrowsAnyAsync<AwsServiceException>(() => context.Kinesis.DescribeStreamSummaryAsync("s", CancellationToken.None));
            Assert.Equal(4, calls);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        }

        [Fact]
        public async Task Does_not_retry_client_errors()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => { calls++; return KinesisClientModelTests.Json(@"{""__type"":""ResourceNotFoundException"",""message"":""nope""}", HttpStatusCode.BadRequest); });
            await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => TestSessions.Context(handler).Kinesis.DescribeStreamSummaryAsync("s", CancellationToken.None));
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task Retries_network_failures()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ =>
            {
                if (++calls == 1) throw new HttpRequestException("connection reset");
                return KinesisClientModelTests.Json(@"{""StreamNames"":[],""HasMoreStreams"":false}");
            });
            await TestSessions.Context(handler).Kinesis.ListStreamsAsync(new Aws.Kinesis.ListStreamsRequest(), CancellationToken.None);
            Assert.Equal(2, calls);
        }

        [Fact]
        public async Task Caller_cancellation_is_not_retried()
        {
            using var cts = new CancellationTokenSource();
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => { calls++; cts.Cancel(); return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestSessions.Context(handler).Kinesis.ListStreamsAsync(new Aws.Kinesis.ListStreamsRequest(), cts.Token));
            Assert.Equal(1, calls);
        }

        [Fact]
        public async Task Retry_events_name_the_operation()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => ++calls == 1
                ? new HttpResponseMessage(HttpStatusCode.InternalServerError)
                : KinesisClientModelTests.Json(@"{""StreamNames"":[],""HasMoreStreams"":false}"));
            var listener = new CollectingListener();
            var context = new Alonzo.Sessions.AlonzoContext(TestSessions.Create(), listener, handler) { RetryOverride = AwsRetryRules.Standard(3, TimeSpan.FromMilliseconds(1)) };
            await context.Kinesis.ListStreamsAsync(new Aws.Kinesis.ListStreamsRequest(), CancellationToken.None);
            var retry = Assert.Single(listener.Retries);
            Assert.Equal("ListStreams", retry);
            Assert.Equal(2, listener.Completed.Count);
            Assert.Equal(new[] { 500, 200 }, listener.Completed.ConvertAll(c => c.StatusCode));
        }

        [Fact]
        public async Task An_attempt_that_times_out_is_retried()
        {
            var handler = new SlowFirstHandler();
            var context = TestSessions.Context(handler);
            var transport = context.CreateTransport(AwsService.Kinesis);
            transport.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            context.Kinesis = new Aws.Kinesis.KinesisClient(transport);
            await context.Kinesis.ListStreamsAsync(new Aws.Kinesis.ListStreamsRequest(), CancellationToken.None);
            Assert.Equal(2, handler.Calls);
        }

        [Fact]
        public async Task Invoke_is_not_retried_after_a_timeout_or_5xx_but_is_after_throttling()
        {
            int calls = 0;
            var handler = new RecordingHttpHandler(_ => { calls++; return new HttpResponseMessage(HttpStatusCode.BadGateway); });
            var context = TestSessions.Context(handler);
            await Assert.ThrowsAnyAsync<AwsServiceException>(() => context.Lambda.InvokeAsync(new Aws.Lambda.InvokeRequest { FunctionName = "f" }, CancellationToken.None));
            Assert.Equal(1, calls);

            calls = 0;
            var throttled = new RecordingHttpHandler(_ => ++calls == 1
                ? new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent(@"{""Type"":""User"",""message"":""Rate exceeded""}") { Headers = { { "X-Amzn-ErrorType", "TooManyRequestsException" } } } }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
            await TestSessions.Context(throttled).Lambda.InvokeAsync(new Aws.Lambda.InvokeRequest { FunctionName = "f" }, CancellationToken.None);
            Assert.Equal(2, calls);
        }

        /// <summary>Never answers the first request (until cancelled); answers the rest at once.</summary>
        private sealed class SlowFirstHandler : HttpMessageHandler
        {
            public int Calls;

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref Calls) == 1) await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                return KinesisClientModelTests.Json(@"{""StreamNames"":[],""HasMoreStreams"":false}");
            }
        }

        private sealed class CollectingListener : IAwsCallListener
        {
            public System.Collections.Generic.List<string> Retries { get; } = new System.Collections.Generic.List<string>();
            public System.Collections.Generic.List<AwsCallRecord> Completed { get; } = new System.Collections.Generic.List<AwsCallRecord>();
            public void OnSending(AwsService service, string operation, int attempt) { }
            public void OnCompleted(AwsCallRecord record) { lock (Completed) Completed.Add(record); }
            public void OnRetrying(AwsService service, string operation, int attempt, TimeSpan delay, string reason) { lock (Retries) Retries.Add(operation); }
        }

        [Fact]
        public void Backoff_is_full_jitter_capped_at_twenty_seconds()
        {
            var rules = AwsRetryRules.Standard(10, TimeSpan.FromSeconds(1));
            for (int i = 0; i < 200; i++)
            {
                Assert.InRange(rules.Delay(0).TotalMilliseconds, 0, 1000);
                Assert.InRange(rules.Delay(3).TotalMilliseconds, 0, 8000);
                Assert.InRange(rules.Delay(10).TotalMilliseconds, 0, 20000);
            }
        }
    }
}
