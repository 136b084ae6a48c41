using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Local;
using Alonzo.Tests.Records;
using Xunit;

namespace Alonzo.Tests.Local
{
    /// <summary>The local event source mapping against an in-memory stream, with a real Python handler.</summary>
    [Collection("Local")]
    public sealed class LocalStreamMappingTests : IDisposable
    {
        // Returns the decoded records; fails on 'poison'; reports batch item failures for 'partial'
        // records the first time it sees them, or an unusable list for 'invalid'.
        private const string Handler = @"import base64

seen = set()

def handler(event, context):
    texts = [base64.b64decode(r['kinesis']['data']).decode() for r in event['Records']]
    if 'poison' in texts:
        raise ValueError('poison in ' + ','.join(texts))
    if 'invalid' in texts and 'invalid' not in seen:
        seen.add('invalid')
        return {'batchItemFailures': [{'itemIdentifier': ''}]}
    failures = [r['kinesis']['sequenceNumber'] for r, t in zip(event['Records'], texts) if t.startswith('partial') and t not in seen]
    seen.update(t for t in texts if t.startswith('partial'))
    return {'texts': texts, 'shards': sorted({r['eventID'].split(':')[0] for r in event['Records']}),
            'batchItemFailures': [{'itemIdentifier': s} for s in reversed(failures)]}
";

        private readonly LocalHandlers _handlers = new LocalHandlers();
        private readonly string _folder;

        public LocalStreamMappingTests()
        {
            _folder = _handlers.Folder("mapping", ("lambda_function.py", Handler));
        }

        public void Dispose() => _handlers.Dispose();

        private async Task<List<AlonzoInvocation>> RunAsync(FakeKinesis kinesis, LocalMappingOptions options, CancellationToken cancellationToken = default)
        {
            options.StreamName = options.StreamName ?? "alonzo";
            options.RetryDelay = TimeSpan.FromMilliseconds(10);
            options.IdlePollInterval = TimeSpan.FromMilliseconds(50);
            options.MinCallInterval = TimeSpan.Zero;
            var invocations = new ConcurrentQueue<AlonzoInvocation>();
            using (var function = new LocalFunction(LocalHandlers.Settings(_folder, "lambda_function.handler", "python3.11", timeout: 10)))
            {
                var mapping = new LocalStreamMapping(kinesis.Context(), function, options);
                mapping.Invoked += invocations.Enqueue;
                try
                {
                    await mapping.RunAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                }
            }
            return invocations.ToList();
        }

        private static List<string> Texts(AlonzoInvocation invocation) =>
            ((IList<object>)((IDictionary<string, object>)invocation.Payload)["texts"]).Cast<string>().ToList();

        [Fact]
        public async Task Each_shard_gets_batches_of_its_own_records_in_order()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, Enumerable.Range(1, 7).Select(i => "a" + i).ToArray());
            kinesis.AddShard("shardId-000000000001", null, null, closed: false, Enumerable.Range(1, 5).Select(i => "b" + i).ToArray());

            var invocations = await RunAsync(kinesis, new LocalMappingOptions { BatchSize = 3 });

