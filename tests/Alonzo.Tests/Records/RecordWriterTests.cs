using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Records;
using Alonzo.Streams;
using Alonzo.Tests.ServiceModels;
using Alonzo.Validation;
using Xunit;

namespace Alonzo.Tests.Records
{
    /// <summary>
    /// The PutRecords batching engine against scripted Kinesis replies: batch boundaries by count and
    /// bytes from the service model's limits, retries of only the failed entries, order per partition
    /// key, and every record that is not written reported.
    /// </summary>
    // One collection: the writer tests block pool threads on purpose, which would slow the reader's timing checks.
    [Collection("Records")]
    public sealed class RecordWriterTests
    {
        private static readonly ServiceModel Model = ServiceModelCatalog.Get("kinesis");
        private static readonly ServiceModelValidator Validator = ServiceModelValidator.For("kinesis");

        [Fact]
        public void Limits_are_the_service_model_limits()
        {
            Assert.Equal(RecordRules.MaxRecordsPerRequest, (int)Model.GetShape("PutRecordsRequestEntryList").Max);
            Assert.Equal(1, (int)Model.GetShape("PutRecordsRequestEntryList").Min);
            Assert.Equal(RecordRules.PartitionKeyMin, (int)Model.GetShape("PartitionKey").Min);
            Assert.Equal(RecordRules.PartitionKeyMax, (int)Model.GetShape("PartitionKey").Max);
            Assert.Equal(RecordRules.DataMax, (int)Model.GetShape("Data").Max);
            Assert.Equal(0, (int)Model.GetShape("Data").Min);
            // MaxRecordSizeInKiB: 1024 (the default 1 MiB) to 10240 (10 MiB, also the large-request limit).
            Assert.Equal(RecordRules.DefaultMaxRecordBytes, (int)Model.GetShape("MaxRecordSizeInKiB").Min * 1024);
            Assert.Equal(RecordRules.LargeMaxRequestBytes, (int)Model.GetShape("MaxRecordSizeInKiB").Max * 1024);
            Assert.Equal(RecordRules.GetRecordsMaxLimit, (int)Model.GetShape("GetRecordsInputLimit").Max);
            var hashKey = ServiceModelValidator.CompilePattern(Model.GetShape("HashKey").Pattern);
            foreach (var key in new[] { "0", "1", "340282366920938463463374607431768211455", "01", "-1", "1.5", "" })
            {
                bool alonzo = Accepts(() => RecordRules.ExplicitHashKey(key, null));
                bool model = hashKey.IsMatch(key) && key.Length > 0;
                Assert.True(!alonzo || model, $"'{key}': Alonzo accepts what the model refuses");
            }
            Assert.False(Accepts(() => RecordRules.ExplicitHashKey("340282366920938463463374607431768211456", null)), "2^128 is out of range");
        }

        [Fact]
        public async Task Batches_break_at_the_models_record_count_and_every_request_is_valid()
        {
            var kinesis = new ScriptedKinesis();
            var writer = await OpenAsync(kinesis, o => { o.MaxInFlight = 1; o.Linger = TimeSpan.FromSeconds(30); });
            for (int i = 0; i < 1201; i++) await writer.AddAsync(Record($"r{i}", "k" + (i % 1000)), default);
            var summary = await writer.CompleteAsync(default);

            var puts = kinesis.PutCalls;
            Assert.Equal(new[] { 500, 500, 201 }, puts.Select(p => p.Count));
            Assert.Equal(1201, summary.Records);
            Assert.Equal(3, summary.Batches);
            foreach (var request in kinesis.Handler.Requests.Where(r => r.Headers["X-Amz-Target"].EndsWith(".PutRecords")))
                Validator.AssertValid("PutRecords", request);
        }

        [Fact]
        public async Task Batches_break_at_the_request_byte_limit_counting_partition_keys()
        {
            var kinesis = new ScriptedKinesis();
            var writer = await OpenAsync(kinesis, o => { o.MaxInFlight = 1; o.Linger = TimeSpan.FromSeconds(30); });
            // 400 KiB of data plus a 10-byte key: 12 fit in 5 MiB (5,038,200 bytes), 13 do not.
            var data = new byte[400 * 1024];
            for (int i = 0; i < 30; i++) await writer.AddAsync(new OutgoingRecord(data, "key-" + i.ToString("000000")), default);
            await writer.CompleteAsync(default);

            Assert.Equal(new[] { 12, 12, 6 }, kinesis.PutCalls.Select(p => p.Count));
            foreach (var call in kinesis.PutCalls)
                Assert.True(call.Sum(e => e.Data.Length + Encoding.UTF8.GetByteCount(e.Key)) <= RecordRules.ClassicMaxRequestBytes);
        }

