using System;
using System.Collections.Generic;

// Request and reply shapes of the Lambda operations Alonzo uses (lambda 2015-03-31), named as in
// the service model so they serialise to the wire names without mapping.
namespace Alonzo.Aws.Lambda
{
    public sealed class FunctionCode
    {
        public byte[] ZipFile { get; set; }
        public string S3Bucket { get; set; }
        public string S3Key { get; set; }
        public string S3ObjectVersion { get; set; }
    }

    public sealed class EnvironmentSettings
    {
        public Dictionary<string, string> Variables { get; set; }
    }

    public sealed class EnvironmentError
    {
        public string ErrorCode { get; set; }
        public string Message { get; set; }
    }

    public sealed class EnvironmentResponse
    {
        public Dictionary<string, string> Variables { get; set; }
        public EnvironmentError Error { get; set; }
    }

    public sealed class CreateFunctionRequest
    {
        public string FunctionName { get; set; }
        public string Runtime { get; set; }
        public string Role { get; set; }
        public string Handler { get; set; }
        public FunctionCode Code { get; set; }
        public string Description { get; set; }
        public int? Timeout { get; set; }
        public int? MemorySize { get; set; }
        public bool? Publish { get; set; }
        public string PackageType { get; set; }
        public EnvironmentSettings Environment { get; set; }
        public Dictionary<string, string> Tags { get; set; }
        public List<string> Architectures { get; set; }
        public VpcConfig VpcConfig { get; set; }
    }

    /// <summary>The VPC a function's network interfaces go into. Empty lists take the function out of its VPC.</summary>
    public sealed class VpcConfig
    {
        public List<string> SubnetIds { get; set; }
        public List<string> SecurityGroupIds { get; set; }
    }

    public sealed class VpcConfigResponse
    {
        public List<string> SubnetIds { get; set; }
        public List<string> SecurityGroupIds { get; set; }
        public string VpcId { get; set; }
    }

    public sealed class UpdateFunctionCodeRequest
    {
        public byte[] ZipFile { get; set; }
        public string S3Bucket { get; set; }
        public string S3Key { get; set; }
        public bool? Publish { get; set; }
        public string RevisionId { get; set; }
        public List<string> Architectures { get; set; }
    }

    public sealed class UpdateFunctionConfigurationRequest
    {
        public string Role { get; set; }
        public string Handler { get; set; }
        public string Description { get; set; }
        public int? Timeout { get; set; }
        public int? MemorySize { get; set; }
        public EnvironmentSettings Environment { get; set; }
        public string Runtime { get; set; }
        public string RevisionId { get; set; }
        public VpcConfig VpcConfig { get; set; }
    }

    public sealed class FunctionConfiguration
    {
        public string FunctionName { get; set; }
        public string FunctionArn { get; set; }
        public string Runtime { get; set; }
        public string Role { get; set; }
        public string Handler { get; set; }
        public long CodeSize { get; set; }
        public string Description { get; set; }
        public int? Timeout { get; set; }
        public int? MemorySize { get; set; }
        public string LastModified { get; set; }
        public string CodeSha256 { get; set; }
        public string Version { get; set; }
        public EnvironmentResponse Environment { get; set; }
        public string RevisionId { get; set; }
        public string State { get; set; }
        public string StateReason { get; set; }
        public string StateReasonCode { get; set; }
        public string LastUpdateStatus { get; set; }
        public string LastUpdateStatusReason { get; set; }
        public string LastUpdateStatusReasonCode { get; set; }
        public string PackageType { get; set; }
        public List<string> Architectures { get; set; }
        public VpcConfigResponse VpcConfig { get; set; }
    }

    public sealed class FunctionCodeLocation
    {
        public string RepositoryType { get; set; }
        public string Location { get; set; }
    }

    public sealed class GetFunctionResponse
    {
        public FunctionConfiguration Configuration { get; set; }
        public FunctionCodeLocation Code { get; set; }
        public Dictionary<string, string> Tags { get; set; }
    }

