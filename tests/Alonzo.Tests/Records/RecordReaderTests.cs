using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Records;
using Xunit;

namespace Alonzo.Tests.Records
{
    /// <summary>The shard reader against an in-memory stream that was resharded: parents first, expired iterators renewed.</summary>
    // One collection: the writer tests block pool threads on purpose, which would slow the reader's timing checks.
    [Collection("Records")]
    public sealed class RecordReaderTests
    {
        [Fact]
        public async Task Children_are_read_only_after_their_parents_are_exhausted()
        {
            var kinesis = new FakeKinesis();
            // shard 0 was split into 1 and 2; 1 and 2 were merged into 3.
            kinesis.AddShard("shardId-000000000000", null, null, closed: true, "k:1", "k:2", "k:3", "x:1");
            kinesis.AddShard("shardId-000000000001", "shardId-000000000000", null, closed: true, "k:4", "k:5");
            kinesis.AddShard("shardId-000000000002", "shardId-000000000000", null, closed: true, "x:2", "x:3", "x:4");
            kinesis.AddShard("shardId-000000000003", "shardId-000000000001", "shardId-000000000002", closed: false, "k:6", "x:5", "k:7");
            kinesis.ExpireOnce = "shardId-000000000002";

            var records = await ReadAllAsync(kinesis, new RecordReaderOptions { StreamName = "alonzo", Limit = 2 });

            Assert.Equal(new[] { "k:1", "k:2", "k:3", "k:4", "k:5", "k:6", "k:7" }, records.Where(r => r.PartitionKey == "k").Select(r => r.Text));
            Assert.Equal(new[] { "x:1", "x:2", "x:3", "x:4", "x:5" }, records.Where(r => r.PartitionKey == "x").Select(r => r.Text));
            int LastOf(string shard) => records.FindLastIndex(r => r.ShardId == shard);
            int FirstOf(string shard) => records.FindIndex(r => r.ShardId == shard);
            Assert.True(LastOf("shardId-000000000000") < FirstOf("shardId-000000000001"));
            Assert.True(LastOf("shardId-000000000000") < FirstOf("shardId-000000000002"));
            Assert.True(LastOf("shardId-000000000001") < FirstOf("shardId-000000000003"));
            Assert.True(LastOf("shardId-000000000002") < FirstOf("shardId-000000000003"));
            Assert.Equal(12, records.Count);
            // The expired iterator was replaced by one after the last record read, not from the start.
            Assert.Contains(kinesis.IteratorRequests, r => r.ShardId == "shardId-000000000002" && r.ShardIteratorType == "AFTER_SEQUENCE_NUMBER" && r.StartingSequenceNumber == "2");
            Assert.All(records, r => Assert.Equal(Encoding.UTF8.GetString(r.Data), r.Text));
        }

        [Fact]
        public async Task Only_the_named_shards_are_read()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: true, "a");
            kinesis.AddShard("shardId-000000000001", "shardId-000000000000", null, closed: false, "b");
            var records = await ReadAllAsync(kinesis, new RecordReaderOptions { StreamName = "alonzo", ShardIds = new[] { "shardId-000000000001" } });
            Assert.Equal(new[] { "b" }, records.Select(r => r.Text));
        }

        [Fact]
        public async Task Follow_keeps_polling_until_stopped_and_stops_promptly()
        {
            var kinesis = new FakeKinesis();
            kinesis.AddShard("shardId-000000000000", null, null, closed: false, "a");
            var reader = new RecordReader(Context(kinesis), new RecordReaderOptions { StreamName = "alonzo", Follow = true, MinCallInterval = TimeSpan.Zero, IdlePollInterval = TimeSpan.FromMilliseconds(20) });
            using var cts = new CancellationTokenSource();
            await reader.StartAsync(cts.Token);
            Assert.Equal("a", (await reader.ReadBatchAsync(cts.Token)).Single().Text);
            kinesis.Append("shardId-000000000000", "b");
            Assert.Equal("b", (await reader.ReadBatchAsync(cts.Token)).Single().Text);
            var pending = reader.ReadBatchAsync(cts.Token);
            await Task.Delay(100);
            Assert.False(pending.IsCompleted);
            cts.Cancel();
            // Following never ends by itself, so the read ending at all (the bound is only there so a broken
            // stop fails instead of hanging) shows the cancellation ended it.
            Assert.Same(pending, await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(60))));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        }

        [Fact]
        public void Text_is_null_unless_the_data_is_UTF8()
        {
            Assert.Equal("héllo", RecordReader.TryDecode(Encoding.UTF8.GetBytes("héllo")));
            Assert.Equal("", RecordReader.TryDecode(Array.Empty<byte>()));
            Assert.Null(RecordReader.TryDecode(new byte[] { 0xff, 0xfe, 0x00 }));
        }

        private static Alonzo.Sessions.AlonzoContext Context(FakeKinesis kinesis) => kinesis.Context();

        private static async Task<List<AlonzoRecord>> ReadAllAsync(FakeKinesis kinesis, RecordReaderOptions options)
        {
            options.MinCallInterval = TimeSpan.Zero;
            options.IdlePollInterval = TimeSpan.FromMilliseconds(10);
            var reader = new RecordReader(Context(kinesis), options);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await reader.StartAsync(cts.Token);
            var all = new List<AlonzoRecord>();
            IReadOnlyList<AlonzoRecord> batch;
            while ((batch = await reader.ReadBatchAsync(cts.Token)) != null) all.AddRange(batch);
            return all;
        }
    }
}
