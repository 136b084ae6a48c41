using System.Collections.Generic;
using System.Text.Json.Serialization;

// Request and reply shapes of the CloudWatch Logs operations Alonzo uses, named as in the service
// model (logs 2014-03-28). This service's member names are camelCase, hence JsonPropertyName on
// every member. Its timestamps are epoch milliseconds as plain numbers (the model's Timestamp shape
// is a long), so they stay longs here rather than DateTime.
namespace Alonzo.Aws.Logs
{
    public sealed class FilterLogEventsRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("logGroupIdentifier")] public string LogGroupIdentifier { get; set; }
        [JsonPropertyName("logStreamNames")] public List<string> LogStreamNames { get; set; }
        [JsonPropertyName("logStreamNamePrefix")] public string LogStreamNamePrefix { get; set; }
        /// <summary>Epoch milliseconds, inclusive.</summary>
        [JsonPropertyName("startTime")] public long? StartTime { get; set; }
        /// <summary>Epoch milliseconds; later events are not returned.</summary>
        [JsonPropertyName("endTime")] public long? EndTime { get; set; }
        [JsonPropertyName("filterPattern")] public string FilterPattern { get; set; }
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
        /// <summary>1 to 10,000 events per page.</summary>
        [JsonPropertyName("limit")] public int? Limit { get; set; }
        /// <summary>
        /// Deprecated in the model: AWS always interleaves streams since 2019 and ignores it. Emulators
        /// (moto) still honour it and return stream after stream without it.
        /// </summary>
        [JsonPropertyName("interleaved")] public bool? Interleaved { get; set; }
        [JsonPropertyName("unmask")] public bool? Unmask { get; set; }
    }

    public sealed class FilteredLogEvent
    {
        [JsonPropertyName("logStreamName")] public string LogStreamName { get; set; }
        [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
        [JsonPropertyName("message")] public string Message { get; set; }
        [JsonPropertyName("ingestionTime")] public long IngestionTime { get; set; }
        [JsonPropertyName("eventId")] public string EventId { get; set; }
    }

    public sealed class SearchedLogStream
    {
        [JsonPropertyName("logStreamName")] public string LogStreamName { get; set; }
        [JsonPropertyName("searchedCompletely")] public bool? SearchedCompletely { get; set; }
    }

    public sealed class FilterLogEventsResponse
    {
        [JsonPropertyName("events")] public List<FilteredLogEvent> Events { get; set; } = new List<FilteredLogEvent>();
        [JsonPropertyName("searchedLogStreams")] public List<SearchedLogStream> SearchedLogStreams { get; set; }
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
    }

    public sealed class GetLogEventsRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("logGroupIdentifier")] public string LogGroupIdentifier { get; set; }
        [JsonPropertyName("logStreamName")] public string LogStreamName { get; set; }
        [JsonPropertyName("startTime")] public long? StartTime { get; set; }
        [JsonPropertyName("endTime")] public long? EndTime { get; set; }
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
        [JsonPropertyName("limit")] public int? Limit { get; set; }
        [JsonPropertyName("startFromHead")] public bool? StartFromHead { get; set; }
        [JsonPropertyName("unmask")] public bool? Unmask { get; set; }
    }

    public sealed class OutputLogEvent
    {
        [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
        [JsonPropertyName("message")] public string Message { get; set; }
        [JsonPropertyName("ingestionTime")] public long IngestionTime { get; set; }
    }

    public sealed class GetLogEventsResponse
    {
        [JsonPropertyName("events")] public List<OutputLogEvent> Events { get; set; } = new List<OutputLogEvent>();
        [JsonPropertyName("nextForwardToken")] public string NextForwardToken { get; set; }
        [JsonPropertyName("nextBackwardToken")] public string NextBackwardToken { get; set; }
    }

    public sealed class DescribeLogStreamsRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("logGroupIdentifier")] public string LogGroupIdentifier { get; set; }
        /// <summary>Cannot be combined with OrderBy LastEventTime.</summary>
        [JsonPropertyName("logStreamNamePrefix")] public string LogStreamNamePrefix { get; set; }
        /// <summary>LogStreamName (default) or LastEventTime.</summary>
        [JsonPropertyName("orderBy")] public string OrderBy { get; set; }
        [JsonPropertyName("descending")] public bool? Descending { get; set; }
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
        /// <summary>1 to 50.</summary>
        [JsonPropertyName("limit")] public int? Limit { get; set; }
    }

    public sealed class LogStream
    {
        [JsonPropertyName("logStreamName")] public string LogStreamName { get; set; }
        [JsonPropertyName("creationTime")] public long? CreationTime { get; set; }
        [JsonPropertyName("firstEventTimestamp")] public long? FirstEventTimestamp { get; set; }
        [JsonPropertyName("lastEventTimestamp")] public long? LastEventTimestamp { get; set; }
        [JsonPropertyName("lastIngestionTime")] public long? LastIngestionTime { get; set; }
        [JsonPropertyName("arn")] public string Arn { get; set; }
        [JsonPropertyName("storedBytes")] public long? StoredBytes { get; set; }
    }

    public sealed class DescribeLogStreamsResponse
    {
        [JsonPropertyName("logStreams")] public List<LogStream> LogStreams { get; set; } = new List<LogStream>();
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
    }

    public sealed class DescribeLogGroupsRequest
    {
        [JsonPropertyName("logGroupNamePrefix")] public string LogGroupNamePrefix { get; set; }
        [JsonPropertyName("logGroupNamePattern")] public string LogGroupNamePattern { get; set; }
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
        /// <summary>1 to 50.</summary>
        [JsonPropertyName("limit")] public int? Limit { get; set; }
    }

    public sealed class LogGroup
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("creationTime")] public long? CreationTime { get; set; }
        [JsonPropertyName("retentionInDays")] public int? RetentionInDays { get; set; }
        [JsonPropertyName("metricFilterCount")] public int? MetricFilterCount { get; set; }
        [JsonPropertyName("arn")] public string Arn { get; set; }
        [JsonPropertyName("logGroupArn")] public string LogGroupArn { get; set; }
        [JsonPropertyName("storedBytes")] public long? StoredBytes { get; set; }
        [JsonPropertyName("kmsKeyId")] public string KmsKeyId { get; set; }
        [JsonPropertyName("logGroupClass")] public string LogGroupClass { get; set; }
    }

    public sealed class DescribeLogGroupsResponse
    {
        [JsonPropertyName("logGroups")] public List<LogGroup> LogGroups { get; set; } = new List<LogGroup>();
        [JsonPropertyName("nextToken")] public string NextToken { get; set; }
    }

    public sealed class CreateLogGroupRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("kmsKeyId")] public string KmsKeyId { get; set; }
        [JsonPropertyName("tags")] public Dictionary<string, string> Tags { get; set; }
        /// <summary>STANDARD, INFREQUENT_ACCESS or DELIVERY.</summary>
        [JsonPropertyName("logGroupClass")] public string LogGroupClass { get; set; }
    }

    public sealed class CreateLogStreamRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("logStreamName")] public string LogStreamName { get; set; }
    }

    public sealed class InputLogEvent
    {
        /// <summary>Epoch milliseconds.</summary>
        [JsonPropertyName("timestamp")] public long Timestamp { get; set; }
        [JsonPropertyName("message")] public string Message { get; set; }
    }

    public sealed class PutLogEventsRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
        [JsonPropertyName("logStreamName")] public string LogStreamName { get; set; }
        /// <summary>1 to 10,000 events in chronological order, within 24 hours of each other.</summary>
        [JsonPropertyName("logEvents")] public List<InputLogEvent> LogEvents { get; set; } = new List<InputLogEvent>();
        /// <summary>Ignored by CloudWatch Logs since 2023; kept for endpoints that still want it.</summary>
        [JsonPropertyName("sequenceToken")] public string SequenceToken { get; set; }
    }

    public sealed class RejectedLogEventsInfo
    {
        [JsonPropertyName("tooNewLogEventStartIndex")] public int? TooNewLogEventStartIndex { get; set; }
        [JsonPropertyName("tooOldLogEventEndIndex")] public int? TooOldLogEventEndIndex { get; set; }
        [JsonPropertyName("expiredLogEventEndIndex")] public int? ExpiredLogEventEndIndex { get; set; }
    }

    public sealed class PutLogEventsResponse
    {
        [JsonPropertyName("nextSequenceToken")] public string NextSequenceToken { get; set; }
        [JsonPropertyName("rejectedLogEventsInfo")] public RejectedLogEventsInfo RejectedLogEventsInfo { get; set; }
    }

    public sealed class DeleteLogGroupRequest
    {
        [JsonPropertyName("logGroupName")] public string LogGroupName { get; set; }
    }
}
