using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;

namespace Alonzo.Aws.Logs
{
    /// <summary>CloudWatch Logs over the JSON 1.1 protocol (target prefix Logs_20140328).</summary>
    public sealed class LogsClient : JsonRpcClient, ILogsClient
    {
        public LogsClient(AwsTransport transport) : base(transport, "Logs_20140328", "1.1")
        {
        }

        public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<FilterLogEventsRequest, FilterLogEventsResponse>("FilterLogEvents", request, false, cancellationToken);

        public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", request, false, cancellationToken);

        public Task<DescribeLogStreamsResponse> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<DescribeLogStreamsRequest, DescribeLogStreamsResponse>("DescribeLogStreams", request, false, cancellationToken);

        public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<DescribeLogGroupsRequest, DescribeLogGroupsResponse>("DescribeLogGroups", request, false, cancellationToken);

        public Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<CreateLogGroupRequest, NoContent>("CreateLogGroup", request, true, cancellationToken);

        public Task CreateLogStreamAsync(CreateLogStreamRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<CreateLogStreamRequest, NoContent>("CreateLogStream", request, true, cancellationToken);

        public Task<PutLogEventsResponse> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<PutLogEventsRequest, PutLogEventsResponse>("PutLogEvents", request, true, cancellationToken);

        public Task DeleteLogGroupAsync(DeleteLogGroupRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<DeleteLogGroupRequest, NoContent>("DeleteLogGroup", request, true, cancellationToken);

        private sealed class NoContent
        {
        }
    }
}