    public sealed class ListFunctionsResponse
    {
        public string NextMarker { get; set; }
        public List<FunctionConfiguration> Functions { get; set; } = new List<FunctionConfiguration>();
    }

    public sealed class PublishVersionRequest
    {
        public string CodeSha256 { get; set; }
        public string Description { get; set; }
        public string RevisionId { get; set; }
    }

    public sealed class TagResourceRequest
    {
        public Dictionary<string, string> Tags { get; set; }
    }

    public sealed class ListTagsResponse
    {
        public Dictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    }

    public sealed class InvokeRequest
    {
        public string FunctionName { get; set; }
        /// <summary>RequestResponse, Event or DryRun.</summary>
        public string InvocationType { get; set; }
        /// <summary>None or Tail (the last 4 KB of the log, base64).</summary>
        public string LogType { get; set; }
        public string Qualifier { get; set; }
        public byte[] Payload { get; set; }
    }

    public sealed class InvokeResponse
    {
        public int StatusCode { get; set; }
        public string FunctionError { get; set; }
        public string LogResult { get; set; }
        public string ExecutedVersion { get; set; }
        public byte[] Payload { get; set; }
    }

    public sealed class OnFailureDestination
    {
        public string Destination { get; set; }
    }

    public sealed class DestinationConfig
    {
        public OnFailureDestination OnFailure { get; set; }
    }

    public sealed class CreateEventSourceMappingRequest
    {
        public string EventSourceArn { get; set; }
        public string FunctionName { get; set; }
        public bool? Enabled { get; set; }
        public int? BatchSize { get; set; }
        public int? MaximumBatchingWindowInSeconds { get; set; }
        public int? ParallelizationFactor { get; set; }
        public string StartingPosition { get; set; }
        public DateTime? StartingPositionTimestamp { get; set; }
        public DestinationConfig DestinationConfig { get; set; }
        public int? MaximumRecordAgeInSeconds { get; set; }
        public bool? BisectBatchOnFunctionError { get; set; }
        public int? MaximumRetryAttempts { get; set; }
    }

    public sealed class UpdateEventSourceMappingRequest
    {
        public string FunctionName { get; set; }
        public bool? Enabled { get; set; }
        public int? BatchSize { get; set; }
        public int? MaximumBatchingWindowInSeconds { get; set; }
        public int? ParallelizationFactor { get; set; }
        public DestinationConfig DestinationConfig { get; set; }
        public int? MaximumRecordAgeInSeconds { get; set; }
        public bool? BisectBatchOnFunctionError { get; set; }
        public int? MaximumRetryAttempts { get; set; }
    }

    public sealed class EventSourceMappingConfiguration
    {
        public string UUID { get; set; }
        public string StartingPosition { get; set; }
        public DateTime? StartingPositionTimestamp { get; set; }
        public int? BatchSize { get; set; }
        public int? MaximumBatchingWindowInSeconds { get; set; }
        public int? ParallelizationFactor { get; set; }
        public string EventSourceArn { get; set; }
        public string FunctionArn { get; set; }
        public DateTime? LastModified { get; set; }
        public string LastProcessingResult { get; set; }
        public string State { get; set; }
        public string StateTransitionReason { get; set; }
        public DestinationConfig DestinationConfig { get; set; }
        public int? MaximumRecordAgeInSeconds { get; set; }
        public bool? BisectBatchOnFunctionError { get; set; }
        public int? MaximumRetryAttempts { get; set; }
        public List<string> FunctionResponseTypes { get; set; }
        public string EventSourceMappingArn { get; set; }
    }

    public sealed class ListEventSourceMappingsResponse
    {
        public string NextMarker { get; set; }
        public List<EventSourceMappingConfiguration> EventSourceMappings { get; set; } = new List<EventSourceMappingConfiguration>();
    }

    internal sealed class EmptyReply
    {
    }
}