        [Fact]
        public async Task A_stream_with_a_larger_record_size_gets_the_larger_request_limit()
        {
            var kinesis = new ScriptedKinesis { MaxRecordSizeInKiB = 10240 };
            var writer = await OpenAsync(kinesis, o => o.MaxInFlight = 1);
            Assert.Equal(10 * 1024 * 1024, writer.MaxRecordBytes);
            Assert.Equal(RecordRules.LargeMaxRequestBytes, writer.MaxRequestBytes);
            await writer.AddAsync(new OutgoingRecord(new byte[3 * 1024 * 1024], "big"), default);
            await writer.CompleteAsync(default);
            Assert.Single(kinesis.PutCalls);
        }

        [Fact]
        public async Task The_partition_key_counts_toward_the_record_size()
        {
            var kinesis = new ScriptedKinesis();
            var writer = await OpenAsync(kinesis);
            var fits = new OutgoingRecord(new byte[RecordRules.DefaultMaxRecordBytes - 3], "abc", source: "fits");
            var over = new OutgoingRecord(new byte[RecordRules.DefaultMaxRecordBytes - 2], "abc", source: "over");
            Assert.True(writer.TryAdd(fits));
            var e = Assert.Throws<AlonzoValidationException>(() => writer.TryAdd(over));
            Assert.Equal("RecordTooLarge", e.ErrorId);
            Assert.Equal("over", e.Value);
            var summary = await writer.CompleteAsync(default);
            Assert.Equal(1, summary.Records);
            Assert.Equal(1, summary.Failed);
            Assert.Single(kinesis.PutCalls.SelectMany(c => c));
        }

        [Fact]
        public void Bad_keys_are_refused_before_any_call()
        {
            var kinesis = new ScriptedKinesis();
            var writer = new RecordWriter(TestSessions.Context(kinesis.Handler), new RecordWriterOptions { StreamName = "alonzo" });
            var tooLong = Assert.Throws<AlonzoValidationException>(() => writer.Check(new OutgoingRecord(new byte[1], new string('k', 257), source: "input")));
            Assert.Equal("InvalidPartitionKey", tooLong.ErrorId);
            Assert.Equal("input", tooLong.Value);
            Assert.Equal("InvalidPartitionKey", Assert.Throws<AlonzoValidationException>(() => writer.Check(new OutgoingRecord(new byte[1], ""))).ErrorId);
            Assert.Equal("InvalidExplicitHashKey", Assert.Throws<AlonzoValidationException>(() => writer.Check(new OutgoingRecord(new byte[1], "k", "12a"))).ErrorId);
            Assert.Equal("RecordTooLarge", Assert.Throws<AlonzoValidationException>(() => writer.Check(new OutgoingRecord(new byte[RecordRules.DataMax + 1], null))).ErrorId);
            writer.Check(new OutgoingRecord(Array.Empty<byte>(), new string('k', 256))); // empty data is allowed
            Assert.Empty(kinesis.Handler.Requests);
            Assert.Equal(4, writer.Summary().Failed);
        }

        [Fact]
        public async Task Only_the_failed_entries_are_sent_again()
        {
            var kinesis = new ScriptedKinesis();
            kinesis.FailIndices.Enqueue(new[] { 1, 3 });
            var writer = await OpenAsync(kinesis, o => { o.MaxInFlight = 1; o.Linger = TimeSpan.FromSeconds(30); });
            for (int i = 0; i < 5; i++) await writer.AddAsync(Record("r" + i, "k" + i), default);
            var summary = await writer.CompleteAsync(default);

            Assert.Equal(2, kinesis.PutCalls.Count);
            Assert.Equal(new[] { "r0", "r1", "r2", "r3", "r4" }, kinesis.PutCalls[0].Select(e => e.Text));
            Assert.Equal(new[] { "r1", "r3" }, kinesis.PutCalls[1].Select(e => e.Text));
            Assert.Equal(5, summary.Records);
            Assert.Equal(2, summary.Retried);
            Assert.Equal(0, summary.Failed);
            Assert.Equal(new[] { "r0", "r2", "r4", "r1", "r3" }, kinesis.Accepted.Select(e => e.Text));
        }

