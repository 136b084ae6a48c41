using System;
using System.Collections.Generic;

// Request and reply shapes of the Kinesis operations Alonzo uses, named exactly as in the service
// model (kinesis 2013-12-02) so they serialise to the wire names without mapping.
namespace Alonzo.Aws.Kinesis
{
    public sealed class StreamModeDetails
    {
        public string StreamMode { get; set; }
    }

    public sealed class CreateStreamRequest
    {
        public string StreamName { get; set; }
        public int? ShardCount { get; set; }
        public StreamModeDetails StreamModeDetails { get; set; }
        public Dictionary<string, string> Tags { get; set; }
    }

    public sealed class StreamRequest
    {
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
    }

    public sealed class DeleteStreamRequest
    {
        public string StreamName { get; set; }
        public bool? EnforceConsumerDeletion { get; set; }
    }

    public sealed class StreamDescriptionSummary
    {
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
        public string StreamStatus { get; set; }
        public StreamModeDetails StreamModeDetails { get; set; }
        public int RetentionPeriodHours { get; set; }
        public DateTime StreamCreationTimestamp { get; set; }
        public string EncryptionType { get; set; }
        public string KeyId { get; set; }
        public int OpenShardCount { get; set; }
        public int? ConsumerCount { get; set; }
        /// <summary>The largest record the stream accepts, in KiB (1024 to 10240); absent on older endpoints (1 MiB).</summary>
        public int? MaxRecordSizeInKiB { get; set; }
    }

    public sealed class DescribeStreamSummaryResponse
    {
        public StreamDescriptionSummary StreamDescriptionSummary { get; set; }
    }

    public sealed class ListStreamsRequest
    {
        public int? Limit { get; set; }
        public string ExclusiveStartStreamName { get; set; }
        public string NextToken { get; set; }
    }

    public sealed class StreamSummary
    {
        public string StreamName { get; set; }
        public string StreamARN { get; set; }
        public string StreamStatus { get; set; }
        public StreamModeDetails StreamModeDetails { get; set; }
        public DateTime? StreamCreationTimestamp { get; set; }
    }

    public sealed class ListStreamsResponse
    {
        public List<string> StreamNames { get; set; } = new List<string>();
        public bool HasMoreStreams { get; set; }
        public string NextToken { get; set; }
        public List<StreamSummary> StreamSummaries { get; set; }
    }

    public sealed class RetentionPeriodRequest
    {
        public string StreamName { get; set; }
        public int RetentionPeriodHours { get; set; }
    }

    public sealed class AddTagsToStreamRequest
    {
        public string StreamName { get; set; }
        public Dictionary<string, string> Tags { get; set; }
    }

    public sealed class ListTagsForStreamRequest
    {
        public string StreamName { get; set; }
        public string ExclusiveStartTagKey { get; set; }
    }

    public sealed class Tag
    {
        public string Key { get; set; }
        public string Value { get; set; }
    }

    public sealed class ListTagsForStreamResponse
    {
        public List<Tag> Tags { get; set; } = new List<Tag>();
        public bool HasMoreTags { get; set; }
    }

    public sealed class UpdateShardCountRequest
    {
        public string StreamName { get; set; }
        public int TargetShardCount { get; set; }
        public string ScalingType { get; set; } = "UNIFORM_SCALING";
    }

    public sealed class UpdateShardCountResponse
    {
        public string StreamName { get; set; }
        public int? CurrentShardCount { get; set; }
        public int? TargetShardCount { get; set; }
    }

    public sealed class UpdateStreamModeRequest
    {
        public string StreamARN { get; set; }
        public StreamModeDetails StreamModeDetails { get; set; }
    }

    public sealed class SplitShardRequest
    {
        public string StreamName { get; set; }
        public string ShardToSplit { get; set; }
        public string NewStartingHashKey { get; set; }
    }

    public sealed class MergeShardsRequest
    {
        public string StreamName { get; set; }
        public string ShardToMerge { get; set; }
        public string AdjacentShardToMerge { get; set; }
    }

    public sealed class PutRecordsRequestEntry
    {
        public byte[] Data { get; set; }
        public string ExplicitHashKey { get; set; }
        public string PartitionKey { get; set; }
    }

    public sealed class PutRecordsRequest
    {
        public List<PutRecordsRequestEntry> Records { get; set; }
        public string StreamName { get; set; }
    }

    public sealed class PutRecordsResultEntry
    {
        public string SequenceNumber { get; set; }
        public string ShardId { get; set; }
        public string ErrorCode { get; set; }
        public string ErrorMessage { get; set; }
    }

    public sealed class PutRecordsResponse
    {
        public int? FailedRecordCount { get; set; }
        public List<PutRecordsResultEntry> Records { get; set; } = new List<PutRecordsResultEntry>();
    }

    public sealed class ListShardsRequest
    {
        public string StreamName { get; set; }
        public string NextToken { get; set; }
        public int? MaxResults { get; set; }
    }

    public sealed class HashKeyRange
    {
        public string StartingHashKey { get; set; }
        public string EndingHashKey { get; set; }
    }

    public sealed class SequenceNumberRange
    {
        public string StartingSequenceNumber { get; set; }
        public string EndingSequenceNumber { get; set; }
    }

    public sealed class Shard
    {
        public string ShardId { get; set; }
        public string ParentShardId { get; set; }
        public string AdjacentParentShardId { get; set; }
        public HashKeyRange HashKeyRange { get; set; }
        public SequenceNumberRange SequenceNumberRange { get; set; }
    }

    public sealed class ListShardsResponse
    {
        public List<Shard> Shards { get; set; } = new List<Shard>();
        public string NextToken { get; set; }
    }

    public sealed class GetShardIteratorRequest
    {
        public string StreamName { get; set; }
        public string ShardId { get; set; }
        public string ShardIteratorType { get; set; }
        public string StartingSequenceNumber { get; set; }
        public DateTime? Timestamp { get; set; }
    }

    public sealed class GetShardIteratorResponse
    {
        public string ShardIterator { get; set; }
    }

    public sealed class GetRecordsRequest
    {
        public string ShardIterator { get; set; }
        public int? Limit { get; set; }
    }

    public sealed class Record
    {
        public string SequenceNumber { get; set; }
        public DateTime? ApproximateArrivalTimestamp { get; set; }
        public byte[] Data { get; set; }
        public string PartitionKey { get; set; }
    }

    public sealed class ChildShard
    {
        public string ShardId { get; set; }
        public List<string> ParentShards { get; set; }
    }

    public sealed class GetRecordsResponse
    {
        public List<Record> Records { get; set; } = new List<Record>();
        public string NextShardIterator { get; set; }
        public long? MillisBehindLatest { get; set; }
        public List<ChildShard> ChildShards { get; set; }
    }

    internal sealed class EmptyResponse
    {
    }
}
