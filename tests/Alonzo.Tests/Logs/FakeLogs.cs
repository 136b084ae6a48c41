using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Logs;
using Alonzo.Aws.Runtime;

namespace Alonzo.Tests.Logs
{
    /// <summary>
    /// An in-memory log group behind ILogsClient: FilterLogEvents merges the streams by time, pages by
    /// PageSize (or the request's limit) with an index as the token, and records every request.
    /// Script overrides single answers to reproduce the service's odd pages.
    /// </summary>
    internal sealed class FakeLogs : ILogsClient
    {
        private readonly object _gate = new object();
        private readonly List<FilteredLogEvent> _events = new List<FilteredLogEvent>();
        private int _nextId;

        public FakeLogs(string group = "/aws/lambda/fn") { Groups.Add(group); }

        public HashSet<string> Groups { get; } = new HashSet<string>(StringComparer.Ordinal);
        public int PageSize { get; set; } = 10000;
        public List<FilterLogEventsRequest> Requests { get; } = new List<FilterLogEventsRequest>();
        /// <summary>Answers by call number (1-based) instead of the group's events.</summary>
        public Dictionary<int, Func<FilterLogEventsRequest, FilterLogEventsResponse>> Script { get; } = new Dictionary<int, Func<FilterLogEventsRequest, FilterLogEventsResponse>>();

        public FilteredLogEvent Add(string stream, long timestamp, string message)
        {
            lock (_gate)
            {
                var e = new FilteredLogEvent { LogStreamName = stream, Timestamp = timestamp, Message = message, IngestionTime = timestamp + 100, EventId = (_nextId++).ToString(CultureInfo.InvariantCulture) };
                _events.Add(e);
                return e;
            }
        }

        public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken)
        {
            int call;
            lock (_gate)
            {
                Requests.Add(request);
                call = Requests.Count;
            }
            if (Script.TryGetValue(call, out var scripted)) return Task.FromResult(scripted(request));
            if (!Groups.Contains(request.LogGroupName))
                throw new AwsResourceNotFoundException("CloudWatch Logs", "FilterLogEvents", "ResourceNotFoundException", "The specified log group does not exist.", "req-1", System.Net.HttpStatusCode.BadRequest);

            List<FilteredLogEvent> matching;
            lock (_gate)
            {
                matching = _events
                    .Where(e => (request.StartTime == null || e.Timestamp >= request.StartTime) && (request.EndTime == null || e.Timestamp <= request.EndTime))
                    .Where(e => string.IsNullOrEmpty(request.FilterPattern) || request.FilterPattern.StartsWith("?", StringComparison.Ordinal) || e.Message.Contains(request.FilterPattern))
                    .OrderBy(e => e.Timestamp).ToList();
            }
            int first = request.NextToken == null ? 0 : int.Parse(request.NextToken, CultureInfo.InvariantCulture);
            int size = request.Limit ?? PageSize;
            var page = matching.Skip(first).Take(size).ToList();
            return Task.FromResult(new FilterLogEventsResponse
            {
                Events = page,
                NextToken = first + size < matching.Count ? (first + size).ToString(CultureInfo.InvariantCulture) : null,
            });
        }

        public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<DescribeLogStreamsResponse> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task CreateLogStreamAsync(CreateLogStreamRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<PutLogEventsResponse> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task DeleteLogGroupAsync(DeleteLogGroupRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