        [Fact]
        public async Task Order_per_key_survives_random_partial_failures_and_nothing_is_lost()
        {
            var kinesis = new ScriptedKinesis { FailShare = 0.3, Seed = 7 };
            var writer = await OpenAsync(kinesis, o => { o.MaxInFlight = 4; o.MaxAttempts = 50; });
            var keys = new[] { "a", "b", "c", "d", "e", "f", "g" };
            var expected = keys.ToDictionary(k => k, k => new List<string>());
            for (int i = 0; i < 3000; i++)
            {
                var key = keys[(i * 31 + i / 7) % keys.Length];
                expected[key].Add($"{key}-{i}");
                await writer.AddAsync(Record($"{key}-{i}", key), default);
            }
            // Records with generated keys are unordered by design and must not hold up the keyed ones.
            for (int i = 0; i < 1000; i++) await writer.AddAsync(Record("free-" + i, null), default);
            var summary = await writer.CompleteAsync(default);

            Assert.Equal(4000, summary.Records);
            Assert.Equal(0, summary.Failed);
            Assert.True(summary.Retried > 500, $"the scripted failures should have forced retries ({summary.Retried})");
            foreach (var key in keys)
                Assert.Equal(expected[key], kinesis.Accepted.Where(e => e.Key == key).Select(e => e.Text).ToList());
            Assert.Equal(1000, kinesis.Accepted.Count(e => e.Text.StartsWith("free-")));
            Assert.Equal(4000, kinesis.Accepted.Select(e => e.Text).Distinct().Count());
        }

        [Fact]
        public async Task Without_key_order_the_same_failures_do_reorder_records()
        {
            // The guarantee above is the writer's doing: plain batching under the same failures breaks it.
            var kinesis = new ScriptedKinesis { FailShare = 0.3, Seed = 7 };
            var writer = await OpenAsync(kinesis, o => { o.MaxInFlight = 4; o.MaxAttempts = 50; o.PreserveKeyOrder = false; });
            for (int i = 0; i < 3000; i++) await writer.AddAsync(Record($"a-{i}", "a"), default);
            var summary = await writer.CompleteAsync(default);
            Assert.Equal(3000, summary.Records);
            var order = kinesis.Accepted.Select(e => int.Parse(e.Text.Substring(2))).ToList();
            Assert.NotEqual(order.OrderBy(n => n).ToList(), order);
        }

        [Fact]
        public async Task Records_still_failing_after_the_budget_are_reported_with_their_source()
        {
            var kinesis = new ScriptedKinesis { AlwaysFail = text => text == "poison" };
            var writer = await OpenAsync(kinesis, o => o.MaxAttempts = 4);
            var source = new object();
            for (int i = 0; i < 10; i++) await writer.AddAsync(Record("ok" + i, "k" + i), default);
            await writer.AddAsync(new OutgoingRecord(Encoding.UTF8.GetBytes("poison"), "p", source: source), default);
            var summary = await writer.CompleteAsync(default);

            Assert.True(writer.TryGetFailure(out var failure));
            Assert.False(writer.TryGetFailure(out _));
            Assert.Same(source, failure.Record.Source);
            Assert.Equal(4, failure.Record.Attempts);
            var error = Assert.IsType<AlonzoOperationException>(failure.Error);
            Assert.Equal("RecordNotWritten", error.ErrorId);
            Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
            Assert.Contains("ProvisionedThroughputExceededException", error.Message);
            Assert.Equal(10, summary.Records);
            Assert.Equal(1, summary.Failed);
            Assert.Equal(4, kinesis.PutCalls.SelectMany(c => c).Count(e => e.Text == "poison"));
        }

        [Fact]
        public async Task Entry_errors_that_retrying_cannot_fix_are_reported_at_once()
        {
            var kinesis = new ScriptedKinesis { AlwaysFail = text => text == "denied", FailCode = "KMSAccessDeniedException" };
            var writer = await OpenAsync(kinesis);
            await writer.AddAsync(Record("denied", "k"), default);
            await writer.AddAsync(Record("fine", "k2"), default);
            var summary = await writer.CompleteAsync(default);
            Assert.True(writer.TryGetFailure(out var failure));
            Assert.Equal(1, failure.Record.Attempts);
            Assert.Equal(1, summary.Failed);
            Assert.Equal(1, summary.Records);
        }

