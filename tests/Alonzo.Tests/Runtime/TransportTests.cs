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
