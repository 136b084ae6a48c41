using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Logs
{
    /// <summary>The CloudWatch Logs operations Alonzo uses. An AWSSDK.CloudWatchLogs adapter could implement this later.</summary>
    public interface ILogsClient
    {
        Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken);
        Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken);
        Task<DescribeLogStreamsResponse> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken);
        Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken);
        Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken);
        Task CreateLogStreamAsync(CreateLogStreamRequest request, CancellationToken cancellationToken);
        Task<PutLogEventsResponse> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken);
        Task DeleteLogGroupAsync(DeleteLogGroupRequest request, CancellationToken cancellationToken);
    }
}