            Assert.All(invocations, i => Assert.True(i.Succeeded, i.Log));
            Assert.All(invocations, i => Assert.Equal("Succeeded", i.Batch.Outcome));
            var a = invocations.Where(i => i.Batch.ShardId == "shardId-000000000000").ToList();
            var b = invocations.Where(i => i.Batch.ShardId == "shardId-000000000001").ToList();
            Assert.Equal(new[] { 3, 3, 1 }, a.Select(i => i.Batch.RecordCount));
            Assert.Equal(new[] { 3, 2 }, b.Select(i => i.Batch.RecordCount));
            Assert.Equal(Enumerable.Range(1, 7).Select(i => "a" + i), a.SelectMany(Texts));
            Assert.Equal(Enumerable.Range(1, 5).Select(i => "b" + i), b.SelectMany(Texts));
            Assert.All(invocations, i => Assert.Single((IList<object>)((IDictionary<string, object>)i.Payload)["shards"]));
            Assert.Equal(new[] { "1", "4", "7" }, a.Select(i => i.Batch.FirstSequenceNumber));
        }

        [Fact]
        public async Task A_failing_batch_is_bisected_then_its_poison_record_retried_and_discarded()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a1", "a2", "a3", "poison", "a5", "a6");
            kinesis.AddShard("shardId-000000000001", null, null, closed: false, "b1");

            var invocations = await RunAsync(kinesis, new LocalMappingOptions { BatchSize = 6, BisectBatchOnFunctionError = true, MaximumRetryAttempts = 1 });

            var shard = invocations.Where(i => i.Batch.ShardId == "shardId-000000000000").ToList();
            Assert.Equal(new[]
            {
                "1-6 Bisected 1", "1-3 Succeeded 1", "4-6 Bisected 1", "4-4 Retrying 1", "4-4 Discarded 2", "5-6 Succeeded 1",
            }, shard.Select(i => $"{i.Batch.FirstSequenceNumber}-{i.Batch.LastSequenceNumber} {i.Batch.Outcome} {i.Batch.Attempt}"));
            Assert.Equal("ValueError", shard[0].ErrorType);
            Assert.Equal(new[] { "a1", "a2", "a3", "a5", "a6" }, shard.Where(i => i.Succeeded).SelectMany(Texts));
            // The other shard is not held up by this one.
            Assert.Equal("Succeeded", invocations.Single(i => i.Batch.ShardId == "shardId-000000000001").Batch.Outcome);
        }

        [Fact]
        public async Task Without_bisect_the_whole_batch_is_retried_MaximumRetryAttempts_times()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a1", "poison", "a3", "a4");

            var invocations = await RunAsync(kinesis, new LocalMappingOptions { BatchSize = 2, MaximumRetryAttempts = 2 });

            Assert.Equal(new[] { "1-2 Retrying 1", "1-2 Retrying 2", "1-2 Discarded 3", "3-4 Succeeded 1" },
                invocations.Select(i => $"{i.Batch.FirstSequenceNumber}-{i.Batch.LastSequenceNumber} {i.Batch.Outcome} {i.Batch.Attempt}"));
        }

        [Fact]
        public async Task Batch_item_failures_resume_from_the_lowest_failed_sequence_number()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a1", "a2", "partial3", "a4", "partial5", "a6", "invalid", "a8");

            var invocations = await RunAsync(kinesis, new LocalMappingOptions { BatchSize = 6, ReportBatchItemFailures = true });

            Assert.Equal(new[] { "1-6 PartiallySucceeded 1", "3-6 Succeeded 2", "7-8 Retrying 1", "7-8 Succeeded 2" },
                invocations.Select(i => $"{i.Batch.FirstSequenceNumber}-{i.Batch.LastSequenceNumber} {i.Batch.Outcome} {i.Batch.Attempt}"));
            // Both failures were listed (the higher first); the checkpoint is before the lower one.
            Assert.Equal(new[] { "5", "3" }, invocations[0].Batch.BatchItemFailures);
            Assert.Equal("3", invocations[0].Batch.RetryFromSequenceNumber);
            Assert.Equal(new[] { "partial3", "a4", "partial5", "a6" }, Texts(invocations[1]));
        }

        [Fact]
        public async Task Without_ReportBatchItemFailures_a_reply_listing_failures_is_a_success()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a1", "partial2");
            var invocations = await RunAsync(kinesis, new LocalMappingOptions { BatchSize = 10 });
            Assert.Equal("Succeeded", Assert.Single(invocations).Batch.Outcome);
        }

        [Fact]
        public async Task The_batching_window_gathers_records_that_arrive_while_it_is_open()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a1", "a2");
            using var cts = new CancellationTokenSource();
            var watch = Stopwatch.StartNew();
            var run = RunAsync(kinesis, new LocalMappingOptions { BatchSize = 100, MaximumBatchingWindowInSeconds = 1, Follow = true }, cts.Token);
            await Task.Delay(300);
            kinesis.Append("shardId-000000000000", "a3");
            // Stop once the window has passed and the batch had time to run.
            await Task.Delay(2500);
            cts.Cancel();
            var invocations = await run;
            var first = Assert.Single(invocations);
            Assert.Equal(new[] { "a1", "a2", "a3" }, Texts(first));
        }

        [Fact]
        public async Task Follow_delivers_new_records_and_stopping_ends_the_run_and_a_running_handler_at_once()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a1");
            using var cts = new CancellationTokenSource();
            var seen = new ConcurrentQueue<AlonzoInvocation>();
            var options = new LocalMappingOptions { StreamName = "alonzo", BatchSize = 10, Follow = true, RetryDelay = TimeSpan.FromMilliseconds(10), IdlePollInterval = TimeSpan.FromMilliseconds(50), MinCallInterval = TimeSpan.Zero };
            string folder = _handlers.Folder("slow", ("lambda_function.py", "import base64, time\ndef handler(event, context):\n    texts = [base64.b64decode(r['kinesis']['data']).decode() for r in event['Records']]\n    if 'slow' in texts:\n        time.sleep(30)\n    return texts\n"));
            using var function = new LocalFunction(LocalHandlers.Settings(folder, "lambda_function.handler", "python3.11", timeout: 60));
            var mapping = new LocalStreamMapping(kinesis.Context(), function, options);
            mapping.Invoked += seen.Enqueue;
            var run = mapping.RunAsync(cts.Token);

            await WaitUntil(() => seen.Count == 1);
            kinesis.Append("shardId-000000000000", "a2");
            await WaitUntil(() => seen.Count == 2);
            Assert.Equal(new[] { "a2" }, ((IList<object>)seen.Last().Payload).Cast<string>());
            kinesis.Append("shardId-000000000000", "slow");
            await Task.Delay(1000); // the handler is now sleeping

            var watch = Stopwatch.StartNew();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"stopping took {watch.Elapsed}");
            Assert.False(run.IsFaulted && !(run.Exception.InnerException is OperationCanceledException));
            Assert.Equal(2, seen.Count);
        }

        private static async Task WaitUntil(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true.");
                await Task.Delay(20);
            }
        }
    }
}