        [Fact]
        public async Task A_full_queue_refuses_more_until_calls_complete()
        {
            var gate = new SemaphoreSlim(0);
            var kinesis = new ScriptedKinesis { Gate = gate };
            var writer = await OpenAsync(kinesis, o => { o.MaxInFlight = 2; o.QueueCapacity = 1000; });
            int accepted = 0;
            int Blocked() => kinesis.Handler.Requests.Count(r => r.Headers["X-Amz-Target"].EndsWith(".PutRecords", StringComparison.Ordinal));
            // Fill the queue until both calls the writer may have in flight are out (and held by the gate); the
            // bound is only there so a writer that never sends fails instead of hanging.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Blocked() < 2 && DateTime.UtcNow < deadline)
            {
                while (writer.TryAdd(Record("r" + accepted, "k" + accepted))) accepted++;
                await Task.Delay(10);
            }
            while (writer.TryAdd(Record("r" + accepted, "k" + accepted))) accepted++;
            // Two full batches in flight (blocked) plus a full queue; then no more.
            Assert.Equal(2, Blocked());
            Assert.Equal(2000, accepted);
            Assert.False(writer.TryAdd(Record("refused", "refused")));
            var adding = writer.AddAsync(Record("late", "late"), default);
            await Task.Delay(100); // a slower machine only makes it likelier still to be waiting
            Assert.False(adding.IsCompleted);
            gate.Release(1000);
            await adding;
            var summary = await writer.CompleteAsync(default);
            Assert.Equal(accepted + 1, summary.Records);
        }

        [Fact]
        public async Task Written_records_are_released_so_memory_does_not_grow_with_the_input()
        {
            var kinesis = new ScriptedKinesis();
            var writer = await OpenAsync(kinesis, o => o.MaxInFlight = 2);
            var sources = Feed(writer, 3000);
            var summary = await writer.CompleteAsync(default);

            Assert.Equal(3000, summary.Records);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            // The writer is still alive, but none of the input objects it was given.
            Assert.Equal(0, sources.Count(s => s.IsAlive));
            GC.KeepAlive(writer);
        }

        // Not async and not inlined, so no local or state machine field of the test holds an input object.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static List<WeakReference> Feed(RecordWriter writer, int count)
        {
            var sources = new List<WeakReference>(count);
            for (int i = 0; i < count; i++)
            {
                var source = new object[] { "input " + i };
                sources.Add(new WeakReference(source));
                var record = new OutgoingRecord(Encoding.UTF8.GetBytes("r" + i), "k" + (i % 100), source: source);
                if (!writer.TryAdd(record)) writer.AddAsync(record, default).GetAwaiter().GetResult();
            }
            return sources;
        }

        [Fact]
        public async Task A_missing_stream_stops_the_writer_and_reports_every_queued_record()
        {
            var kinesis = new ScriptedKinesis();
            var writer = await OpenAsync(kinesis, o => o.MaxInFlight = 1);
            kinesis.StreamGone = true;
            for (int i = 0; i < 20; i++) await writer.AddAsync(Record("r" + i, "k" + i), default);
            await Assert.ThrowsAsync<Alonzo.Aws.Runtime.AwsResourceNotFoundException>(() => writer.CompleteAsync(default));
            int failures = 0;
            while (writer.TryGetFailure(out var f))
            {
                failures++;
                Assert.Equal("RecordNotWritten", ((AlonzoOperationException)f.Error).ErrorId);
            }
            Assert.Equal(20, failures);
        }

        [Fact]
        public async Task Opening_a_missing_stream_fails_with_StreamNotFound()
        {
            var kinesis = new ScriptedKinesis { StreamGone = true };
            var writer = new RecordWriter(TestSessions.Context(kinesis.Handler), new RecordWriterOptions { StreamName = "alonzo" });
            var e = await Assert.ThrowsAsync<AlonzoOperationException>(() => writer.OpenAsync(TimeSpan.FromSeconds(1), null, default));
            Assert.Equal("StreamNotFound", e.ErrorId);
            Assert.Single(kinesis.Handler.Requests);
        }

