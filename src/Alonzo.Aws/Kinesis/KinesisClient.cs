using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;

namespace Alonzo.Aws.Kinesis
{
    /// <summary>Kinesis over the JSON 1.1 protocol (target prefix Kinesis_20131202).</summary>
    public sealed class KinesisClient : JsonRpcClient, IKinesisClient
    {
        public KinesisClient(AwsTransport transport) : base(transport, "Kinesis_20131202", "1.1")
        {
        }

        public Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<CreateStreamRequest, EmptyResponse>("CreateStream", request, true, cancellationToken);

        public async Task<StreamDescriptionSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken)
        {
            var reply = await InvokeAsync<StreamRequest, DescribeStreamSummaryResponse>("DescribeStreamSummary",
                new StreamRequest { StreamName = streamName }, false, cancellationToken).ConfigureAwait(false);
            return reply.StreamDescriptionSummary;
        }

        public Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<ListStreamsRequest, ListStreamsResponse>("ListStreams", request, false, cancellationToken);

        public Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<DeleteStreamRequest, EmptyResponse>("DeleteStream", request, true, cancellationToken);

        public Task IncreaseStreamRetentionPeriodAsync(string streamName, int hours, CancellationToken cancellationToken) =>
            InvokeAsync<RetentionPeriodRequest, EmptyResponse>("IncreaseStreamRetentionPeriod",
                new RetentionPeriodRequest { StreamName = streamName, RetentionPeriodHours = hours }, true, cancellationToken);

        public Task DecreaseStreamRetentionPeriodAsync(string streamName, int hours, CancellationToken cancellationToken) =>
            InvokeAsync<RetentionPeriodRequest, EmptyResponse>("DecreaseStreamRetentionPeriod",
                new RetentionPeriodRequest { StreamName = streamName, RetentionPeriodHours = hours }, true, cancellationToken);

        public Task AddTagsToStreamAsync(AddTagsToStreamRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<AddTagsToStreamRequest, EmptyResponse>("AddTagsToStream", request, true, cancellationToken);

        public Task<ListTagsForStreamResponse> ListTagsForStreamAsync(ListTagsForStreamRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<ListTagsForStreamRequest, ListTagsForStreamResponse>("ListTagsForStream", request, false, cancellationToken);

        public Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<UpdateShardCountRequest, UpdateShardCountResponse>("UpdateShardCount", request, true, cancellationToken);

        public Task UpdateStreamModeAsync(UpdateStreamModeRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<UpdateStreamModeRequest, EmptyResponse>("UpdateStreamMode", request, true, cancellationToken);

        public Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<SplitShardRequest, EmptyResponse>("SplitShard", request, true, cancellationToken);

        public Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<MergeShardsRequest, EmptyResponse>("MergeShards", request, true, cancellationToken);

        public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<PutRecordsRequest, PutRecordsResponse>("PutRecords", request, true, cancellationToken);

        public Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<ListShardsRequest, ListShardsResponse>("ListShards", request, false, cancellationToken);

        public Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<GetShardIteratorRequest, GetShardIteratorResponse>("GetShardIterator", request, false, cancellationToken);

        public Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<GetRecordsRequest, GetRecordsResponse>("GetRecords", request, false, cancellationToken);
    }
}
