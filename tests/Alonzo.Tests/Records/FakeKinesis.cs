using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Runtime;
using Record = Alonzo.Aws.Kinesis.Record;

namespace Alonzo.Tests.Records
{
    /// <summary>Shards in memory; iterators are "shard|position"; closed shards end with a null NextShardIterator.</summary>
    internal sealed class FakeKinesis : IKinesisClient
    {
        private readonly List<Shard> _shards = new List<Shard>();
        private readonly Dictionary<string, List<Record>> _records = new Dictionary<string, List<Record>>();
        private readonly HashSet<string> _closed = new HashSet<string>();
        private bool _expired;

        public string ExpireOnce { get; set; }

        /// <summary>A context whose Kinesis client is this stream (every other service is unreachable).</summary>
        public Alonzo.Sessions.AlonzoContext Context()
        {
            var context = TestSessions.Context(new ServiceModels.RecordingHttpHandler());
            context.Kinesis = this;
            return context;
        }
        public List<GetShardIteratorRequest> IteratorRequests { get; } = new List<GetShardIteratorRequest>();

        public void AddShard(string id, string parent, string adjacent, bool closed, params string[] texts)
        {
            _shards.Add(new Shard
            {
                ShardId = id, ParentShardId = parent, AdjacentParentShardId = adjacent,
                HashKeyRange = new HashKeyRange { StartingHashKey = "0", EndingHashKey = "1" },
                SequenceNumberRange = new SequenceNumberRange { StartingSequenceNumber = "1", EndingSequenceNumber = closed ? "999" : null },
            });
            _records[id] = new List<Record>();
            if (closed) _closed.Add(id);
            foreach (var t in texts) Append(id, t);
        }

        public void Append(string shard, string text)
        {
            lock (_records)
            {
                var list = _records[shard];
                list.Add(new Record { SequenceNumber = (list.Count + 1).ToString(), PartitionKey = text.Split(':')[0], Data = Encoding.UTF8.GetBytes(text), ApproximateArrivalTimestamp = DateTime.UtcNow });
            }
        }

        public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new ListShardsResponse { Shards = _shards.ToList() });

        public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken)
        {
            lock (IteratorRequests) IteratorRequests.Add(request);
            int position = request.ShardIteratorType switch
            {
                "TRIM_HORIZON" => 0,
                "AFTER_SEQUENCE_NUMBER" => int.Parse(request.StartingSequenceNumber),
                "LATEST" => _records[request.ShardId].Count,
                _ => throw new NotSupportedException(request.ShardIteratorType),
            };
            return Task.FromResult(new GetShardIteratorResponse { ShardIterator = request.ShardId + "|" + position });
        }

        public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken)
        {
            var parts = request.ShardIterator.Split('|');
            string shard = parts[0];
            int position = int.Parse(parts[1]);
            if (shard == ExpireOnce && position > 0 && !_expired)
            {
                _expired = true;
                throw new AwsServiceException("Kinesis", "GetRecords", "ExpiredIteratorException", "Iterator expired.", "r", HttpStatusCode.BadRequest);
            }
            lock (_records)
            {
                var list = _records[shard];
                var page = list.Skip(position).Take(request.Limit ?? 10000).ToList();
                int next = position + page.Count;
                bool end = _closed.Contains(shard) && next >= list.Count && page.Count == 0;
                return Task.FromResult(new GetRecordsResponse { Records = page, NextShardIterator = end ? null : shard + "|" + next, MillisBehindLatest = 0 });
            }
        }

        public Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<StreamDescriptionSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken) =>
            Task.FromResult(new StreamDescriptionSummary { StreamName = streamName, StreamARN = "arn:aws:kinesis:us-east-1:123456789012:stream/" + streamName, StreamStatus = "ACTIVE", OpenShardCount = _shards.Count });
        public Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task IncreaseStreamRetentionPeriodAsync(string streamName, int hours, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DecreaseStreamRetentionPeriodAsync(string streamName, int hours, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task AddTagsToStreamAsync(AddTagsToStreamRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ListTagsForStreamResponse> ListTagsForStreamAsync(ListTagsForStreamRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task UpdateStreamModeAsync(UpdateStreamModeRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
