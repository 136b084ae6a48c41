using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Kinesis
{
    /// <summary>The Kinesis operations Alonzo uses. An AWSSDK.Kinesis adapter could implement this later.</summary>
    public interface IKinesisClient
    {
        Task CreateStreamAsync(CreateStreamRequest request, CancellationToken cancellationToken);
        Task<StreamDescriptionSummary> DescribeStreamSummaryAsync(string streamName, CancellationToken cancellationToken);
        Task<ListStreamsResponse> ListStreamsAsync(ListStreamsRequest request, CancellationToken cancellationToken);
        Task DeleteStreamAsync(DeleteStreamRequest request, CancellationToken cancellationToken);
        Task IncreaseStreamRetentionPeriodAsync(string streamName, int hours, CancellationToken cancellationToken);
        Task DecreaseStreamRetentionPeriodAsync(string streamName, int hours, CancellationToken cancellationToken);
        Task AddTagsToStreamAsync(AddTagsToStreamRequest request, CancellationToken cancellationToken);
        Task<ListTagsForStreamResponse> ListTagsForStreamAsync(ListTagsForStreamRequest request, CancellationToken cancellationToken);
        Task<UpdateShardCountResponse> UpdateShardCountAsync(UpdateShardCountRequest request, CancellationToken cancellationToken);
        Task UpdateStreamModeAsync(UpdateStreamModeRequest request, CancellationToken cancellationToken);
        Task SplitShardAsync(SplitShardRequest request, CancellationToken cancellationToken);
        Task MergeShardsAsync(MergeShardsRequest request, CancellationToken cancellationToken);
        Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken);
        Task<ListShardsResponse> ListShardsAsync(ListShardsRequest request, CancellationToken cancellationToken);
        Task<GetShardIteratorResponse> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken);
        Task<GetRecordsResponse> GetRecordsAsync(GetRecordsRequest request, CancellationToken cancellationToken);
    }
}