        [Fact]
        public async Task A_slow_trickle_is_sent_after_the_linger_time_without_waiting_for_a_full_batch()
        {
            var kinesis = new ScriptedKinesis();
            var writer = await OpenAsync(kinesis, o => o.Linger = TimeSpan.FromMilliseconds(20));
            await writer.AddAsync(Record("one", "k"), default);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (kinesis.Accepted.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Single(kinesis.Accepted);
            await writer.CompleteAsync(default);
        }

        [Theory]
        [InlineData(1, 4, new[] { 2, 4 })]
        [InlineData(8, 1, new[] { 4, 2, 1 })]
        [InlineData(3, 10, new[] { 6, 10 })]
        [InlineData(5, 1, new[] { 3, 2, 1 })]
        [InlineData(4, 3, new[] { 3 })]
        [InlineData(4, 4, new int[0])]
        public void Shard_counts_change_at_most_double_or_half_per_call(int from, int to, int[] steps)
        {
            Assert.Equal(steps, StreamOperations.ScalingSteps(from, to));
            int current = from;
            foreach (var n in steps)
            {
                Assert.True(n <= 2 * current && n * 2 >= current, $"{current} -> {n}");
                current = n;
            }
        }

        private static OutgoingRecord Record(string text, string key) => new OutgoingRecord(Encoding.UTF8.GetBytes(text), key, source: text);

        private static async Task<RecordWriter> OpenAsync(ScriptedKinesis kinesis, Action<RecordWriterOptions> configure = null)
        {
            var options = new RecordWriterOptions
            {
                StreamName = "alonzo",
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                MaxRetryDelay = TimeSpan.FromMilliseconds(5),
                Linger = TimeSpan.FromMilliseconds(5),
            };
            configure?.Invoke(options);
            var writer = new RecordWriter(TestSessions.Context(kinesis.Handler), options);
            await writer.OpenAsync(TimeSpan.FromSeconds(5), null, default);
            return writer;
        }

        private static bool Accepts(Action check)
        {
            try { check(); return true; }
            catch (AlonzoValidationException) { return false; }
        }

        /// <summary>A Kinesis endpoint that answers DescribeStreamSummary and PutRecords, failing entries as told.</summary>
        private sealed class ScriptedKinesis
        {
            private readonly object _lock = new object();
            private Random _random;

            public ScriptedKinesis()
            {
                Handler = new RecordingHttpHandler(Respond);
            }

            public RecordingHttpHandler Handler { get; }
            public int? MaxRecordSizeInKiB { get; set; }
            public double FailShare { get; set; }
            public int Seed { get; set; }
            public Func<string, bool> AlwaysFail { get; set; }
            public string FailCode { get; set; } = "ProvisionedThroughputExceededException";
            public Queue<int[]> FailIndices { get; } = new Queue<int[]>();
            public SemaphoreSlim Gate { get; set; }
            public bool StreamGone { get; set; }
            public List<List<Entry>> PutCalls { get; } = new List<List<Entry>>();
            /// <summary>Entries accepted, in the order a shard would have stored them.</summary>
            public List<Entry> Accepted { get; } = new List<Entry>();

            public sealed class Entry
            {
                public string Key;
                public byte[] Data;
                public string Text => Encoding.UTF8.GetString(Data);
            }

            private HttpResponseMessage Respond(CapturedRequest request)
            {
                string target = request.Headers["X-Amz-Target"];
                if (StreamGone)
                    return Json(@"{""__type"":""ResourceNotFoundException"",""message"":""Stream alonzo under account 123456789012 not found.""}", HttpStatusCode.BadRequest);
                if (target.EndsWith(".DescribeStreamSummary"))
                    return Json(@"{""StreamDescriptionSummary"":{""StreamName"":""alonzo"",""StreamARN"":""arn:aws:kinesis:us-east-1:123456789012:stream/alonzo"",""StreamStatus"":""ACTIVE"",""RetentionPeriodHours"":24,""StreamCreationTimestamp"":1767323045,""EnhancedMonitoring"":[],""OpenShardCount"":2" +
                                (MaxRecordSizeInKiB.HasValue ? @",""MaxRecordSizeInKiB"":" + MaxRecordSizeInKiB : "") + "}}");
                Gate?.Wait();
                using var doc = JsonDocument.Parse(request.Body);
                var entries = doc.RootElement.GetProperty("Records").EnumerateArray()
                    .Select(e => new Entry { Key = e.GetProperty("PartitionKey").GetString(), Data = e.GetProperty("Data").GetBytesFromBase64() }).ToList();
                var results = new List<string>();
                int failed = 0;
                lock (_lock)
                {
                    PutCalls.Add(entries);
                    var fail = new HashSet<int>(FailIndices.Count > 0 ? FailIndices.Dequeue() : Array.Empty<int>());
                    _random ??= new Random(Seed);
                    for (int i = 0; i < entries.Count; i++)
                    {
                        bool fails = fail.Contains(i) || (FailShare > 0 && _random.NextDouble() < FailShare) || (AlwaysFail?.Invoke(entries[i].Text) ?? false);
                        if (fails)
                        {
                            failed++;
                            results.Add($@"{{""ErrorCode"":""{FailCode}"",""ErrorMessage"":""Rate exceeded for shard shardId-000000000000 in stream alonzo.""}}");
                        }
                        else
                        {
                            Accepted.Add(entries[i]);
                            results.Add($@"{{""SequenceNumber"":""{Accepted.Count}"",""ShardId"":""shardId-000000000000""}}");
                        }
                    }
                }
                return Json($@"{{""FailedRecordCount"":{failed},""Records"":[{string.Join(",", results)}]}}");
            }

            private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
                new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.1") };
        }
    }
}
